// Starts a batch run's worker from TypeScript source (the CLI run through tsx, the tests): bundled
// by esbuild as ../host/source-bundle.mjs does for the engine worker. The built CLI bundles
// batch-worker.ts ahead of time (scripts/build-cli.mjs) and never loads this file.
import { importSource } from '../host/source-bundle.mjs';

await importSource(new URL('./batch-worker.ts', import.meta.url));
