/**
 * 1-D convolution on the SIMD path: the same windows of the full convolution as ../convolve1d.ts
 * (out[o] = (a * b)[lo + o]), computed by the WebAssembly kernels.
 *
 * Both FFT routes keep their spectra in the bit-reversed order the transforms leave them in:
 * decimation in frequency forward (natural order in, bit-reversed out, in place), the pointwise
 * step in that order, decimation in time back (bit-reversed in, natural out) — no permutation
 * anywhere. In bit-reversed order bin k's partner n − k sits mirrored in the same octave of
 * positions, which is what the real-signal steps need. Overlap-add filters real blocks, each
 * as one complex transform of half its length (simdOverlapAdd); the 'fft' method packs its two
 * real operands into one complex transform (simdConvolveFft).
 * docs/fft-convolution.md has the measurements behind both.
 */
import { PLANE_GAP, pow2Plan } from './fft-simd';
import { type SimdRuntime, countSimdCall, simdRuntime, simdThresholds } from './runtime';

export type SimdConvolveMethod = 'direct' | 'fft' | 'overlap-add';

/**
 * Cost model of the SIMD kernels (fitted with bench/run.ts on a 2-core AMD EPYC): nanoseconds
 * per direct multiply-add, per n·log2 n of a complex FFT pass, per point of an overlap-add
 * block's linear work around its transforms (copy in, deinterleave, filter, accumulate, copy out).
 */
const DIRECT_NS = 0.16;
const DIRECT_OUTPUT_NS = 6;
const FFT_NS = 0.4;
const LINEAR_NS = 1.5;
/** Per point of simdConvolveFft's linear work (copies in and out, zero padding, the product). */
const PACKED_LINEAR_NS = 2.5;

function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/** Multiply-adds of output window [lo, lo + length) of the full convolution (exact count). */
function directWork(na: number, nb: number, lo: number, length: number): number {
  // Output t sums a[k]·b[t − k] over max(0, t − nb + 1) ≤ k ≤ min(t, na − 1): a piecewise linear
  // count; sum it segment by segment with the arithmetic series.
  const short = Math.min(na, nb), long = Math.max(na, nb), full = na + nb - 1;
  const terms = (t: number): number => Math.min(t + 1, short, full - t);
  const hi = lo + length;
  let work = 0;
  const breaks = [lo, Math.max(lo, Math.min(hi, short - 1)), Math.max(lo, Math.min(hi, long)), hi];
  for (let s = 0; s + 1 < breaks.length; s++) {
    const from = breaks[s], to = breaks[s + 1];
    if (to > from) work += ((terms(from) + terms(to - 1)) / 2) * (to - from);
  }
  return work;
}

/**
 * Cost (ns) and block size of overlap-add with real blocks of n points (complex transforms of
 * n/2): per block one forward and one inverse transform and the linear passes around them, plus
 * the kernel's transform. The rate per point of a transform rises once its planes (16 bytes a
 * point) leave L2: fitted on 1,000,000 × 48,000, where blocks of 2^17 and 2^18 took the same
 * time and 2^19 1.45× that.
 */
function overlapAddCost(na: number, nb: number): { cost: number; size: number } {
  const long = Math.max(na, nb), short = Math.min(na, nb);
  let best = { cost: Infinity, size: 0 };
  for (let n = nextPowerOfTwo(Math.max(16, short + 1)); n <= 4 * nextPowerOfTwo(long + short); n *= 2) {
    const step = n - short + 1, h = n / 2, log = Math.log2(h);
    const blocks = Math.ceil(long / step);
    const cache = 1 + 0.15 * Math.max(0, log - 16);
    const cost = (2 * blocks + 1) * FFT_NS * cache * h * log + blocks * LINEAR_NS * n;
    if (cost < best.cost) best = { cost, size: n };
    if (step >= long) break;
  }
  return best;
}

/**
 * Cost (ns) of simdConvolveFft with n points: in-place transforms of n and n/2 (no permutation),
 * whose cost per n·log2 n rises once the planes leave L2 (2^20: ~1.4× the in-cache rate, measured
 * against overlap-add in one sitting), and the linear passes.
 */
function packedFftCost(n: number): number {
  const log = Math.log2(n);
  const cache = 1 + 0.1 * Math.max(0, log - 16);
  return FFT_NS * cache * (n * log + (n / 2) * (log - 1)) + PACKED_LINEAR_NS * n;
}

/** The block size simdOverlapAdd picks for inputs of these lengths, or undefined when the SIMD path is off. */
export function simdOverlapAddBlockSize(na: number, nb: number): number | undefined {
  return simdRuntime() ? overlapAddCost(na, nb).size : undefined;
}

