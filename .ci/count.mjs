// Totals the suites of `npm test` into one line "N passed, M failed": the type check, the layer
// check and the lint count as one test each; vitest and Playwright report through their JSON files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, npmStatus] = process.argv.slice(2);
const log = readFileSync(join(dir, 'npm-test.log'), 'utf8');
let passed = 0;
let failed = 0;

// The stages run in order and stop at the first failure, so a stage that never ran counts as failed.
const typecheckRan = log.includes('> tsc -b');
const layersClean = /layers: clean/.test(log);
const vitestFile = join(dir, 'vitest.json');
const playwrightFile = join(dir, 'playwright.json');

if (typecheckRan && (layersClean || log.includes('bash ../shared/tools/check-layers.sh'))) passed++;
else failed++;
if (layersClean) passed++;
else failed++;
// The lint passed when the stage after it (vitest) started.
const lintRan = log.includes('> eslint .');
if (lintRan && log.includes('> vitest run')) passed++;
else failed++;

if (existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A test file that fails to load has no failed tests but is a failed suite.
  if ((report.numFailedTests ?? 0) === 0) failed += report.numFailedTestSuites ?? 0;
  if ((report.numTotalTests ?? 0) === 0) failed++;
} else failed++;

if (existsSync(playwrightFile)) {
  const report = JSON.parse(readFileSync(playwrightFile, 'utf8'));
  const stats = report.stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  if ((report.errors ?? []).length > 0) failed += report.errors.length;
  if ((stats.expected ?? 0) + (stats.unexpected ?? 0) + (stats.flaky ?? 0) === 0) failed++;
} else failed++;

if (npmStatus !== '0' && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && npmStatus === '0' ? 0 : 1);
