/**
 * Column FFTs of a row-major complex matrix (split re/im planes, rows `stride` bytes apart):
 * the same radix-4 stages as fft.ts with the "points" being whole rows, so every butterfly is
 * a streaming f64x2 loop over the columns [x0, x1) (byte offsets) with one splatted twiddle.
 * No transposes, no gathers. Tables: those of fft.ts for the column length 2^log. The twiddle
 * multiplies are ./complex.ts's (fused in the relaxed SIMD build).
 */
import { cmulIm, cmulRe } from './complex';

const SQRT1_2: f64 = 0.70710678118654757;

@inline function firstLog(log: i32): i32 {
  return (log & 1) == 1 ? 3 : 2;
}

/** Twiddle k (1 … 3, re or im) of index j in a stage table (pair layout of fft.ts). */
@inline function twiddle(tw: usize, j: i32, k: i32, imaginary: i32): v128 {
  return v128.load64_splat(tw + <usize>((j >> 1) * 96 + (k - 1) * 32 + imaginary * 16 + (j & 1) * 8));
}

function dif4Columns(re: usize, im: usize, stride: usize, n: i32, m: i32, tw: usize, x0: usize, x1: usize): void {
  const mb = <usize>m * stride;
  for (let base = 0; base < n; base += 4 * m) {
    for (let j = 0; j < m; j++) {
      const w1r = twiddle(tw, j, 1, 0), w1i = twiddle(tw, j, 1, 1);
      const w2r = twiddle(tw, j, 2, 0), w2i = twiddle(tw, j, 2, 1);
      const w3r = twiddle(tw, j, 3, 0), w3i = twiddle(tw, j, 3, 1);
      const row = <usize>(base + j) * stride;
      for (let x = x0; x < x1; x += 16) {
        const pr = re + row + x, pi = im + row + x;
        const ar = v128.load(pr), ai = v128.load(pi);
        const br = v128.load(pr + mb), bi = v128.load(pi + mb);
        const cr = v128.load(pr + mb * 2), ci = v128.load(pi + mb * 2);
        const dr = v128.load(pr + mb * 3), di = v128.load(pi + mb * 3);
        const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
        const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
        v128.store(pr, f64x2.add(t0r, t2r)); v128.store(pi, f64x2.add(t0i, t2i));
        let yr = f64x2.sub(t0r, t2r), yi = f64x2.sub(t0i, t2i);
        v128.store(pr + mb, cmulRe(yr, yi, w2r, w2i)); v128.store(pi + mb, cmulIm(yr, yi, w2r, w2i));
        yr = f64x2.add(t1r, t3i); yi = f64x2.sub(t1i, t3r);
        v128.store(pr + mb * 2, cmulRe(yr, yi, w1r, w1i)); v128.store(pi + mb * 2, cmulIm(yr, yi, w1r, w1i));
        yr = f64x2.sub(t1r, t3i); yi = f64x2.add(t1i, t3r);
        v128.store(pr + mb * 3, cmulRe(yr, yi, w3r, w3i)); v128.store(pi + mb * 3, cmulIm(yr, yi, w3r, w3i));
      }
    }
  }
}

function dit4Columns(re: usize, im: usize, stride: usize, n: i32, m: i32, tw: usize, x0: usize, x1: usize): void {
  const mb = <usize>m * stride;
  for (let base = 0; base < n; base += 4 * m) {
    for (let j = 0; j < m; j++) {
      const w1r = twiddle(tw, j, 1, 0), w1i = twiddle(tw, j, 1, 1);
      const w2r = twiddle(tw, j, 2, 0), w2i = twiddle(tw, j, 2, 1);
      const w3r = twiddle(tw, j, 3, 0), w3i = twiddle(tw, j, 3, 1);
      const row = <usize>(base + j) * stride;
      for (let x = x0; x < x1; x += 16) {
        const pr = re + row + x, pi = im + row + x;
        const ar = v128.load(pr), ai = v128.load(pi);
        let xr = v128.load(pr + mb), xi = v128.load(pi + mb);
        const cr = cmulRe(xr, xi, w2r, w2i), ci = cmulIm(xr, xi, w2r, w2i);
        xr = v128.load(pr + mb * 2); xi = v128.load(pi + mb * 2);
        const br = cmulRe(xr, xi, w1r, w1i), bi = cmulIm(xr, xi, w1r, w1i);
        xr = v128.load(pr + mb * 3); xi = v128.load(pi + mb * 3);
        const dr = cmulRe(xr, xi, w3r, w3i), di = cmulIm(xr, xi, w3r, w3i);
        const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
        const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
        v128.store(pr, f64x2.add(t0r, t2r)); v128.store(pi, f64x2.add(t0i, t2i));
        v128.store(pr + mb, f64x2.add(t1r, t3i)); v128.store(pi + mb, f64x2.sub(t1i, t3r));
        v128.store(pr + mb * 2, f64x2.sub(t0r, t2r)); v128.store(pi + mb * 2, f64x2.sub(t0i, t2i));
        v128.store(pr + mb * 3, f64x2.sub(t1r, t3i)); v128.store(pi + mb * 3, f64x2.add(t1i, t3r));
      }
    }
  }
}

