/**
 * The real FFT of a prime length on the SIMD path, by Rader's algorithm halved by the input's
 * symmetry (assembly/fft-rader.ts derives it): two complex FFTs of the power of two M ≥ n − 2,
 * where the complex transform's Bluestein takes two of M ≥ 2n − 1 (100003: 2^17 against 2^18).
 */
import { PLANE_GAP, pow2Plan, type Pow2Plan } from './fft-simd';
import { type Kernels, type SimdRuntime, countSimdCall, simdRuntime, simdThresholds } from './runtime';

/** The kernels of assembly/fft-rader.ts (exported by the same module as runtime.ts's). */
interface RaderKernels extends Kernels {
  raderRealGather(x: number, index: number, n: number, zr: number, zi: number, h: number, m: number): number;
  raderRealMultiply(zr: number, zi: number, pr: number, pi: number, qr: number, qi: number, yr: number, yi: number, m: number): void;
  raderRealScatter(yr: number, yi: number, index: number, x0: number, outR: number, outI: number, h: number): void;
}

interface RaderRealPlan {
  readonly n: number;
  /** (n − 1)/2: the bins 1 … h come from as many convolution outputs. */
  readonly h: number;
  readonly inner: Pow2Plan;
  /** g^p mod n for p < h (i32). */
  readonly gather: number;
  /** g^−q mod n when ≤ h, else −(n − g^−q), for q < h (i32). */
  readonly scatter: number;
  /** The kernels' spectra folded for raderRealMultiply, each M values, divided by M. */
  readonly pr: number;
  readonly pi: number;
  readonly qr: number;
  readonly qi: number;
}

/** Rader's tables need g^k mod n exact in doubles: n below 2^26 keeps every product under 2^53. */
const RADER_MAX = 1 << 26;

