// Starts the engine worker from TypeScript source (the CLI and `convolab serve` run under tsx,
// whose loader does not reach worker threads by itself). The Electron build bundles worker.ts
// instead and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
