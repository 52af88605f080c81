/**
 * The mixed-radix complex FFT on the SIMD path: the Stockham passes of ../fft-mixed-radix.ts (the
 * plain path and the oracle), run by assembly/fft-mixed.ts one pass per call, ping-ponging between
 * two pairs of planes in the module's memory. fft.ts's mixed-radix plans call it first and run the
 * TypeScript kernel when it returns false (the SIMD path off, the length below its threshold, or
 * memory that cannot grow).
 *
 * The plan holds each pass's twiddles in the layout the kernel reads (per pair of j, the p − 1
 * twiddles as [wr(j), wr(j + 1), wi(j), wi(j + 1)]), computed with the plain kernel's formula,
 * and for primes above 7 the cos / sin table of the generic pass.
 */
import { type Kernels, type SimdRuntime, countSimdCall, simdRuntime, simdThresholds } from './runtime';
import { PLANE_GAP, bluesteinOnHeap } from './fft-simd';

/** The kernel of assembly/fft-mixed.ts (exported by the same module as runtime.ts's). */
interface MixedKernels extends Kernels {
  fftMixedPass(xr: number, xi: number, yr: number, yi: number, p: number, m: number, s: number, tw: number, g: number): void;
  mixedMaxPrime(): number;
}

interface MixedStage {
  readonly p: number;
  readonly m: number;
  readonly s: number;
  /** Byte address of the pass's twiddle blocks. */
  readonly tw: number;
  /** Byte address of cos(2πk/p), sin(2πk/p) for k < p (generic pass), else 0. */
  readonly g: number;
}

export interface MixedSimdPlan {
  readonly n: number;
  readonly stages: readonly MixedStage[];
}

/** The radices of n in the plain kernel's order (4s, a 2, odd primes ascending), or undefined. */
function radicesOf(n: number, maxPrime: number): number[] | undefined {
  const odd: number[] = [];
  let twos = 0, rest = n;
  while (rest % 2 === 0) {
    twos++;
    rest /= 2;
  }
  for (let p = 3; p <= maxPrime && rest > 1; p += 2) {
    while (rest % p === 0) {
      odd.push(p);
      rest /= p;
    }
  }
  if (rest !== 1) return undefined;
  const radices: number[] = [];
  for (; twos >= 2; twos -= 2) radices.push(4);
  if (twos === 1) radices.push(2);
  return [...radices, ...odd];
}

/** The cached plan for n ≥ 2 with no prime factor above the kernel's generic pass, or undefined. */
export function mixedSimdPlan(rt: SimdRuntime, n: number): MixedSimdPlan | undefined {
  const key = `mixed:${n}`;
  const cached = rt.plans.get(key) as MixedSimdPlan | undefined;
  if (cached) return cached;
  const k = rt.kernels as MixedKernels;
  const radices = radicesOf(n, k.mixedMaxPrime());
  if (!radices || n < 2) return undefined;
  const stages: MixedStage[] = [];
  const generic = new Map<number, number>();
  let s = 1;
  for (const p of radices) {
    const m = n / (s * p);
    const blocks = Math.ceil(m / 2);
    const tw = rt.heap.allocate(Math.max(blocks, 1) * (p - 1) * 32);
    if (tw === undefined) return undefined;
    let f64 = rt.heap.f64;
    for (let j = 0; j < m; j++) {
      const block = tw / 8 + (j >> 1) * 4 * (p - 1), lane = j & 1;
      for (let t = 1; t < p; t++) {
        // W_{pm}^{tj} = exp(−2πi·(t·j·s mod n)/n): the plain kernel's formula, reduced exactly.
        const a = (-2 * Math.PI * ((t * j * s) % n)) / n;
        f64[block + 4 * (t - 1) + lane] = Math.cos(a);
        f64[block + 4 * (t - 1) + 2 + lane] = Math.sin(a);
      }
    }
    let g = 0;
    if (p > 7) {
      g = generic.get(p) ?? 0;
      if (g === 0) {
        const at = rt.heap.allocate(16 * p);
        if (at === undefined) return undefined;
        f64 = rt.heap.f64;
        for (let i = 0; i < p; i++) {
          f64[at / 8 + i] = Math.cos((2 * Math.PI * i) / p);
          f64[at / 8 + p + i] = Math.sin((2 * Math.PI * i) / p);
        }
        generic.set(p, at);
        g = at;
      }
    }
    stages.push({ p, m, s, tw, g });
    s *= p;
  }
  const plan = { n, stages };
  rt.plans.set(key, plan);
  return plan;
}