/** True when n is prime (n ≥ 2), by trial division (plan time only). */
export function isPrime(n: number): boolean {
  if (n < 2 || !Number.isInteger(n)) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/** The distinct prime factors of n ≥ 1. */
function primeFactors(n: number): number[] {
  const factors: number[] = [];
  for (let d = 2; d * d <= n; d++) {
    if (n % d !== 0) continue;
    factors.push(d);
    while (n % d === 0) n /= d;
  }
  if (n > 1) factors.push(n);
  return factors;
}

function powMod(base: number, exponent: number, modulus: number): number {
  let result = 1, b = base % modulus, e = exponent;
  while (e > 0) {
    if (e % 2 === 1) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e = Math.floor(e / 2);
  }
  return result;
}

/** The smallest primitive root modulo the odd prime n. */
export function primitiveRoot(n: number): number {
  if (n === 2) return 1;
  const factors = primeFactors(n - 1);
  for (let g = 2; g < n; g++) {
    if (factors.every((f) => powMod(g, (n - 1) / f, n) !== 1)) return g;
  }
  throw new RangeError(`no primitive root modulo ${n}: it is not prime`);
}

function raderRealPlan(rt: SimdRuntime, n: number): RaderRealPlan | undefined {
  const key = `rader-real:${n}`;
  const cached = rt.plans.get(key) as RaderRealPlan | undefined;
  if (cached) return cached;
  const h = (n - 1) / 2;
  let m = 4, log = 2;
  while (m < 2 * h - 1) {
    m *= 2;
    log++;
  }
  const inner = pow2Plan(rt, log);
  const indices = rt.heap.allocate(8 * h + 16);
  const spectra = rt.heap.allocate(32 * m);
  if (!inner || indices === undefined || spectra === undefined) return undefined;
  const gather = indices, scatter = indices + 4 * h + 8;
  const pr = spectra, pi = spectra + 8 * m, qr = spectra + 16 * m, qi = spectra + 24 * m;
  const g = primitiveRoot(n), gInverse = powMod(g, n - 2, n);
  const i32 = new Int32Array(rt.heap.f64.buffer);
  // b[d] = W^(g^−d), W = exp(−2πi/n), for d < n − 1; e[d] = g^−d mod n.
  const exponents = new Int32Array(n - 1);
  for (let d = 0, e = 1, p = 1; d < n - 1; d++, e = (e * gInverse) % n, p = (p * g) % n) {
    exponents[d] = e;
    if (d < h) {
      i32[gather / 4 + d] = p;
      i32[scatter / 4 + d] = e <= h ? e : -(n - e);
    }
  }
  const built = rt.heap.withScratch(32 * m, (base) => {
    const er = base, ei = base + 8 * m, kr = base + 16 * m, ki = base + 24 * m;
    const f64 = rt.heap.f64;
    f64.fill(0, er / 8, er / 8 + 2 * m);
    // The kernel b[d mod (n − 1)] placed circularly at d mod M for |d| < h.
    for (let d = -(h - 1); d < h; d++) {
      const e = exponents[d < 0 ? n - 1 + d : d];
      const a = (-2 * Math.PI * e) / n;
      const at = d < 0 ? m + d : d;
      f64[er / 8 + at] = Math.cos(a);
      f64[ei / 8 + at] = Math.sin(a);
    }
    rt.kernels.fftPow2(er, ei, kr, ki, log, inner.tables);
    // K = FFT(br + i·bi): Kr = (K[k] + conj K[−k])/2, Ki = (K[k] − conj K[−k])/2i are the spectra
    // of the real and imaginary parts; P = (Kr + Ki)/2M, Q = (Kr − Ki)/2M.
    const s = 1 / (4 * m);
    for (let k = 0; k < m; k++) {
      const c = k === 0 ? 0 : m - k;
      const ar = f64[kr / 8 + k], ai = f64[ki / 8 + k], br = f64[kr / 8 + c], bi = -f64[ki / 8 + c];
      const rr = ar + br, ri = ai + bi; // 2·Kr
      const ir = ai - bi, ii = -(ar - br); // 2·Ki = −i·(K − conj K[−k])
      f64[pr / 8 + k] = s * (rr + ir);
      f64[pi / 8 + k] = s * (ri + ii);
      f64[qr / 8 + k] = s * (rr - ir);
      f64[qi / 8 + k] = s * (ri - ii);
    }
    return true;
  });
  if (!built) return undefined;
  const plan = { n, h, inner, gather, scatter, pr, pi, qr, qi };
  rt.plans.set(key, plan);
  return plan;
}

/**
 * numpy.fft.rfft of x[0 … n) for a prime n ≥ 3 into the (n + 1)/2 bins (re, im). False (and
 * nothing computed) when the SIMD path does not take n.
 */
export function simdRaderRealForward(n: number, x: Float64Array, re: Float64Array, im: Float64Array): boolean {
  const rt = simdRuntime();
  if (!rt || n < simdThresholds.rfft || n < 3 || n >= RADER_MAX || !isPrime(n)) return false;
  const plan = raderRealPlan(rt, n);
  if (!plan) return false;
  const m = plan.inner.n, h = plan.h, bins = h + 1;
  const xe = n + (n & 1), be = bins + (bins & 1);
  // The four planes of the inner transform PLANE_GAP apart (not exactly 8m: the radix-8 passes
  // of large inner lengths would put their octants of every plane into the same cache sets).
  const done = rt.heap.withScratch(8 * xe + 32 * m + 3 * PLANE_GAP + 16 * be, (base) => {
    const xs = base, ar = xs + 8 * xe, ai = ar + 8 * m + PLANE_GAP, br = ai + 8 * m + PLANE_GAP, bi = br + 8 * m + PLANE_GAP;
    const or = bi + 8 * m, oi = or + 8 * be;
    const k = rt.kernels as RaderKernels;
    rt.heap.f64.set(x.subarray(0, n), xs / 8);
    const sum = k.raderRealGather(xs, plan.gather, n, ar, ai, h, m);
    k.fftPow2(ar, ai, br, bi, plan.inner.log, plan.inner.tables);
    k.raderRealMultiply(br, bi, plan.pr, plan.pi, plan.qr, plan.qi, ar, ai, m);
    // The inverse by the swap trick (1/M is folded into P and Q): y lands in (br, bi).
    k.fftPow2(ai, ar, bi, br, plan.inner.log, plan.inner.tables);
    const x0 = x[0];
    k.raderRealScatter(br, bi, plan.scatter, x0, or, oi, h);
    const f64 = rt.heap.f64;
    f64[or / 8] = x0 + sum;
    f64[oi / 8] = 0;
    re.set(f64.subarray(or / 8, or / 8 + bins));
    im.set(f64.subarray(oi / 8, oi / 8 + bins));
    return true;
  });
  if (done) countSimdCall('rfft-rader');
  return done === true;
}
