// Totals the suites of `npm test` into one line "N passed, M failed": the type check, the layer
// check and the lint count as one test each; vitest and Playwright report through their JSON files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, npmStatus] = process.argv.slice(2);
const log = readFileSync(join(dir, 'npm-test.log'), 'utf8');
let passed = 0;
let failed = 0;

// scripts/check.mjs ends each static check with "check: NAME passed|failed"; the stages after it
// run only when all passed, so a check that never reported counts as failed.
const vitestFile = join(dir, 'vitest.json');
const playwrightFile = join(dir, 'playwright.json');

for (const name of ['typecheck', 'layers', 'lint']) {
  if (log.includes(`check: ${name} passed`)) passed++;
  else failed++;
}

if (existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A test file that fails to load has no failed tests but is a failed suite.
  if ((report.numFailedTests ?? 0) === 0) failed += report.numFailedTestSuites ?? 0;
  if ((report.numTotalTests ?? 0) === 0) failed++;
} else failed++;

// The serve suite and the static web build's suite each write a Playwright report.
for (const [file, name] of [
  [playwrightFile, 'playwright.json'],
  [join(dir, 'playwright-web.json'), 'playwright-web.json'],
]) {
  if (!existsSync(file)) {
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const stats = report.stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  if ((stats.flaky ?? 0) > 0) console.log(`(${stats.flaky} end-to-end specs passed only on their retry: see test-results/${name})`);
  failed += stats.unexpected ?? 0;
  if ((report.errors ?? []).length > 0) failed += report.errors.length;
  if ((stats.expected ?? 0) + (stats.unexpected ?? 0) + (stats.flaky ?? 0) === 0) failed++;
}

if (npmStatus !== '0' && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && npmStatus === '0' ? 0 : 1);
