/**
 * 2-D convolution of single-channel Float32Array images (row-major, index y·width + x) with a
 * Float64Array kernel (row-major, kernelWidth × kernelHeight). Callers loop over channels.
 *
 * Convolution is true convolution, out(p) = Σ_j k[j] · in(p − (j − origin)): kernel pixel
 * (kx, ky) sits at coordinate (kx − originX, ky − originY). The default origin is
 * (floor((kw − 1)/2), floor((kh − 1)/2)) — the centre for odd sizes, which is what
 * scipy.signal.convolve2d's 'same' uses for even sizes too. (scipy.ndimage.convolve centres an
 * even kernel at floor(k/2) instead: pass kernelOriginX = floor(kw/2) to reproduce it.)
 *
 * Modes: 'full' is (w + kw − 1) × (h + kh − 1) with output pixel (0, 0) at input coordinate
 * (−originX, −originY); 'same' is w × h aligned with the input; 'valid' keeps the
 * (w − kw + 1) × (h − kh + 1) pixels whose whole kernel footprint lies inside the image (empty
 * when the kernel is larger). The result's offsetX/offsetY say where output pixel (0, 0) sits
 * relative to input pixel (0, 0), so the graph's origin is input origin − offset (full gives
 * origin a + origin b, as NODES.md says).
 *
 * Boundary modes extend the image as scipy.ndimage does: 'zero' (constant 0), 'reflect'
 * (d c b a | a b c d | d c b a), 'nearest' (a a | a b c d | d d), 'wrap' (periodic). 'same'
 * with a centred odd kernel equals scipy.ndimage.convolve(mode = constant/reflect/nearest/wrap);
 * 'full'/'valid' with 'zero' equal scipy.signal.convolve2d (with 'reflect'/'wrap', full equals
 * convolve2d's boundary='symm'/'wrap').
 *
 * Methods: 'direct' sums in f64 per output row; 'separable' detects a rank-1 kernel
 * (Gaussian, box, Sobel) k = u·vᵀ and runs a horizontal pass into f32 rows, then a vertical one
 * accumulated in f64; 'fft' builds the extended block in f64 and does one real 2-D FFT
 * convolution of a fast size; 'auto' picks by a cost model. Every path works on a band of
 * output rows [y0, y1) (convolve2dRows), so bands can run on several threads.
 */
import { isPowerOfTwo, nextFastLength, nextPowerOfTwo, planFft, planRealFft } from './fft';
import { transformColumns } from './fft2d';
import { simdChooseConvolve2dMethod, simdConvolve2dBand } from './simd/convolve2d-simd';

export type Convolve2dMethod = 'auto' | 'direct' | 'separable' | 'fft';
export type Convolve2dMode = 'full' | 'same' | 'valid';
export type BoundaryMode = 'zero' | 'reflect' | 'nearest' | 'wrap';

export interface Convolve2dOptions {
  method?: Convolve2dMethod;
  mode?: Convolve2dMode;
  boundary?: BoundaryMode;
  /** Kernel column at coordinate 0 (default floor((kernelWidth − 1)/2)). */
  kernelOriginX?: number;
  /** Kernel row at coordinate 0 (default floor((kernelHeight − 1)/2)). */
  kernelOriginY?: number;
  /** Called now and then with the fraction done (0..1); may throw to cancel. */
  onProgress?: (fraction: number) => void;
}

export interface Convolve2dResult {
  data: Float32Array;
  width: number;
  height: number;
  /** Input x coordinate of output pixel (0, 0) (e.g. −originX for 'full', 0 for 'same'). */
  offsetX: number;
  offsetY: number;
}

export interface Convolve2dGeometry {
  width: number;
  height: number;
  offsetX: number;
  offsetY: number;
  originX: number;
  originY: number;
}

