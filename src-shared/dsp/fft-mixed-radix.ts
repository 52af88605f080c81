/**
 * Stockham mixed-radix FFT (autosort, decimation in frequency) for lengths whose prime factors
 * are at most MIXED_MAX_PRIME: radix 4, 2, 3, 5, 7, 11, 13 passes written out, a generic pass for
 * the primes 17 … 31. fft.ts's planner decides when it runs (mixedBeatsBluestein).
 */
import type { ComplexKernel } from './fft';
import { nextPowerOfTwo } from './fft';

/**
 * The largest prime factor the mixed-radix kernel takes; whether it is used for a length is
 * decided by mixedBeatsBluestein. The generic odd-prime pass costs ~p²/2 multiply-adds per p
 * points, so past this Bluestein always wins.
 */
export const MIXED_MAX_PRIME = 31;

/**
 * Whether the mixed-radix kernel is expected to beat Bluestein for n = Π factors: a cost model
 * fitted to plain-TypeScript timings on this kind of machine (ns per point of one pass: the
 * written-out radix-p passes ~2 + p/2, the generic pass ~1.5·p; Bluestein ~30 ns per point of
 * its inner power-of-two length m ≥ 2n − 1, both transforms and the chirp passes together).
 * Measured: 4095 = 3²·5·7·13 0.11 ms mixed against 0.26 ms Bluestein; 961 = 31² 0.087 ms mixed
 * against 0.058 ms for Bluestein at 967.
 */
export function mixedBeatsBluestein(n: number, factors: number[]): boolean {
  let twos = 0, perPoint = 0;
  for (const p of factors) {
    if (p === 2) twos++;
    else perPoint += p <= 13 ? 2 + p / 2 : 1.5 * p;
  }
  perPoint += 4 * (twos >> 1) + 3 * (twos & 1);
  return perPoint * n < 30 * nextPowerOfTwo(2 * n - 1);
}

/** The prime factors of n (ascending, with multiplicity), or undefined when one exceeds maxPrime. */
export function smallFactors(n: number, maxPrime: number): number[] | undefined {
  const factors: number[] = [];
  for (let p = 2; p <= maxPrime && n > 1; p++) {
    while (n % p === 0) {
      factors.push(p);
      n /= p;
    }
  }
  return n === 1 ? factors : undefined;
}

/** One pass of the Stockham algorithm: n/p butterflies of radix p over s interleaved sequences. */
interface MixedStage {
  readonly p: number;
  /** Butterflies per sequence: the sub-transform length before this pass over p. */
  readonly m: number;
  /** Sequences interleaved at stride s (s·p·m = n). */
  readonly s: number;
  /** W_{pm}^{t·j} for j < m, t = 1..p−1, at [j·(p−1) + t − 1]. */
  readonly twr: Float64Array;
  readonly twi: Float64Array;
}

/**
 * Any n whose prime factors are at most MIXED_MAX_PRIME. Each pass takes the s sequences
 * x[q + s·j] (q < s, j < p·m) one radix-p step of decimation in frequency further: with
 * a_r = x[q + s·(j + r·m)], y[q + s·(p·j + t)] = (Σ_r a_r·ω_p^{rt})·W_{pm}^{tj}. The next pass
 * sees s·p sequences of length m, and the results land in natural order (Stockham's autosort:
 * no bit reversal). One loop nest per pass over Float64Arrays keeps every butterfly function
 * monomorphic; radix 4 comes first (fewest passes), larger primes last (the last pass has
 * m = 1, so its twiddles are all 1).
 */
export class MixedKernel implements ComplexKernel {
  private readonly stages: MixedStage[] = [];
  private readonly aR: Float64Array;
  private readonly aI: Float64Array;
  private readonly bR: Float64Array;
  private readonly bI: Float64Array;
  /** Work of the generic odd-prime butterfly: cos and sin of 2πk/p, and the pair sums. */
  private readonly generic: GenericButterfly[] = [];

