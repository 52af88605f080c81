/**
 * One pass of the Stockham mixed-radix FFT (autosort, decimation in frequency) with WebAssembly
 * SIMD: the same passes as ../../fft-mixed-radix.ts, which stays the plain path and the oracle.
 * A pass of radix p with m butterflies per sequence over s interleaved sequences (s·p·m = n)
 * reads a_r = x[q + s·(j + r·m)] and writes y[q + s·(p·j + t)] = (Σ_r a_r·ω_p^{rt})·W_{pm}^{tj}.
 *
 * f64x2 holds two neighbouring butterflies, over split re / im arrays:
 *   - s even: lanes q, q + 1 of one j — loads and stores contiguous, the twiddles of j splat;
 *   - s = 1 (the first pass): lanes j, j + 1 — loads contiguous, stores one lane each, the
 *     twiddles of the pair loaded as a vector;
 *   - s odd > 1: the pairs of q as for s even, then the last column q = s − 1 with lanes j, j + 1
 *     gathered and scattered one lane each;
 *   - an odd count of j: the last one with both lanes equal.
 * The last pass (m = 1) multiplies by no twiddles. Radix 2, 3, 4, 5 and 7 are written out; other
 * odd primes take the generic pass (pair sums and differences, ~p²/2 multiply-adds per p points).
 *
 * Twiddles (built by the host, ../fft-mixed-simd.ts) per pass: one block of (p − 1)·32 bytes per
 * pair of j (j0 = 2k): for t = 1 … p − 1 at (t − 1)·32: [wr(j0), wr(j0 + 1), wi(j0), wi(j0 + 1)],
 * w = W_{pm}^{t·j}. The generic pass also reads cos(2πk/p), sin(2πk/p) for k < p (2p values).
 * Inverse transforms use the swap trick (the host passes im as re and re as im).
 *
 * The twiddle multiplies and the butterflies' multiply-adds are ./complex.ts's: fused in the
 * relaxed SIMD build (one rounding where the plain build has two), exactly the plain expressions
 * in the plain build.
 */
import { cmulIm, cmulRe, fmadd, fnmadd } from './complex';

/**
 * Scratch of the generic pass: the pair sums and differences (re, im) at 64·r bytes for
 * r = 1 … h, h ≤ MAX_HALF (p ≤ 2·MAX_HALF + 1).
 */
const MAX_HALF: i32 = 32;
const genericSums: usize = memory.data((MAX_HALF + 1) * 4 * 16, 16);

/** The largest odd prime the generic pass takes. */
export function mixedMaxPrime(): i32 {
  return 2 * MAX_HALF + 1;
}

const SIN60: f64 = 0.8660254037844386;
const C5A: f64 = 0.30901699437494745, S5A: f64 = 0.9510565162951535;
const C5B: f64 = -0.8090169943749473, S5B: f64 = 0.5877852522924732;
const C7A: f64 = 0.6234898018587336, C7B: f64 = -0.22252093395631434, C7C: f64 = -0.900968867902419;
const S7A: f64 = 0.7818314824680298, S7B: f64 = 0.9749279121818236, S7C: f64 = 0.43388373911755823;

/** Twiddle modes: none (m = 1), one j's twiddle in both lanes, a pair of j's. */
const TW_NONE: i32 = 0;
const TW_SPLAT: i32 = 1;
const TW_PAIR: i32 = 2;

@inline function load2(x: usize, a: usize, b: usize, contiguous: bool): v128 {
  if (contiguous) return v128.load(x + a);
  return v128.load64_lane(x + b, v128.load64_zero(x + a), 1);
}

@inline function store2(y: usize, a: usize, b: usize, v: v128, contiguous: bool): void {
  if (contiguous) {
    v128.store(y + a, v);
  } else {
    v128.store64_lane(y + a, v, 0);
    v128.store64_lane(y + b, v, 1);
  }
}

