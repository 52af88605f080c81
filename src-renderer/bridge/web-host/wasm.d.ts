/**
 * The DSP kernels' bytes for the web build's engine worker. The web build's config
 * (web.vite.config.ts) resolves this module to the generated one beside the Node loader
 * (src-main/dsp/dsp-wasm.generated.js), so the page's code names no other layer.
 */
declare module 'virtual:convolab-dsp-wasm' {
  /** The .wasm bytes, base64. */
  export const dspWasmBase64: string;
  /** The same kernels built with relaxed SIMD too, base64. */
  export const dspWasmRelaxedBase64: string;
}