  constructor(readonly n: number) {
    const primes = smallFactors(n, MIXED_MAX_PRIME);
    if (!primes || n < 2) throw new Error(`MixedKernel: ${n} has a prime factor above ${MIXED_MAX_PRIME}`);
    let twos = primes.filter((p) => p === 2).length;
    const radices: number[] = [];
    for (; twos >= 2; twos -= 2) radices.push(4);
    if (twos === 1) radices.push(2);
    radices.push(...primes.filter((p) => p !== 2));
    let s = 1;
    for (const p of radices) {
      const m = n / (s * p);
      const twr = new Float64Array(m * (p - 1)), twi = new Float64Array(m * (p - 1));
      for (let j = 0; j < m; j++) {
        for (let t = 1; t < p; t++) {
          // W_{pm}^{tj} = exp(−2πi·(t·j·s mod n)/n): reduced exactly before the angle is formed.
          const a = (-2 * Math.PI * ((t * j * s) % n)) / n;
          twr[j * (p - 1) + t - 1] = Math.cos(a);
          twi[j * (p - 1) + t - 1] = Math.sin(a);
        }
      }
      this.stages.push({ p, m, s, twr, twi });
      if (p > 13 && !this.generic.some((g) => g.p === p)) this.generic.push(new GenericButterfly(p));
      s *= p;
    }
    this.aR = new Float64Array(n);
    this.aI = new Float64Array(n);
    this.bR = new Float64Array(this.stages.length > 2 ? n : 0);
    this.bI = new Float64Array(this.stages.length > 2 ? n : 0);
  }

  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const stages = this.stages, last = stages.length - 1;
    let inR = xr, inI = xi;
    if (last === 0 && xr === yr) {
      // One pass cannot run in place: its butterflies read inputs other butterflies overwrite.
      this.aR.set(xr.subarray(0, this.n));
      this.aI.set(xi.subarray(0, this.n));
      inR = this.aR;
      inI = this.aI;
    }
    for (let k = 0; k <= last; k++) {
      // Ping-pong between a and b; the first pass reads the input, the last writes the output.
      const outR = k === last ? yr : k % 2 === 0 ? this.aR : this.bR;
      const outI = k === last ? yi : k % 2 === 0 ? this.aI : this.bI;
      const st = stages[k];
      switch (st.p) {
        case 2: pass2(inR, inI, outR, outI, st.m, st.s, st.twr, st.twi); break;
        case 3: pass3(inR, inI, outR, outI, st.m, st.s, st.twr, st.twi); break;
        case 4: pass4(inR, inI, outR, outI, st.m, st.s, st.twr, st.twi); break;
        case 5: pass5(inR, inI, outR, outI, st.m, st.s, st.twr, st.twi); break;
        case 7: pass7(inR, inI, outR, outI, st.m, st.s, st.twr, st.twi); break;
        case 11: pass11(inR, inI, outR, outI, st.m, st.s, st.twr, st.twi); break;
        case 13: pass13(inR, inI, outR, outI, st.m, st.s, st.twr, st.twi); break;
        default: this.generic.find((g) => g.p === st.p)!.pass(inR, inI, outR, outI, st.m, st.s, st.twr, st.twi); break;
      }
      inR = outR;
      inI = outI;
    }
  }
}

function pass2(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  m: number, s: number, twr: Float64Array, twi: Float64Array,
): void {
  for (let j = 0; j < m; j++) {
    const w1r = twr[j], w1i = twi[j];
    for (let q = 0; q < s; q++) {
      const i0 = q + s * j, i1 = i0 + s * m, o0 = q + 2 * s * j, o1 = o0 + s;
      const ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
      yr[o0] = ar + br;
      yi[o0] = ai + bi;
      const dr = ar - br, di = ai - bi;
      yr[o1] = dr * w1r - di * w1i;
      yi[o1] = dr * w1i + di * w1r;
    }
  }
}

function pass4(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  m: number, s: number, twr: Float64Array, twi: Float64Array,
): void {
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const w1r = twr[3 * j], w1i = twi[3 * j];
    const w2r = twr[3 * j + 1], w2i = twi[3 * j + 1];
    const w3r = twr[3 * j + 2], w3i = twi[3 * j + 2];
    for (let q = 0; q < s; q++) {
      const i0 = q + s * j, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm;
      const o0 = q + 4 * s * j, o1 = o0 + s, o2 = o1 + s, o3 = o2 + s;
      const a0r = xr[i0], a0i = xi[i0], a1r = xr[i1], a1i = xi[i1];
      const a2r = xr[i2], a2i = xi[i2], a3r = xr[i3], a3i = xi[i3];
      const er = a0r + a2r, ei = a0i + a2i, fr = a0r - a2r, fi = a0i - a2i;
      const gr = a1r + a3r, gi = a1i + a3i, hr = a1r - a3r, hi = a1i - a3i;
      // b0 = e + g, b2 = e − g, b1 = f − i·h, b3 = f + i·h (ω_4 = −i)
      yr[o0] = er + gr;
      yi[o0] = ei + gi;
      const b1r = fr + hi, b1i = fi - hr, b2r = er - gr, b2i = ei - gi, b3r = fr - hi, b3i = fi + hr;
      yr[o1] = b1r * w1r - b1i * w1i;
      yi[o1] = b1r * w1i + b1i * w1r;
      yr[o2] = b2r * w2r - b2i * w2i;
      yi[o2] = b2r * w2i + b2i * w2r;
      yr[o3] = b3r * w3r - b3i * w3i;
      yi[o3] = b3r * w3i + b3i * w3r;
    }
  }
}

export const SIN60 = Math.sin(Math.PI / 3);

function pass3(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  m: number, s: number, twr: Float64Array, twi: Float64Array,
): void {
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const w1r = twr[2 * j], w1i = twi[2 * j], w2r = twr[2 * j + 1], w2i = twi[2 * j + 1];
    for (let q = 0; q < s; q++) {
      const i0 = q + s * j, i1 = i0 + sm, i2 = i1 + sm;
      const o0 = q + 3 * s * j, o1 = o0 + s, o2 = o1 + s;
      const a0r = xr[i0], a0i = xi[i0];
      const sr = xr[i1] + xr[i2], si = xi[i1] + xi[i2];
      // ω_3 = −1/2 − i·sin 60°: b1,2 = a0 − s/2 ∓ i·sin 60°·(a1 − a2)
      const dr = SIN60 * (xr[i1] - xr[i2]), di = SIN60 * (xi[i1] - xi[i2]);
      const cr = a0r - 0.5 * sr, ci = a0i - 0.5 * si;
      yr[o0] = a0r + sr;
      yi[o0] = a0i + si;
      const b1r = cr + di, b1i = ci - dr, b2r = cr - di, b2i = ci + dr;
      yr[o1] = b1r * w1r - b1i * w1i;
      yi[o1] = b1r * w1i + b1i * w1r;
      yr[o2] = b2r * w2r - b2i * w2i;
      yi[o2] = b2r * w2i + b2i * w2r;
    }
  }
}

