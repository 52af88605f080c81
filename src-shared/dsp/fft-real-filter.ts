/**
 * Circular convolution of real signals with a fixed real filter, by the real FFT: the loop that
 * overlap-add and one-shot FFT convolution run once per block.
 */
import { isPowerOfTwo, pow2Kernel } from './fft';
import { realPlan } from './fft-real';
import type { Pow2Kernel } from './pow2';
import { simdActive } from './simd/runtime';
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