/** The method 'auto' uses on the SIMD path, or undefined when that path is off. */
export function simdChooseConvolveMethod(
  na: number, nb: number, window?: { lo: number; length: number },
): SimdConvolveMethod | undefined {
  if (!simdRuntime()) return undefined;
  if (Math.min(na, nb) <= 8) return 'direct';
  const lo = window?.lo ?? 0;
  const length = window?.length ?? na + nb - 1;
  const direct = DIRECT_NS * directWork(na, nb, lo, length) + DIRECT_OUTPUT_NS * length;
  const n = nextPowerOfTwo(Math.max(16, na, nb, lo + length, na + nb - 1 - Math.max(lo, 0)));
  const fft = packedFftCost(n);
  const overlapAdd = overlapAddCost(na, nb).cost;
  if (direct <= fft && direct <= overlapAdd) return 'direct';
  return fft <= overlapAdd ? 'fft' : 'overlap-add';
}

/**
 * The 'fft' method on the SIMD path: one circular convolution of n points (a power of two that
 * makes it exact on the window) for two real operands, as one complex FFT of n points and one of
 * n/2, both in place. Both operands ride in one transform, z = a + i·b: difPow2 leaves its
 * spectrum in bit-reversed order, packedProductReversed separates the two spectra, multiplies
 * them and folds the product into the half-length real inverse's input in that same order, and
 * ditPow2 brings c[2j] + i·c[2j+1] back in natural order. No permutation anywhere (the old
 * natural-order route's bit-reversal scatters cost it 1.6× at 2^20). One copy in per operand,
 * one interleaving pass and one copy of the window out; the scratch is the module's.
 * Writes every out[o]. False when not taken.
 */
export function simdConvolveFft(a: Float64Array, b: Float64Array, lo: number, out: Float64Array, n: number): boolean {
  const rt = simdRuntime();
  const na = a.length, nb = b.length, length = out.length;
  if (!rt || Math.min(na, nb) === 0 || length * Math.min(na, nb) < simdThresholds.convolve1d) return false;
  n = Math.max(16, n);
  if ((n & (n - 1)) !== 0 || n < na || n < nb) return false;
  const log = Math.log2(n), h = n / 2;
  const whole = pow2Plan(rt, log), half = pow2Plan(rt, log - 1), w = reversedTwiddles(rt, log);
  if (!whole || !half || !w) return false;
  const gap = PLANE_GAP;
  const done = rt.heap.withScratch(24 * n + 2 * gap, (base) => {
    // z = a + i·b in (zr, zi), transformed in place; the output samples interleaved at op.
    const zr = base, zi = zr + 8 * n + gap, op = zi + 8 * n + gap;
    const k = rt.kernels;
    let f64 = rt.heap.f64;
    f64.set(a, zr / 8);
    f64.fill(0, zr / 8 + na, zr / 8 + n);
    f64.set(b, zi / 8);
    f64.fill(0, zi / 8 + nb, zi / 8 + n);
    // Separating the spectra squares each bin, mixing both operands' magnitudes: bring both to
    // about 1 by powers of two (exact), so neither is lost under the other nor overflows, and
    // undo it in the last scale.
    const ea = exponent(k.maxAbs(zr, n)), eb = exponent(k.maxAbs(zi, n));
    if (ea !== 0) k.scale(zr, n, 2 ** -ea);
    if (eb !== 0) k.scale(zi, n, 2 ** -eb);
    // Natural order → bit-reversed, the product and the real inverse's first step in that
    // order, bit-reversed → natural: no permutation anywhere.
    k.difPow2(zr, zi, log, whole.tables);
    k.packedProductReversed(zr, zi, w.wr, w.wi, n);
    // The inverse by the swap trick: the DFT of (Im Y, Re Y) leaves h·c[2j] in zr, h·c[2j+1] in zi.
    k.ditPow2(zi, zr, log - 1, half.tables);
    // out[o] = c[lo + o] for 0 ≤ lo + o < min(n, full length); zero elsewhere.
    const from = Math.min(length, Math.max(0, -lo)), to = Math.max(from, Math.min(length, Math.min(n, na + nb - 1) - lo));
    if (to > from) {
      // Interleave only the pairs the window needs.
      const j0 = (lo + from) >> 1, j1 = Math.min(h, (lo + to + 2) >> 1);
      const j0e = j0 & ~1, j1e = Math.min(h, j1 + (j1 & 1));
      k.interleave(zr + 8 * j0e, zi + 8 * j0e, op + 16 * j0e, j1e - j0e, (1 / h) * 2 ** (ea + eb));
    }
    f64 = rt.heap.f64;
    out.fill(0, 0, from);
    if (to > from) out.set(f64.subarray(op / 8 + lo + from, op / 8 + lo + to), from);
    out.fill(0, to);
    return true;
  });
  if (done) countSimdCall('convolve1d-fft');
  return done === true;
}

