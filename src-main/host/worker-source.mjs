// Starts the engine worker from TypeScript source (the CLI in development and the tests run
// under tsx, whose loader does not reach worker threads by itself): bundled in memory by
// esbuild, not compiled through tsx in the thread (source-bundle.mjs says why). The Electron
// build and the built CLI bundle worker.ts ahead of time and never load this file.
import { importSource } from './source-bundle.mjs';

await importSource(new URL('./worker.ts', import.meta.url));
