/**
 * The DSP kernels for the web build's workers (the engine's and the band workers): the
 * WebAssembly SIMD module (its relaxed SIMD build where the browser has that), once per worker;
 * without WebAssembly SIMD the plain TypeScript path computes. Whether they loaded is also `convolabSimd` on the worker's global, and which build
 * `convolabSimdModule` ('relaxed' or 'simd'), for the browser's developer tools (and the
 * end-to-end suite).
 */
import { initSimd, relaxedSimdSupported, simdModuleKind } from '../../../src-shared/dsp/simd/runtime';
import { base64ToBytes } from '../../../src-shared/io/base64';
import { dspWasmBase64, dspWasmRelaxedBase64 } from 'virtual:convolab-dsp-wasm';

let loaded: Promise<boolean> | undefined;

export function loadKernels(): Promise<boolean> {
  loaded ??= Promise.resolve().then(() => {
    // The build with relaxed SIMD (fused multiply-add in the 2-D kernels) where the browser has it.
    const active = (relaxedSimdSupported() && initSimd(base64ToBytes(dspWasmRelaxedBase64), 'relaxed')) || initSimd(base64ToBytes(dspWasmBase64));
    Object.assign(globalThis, { convolabSimd: active, convolabSimdModule: active ? simdModuleKind() : undefined });
    return active;
  });
  return loaded;
}