/** Stores output t = (br, bi)·W^{t·j} at offsets oa / ob (+ t·sOut); twiddle t at tw + (t − 1)·32. */
@inline function storeTw(
  yr: usize, yi: usize, oa: usize, ob: usize, cs: bool, br: v128, bi: v128, tw: usize, t: usize, mode: i32,
): void {
  if (mode == TW_NONE) {
    store2(yr, oa, ob, br, cs);
    store2(yi, oa, ob, bi, cs);
    return;
  }
  const at = tw + ((t - 1) << 5);
  let wr: v128, wi: v128;
  if (mode == TW_SPLAT) {
    wr = v128.load64_splat(at);
    wi = v128.load64_splat(at + 16);
  } else {
    wr = v128.load(at);
    wi = v128.load(at + 16);
  }
  store2(yr, oa, ob, cmulRe(br, bi, wr, wi), cs);
  store2(yi, oa, ob, cmulIm(br, bi, wr, wi), cs);
}

@inline function splat(c: f64): v128 {
  return f64x2.splat(c);
}

// ---------------------------------------------------------------------------------------------
// Butterflies: read a_r at (ia | ib) + r·sIn, write output t at (oa | ob) + t·sOut.

@inline function body2(
  xr: usize, xi: usize, yr: usize, yi: usize, ia: usize, ib: usize, cl: bool, sIn: usize,
  oa: usize, ob: usize, cs: bool, sOut: usize, tw: usize, mode: i32,
): void {
  const ar = load2(xr, ia, ib, cl), ai = load2(xi, ia, ib, cl);
  const br = load2(xr, ia + sIn, ib + sIn, cl), bi = load2(xi, ia + sIn, ib + sIn, cl);
  store2(yr, oa, ob, f64x2.add(ar, br), cs);
  store2(yi, oa, ob, f64x2.add(ai, bi), cs);
  storeTw(yr, yi, oa + sOut, ob + sOut, cs, f64x2.sub(ar, br), f64x2.sub(ai, bi), tw, 1, mode);
}

@inline function body4(
  xr: usize, xi: usize, yr: usize, yi: usize, ia: usize, ib: usize, cl: bool, sIn: usize,
  oa: usize, ob: usize, cs: bool, sOut: usize, tw: usize, mode: i32,
): void {
  const a0r = load2(xr, ia, ib, cl), a0i = load2(xi, ia, ib, cl);
  const a1r = load2(xr, ia + sIn, ib + sIn, cl), a1i = load2(xi, ia + sIn, ib + sIn, cl);
  const a2r = load2(xr, ia + 2 * sIn, ib + 2 * sIn, cl), a2i = load2(xi, ia + 2 * sIn, ib + 2 * sIn, cl);
  const a3r = load2(xr, ia + 3 * sIn, ib + 3 * sIn, cl), a3i = load2(xi, ia + 3 * sIn, ib + 3 * sIn, cl);
  const er = f64x2.add(a0r, a2r), ei = f64x2.add(a0i, a2i), fr = f64x2.sub(a0r, a2r), fi = f64x2.sub(a0i, a2i);
  const gr = f64x2.add(a1r, a3r), gi = f64x2.add(a1i, a3i), hr = f64x2.sub(a1r, a3r), hi = f64x2.sub(a1i, a3i);
  // b0 = e + g, b2 = e − g, b1 = f − i·h, b3 = f + i·h (ω_4 = −i)
  store2(yr, oa, ob, f64x2.add(er, gr), cs);
  store2(yi, oa, ob, f64x2.add(ei, gi), cs);
  storeTw(yr, yi, oa + sOut, ob + sOut, cs, f64x2.add(fr, hi), f64x2.sub(fi, hr), tw, 1, mode);
  storeTw(yr, yi, oa + 2 * sOut, ob + 2 * sOut, cs, f64x2.sub(er, gr), f64x2.sub(ei, gi), tw, 2, mode);
  storeTw(yr, yi, oa + 3 * sOut, ob + 3 * sOut, cs, f64x2.sub(fr, hi), f64x2.add(fi, hr), tw, 3, mode);
}

