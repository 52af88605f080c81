// Starts the DSP band worker from TypeScript source (tsx's loader does not reach worker
// threads by itself). A bundled build passes its own worker URL instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
