/**
 * How arrays cross to the renderer (protocol.ts): typed arrays on buffers of their own
 * (ownBuffer), long signals strided and large images box-downscaled, so no message carries more
 * than a view can show.
 */

export { ownBuffer } from '../../src-shared/protocol-codec';

export function strided(data: Float64Array, step: number): Float64Array {
  if (step === 1) return data;
  const out = new Float64Array(Math.ceil(data.length / step));
  for (let i = 0; i < out.length; i++) out[i] = data[i * step]!;
  return out;
}