@inline function body3(
  xr: usize, xi: usize, yr: usize, yi: usize, ia: usize, ib: usize, cl: bool, sIn: usize,
  oa: usize, ob: usize, cs: bool, sOut: usize, tw: usize, mode: i32,
): void {
  const a0r = load2(xr, ia, ib, cl), a0i = load2(xi, ia, ib, cl);
  const a1r = load2(xr, ia + sIn, ib + sIn, cl), a1i = load2(xi, ia + sIn, ib + sIn, cl);
  const a2r = load2(xr, ia + 2 * sIn, ib + 2 * sIn, cl), a2i = load2(xi, ia + 2 * sIn, ib + 2 * sIn, cl);
  const sr = f64x2.add(a1r, a2r), si = f64x2.add(a1i, a2i);
  // ω_3 = −1/2 − i·sin 60°: b1,2 = a0 − s/2 ∓ i·sin 60°·(a1 − a2)
  const k = splat(SIN60), half = splat(0.5);
  const dr = f64x2.mul(k, f64x2.sub(a1r, a2r)), di = f64x2.mul(k, f64x2.sub(a1i, a2i));
  const cr = f64x2.sub(a0r, f64x2.mul(half, sr)), ci = f64x2.sub(a0i, f64x2.mul(half, si));
  store2(yr, oa, ob, f64x2.add(a0r, sr), cs);
  store2(yi, oa, ob, f64x2.add(a0i, si), cs);
  storeTw(yr, yi, oa + sOut, ob + sOut, cs, f64x2.add(cr, di), f64x2.sub(ci, dr), tw, 1, mode);
  storeTw(yr, yi, oa + 2 * sOut, ob + 2 * sOut, cs, f64x2.sub(cr, di), f64x2.add(ci, dr), tw, 2, mode);
}

/** a + x·c: fused in the relaxed SIMD build, a multiply and an add in the plain one (./complex.ts). */
@inline function madd(a: v128, x: v128, c: f64): v128 {
  return fmadd(a, x, splat(c));
}

@inline function body5(
  xr: usize, xi: usize, yr: usize, yi: usize, ia: usize, ib: usize, cl: bool, sIn: usize,
  oa: usize, ob: usize, cs: bool, sOut: usize, tw: usize, mode: i32,
): void {
  const a0r = load2(xr, ia, ib, cl), a0i = load2(xi, ia, ib, cl);
  const a1r = load2(xr, ia + sIn, ib + sIn, cl), a1i = load2(xi, ia + sIn, ib + sIn, cl);
  const a4r = load2(xr, ia + 4 * sIn, ib + 4 * sIn, cl), a4i = load2(xi, ia + 4 * sIn, ib + 4 * sIn, cl);
  const s1r = f64x2.add(a1r, a4r), s1i = f64x2.add(a1i, a4i), d1r = f64x2.sub(a1r, a4r), d1i = f64x2.sub(a1i, a4i);
  const a2r = load2(xr, ia + 2 * sIn, ib + 2 * sIn, cl), a2i = load2(xi, ia + 2 * sIn, ib + 2 * sIn, cl);
  const a3r = load2(xr, ia + 3 * sIn, ib + 3 * sIn, cl), a3i = load2(xi, ia + 3 * sIn, ib + 3 * sIn, cl);
  const s2r = f64x2.add(a2r, a3r), s2i = f64x2.add(a2i, a3i), d2r = f64x2.sub(a2r, a3r), d2i = f64x2.sub(a2i, a3i);
  store2(yr, oa, ob, f64x2.add(a0r, f64x2.add(s1r, s2r)), cs);
  store2(yi, oa, ob, f64x2.add(a0i, f64x2.add(s1i, s2i)), cs);
  // b_t = c_t − i·e_t, b_{5−t} = c_t + i·e_t
  const c1r = madd(madd(a0r, s1r, C5A), s2r, C5B), c1i = madd(madd(a0i, s1i, C5A), s2i, C5B);
  const e1r = madd(f64x2.mul(d1r, splat(S5A)), d2r, S5B);
  const e1i = madd(f64x2.mul(d1i, splat(S5A)), d2i, S5B);
  const c2r = madd(madd(a0r, s1r, C5B), s2r, C5A), c2i = madd(madd(a0i, s1i, C5B), s2i, C5A);
  const e2r = fnmadd(f64x2.mul(d1r, splat(S5B)), d2r, splat(S5A));
  const e2i = fnmadd(f64x2.mul(d1i, splat(S5B)), d2i, splat(S5A));
  storeTw(yr, yi, oa + sOut, ob + sOut, cs, f64x2.add(c1r, e1i), f64x2.sub(c1i, e1r), tw, 1, mode);
  storeTw(yr, yi, oa + 4 * sOut, ob + 4 * sOut, cs, f64x2.sub(c1r, e1i), f64x2.add(c1i, e1r), tw, 4, mode);
  storeTw(yr, yi, oa + 2 * sOut, ob + 2 * sOut, cs, f64x2.add(c2r, e2i), f64x2.sub(c2i, e2r), tw, 2, mode);
  storeTw(yr, yi, oa + 3 * sOut, ob + 3 * sOut, cs, f64x2.sub(c2r, e2i), f64x2.add(c2i, e2r), tw, 3, mode);
}

