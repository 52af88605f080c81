/**
 * Starts `convolab serve`'s server for the end-to-end suite with the fixed test token, serving
 * a scratch folder, exactly as the CLI would (same web server, same engine host and worker, same
 * files service over the folder).
 *
 * The folder is `servedFolder(port)` (made afresh, with a few graph files to open) unless
 * CONVOLAB_E2E_FOLDER names one to keep; recent files and backups go to CONVOLAB_STATE_DIR, else
 * next to the folder. The examples gallery's first start is marked as done, so it does not cover
 * other tests, unless CONVOLAB_E2E_FIRST_START=1. CONVOLAB_MEMORY gives each page's engine its
 * budget, as it does `convolab serve`'s. SIGUSR2 kills the engine worker at the next
 * node it starts (a test-only fault, below).
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBuiltWorkers } from '../../src-main/host/entries';
import { machineMemory, memoryFromEnvironment } from '../../src-main/host/memory-limit';
import { startWebServer } from '../../src-main/web/server';
import { servedSessions } from '../../src-main/web/sessions';
import { E2E_TOKEN, servedFolder } from './served';

const port = Number(process.argv[2] ?? 5179);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

let folder = process.env.CONVOLAB_E2E_FOLDER;
if (!folder) {
  folder = servedFolder(port);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'more'), { recursive: true });
  copyFileSync(here('../../examples/two-dice.convolab.json'), join(folder, 'two-dice.convolab.json'));
  copyFileSync(here('../../examples/polynomial-multiplication.convolab.json'), join(folder, 'more', 'polynomial-multiplication.convolab.json'));
  copyFileSync(here('./files/broken.convolab.json'), join(folder, 'broken.convolab.json'));
  copyFileSync(here('./files/hostile.convolab.json'), join(folder, 'hostile.convolab.json'));
  writeFileSync(join(folder, 'notes.txt'), 'not a graph\n');
}
const stateDir = process.env.CONVOLAB_STATE_DIR ?? `${folder}-state`;
if (!process.env.CONVOLAB_STATE_DIR) rmSync(stateDir, { recursive: true, force: true });
if (process.env.CONVOLAB_E2E_FIRST_START !== '1') {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, 'welcomed'), 'marked by the end-to-end server\n');
}

// Each page's engine starts from the built CLI's workers (out/cli, made with the renderer by
// `npm test` and `npm run test:e2e`), as `convolab serve` from an install does: what users run,
// and a second less per page than compiling the engine's TypeScript again in every new worker.
const builtEngine = here('../../out/cli/engine-worker.mjs');
if (existsSync(builtEngine)) useBuiltWorkers({ engine: builtEngine, band: here('../../out/cli/band-worker.mjs') });

let killArmed = false;
// CONVOLAB_MEMORY: each page's engine's budget, as `convolab serve` reads it.
const memoryLimit = memoryFromEnvironment(process.env, machineMemory());

// One engine and files service per page, as `convolab serve` opens them.
const openSession = servedSessions({
  folder,
  stateDir,
  version: 'test',
  ...(memoryLimit !== undefined ? { memoryLimit } : {}),
  onHost: (host) =>
    host.onEvent((event) => {
      if (!killArmed || event.kind !== 'nodeStart') return;
      killArmed = false;
      host.killWorkerForTest();
      process.stdout.write(`killed the engine worker while node ${event.id} ran\n`);
    }),
});
const server = await startWebServer({
  rendererDir: here('../../out/renderer'),
  openSession,
  port,
  token: E2E_TOKEN,
});
process.stdout.write(`serving ${folder} at ${server.url}\n`);

// A fault for the end-to-end suite only (never in `convolab serve`): SIGUSR2 arms a kill of the
// engine worker at the next node it starts, so that the worker dies in the middle of a run and a
// test can see the editor report it and the host replace the worker (faults.spec.ts).
process.on('SIGUSR2', () => {
  killArmed = true;
  process.stdout.write('armed: the engine worker dies at the next node it starts\n');
});
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
