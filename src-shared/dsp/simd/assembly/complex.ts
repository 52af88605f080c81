/**
 * Complex multiplies on f64x2 lanes for the FFT kernels (fft.ts, columns.ts, fft-mixed.ts,
 * fft-rader.ts, convolve.ts), fused where the module is built with relaxed SIMD.
 *
 * The module is built twice (src-main/dsp/build-wasm.ts). In the plain SIMD build each helper
 * is exactly the expression it replaces — every product rounded, then added — so that build's
 * code, and its every output bit, is what it was. In the relaxed SIMD build (ASC_FEATURE_RELAXED_SIMD)
 *   re = ar·br − ai·bi  = relaxed_nmadd(ai, bi, ar·br)   one mul + one fused step
 *   im = ar·bi + ai·br  = relaxed_madd(ai, br, ar·bi)    one mul + one fused step
 * so a twiddle multiply is 2 mul + 2 fma instead of 4 mul + 2 add. relaxed_madd may round
 * a·b + c once (x86 with FMA3, ARM) or twice (elsewhere, then it is the plain expression).
 *
 * Rounding: the plain re has three roundings, |fl(re) − re| ≤ γ₂·(|ar·br| + |ai·bi|) (γ_k =
 * k·ε/(1 − k·ε), ε = 2^-53); the fused one two, p = ar·br·(1 + δ₁) then (p − ai·bi)·(1 + δ₂), so
 * fl(re) − re = re·δ₂ + ar·br·δ₁·(1 + δ₂) and |fl(re) − re| ≤ ε·|re| + ε·(1 + ε)·|ar·br|
 * ≤ (2ε + ε²)·(|ar·br| + |ai·bi|) ≤ γ₂·(|ar·br| + |ai·bi|), the same bound (im likewise). The
 * usual complex-multiply bound |fl(z·w) − z·w| ≤ √2·γ₂·|z|·|w| therefore holds for both builds,
 * and with it every FFT error bound built on it (Higham, Accuracy and Stability, §24.1): the two
 * modules' outputs differ by at most twice that bound, each within it of the exact transform. The
 * fused form is not symmetric in the two products (one is rounded first), so a product that is
 * real or imaginary exactly need not come out so: e.g. z·conj z may get a tiny imaginary part.
 */

/** Re of (ar + i·ai)·(br + i·bi) = ar·br − ai·bi. */
@inline export function cmulRe(ar: v128, ai: v128, br: v128, bi: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(ai, bi, f64x2.mul(ar, br));
  return f64x2.sub(f64x2.mul(ar, br), f64x2.mul(ai, bi));
}

/** Im of (ar + i·ai)·(br + i·bi) = ar·bi + ai·br. */
@inline export function cmulIm(ar: v128, ai: v128, br: v128, bi: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(ai, br, f64x2.mul(ar, bi));
  return f64x2.add(f64x2.mul(ar, bi), f64x2.mul(ai, br));
}

/**
 * s + x·c per f64 lane: fused in the relaxed build (one rounding), a multiply and an add in the
 * plain one (two), so a bound that counts the plain build's roundings holds for both.
 */
@inline export function fmadd(s: v128, x: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(x, c, s);
  return f64x2.add(s, f64x2.mul(x, c));
}

/** s − x·c per f64 lane: fused in the relaxed build, a multiply and a subtraction in the plain one. */
@inline export function fnmadd(s: v128, x: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(x, c, s);
  return f64x2.sub(s, f64x2.mul(x, c));
}
