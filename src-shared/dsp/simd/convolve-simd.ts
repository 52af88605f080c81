/**
 * 1-D convolution on the SIMD path: the same windows of the full convolution as ../convolve1d.ts
 * (out[o] = (a * b)[lo + o]), computed by the WebAssembly kernels.
 *
 * Overlap-add uses the two-blocks-per-transform trick: because the kernel b is real,
 * conv(x₁ + i·x₂, b) = conv(x₁, b) + i·conv(x₂, b), so two consecutive blocks of a ride in the
 * real and imaginary parts of one complex FFT. The forward transform is decimation in frequency
 * (natural order in, bit-reversed out), the spectra are multiplied in that order, and the
 * inverse is decimation in time (bit-reversed in, natural out) — no permutation anywhere.
 * The 'fft' method packs its two real operands into one complex transform instead (simdConvolveFft).
 * docs/fft-convolution.md has the measurements behind both.
 */
import { pow2Plan } from './fft-simd';
import { type SimdRuntime, countSimdCall, simdRuntime, simdThresholds } from './runtime';

export type SimdConvolveMethod = 'direct' | 'fft' | 'overlap-add';

/**
 * Cost model of the SIMD kernels (fitted with bench/run.ts on a 2-core AMD EPYC): nanoseconds
 * per direct multiply-add, per n·log2 n of a complex FFT pass, per point of the linear work
 * around it (loading, spectrum product, accumulation).
 */
const DIRECT_NS = 0.16;
const DIRECT_OUTPUT_NS = 6;
const FFT_NS = 0.4;
const LINEAR_NS = 2.5;
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

/** Cost (ns) and block size of overlap-add with complex transforms of n points, two blocks each. */
function overlapAddCost(na: number, nb: number): { cost: number; size: number } {
  const long = Math.max(na, nb), short = Math.min(na, nb);
  let best = { cost: Infinity, size: 0 };
  for (let n = nextPowerOfTwo(Math.max(16, short + 1)); n <= 4 * nextPowerOfTwo(long + short); n *= 2) {
    const step = n - short + 1;
    const pairs = Math.ceil(long / (2 * step));
    // The kernel's transform, then per pair one forward and one inverse transform.
    const cost = (2 * pairs + 1) * FFT_NS * n * Math.log2(n) + (pairs + 1) * LINEAR_NS * n;
    if (cost < best.cost) best = { cost, size: n };
    if (pairs === 1 && step >= long) break;
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
 * natural-order route's bit-reversal scatters cost it 1.5× at 2^20). One copy in per operand,
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

/** Bytes between the planes of a large transform (fft-simd.ts's PLANE_GAP: no cache-set aliasing of re and im). */
const PLANE_GAP = 1024;

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
 * Overlap-add, writing every out[o] (or adding to what out holds when `add`): blocks of step = size − short + 1 samples of the longer
 * input, two per complex transform of `size` points (a power of two; 0 = chosen by the cost
 * model). The pairs' results are summed in a window of the module's memory that slides along
 * the output: once a pair is added, the 2·step samples before the next pair's start are final
 * and go straight to out, and the short − 1 samples after them carry over. So the output is
 * written once and never read, and the scratch stays a few transforms long whatever the signal's
 * length. False when not taken.
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
  const log = Math.log2(size);
  const plan = pow2Plan(rt, log);
  if (!plan) return false;
  const step = size - nb + 1;
  const hi = lo + length, full = na + nb - 1;
  // The window of the output [p, p + step + size) a pair at p adds into (even length for the kernels).
  const span = step + size + 1;
  const done = rt.heap.withScratch(32 * size + 8 * span, (base) => {
    const hr = base, hi_ = base + 8 * size, zr = base + 16 * size, zi = base + 24 * size, acc = base + 32 * size;
    const k = rt.kernels;
    let f64 = rt.heap.f64;
    // The kernel's spectrum in bit-reversed order, divided by size for the inverse.
    f64.fill(0, hr / 8, hr / 8 + 2 * size);
    f64.set(b, hr / 8);
    k.difPow2(hr, hi_, log, plan.tables);
    k.scale(hr, 2 * size, 1 / size);
    f64.fill(0, acc / 8, acc / 8 + span);
    // Outputs outside [0, full) are zero; the pairs write the rest.
    if (!add) {
      out.fill(0, 0, Math.min(length, Math.max(0, -lo)));
      out.fill(0, Math.max(0, Math.min(length, full - lo)));
    }
    for (let p = 0; p < na; p += 2 * step) {
      // The pair contributes to t in [p, p + step + size); skip it when that misses the window.
      if (p + step + size <= lo || p >= hi) continue;
      const c1 = Math.min(step, na - p), c2 = Math.max(0, Math.min(step, na - p - step));
      f64 = rt.heap.f64;
      f64.set(a.subarray(p, p + c1), zr / 8);
      f64.fill(0, zr / 8 + c1, zr / 8 + size);
      if (c2 > 0) f64.set(a.subarray(p + step, p + step + c2), zi / 8);
      f64.fill(0, zi / 8 + c2, zi / 8 + size);
      k.difPow2(zr, zi, log, plan.tables);
      k.multiplySpectra(zr, zi, hr, hi_, size, 1);
      // Inverse by the swap trick: ifft(Z) = swap(fft(swap(Z))).
      k.ditPow2(zi, zr, log, plan.tables);
      // acc holds t − p ∈ [0, nb − 1) carried from the pairs before; add this pair's blocks.
      k.accumulate(acc, zr, size);
      if (c2 > 0) k.accumulate(acc + 8 * step, zi, size);
      // Final now: t < p + 2·step (the next pair starts there), or everything on the last pair.
      const last = p + 2 * step >= na;
      const end = Math.min(last ? p + step + size : p + 2 * step, full, hi);
      const t0 = Math.max(p, lo);
      f64 = rt.heap.f64;
      if (end > t0 && add) for (let t = t0; t < end; t++) out[t - lo] += f64[acc / 8 + t - p];
      else if (end > t0) out.set(f64.subarray(acc / 8 + t0 - p, acc / 8 + end - p), t0 - lo);
      if (last) break;
      // Carry [2·step, 2·step + nb − 1) to the front, zero the rest.
      f64.copyWithin(acc / 8, acc / 8 + 2 * step, acc / 8 + span);
      f64.fill(0, acc / 8 + span - 2 * step, acc / 8 + span);
      if (onProgress) onProgress(Math.min(1, (p + 2 * step) / na));
    }
    return true;
  });
  if (done) countSimdCall('convolve1d-overlap-add');
  return done === true;
}
