/**
 * |H| of a small 3-D kernel (a U-Net's learned 3×3×3 filter): its DFT zero-padded to size³ and
 * centred on every axis, the 3-D counterpart of the kernel inspector's 2-D response.
 */
import { fft } from './fft';
import { fft2dInPlace } from './fft2d';

/**
 * |DFT| of a width × height × depth kernel (planar z, y, x) zero-padded to size³; entry
 * (z, y, x) sits at frequency ((x, y, z) − floor(size/2)) / size cycles per sample, so the
 * middle voxel is DC.
 */
export function response3d(kernel: ArrayLike<number>, width: number, height: number, depth: number, size: number): Float32Array {
  const plane = size * size;
  const re = new Float64Array(plane * size);
  const im = new Float64Array(plane * size);
  for (let z = 0; z < Math.min(depth, size); z++) {
    for (let y = 0; y < Math.min(height, size); y++) {
      for (let x = 0; x < Math.min(width, size); x++) re[z * plane + y * size + x] = kernel[(z * height + y) * width + x]!;
    }
  }
  // Each z plane in 2-D, then each (x, y) column along z.
  for (let z = 0; z < size; z++) fft2dInPlace(re.subarray(z * plane, (z + 1) * plane), im.subarray(z * plane, (z + 1) * plane), size, size, false);
  const columnRe = new Float64Array(size);
  const columnIm = new Float64Array(size);
  const out = new Float32Array(plane * size);
  const middle = Math.floor(size / 2);
  for (let at = 0; at < plane; at++) {
    for (let z = 0; z < size; z++) {
      columnRe[z] = re[z * plane + at]!;
      columnIm[z] = im[z * plane + at]!;
    }
    const column = fft(columnRe, columnIm);
    const u = at % size, v = Math.floor(at / size);
    const x = (u + middle) % size, y = (v + middle) % size;
    for (let w = 0; w < size; w++) out[((w + middle) % size) * plane + y * size + x] = Math.hypot(column.re[w]!, column.im[w]!);
  }
  return out;
}
