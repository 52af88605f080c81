/**
 * 1-D linear convolution and cross-correlation of real Float64Array signals.
 *
 * Convolution is (a * b)[t] = Σ_k a[k]·b[t − k]; correlation is convolution with flip(b)
 * (scipy.signal.correlate's convention). Index bookkeeping follows NODES.md, where a signal's
 * sample k sits at index start + k:
 *   full   output index range [a.start + b.start, a.start + b.start + len a + len b − 1)
 *   same   output index range = a's own range [a.start, a.start + len a): the KERNEL'S START
 *          decides the alignment, not its size. With the default kernel start
 *          −floor((len b − 1)/2) (a centred kernel) this is exactly scipy.signal.convolve's
 *          'same'; with another start it is that window shifted (numpy/scipy centre by size).
 *   valid  positions where b lies wholly inside a: length len a − len b + 1, starting at
 *          a.start + b.start + len b − 1. When b is longer than a the result is EMPTY (length 0);
 *          scipy would swap the inputs instead.
 * All methods compute the same numbers (to rounding): 'direct' sums products (exact order of
 * magnitude of error ~1e-16·Σ|a||b|), 'fft' does one circular convolution (planRealFilter) of a
 * power-of-two length large enough for the requested window, 'overlap-add' cuts the longer input
 * into blocks filtered the same way at a power-of-two size chosen by cost, 'auto' picks by a
 * cost model fitted to these kernels.
 */
import { nextPowerOfTwo, planRealFilter } from './fft';
import { simdChooseConvolveMethod, simdConvolveDirect, simdConvolveFft, simdOverlapAdd, simdOverlapAddBlockSize } from './simd/convolve-simd';
import { slideDot } from './slide';
import { allocFloat64 } from './buffer-pool';

export type Convolve1dMethod = 'auto' | 'direct' | 'fft' | 'overlap-add';
export type ConvolveMode = 'full' | 'same' | 'valid';

export interface Convolve1dOptions {
  /** Algorithm (default 'auto'). */
  method?: Convolve1dMethod;
  /** Output extent (default 'full'). */
  mode?: ConvolveMode;
  /**
   * Start index of b relative to a's start, used only by 'same' (default: centred,
   * −floor((len b − 1)/2) for convolve and −floor(len b / 2) for correlate — both match scipy).
   */
  bStart?: number;
  /** Called now and then with the fraction done (0..1); may throw to cancel. */
  onProgress?: (fraction: number) => void;
  /**
   * Where to write the result (exactly convolveOutputLength long); by default a new array, from
   * the engine's buffer pool when one is installed (a re-run then faults in no fresh pages).
   */
  out?: Float64Array;
}

/** Where convolve1d's output starts, in the inputs' index coordinates (NODES.md). */
export function convolveOutputStart(
  aStart: number, bStart: number, aLength: number, bLength: number, mode: ConvolveMode,
): number {
  void aLength;
  switch (mode) {
    case 'full': return aStart + bStart;
    case 'same': return aStart;
    case 'valid': return aStart + bStart + bLength - 1;
  }
}

/** Where correlate1d's output starts: convolveOutputStart with flip(b), whose start is −(b.start + len b − 1). */
export function correlateOutputStart(
  aStart: number, bStart: number, aLength: number, bLength: number, mode: ConvolveMode,
): number {
  return convolveOutputStart(aStart, -(bStart + bLength - 1), aLength, bLength, mode);
}

/** Output length for a mode (0 for 'valid' when b is longer than a, or when an input is empty). */
export function convolveOutputLength(aLength: number, bLength: number, mode: ConvolveMode): number {
  if (aLength === 0 || bLength === 0) return 0;
  switch (mode) {
    case 'full': return aLength + bLength - 1;
    case 'same': return aLength;
    case 'valid': return Math.max(0, aLength - bLength + 1);
  }
}