/** Output size and placement of convolve2d for these inputs and options. */
export function convolve2dGeometry(
  width: number, height: number, kernelWidth: number, kernelHeight: number, options: Convolve2dOptions = {},
): Convolve2dGeometry {
  const mode = options.mode ?? 'full';
  const originX = options.kernelOriginX ?? Math.floor((kernelWidth - 1) / 2);
  const originY = options.kernelOriginY ?? Math.floor((kernelHeight - 1) / 2);
  if (!Number.isInteger(originX) || !Number.isInteger(originY)) {
    throw new RangeError(`convolve2d: kernel origin must be integers, got (${originX}, ${originY})`);
  }
  const empty = width === 0 || height === 0 || kernelWidth === 0 || kernelHeight === 0;
  switch (mode) {
    case 'full':
      return {
        width: empty ? 0 : width + kernelWidth - 1, height: empty ? 0 : height + kernelHeight - 1,
        offsetX: -originX, offsetY: -originY, originX, originY,
      };
    case 'same':
      return { width, height, offsetX: 0, offsetY: 0, originX, originY };
    case 'valid':
      return {
        width: empty ? 0 : Math.max(0, width - kernelWidth + 1), height: empty ? 0 : Math.max(0, height - kernelHeight + 1),
        offsetX: kernelWidth - 1 - originX, offsetY: kernelHeight - 1 - originY, originX, originY,
      };
  }
}

/** 2-D convolution on one thread; see the module comment. */
export function convolve2d(
  image: Float32Array, width: number, height: number,
  kernel: Float64Array, kernelWidth: number, kernelHeight: number, options: Convolve2dOptions = {},
): Convolve2dResult {
  checkInputs(image, width, height, kernel, kernelWidth, kernelHeight);
  const g = convolve2dGeometry(width, height, kernelWidth, kernelHeight, options);
  const data = new Float32Array(g.width * g.height);
  convolve2dRows(image, width, height, kernel, kernelWidth, kernelHeight, options, 0, g.height, data);
  return { data, width: g.width, height: g.height, offsetX: g.offsetX, offsetY: g.offsetY };
}

/**
 * Cross-correlation: convolution with the kernel flipped in both axes (what CNN layers compute).
 * The default origin is (floor(kw/2), floor(kh/2)) of the unflipped kernel, as
 * scipy.ndimage.correlate and scipy.signal.correlate2d('same') use.
 */
export function correlate2d(
  image: Float32Array, width: number, height: number,
  kernel: Float64Array, kernelWidth: number, kernelHeight: number, options: Convolve2dOptions = {},
): Convolve2dResult {
  const flipped = flipKernel(kernel, kernelWidth, kernelHeight);
  const ox = options.kernelOriginX ?? Math.floor(kernelWidth / 2);
  const oy = options.kernelOriginY ?? Math.floor(kernelHeight / 2);
  return convolve2d(image, width, height, flipped, kernelWidth, kernelHeight, {
    ...options, kernelOriginX: kernelWidth - 1 - ox, kernelOriginY: kernelHeight - 1 - oy,
  });
}

/** The kernel rotated by 180°. */
export function flipKernel(kernel: Float64Array, kernelWidth: number, kernelHeight: number): Float64Array {
  const n = kernelWidth * kernelHeight;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = kernel[n - 1 - k];
  return out;
}

