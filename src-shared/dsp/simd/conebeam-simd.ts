/**
 * Cone-beam projection on the SIMD path: the views of ../conebeam.ts's conebeamViews, one at a
 * time through the WebAssembly kernel in assembly/ct.ts (conebeamView: the same samples in the
 * same order, f64 sums, so both paths agree to f32 rounding).
 */
import type { ConeBeamGeometry } from '../conebeam';
import type { VolumeGrid } from '../volume';
import { align, countSimdCall, floatShift, simdRuntime, simdThresholds } from './runtime';

/** Views [view0, view1) into out (the whole views × V × U array). False when not taken. */
export function simdConebeamViews(
  padded: Float32Array, grid: VolumeGrid, geometry: ConeBeamGeometry, angles: Float64Array,
  view0: number, view1: number, out: Float32Array, onProgress?: (fraction: number) => void,
): boolean {
  const rt = simdRuntime();
  const { sod, sdd, du, dv, U, V } = geometry;
  const { width: W, height: H, depth: D } = grid;
  const count = view1 - view0;
  if (!rt || count <= 0 || count * U * V * Math.max(W, H, D) < simdThresholds.conebeam) return false;
  // The kernel reads up to one value past a line along z, so the volume has 16 bytes of zeros after it.
  // The volume and each view's image go one float on when that puts them as a shared volume or
  // output lies modulo 8 bytes (floatShift: V8 copies a shared array 4–5× slower otherwise), so
  // each has a float to spare.
  const volumeBytes = align(4 * padded.length + 20, 64), lineBytes = align(8 * (D + 4), 64), sumBytes = align(8 * (V + 2), 64);
  const done = rt.heap.withScratch(volumeBytes + lineBytes + sumBytes + 4 * U * V + 4, (base) => {
    const volume = base + 4 * floatShift(padded, 0, base / 4), line = base + volumeBytes, sums = line + lineBytes, images = sums + sumBytes;
    const f32 = rt.heap.f32;
    f32.set(padded, volume / 4);
    f32.fill(0, volume / 4 + padded.length, volume / 4 + padded.length + 4);
    for (let view = view0; view < view1; view++) {
      const theta = (angles[view]! * Math.PI) / 180;
      const image = images + 4 * floatShift(out, view * U * V, images / 4);
      rt.kernels.conebeamView(volume, W, H, D, Math.cos(theta), Math.sin(theta), sod, sdd, du, dv, U, V, line, sums, image);
      out.set(rt.heap.f32.subarray(image / 4, image / 4 + U * V), view * U * V);
      if (onProgress) onProgress((view - view0 + 1) / count);
    }
    return true;
  });
  if (done) countSimdCall('conebeam');
  return done === true;
}