/** Radix-4 with no twiddles over rows base … base + 3; dif: natural → X0 X2 X1 X3; else the DIT first stage. */
function radix4Columns(re: usize, im: usize, stride: usize, n: i32, x0: usize, x1: usize, dif: bool): void {
  for (let base = 0; base < n; base += 4) {
    const row = <usize>base * stride;
    for (let x = x0; x < x1; x += 16) {
      const pr = re + row + x, pi = im + row + x;
      // DIF reads a b c d in natural order; DIT reads bit-reversed a c b d.
      const ar = v128.load(pr), ai = v128.load(pi);
      const br = v128.load(pr + (dif ? stride : stride * 2)), bi = v128.load(pi + (dif ? stride : stride * 2));
      const cr = v128.load(pr + (dif ? stride * 2 : stride)), ci = v128.load(pi + (dif ? stride * 2 : stride));
      const dr = v128.load(pr + stride * 3), di = v128.load(pi + stride * 3);
      const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
      const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
      v128.store(pr, f64x2.add(t0r, t2r)); v128.store(pi, f64x2.add(t0i, t2i));
      v128.store(pr + stride * 3, f64x2.sub(t1r, t3i)); v128.store(pi + stride * 3, f64x2.add(t1i, t3r));
      if (dif) {
        v128.store(pr + stride, f64x2.sub(t0r, t2r)); v128.store(pi + stride, f64x2.sub(t0i, t2i));
        v128.store(pr + stride * 2, f64x2.add(t1r, t3i)); v128.store(pi + stride * 2, f64x2.sub(t1i, t3r));
      } else {
        v128.store(pr + stride * 2, f64x2.sub(t0r, t2r)); v128.store(pi + stride * 2, f64x2.sub(t0i, t2i));
        v128.store(pr + stride, f64x2.add(t1r, t3i)); v128.store(pi + stride, f64x2.sub(t1i, t3r));
      }
    }
  }
}

/**
 * Radix-8 with no twiddles but √½ over rows base … base + 7. dif: natural x0 … x7 →
 * X0 X4 X2 X6 X1 X5 X3 X7; else the DIT first stage (that order in, natural out).
 */
