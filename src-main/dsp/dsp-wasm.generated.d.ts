/** The module src-main/dsp/build-wasm.ts generates (gitignored; built by `npm install`). */
/** sha256 of the AssemblyScript sources the embedded module was built from. */
export declare const dspWasmSourceHash: string;
/** The .wasm bytes, base64: plain WebAssembly SIMD. */
export declare const dspWasmBase64: string;
/** The same sources built with relaxed SIMD too (fused multiply-add in the 2-D kernels), base64. */
export declare const dspWasmRelaxedBase64: string;
