/**
 * FDK's backprojection on the SIMD path: the y planes of ../fdk.ts's backprojectFdkRows, each
 * summed by the WebAssembly kernel in assembly/ct.ts (fdkPlane: the same samples, f64 sums, the
 * two detector columns blended before the interpolation along them, so both paths agree to f32
 * rounding) and scaled into the volume here.
 */
import type { ConeBeamGeometry } from '../conebeam';
import type { VolumeGrid } from '../volume';
import { align, countSimdCall, floatShift, simdRuntime, simdThresholds } from './runtime';

/** Planes [y0, y1) into out (the whole width × height × depth volume). False when not taken. */
export function simdBackprojectFdkRows(
  filtered: Float32Array, geometry: ConeBeamGeometry, cosines: Float64Array, sines: Float64Array, grid: VolumeGrid,
  y0: number, y1: number, out: Float32Array, scale: number, onProgress?: (fraction: number) => void,
): boolean {
  const rt = simdRuntime();
  const { sod, sdd, du, dv, U, V, views } = geometry;
  const { width: W, height: H, depth: D } = grid;
  const rows = y1 - y0;
  if (!rt || rows <= 0 || rows * W * D * views < simdThresholds.fdk) return false;
  // The projections go one float on when that puts them as a shared array lies modulo 8 bytes
  // (floatShift: V8 copies a shared array 4–5× slower otherwise), so they have a float to spare.
  const filteredBytes = align(4 * filtered.length + 20, 64), angleBytes = align(8 * views, 64), lineBytes = align(8 * (V + 4), 64);
  const done = rt.heap.withScratch(filteredBytes + 2 * angleBytes + lineBytes + 8 * W * D, (base) => {
    const input = base + 4 * floatShift(filtered, 0, base / 4), cosineAt = base + filteredBytes, sineAt = cosineAt + angleBytes, line = sineAt + angleBytes, acc = line + lineBytes;
    rt.heap.f32.set(filtered, input / 4);
    rt.heap.f64.set(cosines, cosineAt / 8);
    rt.heap.f64.set(sines, sineAt / 8);
    const cy = (H - 1) / 2;
    for (let y = y0; y < y1; y++) {
      rt.kernels.fdkPlane(input, U, V, views, cosineAt, sineAt, sod, sdd, du, dv, W, D, y - cy, line, acc);
      // Read the view after the call: the memory may have grown.
      const sums = rt.heap.f64, first = acc / 8;
      for (let x = 0; x < W; x++) {
        const row = first + x * D;
        for (let z = 0; z < D; z++) out[(z * H + y) * W + x] = sums[row + z]! * scale;
      }
      if (onProgress) onProgress((y - y0 + 1) / rows);
    }
    return true;
  });
  if (done) countSimdCall('fdk');
  return done === true;
}