const C5A = Math.cos((2 * Math.PI) / 5), S5A = Math.sin((2 * Math.PI) / 5);
const C5B = Math.cos((4 * Math.PI) / 5), S5B = Math.sin((4 * Math.PI) / 5);

function pass5(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  m: number, s: number, twr: Float64Array, twi: Float64Array,
): void {
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const w1r = twr[4 * j], w1i = twi[4 * j], w2r = twr[4 * j + 1], w2i = twi[4 * j + 1];
    const w3r = twr[4 * j + 2], w3i = twi[4 * j + 2], w4r = twr[4 * j + 3], w4i = twi[4 * j + 3];
    for (let q = 0; q < s; q++) {
      const i0 = q + s * j, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm, i4 = i3 + sm;
      const o0 = q + 5 * s * j, o1 = o0 + s, o2 = o1 + s, o3 = o2 + s, o4 = o3 + s;
      const a0r = xr[i0], a0i = xi[i0];
      // Pairs (1, 4) and (2, 3): b_t = a0 + Σ_r cos(2πrt/5)·(a_r + a_{5−r}) − i·Σ_r sin(2πrt/5)·(a_r − a_{5−r})
      const s1r = xr[i1] + xr[i4], s1i = xi[i1] + xi[i4], d1r = xr[i1] - xr[i4], d1i = xi[i1] - xi[i4];
      const s2r = xr[i2] + xr[i3], s2i = xi[i2] + xi[i3], d2r = xr[i2] - xr[i3], d2i = xi[i2] - xi[i3];
      yr[o0] = a0r + s1r + s2r;
      yi[o0] = a0i + s1i + s2i;
      const c1r = a0r + C5A * s1r + C5B * s2r, c1i = a0i + C5A * s1i + C5B * s2i;
      const e1r = S5A * d1r + S5B * d2r, e1i = S5A * d1i + S5B * d2i;
      const c2r = a0r + C5B * s1r + C5A * s2r, c2i = a0i + C5B * s1i + C5A * s2i;
      const e2r = S5B * d1r - S5A * d2r, e2i = S5B * d1i - S5A * d2i;
      // b_t = c − i·e, b_{5−t} = c + i·e
      const b1r = c1r + e1i, b1i = c1i - e1r, b4r = c1r - e1i, b4i = c1i + e1r;
      const b2r = c2r + e2i, b2i = c2i - e2r, b3r = c2r - e2i, b3i = c2i + e2r;
      yr[o1] = b1r * w1r - b1i * w1i;
      yi[o1] = b1r * w1i + b1i * w1r;
      yr[o2] = b2r * w2r - b2i * w2i;
      yi[o2] = b2r * w2i + b2i * w2r;
      yr[o3] = b3r * w3r - b3i * w3i;
      yi[o3] = b3r * w3i + b3i * w3r;
      yr[o4] = b4r * w4r - b4i * w4i;
      yi[o4] = b4r * w4i + b4i * w4r;
    }
  }
}

/** cos(2πk/p) for k ≤ (p − 1)/2 (index 0 unused by the passes). */
function cosines(p: number): Float64Array {
  return Float64Array.from({ length: (p + 1) >> 1 }, (_, k) => Math.cos((2 * Math.PI * k) / p));
}

/** sin(2πk/p) for k ≤ (p − 1)/2. */
function sines(p: number): Float64Array {
  return Float64Array.from({ length: (p + 1) >> 1 }, (_, k) => Math.sin((2 * Math.PI * k) / p));
}

// The radix-7, 11 and 13 passes below are GenericButterfly's formula written out per prime
// (generated, then checked against the naive DFT in test/dsp/mixed-radix.test.ts): with every
// constant and pair sum in a register they run ~2× faster than the looped form. As the last
// pass (m = 1) their twiddles are all 1, so they store without the products (5% on 4095).

const C7 = cosines(7), S7 = sines(7);

