/**
 * @echogarden/pffft-wasm ships an Emscripten factory without type declarations; the bench uses
 * only the exported C functions and the heap views, so this declares just those.
 */
declare module '@echogarden/pffft-wasm/simd' {
  export interface PffftModule {
    HEAPF32: Float32Array;
    _pffft_new_setup(n: number, complex: 0 | 1): number;
    _pffft_destroy_setup(setup: number): void;
    _pffft_aligned_malloc(bytes: number): number;
    _pffft_aligned_free(pointer: number): void;
    _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: 0 | 1): void;
  }
  export default function createPffft(): Promise<PffftModule>;
}
