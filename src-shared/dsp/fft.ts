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
 * On the SIMD path each has a WebAssembly kernel: power of two (simd/fft-simd.ts), mixed radix
 * (simd/fft-mixed-simd.ts), and Bluestein over a 7-smooth inner length on the mixed-radix kernel
 * where that is estimated cheaper than the power of two (docs/fft-any-length.md).
 *
 * This module is the planner and the public front; the algorithms live beside it:
 * fft-mixed-radix.ts, fft-bluestein.ts, pow2.ts (complex), fft-real.ts (real input) and
 * fft-real-filter.ts (circular convolution with a fixed real filter).
 */

import { BluesteinKernel } from './fft-bluestein';
import { MIXED_MAX_PRIME, MixedKernel, mixedBeatsBluestein, smallFactors } from './fft-mixed-radix';
import { planRealFft, realPlanBytes } from './fft-real';
import { PlanCache } from './plan-cache';
import { Pow2Kernel } from './pow2';
import { simdBluesteinMixed, simdMixedTransform } from './simd/fft-mixed-simd';
import { simdComplexTransform } from './simd/fft-simd';

export { MIXED_MAX_PRIME } from './fft-mixed-radix';
export { planRealFft, type RealFftPlan } from './fft-real';
export { planRealFilter, type RealFilterPlan } from './fft-real-filter';

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

/** One complex transform algorithm for one length, behind a plan. */
export interface ComplexKernel {
  /** Forward transform; must support xr === yr (in place). */
  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void;
}

// Plans and kernels are cached up to planLimits.bytes of tables each (plan-cache.ts).
const pow2Kernels = new PlanCache<Pow2Kernel>();

export function pow2Kernel(n: number): Pow2Kernel {
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
   * The SIMD entry for this plan's algorithm: a length the plain path runs by mixed radix takes
   * the SIMD mixed-radix kernel (simd/fft-mixed-simd.ts); Bluestein runs its inner transforms on
   * that kernel where a 7-smooth length beats the power of two, else fft-simd.ts's transform.
   */
  private readonly simd: typeof simdComplexTransform;
  /** The plain path's kernel, made the first time the SIMD path leaves a transform to it. */
  private plain: ComplexKernel | undefined;

  constructor(readonly n: number, private readonly algorithm: FftAlgorithm) {
    this.simd = algorithm === 'mixed radix'
      ? simdMixedTransform
      : algorithm === 'bluestein'
        ? (...args) => simdBluesteinMixed(...args) || simdComplexTransform(...args)
        : simdComplexTransform;
  }

  /**
   * The plain kernel, made on first use: its tables are most of a plan's making (a real 2^20
   * plan's 0.3 s of 0.5) and memory (tens of MB), and a length the SIMD kernels take never reads
   * them. Made, the plan is measured again for the cache's bound.
   */
  private get kernel(): ComplexKernel {
    if (!this.plain) {
      const n = this.n;
      this.plain = this.algorithm === 'power of two' ? pow2Kernel(n) : this.algorithm === 'mixed radix' ? new MixedKernel(n) : new BluesteinKernel(n);
      complexPlans.set(n, this);
    }
    return this.plain;
  }

  forward(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (this.simd(this.n, reIn, imIn, reOut, imOut, false, false)) return;
    this.kernel.transform(reIn, imIn, reOut, imOut);
  }

  inverseUnscaled(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (this.simd(this.n, reIn, imIn, reOut, imOut, true, false)) return;
    // ifft(x) = swap(fft(swap(x))) where swap exchanges re and im (i.e. conj(fft(conj x))).
    this.kernel.transform(imIn, reIn, imOut, reOut);
  }

  inverse(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (this.simd(this.n, reIn, imIn, reOut, imOut, true, true)) return;
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
    plan = new ComplexPlan(n, fftAlgorithm(n));
    complexPlans.set(n, plan);
  }
  return plan;
}


/** Bytes of tables the plain path's plan caches hold now (tests watch the bound). */
export function cachedPlanBytes(): number {
  return pow2Kernels.bytes + complexPlans.bytes + realPlanBytes();
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

/**
 * numpy.fft.ifft: inverse DFT, divided by n, into new arrays or `out`'s planes (n elements each,
 * neither of them an input). Inputs untouched.
 */
export function ifft(re: Float64Array, im: Float64Array, out: ComplexArray = { re: new Float64Array(re.length), im: new Float64Array(re.length) }): ComplexArray {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`ifft: re has ${n} elements but im has ${im.length}`);
  if (out.re.length !== n || out.im.length !== n) throw new RangeError(`ifft: the output planes need ${n} elements each, not ${out.re.length} and ${out.im.length}`);
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
