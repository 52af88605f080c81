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
 * Methods (all accumulate in f64 over f64 copies of the extended rows): 'direct' sums every
 * tap in registers over a ring of kh extended rows; 'separable' detects a rank-1 kernel
 * (Gaussian, box, Sobel) k = u·vᵀ, filters each extended row horizontally into a ring of rows
 * and sums the vertical taps from it, two output rows at a time; 'fft' convolves power-of-two
 * tiles of the extended image by 2-D real FFTs and keeps each tile's exact part (overlap-save),
 * the tile side chosen by cost; 'auto' picks by a cost model fitted to these kernels. Every path
 * works on a band of output rows [y0, y1) (convolve2dRows), so bands can run on several threads.
 */
import { allocFloat32 } from './buffer-pool';
import { isPowerOfTwo, nextPowerOfTwo, planFft, planRealFft } from './fft';
import { transformColumns } from './fft2d';
import { simdChooseConvolve2dMethod, simdConvolve2dBand, type SimdBand } from './simd/convolve2d-simd';
import { slideColumns, slideColumnsPair, slideDot, slideRows } from './slide';

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
  /**
   * Tile side of the FFT method, a power of two larger than both kernel sides (default: the
   * cheapest under the cost model, see chooseFftTiling).
   */
  fftTile?: number;
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
  const data = allocFloat32(g.width * g.height);
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

/** The entry of largest magnitude (the first of equals): the pivot a rank-1 factorisation divides by. */
export function largestEntry(values: Float64Array): { index: number; magnitude: number } {
  let index = 0, magnitude = 0;
  for (let k = 0; k < values.length; k++) {
    const v = Math.abs(values[k]);
    if (v > magnitude) {
      magnitude = v;
      index = k;
    }
  }
  return { index, magnitude };
}

