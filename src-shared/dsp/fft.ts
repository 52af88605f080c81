/**
 * Discrete Fourier transforms of any length over split Float64Array (re, im) pairs.
 *
 * Conventions (the same as numpy.fft):
 *   forward  X[k] = Σ_j x[j] · exp(−2πi·jk/n)           (unscaled)
 *   inverse  x[j] = (1/n) · Σ_k X[k] · exp(+2πi·jk/n)   (divides by n)
 *
 * Algorithms, chosen per length by `planFft(n)` and cached by n:
 *   - n = 2^k: radix-4 decimation in time in cache, the four-step algorithm above 8192 points
 *     (pow2.ts says how and why).
 *   - n with no prime factor above MIXED_MAX_PRIME (31), where a fitted cost model says it is
 *     cheaper than Bluestein: Stockham mixed radix (radix 4, 2, 3, 5, 7, 11, 13 passes written
 *     out, a generic pass for the primes 17 … 31). `fftAlgorithm(n)` names the choice.
 *   - anything else (primes above 31, 37·2, 31², …): Bluestein's chirp-z algorithm over a
 *     power-of-two FFT of size ≥ 2n − 1, with the chirp and the chirp filter's spectrum
 *     precomputed.
 * The inverse is the forward transform with re and im swapped (conj trick), then scaled by 1/n.
 */

import { PlanCache } from './plan-cache';
import { Pow2Kernel, doubleArray } from './pow2';
import { simdComplexTransform, simdRealForward, simdRealInverse } from './simd/fft-simd';
import { simdActive } from './simd/runtime';

