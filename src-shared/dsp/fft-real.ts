/**
 * The FFT of real input: an even n by one complex FFT of n/2 points and a post-processing pass
 * over mirrored pairs; n = 3·M (odd) by one decimation-in-time step over two complex FFTs of M;
 * anything else through the complex transform. Plans are cached by n.
 */
import { fftAlgorithm, isPowerOfTwo, planFft, pow2Kernel, type FftPlan } from './fft';
import { SIN60 } from './fft-mixed-radix';
import { PlanCache } from './plan-cache';
import { doubleArray, type Pow2Kernel } from './pow2';
import { isPrime, simdRaderRealForward } from './simd/fft-rader-simd';
import { simdRealForward, simdRealInverse } from './simd/fft-simd';
import { simdActive } from './simd/runtime';
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

/** What RealPlan's plain path works with beside its complex plan: twiddles and work areas of h = n/2 (n for odd n). */
class PlainRealTables {
  /** Power-of-two halves read x packed (z[j] = x[2j] + i·x[2j+1]) through a strided view. */
  readonly pow2: Pow2Kernel | undefined;
  /** W^k = exp(−2πi·k/n) for k < h (even n). */
  readonly wr: Float64Array;
  readonly wi: Float64Array;
  /** W^k interleaved (re, im) for k < h: the same twiddles as a JS array for realForwardPostWork. */
  readonly twist: number[];
  readonly zr: Float64Array;
  readonly zi: Float64Array;
  readonly yr: Float64Array;
  readonly yi: Float64Array;

  constructor(n: number, h: number) {
    const even = h !== n;
    this.pow2 = even && isPowerOfTwo(h) ? pow2Kernel(h) : undefined;
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
  }
}

/**
 * Even n: the half-length trick. z[j] = x[2j] + i·x[2j+1] is transformed with one complex FFT
 * of n/2 points, then X[k] = E[k] + W^k·O[k] with E = (Z[k] + conj Z[h−k])/2,
 * O = (Z[k] − conj Z[h−k])/(2i), W = exp(−2πi/n), h = n/2. The inverse runs the same steps
 * backwards. Odd n falls back to a complex transform of n points.
 */
export class RealPlan implements RealFftPlan {
  readonly bins: number;
  private readonly half: number;
  private readonly complex: FftPlan;
  /** Odd n = 3·M. */
  private readonly threeM: boolean;
  /**
   * Whether the plain path takes the split too: only where n runs by mixed radix. Where n runs by
   * Bluestein the SIMD path takes it (two transforms of M, whose 7-smooth inner lengths total
   * about 2/3 of n's: real 99999 3.9 → ~2.6 ms), the plain one the complex transform of n (its
   * power-of-two inner lengths make the split no cheaper).
   */
  private readonly oddPlain: boolean;
  /** A prime n ≥ 3, which the SIMD path transforms by Rader's algorithm. */
  private readonly prime: boolean;
  /** The plain path's tables and work areas, made the first time the SIMD path leaves a transform to it. */
  private plainTables: PlainRealTables | undefined;
  /** Odd n = 3·M: the decimation-in-time split, made on first use. */
  private split: OddRealSplit | undefined;

  constructor(readonly n: number) {
    this.bins = (n >> 1) + 1;
    const even = n % 2 === 0 && n >= 2;
    this.half = even ? n / 2 : n;
    this.complex = planFft(this.half);
    this.prime = n % 2 === 1 && isPrime(n);
    this.threeM = n % 3 === 0 && n > 3 && !even;
    this.oddPlain = this.threeM && fftAlgorithm(n) === 'mixed radix';
  }

  /** W^k = exp(−2πi·k/n) for k < n/2 (even n; empty for odd n). */
  get wr(): Float64Array {
    return this.plain.wr;
  }

  get wi(): Float64Array {
    return this.plain.wi;
  }

  /**
   * The plain path's tables, made on first use (a length the SIMD kernels take never reads them:
   * at 2^20 they were 0.3 s of the plan's making and 40 MB); made, the plan is measured again
   * for the cache's bound.
   */
  private get plain(): PlainRealTables {
    if (!this.plainTables) {
      this.plainTables = new PlainRealTables(this.n, this.half);
      realPlans.set(this.n, this);
    }
    return this.plainTables;
  }

  /** The odd split where it is taken (the plain path where n runs by mixed radix, else the SIMD path's). */
  private get odd(): OddRealSplit | undefined {
    if (!this.threeM || !(this.oddPlain || simdActive())) return undefined;
    if (!this.split) {
      this.split = new OddRealSplit(this.n);
      realPlans.set(this.n, this);
    }
    return this.split;
  }

  forward(x: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    const n = this.n;
    if (x.length < n || reOut.length < this.bins || imOut.length < this.bins) {
      throw new RangeError(`rfft of length ${n}: input needs ${n} and outputs ${this.bins} elements`);
    }
    if (simdRealForward(n, x, reOut, imOut)) return;
    if (this.prime && simdRaderRealForward(n, x, reOut, imOut)) return;
    const odd = this.odd;
    if (odd) {
      odd.forward(x, reOut, imOut);
      return;
    }
    const { zr, zi, pow2, twist, wr, wi } = this.plain;
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
    if (pow2) {
      const work = pow2.transformToWork(x, x, 0, 1, 2);
      if (work) {
        realForwardPostWork(work, twist, reOut, imOut, h);
        return;
      }
      pow2.transformStrided(x, x, 0, 1, 2, zr, zi, 0, 0, 1);
    } else {
      for (let j = 0; j < h; j++) {
        zr[j] = x[2 * j];
        zi[j] = x[2 * j + 1];
      }
      this.complex.forward(zr, zi, zr, zi);
    }
    realForwardPost(zr, zi, wr, wi, reOut, imOut, h);
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
    const { zr, zi, pow2, wr, wi, yr, yi } = this.plain;
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
    realInversePre(re, im, wr, wi, zr, zi, h, 2 * scale);
    if (pow2) {
      // inverse = swap ∘ forward ∘ swap; the swapped output lands interleaved in out.
      pow2.transformStrided(zi, zr, 0, 0, 1, out, out, 1, 0, 2);
      return;
    }
    this.complex.inverseUnscaled(zr, zi, yr, yi);
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

/** Bytes of tables the real-input plan cache holds now. */
export function realPlanBytes(): number {
  return realPlans.bytes;
}

/** The cached real-input FFT plan for length n ≥ 1. */
export function planRealFft(n: number): RealFftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be an integer ≥ 1, got ${n}`);
  return realPlan(n);
}

export function realPlan(n: number): RealPlan {
  let plan = realPlans.get(n);
  if (!plan) {
    plan = new RealPlan(n);
    realPlans.set(n, plan);
  }
  return plan;
}
