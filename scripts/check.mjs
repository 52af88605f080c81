// The static checks of `npm test`, side by side: the type check of every layer (tsc -b), the
// layer rule (../shared/tools/check-layers.sh) and ESLint. Each is single-threaded, so on a
// machine with two or more cores running them at once takes the time of the slowest, not the sum.
// Each one's output is printed whole after it ends, then a line "check: NAME passed|failed"
// (.ci/count.mjs reads those); the exit status is 1 when any failed.
import { spawn } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const checks = [
  { name: 'typecheck', command: npx, args: ['tsc', '-b'] },
  { name: 'layers', command: 'bash', args: ['../shared/tools/check-layers.sh', '.'] },
  { name: 'lint', command: npx, args: ['eslint', '.'] },
];

function run({ name, command, args }) {
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => resolve({ name, command: [command, ...args].join(' '), output: `${error.message}\n`, passed: false }));
    child.on('close', (code) => resolve({ name, command: [command, ...args].join(' '), output: Buffer.concat(chunks).toString('utf8'), passed: code === 0 }));
  });
}

const results = await Promise.all(checks.map(run));
for (const { name, command, output, passed } of results) {
  process.stdout.write(`\n> ${command}\n${output}`);
  process.stdout.write(`check: ${name} ${passed ? 'passed' : 'failed'}\n`);
}
process.exit(results.every((result) => result.passed) ? 0 : 1);