/** Radix-7 pass: GenericButterfly's formula unrolled (the constants stay in registers). */
function pass7(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  m: number, s: number, twr: Float64Array, twi: Float64Array,
): void {
  const sm = s * m;
  const cos1 = C7[1], cos2 = C7[2], cos3 = C7[3];
  const sin1 = S7[1], sin2 = S7[2], sin3 = S7[3];
  for (let j = 0; j < m; j++) {
    const w = 6 * j;
    for (let q = 0; q < s; q++) {
      const i0 = q + s * j, o0 = q + 7 * s * j;
      const a0r = xr[i0], a0i = xi[i0];
      const u1 = i0 + 1 * sm, v1 = i0 + 6 * sm;
      const s1r = xr[u1] + xr[v1], s1i = xi[u1] + xi[v1], d1r = xr[u1] - xr[v1], d1i = xi[u1] - xi[v1];
      const u2 = i0 + 2 * sm, v2 = i0 + 5 * sm;
      const s2r = xr[u2] + xr[v2], s2i = xi[u2] + xi[v2], d2r = xr[u2] - xr[v2], d2i = xi[u2] - xi[v2];
      const u3 = i0 + 3 * sm, v3 = i0 + 4 * sm;
      const s3r = xr[u3] + xr[v3], s3i = xi[u3] + xi[v3], d3r = xr[u3] - xr[v3], d3i = xi[u3] - xi[v3];
      yr[o0] = a0r + s1r + s2r + s3r;
      yi[o0] = a0i + s1i + s2i + s3i;
      const c1r = a0r + cos1 * s1r + cos2 * s2r + cos3 * s3r, c1i = a0i + cos1 * s1i + cos2 * s2i + cos3 * s3i;
      const e1r = sin1 * d1r + sin2 * d2r + sin3 * d3r, e1i = sin1 * d1i + sin2 * d2i + sin3 * d3i;
      const b1r = c1r + e1i, b1i = c1i - e1r, b6r = c1r - e1i, b6i = c1i + e1r;
      const c2r = a0r + cos2 * s1r + cos3 * s2r + cos1 * s3r, c2i = a0i + cos2 * s1i + cos3 * s2i + cos1 * s3i;
      const e2r = sin2 * d1r - sin3 * d2r - sin1 * d3r, e2i = sin2 * d1i - sin3 * d2i - sin1 * d3i;
      const b2r = c2r + e2i, b2i = c2i - e2r, b5r = c2r - e2i, b5i = c2i + e2r;
      const c3r = a0r + cos3 * s1r + cos1 * s2r + cos2 * s3r, c3i = a0i + cos3 * s1i + cos1 * s2i + cos2 * s3i;
      const e3r = sin3 * d1r - sin1 * d2r + sin2 * d3r, e3i = sin3 * d1i - sin1 * d2i + sin2 * d3i;
      const b3r = c3r + e3i, b3i = c3i - e3r, b4r = c3r - e3i, b4i = c3i + e3r;
      if (m === 1) {
        yr[o0 + 1 * s] = b1r;
        yi[o0 + 1 * s] = b1i;
        yr[o0 + 2 * s] = b2r;
        yi[o0 + 2 * s] = b2i;
        yr[o0 + 3 * s] = b3r;
        yi[o0 + 3 * s] = b3i;
        yr[o0 + 4 * s] = b4r;
        yi[o0 + 4 * s] = b4i;
        yr[o0 + 5 * s] = b5r;
        yi[o0 + 5 * s] = b5i;
        yr[o0 + 6 * s] = b6r;
        yi[o0 + 6 * s] = b6i;
      } else {
        const w1r = twr[w + 0], w1i = twi[w + 0], o1 = o0 + 1 * s;
        yr[o1] = b1r * w1r - b1i * w1i;
        yi[o1] = b1r * w1i + b1i * w1r;
        const w2r = twr[w + 1], w2i = twi[w + 1], o2 = o0 + 2 * s;
        yr[o2] = b2r * w2r - b2i * w2i;
        yi[o2] = b2r * w2i + b2i * w2r;
        const w3r = twr[w + 2], w3i = twi[w + 2], o3 = o0 + 3 * s;
        yr[o3] = b3r * w3r - b3i * w3i;
        yi[o3] = b3r * w3i + b3i * w3r;
        const w4r = twr[w + 3], w4i = twi[w + 3], o4 = o0 + 4 * s;
        yr[o4] = b4r * w4r - b4i * w4i;
        yi[o4] = b4r * w4i + b4i * w4r;
        const w5r = twr[w + 4], w5i = twi[w + 4], o5 = o0 + 5 * s;
        yr[o5] = b5r * w5r - b5i * w5i;
        yi[o5] = b5r * w5i + b5i * w5r;
        const w6r = twr[w + 5], w6i = twi[w + 5], o6 = o0 + 6 * s;
        yr[o6] = b6r * w6r - b6i * w6i;
        yi[o6] = b6r * w6i + b6i * w6r;
      }
    }
  }
}

const C11 = cosines(11), S11 = sines(11);

