/**
 * The FFT entry points of the SIMD path: the same transforms as ../fft.ts (numpy's conventions),
 * computed by the WebAssembly kernels in assembly/fft.ts. Each returns false — and computes
 * nothing — when the SIMD path is off, the length is below its threshold or not one these
 * kernels cover (5-smooth lengths that are not powers of two are fft-mixed-simd.ts's); the caller
 * then runs the TypeScript path.
 *
 * Twiddles, chirps and the Bluestein filter are computed with the same formulas (and Math.cos /
 * Math.sin) as the TypeScript plans, so both paths start from identical tables. (The power-of-two
 * plan and the real FFT's W^k copy what their largest stage already holds instead of computing it
 * again: the same angles, so the same bits.)
 */
import { type SimdRuntime, countSimdCall, simdRuntime, simdThresholds } from './runtime';

export interface Pow2Plan {
  readonly n: number;
  readonly log: number;
  /** Byte address of the twiddle tables: the radix-4 stages', then the radix-8 passes' (layout: assembly/fft.ts). */
  readonly tables: number;
}

interface BluesteinPlan extends BluesteinTables {
  readonly n: number;
  readonly inner: Pow2Plan;
}

export interface RealTables {
  /** W^k = exp(−2πik/n) for k ≤ n/4 (the real kernels use the symmetry W^(h−k) = −conj W^k). */
  readonly wr: number;
  readonly wi: number;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function isFiveSmooth(n: number): boolean {
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/** An even count ≥ n (the kernels work on pairs). */
function even(n: number): number {
  return n + (n & 1);
}

// A radix-4 stage's table (and a radix-8 pass's: the same layout) holds per pair of j, lanes j and
// j + 1: w_1, w_2, w_3 (a radix-8 pass: w_1, w_2, w_4), each as 2 cosines then 2 sines; index k's
// cosine of w_q sits at table + 12·⌊k/2⌋ + (k mod 2) + 4q, its sine 2 further (f64 slots).

/** The top radix-4 stage (m = n/4) by Math.cos / Math.sin: w_q(j) = exp(−2πi·q·j/n), j0 ≤ j < j1 (even bounds). */
function directTopStage(f64: Float64Array, top: number, m: number, j0: number, j1: number): void {
  const step = (-2 * Math.PI) / (4 * m);
  for (let j = j0, at = top + 6 * j0; j < j1; j += 2, at += 12) {
    for (let lane = 0; lane < 2; lane++) {
      const a = step * (j + lane);
      f64[at + lane] = Math.cos(a);
      f64[at + 2 + lane] = Math.sin(a);
      f64[at + 4 + lane] = Math.cos(step * 2 * (j + lane));
      f64[at + 6 + lane] = Math.sin(step * 2 * (j + lane));
      f64[at + 8 + lane] = Math.cos(step * 3 * (j + lane));
      f64[at + 10 + lane] = Math.sin(step * 3 * (j + lane));
    }
  }
}

/**
 * Fills the stage at `to` for j0 ≤ j < j1 (even bounds): its w_q (q = 0, 1, 2: its first, second,
 * third entry) with the top stage's entry of index s_q·j found at +e_q (0: w_1, 4: w_2, 8: w_3).
 * s_q·j is even, so index s_q·j's lane is 0 and index s_q·(j + 1) = s_q·j + s_q sits 6s_q slots
 * on (s_q even) or in the next lane (s_q = 1).
 */
function copyFromTop(
  f64: Float64Array, to: number, j0: number, j1: number, top: number,
  s0: number, e0: number, s1: number, e1: number, s2: number, e2: number,
): void {
  let a0 = top + 6 * s0 * j0 + e0, a1 = top + 6 * s1 * j0 + e1, a2 = top + 6 * s2 * j0 + e2;
  const b0 = s0 === 1 ? 1 : 6 * s0, b1 = s1 === 1 ? 1 : 6 * s1, b2 = s2 === 1 ? 1 : 6 * s2;
  const d0 = 12 * s0, d1 = 12 * s1, d2 = 12 * s2;
  for (let j = j0, at = to + 6 * j0; j < j1; j += 2, at += 12, a0 += d0, a1 += d1, a2 += d2) {
    f64[at] = f64[a0];
    f64[at + 1] = f64[a0 + b0];
    f64[at + 2] = f64[a0 + 2];
    f64[at + 3] = f64[a0 + b0 + 2];
    f64[at + 4] = f64[a1];
    f64[at + 5] = f64[a1 + b1];
    f64[at + 6] = f64[a1 + 2];
    f64[at + 7] = f64[a1 + b1 + 2];
    f64[at + 8] = f64[a2];
    f64[at + 9] = f64[a2 + b2];
    f64[at + 10] = f64[a2 + 2];
    f64[at + 11] = f64[a2 + b2 + 2];
  }
}

/** A radix-8 pass's table by Math.cos / Math.sin (where there is no top stage to copy from). */
function directRadix8Pass(f64: Float64Array, at: number, m: number): void {
  const step = (-2 * Math.PI) / (8 * m);
  for (let j = 0; j < m; j += 2) {
    for (let q = 0; q < 3; q++) {
      const r = 1 << q;
      for (let lane = 0; lane < 2; lane++) {
        const a = step * r * (j + lane);
        f64[at + lane] = Math.cos(a);
        f64[at + 2 + lane] = Math.sin(a);
      }
      at += 4;
    }
  }
}

/**
 * Top-stage indices per chunk of pow2Plan's work: each chunk's Math.cos / Math.sin, then the
 * copies that read it (48 KB of the top table, still in cache). Small functions called chunk after
 * chunk: V8 optimizes them after a few chunks. (One copy loop per stage over the whole table ran
 * interpreted until V8 had compiled it, on a loaded machine for most of the stage, and took as long
 * as the calls it replaced.)
 */
const PLAN_CHUNK = 1024;

/**
 * The cached power-of-two plan for n = 2^log ≥ 4 in this module instance.
 *
 * Only the top radix-4 stage (m = n/4, step −2π/n) is computed with Math.cos / Math.sin; every
 * other entry is copied from it, bit for bit the value the direct formula gives: each stage's step
 * is −2π divided by a power of two, step_m = step_top·s with s = n/(4m) a power of two, so the
 * angle step_m·j rounds to exactly step_top·(s·j), and (step_m·3)·j to exactly
 * (step_top·3)·(s·j) (scaling by a power of two commutes with rounding). A radix-4 stage's w_q at
 * j is the top stage's w_q at s·j. A radix-8 pass (m = n/(8s)) has the angles step_top·r·s·j,
 * j < m: w_1 is the top stage's w_1 at s·j, w_2 its w_1 at 2s·j, w_4 its w_2 at 2s·j (all
 * 2s·j < n/4). At n = 4 and 8 there are no tables.
 */
export function pow2Plan(rt: SimdRuntime, log: number): Pow2Plan | undefined {
  const key = `pow2:${log}`;
  const cached = rt.plans.get(key) as Pow2Plan | undefined;
  if (cached) return cached;
  const n = 2 ** log;
  const tables = rt.heap.allocate(rt.kernels.fftTableBytes(log));
  if (tables === undefined) return undefined;
  const f64 = rt.heap.f64;
  const first = log % 2 === 1 ? 8 : 4;
  // The radix-4 stages m = first, 4·first, …, n/4 lie one after the other, 6m values each: the
  // top one (m = n/4) last, the radix-8 passes after it: m = n/8, n/64, … (assembly/fft.ts
  // difPasses), per pair of j w_r = exp(−2πi·r·j/(8m)) for r = 1, 2, 4 (the kernel multiplies out
  // the others), each as (re lanes, im lanes). (A module built before them, bench/fft-ab.ts's old
  // side, has no such export and no such pass.)
  let top = 0, radix8At = tables / 8;
  for (let m = first; 4 * m <= n; m *= 4) {
    top = radix8At;
    radix8At += 6 * m;
  }
  const radix8 = rt.kernels.fftRadix8Passes?.(log) ?? 0;
  // (Small integers throughout, n < 2^31 as the tables' i32 byte count implies: the copies are
  // optimized for them; 2 ** log is a heap number that would deoptimize them.)
  const topM = n >= 4 * first ? 1 << (log - 2) : 0;
  const chunk = topM < PLAN_CHUNK ? topM : PLAN_CHUNK;
  for (let k = 0; k < topM; k += chunk) {
    directTopStage(f64, top, topM, k, k + chunk);
    // the stages below whose indices s·j fall in this chunk, at least 2 of them: w_q(j) = the
    // top stage's w_q(s·j)
    for (let m = first, stage = tables / 8; m < topM; stage += 6 * m, m *= 4) {
      const s = topM / m;
      if (2 * s <= chunk) copyFromTop(f64, stage, k / s, (k + chunk) / s, top, s, 0, s, 4, s, 8);
    }
    // the radix-8 passes' entries whose indices 2s·j fall in this chunk (s·j in it or before)
    for (let p = 0, m = topM >> 1, s = 1, at = radix8At; p < radix8; p++, at += 6 * m, m >>= 3, s <<= 3) {
      if (4 * s <= chunk) copyFromTop(f64, at, k / (2 * s), (k + chunk) / (2 * s), top, s, 0, 2 * s, 0, 2 * s, 4);
    }
  }
  // what the chunks left: the smallest stages and passes, from the whole top stage
  for (let m = first, stage = tables / 8; m < topM; stage += 6 * m, m *= 4) {
    const s = topM / m;
    if (2 * s > chunk) copyFromTop(f64, stage, 0, m, top, s, 0, s, 4, s, 8);
  }
  for (let p = 0, m = 1 << (log - 3), s = 1, at = radix8At; p < radix8; p++, at += 6 * m, m >>= 3, s <<= 3) {
    if (topM === 0 || m % 2 !== 0) directRadix8Pass(f64, at, m);
    else if (4 * s > chunk) copyFromTop(f64, at, 0, m, top, s, 0, 2 * s, 0, 2 * s, 4);
  }
  const plan = { n, log, tables };
  rt.plans.set(key, plan);
  return plan;
}

function bluesteinPlan(rt: SimdRuntime, n: number): BluesteinPlan | undefined {
  const key = `bluestein:${n}`;
  const cached = rt.plans.get(key) as BluesteinPlan | undefined;
  if (cached) return cached;
  let m = 1, log = 0;
  while (m < 2 * n - 1) {
    m *= 2;
    log++;
  }
  const inner = pow2Plan(rt, log);
  if (!inner) return undefined;
  const ne = even(n);
  const chirp = rt.heap.allocate(16 * ne);
  const filter = rt.heap.allocate(16 * m);
  if (chirp === undefined || filter === undefined) return undefined;
  const chirpR = chirp, chirpI = chirp + 8 * ne, filterR = filter, filterI = filter + 8 * m;
  let f64 = rt.heap.f64;
  const twoN = 2 * n;
  f64.fill(0, chirpR / 8, chirpR / 8 + 2 * ne);
  for (let k = 0; k < n; k++) {
    const k2 = (k * k) % twoN; // exact below 2^53 for n < 2^26
    const a = (-Math.PI * k2) / n;
    f64[chirpR / 8 + k] = Math.cos(a);
    f64[chirpI / 8 + k] = Math.sin(a);
  }
  const built = rt.heap.withScratch(16 * m, (base) => {
    const br = base, bi = base + 8 * m;
    f64 = rt.heap.f64;
    f64.fill(0, br / 8, br / 8 + 2 * m);
    for (let k = 0; k < n; k++) {
      const cr = f64[chirpR / 8 + k], ci = f64[chirpI / 8 + k];
      f64[br / 8 + k] = cr;
      f64[bi / 8 + k] = -ci;
      if (k > 0) {
        f64[br / 8 + m - k] = cr;
        f64[bi / 8 + m - k] = -ci;
      }
    }
    rt.kernels.fftPow2(br, bi, filterR, filterI, log, inner.tables);
    rt.kernels.scale(filterR, 2 * m, 1 / m);
    return true;
  });
  if (!built) return undefined;
  const plan = { n, inner, chirpR, chirpI, filterR, filterI };
  rt.plans.set(key, plan);
  return plan;
}

/**
 * The real FFT's W^k for n (k = 0 … n/4). Those of even k are the half length's plan's (pow2Plan
 * of n/2, which the real transforms use anyway) top radix-4 stage, bit for bit: its step −2π/(n/2)
 * is twice this one's, so W^(2K)'s angle rounds to exactly its w_1's at K (K < n/8), and W^(n/4)'s
 * to its w_2's at n/16. Only the odd k are computed with Math.cos / Math.sin (below n = 32, where
 * the half length has no radix-4 stage, all of them).
 */
export function realTables(rt: SimdRuntime, n: number): RealTables | undefined {
  const key = `real:${n}`;
  const cached = rt.plans.get(key) as RealTables | undefined;
  if (cached) return cached;
  const half = pow2Plan(rt, Math.log2(n / 2));
  // k = 0 … n/4, padded to an even count (n/4 is even for the lengths taken, n ≥ 8).
  const count = even(n / 4 + 1);
  const at = rt.heap.allocate(16 * count);
  if (at === undefined) return undefined;
  const f64 = rt.heap.f64;
  const wr = at / 8, wi = at / 8 + count, quarter = n / 4;
  const top = half ? topStage(half) : -1, topM = n / 8;
  if (top < 0) {
    for (let k = 0; k <= quarter; k++) {
      const a = (-2 * Math.PI * k) / n;
      f64[wr + k] = Math.cos(a);
      f64[wi + k] = Math.sin(a);
    }
  } else {
    // (n/4 ≥ 8 here: k and k + 1 in one step.) W^(2K) from index K: slot top + 12·⌊K/2⌋ + K mod 2.
    for (let k = 0, from = top; k < quarter; k += 4, from += 12) {
      f64[wr + k] = f64[from];
      f64[wi + k] = f64[from + 2];
      f64[wr + k + 2] = f64[from + 1];
      f64[wi + k + 2] = f64[from + 3];
      const a = (-2 * Math.PI * (k + 1)) / n, b = (-2 * Math.PI * (k + 3)) / n;
      f64[wr + k + 1] = Math.cos(a);
      f64[wi + k + 1] = Math.sin(a);
      f64[wr + k + 3] = Math.cos(b);
      f64[wi + k + 3] = Math.sin(b);
    }
    // W^(n/4): the top stage's w_2 at n/16 (even, < topM)
    const from = top + 6 * (topM / 2) + 4;
    f64[wr + quarter] = f64[from];
    f64[wi + quarter] = f64[from + 2];
  }
  const tables = { wr: at, wi: at + 8 * count };
  rt.plans.set(key, tables);
  return tables;
}

/** The f64 index of a plan's top radix-4 stage (m = n/4, the last of them), or −1 when it has none. */
function topStage(plan: Pow2Plan): number {
  const first = plan.log % 2 === 1 ? 8 : 4;
  if (plan.n < 4 * first) return -1;
  let at = plan.tables / 8;
  for (let m = first; 4 * m < plan.n; m *= 4) at += 6 * m;
  return at;
}

/**
 * Bytes between the power-of-two transform's planes: planes exactly 8n apart put the same index
 * of re and im in one cache set, and a radix-4 butterfly already fills a set's ways with its own
 * four points per plane (measured 2–7 % faster, 2^14 … 2^20, with four planes). Every kernel that
 * lays out planes for a large transform (convolution, mixed radix, Rader) uses it.
 */
export const PLANE_GAP = 1024;

/** The chirp and the chirp filter's spectrum of a Bluestein plan: byte addresses in the heap. */
export interface BluesteinTables {
  /** chirp[k] = exp(−iπ k²/n), k < n (re then im, each padded to an even count). */
  readonly chirpR: number;
  readonly chirpI: number;
  /** The forward DFT of length m of conj(chirp) placed circularly, divided by m. */
  readonly filterR: number;
  readonly filterI: number;
}

/**
 * y = DFT_n(x) by Bluestein's algorithm on the heap, with the inner length m's forward DFT given
 * as `inner(ar, ai, br, bi)`: it transforms the pair (ar, ai), using (br, bi) as it likes, and
 * returns the pair that holds the result. `plane` is the bytes per inner plane (≥ 8m; a gap
 * beyond 8m keeps re and im off the same cache sets). Same contract as simdComplexTransform;
 * false when the scratch could not be had.
 */
export function bluesteinOnHeap(
  rt: SimdRuntime, n: number, m: number, plane: number, tables: BluesteinTables,
  inner: (ar: number, ai: number, br: number, bi: number) => readonly [number, number],
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, inverse: boolean, scaled: boolean,
): boolean {
  const ne = even(n);
  const done = rt.heap.withScratch(32 * ne + 4 * plane, (base) => {
    const xR = base, xI = base + 8 * ne, yR = base + 16 * ne, yI = base + 24 * ne;
    const aR = base + 32 * ne, aI = aR + plane, bR = aI + plane, bI = bR + plane;
    const k = rt.kernels;
    let f64 = rt.heap.f64;
    // The swap trick for the inverse: read im as re and write re as im.
    f64.set((inverse ? xi : xr).subarray(0, n), xR / 8);
    f64.set((inverse ? xr : xi).subarray(0, n), xI / 8);
    if (ne !== n) {
      f64[xR / 8 + n] = 0;
      f64[xI / 8 + n] = 0;
    }
    k.complexMultiply(xR, xI, tables.chirpR, tables.chirpI, aR, aI, ne, 0, 0);
    f64 = rt.heap.f64;
    f64.fill(0, aR / 8 + n, aR / 8 + m);
    f64.fill(0, aI / 8 + n, aI / 8 + m);
    const [pr, pi] = inner(aR, aI, bR, bI);
    const [qr, qi] = pr === aR ? [bR, bI] : [aR, aI];
    // Multiply by the filter's spectrum and conjugate, so a second forward FFT acts as the inverse.
    k.complexMultiply(pr, pi, tables.filterR, tables.filterI, qr, qi, m, 0, 1);
    const [cr, ci] = inner(qr, qi, pr, pi);
    k.complexMultiply(cr, ci, tables.chirpR, tables.chirpI, yR, yI, ne, 1, 0);
    if (scaled) k.scale(yR, 2 * ne, 1 / n);
    f64 = rt.heap.f64;
    (inverse ? yi : yr).set(f64.subarray(yR / 8, yR / 8 + n));
    (inverse ? yr : yi).set(f64.subarray(yI / 8, yI / 8 + n));
    return true;
  });
  return done === true;
}

/**
 * y = DFT(x) (inverse: the unscaled inverse DFT, divided by n when scaled). In-place use
 * (x === y) is allowed. False when the SIMD path does not take this length.
 */
export function simdComplexTransform(
  n: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, inverse: boolean, scaled: boolean,
): boolean {
  const rt = simdRuntime();
  if (!rt || n < simdThresholds.fft || n < 4) return false;
  if (isPowerOfTwo(n)) {
    const plan = pow2Plan(rt, Math.log2(n));
    if (!plan) return false;
    // In place on the heap: two planes, not four, so twice the length stays in each cache level.
    const done = rt.heap.withScratch(16 * n + PLANE_GAP, (base) => {
      const ar = base, ai = ar + 8 * n + PLANE_GAP;
      const f64 = rt.heap.f64;
      f64.set(xr.subarray(0, n), ar / 8);
      f64.set(xi.subarray(0, n), ai / 8);
      // ifft(x) = swap(fft(swap(x))): exchange the roles of re and im on both sides. The 1/n of
      // a scaled transform is applied as the last stage writes.
      const [pr, pi] = inverse ? [ai, ar] : [ar, ai];
      if (scaled) rt.kernels.fftPow2Scaled(pr, pi, pr, pi, plan.log, plan.tables, 1 / n);
      else rt.kernels.fftPow2(pr, pi, pr, pi, plan.log, plan.tables);
      yr.set(f64.subarray(ar / 8, ar / 8 + n));
      yi.set(f64.subarray(ai / 8, ai / 8 + n));
      return true;
    });
    if (done) countSimdCall('fft');
    return done === true;
  }
  if (isFiveSmooth(n)) return false;
  const plan = bluesteinPlan(rt, n);
  if (!plan) return false;
  const { log, tables } = plan.inner;
  const done = bluesteinOnHeap(rt, n, plan.inner.n, 8 * plan.inner.n + PLANE_GAP, plan, (ar, ai, br, bi) => {
    rt.kernels.fftPow2(ar, ai, br, bi, log, tables);
    return [br, bi];
  }, xr, xi, yr, yi, inverse, scaled);
  if (done) countSimdCall('fft-bluestein');
  return done === true;
}

/** The usable half length of a real FFT of n on the SIMD path, or 0 when it does not take n. */
function realHalf(rt: SimdRuntime | undefined, n: number): number {
  if (!rt || n < simdThresholds.rfft || n < 8 || n % 2 !== 0) return 0;
  return isPowerOfTwo(n / 2) ? n / 2 : 0;
}

/** numpy.fft.rfft of x[0 … n) into the floor(n/2) + 1 bins (re, im). False when not taken. */
export function simdRealForward(n: number, x: Float64Array, re: Float64Array, im: Float64Array): boolean {
  const rt = simdRuntime();
  const h = realHalf(rt, n);
  if (!rt || h === 0) return false;
  const plan = pow2Plan(rt, Math.log2(h));
  const w = realTables(rt, n);
  if (!plan || !w) return false;
  const bins = h + 1, pad = even(bins);
  // Two regions of about n values, each reused once its contents are dead (half the footprint
  // of one region per step, so 2^16 points stay within L2): A holds the copy of x, then the bins;
  // B holds z = (even, odd samples) as the first FFT stage splits them, then in place its
  // spectrum Z (the last stage's scatter writes the lines it has just read).
  const done = rt.heap.withScratch(32 * pad + PLANE_GAP, (base) => {
    const a = base, zr = base + 16 * pad, zi = zr + 8 * pad + PLANE_GAP;
    const or = a, oi = a + 8 * pad;
    const k = rt.kernels;
    rt.heap.f64.set(x.subarray(0, n), a / 8);
    k.fftPow2Interleaved(a, zr, zi, zr, zi, plan.log, plan.tables);
    k.realForwardPost(zr, zi, w.wr, w.wi, or, oi, h);
    const f64 = rt.heap.f64;
    re.set(f64.subarray(or / 8, or / 8 + bins));
    im.set(f64.subarray(oi / 8, oi / 8 + bins));
    return true;
  });
  if (done) countSimdCall('rfft');
  return done === true;
}

/**
 * numpy.fft.irfft with this n from the floor(n/2) + 1 bins (re, im) into out[0 … n), divided
 * by n when scaled. The imaginary parts of bins 0 and n/2 are ignored. False when not taken.
 */
export function simdRealInverse(n: number, re: Float64Array, im: Float64Array, out: Float64Array, scaled: boolean): boolean {
  const rt = simdRuntime();
  const h = realHalf(rt, n);
  if (!rt || h === 0) return false;
  const plan = pow2Plan(rt, Math.log2(h));
  const w = realTables(rt, n);
  if (!plan || !w) return false;
  const bins = h + 1, pad = even(bins);
  // As in simdRealForward, two regions reused: A holds the bins, then the output samples;
  // B holds conj z for the half-length FFT, which works on it in place (its planes PLANE_GAP
  // apart: exactly 8h apart, the eight octants of a radix-8 pass in re and in im fell into the
  // same cache sets, and the real inverse of 2^20 took 1.36× as long).
  const done = rt.heap.withScratch(16 * pad + 8 * n + PLANE_GAP, (base) => {
    const xr = base, xi = base + 8 * pad, zr = base + 16 * pad, zi = zr + 8 * h + PLANE_GAP, op = base;
    const k = rt.kernels;
    const f64 = rt.heap.f64;
    f64.set(re.subarray(0, bins), xr / 8);
    f64.set(im.subarray(0, bins), xi / 8);
    k.realInversePre(xr, xi, w.wr, w.wi, zr, zi, h);
    // fft(conj z) = conj of z's unscaled inverse, h·(even + i·odd); the full inverse would be
    // n·x: scale by 2 and conjugate back, interleaving even and odd samples as the last stage
    // writes them.
    const factor = scaled ? 2 / n : 2;
    k.fftPow2ToInterleaved(zr, zi, op, plan.log, plan.tables, factor, -factor);
    out.set(rt.heap.f64.subarray(op / 8, op / 8 + n));
    return true;
  });
  if (done) countSimdCall('rfft');
  return done === true;
}
