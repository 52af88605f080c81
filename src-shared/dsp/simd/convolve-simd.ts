/**
 * 1-D convolution on the SIMD path: the same windows of the full convolution as ../convolve1d.ts
 * (out[o] = (a * b)[lo + o]), computed by the WebAssembly kernels.
 *
 * Overlap-add uses the two-blocks-per-transform trick: because the kernel b is real,
 * conv(x₁ + i·x₂, b) = conv(x₁, b) + i·conv(x₂, b), so two consecutive blocks of a ride in the
 * real and imaginary parts of one complex FFT. The forward transform is decimation in frequency
 * (natural order in, bit-reversed out), the spectra are multiplied in that order, and the
 * inverse is decimation in time (bit-reversed in, natural out) — no permutation anywhere.
 */
import { pow2Plan } from './fft-simd';
import { countSimdCall, simdRuntime, simdThresholds } from './runtime';

export type SimdConvolveMethod = 'direct' | 'overlap-add';

/**
 * Cost model of the SIMD kernels (fitted with bench/run.ts on a 2-core AMD EPYC): nanoseconds
 * per direct multiply-add, per n·log2 n of a complex FFT pass, per point of the linear work
 * around it (loading, spectrum product, accumulation).
 */
const DIRECT_NS = 0.16;
const DIRECT_OUTPUT_NS = 6;
const FFT_NS = 0.4;
const LINEAR_NS = 2.5;

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

/** The method 'auto' uses on the SIMD path, or undefined when that path is off. */
export function simdChooseConvolveMethod(
  na: number, nb: number, window?: { lo: number; length: number },
): SimdConvolveMethod | undefined {
  if (!simdRuntime()) return undefined;
  if (Math.min(na, nb) <= 8) return 'direct';
  const lo = window?.lo ?? 0;
  const length = window?.length ?? na + nb - 1;
  const direct = DIRECT_NS * directWork(na, nb, lo, length) + DIRECT_OUTPUT_NS * length;
  // No 'fft' candidate: on this path one big transform is overlap-add with a single block pair
  // (simdConvolveFft), which the block-size search below already prices.
  return direct <= overlapAddCost(na, nb).cost ? 'direct' : 'overlap-add';
}

/**
 * The 'fft' method on the SIMD path: the whole convolution window through transforms of n points
 * (n a power of two that makes the circular result exact on the window), run by the overlap-add
 * kernel with block size n — both halves of the longer input ride in one complex transform, where
 * the TypeScript route needs three real ones. Writes out (not adds). False when not taken.
 */
export function simdConvolveFft(a: Float64Array, b: Float64Array, lo: number, out: Float64Array, n: number): boolean {
  const nb = Math.min(a.length, b.length);
  // The overlap-add kernel needs a block longer than the kernel.
  const size = n < nb + 1 ? 2 * n : n;
  if (!simdRuntime()) return false;
  out.fill(0);
  return simdOverlapAdd(a, b, lo, out, size);
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
 * Overlap-add into out (added to what out holds, as the TypeScript kernel does): blocks of
 * step = size − short + 1 samples of the longer input, two per complex transform of `size`
 * points (a power of two; 0 = chosen by the cost model). False when not taken.
 */
export function simdOverlapAdd(
  a: Float64Array, b: Float64Array, lo: number, out: Float64Array, blockSize = 0,
  onProgress?: (fraction: number) => void,
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
  const hi = lo + length;
  const done = rt.heap.withScratch(32 * size + 8 * length, (base) => {
    const hr = base, hi_ = base + 8 * size, zr = base + 16 * size, zi = base + 24 * size, op = base + 32 * size;
    const k = rt.kernels;
    let f64 = rt.heap.f64;
    f64.set(out, op / 8);
    // The kernel's spectrum in bit-reversed order, divided by size for the inverse.
    f64.fill(0, hr / 8, hr / 8 + 2 * size);
    f64.set(b, hr / 8);
    k.difPow2(hr, hi_, log, plan.tables);
    k.scale(hr, 2 * size, 1 / size);
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
      addBlock(zr, p, c1);
      if (c2 > 0) addBlock(zi, p + step, c2);
      if (onProgress) onProgress(Math.min(1, (p + 2 * step) / na));
    }
    out.set(rt.heap.f64.subarray(op / 8, op / 8 + length));
    return true;

    /** out[t − lo] += block[t − start] for t in [start, start + count + nb − 1) ∩ window. */
    function addBlock(block: number, start: number, count: number): void {
      const t0 = Math.max(start, lo), t1 = Math.min(start + count + nb - 1, hi);
      if (t1 > t0) k.accumulate(op + 8 * (t0 - lo), block + 8 * (t0 - start), t1 - t0);
    }
  });
  if (done) countSimdCall('convolve1d-overlap-add');
  return done === true;
}