@inline function body7(
  xr: usize, xi: usize, yr: usize, yi: usize, ia: usize, ib: usize, cl: bool, sIn: usize,
  oa: usize, ob: usize, cs: bool, sOut: usize, tw: usize, mode: i32,
): void {
  const a0r = load2(xr, ia, ib, cl), a0i = load2(xi, ia, ib, cl);
  let ur = load2(xr, ia + sIn, ib + sIn, cl), ui = load2(xi, ia + sIn, ib + sIn, cl);
  let vr = load2(xr, ia + 6 * sIn, ib + 6 * sIn, cl), vi = load2(xi, ia + 6 * sIn, ib + 6 * sIn, cl);
  const s1r = f64x2.add(ur, vr), s1i = f64x2.add(ui, vi), d1r = f64x2.sub(ur, vr), d1i = f64x2.sub(ui, vi);
  ur = load2(xr, ia + 2 * sIn, ib + 2 * sIn, cl); ui = load2(xi, ia + 2 * sIn, ib + 2 * sIn, cl);
  vr = load2(xr, ia + 5 * sIn, ib + 5 * sIn, cl); vi = load2(xi, ia + 5 * sIn, ib + 5 * sIn, cl);
  const s2r = f64x2.add(ur, vr), s2i = f64x2.add(ui, vi), d2r = f64x2.sub(ur, vr), d2i = f64x2.sub(ui, vi);
  ur = load2(xr, ia + 3 * sIn, ib + 3 * sIn, cl); ui = load2(xi, ia + 3 * sIn, ib + 3 * sIn, cl);
  vr = load2(xr, ia + 4 * sIn, ib + 4 * sIn, cl); vi = load2(xi, ia + 4 * sIn, ib + 4 * sIn, cl);
  const s3r = f64x2.add(ur, vr), s3i = f64x2.add(ui, vi), d3r = f64x2.sub(ur, vr), d3i = f64x2.sub(ui, vi);
  store2(yr, oa, ob, f64x2.add(f64x2.add(a0r, s1r), f64x2.add(s2r, s3r)), cs);
  store2(yi, oa, ob, f64x2.add(f64x2.add(a0i, s1i), f64x2.add(s2i, s3i)), cs);
  // t = 1: cos (1, 2, 3), sin (1, 2, 3)
  let cr = madd(madd(madd(a0r, s1r, C7A), s2r, C7B), s3r, C7C);
  let ci = madd(madd(madd(a0i, s1i, C7A), s2i, C7B), s3i, C7C);
  let er = madd(madd(f64x2.mul(d1r, splat(S7A)), d2r, S7B), d3r, S7C);
  let ei = madd(madd(f64x2.mul(d1i, splat(S7A)), d2i, S7B), d3i, S7C);
  storeTw(yr, yi, oa + sOut, ob + sOut, cs, f64x2.add(cr, ei), f64x2.sub(ci, er), tw, 1, mode);
  storeTw(yr, yi, oa + 6 * sOut, ob + 6 * sOut, cs, f64x2.sub(cr, ei), f64x2.add(ci, er), tw, 6, mode);
  // t = 2: cos (2, 3, 1), sin (2, −3, −1)
  cr = madd(madd(madd(a0r, s1r, C7B), s2r, C7C), s3r, C7A);
  ci = madd(madd(madd(a0i, s1i, C7B), s2i, C7C), s3i, C7A);
  er = madd(madd(f64x2.mul(d1r, splat(S7B)), d2r, -S7C), d3r, -S7A);
  ei = madd(madd(f64x2.mul(d1i, splat(S7B)), d2i, -S7C), d3i, -S7A);
  storeTw(yr, yi, oa + 2 * sOut, ob + 2 * sOut, cs, f64x2.add(cr, ei), f64x2.sub(ci, er), tw, 2, mode);
  storeTw(yr, yi, oa + 5 * sOut, ob + 5 * sOut, cs, f64x2.sub(cr, ei), f64x2.add(ci, er), tw, 5, mode);
  // t = 3: cos (3, 1, 2), sin (3, −1, 2)
  cr = madd(madd(madd(a0r, s1r, C7C), s2r, C7A), s3r, C7B);
  ci = madd(madd(madd(a0i, s1i, C7C), s2i, C7A), s3i, C7B);
  er = madd(madd(f64x2.mul(d1r, splat(S7C)), d2r, -S7A), d3r, S7B);
  ei = madd(madd(f64x2.mul(d1i, splat(S7C)), d2i, -S7A), d3i, S7B);
  storeTw(yr, yi, oa + 3 * sOut, ob + 3 * sOut, cs, f64x2.add(cr, ei), f64x2.sub(ci, er), tw, 3, mode);
  storeTw(yr, yi, oa + 4 * sOut, ob + 4 * sOut, cs, f64x2.sub(cr, ei), f64x2.add(ci, er), tw, 4, mode);
}

