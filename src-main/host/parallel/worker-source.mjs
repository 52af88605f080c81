// Starts the DSP band worker from TypeScript source (tsx's loader does not reach worker
// threads by itself): bundled by esbuild, as ../source-bundle.mjs does for the engine worker.
// A bundled build passes its own worker URL instead.
import { importSource } from '../source-bundle.mjs';

await importSource(new URL('./worker.ts', import.meta.url));
