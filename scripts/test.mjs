// `npm test`: every suite, with the work that does not depend on each other overlapped.
//
// Side by side: the static checks (scripts/check.mjs: tsc -b, the layer rule, ESLint), the unit
// suite (vitest), and the build (the renderer, then the CLI) followed at once by the end-to-end
// suite (Playwright) against it; the static web build's own end-to-end suite once one of the unit
// and end-to-end suites is done. Each suite spends part of its time waiting on what its tests
// start (engine workers, child processes, servers, a browser); run together they fill each
// other's waits.
//
// vitest's and Playwright's output stream as they run (their lines carry their own marks: a
// vitest project name, a spec file); the checks' and the build's are printed whole when they end
// (the checks' "check: NAME passed|failed" lines are what .ci/count.mjs reads). Every stage ends
// with a line "test: STAGE passed|failed in N s". The end-to-end suite runs even when a unit test
// fails, so one run tells everything; it is skipped only when the build failed. The exit status
// is 1 when any stage failed.
import { spawn } from 'node:child_process';

const windows = process.platform === 'win32';
const npx = windows ? 'npx.cmd' : 'npx';

function run(name, command, args, { stream }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: windows });
    const take = (target) => (chunk) => (stream ? target.write(chunk) : chunks.push(chunk));
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    const finish = (passed, extra = '') => {
      if (!stream) process.stdout.write(Buffer.concat(chunks).toString('utf8') + extra);
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`test: ${name} ${passed ? 'passed' : 'failed'} in ${seconds} s\n`);
      resolve(passed);
    };
    child.on('error', (error) => finish(false, `${error.message}\n`));
    child.on('close', (code) => finish(code === 0));
  });
}

const started = Date.now();
const checksRun = run('checks', process.execPath, ['scripts/check.mjs'], { stream: false });
const unitRun = run('unit', npx, ['vitest', 'run'], { stream: true });
// The renderer, then the CLI with its workers (the suite's server starts each page's engine from them).
const buildRun = run('build', npx, ['electron-vite', 'build'], { stream: false }).then(
  (built) => built && run('build-cli', process.execPath, ['scripts/build-cli.mjs'], { stream: false }),
);
// The end-to-end suite starts as soon as its build is there, beside the unit suite rather than
// after it: each alone leaves a core idle part of the time (waiting on a browser, on servers and
// child processes), and together they keep both busy.
const e2eRun = buildRun.then((built) => (built ? run('e2e', npx, ['playwright', 'test'], { stream: true }) : false));
// The static web build is made while the serve suite runs (its browser and server mostly wait).
// Its own suite (test/e2e-web: out/web/ from a plain static server) takes the place of whichever
// of the unit and serve suites ends first, so two suites at most share the cores at any time:
// run after the serve suite, as it once was, it added its ~90 s to the end of CI while the cores
// the unit suite had left stood half idle.
const webBuildRun = buildRun.then(() => run('build-web', npx, ['vite', 'build', '--config', 'web.vite.config.ts'], { stream: false }));
const webE2eRun = Promise.all([webBuildRun, Promise.race([unitRun, e2eRun])]).then(([built]) =>
  built ? run('e2e-web', npx, ['playwright', 'test', '-c', 'test/e2e-web/playwright.config.ts'], { stream: true }) : false,
);
const [checks, unit, build, e2e, webBuild, webE2e] = await Promise.all([checksRun, unitRun, buildRun, e2eRun, webBuildRun, webE2eRun]);
if (!build) process.stdout.write('test: e2e skipped: the renderer did not build\n');
if (!webBuild) process.stdout.write('test: e2e-web skipped: the web build failed\n');
const passed = checks && unit && e2e && webE2e;
process.stdout.write(`test: all stages ${passed ? 'passed' : 'failed'} in ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exit(passed ? 0 : 1);
