/**
 * Part of the built CLI only (src-main/cli/built.ts): the engine and band workers are bundled
 * beside the CLI in out/cli/, so every host and band pool the CLI opens starts from those files,
 * not from TypeScript source through tsx. Imported first, before anything can open a host.
 */
import { useBuiltWorkers } from '../host/entries';

useBuiltWorkers({
  engine: new URL('./engine-worker.mjs', import.meta.url),
  band: new URL('./band-worker.mjs', import.meta.url),
});