/** The output window [lo, lo + length) in full-convolution index t (t = i + j, 0-based) and the method that fills it. */
function resolveConvolve1d(na: number, nb: number, options: Convolve1dOptions): { lo: number; length: number; method: Convolve1dMethod } {
  const mode = options.mode ?? 'full';
  const bStart = options.bStart ?? -Math.floor((nb - 1) / 2);
  const length = convolveOutputLength(na, nb, mode);
  const lo = mode === 'full' ? 0 : mode === 'same' ? -bStart : nb - 1;
  const window = mode === 'full' ? undefined : { lo, length };
  const method = options.method === undefined || options.method === 'auto'
    ? simdChooseConvolveMethod(na, nb, window) ?? chooseConvolveMethod(na, nb, window)
    : options.method;
  return { lo, length, method };
}

/**
 * Bytes convolve1d allocates besides its output for inputs of these lengths: the padded planes
 * and filter spectrum of 'fft' (the whole padded length), the block and filter of 'overlap-add'
 * (one block, however long the inputs), none for 'direct'; the method 'auto' picks, or the one
 * asked for. What a caller reserves, with the output, before it runs.
 */
export function convolve1dScratchBytes(na: number, nb: number, options: Convolve1dOptions = {}): number {
  const { lo, length, method } = resolveConvolve1d(na, nb, options);
  if (length === 0) return 0;
  switch (method) {
    case 'fft': return 64 * fftSizeForWindow(na, nb, lo, length);
    case 'overlap-add': {
      // The larger of the two paths' block sizes (the SIMD one's when it runs), each point held
      // ~5 times over (the block, its half-length spectrum, the filter's two, the carry).
      const size = Math.max(simdOverlapAddBlockSize(na, nb) ?? 0, planOverlapAdd(na, nb).blockSize);
      return 64 * size;
    }
    default: return 0;
  }
}

/** 1-D convolution; see the module comment for modes, alignment and methods. */
export function convolve1d(a: Float64Array, b: Float64Array, options: Convolve1dOptions = {}): Float64Array {
  const na = a.length, nb = b.length;
  const { lo, length, method } = resolveConvolve1d(na, nb, options);
  let out: Float64Array;
  if (options.out) {
    out = options.out;
    if (out.length !== length) throw new RangeError(`convolve1d: out has ${out.length} samples, the ${options.mode ?? 'full'} convolution of ${na} × ${nb} has ${length}`);
  } else {
    out = allocFloat64(length);
  }
  if (length === 0) return out;
  switch (method) {
    case 'direct': convolveDirectWindow(a, b, lo, out, options.onProgress); break;
    case 'fft': convolveFftWindow(a, b, lo, out); break;
    case 'overlap-add': overlapAddWindow(a, b, lo, out, 0, options.onProgress, false); break;
    default: throw new RangeError(`convolve1d: unknown method '${String(method)}'`);
  }
  return out;
}

/** Cross-correlation = convolve(a, flip(b)), scipy.signal.correlate's convention (start included). */
export function correlate1d(a: Float64Array, b: Float64Array, options: Convolve1dOptions = {}): Float64Array {
  const nb = b.length;
  const bStart = options.bStart ?? -Math.floor(nb / 2);
  const flipped = new Float64Array(nb);
  for (let k = 0; k < nb; k++) flipped[k] = b[nb - 1 - k];
  return convolve1d(a, flipped, { ...options, bStart: -(bStart + nb - 1) });
}

// ---------------------------------------------------------------------------------------------
// Cost model

/**
 * Fitted on this machine with bench/fit-convolve.ts (fastest of repeats of our own kernels).
 * Direct: DIRECT_NS per multiply-add plus DIRECT_OUTPUT_NS per output (every output sums all
 * taps of the shorter input over the zero-extended longer one). FFT paths: one block of n points
 * (copy in, planRealFilter.apply, add out — measured inside an overlap-add run, so with the
 * memory traffic of a long signal) costs BLOCK_NS[log2 n]·n, building the filter plan
 * PLAN_NS[log2 n]·n. Per-point costs rise with n as the transforms leave the caches, so they
 * are tables, not one n·log2 n constant.
 */