/** Radix-11 pass: GenericButterfly's formula unrolled (the constants stay in registers). */
function pass11(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  m: number, s: number, twr: Float64Array, twi: Float64Array,
): void {
  const sm = s * m;
  const cos1 = C11[1], cos2 = C11[2], cos3 = C11[3], cos4 = C11[4], cos5 = C11[5];
  const sin1 = S11[1], sin2 = S11[2], sin3 = S11[3], sin4 = S11[4], sin5 = S11[5];
  for (let j = 0; j < m; j++) {
    const w = 10 * j;
    for (let q = 0; q < s; q++) {
      const i0 = q + s * j, o0 = q + 11 * s * j;
      const a0r = xr[i0], a0i = xi[i0];
      const u1 = i0 + 1 * sm, v1 = i0 + 10 * sm;
      const s1r = xr[u1] + xr[v1], s1i = xi[u1] + xi[v1], d1r = xr[u1] - xr[v1], d1i = xi[u1] - xi[v1];
      const u2 = i0 + 2 * sm, v2 = i0 + 9 * sm;
      const s2r = xr[u2] + xr[v2], s2i = xi[u2] + xi[v2], d2r = xr[u2] - xr[v2], d2i = xi[u2] - xi[v2];
      const u3 = i0 + 3 * sm, v3 = i0 + 8 * sm;
      const s3r = xr[u3] + xr[v3], s3i = xi[u3] + xi[v3], d3r = xr[u3] - xr[v3], d3i = xi[u3] - xi[v3];
      const u4 = i0 + 4 * sm, v4 = i0 + 7 * sm;
      const s4r = xr[u4] + xr[v4], s4i = xi[u4] + xi[v4], d4r = xr[u4] - xr[v4], d4i = xi[u4] - xi[v4];
      const u5 = i0 + 5 * sm, v5 = i0 + 6 * sm;
      const s5r = xr[u5] + xr[v5], s5i = xi[u5] + xi[v5], d5r = xr[u5] - xr[v5], d5i = xi[u5] - xi[v5];
      yr[o0] = a0r + s1r + s2r + s3r + s4r + s5r;
      yi[o0] = a0i + s1i + s2i + s3i + s4i + s5i;
      const c1r = a0r + cos1 * s1r + cos2 * s2r + cos3 * s3r + cos4 * s4r + cos5 * s5r, c1i = a0i + cos1 * s1i + cos2 * s2i + cos3 * s3i + cos4 * s4i + cos5 * s5i;
      const e1r = sin1 * d1r + sin2 * d2r + sin3 * d3r + sin4 * d4r + sin5 * d5r, e1i = sin1 * d1i + sin2 * d2i + sin3 * d3i + sin4 * d4i + sin5 * d5i;
      const b1r = c1r + e1i, b1i = c1i - e1r, b10r = c1r - e1i, b10i = c1i + e1r;
      const c2r = a0r + cos2 * s1r + cos4 * s2r + cos5 * s3r + cos3 * s4r + cos1 * s5r, c2i = a0i + cos2 * s1i + cos4 * s2i + cos5 * s3i + cos3 * s4i + cos1 * s5i;
      const e2r = sin2 * d1r + sin4 * d2r - sin5 * d3r - sin3 * d4r - sin1 * d5r, e2i = sin2 * d1i + sin4 * d2i - sin5 * d3i - sin3 * d4i - sin1 * d5i;
      const b2r = c2r + e2i, b2i = c2i - e2r, b9r = c2r - e2i, b9i = c2i + e2r;
      const c3r = a0r + cos3 * s1r + cos5 * s2r + cos2 * s3r + cos1 * s4r + cos4 * s5r, c3i = a0i + cos3 * s1i + cos5 * s2i + cos2 * s3i + cos1 * s4i + cos4 * s5i;
      const e3r = sin3 * d1r - sin5 * d2r - sin2 * d3r + sin1 * d4r + sin4 * d5r, e3i = sin3 * d1i - sin5 * d2i - sin2 * d3i + sin1 * d4i + sin4 * d5i;
      const b3r = c3r + e3i, b3i = c3i - e3r, b8r = c3r - e3i, b8i = c3i + e3r;
      const c4r = a0r + cos4 * s1r + cos3 * s2r + cos1 * s3r + cos5 * s4r + cos2 * s5r, c4i = a0i + cos4 * s1i + cos3 * s2i + cos1 * s3i + cos5 * s4i + cos2 * s5i;
      const e4r = sin4 * d1r - sin3 * d2r + sin1 * d3r + sin5 * d4r - sin2 * d5r, e4i = sin4 * d1i - sin3 * d2i + sin1 * d3i + sin5 * d4i - sin2 * d5i;
      const b4r = c4r + e4i, b4i = c4i - e4r, b7r = c4r - e4i, b7i = c4i + e4r;
      const c5r = a0r + cos5 * s1r + cos1 * s2r + cos4 * s3r + cos2 * s4r + cos3 * s5r, c5i = a0i + cos5 * s1i + cos1 * s2i + cos4 * s3i + cos2 * s4i + cos3 * s5i;
      const e5r = sin5 * d1r - sin1 * d2r + sin4 * d3r - sin2 * d4r + sin3 * d5r, e5i = sin5 * d1i - sin1 * d2i + sin4 * d3i - sin2 * d4i + sin3 * d5i;
      const b5r = c5r + e5i, b5i = c5i - e5r, b6r = c5r - e5i, b6i = c5i + e5r;
      if (m === 1) {
        yr[o0 + 1 * s] = b1r;
        yi[o0 + 1 * s] = b1i;
        yr[o0 + 2 * s] = b2r;
        yi[o0 + 2 * s] = b2i;
        yr[o0 + 3 * s] = b3r;
        yi[o0 + 3 * s] = b3i;
        yr[o0 + 4 * s] = b4r;
        yi[o0 + 4 * s] = b4i;
        yr[o0 + 5 * s] = b5r;
        yi[o0 + 5 * s] = b5i;
        yr[o0 + 6 * s] = b6r;
        yi[o0 + 6 * s] = b6i;
        yr[o0 + 7 * s] = b7r;
        yi[o0 + 7 * s] = b7i;
        yr[o0 + 8 * s] = b8r;
        yi[o0 + 8 * s] = b8i;
        yr[o0 + 9 * s] = b9r;
        yi[o0 + 9 * s] = b9i;
        yr[o0 + 10 * s] = b10r;
        yi[o0 + 10 * s] = b10i;
      } else {
        const w1r = twr[w + 0], w1i = twi[w + 0], o1 = o0 + 1 * s;
        yr[o1] = b1r * w1r - b1i * w1i;
        yi[o1] = b1r * w1i + b1i * w1r;
        const w2r = twr[w + 1], w2i = twi[w + 1], o2 = o0 + 2 * s;
        yr[o2] = b2r * w2r - b2i * w2i;
        yi[o2] = b2r * w2i + b2i * w2r;
        const w3r = twr[w + 2], w3i = twi[w + 2], o3 = o0 + 3 * s;
        yr[o3] = b3r * w3r - b3i * w3i;
        yi[o3] = b3r * w3i + b3i * w3r;
        const w4r = twr[w + 3], w4i = twi[w + 3], o4 = o0 + 4 * s;
        yr[o4] = b4r * w4r - b4i * w4i;
        yi[o4] = b4r * w4i + b4i * w4r;
        const w5r = twr[w + 4], w5i = twi[w + 4], o5 = o0 + 5 * s;
        yr[o5] = b5r * w5r - b5i * w5i;
        yi[o5] = b5r * w5i + b5i * w5r;
        const w6r = twr[w + 5], w6i = twi[w + 5], o6 = o0 + 6 * s;
        yr[o6] = b6r * w6r - b6i * w6i;
        yi[o6] = b6r * w6i + b6i * w6r;
        const w7r = twr[w + 6], w7i = twi[w + 6], o7 = o0 + 7 * s;
        yr[o7] = b7r * w7r - b7i * w7i;
        yi[o7] = b7r * w7i + b7i * w7r;
        const w8r = twr[w + 7], w8i = twi[w + 7], o8 = o0 + 8 * s;
        yr[o8] = b8r * w8r - b8i * w8i;
        yi[o8] = b8r * w8i + b8i * w8r;
        const w9r = twr[w + 8], w9i = twi[w + 8], o9 = o0 + 9 * s;
        yr[o9] = b9r * w9r - b9i * w9i;
        yi[o9] = b9r * w9i + b9i * w9r;
        const w10r = twr[w + 9], w10i = twi[w + 9], o10 = o0 + 10 * s;
        yr[o10] = b10r * w10r - b10i * w10i;
        yi[o10] = b10r * w10i + b10i * w10r;
      }
    }
  }
}