/**
 * Radix p (odd): s_r = a_r + a_{p−r}, d_r = a_r − a_{p−r} for r = 1 … h = (p − 1)/2, then
 * b_t = c_t − i·e_t, b_{p−t} = c_t + i·e_t with c_t = a0 + Σ_r cos(2πrt/p)·s_r and
 * e_t = Σ_r sin(2πrt/p)·d_r. cs at g: cos(2πk/p) for k < p, then sin(2πk/p).
 */
@inline function bodyGeneric(
  p: i32, g: usize,
  xr: usize, xi: usize, yr: usize, yi: usize, ia: usize, ib: usize, cl: bool, sIn: usize,
  oa: usize, ob: usize, cs: bool, sOut: usize, tw: usize, mode: i32,
): void {
  const h = (p - 1) >> 1, sums = genericSums;
  const a0r = load2(xr, ia, ib, cl), a0i = load2(xi, ia, ib, cl);
  let sumR = a0r, sumI = a0i;
  for (let r = 1; r <= h; r++) {
    const u = <usize>r * sIn, v = <usize>(p - r) * sIn;
    const ur = load2(xr, ia + u, ib + u, cl), ui = load2(xi, ia + u, ib + u, cl);
    const vr = load2(xr, ia + v, ib + v, cl), vi = load2(xi, ia + v, ib + v, cl);
    const sr = f64x2.add(ur, vr), si = f64x2.add(ui, vi);
    const at = sums + (<usize>r << 6);
    v128.store(at, sr);
    v128.store(at, si, 16);
    v128.store(at, f64x2.sub(ur, vr), 32);
    v128.store(at, f64x2.sub(ui, vi), 48);
    sumR = f64x2.add(sumR, sr);
    sumI = f64x2.add(sumI, si);
  }
  store2(yr, oa, ob, sumR, cs);
  store2(yi, oa, ob, sumI, cs);
  const sinAt = g + (<usize>p << 3);
  for (let t = 1; t <= h; t++) {
    let cr = a0r, ci = a0i, er = f64x2.splat(0), ei = f64x2.splat(0);
    for (let r = 1, k = t; r <= h; r++) {
      const at = sums + (<usize>r << 6);
      const c = v128.load64_splat(g + (<usize>k << 3)), sn = v128.load64_splat(sinAt + (<usize>k << 3));
      cr = fmadd(cr, c, v128.load(at));
      ci = fmadd(ci, c, v128.load(at, 16));
      er = fmadd(er, sn, v128.load(at, 32));
      ei = fmadd(ei, sn, v128.load(at, 48));
      k += t;
      if (k >= p) k -= p;
    }
    const ot = <usize>t * sOut, ou = <usize>(p - t) * sOut;
    storeTw(yr, yi, oa + ot, ob + ot, cs, f64x2.add(cr, ei), f64x2.sub(ci, er), tw, <usize>t, mode);
    storeTw(yr, yi, oa + ou, ob + ou, cs, f64x2.sub(cr, ei), f64x2.add(ci, er), tw, <usize>(p - t), mode);
  }
}