/**
 * packedProductReversed's twiddles for n = 2^log: for the pair at position P + q of octave
 * [P, 2P) (q even, q < P/2), W^−k at index P/4 + q/2, where k = rev_{log−1}((P + q)/2) is the
 * bin of position P + q and W = exp(−2πi/n); index 0 holds W^−h/2 = i (octave 2). h/2 values each.
 */
function reversedTwiddles(rt: SimdRuntime, log: number): { wr: number; wi: number } | undefined {
  const key = `convolve-reversed:${log}`;
  const cached = rt.plans.get(key) as { wr: number; wi: number } | undefined;
  if (cached) return cached;
  const n = 2 ** log, count = n / 4;
  const at = rt.heap.allocate(16 * count);
  if (at === undefined) return undefined;
  const f64 = rt.heap.f64, wr = at / 8, wi = at / 8 + count;
  f64[wr] = 0;
  f64[wi] = 1;
  for (let P = 4; P < n; P *= 2) {
    for (let q = 0; q < P / 2; q += 2) {
      const k = reverseBits((P + q) / 2, log - 1), angle = (2 * Math.PI * k) / n;
      f64[wr + P / 4 + q / 2] = Math.cos(angle);
      f64[wi + P / 4 + q / 2] = Math.sin(angle);
    }
  }
  const tables = { wr: at, wi: at + 8 * count };
  rt.plans.set(key, tables);
  return tables;
}

/** value with its low `bits` bits reversed. */
function reverseBits(value: number, bits: number): number {
  let r = 0;
  for (let i = 0; i < bits; i++) r = (r << 1) | ((value >> i) & 1);
  return r;
}

/** floor(log2 |x|) kept within ±1000 (so 2^±e stays finite), 0 for 0. */
function exponent(x: number): number {
  return x > 0 ? Math.max(-1000, Math.min(1000, Math.floor(Math.log2(x)))) : 0;
}

/** Direct sums for out[o] = (a * b)[lo + o] (the longer input walked contiguously). False when not taken. */
export function simdConvolveDirect(
  a: Float64Array, b: Float64Array, lo: number, out: Float64Array, onProgress?: (fraction: number) => void,
): boolean {
  const rt = simdRuntime();
  if (a.length < b.length) [a, b] = [b, a];
  const na = a.length, nb = b.length, length = out.length;
  if (!rt || length * nb < simdThresholds.convolve1d || nb === 0) return false;
  const chunk = Math.max(1, Math.min(length, Math.floor(4e6 / nb)));
  const done = rt.heap.withScratch(8 * (na + nb + chunk) + 32, (base) => {
    const ap = base, rp = base + 8 * na, op = rp + 8 * nb;
    const f64 = rt.heap.f64;
    f64.set(a, ap / 8);
    for (let m = 0; m < nb; m++) f64[rp / 8 + m] = b[nb - 1 - m];
    for (let o = 0; o < length; o += chunk) {
      const count = Math.min(chunk, length - o);
      rt.kernels.convolveDirect(ap, na, rp, nb, lo + o, op, count);
      out.set(rt.heap.f64.subarray(op / 8, op / 8 + count), o);
      if (onProgress && o + count < length) onProgress((o + count) / length);
    }
    return true;
  });
  if (done) countSimdCall('convolve1d-direct');
  return done === true;
}

/**
 * Overlap-add, writing every out[o] (or adding to what out holds when `add`): real blocks of
 * step = size − short + 1 samples of the longer input (size a power of two; 0 = chosen by the
 * cost model), each filtered as one complex
 * transform of size/2 points (z[j] = x[2j] + i·x[2j+1]): deinterleave, difPow2, realFilterApply
 * (the kernel's spectrum folded into two tables once per call), ditPow2, added back in sample
 * order into a window of the module's memory that slides along the output: once a block is
 * added, the samples before the next block's start are final and go straight to out, and the
 * short − 1 after them carry over. So the output is written once and never read, and the
 * scratch stays a few blocks long whatever the signal's length. Against two blocks per complex
 * transform (the route before), a last odd block costs no whole transform pair, and the
 * transforms are half as long for the same block, so they stay in a smaller cache.
 * False when not taken.
 */
