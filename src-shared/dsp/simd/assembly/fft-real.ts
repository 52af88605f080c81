/**
 * Kernels of the real-input FFT beside those in fft.ts (realForwardPost, realInversePre and the
 * interleaved entry points of the half-length transform). Conventions as fft.ts.
 */

/**
 * out[2j] = yr[j]·factorRe, out[2j + 1] = yi[j]·factorIm for j < h (h even): the real inverse
 * FFT's even and odd samples, scaled and conjugated back, from a transform done in place (see
 * ../fft-simd.ts simdRealInverse). out must not overlap (yr, yi).
 */
export function interleaveScaled(yr: usize, yi: usize, out: usize, h: i32, factorRe: f64, factorIm: f64): void {
  const s = f64x2.replace_lane(f64x2.splat(factorRe), 1, factorIm);
  const end = yr + (<usize>h << 3);
  while (yr < end) {
    const p = v128.load(yr), q = v128.load(yi);
    v128.store(out, f64x2.mul(f64x2.shuffle(p, q, 0, 2), s));
    v128.store(out, f64x2.mul(f64x2.shuffle(p, q, 1, 3), s), 16);
    yr += 16; yi += 16; out += 32;
  }
}
