/**
 * 2-D DFT of row-major complex data (index y·width + x), numpy.fft.fft2's convention:
 * forward unscaled, inverse divided by width·height. Rows are transformed in place in the output,
 * then columns are gathered a few at a time into contiguous scratch (so each cache line of the
 * matrix is read once per block, not once per column), transformed, and scattered back. Power-of-
 * two sides take the SIMD path (simd/fft2d-simd.ts) when it is on.
 */
import { allocFloat64 } from './buffer-pool';
import { type ComplexArray, type FftPlan, isPowerOfTwo, planFft } from './fft';
import { COLUMN_BATCH, transformColumnBatches } from './pow2';
import { simdFft2d } from './simd/fft2d-simd';

/** Columns moved per block: 8 doubles = one 64-byte cache line per row and array. */
const COLUMN_BLOCK = 8;

/**
 * numpy.fft.fft2 of a width × height row-major array; the inputs are left as they are. The result
 * goes into `out` when given (re and im of width·height each; they may be `re` and `im`
 * themselves, to transform in place), else into new arrays, from the engine's buffer pool when
 * one is installed: a fresh 1024² result is 16 MB of pages the system must fault in
 * (docs/fft-performance.md, "2-D"), which costs more than the transform.
 */
export function fft2d(re: Float64Array, im: Float64Array, width: number, height: number, out?: ComplexArray): ComplexArray {
  return transform2d(re, im, width, height, false, out);
}

/** numpy.fft.ifft2: inverse 2-D DFT, divided by width·height; `out` as for fft2d. */
export function ifft2d(re: Float64Array, im: Float64Array, width: number, height: number, out?: ComplexArray): ComplexArray {
  return transform2d(re, im, width, height, true, out);
}

function transform2d(
  re: Float64Array, im: Float64Array, width: number, height: number, inverse: boolean, given: ComplexArray | undefined,
): ComplexArray {
  const size = width * height;
  const name = inverse ? 'inverse 2-D FFT' : '2-D FFT';
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`${name}: width and height must be integers ≥ 0, got ${width} × ${height}`);
  }
  if (re.length !== size || im.length !== size) {
    throw new RangeError(`${name}: ${width} × ${height} needs ${size} elements, got ${re.length} and ${im.length}`);
  }
  if (given && (given.re.length !== size || given.im.length !== size)) {
    throw new RangeError(`${name}: out must hold ${size} elements in re and in im (${width} × ${height}), got ${given.re.length} and ${given.im.length}`);
  }
  const out = given ?? { re: allocFloat64(size), im: allocFloat64(size) };
  if (size === 0) return out;
  if (simdFft2d(re, im, out.re, out.im, width, height, inverse, inverse)) return out;
  if (out.re !== re) out.re.set(re);
  if (out.im !== im) out.im.set(im);
  fft2dInPlace(out.re, out.im, width, height, inverse);
  return out;
}

/**
 * In-place 2-D transform of a width × height row-major array; inverse divides by width·height.
 * Exposed for callers that own their buffers (2-D convolution).
 */
export function fft2dInPlace(re: Float64Array, im: Float64Array, width: number, height: number, inverse: boolean): void {
  if (simdFft2d(re, im, re, im, width, height, inverse, inverse)) return;
  const rowPlan = planFft(width);
  for (let y = 0; y < height; y++) {
    const r = re.subarray(y * width, (y + 1) * width), i = im.subarray(y * width, (y + 1) * width);
    if (inverse) rowPlan.inverseUnscaled(r, i, r, i);
    else rowPlan.forward(r, i, r, i);
  }
  transformColumns(re, im, width, height, 0, width, planFft(height), inverse);
  if (inverse) {
    const s = 1 / (width * height);
    for (let k = 0; k < re.length; k++) {
      re[k] *= s;
      im[k] *= s;
    }
  }
}

/**
 * Transforms columns [x0, x1) of a row-major matrix in place (unscaled in both directions).
 * Used by the real 2-D transforms too, which have width/2 + 1 complex columns.
 */
export function transformColumns(
  re: Float64Array, im: Float64Array, width: number, height: number, x0: number, x1: number,
  plan: FftPlan, inverse: boolean,
): void {
  if (isPowerOfTwo(height) && height >= 16) {
    // Whole batches of adjacent columns straight from the matrix (pow2.ts); the rest below.
    const batched = x0 + Math.floor((x1 - x0) / COLUMN_BATCH) * COLUMN_BATCH;
    transformColumnBatches(re, im, width, height, x0, batched, inverse);
    x0 = batched;
    if (x0 >= x1) return;
  }
  const bufR = new Float64Array(COLUMN_BLOCK * height);
  const bufI = new Float64Array(COLUMN_BLOCK * height);
  for (let xb = x0; xb < x1; xb += COLUMN_BLOCK) {
    const count = Math.min(COLUMN_BLOCK, x1 - xb);
    for (let y = 0; y < height; y++) {
      const row = y * width + xb;
      for (let c = 0; c < count; c++) {
        bufR[c * height + y] = re[row + c];
        bufI[c * height + y] = im[row + c];
      }
    }
    for (let c = 0; c < count; c++) {
      const r = bufR.subarray(c * height, (c + 1) * height), i = bufI.subarray(c * height, (c + 1) * height);
      if (inverse) plan.inverseUnscaled(r, i, r, i);
      else plan.forward(r, i, r, i);
    }
    for (let y = 0; y < height; y++) {
      const row = y * width + xb;
      for (let c = 0; c < count; c++) {
        re[row + c] = bufR[c * height + y];
        im[row + c] = bufI[c * height + y];
      }
    }
  }
}
