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
 * magnitude of error ~1e-16·Σ|a||b|), 'fft' does one real FFT of a fast length large enough for
 * the requested window, 'overlap-add' cuts the longer input into blocks and uses real FFTs of a
 * power-of-two size chosen by cost, 'auto' picks by a cost model fitted to these kernels.
 */
import { nextPowerOfTwo, planRealFft } from './fft';
import { simdChooseConvolveMethod, simdConvolveDirect, simdOverlapAdd } from './simd/convolve-simd';

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

/** 1-D convolution; see the module comment for modes, alignment and methods. */
export function convolve1d(a: Float64Array, b: Float64Array, options: Convolve1dOptions = {}): Float64Array {
  const mode = options.mode ?? 'full';
  const na = a.length, nb = b.length;
  const bStart = options.bStart ?? -Math.floor((nb - 1) / 2);
  const length = convolveOutputLength(na, nb, mode);
  // Window [lo, lo + length) in full-convolution index t (t = i + j, 0-based).
  const lo = mode === 'full' ? 0 : mode === 'same' ? -bStart : nb - 1;
  const out = new Float64Array(length);
  if (length === 0) return out;
  const window = mode === 'full' ? undefined : { lo, length };
  const method = options.method === undefined || options.method === 'auto'
    ? simdChooseConvolveMethod(na, nb, window) ?? chooseConvolveMethod(na, nb, window)
    : options.method;
  switch (method) {
    case 'direct': convolveDirectWindow(a, b, lo, out, options.onProgress); break;
    case 'fft': convolveFftWindow(a, b, lo, out); break;
    case 'overlap-add': convolveOverlapAddWindow(a, b, lo, out, 0, options.onProgress); break;
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
 * Fitted on this machine with bench/fit-convolve.ts (median times of our own kernels):
 * direct ≈ DIRECT_NS per multiply-add, a real FFT of n points ≈ FFT_NS · n·log2 n, plus
 * SPECTRUM_NS per bin for the pointwise product.
 */
const DIRECT_NS = 0.58;
const FFT_NS = 0.53;
const SPECTRUM_NS = 2.0;

function rfftCost(n: number): number {
  return FFT_NS * n * Math.log2(Math.max(2, n));
}

/** Multiply-adds for output window [lo, lo + length) of the full convolution. */
function directWork(na: number, nb: number, lo: number, length: number): number {
  const short = Math.min(na, nb), full = na + nb - 1;
  let work = 0;
  // Per output t the number of terms is min(t + 1, short, full − t); sum over the window
  // in closed form piecewise would be tidy, but a three-segment estimate is enough here.
  const hi = lo + length;
  const rampEnd = short - 1, fallStart = full - short;
  const seg = (from: number, to: number, f: (t: number) => number): void => {
    const s = Math.max(from, lo), e = Math.min(to, hi);
    if (e > s) work += ((f(s) + f(e - 1)) / 2) * (e - s);
  };
  seg(0, rampEnd, (t) => t + 1);
  seg(rampEnd, fallStart + 1, () => short);
  seg(Math.max(rampEnd, fallStart + 1), full, (t) => full - t);
  return work;
}

function fftSizeForWindow(na: number, nb: number, lo: number, length: number): number {
  // A circular convolution of size N is exact on [lo, hi) when N ≥ hi and the wrapped tail
  // [0, L − N) misses the window, i.e. N ≥ L − lo; it must also hold both inputs.
  const full = na + nb - 1;
  const hi = lo + length;
  return nextPowerOfTwo(Math.max(na, nb, hi, full - Math.max(lo, 0)));
}

interface OverlapAddPlan {
  blockSize: number;
  cost: number;
}

function planOverlapAdd(na: number, nb: number): OverlapAddPlan {
  const long = Math.max(na, nb), short = Math.min(na, nb);
  let best: OverlapAddPlan = { blockSize: nextPowerOfTwo(long + short - 1), cost: Infinity };
  for (let size = nextPowerOfTwo(2 * short); size <= 2 * nextPowerOfTwo(long + short); size *= 2) {
    const step = size - short + 1;
    const blocks = Math.ceil(long / step);
    const cost = (2 * blocks + 1) * rfftCost(size) + blocks * SPECTRUM_NS * (size / 2) + long * 1.0;
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
  return {
    direct: (DIRECT_NS * directWork(aLength, bLength, lo, length) + 20 * length) / 1e6,
    fft: (3 * rfftCost(n) + SPECTRUM_NS * (n / 2) + 2 * n) / 1e6,
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

/** Direct sums; the longer input is walked in the inner loop with four accumulators. */
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
  // r[m] = b[nb − 1 − m], so out[t] = Σ_k a[k]·r[k + nb − 1 − t] with both indices rising.
  const r = new Float64Array(nb);
  for (let m = 0; m < nb; m++) r[m] = b[nb - 1 - m];
  const length = out.length;
  const progressEvery = Math.max(1, Math.floor(4e6 / nb));
  for (let o = 0; o < length; o++) {
    const t = lo + o;
    const k0 = t - nb + 1 > 0 ? t - nb + 1 : 0;
    const k1 = t < na - 1 ? t : na - 1; // inclusive
    out[o] = k1 >= k0 ? dot(a, k0, r, k0 + nb - 1 - t, k1 - k0 + 1) : 0;
    if (onProgress && o % progressEvery === progressEvery - 1) onProgress(o / length);
  }
}

function dot(x: Float64Array, i: number, y: Float64Array, j: number, count: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const end4 = i + (count & ~3);
  const d = j - i;
  let k = i;
  for (; k < end4; k += 4) {
    s0 += x[k] * y[k + d];
    s1 += x[k + 1] * y[k + d + 1];
    s2 += x[k + 2] * y[k + d + 2];
    s3 += x[k + 3] * y[k + d + 3];
  }
  const end = i + count;
  for (; k < end; k++) s0 += x[k] * y[k + d];
  return s0 + s1 + (s2 + s3);
}

/** One circular convolution of a power-of-two size that is exact on the window. */
export function convolveFftWindow(a: Float64Array, b: Float64Array, lo: number, out: Float64Array): void {
  const na = a.length, nb = b.length;
  const n = fftSizeForWindow(na, nb, lo, out.length);
  const plan = planRealFft(n);
  const bins = plan.bins;
  const pa = new Float64Array(n), pb = new Float64Array(n);
  pa.set(a);
  pb.set(b);
  const ar = new Float64Array(bins), ai = new Float64Array(bins);
  const br = new Float64Array(bins), bi = new Float64Array(bins);
  plan.forward(pa, ar, ai);
  plan.forward(pb, br, bi);
  multiplySpectra(ar, ai, br, bi, bins, 1 / n);
  plan.inverseUnscaled(ar, ai, pa);
  const length = out.length;
  for (let o = 0; o < length; o++) {
    const t = lo + o;
    out[o] = t >= 0 && t < n ? pa[t] : 0;
  }
}

/** (ar, ai) ← (ar, ai)·(br, bi)·scale */
function multiplySpectra(
  ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, bins: number, scale: number,
): void {
  for (let k = 0; k < bins; k++) {
    const xr = ar[k], xi = ai[k], yr = br[k] * scale, yi = bi[k] * scale;
    ar[k] = xr * yr - xi * yi;
    ai[k] = xr * yi + xi * yr;
  }
}

/**
 * Overlap-add: the longer input is cut into blocks of step = size − short + 1 samples, each
 * block's real FFT is multiplied by the shorter input's spectrum (computed once), and the
 * size-long results are added into the output window. blockSize 0 = chosen by the cost model.
 */
export function convolveOverlapAddWindow(
  a: Float64Array, b: Float64Array, lo: number, out: Float64Array, blockSize = 0,
  onProgress?: (fraction: number) => void,
): void {
  if (simdOverlapAdd(a, b, lo, out, blockSize, onProgress)) return;
  if (a.length < b.length) {
    const t = a;
    a = b;
    b = t;
  }
  const na = a.length, nb = b.length;
  const size = blockSize > 0 ? blockSize : planOverlapAdd(na, nb).blockSize;
  if (size < nb) throw new RangeError(`overlap-add block size ${size} is shorter than the kernel (${nb})`);
  const step = size - nb + 1;
  const plan = planRealFft(size);
  const bins = plan.bins;
  const buffer = new Float64Array(size);
  buffer.set(b);
  const kr = new Float64Array(bins), ki = new Float64Array(bins);
  plan.forward(buffer, kr, ki);
  const scale = 1 / size;
  for (let k = 0; k < bins; k++) {
    kr[k] *= scale;
    ki[k] *= scale;
  }
  const xr = new Float64Array(bins), xi = new Float64Array(bins);
  const length = out.length;
  const hi = lo + length;
  for (let p = 0; p < na; p += step) {
    // This block contributes to t in [p, p + size); skip it when that misses the window.
    if (p + size <= lo || p >= hi) continue;
    const count = Math.min(step, na - p);
    for (let k = 0; k < count; k++) buffer[k] = a[p + k];
    buffer.fill(0, count);
    plan.forward(buffer, xr, xi);
    multiplySpectra(xr, xi, kr, ki, bins, 1);
    plan.inverseUnscaled(xr, xi, buffer);
    const t0 = Math.max(p, lo), t1 = Math.min(p + count + nb - 1, hi);
    for (let t = t0; t < t1; t++) out[t - lo] += buffer[t - p];
    if (onProgress) onProgress(Math.min(1, (p + step) / na));
  }
}
