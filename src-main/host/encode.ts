/**
 * How arrays cross to the renderer (protocol.ts): base64 of little-endian bytes, long signals
 * strided and large images box-downscaled, so no message carries more than a view can show.
 */

// The one base64 codec of every layer; kept under this name for the worker and the analyses.
export { floatsToBase64 as base64 } from '../../src-shared/io/base64';

export function strided(data: Float64Array, step: number): Float64Array {
  if (step === 1) return data;
  const out = new Float64Array(Math.ceil(data.length / step));
  for (let i = 0; i < out.length; i++) out[i] = data[i * step]!;
  return out;
}