const DIRECT_NS = 0.33;
const DIRECT_OUTPUT_NS = 1.5;
// index: log2 n (0 … 22)
const BLOCK_NS = [33, 33, 33, 22, 15, 12, 11, 11, 11, 12, 13, 13, 13, 16, 19, 25, 32, 41, 46, 50, 55, 65, 75];
const PLAN_NS = [62, 62, 62, 36, 47, 45, 27, 19, 16, 14, 12, 11, 11, 11, 11, 12, 12, 13, 14, 18, 26, 30, 55];

/** Nanoseconds per point from a table indexed by log2 n, extrapolated as log2 n beyond it. */
function perPoint(table: number[], n: number): number {
  const log = Math.round(Math.log2(n));
  const last = table.length - 1;
  return log <= last ? table[Math.max(0, log)] : (table[last] * log) / last;
}

function blockCost(n: number): number {
  return perPoint(BLOCK_NS, n) * n;
}

function filterPlanCost(n: number): number {
  return perPoint(PLAN_NS, n) * n;
}

function fftSizeForWindow(na: number, nb: number, lo: number, length: number): number {
  // A circular convolution of size N is exact on [lo, hi) when N ≥ hi and the wrapped tail
  // [0, L − N) misses the window, i.e. N ≥ L − lo; it must also hold both inputs.
  const full = na + nb - 1;
  const hi = lo + length;
  // At least 4: the real filter plan's smallest size.
  return nextPowerOfTwo(Math.max(4, na, nb, hi, full - Math.max(lo, 0)));
}

interface OverlapAddPlan {
  blockSize: number;
  cost: number;
}

function planOverlapAdd(na: number, nb: number): OverlapAddPlan {
  const long = Math.max(na, nb), short = Math.min(na, nb);
  let best: OverlapAddPlan = { blockSize: nextPowerOfTwo(Math.max(4, long + short - 1)), cost: Infinity };
  for (let size = nextPowerOfTwo(Math.max(4, short + 1)); size <= 2 * nextPowerOfTwo(long + short); size *= 2) {
    const step = size - short + 1;
    const blocks = Math.ceil(long / step);
    const cost = filterPlanCost(size) + blocks * blockCost(size);
    if (cost < best.cost) best = { blockSize: size, cost };
    if (blocks === 1) break;
  }
  return best;
}

/** Estimated milliseconds of each method for a full convolution (or a window of it). */
export function estimateConvolveCost(
  aLength: number, bLength: number, window?: { lo: number; length: number },
): { direct: number; fft: number; overlapAdd: number } {
  const lo = window?.lo ?? 0;
  const length = window?.length ?? aLength + bLength - 1;
  const n = fftSizeForWindow(aLength, bLength, lo, length);
  const short = Math.min(aLength, bLength);
  return {
    direct: (DIRECT_NS * length * short + DIRECT_OUTPUT_NS * length) / 1e6,
    fft: (filterPlanCost(n) + blockCost(n)) / 1e6,
    overlapAdd: planOverlapAdd(aLength, bLength).cost / 1e6,
  };
}

/**
 * The method 'auto' uses: the cheapest of direct / fft / overlap-add under the fitted cost model
 * (scipy.signal.choose_conv_method's idea with our own constants).
 */
export function chooseConvolveMethod(
  aLength: number, bLength: number, window?: { lo: number; length: number },
): Exclude<Convolve1dMethod, 'auto'> {
  if (Math.min(aLength, bLength) <= 8) return 'direct';
  const c = estimateConvolveCost(aLength, bLength, window);
  if (c.direct <= c.fft && c.direct <= c.overlapAdd) return 'direct';
  return c.fft <= c.overlapAdd ? 'fft' : 'overlap-add';
}

// ---------------------------------------------------------------------------------------------
// Kernels. Each writes out[t − lo] for t in [lo, lo + out.length) of the full convolution.

/**
 * Direct sums. With r = reversed shorter input and x = the longer one zero-extended by
 * len(r) − 1 on both sides, out[o] = Σ_m r[m]·x[lo + o + m]: a sliding dot product, computed
 * four outputs at a time so each loaded sample feeds four multiply-adds (slide.ts).
 */
