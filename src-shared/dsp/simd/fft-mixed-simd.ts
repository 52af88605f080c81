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

/** Bytes between planes, so that one index of the four planes does not share a cache set. */
const PLANE_GAP = 1024;

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
  if (!rt || n < simdThresholds.fft || n < 2) return false;
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
