/**
 * Convolab's WebAssembly SIMD kernels (AssemblyScript). Built to a .wasm by `npm run build:wasm`
 * (asconfig.json), embedded by src-main/dsp/build-wasm.mjs, loaded by ../runtime.ts. Every
 * export works on byte pointers into the module's memory, which the host lays out.
 */
export * from './fft';
export * from './fft-rader';
export * from './fft-mixed';

/** First byte the host may use (after the module's static data). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
export * from './convolve';
export * from './ct';
export * from './columns';
export * from './convolve3d';
export * from './unet3d';
export * from './image2d';
