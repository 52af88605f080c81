/**
 * Part of the built CLI only (src-main/cli/built.ts): the engine, band and batch workers are
 * bundled beside the CLI in out/cli/, so every host, band pool and batch pool the CLI opens starts
 * from those files, not from TypeScript source through tsx. Imported first, before anything can
 * open a host.
 */
import { useBuiltWorkers } from '../host/entries';
import { useBuiltBatchWorker } from './batch-entry';

useBuiltWorkers({
  engine: new URL('./engine-worker.mjs', import.meta.url),
  band: new URL('./band-worker.mjs', import.meta.url),
});
useBuiltBatchWorker(new URL('./batch-worker.mjs', import.meta.url));