/** Rank-1 factors k[y][x] = column[y]·row[x], or undefined when the kernel is not rank 1. */
export function separateKernel(
  kernel: Float64Array, kernelWidth: number, kernelHeight: number,
): { column: Float64Array; row: Float64Array } | undefined {
  const { index: pivot, magnitude: max } = largestEntry(kernel);
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

/**
 * Cost model, fitted on this machine with bench/fit-convolve2d.ts (fastest of repeats):
 * nanoseconds per multiply-add of the direct loop (all kw·kh taps per output) and of the
 * separable one (kw + kh taps per output, the horizontal pass over kh − 1 extra rows), plus per
 * output pixel; the FFT path's cost per point of a tile of each power-of-two side, measured end
 * to end (boundary extension, 2-D real transforms both ways, product, output), by log2 side.
 */
const DIRECT_MAC_NS = 0.42;
const DIRECT_PIXEL_NS = 4.5;
const SEPARABLE_MAC_NS = 0.5;
const SEPARABLE_PIXEL_NS = 2;
// index: log2 of the tile side (0 … 11); ns per tile point, end to end.
const TILE_NS = [42, 42, 42, 42, 42, 24, 22, 19, 19, 22, 31, 47];
/** Tile sides the FFT path considers. */
const TILE_MIN = 16, TILE_MAX = 2048;

function tileCost(side: number): number {
  const log = Math.round(Math.log2(side));
  return TILE_NS[Math.min(log, TILE_NS.length - 1)] * side * side;
}

export interface FftTiling {
  /** Tile sides (powers of two); each tile yields (tileWidth − kw + 1) × (tileHeight − kh + 1) outputs. */
  tileWidth: number;
  tileHeight: number;
  /** Estimated nanoseconds. */
  cost: number;
}

/**
 * The FFT path's tiling for an output of outWidth × outRows: square power-of-two tiles,
 * overlap-save style (each tile reads its extended input block and keeps the part the
 * circular convolution gets right), the side chosen by the fitted cost.
 */
export function chooseFftTiling(outWidth: number, outRows: number, kernelWidth: number, kernelHeight: number): FftTiling {
  let best: FftTiling = { tileWidth: 0, tileHeight: 0, cost: Infinity };
  const need = Math.max(kernelWidth, kernelHeight);
  const first = Math.max(TILE_MIN, nextPowerOfTwo(need + 1));
  for (let side = first; side <= Math.max(TILE_MAX, first); side *= 2) {
    const vx = side - kernelWidth + 1, vy = side - kernelHeight + 1;
    const tiles = Math.ceil(outWidth / vx) * Math.ceil(outRows / vy);
    const cost = (tiles + 0.5) * tileCost(side); // + the kernel's spectrum, about half a tile
    if (cost < best.cost) best = { tileWidth: side, tileHeight: side, cost };
    if (vx >= outWidth && vy >= outRows) break;
  }
  return best;
}

/** The method 'auto' picks for one band of output (width × rows) with this kernel. */
export function chooseConvolve2dMethod(
  outWidth: number, outRows: number, kernelWidth: number, kernelHeight: number, separable: boolean,
): Exclude<Convolve2dMethod, 'auto'> {
  const pixels = outWidth * outRows;
  const direct = DIRECT_MAC_NS * pixels * kernelWidth * kernelHeight + DIRECT_PIXEL_NS * pixels;
  const sep = separable
    ? SEPARABLE_MAC_NS * (outWidth * (outRows + kernelHeight - 1) * kernelWidth + pixels * kernelHeight) + SEPARABLE_PIXEL_NS * pixels
    : Infinity;
  const fft = chooseFftTiling(outWidth, outRows, kernelWidth, kernelHeight).cost;
  if (sep <= direct && sep <= fft) return 'separable';
  return direct <= fft ? 'direct' : 'fft';
}

// ---------------------------------------------------------------------------------------------
// Band computation

/**
 * The method a band of outWidth × rows runs: the one asked for, or for 'auto' the cheapest by the
 * SIMD path's cost model (the plain one's without it). The rank-1 factors of the flipped kernel
 * come with it when the method may need them (undefined: not separable).
 */
export function resolveConvolve2dMethod(
  method: Convolve2dMethod, outWidth: number, rows: number, flipped: Float64Array, kernelWidth: number, kernelHeight: number,
): { method: Exclude<Convolve2dMethod, 'auto'>; factors: { row: Float64Array; column: Float64Array } | undefined } {
  const factors = method === 'auto' || method === 'separable' ? separateKernel(flipped, kernelWidth, kernelHeight) : undefined;
  if (method !== 'auto') return { method, factors };
  const separable = factors !== undefined;
  return {
    method: simdChooseConvolve2dMethod(outWidth, rows, kernelWidth, kernelHeight, separable)
      ?? chooseConvolve2dMethod(outWidth, rows, kernelWidth, kernelHeight, separable),
    factors,
  };
}

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
  const startX = g.offsetX + g.originX - (kernelWidth - 1);
  const xmap = boundaryMap(startX, padWidth, width, boundary);
  const padRows = y1 - y0 + kernelHeight - 1;
  const ymap = boundaryMap(y0 + g.offsetY + g.originY - (kernelHeight - 1), padRows, height, boundary);
  const flipped = flipKernel(kernel, kernelWidth, kernelHeight);
  const { method, factors } = resolveConvolve2dMethod(options.method ?? 'auto', g.width, y1 - y0, flipped, kernelWidth, kernelHeight);
  const band: Band = {
    image, width, out, outWidth: g.width, y0, y1, xmap, ymap, padWidth, padRows, onProgress: options.onProgress,
    inner0: Math.min(padWidth, Math.max(0, -startX)), inner1: Math.max(0, Math.min(padWidth, width - startX)), startX,
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
      fftBand(band, kernel, kernelWidth, kernelHeight, options.fftTile);
      break;
    default:
      throw new RangeError(`convolve2d: unknown method '${String(method)}'`);
  }
}