export function simdOverlapAdd(
  a: Float64Array, b: Float64Array, lo: number, out: Float64Array, blockSize = 0,
  onProgress?: (fraction: number) => void, add = false,
): boolean {
  const rt = simdRuntime();
  if (a.length < b.length) [a, b] = [b, a];
  const na = a.length, nb = b.length, length = out.length;
  if (!rt || nb === 0 || length * nb < simdThresholds.convolve1d) return false;
  const size = blockSize > 0 ? blockSize : overlapAddCost(na, nb).size;
  // The TypeScript kernel reports a block shorter than the kernel; other sizes it takes too.
  if (size < nb + 1 || size < 16 || (size & (size - 1)) !== 0) return false;
  const h = size / 2, logh = Math.log2(h);
  const plan = pow2Plan(rt, logh), cs = reversedCosSin(rt, logh);
  if (!plan || !cs) return false;
  const step = size - nb + 1;
  const hi = lo + length, full = na + nb - 1;
  const gap = PLANE_GAP;
  const done = rt.heap.withScratch(8 * (2 * size + 6 * h) + 3 * gap, (base) => {
    // stage: a block in sample order; (zr, zi): its half-length transform; F, G: the filter;
    // acc: the output [p, p + size) of the block at p.
    const stage = base, zr = stage + 8 * size + gap, zi = zr + 8 * h + gap, fr = zi + 8 * h + gap;
    const fi = fr + 8 * h, gr = fi + 8 * h, gi = gr + 8 * h, acc = gi + 8 * h;
    const k = rt.kernels;
    let f64 = rt.heap.f64;
    f64.set(b, stage / 8);
    f64.fill(0, stage / 8 + nb, stage / 8 + size);
    k.deinterleave(stage, zr, zi, h);
    k.difPow2(zr, zi, logh, plan.tables);
    // The inverse's 1/h folded into the filter.
    k.realFilterPrepare(zr, zi, cs.cos, cs.sin, fr, fi, gr, gi, h, 1 / h);
    f64 = rt.heap.f64;
    f64.fill(0, acc / 8, acc / 8 + size);
    // Outputs outside [0, full) are zero; the blocks write the rest.
    if (!add) {
      out.fill(0, 0, Math.min(length, Math.max(0, -lo)));
      out.fill(0, Math.max(0, Math.min(length, full - lo)));
    }
    for (let p = 0; p < na; p += step) {
      // The block contributes to t in [p, p + size); skip it when that misses the window.
      if (p + size <= lo || p >= hi) continue;
      const count = Math.min(step, na - p);
      f64 = rt.heap.f64;
      f64.set(a.subarray(p, p + count), stage / 8);
      f64.fill(0, stage / 8 + count, stage / 8 + size);
      k.deinterleave(stage, zr, zi, h);
      k.difPow2(zr, zi, logh, plan.tables);
      k.realFilterApply(zr, zi, fr, fi, gr, gi, h);
      // The inverse by the swap trick: the DFT of (Im, Re) leaves c[2j] in zr, c[2j+1] in zi.
      k.ditPow2(zi, zr, logh, plan.tables);
      k.accumulateInterleaved(acc, zr, zi, h);
      // Final now: t < p + step (the next block starts there), or everything on the last block.
      const last = p + step >= na;
      const end = Math.min(last ? p + size : p + step, full, hi);
      const t0 = Math.max(p, lo);
      f64 = rt.heap.f64;
      if (end > t0 && add) for (let t = t0; t < end; t++) out[t - lo] += f64[acc / 8 + t - p];
      else if (end > t0) out.set(f64.subarray(acc / 8 + t0 - p, acc / 8 + end - p), t0 - lo);
      if (last) break;
      // Carry [step, size) to the front, zero the rest.
      f64.copyWithin(acc / 8, acc / 8 + step, acc / 8 + size);
      f64.fill(0, acc / 8 + size - step, acc / 8 + size);
      if (onProgress) onProgress(Math.min(1, (p + step) / na));
    }
    return true;
  });
  if (done) countSimdCall('convolve1d-overlap-add');
  return done === true;
}

/** cos θ and sin θ, θ = 2πk/(2h), for bin k at each position of a bit-reversed transform of h = 2^logh points. */
function reversedCosSin(rt: SimdRuntime, logh: number): { cos: number; sin: number } | undefined {
  const key = `convolve-real-filter:${logh}`;
  const cached = rt.plans.get(key) as { cos: number; sin: number } | undefined;
  if (cached) return cached;
  const h = 2 ** logh;
  const at = rt.heap.allocate(16 * h);
  if (at === undefined) return undefined;
  const f64 = rt.heap.f64;
  for (let s = 0; s < h; s++) {
    const angle = (Math.PI * reverseBits(s, logh)) / h;
    f64[at / 8 + s] = Math.cos(angle);
    f64[at / 8 + h + s] = Math.sin(angle);
  }
  const tables = { cos: at, sin: at + 8 * h };
  rt.plans.set(key, tables);
  return tables;
}
