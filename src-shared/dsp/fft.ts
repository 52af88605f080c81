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
 *   - n = 2^a·3^b·5^c: KissFFT-style recursive mixed radix (radix 4, 2, 3, 5 butterflies).
 *   - anything else (primes, 7, 11, …): Bluestein's chirp-z algorithm over a power-of-two FFT
 *     of size ≥ 2n − 1, with the chirp and the chirp filter's spectrum precomputed.
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
// Mixed radix 2/3/4/5 (KissFFT's recursive decimation in time)

class MixedKernel implements ComplexKernel {
  private readonly factors: number[] = [];
  private readonly twr: Float64Array;
  private readonly twi: Float64Array;
  private readonly scratchR: Float64Array;
  private readonly scratchI: Float64Array;

  constructor(readonly n: number) {
    let rest = n;
    for (const p of [4, 2, 3, 5]) {
      while (rest % p === 0) {
        this.factors.push(p);
        rest /= p;
      }
    }
    if (rest !== 1) throw new Error(`MixedKernel: ${n} is not 5-smooth`);
    this.twr = new Float64Array(n);
    this.twi = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const a = (-2 * Math.PI * k) / n;
      this.twr[k] = Math.cos(a);
      this.twi[k] = Math.sin(a);
    }
    this.scratchR = new Float64Array(n);
    this.scratchI = new Float64Array(n);
  }

  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    if (xr === yr) {
      this.scratchR.set(xr.subarray(0, this.n));
      this.scratchI.set(xi.subarray(0, this.n));
      xr = this.scratchR;
      xi = this.scratchI;
    }
    this.work(yr, yi, 0, xr, xi, 0, 1, 0);
  }

  private work(
    yr: Float64Array, yi: Float64Array, outOff: number,
    xr: Float64Array, xi: Float64Array, inOff: number, fstride: number, stage: number,
  ): void {
    const p = this.factors[stage];
    const m = this.n / (fstride * p);
    if (m === 1) {
      for (let q = 0; q < p; q++) {
        yr[outOff + q] = xr[inOff + q * fstride];
        yi[outOff + q] = xi[inOff + q * fstride];
      }
    } else {
      for (let q = 0; q < p; q++) {
        this.work(yr, yi, outOff + q * m, xr, xi, inOff + q * fstride, fstride * p, stage + 1);
      }
    }
    const twr = this.twr, twi = this.twi;
    switch (p) {
      case 2: butterfly2(yr, yi, outOff, fstride, m, twr, twi); break;
      case 3: butterfly3(yr, yi, outOff, fstride, m, twr, twi); break;
      case 4: butterfly4(yr, yi, outOff, fstride, m, twr, twi); break;
      default: butterfly5(yr, yi, outOff, fstride, m, twr, twi); break;
    }
  }
}

function butterfly2(
  re: Float64Array, im: Float64Array, off: number, fs: number, m: number, twr: Float64Array, twi: Float64Array,
): void {
  for (let k = 0; k < m; k++) {
    const a = off + k, b = a + m, t = k * fs;
    const tr = re[b] * twr[t] - im[b] * twi[t];
    const ti = re[b] * twi[t] + im[b] * twr[t];
    re[b] = re[a] - tr;
    im[b] = im[a] - ti;
    re[a] += tr;
    im[a] += ti;
  }
}