const C13 = cosines(13), S13 = sines(13);

/** Radix-13 pass: GenericButterfly's formula unrolled (the constants stay in registers). */
function pass13(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  m: number, s: number, twr: Float64Array, twi: Float64Array,
): void {
  const sm = s * m;
  const cos1 = C13[1], cos2 = C13[2], cos3 = C13[3], cos4 = C13[4], cos5 = C13[5], cos6 = C13[6];
  const sin1 = S13[1], sin2 = S13[2], sin3 = S13[3], sin4 = S13[4], sin5 = S13[5], sin6 = S13[6];
  for (let j = 0; j < m; j++) {
    const w = 12 * j;
    for (let q = 0; q < s; q++) {
      const i0 = q + s * j, o0 = q + 13 * s * j;
      const a0r = xr[i0], a0i = xi[i0];
      const u1 = i0 + 1 * sm, v1 = i0 + 12 * sm;
      const s1r = xr[u1] + xr[v1], s1i = xi[u1] + xi[v1], d1r = xr[u1] - xr[v1], d1i = xi[u1] - xi[v1];
      const u2 = i0 + 2 * sm, v2 = i0 + 11 * sm;
      const s2r = xr[u2] + xr[v2], s2i = xi[u2] + xi[v2], d2r = xr[u2] - xr[v2], d2i = xi[u2] - xi[v2];
      const u3 = i0 + 3 * sm, v3 = i0 + 10 * sm;
      const s3r = xr[u3] + xr[v3], s3i = xi[u3] + xi[v3], d3r = xr[u3] - xr[v3], d3i = xi[u3] - xi[v3];
      const u4 = i0 + 4 * sm, v4 = i0 + 9 * sm;
      const s4r = xr[u4] + xr[v4], s4i = xi[u4] + xi[v4], d4r = xr[u4] - xr[v4], d4i = xi[u4] - xi[v4];
      const u5 = i0 + 5 * sm, v5 = i0 + 8 * sm;
      const s5r = xr[u5] + xr[v5], s5i = xi[u5] + xi[v5], d5r = xr[u5] - xr[v5], d5i = xi[u5] - xi[v5];
      const u6 = i0 + 6 * sm, v6 = i0 + 7 * sm;
      const s6r = xr[u6] + xr[v6], s6i = xi[u6] + xi[v6], d6r = xr[u6] - xr[v6], d6i = xi[u6] - xi[v6];
      yr[o0] = a0r + s1r + s2r + s3r + s4r + s5r + s6r;
      yi[o0] = a0i + s1i + s2i + s3i + s4i + s5i + s6i;
      const c1r = a0r + cos1 * s1r + cos2 * s2r + cos3 * s3r + cos4 * s4r + cos5 * s5r + cos6 * s6r, c1i = a0i + cos1 * s1i + cos2 * s2i + cos3 * s3i + cos4 * s4i + cos5 * s5i + cos6 * s6i;
      const e1r = sin1 * d1r + sin2 * d2r + sin3 * d3r + sin4 * d4r + sin5 * d5r + sin6 * d6r, e1i = sin1 * d1i + sin2 * d2i + sin3 * d3i + sin4 * d4i + sin5 * d5i + sin6 * d6i;
      const b1r = c1r + e1i, b1i = c1i - e1r, b12r = c1r - e1i, b12i = c1i + e1r;
      const c2r = a0r + cos2 * s1r + cos4 * s2r + cos6 * s3r + cos5 * s4r + cos3 * s5r + cos1 * s6r, c2i = a0i + cos2 * s1i + cos4 * s2i + cos6 * s3i + cos5 * s4i + cos3 * s5i + cos1 * s6i;
      const e2r = sin2 * d1r + sin4 * d2r + sin6 * d3r - sin5 * d4r - sin3 * d5r - sin1 * d6r, e2i = sin2 * d1i + sin4 * d2i + sin6 * d3i - sin5 * d4i - sin3 * d5i - sin1 * d6i;
      const b2r = c2r + e2i, b2i = c2i - e2r, b11r = c2r - e2i, b11i = c2i + e2r;
      const c3r = a0r + cos3 * s1r + cos6 * s2r + cos4 * s3r + cos1 * s4r + cos2 * s5r + cos5 * s6r, c3i = a0i + cos3 * s1i + cos6 * s2i + cos4 * s3i + cos1 * s4i + cos2 * s5i + cos5 * s6i;
      const e3r = sin3 * d1r + sin6 * d2r - sin4 * d3r - sin1 * d4r + sin2 * d5r + sin5 * d6r, e3i = sin3 * d1i + sin6 * d2i - sin4 * d3i - sin1 * d4i + sin2 * d5i + sin5 * d6i;
      const b3r = c3r + e3i, b3i = c3i - e3r, b10r = c3r - e3i, b10i = c3i + e3r;
      const c4r = a0r + cos4 * s1r + cos5 * s2r + cos1 * s3r + cos3 * s4r + cos6 * s5r + cos2 * s6r, c4i = a0i + cos4 * s1i + cos5 * s2i + cos1 * s3i + cos3 * s4i + cos6 * s5i + cos2 * s6i;
      const e4r = sin4 * d1r - sin5 * d2r - sin1 * d3r + sin3 * d4r - sin6 * d5r - sin2 * d6r, e4i = sin4 * d1i - sin5 * d2i - sin1 * d3i + sin3 * d4i - sin6 * d5i - sin2 * d6i;
      const b4r = c4r + e4i, b4i = c4i - e4r, b9r = c4r - e4i, b9i = c4i + e4r;
      const c5r = a0r + cos5 * s1r + cos3 * s2r + cos2 * s3r + cos6 * s4r + cos1 * s5r + cos4 * s6r, c5i = a0i + cos5 * s1i + cos3 * s2i + cos2 * s3i + cos6 * s4i + cos1 * s5i + cos4 * s6i;
      const e5r = sin5 * d1r - sin3 * d2r + sin2 * d3r - sin6 * d4r - sin1 * d5r + sin4 * d6r, e5i = sin5 * d1i - sin3 * d2i + sin2 * d3i - sin6 * d4i - sin1 * d5i + sin4 * d6i;
      const b5r = c5r + e5i, b5i = c5i - e5r, b8r = c5r - e5i, b8i = c5i + e5r;
      const c6r = a0r + cos6 * s1r + cos1 * s2r + cos5 * s3r + cos2 * s4r + cos4 * s5r + cos3 * s6r, c6i = a0i + cos6 * s1i + cos1 * s2i + cos5 * s3i + cos2 * s4i + cos4 * s5i + cos3 * s6i;
      const e6r = sin6 * d1r - sin1 * d2r + sin5 * d3r - sin2 * d4r + sin4 * d5r - sin3 * d6r, e6i = sin6 * d1i - sin1 * d2i + sin5 * d3i - sin2 * d4i + sin4 * d5i - sin3 * d6i;
      const b6r = c6r + e6i, b6i = c6i - e6r, b7r = c6r - e6i, b7i = c6i + e6r;
      if (m === 1) {
        yr[o0 + 1 * s] = b1r;
        yi[o0 + 1 * s] = b1i;
        yr[o0 + 2 * s] = b2r;
        yi[o0 + 2 * s] = b2i;
        yr[o0 + 3 * s] = b3r;
        yi[o0 + 3 * s] = b3i;
        yr[o0 + 4 * s] = b4r;
        yi[o0 + 4 * s] = b4i;
        yr[o0 + 5 * s] = b5r;
        yi[o0 + 5 * s] = b5i;
        yr[o0 + 6 * s] = b6r;
        yi[o0 + 6 * s] = b6i;
        yr[o0 + 7 * s] = b7r;
        yi[o0 + 7 * s] = b7i;
        yr[o0 + 8 * s] = b8r;
        yi[o0 + 8 * s] = b8i;
        yr[o0 + 9 * s] = b9r;
        yi[o0 + 9 * s] = b9i;
        yr[o0 + 10 * s] = b10r;
        yi[o0 + 10 * s] = b10i;
        yr[o0 + 11 * s] = b11r;
        yi[o0 + 11 * s] = b11i;
        yr[o0 + 12 * s] = b12r;
        yi[o0 + 12 * s] = b12i;
      } else {
        const w1r = twr[w + 0], w1i = twi[w + 0], o1 = o0 + 1 * s;
        yr[o1] = b1r * w1r - b1i * w1i;
        yi[o1] = b1r * w1i + b1i * w1r;
        const w2r = twr[w + 1], w2i = twi[w + 1], o2 = o0 + 2 * s;
        yr[o2] = b2r * w2r - b2i * w2i;
        yi[o2] = b2r * w2i + b2i * w2r;
        const w3r = twr[w + 2], w3i = twi[w + 2], o3 = o0 + 3 * s;
        yr[o3] = b3r * w3r - b3i * w3i;
        yi[o3] = b3r * w3i + b3i * w3r;
        const w4r = twr[w + 3], w4i = twi[w + 3], o4 = o0 + 4 * s;
        yr[o4] = b4r * w4r - b4i * w4i;
        yi[o4] = b4r * w4i + b4i * w4r;
        const w5r = twr[w + 4], w5i = twi[w + 4], o5 = o0 + 5 * s;
        yr[o5] = b5r * w5r - b5i * w5i;
        yi[o5] = b5r * w5i + b5i * w5r;
        const w6r = twr[w + 5], w6i = twi[w + 5], o6 = o0 + 6 * s;
        yr[o6] = b6r * w6r - b6i * w6i;
        yi[o6] = b6r * w6i + b6i * w6r;
        const w7r = twr[w + 6], w7i = twi[w + 6], o7 = o0 + 7 * s;
        yr[o7] = b7r * w7r - b7i * w7i;
        yi[o7] = b7r * w7i + b7i * w7r;
        const w8r = twr[w + 7], w8i = twi[w + 7], o8 = o0 + 8 * s;
        yr[o8] = b8r * w8r - b8i * w8i;
        yi[o8] = b8r * w8i + b8i * w8r;
        const w9r = twr[w + 8], w9i = twi[w + 8], o9 = o0 + 9 * s;
        yr[o9] = b9r * w9r - b9i * w9i;
        yi[o9] = b9r * w9i + b9i * w9r;
        const w10r = twr[w + 9], w10i = twi[w + 9], o10 = o0 + 10 * s;
        yr[o10] = b10r * w10r - b10i * w10i;
        yi[o10] = b10r * w10i + b10i * w10r;
        const w11r = twr[w + 10], w11i = twi[w + 10], o11 = o0 + 11 * s;
        yr[o11] = b11r * w11r - b11i * w11i;
        yi[o11] = b11r * w11i + b11i * w11r;
        const w12r = twr[w + 11], w12i = twi[w + 11], o12 = o0 + 12 * s;
        yr[o12] = b12r * w12r - b12i * w12i;
        yi[o12] = b12r * w12i + b12i * w12r;
      }
    }
  }
}