/** The butterfly of radix P (0: the generic pass of radix p). Every flag is a constant after inlining. */
@inline function body(
  P: i32, p: i32, g: usize,
  xr: usize, xi: usize, yr: usize, yi: usize, ia: usize, ib: usize, cl: bool, sIn: usize,
  oa: usize, ob: usize, cs: bool, sOut: usize, tw: usize, mode: i32,
): void {
  if (P == 2) body2(xr, xi, yr, yi, ia, ib, cl, sIn, oa, ob, cs, sOut, tw, mode);
  else if (P == 3) body3(xr, xi, yr, yi, ia, ib, cl, sIn, oa, ob, cs, sOut, tw, mode);
  else if (P == 4) body4(xr, xi, yr, yi, ia, ib, cl, sIn, oa, ob, cs, sOut, tw, mode);
  else if (P == 5) body5(xr, xi, yr, yi, ia, ib, cl, sIn, oa, ob, cs, sOut, tw, mode);
  else if (P == 7) body7(xr, xi, yr, yi, ia, ib, cl, sIn, oa, ob, cs, sOut, tw, mode);
  else bodyGeneric(p, g, xr, xi, yr, yi, ia, ib, cl, sIn, oa, ob, cs, sOut, tw, mode);
}

// The arrangements of one pass, each its own function with one butterfly inlined (one function
// holding every arrangement of every radix took the optimizer over ten minutes).

/** s = 1: lanes j, j + 1 for j + 1 < m — inputs contiguous, outputs p apart, twiddle pairs. */
@inline function firstPairs(P: i32, p: i32, g: usize, xr: usize, xi: usize, yr: usize, yi: usize, m: i32, tw: usize): void {
  const sIn = <usize>m << 3, step = <usize>p << 3, block = <usize>(p - 1) << 5;
  for (let j = 0; j + 1 < m; j += 2) {
    const ia = <usize>j << 3, oa = <usize>(p * j) << 3;
    body(P, p, g, xr, xi, yr, yi, ia, ia + 8, true, sIn, oa, oa + step, false, 8, tw + <usize>(j >> 1) * block, TW_PAIR);
  }
}

/** s ≥ 2: lanes q, q + 1 (q + 1 < s) of each j — contiguous, j's twiddles splat (none when m = 1). */
@inline function columnPairs(P: i32, p: i32, g: usize, xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, mode: i32): void {
  const sIn = <usize>(s * m) << 3, sOut = <usize>s << 3, block = <usize>(p - 1) << 5;
  const pairs = s >> 1;
  for (let j = 0; j < m; j++) {
    const twj = tw + <usize>(j >> 1) * block + (<usize>(j & 1) << 3);
    let ia = <usize>(s * j) << 3, oa = <usize>(p * s * j) << 3;
    for (let k = 0; k < pairs; k++, ia += 16, oa += 16) {
      body(P, p, g, xr, xi, yr, yi, ia, ia + 8, true, sIn, oa, oa + 8, true, sOut, twj, mode);
    }
  }
}

/** s odd > 1: the last column q = s − 1, lanes j, j + 1 for j + 1 < m, gathered and scattered. */
@inline function lastColumn(P: i32, p: i32, g: usize, xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize): void {
  const sIn = <usize>(s * m) << 3, sOut = <usize>s << 3, block = <usize>(p - 1) << 5;
  const inStep = <usize>s << 3, outStep = <usize>(p * s) << 3;
  for (let j = 0; j + 1 < m; j += 2) {
    const ia = <usize>(s - 1 + s * j) << 3, oa = <usize>(s - 1 + p * s * j) << 3;
    body(P, p, g, xr, xi, yr, yi, ia, ia + inStep, false, sIn, oa, oa + outStep, false, sOut, tw + <usize>(j >> 1) * block, TW_PAIR);
  }
}