function checkInputs(
  image: Float32Array, width: number, height: number, kernel: Float64Array, kw: number, kh: number,
): void {
  if (image.length !== width * height) {
    throw new RangeError(`convolve2d: a ${width} × ${height} image needs ${width * height} pixels, got ${image.length}`);
  }
  if (kernel.length !== kw * kh) {
    throw new RangeError(`convolve2d: a ${kw} × ${kh} kernel needs ${kw * kh} values, got ${kernel.length}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Method choice

/** Rank-1 factors k[y][x] = column[y]·row[x], or undefined when the kernel is not rank 1. */
export function separateKernel(
  kernel: Float64Array, kernelWidth: number, kernelHeight: number,
): { column: Float64Array; row: Float64Array } | undefined {
  let pivot = 0, max = 0;
  for (let k = 0; k < kernel.length; k++) {
    const v = Math.abs(kernel[k]);
    if (v > max) {
      max = v;
      pivot = k;
    }
  }
  const column = new Float64Array(kernelHeight), row = new Float64Array(kernelWidth);
  if (max === 0) return { column, row };
  const py = Math.floor(pivot / kernelWidth), px = pivot % kernelWidth;
  const p = kernel[pivot];
  for (let y = 0; y < kernelHeight; y++) column[y] = kernel[y * kernelWidth + px];
  for (let x = 0; x < kernelWidth; x++) row[x] = kernel[py * kernelWidth + x] / p;
  // Kernels reach here from f32 images (the kernel nodes), whose rank-1 factors hold only to f32
  // rounding (~1e-7); the image output is f32 too, so that much is not worth a direct sum.
  const tolerance = 1e-6 * max;
  for (let y = 0; y < kernelHeight; y++) {
    for (let x = 0; x < kernelWidth; x++) {
      if (Math.abs(kernel[y * kernelWidth + x] - column[y] * row[x]) > tolerance) return undefined;
    }
  }
  return { column, row };
}

/** Nanoseconds per multiply-add of the direct and separable loops, per n·log2 n of FFT work. */
const MAC_NS = 0.45;
const FFT2D_NS = 0.9;

function fftAxisLength(n: number): number {
  // Our mixed-radix kernel costs about 2.2× a power of two per point: pick by that. Even only,
  // for the real-FFT half-length trick.
  const pow2 = nextPowerOfTwo(Math.max(2, n));
  const smooth = 2 * nextFastLength(Math.ceil(n / 2));
  return smooth * Math.log2(smooth) * 2.2 < pow2 * Math.log2(pow2) ? smooth : pow2;
}

function fftAxisCost(n: number): number {
  return n * Math.log2(Math.max(2, n)) * (isPowerOfTwo(n) ? 1 : 2.2);
}

/** The method 'auto' picks for one band of output (width × rows) with this kernel. */
export function chooseConvolve2dMethod(
  outWidth: number, outRows: number, kernelWidth: number, kernelHeight: number, separable: boolean,
): Exclude<Convolve2dMethod, 'auto'> {
  const direct = MAC_NS * outWidth * outRows * kernelWidth * kernelHeight;
  const sep = separable
    ? MAC_NS * (outWidth * (outRows + kernelHeight - 1) * kernelWidth + outWidth * outRows * kernelHeight)
    : Infinity;
  const nw = fftAxisLength(outWidth + kernelWidth - 1), nh = fftAxisLength(outRows + kernelHeight - 1);
  // Three real 2-D transforms (image, kernel, inverse), each ≈ half a complex one.
  const fft = FFT2D_NS * 1.5 * (nh * fftAxisCost(nw) + nw * fftAxisCost(nh)) + 12 * nw * nh;
  if (sep <= direct && sep <= fft) return 'separable';
  return direct <= fft ? 'direct' : 'fft';
}

// ---------------------------------------------------------------------------------------------
// Band computation

/**
 * Computes output rows [y0, y1) of convolve2d into `out` (the whole output array, row-major
 * with the geometry's width; rows outside the band are left alone). Safe to run concurrently
 * on disjoint bands of one shared output.
 */
export function convolve2dRows(
  image: Float32Array, width: number, height: number,
  kernel: Float64Array, kernelWidth: number, kernelHeight: number, options: Convolve2dOptions,
  y0: number, y1: number, out: Float32Array,
): void {
  const g = convolve2dGeometry(width, height, kernelWidth, kernelHeight, options);
  if (y1 <= y0 || g.width === 0 || g.height === 0) return;
  if (out.length < g.width * g.height) throw new RangeError(`convolve2dRows: output needs ${g.width * g.height} pixels`);
  const boundary = options.boundary ?? 'zero';
  // Extended-image index maps: padded column u reads input column xmap[u] (−1: zero).
  const padWidth = g.width + kernelWidth - 1;
  const xmap = boundaryMap(g.offsetX + g.originX - (kernelWidth - 1), padWidth, width, boundary);
  const padRows = y1 - y0 + kernelHeight - 1;
  const ymap = boundaryMap(y0 + g.offsetY + g.originY - (kernelHeight - 1), padRows, height, boundary);
  const flipped = flipKernel(kernel, kernelWidth, kernelHeight);
  let method = options.method ?? 'auto';
  const factors = method === 'auto' || method === 'separable' ? separateKernel(flipped, kernelWidth, kernelHeight) : undefined;
  if (method === 'auto') {
    method = simdChooseConvolve2dMethod(g.width, y1 - y0, kernelWidth, kernelHeight, factors !== undefined)
      ?? chooseConvolve2dMethod(g.width, y1 - y0, kernelWidth, kernelHeight, factors !== undefined);
  }
  const band: Band = {
    image, width, out, outWidth: g.width, y0, y1, xmap, ymap, padWidth, padRows, onProgress: options.onProgress,
  };
  if (simdConvolve2dBand(method, band, kernel, flipped, kernelWidth, kernelHeight, factors)) return;
  switch (method) {
    case 'separable':
      if (!factors) throw new RangeError('convolve2d: the separable method needs a rank-1 kernel (outer product of two vectors)');
      separableBand(band, factors.row, factors.column);
      break;
    case 'direct':
      directBand(band, flipped, kernelWidth, kernelHeight);
      break;
    case 'fft':
      fftBand(band, kernel, kernelWidth, kernelHeight);
      break;
    default:
      throw new RangeError(`convolve2d: unknown method '${String(method)}'`);
  }
}

interface Band {
  image: Float32Array;
  width: number;
  out: Float32Array;
  outWidth: number;
  y0: number;
  y1: number;
  xmap: Int32Array;
  ymap: Int32Array;
  padWidth: number;
  padRows: number;
  onProgress: ((fraction: number) => void) | undefined;
}

/** map[u] = input index for extended index start + u under the boundary rule, −1 for zero. */
export function boundaryMap(start: number, count: number, n: number, boundary: BoundaryMode): Int32Array {
  const map = new Int32Array(count);
  for (let u = 0; u < count; u++) map[u] = boundaryIndex(start + u, n, boundary);
  return map;
}

/** The input index scipy.ndimage reads for index i of an n-long axis, −1 for a zero. */
export function boundaryIndex(i: number, n: number, boundary: BoundaryMode): number {
  if (i >= 0 && i < n) return i;
  switch (boundary) {
    case 'zero': return -1;
    case 'nearest': return i < 0 ? 0 : n - 1;
    case 'wrap': return ((i % n) + n) % n;
    case 'reflect': {
      const period = 2 * n;
      const r = ((i % period) + period) % period;
      return r < n ? r : period - 1 - r;
    }
  }
}

/** Extended row v of the band into a f64 buffer through the maps. */
function loadPaddedRow(band: Band, v: number, row: Float64Array): boolean {
  const source = band.ymap[v];
  if (source < 0) return false;
  const image = band.image, xmap = band.xmap, base = source * band.width;
  for (let u = 0; u < band.padWidth; u++) {
    const x = xmap[u];
    row[u] = x >= 0 ? image[base + x] : 0;
  }
  return true;
}

/**
 * acc[q] += Σ_j weights[wOff + j] · row[q + j] for q in [0, count): four outputs at a time so
 * the additions form four independent chains.
 */
function correlateRowAdd(
  row: Float64Array, weights: Float64Array, wOff: number, taps: number, acc: Float64Array, count: number,
): void {
  let q = 0;
  for (; q + 4 <= count; q += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let x0 = row[q], x1 = row[q + 1], x2 = row[q + 2];
    for (let j = 0; j < taps; j++) {
      const w = weights[wOff + j];
      const x3 = row[q + j + 3];
      s0 += w * x0;
      s1 += w * x1;
      s2 += w * x2;
      s3 += w * x3;
      x0 = x1;
      x1 = x2;
      x2 = x3;
    }
    acc[q] += s0;
    acc[q + 1] += s1;
    acc[q + 2] += s2;
    acc[q + 3] += s3;
  }
  for (; q < count; q++) {
    let s = 0;
    for (let j = 0; j < taps; j++) s += weights[wOff + j] * row[q + j];
    acc[q] += s;
  }
}

function separableBand(band: Band, row: Float64Array, column: Float64Array): void {
  const { outWidth, padRows, padWidth, y0, y1, out } = band;
  const kw = row.length, kh = column.length;
  // Horizontal pass over every extended row the band needs, into f32 rows (zero rows stay 0).
  const temp = new Float32Array(padRows * outWidth);
  const nonzero = new Uint8Array(padRows);
  const padded = new Float64Array(padWidth);
  const acc = new Float64Array(outWidth);
  for (let v = 0; v < padRows; v++) {
    if (!loadPaddedRow(band, v, padded)) continue;
    nonzero[v] = 1;
    acc.fill(0);
    correlateRowAdd(padded, row, 0, kw, acc, outWidth);
    const base = v * outWidth;
    for (let q = 0; q < outWidth; q++) temp[base + q] = acc[q];
    if (band.onProgress && (v & 63) === 63) band.onProgress((0.5 * v) / padRows);
  }
  // Vertical pass: f64 accumulation row by row (contiguous axpy).
  for (let y = y0; y < y1; y++) {
    acc.fill(0);
    const r = y - y0;
    for (let i = 0; i < kh; i++) {
      if (!nonzero[r + i]) continue;
      axpyF32(acc, temp, (r + i) * outWidth, column[i], outWidth);
    }
    const base = y * outWidth;
    for (let q = 0; q < outWidth; q++) out[base + q] = acc[q];
    if (band.onProgress && (r & 63) === 63) band.onProgress(0.5 + (0.5 * r) / (y1 - y0));
  }
}

function axpyF32(acc: Float64Array, x: Float32Array, off: number, w: number, count: number): void {
  for (let q = 0; q < count; q++) acc[q] += w * x[off + q];
}

function directBand(band: Band, flipped: Float64Array, kw: number, kh: number): void {
  const { outWidth, padRows, padWidth, y0, y1, out } = band;
  // Keep the extended rows of the band in f64 (kh rows are live at a time; all are kept for simplicity).
  const rows: (Float64Array | undefined)[] = new Array(padRows);
  for (let v = 0; v < padRows; v++) {
    const buf = new Float64Array(padWidth);
    rows[v] = loadPaddedRow(band, v, buf) ? buf : undefined;
  }
  const acc = new Float64Array(outWidth);
  for (let y = y0; y < y1; y++) {
    acc.fill(0);
    const r = y - y0;
    for (let i = 0; i < kh; i++) {
      const padded = rows[r + i];
      if (padded) correlateRowAdd(padded, flipped, i * kw, kw, acc, outWidth);
    }
    const base = y * outWidth;
    for (let q = 0; q < outWidth; q++) out[base + q] = acc[q];
    if (band.onProgress && (r & 15) === 15) band.onProgress(r / (y1 - y0));
  }
}

/**
 * Valid part of the linear convolution of the extended block P (padRows × padWidth) with the
 * kernel, by one circular real 2-D FFT convolution of size nh × nw ≥ P (the wrap-around only
 * reaches the first kw − 1 columns / kh − 1 rows, which are not part of the valid region).
 */
function fftBand(band: Band, kernel: Float64Array, kw: number, kh: number): void {
  const { outWidth, padRows, padWidth, y0, y1, out } = band;
  const nw = fftAxisLength(padWidth), nh = fftAxisLength(padRows);
  const bins = nw / 2 + 1;
  const rowPlan = planRealFft(nw), colPlan = planFft(nh);
  const specR = new Float64Array(nh * bins), specI = new Float64Array(nh * bins);
  const kerR = new Float64Array(nh * bins), kerI = new Float64Array(nh * bins);
  const row = new Float64Array(nw);
  const binR = new Float64Array(bins), binI = new Float64Array(bins);
  const forwardRow = (r: number, source: Float64Array, destR: Float64Array, destI: Float64Array): void => {
    rowPlan.forward(source, binR, binI);
    destR.set(binR, r * bins);
    destI.set(binI, r * bins);
  };
  for (let v = 0; v < padRows; v++) {
    row.fill(0);
    if (loadPaddedRow(band, v, row)) forwardRow(v, row, specR, specI);
  }
  transformColumns(specR, specI, bins, nh, 0, bins, colPlan, false);
  if (band.onProgress) band.onProgress(0.3);
  for (let i = 0; i < kh; i++) {
    row.fill(0);
    for (let j = 0; j < kw; j++) row[j] = kernel[i * kw + j];
    forwardRow(i, row, kerR, kerI);
  }
  transformColumns(kerR, kerI, bins, nh, 0, bins, colPlan, false);
  const scale = 1 / (nw * nh);
  for (let k = 0; k < specR.length; k++) {
    const ar = specR[k], ai = specI[k], br = kerR[k] * scale, bi = kerI[k] * scale;
    specR[k] = ar * br - ai * bi;
    specI[k] = ar * bi + ai * br;
  }
  if (band.onProgress) band.onProgress(0.6);
  transformColumns(specR, specI, bins, nh, 0, bins, colPlan, true);
  for (let y = y0; y < y1; y++) {
    const v = y - y0 + kh - 1;
    binR.set(specR.subarray(v * bins, (v + 1) * bins));
    binI.set(specI.subarray(v * bins, (v + 1) * bins));
    rowPlan.inverseUnscaled(binR, binI, row);
    const base = y * outWidth;
    for (let q = 0; q < outWidth; q++) out[base + q] = row[q + kw - 1];
  }
}
