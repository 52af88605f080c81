/**
 * The real FFT of a prime length n by Rader's algorithm, halved by the input's symmetry (the
 * plan and the derivation: ../fft-simd.ts, raderRealPlan). With g a primitive root, N = n − 1,
 * H = N/2, the nonzero bins are X[g^−q] = x[0] + y[q], y the cyclic convolution of a[p] = x[g^p]
 * with b[d] = W^(g^−d). Since g^H ≡ −1, b[d + H] = conj b[d]: y's real part is a cyclic
 * convolution of length H of u[p] = a[p] + a[p + H], its imaginary part a negacyclic one of
 * v[p] = a[p] − a[p + H]. Both run at once as one complex convolution of z = u + i·v, padded to
 * a power of two M ≥ 2H − 1: two complex FFTs of M ≈ n points where Bluestein on the complex
 * transform takes two of M ≈ 2n to 4n. The spectra's products are ./complex.ts's (fused in the
 * relaxed SIMD build).
 */
import { cmulIm, cmulRe } from './complex';

/**
 * zr[p] = x[i] + x[n − i], zi[p] = x[i] − x[n − i] with i = index[p] = g^p mod n, for p < h,
 * and zero for h ≤ p < m (m even). Returns Σ x[1 … n) (bin 0 is x[0] plus it).
 */
export function raderRealGather(x: usize, index: usize, n: i32, zr: usize, zi: usize, h: i32, m: i32): f64 {
  let sum: f64 = 0;
  for (let p = 0; p < h; p++) {
    const i = load<i32>(index + (<usize>p << 2));
    const s = load<f64>(x + (<usize>i << 3)), t = load<f64>(x + (<usize>(n - i) << 3));
    store<f64>(zr + (<usize>p << 3), s + t);
    store<f64>(zi + (<usize>p << 3), s - t);
    sum += s + t;
  }
  memory.fill(zr + (<usize>h << 3), 0, <usize>(m - h) << 3);
  memory.fill(zi + (<usize>h << 3), 0, <usize>(m - h) << 3);
  return sum;
}

@inline function swapLanes(v: v128): v128 {
  return f64x2.shuffle(v, v, 1, 0);
}

/**
 * Y[k] = Z[k]·P[k] + conj(Z[M − k])·Q[k] for k < m (Z[M] meaning Z[0]): the spectra of u and v
 * separated from Z = FFT(u + i·v) and multiplied by the two kernels' spectra, folded into P and
 * Q by the plan. Y must not overlap Z.
 */
export function raderRealMultiply(
  zr: usize, zi: usize, pr: usize, pi: usize, qr: usize, qi: usize, yr: usize, yi: usize, m: i32,
): void {
  multiplyOne(zr, zi, pr, pi, qr, qi, yr, yi, 0, 0);
  let k = 1;
  // lanes (k, k + 1) against partners (m − k, m − k − 1)
  for (; k + 1 < m; k += 2) {
    const o = <usize>k << 3, c = <usize>(m - k - 1) << 3;
    const ar = v128.load(zr + o), ai = v128.load(zi + o);
    const br = swapLanes(v128.load(zr + c)), bi = f64x2.neg(swapLanes(v128.load(zi + c)));
    const wr = v128.load(pr + o), wi = v128.load(pi + o), sr = v128.load(qr + o), si = v128.load(qi + o);
    v128.store(yr + o, f64x2.add(cmulRe(ar, ai, wr, wi), cmulRe(br, bi, sr, si)));
    v128.store(yi + o, f64x2.add(cmulIm(ar, ai, wr, wi), cmulIm(br, bi, sr, si)));
  }
  for (; k < m; k++) multiplyOne(zr, zi, pr, pi, qr, qi, yr, yi, k, m - k);
}

@inline function multiplyOne(
  zr: usize, zi: usize, pr: usize, pi: usize, qr: usize, qi: usize, yr: usize, yi: usize, k: i32, partner: i32,
): void {
  const o = <usize>k << 3, c = <usize>partner << 3;
  const ar = load<f64>(zr + o), ai = load<f64>(zi + o), br = load<f64>(zr + c), bi = -load<f64>(zi + c);
  const wr = load<f64>(pr + o), wi = load<f64>(pi + o), sr = load<f64>(qr + o), si = load<f64>(qi + o);
  store<f64>(yr + o, ar * wr - ai * wi + br * sr - bi * si);
  store<f64>(yi + o, ar * wi + ai * wr + br * si + bi * sr);
}

/**
 * Bins 1 … H from y: for q < h, target = index[q] (i32) is g^−q when that is ≤ H, else
 * −(n − g^−q), whose bin is the conjugate: X[|target|] = x0 + y[q], conjugated when negative.
 */
export function raderRealScatter(
  yr: usize, yi: usize, index: usize, x0: f64, outR: usize, outI: usize, h: i32,
): void {
  for (let q = 0; q < h; q++) {
    const target = load<i32>(index + (<usize>q << 2));
    const r = x0 + load<f64>(yr + (<usize>q << 3)), i = load<f64>(yi + (<usize>q << 3));
    if (target > 0) {
      store<f64>(outR + (<usize>target << 3), r);
      store<f64>(outI + (<usize>target << 3), i);
    } else {
      store<f64>(outR + (<usize>(-target) << 3), r);
      store<f64>(outI + (<usize>(-target) << 3), -i);
    }
  }
}
