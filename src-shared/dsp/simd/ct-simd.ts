/**
 * Backprojection on the SIMD path: the rows of ../ct.ts's backprojectRows, computed by the
 * WebAssembly kernel in assembly/ct.ts (f64 accumulation, as the TypeScript path).
 */
import { countSimdCall, floatShift, simdRuntime, simdThresholds } from './runtime';

/** Rows [y0, y1) of the backprojection into out (size × size). False when not taken. */
export function simdBackprojectRows(
  sinogram: Float32Array, detectors: number, anglesDeg: Float64Array, size: number,
  y0: number, y1: number, out: Float32Array, onProgress?: (fraction: number) => void,
): boolean {
  const rt = simdRuntime();
  const views = anglesDeg.length, rows = y1 - y0;
  if (!rt || detectors < 2 || rows <= 0 || size * rows * views < simdThresholds.backproject) return false;
  const sinoBytes = 4 * views * detectors + 64, angleBytes = 8 * views + 64, accBytes = 8 * (size + 2) + 64;
  // The sinogram and the band each go one float on when that puts them as a shared sinogram or
  // output lies modulo 8 bytes (floatShift: V8 copies a shared array 4–5× slower otherwise);
  // sinoBytes has room, the band has its float to spare.
  const done = rt.heap.withScratch(sinoBytes + 2 * angleBytes + accBytes + 4 * rows * size + 4, (base) => {
    const sino = base + 4 * floatShift(sinogram, 0, base / 4), cosines = base + sinoBytes, sines = cosines + angleBytes, acc = sines + angleBytes;
    const band = acc + accBytes + 4 * floatShift(out, y0 * size, (acc + accBytes) / 4);
    rt.heap.f32.set(sinogram, sino / 4);
    const f64 = rt.heap.f64;
    for (let v = 0; v < views; v++) {
      const theta = (anglesDeg[v] * Math.PI) / 180;
      f64[cosines / 8 + v] = Math.cos(theta);
      f64[sines / 8 + v] = Math.sin(theta);
    }
    const scale = Math.PI / (2 * views);
    for (let r0 = y0; r0 < y1; r0 += 16) {
      const r1 = Math.min(y1, r0 + 16);
      rt.kernels.backprojectRows(sino, detectors, cosines, sines, views, size, r0, r1, acc, band + 4 * (r0 - y0) * size, scale);
      if (onProgress) onProgress((r1 - y0) / rows);
    }
    out.set(rt.heap.f32.subarray(band / 4, band / 4 + rows * size), y0 * size);
    return true;
  });
  if (done) countSimdCall('backproject');
  return done === true;
}