export function convolveDirectWindow(
  a: Float64Array, b: Float64Array, lo: number, out: Float64Array, onProgress?: (fraction: number) => void,
): void {
  if (simdConvolveDirect(a, b, lo, out, onProgress)) return;
  if (a.length < b.length) {
    const t = a;
    a = b;
    b = t;
  }
  const na = a.length, nb = b.length;
  const r = new Float64Array(nb);
  for (let m = 0; m < nb; m++) r[m] = b[nb - 1 - m];
  const length = out.length;
  // x[i] = a[lo + i − (nb − 1)], zero outside a.
  const x = new Float64Array(length + nb - 1);
  const from = Math.max(0, lo - nb + 1), to = Math.min(na, lo + length);
  if (to > from) x.set(a.subarray(from, to), from - (lo - nb + 1));
  const chunk = onProgress ? Math.max(4, 4 * Math.floor(1e6 / (4 * nb))) : length;
  for (let o = 0; o < length; o += chunk) {
    const count = Math.min(chunk, length - o);
    slideDot(x, o, r, out, o, count);
    if (onProgress && o + count < length) onProgress((o + count) / length);
  }
}

/** One circular convolution of a power-of-two size that is exact on the window. */
export function convolveFftWindow(a: Float64Array, b: Float64Array, lo: number, out: Float64Array): void {
  const na = a.length, nb = b.length;
  const n = fftSizeForWindow(na, nb, lo, out.length);
  if (simdConvolveFft(a, b, lo, out, n)) return;
  // The shorter input is the filter (its spectrum is computed by the plan), the longer the signal.
  const [signal, filter] = na >= nb ? [a, b] : [b, a];
  const padded = new Float64Array(n);
  padded.set(signal);
  planRealFilter(filter, n).apply(padded, padded);
  const length = out.length;
  for (let o = 0; o < length; o++) {
    const t = lo + o;
    out[o] = t >= 0 && t < n ? padded[t] : 0;
  }
}

/**
 * Overlap-add: the longer input is cut into blocks of step = size − short + 1 samples, each
 * block is circularly convolved (size points, zero padded) with the shorter input through one
 * real filter plan (its spectrum computed once), and the size-long results are added into the
 * output window. blockSize 0 = chosen by the cost model.
 */
export function convolveOverlapAddWindow(
  a: Float64Array, b: Float64Array, lo: number, out: Float64Array, blockSize = 0,
  onProgress?: (fraction: number) => void,
): void {
  overlapAddWindow(a, b, lo, out, blockSize, onProgress, true);
}

/** Overlap-add into out: added to what it holds when `add`, else written. */
function overlapAddWindow(
  a: Float64Array, b: Float64Array, lo: number, out: Float64Array, blockSize: number,
  onProgress: ((fraction: number) => void) | undefined, add: boolean,
): void {
  if (simdOverlapAdd(a, b, lo, out, blockSize, onProgress, add)) return;
  if (!add) out.fill(0);
  if (a.length < b.length) {
    const t = a;
    a = b;
    b = t;
  }
  const na = a.length, nb = b.length;
  const size = blockSize > 0 ? blockSize : planOverlapAdd(na, nb).blockSize;
  if (size < nb) throw new RangeError(`overlap-add block size ${size} is shorter than the kernel (${nb})`);
  const step = size - nb + 1;
  const filter = planRealFilter(b, size);
  const buffer = new Float64Array(size);
  const length = out.length;
  const hi = lo + length;
  for (let p = 0; p < na; p += step) {
    // This block contributes to t in [p, p + size); skip it when that misses the window.
    if (p + size <= lo || p >= hi) continue;
    const count = Math.min(step, na - p);
    buffer.set(a.subarray(p, p + count));
    buffer.fill(0, count);
    filter.apply(buffer, buffer);
    const t0 = Math.max(p, lo), t1 = Math.min(p + count + nb - 1, hi);
    addInto(out, t0 - lo, buffer, t0 - p, t1 - t0);
    if (onProgress) onProgress(Math.min(1, (p + step) / na));
  }
}

/** out[o + k] += x[i + k] for k < count. */
function addInto(out: Float64Array, o: number, x: Float64Array, i: number, count: number): void {
  for (let k = 0; k < count; k++) out[o + k] += x[i + k];
}