/** A precomputed complex transform of one length. Buffers belong to the caller. */
export interface FftPlan {
  readonly n: number;
  /**
   * Forward DFT (unscaled). Reads reIn/imIn (length ≥ n), writes reOut/imOut (length ≥ n).
   * In-place use (reIn === reOut and imIn === imOut) is allowed; other aliasing is not.
   */
  forward(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void;
  /** Inverse DFT, divided by n. Same buffer rules as forward. */
  inverse(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void;
  /** Inverse DFT without the 1/n factor (for callers that fold the scale into other work). */
  inverseUnscaled(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void;
}

interface ComplexKernel {
  /** Forward transform; must support xr === yr (in place). */
  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void;
}

// ---------------------------------------------------------------------------------------------
// Mixed radix (Stockham autosort, decimation in frequency)

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
function mixedBeatsBluestein(n: number, factors: number[]): boolean {
  let twos = 0, perPoint = 0;
  for (const p of factors) {
    if (p === 2) twos++;
    else perPoint += p <= 13 ? 2 + p / 2 : 1.5 * p;
  }
  perPoint += 4 * (twos >> 1) + 3 * (twos & 1);
  return perPoint * n < 30 * nextPowerOfTwo(2 * n - 1);
}

/** The prime factors of n (ascending, with multiplicity), or undefined when one exceeds maxPrime. */
function smallFactors(n: number, maxPrime: number): number[] | undefined {
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
class MixedKernel implements ComplexKernel {
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

const SIN60 = Math.sin(Math.PI / 3);

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

// ---------------------------------------------------------------------------------------------
// Bluestein (chirp z) for lengths with a prime factor above MIXED_MAX_PRIME

class BluesteinKernel implements ComplexKernel {
  private readonly m: number;
  private readonly inner: Pow2Kernel;
  private readonly chirpR: Float64Array;
  private readonly chirpI: Float64Array;
  /** FFT_m of the filter b[j] = conj(chirp[|j|]), already divided by m for the inverse. */
  private readonly filterR: Float64Array;
  private readonly filterI: Float64Array;
  /** The chirped input, zero beyond n. */
  private readonly inR: Float64Array;
  private readonly inI: Float64Array;
  private readonly bufR: Float64Array;
  private readonly bufI: Float64Array;

  constructor(readonly n: number) {
    let m = 1;
    while (m < 2 * n - 1) m *= 2;
    this.m = m;
    this.inner = pow2Kernel(m);
    // chirp[k] = exp(−iπ k²/n); k² is reduced mod 2n first so the angle stays accurate.
    this.chirpR = new Float64Array(n);
    this.chirpI = new Float64Array(n);
    const twoN = 2 * n;
    for (let k = 0; k < n; k++) {
      const k2 = (k * k) % twoN; // exact below 2^53 for n < 2^26
      const a = (-Math.PI * k2) / n;
      this.chirpR[k] = Math.cos(a);
      this.chirpI[k] = Math.sin(a);
    }
    const br = new Float64Array(m), bi = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      br[k] = this.chirpR[k];
      bi[k] = -this.chirpI[k];
      if (k > 0) {
        br[m - k] = this.chirpR[k];
        bi[m - k] = -this.chirpI[k];
      }
    }
    this.filterR = new Float64Array(m);
    this.filterI = new Float64Array(m);
    this.inner.transform(br, bi, this.filterR, this.filterI);
    const scale = 1 / m;
    for (let k = 0; k < m; k++) {
      this.filterR[k] *= scale;
      this.filterI[k] *= scale;
    }
    this.inR = new Float64Array(m);
    this.inI = new Float64Array(m);
    this.bufR = new Float64Array(m);
    this.bufI = new Float64Array(m);
  }

  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const n = this.n, m = this.m;
    const cr = this.chirpR, ci = this.chirpI, fr = this.filterR, fi = this.filterI;
    // The chirped input lives in its own buffer, whose tail [n, m) stays zero from construction.
    const ar = this.inR, ai = this.inI, br = this.bufR, bi = this.bufI;
    for (let k = 0; k < n; k++) {
      const r = xr[k], i = xi[k];
      ar[k] = r * cr[k] - i * ci[k];
      ai[k] = r * ci[k] + i * cr[k];
    }
    const work = this.inner.transformToWork(ar, ai, 0, 0, 1);
    if (work) {
      // In-cache sizes: both spectra are read straight from the kernel's work array, saving
      // its output passes (and the second transform's m − n unwanted outputs are never written).
      bluesteinFilterFromWork(work, fr, fi, br, bi, m);
      const out = this.inner.transformToWork(br, bi, 0, 0, 1)!;
      for (let k = 0; k < n; k++) {
        const r = out[2 * k], i = -out[2 * k + 1];
        yr[k] = r * cr[k] - i * ci[k];
        yi[k] = r * ci[k] + i * cr[k];
      }
      return;
    }
    this.inner.transform(ar, ai, br, bi);
    // Multiply by the filter spectrum and conjugate, so a second forward FFT acts as the inverse.
    for (let k = 0; k < m; k++) {
      const r = br[k], i = bi[k];
      br[k] = r * fr[k] - i * fi[k];
      bi[k] = -(r * fi[k] + i * fr[k]);
    }
    this.inner.transform(br, bi, br, bi);
    for (let k = 0; k < n; k++) {
      const r = br[k], i = -bi[k];
      yr[k] = r * cr[k] - i * ci[k];
      yi[k] = r * ci[k] + i * cr[k];
    }
  }
}

/** b = conj(A·F) with A read interleaved from a kernel's work array (Bluestein's middle step). */
function bluesteinFilterFromWork(
  work: number[], fr: Float64Array, fi: Float64Array, br: Float64Array, bi: Float64Array, m: number,
): void {
  for (let k = 0; k < m; k++) {
    const r = work[2 * k], i = work[2 * k + 1];
    br[k] = r * fr[k] - i * fi[k];
    bi[k] = -(r * fi[k] + i * fr[k]);
  }
}

// ---------------------------------------------------------------------------------------------
// Plans

// Plans and kernels are cached up to planLimits.bytes of tables each (plan-cache.ts).
const pow2Kernels = new PlanCache<Pow2Kernel>();

function pow2Kernel(n: number): Pow2Kernel {
  let kernel = pow2Kernels.get(n);
  if (!kernel) {
    kernel = new Pow2Kernel(n);
    pow2Kernels.set(n, kernel);
  }
  return kernel;
}

/** True when n = 2^k. */
export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** The smallest power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/** The algorithm planFft(n) uses on the plain path (the module comment says which when). */
export type FftAlgorithm = 'power of two' | 'mixed radix' | 'bluestein';

/** Which algorithm planFft(n) runs on the plain path for a length n ≥ 1. */
export function fftAlgorithm(n: number): FftAlgorithm {
  if (isPowerOfTwo(n)) return 'power of two';
  const factors = smallFactors(n, MIXED_MAX_PRIME);
  return factors && mixedBeatsBluestein(n, factors) ? 'mixed radix' : 'bluestein';
}

class ComplexPlan implements FftPlan {
  /**
   * The SIMD kernels have power-of-two and Bluestein transforms only: a length the plain path
   * runs by mixed radix is faster there (4095: 0.099 ms plain, 0.111 ms through SIMD Bluestein).
   */
  private readonly simd: boolean;

  constructor(readonly n: number, private readonly kernel: ComplexKernel) {
    this.simd = !(kernel instanceof MixedKernel);
  }

  forward(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (this.simd && simdComplexTransform(this.n, reIn, imIn, reOut, imOut, false, false)) return;
    this.kernel.transform(reIn, imIn, reOut, imOut);
  }

  inverseUnscaled(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (this.simd && simdComplexTransform(this.n, reIn, imIn, reOut, imOut, true, false)) return;
    // ifft(x) = swap(fft(swap(x))) where swap exchanges re and im (i.e. conj(fft(conj x))).
    this.kernel.transform(imIn, reIn, imOut, reOut);
  }

  inverse(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (this.simd && simdComplexTransform(this.n, reIn, imIn, reOut, imOut, true, true)) return;
    this.inverseUnscaled(reIn, imIn, reOut, imOut);
    const n = this.n;
    const s = 1 / n;
    for (let k = 0; k < n; k++) {
      reOut[k] *= s;
      imOut[k] *= s;
    }
  }
}

function checkBuffers(n: number, a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array): void {
  if (a.length < n || b.length < n || c.length < n || d.length < n) {
    throw new RangeError(`FFT of length ${n}: every buffer needs at least ${n} elements`);
  }
  if ((a === c) !== (b === d)) throw new RangeError('FFT: re and im must both be in place or both out of place');
}

const complexPlans = new PlanCache<ComplexPlan>();

/** The cached complex FFT plan for length n ≥ 1. */
export function planFft(n: number): FftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be an integer ≥ 1, got ${n}`);
  let plan = complexPlans.get(n);
  if (!plan) {
    const algorithm = fftAlgorithm(n);
    const kernel: ComplexKernel = algorithm === 'power of two'
      ? pow2Kernel(n)
      : algorithm === 'mixed radix'
        ? new MixedKernel(n)
        : new BluesteinKernel(n);
    plan = new ComplexPlan(n, kernel);
    complexPlans.set(n, plan);
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Real input

/** A precomputed real-input transform of one length n (output: the n/2 + 1 bins 0..floor(n/2)). */
export interface RealFftPlan {
  readonly n: number;
  /** Number of output bins, floor(n/2) + 1. */
  readonly bins: number;
  /** X[k] for k = 0..floor(n/2), unscaled (numpy.fft.rfft). x needs ≥ n elements, outputs ≥ bins. */
  forward(x: Float64Array, reOut: Float64Array, imOut: Float64Array): void;
  /**
   * The real x whose rfft is (re, im), divided by n (numpy.fft.irfft with this n). The imaginary
   * parts of bin 0 (and of bin n/2 for even n) are ignored, as numpy does. Inputs are not modified.
   */
  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void;
  /** As inverse, without the 1/n factor. */
  inverseUnscaled(re: Float64Array, im: Float64Array, out: Float64Array): void;
}

/**
 * The real FFT of an odd n = 3·M by one step of decimation in time:
 * X[k] = Y0[k mod M] + W_n^k·Y1[k mod M] + W_n^{2k}·Y2[k mod M], Y_r = DFT_M of the real
 * subsequence x[3j + r]. Y0 and Y1 come from one complex transform of x[3j] + i·x[3j+1]
 * (Y0[q] = (Z[q] + conj Z[−q])/2, Y1[q] = (Z[q] − conj Z[−q])/2i), Y2 from a second: 2M points
 * transformed instead of 3M, and only the bins k ≤ (n − 1)/2 formed. (A generic radix-p
 * combination for odd n not divisible by 3 measured slower than the complex transform of n.)
 */
class OddRealSplit {
  private readonly m: number;
  private readonly sub: FftPlan;
  /** Z0 at [0, M), Z1 at [M, 2M), with views of each half made once. */
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly halves: Float64Array[];
  /** W_n^e for e < 2M. */
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;

  constructor(readonly n: number) {
    const m = n / 3;
    this.m = m;
    this.sub = planFft(m);
    this.zr = new Float64Array(2 * m);
    this.zi = new Float64Array(2 * m);
    this.halves = [this.zr.subarray(0, m), this.zi.subarray(0, m), this.zr.subarray(m), this.zi.subarray(m)];
    this.wr = new Float64Array(2 * m);
    this.wi = new Float64Array(2 * m);
    for (let e = 0; e < 2 * m; e++) {
      this.wr[e] = Math.cos((-2 * Math.PI * e) / n);
      this.wi[e] = Math.sin((-2 * Math.PI * e) / n);
    }
  }

  forward(x: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    const m = this.m, zr = this.zr, zi = this.zi, [r0, i0, r1, i1] = this.halves;
    for (let j = 0, t = 0; j < m; j++, t += 3) {
      zr[j] = x[t];
      zi[j] = x[t + 1];
      zr[m + j] = x[t + 2];
      zi[m + j] = 0;
    }
    this.sub.forward(r0, i0, r0, i0);
    this.sub.forward(r1, i1, r1, i1);
    oddRealCombine3(zr, zi, this.wr, this.wi, reOut, imOut, m, (this.n + 1) >> 1);
  }
}

/**
 * OddRealSplit's combination for p = 3 written out: Z0 = FFT_M(x[3j] + i·x[3j+1]) at [0, M),
 * Z1 = FFT_M(x[3j+2]) at [M, 2M). With S = T1 + T2, D = T1 − T2 and ω_3 = −1/2 − i·sin 60°:
 * X[q] = Y0 + S, X[q + M] = Y0 − S/2 − i·sin 60°·D (X[q + 2M] is never below the bin count).
 */
function oddRealCombine3(
  zr: Float64Array, zi: Float64Array, wr: Float64Array, wi: Float64Array,
  reOut: Float64Array, imOut: Float64Array, m: number, bins: number,
): void {
  for (let q = 0; q < m; q++) {
    const mq = q === 0 ? 0 : m - q, e2 = 2 * q;
    const ar = zr[q], ai = zi[q], br = zr[mq], bi = -zi[mq];
    const y0r = 0.5 * (ar + br), y0i = 0.5 * (ai + bi);
    const y1r = 0.5 * (ai - bi), y1i = -0.5 * (ar - br);
    const y2r = zr[m + q], y2i = zi[m + q];
    const t1r = y1r * wr[q] - y1i * wi[q], t1i = y1r * wi[q] + y1i * wr[q];
    const t2r = y2r * wr[e2] - y2i * wi[e2], t2i = y2r * wi[e2] + y2i * wr[e2];
    const sr = t1r + t2r, si = t1i + t2i;
    reOut[q] = y0r + sr;
    imOut[q] = y0i + si;
    if (q + m < bins) {
      const dr = SIN60 * (t1r - t2r), di = SIN60 * (t1i - t2i);
      reOut[q + m] = y0r - 0.5 * sr + di;
      imOut[q + m] = y0i - 0.5 * si - dr;
    }
  }
}

/**
 * Even n: the half-length trick. z[j] = x[2j] + i·x[2j+1] is transformed with one complex FFT
 * of n/2 points, then X[k] = E[k] + W^k·O[k] with E = (Z[k] + conj Z[h−k])/2,
 * O = (Z[k] − conj Z[h−k])/(2i), W = exp(−2πi/n), h = n/2. The inverse runs the same steps
 * backwards. Odd n falls back to a complex transform of n points.
 */
class RealPlan implements RealFftPlan {
  readonly bins: number;
  private readonly half: number;
  private readonly complex: FftPlan;
  private readonly pow2: Pow2Kernel | undefined;
  /** W^k = exp(−2πi·k/n) for k < n/2 (even n). */
  readonly wr: Float64Array;
  readonly wi: Float64Array;
  /** W^k interleaved (re, im) for k < h: the same twiddles as a JS array for realForwardPostWork. */
  private readonly twist: number[];
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly yr: Float64Array;
  private readonly yi: Float64Array;
  /** Odd n = 3·M on the mixed-radix kernel: the decimation-in-time split. */
  private readonly odd: OddRealSplit | undefined;

  constructor(readonly n: number) {
    this.bins = (n >> 1) + 1;
    const even = n % 2 === 0 && n >= 2;
    this.half = even ? n / 2 : n;
    this.complex = planFft(this.half);
    // Power-of-two halves read x packed (z[j] = x[2j] + i·x[2j+1]) through a strided view.
    this.pow2 = even && isPowerOfTwo(this.half) ? pow2Kernel(this.half) : undefined;
    const h = this.half;
    this.wr = new Float64Array(even ? h : 0);
    this.wi = new Float64Array(even ? h : 0);
    this.twist = doubleArray(even ? 2 * h : 0);
    if (even) {
      for (let k = 0; k < h; k++) {
        const a = (-2 * Math.PI * k) / n;
        this.wr[k] = this.twist[2 * k] = Math.cos(a);
        this.wi[k] = this.twist[2 * k + 1] = Math.sin(a);
      }
    }
    this.zr = new Float64Array(h);
    this.zi = new Float64Array(h);
    this.yr = new Float64Array(this.pow2 ? 0 : h);
    this.yi = new Float64Array(this.pow2 ? 0 : h);
    this.odd = n % 3 === 0 && n > 3 && !even && fftAlgorithm(n) === 'mixed radix' ? new OddRealSplit(n) : undefined;
  }

  forward(x: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    const n = this.n;
    if (x.length < n || reOut.length < this.bins || imOut.length < this.bins) {
      throw new RangeError(`rfft of length ${n}: input needs ${n} and outputs ${this.bins} elements`);
    }
    if (simdRealForward(n, x, reOut, imOut)) return;
    if (this.odd) {
      this.odd.forward(x, reOut, imOut);
      return;
    }
    const zr = this.zr, zi = this.zi;
    if (this.half === n) {
      for (let k = 0; k < n; k++) zr[k] = x[k];
      zi.fill(0);
      this.complex.forward(zr, zi, zr, zi);
      for (let k = 0; k < this.bins; k++) {
        reOut[k] = zr[k];
        imOut[k] = zi[k];
      }
      return;
    }
    const h = this.half;
    if (this.pow2) {
      const work = this.pow2.transformToWork(x, x, 0, 1, 2);
      if (work) {
        realForwardPostWork(work, this.twist, reOut, imOut, h);
        return;
      }
      this.pow2.transformStrided(x, x, 0, 1, 2, zr, zi, 0, 0, 1);
    } else {
      for (let j = 0; j < h; j++) {
        zr[j] = x[2 * j];
        zi[j] = x[2 * j + 1];
      }
      this.complex.forward(zr, zi, zr, zi);
    }
    realForwardPost(zr, zi, this.wr, this.wi, reOut, imOut, h);
  }

  inverseUnscaled(re: Float64Array, im: Float64Array, out: Float64Array): void {
    this.inverseScaled(re, im, out, false);
  }

  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    this.inverseScaled(re, im, out, true);
  }

  /** The inverse, divided by n when `scaled` (folded into the pre-twist, not a pass of its own). */
  private inverseScaled(re: Float64Array, im: Float64Array, out: Float64Array, scaled: boolean): void {
    const n = this.n;
    if (re.length < this.bins || im.length < this.bins || out.length < n) {
      throw new RangeError(`irfft of length ${n}: inputs need ${this.bins} and the output ${n} elements`);
    }
    if (simdRealInverse(n, re, im, out, scaled)) return;
    const scale = scaled ? 1 / n : 1;
    const zr = this.zr, zi = this.zi;
    if (this.half === n) {
      // Odd n: rebuild the Hermitian spectrum, inverse complex transform, keep the real part.
      zr[0] = re[0];
      zi[0] = 0;
      for (let k = 1; k < this.bins; k++) {
        zr[k] = re[k];
        zi[k] = im[k];
        zr[n - k] = re[k];
        zi[n - k] = -im[k];
      }
      this.complex.inverseUnscaled(zr, zi, zr, zi);
      for (let k = 0; k < n; k++) out[k] = scale * zr[k];
      return;
    }
    const h = this.half;
    // The half-length inverse returns h·(even + i·odd) where the full one would give n·x: the
    // factor 2 (and the caller's scale) is folded into the pre-twist.
    realInversePre(re, im, this.wr, this.wi, zr, zi, h, 2 * scale);
    if (this.pow2) {
      // inverse = swap ∘ forward ∘ swap; the swapped output lands interleaved in out.
      this.pow2.transformStrided(zi, zr, 0, 0, 1, out, out, 1, 0, 2);
      return;
    }
    this.complex.inverseUnscaled(zr, zi, this.yr, this.yi);
    const yr = this.yr, yi = this.yi;
    for (let j = 0; j < h; j++) {
      out[2 * j] = yr[j];
      out[2 * j + 1] = yi[j];
    }
  }
}

/**
 * X[k] = E[k] + W^k·O[k] from Z = FFT_h of the packed signal, with E[k] = (Z[k] + conj Z[h−k])/2,
 * O[k] = (Z[k] − conj Z[h−k])/2i. E and O are spectra of real sequences, so E[h−k] = conj E[k],
 * O[h−k] = conj O[k] and W^{h−k} = −conj W^k: X[h−k] = conj(E[k] − W^k·O[k]). Each pass of the
 * loop makes both from one pair of loads.
 */
function realForwardPost(
  zr: Float64Array, zi: Float64Array, wr: Float64Array, wi: Float64Array,
  reOut: Float64Array, imOut: Float64Array, h: number,
): void {
  reOut[0] = zr[0] + zi[0];
  imOut[0] = 0;
  reOut[h] = zr[0] - zi[0];
  imOut[h] = 0;
  for (let k = 1, l = h - 1; k <= l; k++, l--) {
    const ar = zr[k], ai = zi[k], br = zr[l], bi = -zi[l];
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    // O = −i·d with d = (Z[k] − conj Z[h−k]) / 2
    const or = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
    const w0 = wr[k], w1 = wi[k];
    const pr = or * w0 - oi * w1, pi = or * w1 + oi * w0;
    reOut[k] = er + pr;
    imOut[k] = ei + pi;
    reOut[l] = er - pr;
    imOut[l] = pi - ei;
  }
}

/** realForwardPost reading Z interleaved from a kernel's work array (twist: W^k interleaved). */
function realForwardPostWork(z: number[], twist: number[], reOut: Float64Array, imOut: Float64Array, h: number): void {
  reOut[0] = z[0] + z[1];
  imOut[0] = 0;
  reOut[h] = z[0] - z[1];
  imOut[h] = 0;
  for (let k = 1, l = h - 1; k <= l; k++, l--) {
    const ar = z[2 * k], ai = z[2 * k + 1], br = z[2 * l], bi = -z[2 * l + 1];
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const or = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
    const w0 = twist[2 * k], w1 = twist[2 * k + 1];
    const pr = or * w0 - oi * w1, pi = or * w1 + oi * w0;
    reOut[k] = er + pr;
    imOut[k] = ei + pi;
    reOut[l] = er - pr;
    imOut[l] = pi - ei;
  }
}

function realInversePre(
  re: Float64Array, im: Float64Array, wr: Float64Array, wi: Float64Array,
  zr: Float64Array, zi: Float64Array, h: number, scale: number,
): void {
  // E[k] = (X[k] + conj X[h−k]) / 2, O[k] = (X[k] − conj X[h−k]) · conj(W^k) / 2, Z = E + i·O,
  // all times scale.
  const half = 0.5 * scale;
  const x0 = re[0], xh = re[h];
  zr[0] = half * (x0 + xh);
  zi[0] = half * (x0 - xh);
  for (let k = 1; k < h; k++) {
    const ar = re[k], ai = im[k], br = re[h - k], bi = -im[h - k];
    const er = half * (ar + br), ei = half * (ai + bi);
    const dr = half * (ar - br), di = half * (ai - bi);
    const or = dr * wr[k] + di * wi[k], oi = di * wr[k] - dr * wi[k];
    zr[k] = er - oi;
    zi[k] = ei + or;
  }
}

const realPlans = new PlanCache<RealPlan>();

/** Bytes of tables the plain path's plan caches hold now (tests watch the bound). */
export function cachedPlanBytes(): number {
  return pow2Kernels.bytes + complexPlans.bytes + realPlans.bytes;
}

/** The cached real-input FFT plan for length n ≥ 1. */
export function planRealFft(n: number): RealFftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be an integer ≥ 1, got ${n}`);
  return realPlan(n);
}

function realPlan(n: number): RealPlan {
  let plan = realPlans.get(n);
  if (!plan) {
    plan = new RealPlan(n);
    realPlans.set(n, plan);
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Circular convolution with a fixed real filter

/**
 * Circular convolution of real signals of one even length n with a fixed real filter:
 * apply(x, out) sets out = x ⊛ filter (index arithmetic mod n, exact scale). For convolution
 * loops (overlap-add blocks, one-shot FFT convolution) that use one filter many times.
 */
export interface RealFilterPlan {
  readonly n: number;
  /** out[t] = Σ_j x[j]·filter[(t − j) mod n] for t < n. x needs n elements; out may be x. */
  apply(x: Float64Array, out: Float64Array): void;
}

/**
 * With z[j] = x[2j] + i·x[2j+1] and Z = FFT_h(z), h = n/2, the real FFT is
 * X[k] = α_k·Z[k] + β_k·conj Z[h−k], α_k = (1 − i·W^k)/2, β_k = (1 + i·W^k)/2, W = exp(−2πi/n);
 * the inverse's half-length input is Z'[k] = γ_k·Y[k] + δ_k·conj Y[h−k], γ_k = (1 + i·conj W^k)/2,
 * δ_k = (1 − i·conj W^k)/2, and unscaled FFT_h⁻¹(Z') = h·(y[2j] + i·y[2j+1]). With Y = F·X all
 * of it is linear in (Z[k], conj Z[h−k]): Z'[k] = A_k·Z[k] + B_k·conj Z[h−k] with
 *   A_k = (γ_k·F[k]·α_k + δ_k·conj F[h−k]·conj β_{h−k}) / h,
 *   B_k = (γ_k·F[k]·β_k + δ_k·conj F[h−k]·conj α_{h−k}) / h
 * (indices of Z mod h, F has bins 0..h). So a block costs two half-length complex FFTs and one
 * pass of two complex products per bin — no separate twist, product and untwist passes.
 */
class RealFilter implements RealFilterPlan {
  private readonly half: number;
  private readonly kernel: Pow2Kernel;
  private readonly ar: Float64Array;
  private readonly ai: Float64Array;
  private readonly br: Float64Array;
  private readonly bi: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  /** The filter's spectrum F/n (bins 0..h), for the SIMD route. */
  private readonly fr: Float64Array;
  private readonly fi: Float64Array;

  constructor(filter: Float64Array, readonly n: number) {
    const h = n / 2;
    this.half = h;
    this.kernel = pow2Kernel(h);
    const padded = new Float64Array(n);
    padded.set(filter.subarray(0, Math.min(n, filter.length)));
    // Longer filters wrap around, as circular convolution of length n defines.
    for (let j = n; j < filter.length; j++) padded[j % n] += filter[j];
    const real = realPlan(n);
    const fr = new Float64Array(h + 1), fi = new Float64Array(h + 1);
    real.forward(padded, fr, fi);
    const twr = real.wr, twi = real.wi; // W^k, k < h; W^{h−k} = −conj W^k
    this.ar = new Float64Array(h);
    this.ai = new Float64Array(h);
    this.br = new Float64Array(h);
    this.bi = new Float64Array(h);
    const scale = 1 / h;
    for (let k = 0; k < h; k++) {
      const l = h - k; // F index of the mirrored bin (h for k = 0)
      const wr = twr[k], wi = twi[k]; // W^k
      const vr = -wr, vi = wi; // W^{h−k}
      // α_k = (1 − i·W^k)/2 = ((1 + wi) − i·wr)/2, β_k = ((1 − wi) + i·wr)/2
      const alphaR = 0.5 * (1 + wi), alphaI = -0.5 * wr, betaR = 0.5 * (1 - wi), betaI = 0.5 * wr;
      // conj α_{h−k}, conj β_{h−k}
      const cAlphaR = 0.5 * (1 + vi), cAlphaI = 0.5 * vr, cBetaR = 0.5 * (1 - vi), cBetaI = -0.5 * vr;
      // γ_k = (1 + i·conj W^k)/2 = ((1 + wi) + i·wr)/2, δ_k = ((1 − wi) − i·wr)/2
      const gammaR = 0.5 * (1 + wi), gammaI = 0.5 * wr, deltaR = 0.5 * (1 - wi), deltaI = -0.5 * wr;
      // p = γ·F[k], q = δ·conj F[h−k]
      const pr = gammaR * fr[k] - gammaI * fi[k], pi = gammaR * fi[k] + gammaI * fr[k];
      const qr = deltaR * fr[l] + deltaI * fi[l], qi = deltaI * fr[l] - deltaR * fi[l];
      this.ar[k] = scale * (pr * alphaR - pi * alphaI + qr * cBetaR - qi * cBetaI);
      this.ai[k] = scale * (pr * alphaI + pi * alphaR + qr * cBetaI + qi * cBetaR);
      this.br[k] = scale * (pr * betaR - pi * betaI + qr * cAlphaR - qi * cAlphaI);
      this.bi[k] = scale * (pr * betaI + pi * betaR + qr * cAlphaI + qi * cAlphaR);
    }
    this.zr = new Float64Array(h + 1);
    this.zi = new Float64Array(h + 1);
    this.fr = fr.map((v) => v / n);
    this.fi = fi.map((v) => v / n);
  }

  apply(x: Float64Array, out: Float64Array): void {
    const n = this.n, h = this.half;
    if (x.length < n || out.length < n) throw new RangeError(`filter of length ${n}: input and output need ${n} elements`);
    const zr = this.zr, zi = this.zi;
    if (simdActive()) {
      // With the WebAssembly SIMD kernels loaded, real transforms through the plan (which
      // dispatches to them) beat the fused TypeScript route.
      const plan = realPlan(n), fr = this.fr, fi = this.fi;
      plan.forward(x, zr, zi);
      for (let k = 0; k <= h; k++) {
        const r = zr[k], i = zi[k];
        zr[k] = r * fr[k] - i * fi[k];
        zi[k] = r * fi[k] + i * fr[k];
      }
      plan.inverseUnscaled(zr, zi, out);
      return;
    }
    const work = this.kernel.transformToWork(x, x, 0, 1, 2);
    if (work) {
      applyRealFilterFromWork(work, zr, zi, this.ar, this.ai, this.br, this.bi, h);
    } else {
      this.kernel.transformStrided(x, x, 0, 1, 2, zr, zi, 0, 0, 1);
      applyRealFilter(zr, zi, this.ar, this.ai, this.br, this.bi, h);
    }
    // Inverse = swap ∘ forward ∘ swap; the swapped output lands interleaved in out.
    this.kernel.transformStrided(zi, zr, 0, 0, 1, out, out, 1, 0, 2);
  }
}

/** Z'[k] = A_k·Z[k] + B_k·conj Z[(h−k) mod h], in place, pairs (k, h−k) together. */
function applyRealFilter(
  zr: Float64Array, zi: Float64Array, ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, h: number,
): void {
  {
    const r = zr[0], i = zi[0];
    zr[0] = ar[0] * r - ai[0] * i + br[0] * r + bi[0] * i;
    zi[0] = ar[0] * i + ai[0] * r + bi[0] * r - br[0] * i;
  }
  for (let k = 1, l = h - 1; k <= l; k++, l--) {
    const pr = zr[k], pi = zi[k], qr = zr[l], qi = zi[l];
    // Z'[k] = A_k·Z[k] + B_k·conj Z[l];  Z'[l] = A_l·Z[l] + B_l·conj Z[k]
    zr[k] = ar[k] * pr - ai[k] * pi + br[k] * qr + bi[k] * qi;
    zi[k] = ar[k] * pi + ai[k] * pr + bi[k] * qr - br[k] * qi;
    zr[l] = ar[l] * qr - ai[l] * qi + br[l] * pr + bi[l] * pi;
    zi[l] = ar[l] * qi + ai[l] * qr + bi[l] * pr - br[l] * pi;
  }
}

/** applyRealFilter with Z read interleaved from a kernel's work array, Z' written to (zr, zi). */
function applyRealFilterFromWork(
  z: number[], zr: Float64Array, zi: Float64Array,
  ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, h: number,
): void {
  {
    const r = z[0], i = z[1];
    zr[0] = ar[0] * r - ai[0] * i + br[0] * r + bi[0] * i;
    zi[0] = ar[0] * i + ai[0] * r + bi[0] * r - br[0] * i;
  }
  for (let k = 1, l = h - 1; k <= l; k++, l--) {
    const pr = z[2 * k], pi = z[2 * k + 1], qr = z[2 * l], qi = z[2 * l + 1];
    zr[k] = ar[k] * pr - ai[k] * pi + br[k] * qr + bi[k] * qi;
    zi[k] = ar[k] * pi + ai[k] * pr + bi[k] * qr - br[k] * qi;
    zr[l] = ar[l] * qr - ai[l] * qi + br[l] * pr + bi[l] * pi;
    zi[l] = ar[l] * qi + ai[l] * qr + bi[l] * pr - br[l] * pi;
  }
}

/**
 * A plan for circular convolution with `filter` at length n (even, n/2 a power of two ≥ 2);
 * filters longer than n wrap around. Not cached: the caller keeps it for as long as it needs.
 */
export function planRealFilter(filter: Float64Array, n: number): RealFilterPlan {
  if (!Number.isInteger(n) || n < 4 || !isPowerOfTwo(n)) throw new RangeError(`real filter length must be a power of two ≥ 4, got ${n}`);
  return new RealFilter(filter, n);
}

// ---------------------------------------------------------------------------------------------
// Allocating conveniences (numpy.fft names)

/** A complex array held as two Float64Arrays. */
export interface ComplexArray {
  re: Float64Array;
  im: Float64Array;
}

/** numpy.fft.fft: forward DFT of any length ≥ 1, unscaled. New arrays; inputs untouched. */
export function fft(re: Float64Array, im: Float64Array): ComplexArray {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`fft: re has ${n} elements but im has ${im.length}`);
  const out = { re: new Float64Array(n), im: new Float64Array(n) };
  if (n > 0) planFft(n).forward(re, im, out.re, out.im);
  return out;
}

/** numpy.fft.ifft: inverse DFT, divided by n. New arrays; inputs untouched. */
export function ifft(re: Float64Array, im: Float64Array): ComplexArray {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`ifft: re has ${n} elements but im has ${im.length}`);
  const out = { re: new Float64Array(n), im: new Float64Array(n) };
  if (n > 0) planFft(n).inverse(re, im, out.re, out.im);
  return out;
}

/** numpy.fft.rfft: the floor(n/2) + 1 non-negative-frequency bins of a real signal, unscaled. */
export function rfft(x: Float64Array): ComplexArray {
  const n = x.length;
  if (n === 0) return { re: new Float64Array(0), im: new Float64Array(0) };
  const plan = planRealFft(n);
  const out = { re: new Float64Array(plan.bins), im: new Float64Array(plan.bins) };
  plan.forward(x, out.re, out.im);
  return out;
}

/**
 * numpy.fft.irfft: the real signal of length n (default 2·(bins − 1)) whose spectrum's
 * non-negative half is (re, im); divided by n. Bins beyond floor(n/2) are ignored, missing ones
 * are zero.
 */
export function irfft(re: Float64Array, im: Float64Array, n = 2 * (re.length - 1)): Float64Array {
  if (im.length !== re.length) throw new RangeError(`irfft: re has ${re.length} elements but im has ${im.length}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`irfft: output length must be ≥ 1, got ${n}`);
  const plan = planRealFft(n);
  let r = re, i = im;
  if (re.length !== plan.bins) {
    r = new Float64Array(plan.bins);
    i = new Float64Array(plan.bins);
    const k = Math.min(plan.bins, re.length);
    r.set(re.subarray(0, k));
    i.set(im.subarray(0, k));
  }
  const out = new Float64Array(n);
  plan.inverse(r, i, out);
  return out;
}