/** Bytes of scratch mixedInMemory needs beyond the two planes of its input (n ≥ 2). */
export function mixedScratchBytes(n: number): number {
  return 16 * (n + (n & 1)) + 2 * PLANE_GAP;
}

/**
 * Runs the plan's passes on (ar, ai) in the module's memory, using (br, bi) as the other pair
 * of planes; the input is overwritten. Returns which pair holds the result: 0 for (ar, ai), 1 for
 * (br, bi).
 */
export function mixedInMemory(rt: SimdRuntime, plan: MixedSimdPlan, ar: number, ai: number, br: number, bi: number): 0 | 1 {
  const k = rt.kernels as MixedKernels;
  let inR = ar, inI = ai, outR = br, outI = bi;
  for (const st of plan.stages) {
    k.fftMixedPass(inR, inI, outR, outI, st.p, st.m, st.s, st.tw, st.g);
    [inR, outR] = [outR, inR];
    [inI, outI] = [outI, inI];
  }
  return inR === ar ? 0 : 1;
}

/**
 * y = DFT(x) for a length the plain planner runs by mixed radix (inverse: the unscaled inverse
 * DFT, divided by n when scaled). In-place use (x === y) is allowed. False, with nothing
 * computed, when the SIMD path does not take n.
 */
export function simdMixedTransform(
  n: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, inverse: boolean, scaled: boolean,
): boolean {
  const rt = simdRuntime();
  if (!rt || n < simdThresholds.fftMixed || n < 2) return false;
  const plan = mixedSimdPlan(rt, n);
  if (!plan) return false;
  const ne = n + (n & 1), plane = 8 * ne + PLANE_GAP;
  const done = rt.heap.withScratch(4 * plane, (base) => {
    const ar = base, ai = ar + plane, br = ai + plane, bi = br + plane;
    let f64 = rt.heap.f64;
    // ifft(x) = swap(fft(swap(x))): exchange the roles of re and im on both sides.
    f64.set((inverse ? xi : xr).subarray(0, n), ar / 8);
    f64.set((inverse ? xr : xi).subarray(0, n), ai / 8);
    const [or, oi] = mixedInMemory(rt, plan, ar, ai, br, bi) === 0 ? [ar, ai] : [br, bi];
    if (scaled) {
      rt.kernels.scale(or, ne, 1 / n);
      rt.kernels.scale(oi, ne, 1 / n);
    }
    f64 = rt.heap.f64;
    (inverse ? yi : yr).set(f64.subarray(or / 8, or / 8 + n));
    (inverse ? yr : yi).set(f64.subarray(oi / 8, oi / 8 + n));
    return true;
  });
  if (done) countSimdCall('fft-mixed');
  return done === true;
}

// ---------------------------------------------------------------------------------------------
// Bluestein over a mixed-radix inner length

/**
 * Estimated cost per point of one pass of each radix on the SIMD path (a radix-4 pass = 1), fitted
 * to CPU times of both SIMD kernels (1000: 0.0050 ms, 1024: 0.0044, 200704 = 2^12·7^2: 1.78,
 * 262144: 2.73 at load ~7): the power-of-two kernel and the mixed one cost about the same per
 * point and pass, so a smaller inner length with a few radix-3, 5 or 7 passes wins.
 */
const PASS_COST: Record<number, number> = { 2: 0.7, 3: 0.9, 4: 1, 5: 1.2, 7: 1.5 };

/** Estimated cost of a transform of m = 2^a·3^b·5^c·7^d, or Infinity for other m. */
function innerCost(m: number): number {
  const radices = radicesOf(m, 7);
  if (!radices) return Infinity;
  return m * radices.reduce((sum, p) => sum + PASS_COST[p], 0);
}

/**
 * The inner length for Bluestein's algorithm on n: the even 7-smooth m ≥ 2n − 1 of least
 * estimated cost, or the power of two (then fft-simd.ts's Bluestein runs, whose inner transform
 * is the power-of-two kernel). 100003: 200704 = 2^12·7^2 instead of 262144.
 */
export function bluesteinInnerLength(n: number): number {
  const least = 2 * n - 1;
  let pow2 = 1;
  while (pow2 < least) pow2 *= 2;
  let best = pow2, bestCost = innerCost(pow2);
  // Every even 3^b·5^c·7^d·2^a in [least, pow2): a few hundred candidates even at 2^26.
  for (let odd7 = 1; odd7 < pow2; odd7 *= 7) {
    for (let odd5 = odd7; odd5 < pow2; odd5 *= 5) {
      for (let odd3 = odd5; odd3 < pow2; odd3 *= 3) {
        let m = 2 * odd3;
        while (m < least) m *= 2;
        if (m >= pow2) continue;
        const cost = innerCost(m);
        if (cost < bestCost || (cost === bestCost && m < best)) {
          best = m;
          bestCost = cost;
        }
      }
    }
  }
  return best;
}