/**
 * Radix-p pass for an odd prime p: with s_r = a_r + a_{p−r}, d_r = a_r − a_{p−r} (r = 1..h,
 * h = (p−1)/2), b_t = c_t − i·e_t and b_{p−t} = c_t + i·e_t where c_t = a0 + Σ_r cos(2πrt/p)·s_r,
 * e_t = Σ_r sin(2πrt/p)·d_r: 4h² real multiply-adds per butterfly instead of 4(p−1)².
 */
class GenericButterfly {
  /** cos and sin of 2π·k/p for k < p (indexed by r·t mod p). */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly sr: Float64Array;
  private readonly si: Float64Array;
  private readonly dr: Float64Array;
  private readonly di: Float64Array;

  constructor(readonly p: number) {
    this.cos = new Float64Array(p);
    this.sin = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / p);
      this.sin[k] = Math.sin((2 * Math.PI * k) / p);
    }
    const h = (p - 1) / 2;
    this.sr = new Float64Array(h + 1);
    this.si = new Float64Array(h + 1);
    this.dr = new Float64Array(h + 1);
    this.di = new Float64Array(h + 1);
  }

  pass(
    xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
    m: number, s: number, twr: Float64Array, twi: Float64Array,
  ): void {
    const p = this.p, h = (p - 1) >> 1, sm = s * m;
    const cos = this.cos, sin = this.sin, sr = this.sr, si = this.si, dr = this.dr, di = this.di;
    for (let j = 0; j < m; j++) {
      const tw = j * (p - 1);
      for (let q = 0; q < s; q++) {
        const i0 = q + s * j, o0 = q + p * s * j;
        const a0r = xr[i0], a0i = xi[i0];
        let sumR = a0r, sumI = a0i;
        for (let r = 1; r <= h; r++) {
          const ia = i0 + r * sm, ib = i0 + (p - r) * sm;
          const ar = xr[ia], ai = xi[ia], br = xr[ib], bi = xi[ib];
          sr[r] = ar + br;
          si[r] = ai + bi;
          dr[r] = ar - br;
          di[r] = ai - bi;
          sumR += ar + br;
          sumI += ai + bi;
        }
        yr[o0] = sumR;
        yi[o0] = sumI;
        for (let t = 1; t <= h; t++) {
          let cr = a0r, ci = a0i, er = 0, ei = 0;
          for (let r = 1, k = t; r <= h; r++, k += t) {
            if (k >= p) k -= p;
            const c = cos[k], sn = sin[k];
            cr += c * sr[r];
            ci += c * si[r];
            er += sn * dr[r];
            ei += sn * di[r];
          }
          const btr = cr + ei, bti = ci - er, bur = cr - ei, bui = ci + er;
          const wt = tw + t - 1, wu = tw + p - t - 1, ot = o0 + t * s, ou = o0 + (p - t) * s;
          yr[ot] = btr * twr[wt] - bti * twi[wt];
          yi[ot] = btr * twi[wt] + bti * twr[wt];
          yr[ou] = bur * twr[wu] - bui * twi[wu];
          yi[ou] = bur * twi[wu] + bui * twr[wu];
        }
      }
    }
  }
}