function butterfly4(
  re: Float64Array, im: Float64Array, off: number, fs: number, m: number, twr: Float64Array, twi: Float64Array,
): void {
  for (let k = 0; k < m; k++) {
    const i0 = off + k, i1 = i0 + m, i2 = i1 + m, i3 = i2 + m;
    const t1 = k * fs, t2 = 2 * t1, t3 = 3 * t1;
    const s0r = re[i1] * twr[t1] - im[i1] * twi[t1], s0i = re[i1] * twi[t1] + im[i1] * twr[t1];
    const s1r = re[i2] * twr[t2] - im[i2] * twi[t2], s1i = re[i2] * twi[t2] + im[i2] * twr[t2];
    const s2r = re[i3] * twr[t3] - im[i3] * twi[t3], s2i = re[i3] * twi[t3] + im[i3] * twr[t3];
    const ar = re[i0], ai = im[i0];
    const s5r = ar - s1r, s5i = ai - s1i;
    const er = ar + s1r, ei = ai + s1i;
    const s3r = s0r + s2r, s3i = s0i + s2i, s4r = s0r - s2r, s4i = s0i - s2i;
    re[i0] = er + s3r;
    im[i0] = ei + s3i;
    re[i2] = er - s3r;
    im[i2] = ei - s3i;
    re[i1] = s5r + s4i;
    im[i1] = s5i - s4r;
    re[i3] = s5r - s4i;
    im[i3] = s5i + s4r;
  }
}

const SIN60 = Math.sin(Math.PI / 3);

function butterfly3(
  re: Float64Array, im: Float64Array, off: number, fs: number, m: number, twr: Float64Array, twi: Float64Array,
): void {
  // Forward: exp(−2πi/3) = −1/2 − i·sin 60°.
  for (let k = 0; k < m; k++) {
    const i0 = off + k, i1 = i0 + m, i2 = i1 + m;
    const t1 = k * fs, t2 = 2 * t1;
    const s1r = re[i1] * twr[t1] - im[i1] * twi[t1], s1i = re[i1] * twi[t1] + im[i1] * twr[t1];
    const s2r = re[i2] * twr[t2] - im[i2] * twi[t2], s2i = re[i2] * twi[t2] + im[i2] * twr[t2];
    const s3r = s1r + s2r, s3i = s1i + s2i;
    const s0r = (s1r - s2r) * -SIN60, s0i = (s1i - s2i) * -SIN60;
    const mr = re[i0] - 0.5 * s3r, mi = im[i0] - 0.5 * s3i;
    re[i0] += s3r;
    im[i0] += s3i;
    re[i2] = mr + s0i;
    im[i2] = mi - s0r;
    re[i1] = mr - s0i;
    im[i1] = mi + s0r;
  }
}

const YAR = Math.cos((2 * Math.PI) / 5), YAI = -Math.sin((2 * Math.PI) / 5);
const YBR = Math.cos((4 * Math.PI) / 5), YBI = -Math.sin((4 * Math.PI) / 5);

function butterfly5(
  re: Float64Array, im: Float64Array, off: number, fs: number, m: number, twr: Float64Array, twi: Float64Array,
): void {
  for (let u = 0; u < m; u++) {
    const i0 = off + u, i1 = i0 + m, i2 = i1 + m, i3 = i2 + m, i4 = i3 + m;
    const t1 = u * fs, t2 = 2 * t1, t3 = 3 * t1, t4 = 4 * t1;
    const s0r = re[i0], s0i = im[i0];
    const s1r = re[i1] * twr[t1] - im[i1] * twi[t1], s1i = re[i1] * twi[t1] + im[i1] * twr[t1];
    const s2r = re[i2] * twr[t2] - im[i2] * twi[t2], s2i = re[i2] * twi[t2] + im[i2] * twr[t2];
    const s3r = re[i3] * twr[t3] - im[i3] * twi[t3], s3i = re[i3] * twi[t3] + im[i3] * twr[t3];
    const s4r = re[i4] * twr[t4] - im[i4] * twi[t4], s4i = re[i4] * twi[t4] + im[i4] * twr[t4];
    const s7r = s1r + s4r, s7i = s1i + s4i, s10r = s1r - s4r, s10i = s1i - s4i;
    const s8r = s2r + s3r, s8i = s2i + s3i, s9r = s2r - s3r, s9i = s2i - s3i;
    re[i0] = s0r + s7r + s8r;
    im[i0] = s0i + s7i + s8i;
    const s5r = s0r + s7r * YAR + s8r * YBR, s5i = s0i + s7i * YAR + s8i * YBR;
    const s6r = s10i * YAI + s9i * YBI, s6i = -s10r * YAI - s9r * YBI;
    re[i1] = s5r - s6r;
    im[i1] = s5i - s6i;
    re[i4] = s5r + s6r;
    im[i4] = s5i + s6i;
    const s11r = s0r + s7r * YBR + s8r * YAR, s11i = s0i + s7i * YBR + s8i * YAR;
    const s12r = -s10i * YBI + s9i * YAI, s12i = s10r * YBI - s9r * YAI;
    re[i2] = s11r + s12r;
    im[i2] = s11i + s12i;
    re[i3] = s11r - s12r;
    im[i3] = s11i - s12i;
  }
}