interface BluesteinMixedPlan {
  readonly n: number;
  readonly inner: MixedSimdPlan;
  /** chirp[k] = exp(−iπ k²/n), k < n (re then im, each padded to an even count). */
  readonly chirpR: number;
  readonly chirpI: number;
  /** FFT_m of conj(chirp) placed circularly, divided by m. */
  readonly filterR: number;
  readonly filterI: number;
}

function bluesteinMixedPlan(rt: SimdRuntime, n: number, m: number): BluesteinMixedPlan | undefined {
  const key = `bluestein-mixed:${n}`;
  const cached = rt.plans.get(key) as BluesteinMixedPlan | undefined;
  if (cached) return cached;
  const inner = mixedSimdPlan(rt, m);
  const ne = n + (n & 1);
  const chirp = rt.heap.allocate(16 * ne);
  const filter = rt.heap.allocate(16 * m);
  if (!inner || chirp === undefined || filter === undefined) return undefined;
  const chirpR = chirp, chirpI = chirp + 8 * ne, filterR = filter, filterI = filter + 8 * m;
  let f64 = rt.heap.f64;
  const twoN = 2 * n;
  f64.fill(0, chirpR / 8, chirpR / 8 + 2 * ne);
  // The plain kernel's chirp: k² reduced mod 2n first, exact below 2^53 for n < 2^26.
  for (let k = 0; k < n; k++) {
    const a = (-Math.PI * ((k * k) % twoN)) / n;
    f64[chirpR / 8 + k] = Math.cos(a);
    f64[chirpI / 8 + k] = Math.sin(a);
  }
  const built = rt.heap.withScratch(32 * m, (base) => {
    const ar = base, ai = ar + 8 * m, br = ai + 8 * m, bi = br + 8 * m;
    f64 = rt.heap.f64;
    f64.fill(0, ar / 8, ar / 8 + 2 * m);
    for (let k = 0; k < n; k++) {
      const cr = f64[chirpR / 8 + k], ci = f64[chirpI / 8 + k];
      f64[ar / 8 + k] = cr;
      f64[ai / 8 + k] = -ci;
      if (k > 0) {
        f64[ar / 8 + m - k] = cr;
        f64[ai / 8 + m - k] = -ci;
      }
    }
    const [or, oi] = mixedInMemory(rt, inner, ar, ai, br, bi) === 0 ? [ar, ai] : [br, bi];
    f64 = rt.heap.f64;
    for (let k = 0; k < m; k++) {
      f64[filterR / 8 + k] = f64[or / 8 + k] / m;
      f64[filterI / 8 + k] = f64[oi / 8 + k] / m;
    }
    return true;
  });
  if (!built) return undefined;
  const plan = { n, inner, chirpR, chirpI, filterR, filterI };
  rt.plans.set(key, plan);
  return plan;
}

/**
 * The DFT of a length fft.ts runs by Bluestein's algorithm, with the inner transforms on the
 * SIMD mixed-radix kernel when bluesteinInnerLength(n) is not a power of two. Same contract as
 * simdMixedTransform; false (nothing computed) when it does not take n.
 */
export function simdBluesteinMixed(
  n: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, inverse: boolean, scaled: boolean,
): boolean {
  const rt = simdRuntime();
  if (!rt || n < simdThresholds.fft || n < 4) return false;
  const innerKey = `bluestein-inner:${n}`;
  let m = rt.plans.get(innerKey) as number | undefined;
  if (m === undefined) {
    m = bluesteinInnerLength(n);
    rt.plans.set(innerKey, m);
  }
  if ((m & (m - 1)) === 0) return false;
  const plan = bluesteinMixedPlan(rt, n, m);
  if (!plan) return false;
  const inner = plan.inner;
  const done = bluesteinOnHeap(rt, n, m, 8 * m + PLANE_GAP, plan, (ar, ai, br, bi) =>
    (mixedInMemory(rt, inner, ar, ai, br, bi) === 0 ? [ar, ai] : [br, bi]), xr, xi, yr, yi, inverse, scaled);
  if (done) {
    // Bluestein's family on the SIMD path, and which inner kernel it took.
    countSimdCall('fft-bluestein');
    countSimdCall('fft-bluestein-mixed');
  }
  return done === true;
}