function radix8Columns(re: usize, im: usize, stride: usize, n: i32, x0: usize, x1: usize, dif: bool): void {
  const h = f64x2.splat(SQRT1_2);
  // Natural index k sits in row k (n_k) or, bit-reversed, in row rev(k) (r_k: 0 4 2 6 1 5 3 7).
  // DIF reads natural rows and writes bit-reversed ones; DIT the other way round.
  const r1 = stride * 4, r3 = stride * 6, r4 = stride, r6 = stride * 3;
  const n1 = stride, n3 = stride * 3, n4 = stride * 4, n6 = stride * 6;
  const s2 = stride * 2, s5 = stride * 5, s7 = stride * 7;
  const i1 = dif ? n1 : r1, i3 = dif ? n3 : r3, i4 = dif ? n4 : r4, i6 = dif ? n6 : r6;
  const o1 = dif ? r1 : n1, o3 = dif ? r3 : n3, o4 = dif ? r4 : n4, o6 = dif ? r6 : n6;
  for (let base = 0; base < n; base += 8) {
    const row = <usize>base * stride;
    for (let x = x0; x < x1; x += 16) {
      const pr = re + row + x, pi = im + row + x;
      const x0r = v128.load(pr), x0i = v128.load(pi), x1r = v128.load(pr + i1), x1i = v128.load(pi + i1);
      const x2r = v128.load(pr + s2), x2i = v128.load(pi + s2), x3r = v128.load(pr + i3), x3i = v128.load(pi + i3);
      const x4r = v128.load(pr + i4), x4i = v128.load(pi + i4), x5r = v128.load(pr + s5), x5i = v128.load(pi + s5);
      const x6r = v128.load(pr + i6), x6i = v128.load(pi + i6), x7r = v128.load(pr + s7), x7i = v128.load(pi + s7);
      const a0r = f64x2.add(x0r, x4r), a0i = f64x2.add(x0i, x4i), a1r = f64x2.sub(x0r, x4r), a1i = f64x2.sub(x0i, x4i);
      const b0r = f64x2.add(x2r, x6r), b0i = f64x2.add(x2i, x6i), b1r = f64x2.sub(x2r, x6r), b1i = f64x2.sub(x2i, x6i);
      const c0r = f64x2.add(x1r, x5r), c0i = f64x2.add(x1i, x5i), c1r = f64x2.sub(x1r, x5r), c1i = f64x2.sub(x1i, x5i);
      const d0r = f64x2.add(x3r, x7r), d0i = f64x2.add(x3i, x7i), d1r = f64x2.sub(x3r, x7r), d1i = f64x2.sub(x3i, x7i);
      const e0r = f64x2.add(a0r, b0r), e0i = f64x2.add(a0i, b0i), e2r = f64x2.sub(a0r, b0r), e2i = f64x2.sub(a0i, b0i);
      const e1r = f64x2.add(a1r, b1i), e1i = f64x2.sub(a1i, b1r), e3r = f64x2.sub(a1r, b1i), e3i = f64x2.add(a1i, b1r);
      const o0r = f64x2.add(c0r, d0r), o0i = f64x2.add(c0i, d0i), o2r = f64x2.sub(c0r, d0r), o2i = f64x2.sub(c0i, d0i);
      const o1r = f64x2.add(c1r, d1i), o1i = f64x2.sub(c1i, d1r), o3r = f64x2.sub(c1r, d1i), o3i = f64x2.add(c1i, d1r);
      const t1r = f64x2.mul(h, f64x2.add(o1r, o1i)), t1i = f64x2.mul(h, f64x2.sub(o1i, o1r));
      const t3r = f64x2.mul(h, f64x2.sub(o3i, o3r)), t3i = f64x2.neg(f64x2.mul(h, f64x2.add(o3r, o3i)));
      // X_k goes to the row of k in the output order (bit-reversed for DIF, natural for DIT).
      v128.store(pr, f64x2.add(e0r, o0r)); v128.store(pi, f64x2.add(e0i, o0i));
      v128.store(pr + o4, f64x2.sub(e0r, o0r)); v128.store(pi + o4, f64x2.sub(e0i, o0i));
      v128.store(pr + o1, f64x2.add(e1r, t1r)); v128.store(pi + o1, f64x2.add(e1i, t1i));
      v128.store(pr + s5, f64x2.sub(e1r, t1r)); v128.store(pi + s5, f64x2.sub(e1i, t1i));
      v128.store(pr + s2, f64x2.add(e2r, o2i)); v128.store(pi + s2, f64x2.sub(e2i, o2r));
      v128.store(pr + o6, f64x2.sub(e2r, o2i)); v128.store(pi + o6, f64x2.add(e2i, o2r));
      v128.store(pr + o3, f64x2.add(e3r, t3r)); v128.store(pi + o3, f64x2.add(e3i, t3i));
      v128.store(pr + s7, f64x2.sub(e3r, t3r)); v128.store(pi + s7, f64x2.sub(e3i, t3i));
    }
  }
}

/**
 * Forward DFT down each column x in [x0, x1) (byte offsets, multiples of 16) of an n = 2^log
 * row matrix (n ≥ 4), natural order in, bit-reversed order out (decimation in frequency).
 */
export function difColumns(re: usize, im: usize, stride: usize, log: i32, tables: usize, x0: usize, x1: usize): void {
  const n = 1 << log;
  const first = 1 << firstLog(log);
  let bytes: usize = 0;
  for (let m = first; 4 * m <= n; m <<= 2) bytes += <usize>(48 * m);
  let m = first;
  while (4 * m <= n) m <<= 2;
  for (m >>= 2; m >= first; m >>= 2) {
    bytes -= <usize>(48 * m);
    dif4Columns(re, im, stride, n, m, tables + bytes, x0, x1);
  }
  if (first == 8) radix8Columns(re, im, stride, n, x0, x1, true);
  else radix4Columns(re, im, stride, n, x0, x1, true);
}

/** Forward DFT down each column from bit-reversed order to natural order (decimation in time). */
export function ditColumns(re: usize, im: usize, stride: usize, log: i32, tables: usize, x0: usize, x1: usize): void {
  const n = 1 << log;
  const first = 1 << firstLog(log);
  if (first == 8) radix8Columns(re, im, stride, n, x0, x1, false);
  else radix4Columns(re, im, stride, n, x0, x1, false);
  let t = tables;
  for (let m = first; 4 * m <= n; m <<= 2) {
    dit4Columns(re, im, stride, n, m, t, x0, x1);
    t += <usize>(48 * m);
  }
}