/** One butterfly with both lanes equal (an odd count of j): at column q of the last j. */
@inline function single(P: i32, p: i32, g: usize, xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, q: i32): void {
  const sIn = <usize>(s * m) << 3, sOut = <usize>s << 3, block = <usize>(p - 1) << 5;
  const j = m - 1;
  const ia = <usize>(q + s * j) << 3, oa = <usize>(q + p * s * j) << 3;
  const twj = tw + <usize>(j >> 1) * block + (<usize>(j & 1) << 3);
  if (m == 1) body(P, p, g, xr, xi, yr, yi, ia, ia, false, sIn, oa, oa, false, sOut, twj, TW_NONE);
  else body(P, p, g, xr, xi, yr, yi, ia, ia, false, sIn, oa, oa, false, sOut, twj, TW_SPLAT);
}

function first2(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { firstPairs(2, 2, g, xr, xi, yr, yi, m, tw); }
function columns2(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(2, 2, g, xr, xi, yr, yi, m, s, tw, TW_SPLAT); }
function last2(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(2, 2, g, xr, xi, yr, yi, m, s, tw, TW_NONE); }
function odd2(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { lastColumn(2, 2, g, xr, xi, yr, yi, m, s, tw); }
function single2(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize, q: i32): void { single(2, 2, g, xr, xi, yr, yi, m, s, tw, q); }
function pass2(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void {
  if (s == 1) {
    first2(xr, xi, yr, yi, m, s, tw, p, g);
    if (m & 1) single2(xr, xi, yr, yi, m, s, tw, p, g, 0);
    return;
  }
  if (m == 1) last2(xr, xi, yr, yi, m, s, tw, p, g);
  else columns2(xr, xi, yr, yi, m, s, tw, p, g);
  if ((s & 1) == 0) return;
  odd2(xr, xi, yr, yi, m, s, tw, p, g);
  if (m & 1) single2(xr, xi, yr, yi, m, s, tw, p, g, s - 1);
}

function first3(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { firstPairs(3, 3, g, xr, xi, yr, yi, m, tw); }
function columns3(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(3, 3, g, xr, xi, yr, yi, m, s, tw, TW_SPLAT); }
function last3(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(3, 3, g, xr, xi, yr, yi, m, s, tw, TW_NONE); }
function odd3(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { lastColumn(3, 3, g, xr, xi, yr, yi, m, s, tw); }
function single3(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize, q: i32): void { single(3, 3, g, xr, xi, yr, yi, m, s, tw, q); }
function pass3(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void {
  if (s == 1) {
    first3(xr, xi, yr, yi, m, s, tw, p, g);
    if (m & 1) single3(xr, xi, yr, yi, m, s, tw, p, g, 0);
    return;
  }
  if (m == 1) last3(xr, xi, yr, yi, m, s, tw, p, g);
  else columns3(xr, xi, yr, yi, m, s, tw, p, g);
  if ((s & 1) == 0) return;
  odd3(xr, xi, yr, yi, m, s, tw, p, g);
  if (m & 1) single3(xr, xi, yr, yi, m, s, tw, p, g, s - 1);
}

function first4(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { firstPairs(4, 4, g, xr, xi, yr, yi, m, tw); }
function columns4(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(4, 4, g, xr, xi, yr, yi, m, s, tw, TW_SPLAT); }
function last4(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(4, 4, g, xr, xi, yr, yi, m, s, tw, TW_NONE); }
function odd4(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { lastColumn(4, 4, g, xr, xi, yr, yi, m, s, tw); }
function single4(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize, q: i32): void { single(4, 4, g, xr, xi, yr, yi, m, s, tw, q); }
function pass4(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void {
  if (s == 1) {
    first4(xr, xi, yr, yi, m, s, tw, p, g);
    if (m & 1) single4(xr, xi, yr, yi, m, s, tw, p, g, 0);
    return;
  }
  if (m == 1) last4(xr, xi, yr, yi, m, s, tw, p, g);
  else columns4(xr, xi, yr, yi, m, s, tw, p, g);
  if ((s & 1) == 0) return;
  odd4(xr, xi, yr, yi, m, s, tw, p, g);
  if (m & 1) single4(xr, xi, yr, yi, m, s, tw, p, g, s - 1);
}

function first5(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { firstPairs(5, 5, g, xr, xi, yr, yi, m, tw); }
function columns5(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(5, 5, g, xr, xi, yr, yi, m, s, tw, TW_SPLAT); }
function last5(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(5, 5, g, xr, xi, yr, yi, m, s, tw, TW_NONE); }
function odd5(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { lastColumn(5, 5, g, xr, xi, yr, yi, m, s, tw); }
function single5(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize, q: i32): void { single(5, 5, g, xr, xi, yr, yi, m, s, tw, q); }
function pass5(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void {
  if (s == 1) {
    first5(xr, xi, yr, yi, m, s, tw, p, g);
    if (m & 1) single5(xr, xi, yr, yi, m, s, tw, p, g, 0);
    return;
  }
  if (m == 1) last5(xr, xi, yr, yi, m, s, tw, p, g);
  else columns5(xr, xi, yr, yi, m, s, tw, p, g);
  if ((s & 1) == 0) return;
  odd5(xr, xi, yr, yi, m, s, tw, p, g);
  if (m & 1) single5(xr, xi, yr, yi, m, s, tw, p, g, s - 1);
}

function first7(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { firstPairs(7, 7, g, xr, xi, yr, yi, m, tw); }
function columns7(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(7, 7, g, xr, xi, yr, yi, m, s, tw, TW_SPLAT); }
function last7(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(7, 7, g, xr, xi, yr, yi, m, s, tw, TW_NONE); }
function odd7(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { lastColumn(7, 7, g, xr, xi, yr, yi, m, s, tw); }
function single7(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize, q: i32): void { single(7, 7, g, xr, xi, yr, yi, m, s, tw, q); }
function pass7(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void {
  if (s == 1) {
    first7(xr, xi, yr, yi, m, s, tw, p, g);
    if (m & 1) single7(xr, xi, yr, yi, m, s, tw, p, g, 0);
    return;
  }
  if (m == 1) last7(xr, xi, yr, yi, m, s, tw, p, g);
  else columns7(xr, xi, yr, yi, m, s, tw, p, g);
  if ((s & 1) == 0) return;
  odd7(xr, xi, yr, yi, m, s, tw, p, g);
  if (m & 1) single7(xr, xi, yr, yi, m, s, tw, p, g, s - 1);
}

function firstG(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { firstPairs(0, p, g, xr, xi, yr, yi, m, tw); }
function columnsG(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(0, p, g, xr, xi, yr, yi, m, s, tw, TW_SPLAT); }
function lastG(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { columnPairs(0, p, g, xr, xi, yr, yi, m, s, tw, TW_NONE); }
function oddG(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void { lastColumn(0, p, g, xr, xi, yr, yi, m, s, tw); }
function singleG(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize, q: i32): void { single(0, p, g, xr, xi, yr, yi, m, s, tw, q); }
function passG(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, tw: usize, p: i32, g: usize): void {
  if (s == 1) {
    firstG(xr, xi, yr, yi, m, s, tw, p, g);
    if (m & 1) singleG(xr, xi, yr, yi, m, s, tw, p, g, 0);
    return;
  }
  if (m == 1) lastG(xr, xi, yr, yi, m, s, tw, p, g);
  else columnsG(xr, xi, yr, yi, m, s, tw, p, g);
  if ((s & 1) == 0) return;
  oddG(xr, xi, yr, yi, m, s, tw, p, g);
  if (m & 1) singleG(xr, xi, yr, yi, m, s, tw, p, g, s - 1);
}

/**
 * One Stockham pass of radix p (2, 3, 4, 5, 7, or an odd prime ≤ mixedMaxPrime() through the
 * generic pass, whose cos / sin table is at g) from x to y (distinct), with m butterflies per
 * sequence over s sequences and the pass's twiddle blocks at tw.
 */
export function fftMixedPass(xr: usize, xi: usize, yr: usize, yi: usize, p: i32, m: i32, s: i32, tw: usize, g: usize): void {
  switch (p) {
    case 2: pass2(xr, xi, yr, yi, m, s, tw, p, g); break;
    case 3: pass3(xr, xi, yr, yi, m, s, tw, p, g); break;
    case 4: pass4(xr, xi, yr, yi, m, s, tw, p, g); break;
    case 5: pass5(xr, xi, yr, yi, m, s, tw, p, g); break;
    case 7: pass7(xr, xi, yr, yi, m, s, tw, p, g); break;
    default: passG(xr, xi, yr, yi, m, s, tw, p, g); break;
  }
}
