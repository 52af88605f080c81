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

/** Box-average downscale by a whole factor, so every shown pixel is an honest mean. */
export function downscalePlanes(
  read: (index: number) => number,
  width: number,
  height: number,
  channels: number,
  factor: number,
): { data: Float32Array; width: number; height: number } {
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const out = new Float32Array(w * h * channels);
  for (let c = 0; c < channels; c++) {
    const plane = c * width * height;
    for (let ty = 0; ty < h; ty++) {
      const y1 = Math.min(height, (ty + 1) * factor);
      for (let tx = 0; tx < w; tx++) {
        const x1 = Math.min(width, (tx + 1) * factor);
        let sum = 0;
        let count = 0;
        for (let y = ty * factor; y < y1; y++) {
          for (let x = tx * factor; x < x1; x++) {
            sum += read(plane + y * width + x);
            count++;
          }
        }
        out[c * w * h + ty * w + tx] = sum / count;
      }
    }
  }
  return { data: out, width: w, height: h };
}