/** A band of output rows: the fields the SIMD kernels read too, and the plain paths' extras. */
interface Band extends SimdBand {
  /** Padded columns [inner0, inner1) read input columns startX + u directly (no boundary rule). */
  inner0: number;
  inner1: number;
  startX: number;
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

/** Extended row v of the band into a f64 buffer (at offset `at`) through the maps. */
function loadPaddedRow(band: Band, v: number, row: Float64Array, at = 0): boolean {
  const source = band.ymap[v];
  if (source < 0) return false;
  const image = band.image, xmap = band.xmap, base = source * band.width;
  const inner0 = band.inner0, inner1 = band.inner1, padWidth = band.padWidth;
  for (let u = 0; u < inner0; u++) {
    const x = xmap[u];
    row[at + u] = x >= 0 ? image[base + x] : 0;
  }
  for (let u = inner0, i = base + band.startX + inner0; u < inner1; u++, i++) row[at + u] = image[i];
  for (let u = Math.max(inner0, inner1); u < padWidth; u++) {
    const x = xmap[u];
    row[at + u] = x >= 0 ? image[base + x] : 0;
  }
  return true;
}

/**
 * Separable: each extended row is filtered horizontally (f64) into a ring of kh rows; each
 * output row is then the vertical taps over the ring, summed in registers (slideColumns) — so
 * memory is walked row by row and the intermediate stays in cache.
 */
function separableBand(band: Band, row: Float64Array, column: Float64Array): void {
  const { outWidth, padWidth, y0, y1, out } = band;
  const kh = column.length, slots = kh + 1;
  const ring = new Float64Array(slots * outWidth);
  const padded = new Float64Array(padWidth);
  const rows = new Int32Array(slots);
  let next = 0;
  // Output rows two at a time (slideColumnsPair), the last one alone when the band is odd.
  for (let y = y0; y < y1; y += 2) {
    const r = y - y0, pair = y + 1 < y1;
    for (; next < r + kh + (pair ? 1 : 0); next++) {
      const slot = (next % slots) * outWidth;
      if (loadPaddedRow(band, next, padded)) slideDot(padded, 0, row, ring, slot, outWidth);
      else ring.fill(0, slot, slot + outWidth);
    }
    for (let i = 0; i < slots; i++) rows[i] = ((r + i) % slots) * outWidth;
    if (pair) slideColumnsPair(ring, rows, column, out, y * outWidth, outWidth, outWidth);
    else slideColumns(ring, rows.subarray(0, kh), column, out, y * outWidth, outWidth);
    if (band.onProgress && (r & 62) === 62) band.onProgress(r / (y1 - y0));
  }
}

/** Direct: a ring of kh extended rows (f64), each output row summed over all taps in registers. */
function directBand(band: Band, flipped: Float64Array, kw: number, kh: number): void {
  const { outWidth, padWidth, y0, y1, out } = band;
  const ring = new Float64Array(kh * padWidth);
  const rows = new Int32Array(kh);
  let next = 0;
  for (let y = y0; y < y1; y++) {
    const r = y - y0;
    for (; next < r + kh; next++) {
      const slot = (next % kh) * padWidth;
      if (!loadPaddedRow(band, next, ring, slot)) ring.fill(0, slot, slot + padWidth);
    }
    for (let i = 0; i < kh; i++) rows[i] = ((r + i) % kh) * padWidth;
    slideRows(ring, rows, flipped, kw, kh, out, y * outWidth, outWidth);
    if (band.onProgress && (r & 15) === 15) band.onProgress(r / (y1 - y0));
  }
}

/**
 * The FFT path, tile by tile (overlap-save): output = valid part of the linear convolution of
 * the extended block P (padRows × padWidth, boundary rule applied) with the kernel. A tile of
 * T × T outputs' worth of input — P[r0 .. r0 + T) × [q0 .. q0 + T) — is convolved circularly
 * with the kernel by 2-D real FFTs of T × T; outputs (r, q) with r < T − kh + 1,
 * q < T − kw + 1 are exact (their taps never wrap), the rest is discarded, so inputs past the
 * block's needed part cannot reach a kept output. The kernel's spectrum is computed once.
 */
function fftBand(band: Band, kernel: Float64Array, kw: number, kh: number, tile?: number): void {
  const { outWidth, padWidth, y0, y1, out } = band;
  const outRows = y1 - y0;
  if (tile !== undefined && !(isPowerOfTwo(tile) && tile > Math.max(kw, kh) && tile >= 4)) {
    throw new RangeError(`convolve2d: fftTile must be a power of two larger than the kernel (${kw} × ${kh}), got ${tile}`);
  }
  const { tileWidth: tx, tileHeight: ty } = tile ? { tileWidth: tile, tileHeight: tile } : chooseFftTiling(outWidth, outRows, kw, kh);
  const vx = tx - kw + 1, vy = ty - kh + 1;
  const bins = tx / 2 + 1;
  // Spectrum rows padded to whole column batches (pow2.ts transforms 8 columns at a time).
  const stride = Math.ceil(bins / 8) * 8;
  const rowPlan = planRealFft(tx), colPlan = planFft(ty);
  const row = new Float64Array(tx);
  const kerR = new Float64Array(ty * stride), kerI = new Float64Array(ty * stride);
  const kerRows = rowViews(kerR, kerI, ty, stride, bins);
  for (let i = 0; i < kh; i++) {
    row.fill(0);
    row.set(kernel.subarray(i * kw, (i + 1) * kw));
    rowPlan.forward(row, kerRows.re[i], kerRows.im[i]);
  }
  transformColumns(kerR, kerI, stride, ty, 0, stride, colPlan, false);
  const scale = 1 / (tx * ty);
  for (let k = 0; k < kerR.length; k++) {
    kerR[k] *= scale;
    kerI[k] *= scale;
  }
  const strip = new Float64Array(ty * padWidth);
  const specR = new Float64Array(ty * stride), specI = new Float64Array(ty * stride);
  const specRows = rowViews(specR, specI, ty, stride, bins);
  const tilesY = Math.ceil(outRows / vy), tilesX = Math.ceil(outWidth / vx);
  let done = 0;
  for (let r0 = 0; r0 < outRows; r0 += vy) {
    const rows = Math.min(vy, outRows - r0), inRows = rows + kh - 1;
    for (let i = 0; i < inRows; i++) {
      const at = i * padWidth;
      if (!loadPaddedRow(band, r0 + i, strip, at)) strip.fill(0, at, at + padWidth);
    }
    for (let q0 = 0; q0 < outWidth; q0 += vx) {
      const cols = Math.min(vx, outWidth - q0), inCols = cols + kw - 1;
      for (let i = 0; i < inRows; i++) {
        copyRow(strip, i * padWidth + q0, row, inCols);
        rowPlan.forward(row, specRows.re[i], specRows.im[i]);
      }
      // Rows past the block hold the last tile's leftovers: clear them, or they would feed back.
      specR.fill(0, inRows * stride);
      specI.fill(0, inRows * stride);
      transformColumns(specR, specI, stride, ty, 0, stride, colPlan, false);
      multiplyInPlace(specR, specI, kerR, kerI);
      transformColumns(specR, specI, stride, ty, 0, stride, colPlan, true);
      for (let r = 0; r < rows; r++) {
        const v = r + kh - 1;
        rowPlan.inverseUnscaled(specRows.re[v], specRows.im[v], row);
        storeRow(row, kw - 1, out, (y0 + r0 + r) * outWidth + q0, cols);
      }
      done++;
      if (band.onProgress && done < tilesX * tilesY) band.onProgress(done / (tilesX * tilesY));
    }
  }
}

/** Views of the first `bins` entries of each of `count` rows (made once, not per use). */
function rowViews(re: Float64Array, im: Float64Array, count: number, stride: number, bins: number): { re: Float64Array[]; im: Float64Array[] } {
  const views = { re: [] as Float64Array[], im: [] as Float64Array[] };
  for (let i = 0; i < count; i++) {
    views.re.push(re.subarray(i * stride, i * stride + bins));
    views.im.push(im.subarray(i * stride, i * stride + bins));
  }
  return views;
}

/** row[0, count) = source[from, from + count), zero after. */
function copyRow(source: Float64Array, from: number, row: Float64Array, count: number): void {
  for (let k = 0; k < count; k++) row[k] = source[from + k];
  row.fill(0, count);
}

/** out[at, at + count) = row[from, from + count) as f32. */
function storeRow(row: Float64Array, from: number, out: Float32Array, at: number, count: number): void {
  for (let k = 0; k < count; k++) out[at + k] = row[from + k];
}

/** (ar, ai) ← (ar, ai)·(br, bi), elementwise. */
function multiplyInPlace(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array): void {
  const n = ar.length;
  for (let k = 0; k < n; k++) {
    const xr = ar[k], xi = ai[k], yr = br[k], yi = bi[k];
    ar[k] = xr * yr - xi * yi;
    ai[k] = xr * yi + xi * yr;
  }
}
