/**
 * The 2-D FFT of a power-of-two matrix on the SIMD path, with one copy in and one out of the
 * module's memory: each row is copied into the row of the matrix whose index is its own
 * bit-reversed and transformed there in place (so the column pass starts from bit-reversed rows
 * without a permutation pass), then the columns by decimation in time (assembly/columns.ts) in
 * strips of up to 256 columns, then one copy out into the caller's arrays. The inverse's 1/size
 * rides on the row FFTs' stores (fftPow2Scaled) instead of a pass of its own.
 */
import { isPowerOfTwo } from '../fft';
import { reverseBits } from '../pow2';
import { pow2Plan } from './fft-simd';
import { countSimdCall, simdRuntime, simdThresholds } from './runtime';

/**
 * Bytes of a strip of the column pass (re + im, the whole height). Wide: a radix-4 stage loads
 * six twiddles per group of rows and then runs along the strip's width, so narrow strips pay that
 * (and a short loop) per few columns. At 1024² the column pass took 4.4–4.7 ms in strips of 32
 * columns (512 KiB, which stay in this machine's 1 MiB L2) and 3.4–4.0 ms in strips of 256 or the
 * whole width (bench/fft2d-ab.ts, docs/fft-performance.md "2-D"): the L2 did not matter, the loop
 * did. 4 MiB keeps a strip within a usual L3 slice. Exported for that bench.
 */
export const fft2dTuning = { stripBytes: 4 * 1024 * 1024 };

/** Columns per strip: stripBytes over the height, from one cache line (8) to 256 columns. */
export function fft2dStripColumns(height: number): number {
  return Math.max(8, Math.min(256, 2 ** Math.floor(Math.log2(fft2dTuning.stripBytes / (16 * height)))));
}

/** Doubles of padding after each row in the module's memory: one 64-byte cache line. */
const ROW_PAD = 8;

/**
 * numpy.fft.fft2 of a width × height row-major matrix (re, im) into (outRe, outIm), which may be
 * the same arrays (inverse: ifft2, divided by width·height when scaled). Reading the input while
 * it is copied into the module saves the allocating callers a copy of their own. False, with
 * nothing changed, when the SIMD path does not take it:
 * the path is off, a side is not a power of two ≥ 4, or the matrix is below the FFT threshold.
 */
export function simdFft2d(
  re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array,
  width: number, height: number, inverse: boolean, scaled: boolean,
): boolean {
  const rt = simdRuntime();
  const size = width * height;
  if (!rt || !isPowerOfTwo(width) || !isPowerOfTwo(height) || width < 4 || height < 4 || size < simdThresholds.fft) {
    return false;
  }
  const logW = Math.log2(width), logH = Math.log2(height);
  const rowPlan = pow2Plan(rt, logW), columnPlan = pow2Plan(rt, logH);
  if (!rowPlan || !columnPlan) return false;
  // ifft2(x) = swap(fft2(swap(x))), as in the 1-D kernels.
  const inR = inverse ? im : re, inI = inverse ? re : im;
  const toR = inverse ? outIm : outRe, toI = inverse ? outRe : outIm;
  // Rows a power-of-two number of bytes apart map onto the same few cache sets, and a column
  // butterfly touches four of them per plane: in memory each row is padded by one cache line.
  const pitch = width + ROW_PAD;
  const plane = pitch * height;
  const done = rt.heap.withScratch(16 * plane, (base) => {
    const mr = base, mi = base + 8 * plane;
    const k = rt.kernels;
    for (let y = 0; y < height; y++) {
      const f64 = rt.heap.f64, from = y * width, to = pitch * reverseBits(y, logH);
      f64.set(inR.subarray(from, from + width), mr / 8 + to);
      f64.set(inI.subarray(from, from + width), mi / 8 + to);
      // In place: from a one-row buffer into the matrix, the row pass took ~1 ms more at 1024².
      // The inverse's 1/(width·height), a power of two, is exact here as after the columns.
      const r = mr + 8 * to, i = mi + 8 * to;
      if (scaled) k.fftPow2Scaled(r, i, r, i, logW, rowPlan.tables, 1 / size);
      else k.fftPow2(r, i, r, i, logW, rowPlan.tables);
    }
    const rowBytes = 8 * width, strip = 8 * Math.min(width, fft2dStripColumns(height));
    for (let x0 = 0; x0 < rowBytes; x0 += strip) {
      k.ditColumns(mr, mi, 8 * pitch, logH, columnPlan.tables, x0, Math.min(rowBytes, x0 + strip));
    }
    const f64 = rt.heap.f64;
    for (let y = 0; y < height; y++) {
      const from = (mr / 8) + y * pitch, to = y * width;
      toR.set(f64.subarray(from, from + width), to);
      toI.set(f64.subarray(from + plane, from + plane + width), to);
    }
    return true;
  });
  if (done) countSimdCall('fft2d');
  return done === true;
}