// ---------------------------------------------------------------------------------------------
// Bluestein (chirp z) for lengths with a prime factor above 5

class BluesteinKernel implements ComplexKernel {
  private readonly m: number;
  private readonly inner: Pow2Kernel;
  private readonly chirpR: Float64Array;
  private readonly chirpI: Float64Array;
  /** FFT_m of the filter b[j] = conj(chirp[|j|]), already divided by m for the inverse. */
  private readonly filterR: Float64Array;
  private readonly filterI: Float64Array;
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
    this.bufR = new Float64Array(m);
    this.bufI = new Float64Array(m);
  }

  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const n = this.n, m = this.m;
    const cr = this.chirpR, ci = this.chirpI, fr = this.filterR, fi = this.filterI;
    const ar = this.bufR, ai = this.bufI;
    for (let k = 0; k < n; k++) {
      const r = xr[k], i = xi[k];
      ar[k] = r * cr[k] - i * ci[k];
      ai[k] = r * ci[k] + i * cr[k];
    }
    ar.fill(0, n);
    ai.fill(0, n);
    this.inner.transform(ar, ai, ar, ai);
    // Multiply by the filter spectrum and conjugate, so a second forward FFT acts as the inverse.
    for (let k = 0; k < m; k++) {
      const r = ar[k], i = ai[k];
      ar[k] = r * fr[k] - i * fi[k];
      ai[k] = -(r * fi[k] + i * fr[k]);
    }
    this.inner.transform(ar, ai, ar, ai);
    for (let k = 0; k < n; k++) {
      const r = ar[k], i = -ai[k];
      yr[k] = r * cr[k] - i * ci[k];
      yi[k] = r * ci[k] + i * cr[k];
    }
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

/** True when n has no prime factor above 5 (the lengths the mixed-radix kernel handles). */
export function isFiveSmooth(n: number): boolean {
  if (n < 1) return false;
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/** The smallest 2^a·3^b·5^c ≥ n: a length our FFT handles without Bluestein. */
export function nextFastLength(n: number): number {
  if (n <= 1) return 1;
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * n; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * n; p35 *= 3) {
      let v = p35;
      while (v < n) v *= 2;
      if (v < best) best = v;
    }
  }
  return best;
}

/** The smallest power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

class ComplexPlan implements FftPlan {
  constructor(readonly n: number, private readonly kernel: ComplexKernel) {}

  forward(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (simdComplexTransform(this.n, reIn, imIn, reOut, imOut, false, false)) return;
    this.kernel.transform(reIn, imIn, reOut, imOut);
  }

  inverseUnscaled(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (simdComplexTransform(this.n, reIn, imIn, reOut, imOut, true, false)) return;
    // ifft(x) = swap(fft(swap(x))) where swap exchanges re and im (i.e. conj(fft(conj x))).
    this.kernel.transform(imIn, reIn, imOut, reOut);
  }

  inverse(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (simdComplexTransform(this.n, reIn, imIn, reOut, imOut, true, true)) return;
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
    const kernel: ComplexKernel = isPowerOfTwo(n)
      ? pow2Kernel(n)
      : isFiveSmooth(n)
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
  }

  forward(x: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    const n = this.n;
    if (x.length < n || reOut.length < this.bins || imOut.length < this.bins) {
      throw new RangeError(`rfft of length ${n}: input needs ${n} and outputs ${this.bins} elements`);
    }
    if (simdRealForward(n, x, reOut, imOut)) return;
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
