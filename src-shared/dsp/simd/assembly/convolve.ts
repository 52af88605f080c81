/**
 * Convolution kernels: 1-D direct sums (f64x2) and the FFT routes' pointwise steps in
 * bit-reversed order for ../convolve-simd.ts; separable passes (f32x4) and direct sums (f64x2)
 * over padded rows for ../convolve3d-simd.ts (2-D images have their own in image2d.ts).
 * Pointers are byte addresses. The FFT routes' spectral products are ./complex.ts's (fused in
 * the relaxed SIMD build); the direct sums are unfused in both builds.
 */
import { cmulIm, cmulRe } from './complex';

/** Σ_{k < count} x[k]·y[k] with eight partial sums (four f64x2 accumulators). */
@inline function dot(x: usize, y: usize, count: i32): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  const end8 = x + (<usize>(count & ~7) << 3);
  while (x < end8) {
    s0 = f64x2.add(s0, f64x2.mul(v128.load(x), v128.load(y)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(x, 16), v128.load(y, 16)));
    s2 = f64x2.add(s2, f64x2.mul(v128.load(x, 32), v128.load(y, 32)));
    s3 = f64x2.add(s3, f64x2.mul(v128.load(x, 48), v128.load(y, 48)));
    x += 64; y += 64;
  }
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  const end = x + (<usize>(count & 7) << 3);
  while (x < end) {
    sum += load<f64>(x) * load<f64>(y);
    x += 8; y += 8;
  }
  return sum;
}

/**
 * Direct 1-D convolution window: out[o] = Σ_k a[k]·b[t − k] for t = lo + o, o < count, with
 * r = b reversed (r[m] = b[nb − 1 − m]) so both walks rise: out[o] = Σ_k a[k]·r[k + nb − 1 − t].
 */
export function convolveDirect(a: usize, na: i32, r: usize, nb: i32, lo: i32, out: usize, count: i32): void {
  for (let o = 0; o < count; o++) {
    const t = lo + o;
    const k0 = t - nb + 1 > 0 ? t - nb + 1 : 0;
    const k1 = t < na - 1 ? t : na - 1;
    const value = k1 >= k0 ? dot(a + (<usize>k0 << 3), r + (<usize>(k0 + nb - 1 - t) << 3), k1 - k0 + 1) : 0.0;
    store<f64>(out + (<usize>o << 3), value);
  }
}

@inline function swapLanes(v: v128): v128 {
  return f64x2.shuffle(v, v, 1, 0);
}

@inline function ld(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

@inline function st(base: usize, index: i32, value: f64): void {
  store<f64>(base + (<usize>index << 3), value);
}

/**
 * The packed convolution's middle step in bit-reversed order, so the transforms around it need
 * no permutation: difPow2 gives Z = FFT_n(a + i·b) with bin k at position rev(k), and this writes
 * the half-length input Y of the real inverse, in bit-reversed order of h = n/2, over positions
 * 0 … h − 1 of (zr, zi) (ditPow2 of h points then gives c[2j] + i·c[2j+1], c = a ⊛ b).
 *
 * Bin k's partner n − k sits in the same octave [P, 2P) of positions, mirrored: position p pairs
 * with 3P − 1 − p. C = A·B at a bin is (Z[k]² − conj Z[n−k]²)/(4i) (packedProduct's identity).
 * Bins k and k + h sit side by side (positions 2s, 2s + 1, with k = rev_{h}(s)), and
 * Y[k] = E + i·D·W^−k with E = (C[k] + C[k+h])/2, D = (C[k] − C[k+h])/2, W = exp(−2πi/n). Since
 * C[n−k] = conj C[k], the mirrored pair gives E and D conjugated (and D negated), and its
 * twiddle is −conj W^−k: each step reads two pairs at the front of an octave and two at its back
 * and writes Y at both ends of octave P/2 — positions already read, so it runs in place.
 * (wr, wi): W^−k for the front pairs, indexed P/4 + q/2 for the pair at P + q (index 0: i);
 * h/2 values, built by the host (convolve-simd.ts). n ≥ 16.
 */
export function packedProductReversed(zr: usize, zi: usize, wr: usize, wi: usize, n: i32): void {
  // Octave P = 1 (positions 0 and 1, bins 0 and h: real products, twiddle 1).
  const c0 = ld(zr, 0) * ld(zi, 0), c1 = ld(zr, 1) * ld(zi, 1);
  st(zr, 0, 0.5 * (c0 + c1));
  st(zi, 0, 0.5 * (c0 - c1));
  // Octave P = 2 (positions 2, 3: each other's partners) and P = 4, one pair each.
  reversedPair(zr, zi, 2, 2, 1, 1, ld(wr, 0), ld(wi, 0));
  reversedPair(zr, zi, 4, 6, 2, 3, ld(wr, 1), ld(wi, 1));
  const half = f64x2.splat(0.5);
  for (let P = 8; P < n; P <<= 1) {
    // Front pairs P + q … P + q + 3 against back pairs 2P − 4 − q … 2P − 1 − q.
    for (let q = 0; q < P >> 1; q += 4) {
      const f = <usize>(P + q) << 3, b = <usize>(2 * P - 4 - q) << 3;
      const f0r = v128.load(zr + f), f0i = v128.load(zi + f), f1r = v128.load(zr + f, 16), f1i = v128.load(zi + f, 16);
      // The partners of (P + q, P + q + 1) are (2P − 1 − q, 2P − 2 − q): the back's upper vector, lanes swapped.
      const r0r = swapLanes(v128.load(zr + b, 16)), r0i = swapLanes(v128.load(zi + b, 16));
      const r1r = swapLanes(v128.load(zr + b)), r1i = swapLanes(v128.load(zi + b));
      // C = ((pr·pi + rr·ri)/2, −(pr² − pi² − rr² + ri²)/4)
      const c0r = f64x2.mul(half, f64x2.add(f64x2.mul(f0r, f0i), f64x2.mul(r0r, r0i)));
      const c0i = f64x2.mul(f64x2.splat(-0.25), f64x2.sub(f64x2.sub(f64x2.mul(f0r, f0r), f64x2.mul(f0i, f0i)), f64x2.sub(f64x2.mul(r0r, r0r), f64x2.mul(r0i, r0i))));
      const c1r = f64x2.mul(half, f64x2.add(f64x2.mul(f1r, f1i), f64x2.mul(r1r, r1i)));
      const c1i = f64x2.mul(f64x2.splat(-0.25), f64x2.sub(f64x2.sub(f64x2.mul(f1r, f1r), f64x2.mul(f1i, f1i)), f64x2.sub(f64x2.mul(r1r, r1r), f64x2.mul(r1i, r1i))));
      // E, D of the two Y bins (lanes: positions P + q, P + q + 1 → one bin; the next two → the next).
      const kr = f64x2.shuffle(c0r, c1r, 0, 2), mr = f64x2.shuffle(c0r, c1r, 1, 3);
      const ki = f64x2.shuffle(c0i, c1i, 0, 2), mi = f64x2.shuffle(c0i, c1i, 1, 3);
      const er = f64x2.mul(half, f64x2.add(kr, mr)), ei = f64x2.mul(half, f64x2.add(ki, mi));
      const dr = f64x2.mul(half, f64x2.sub(kr, mr)), di = f64x2.mul(half, f64x2.sub(ki, mi));
      const t = <usize>((P >> 2) + (q >> 1)) << 3;
      const cr = v128.load(wr + t), ci = v128.load(wi + t);
      const gr = cmulRe(dr, di, cr, ci), gi = cmulIm(dr, di, cr, ci);
      // Front: Y = E + i·G at (P + q)/2; back: conj E + i·conj G at P − 1 − q/2 and P − 2 − q/2.
      const s = <usize>((P + q) >> 1) << 3, sb = <usize>(P - 2 - (q >> 1)) << 3;
      v128.store(zr + s, f64x2.sub(er, gi));
      v128.store(zi + s, f64x2.add(ei, gr));
      v128.store(zr + sb, swapLanes(f64x2.add(er, gi)));
      v128.store(zi + sb, swapLanes(f64x2.sub(gr, ei)));
    }
  }
}

/**
 * One step of packedProductReversed in scalars: the pair at positions p, p + 1 and its partner
 * pair at pb, pb + 1 (p's partner is pb + 1), Y written at positions s and sb (once when the
 * pair is its own partner), twiddle (cr, ci).
 */
function reversedPair(zr: usize, zi: usize, p: i32, pb: i32, s: i32, sb: i32, cr: f64, ci: f64): void {
  const ar = ld(zr, p), ai = ld(zi, p), br = ld(zr, p + 1), bi = ld(zi, p + 1);
  const rar = ld(zr, pb + 1), rai = ld(zi, pb + 1), rbr = ld(zr, pb), rbi = ld(zi, pb);
  const k_r = 0.5 * (ar * ai + rar * rai), k_i = -0.25 * (ar * ar - ai * ai - rar * rar + rai * rai);
  const m_r = 0.5 * (br * bi + rbr * rbi), m_i = -0.25 * (br * br - bi * bi - rbr * rbr + rbi * rbi);
  const er = 0.5 * (k_r + m_r), ei = 0.5 * (k_i + m_i), dr = 0.5 * (k_r - m_r), di = 0.5 * (k_i - m_i);
  const gr = dr * cr - di * ci, gi = dr * ci + di * cr;
  st(zr, s, er - gi);
  st(zi, s, ei + gr);
  if (sb != s) {
    st(zr, sb, er + gi);
    st(zi, sb, gr - ei);
  }
}

/** max |x[k]| over count values (count even). */
export function maxAbs(x: usize, count: i32): f64 {
  let m0 = f64x2.splat(0), m1 = f64x2.splat(0);
  const end4 = x + (<usize>(count & ~3) << 3);
  while (x < end4) {
    m0 = f64x2.max(m0, f64x2.abs(v128.load(x)));
    m1 = f64x2.max(m1, f64x2.abs(v128.load(x, 16)));
    x += 32;
  }
  if (count & 2) m0 = f64x2.max(m0, f64x2.abs(v128.load(x)));
  const m = f64x2.max(m0, m1);
  return max<f64>(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
}

// ---------------------------------------------------------------------------------------------
// Overlap-add with real blocks: each block of N real samples rides as z[j] = x[2j] + i·x[2j+1]
// in one complex transform of h = N/2 points, in bit-reversed order from difPow2 to ditPow2.

/**
 * The real filter's tables from the kernel's half-length spectrum Zb (bit-reversed order, from
 * difPow2 of the kernel's z): with W = exp(−2πi/N), θ = 2πk/N and bin k at position s (its
 * partner h − k at the octave mirror m), the filtered block's half-length spectrum is
 * Z'[k] = F[k]·Z[k] + G[k]·conj Z[h−k], where, with Eb = (Zb[k] + conj Zb[h−k])/2,
 * Ob = (Zb[k] − conj Zb[h−k])/(2i) and T = W^k·Ob (so H[k] = Eb + T, H[k+h] = Eb − T),
 * F = Eb − T·sin θ and G = i·T·cos θ, both times `scale`. (cs, sn): cos θ and sin θ by
 * position. Writes (fr, fi, gr, gi); they must not overlap (zr, zi).
 */
export function realFilterPrepare(
  zr: usize, zi: usize, cs: usize, sn: usize, fr: usize, fi: usize, gr: usize, gi: usize, h: i32, scale: f64,
): void {
  // Positions 0 … 3 one at a time (0 and 1 are their own partners, 2 and 3 each other's).
  for (let s = 0; s < 4; s++) {
    const m = s < 2 ? s : 5 - s;
    const ar = ld(zr, s), ai = ld(zi, s), qr = ld(zr, m), qi = -ld(zi, m);
    const er = 0.5 * (ar + qr), ei = 0.5 * (ai + qi);
    // Ob = −i·(Zb − Q)/2
    const or = 0.5 * (ai - qi), oi = -0.5 * (ar - qr);
    const c = ld(cs, s), n = ld(sn, s);
    // W^k = c − i·n
    const tr = c * or + n * oi, ti = c * oi - n * or;
    st(fr, s, (er - tr * n) * scale);
    st(fi, s, (ei - ti * n) * scale);
    st(gr, s, -ti * c * scale);
    st(gi, s, tr * c * scale);
  }
  const k = f64x2.splat(scale);
  for (let P = 4; P < h; P <<= 1) {
    for (let q = 0; q < P >> 1; q += 2) {
      const f = <usize>(P + q) << 3, b = <usize>(2 * P - 2 - q) << 3;
      const ar = v128.load(zr + f), ai = v128.load(zi + f), br = v128.load(zr + b), bi = v128.load(zi + b);
      prepareTwo(ar, ai, swapLanes(br), f64x2.neg(swapLanes(bi)), cs + f, sn + f, fr + f, fi + f, gr + f, gi + f, k);
      prepareTwo(br, bi, swapLanes(ar), f64x2.neg(swapLanes(ai)), cs + b, sn + b, fr + b, fi + b, gr + b, gi + b, k);
    }
  }
}

/** realFilterPrepare's step on two lanes: Z = (ar, ai), Q = conj of the partner = (qr, qi). */
@inline function prepareTwo(
  ar: v128, ai: v128, qr: v128, qi: v128, cs: usize, sn: usize, fr: usize, fi: usize, gr: usize, gi: usize, k: v128,
): void {
  const half = f64x2.splat(0.5);
  const er = f64x2.mul(half, f64x2.add(ar, qr)), ei = f64x2.mul(half, f64x2.add(ai, qi));
  const or = f64x2.mul(half, f64x2.sub(ai, qi)), oi = f64x2.mul(half, f64x2.sub(qr, ar));
  const c = v128.load(cs), n = v128.load(sn);
  const tr = f64x2.add(f64x2.mul(c, or), f64x2.mul(n, oi)), ti = f64x2.sub(f64x2.mul(c, oi), f64x2.mul(n, or));
  v128.store(fr, f64x2.mul(f64x2.sub(er, f64x2.mul(tr, n)), k));
  v128.store(fi, f64x2.mul(f64x2.sub(ei, f64x2.mul(ti, n)), k));
  v128.store(gr, f64x2.mul(f64x2.neg(f64x2.mul(ti, c)), k));
  v128.store(gi, f64x2.mul(f64x2.mul(tr, c), k));
}

/**
 * Z ← F·Z + G·conj(Z at the mirrored position), in place over h points in bit-reversed order
 * (realFilterPrepare's tables): one pass that filters a real block in its half-length spectrum.
 * h ≥ 8.
 */
export function realFilterApply(zr: usize, zi: usize, fr: usize, fi: usize, gr: usize, gi: usize, h: i32): void {
  // Positions 0 and 1 are their own partners, 2 and 3 each other's.
  for (let s = 0; s < 2; s++) filterOne(zr, zi, fr, fi, gr, gi, s, ld(zr, s), ld(zi, s), ld(zr, s), -ld(zi, s));
  const z2r = ld(zr, 2), z2i = ld(zi, 2), z3r = ld(zr, 3), z3i = ld(zi, 3);
  filterOne(zr, zi, fr, fi, gr, gi, 2, z2r, z2i, z3r, -z3i);
  filterOne(zr, zi, fr, fi, gr, gi, 3, z3r, z3i, z2r, -z2i);
  for (let P = 4; P < h; P <<= 1) {
    for (let q = 0; q < P >> 1; q += 2) {
      const f = <usize>(P + q) << 3, b = <usize>(2 * P - 2 - q) << 3;
      const ar = v128.load(zr + f), ai = v128.load(zi + f), br = v128.load(zr + b), bi = v128.load(zi + b);
      // Partners: the other end's lanes swapped, conjugated.
      const pr = swapLanes(br), pi = f64x2.neg(swapLanes(bi)), qr = swapLanes(ar), qi = f64x2.neg(swapLanes(ai));
      filterTwo(zr + f, zi + f, fr + f, fi + f, gr + f, gi + f, ar, ai, pr, pi);
      filterTwo(zr + b, zi + b, fr + b, fi + b, gr + b, gi + b, br, bi, qr, qi);
    }
  }
}

/** Position s ← F·(zr, zi) + G·(cr, ci), (cr, ci) the partner already conjugated. */
@inline function filterOne(
  zr: usize, zi: usize, fr: usize, fi: usize, gr: usize, gi: usize, s: i32, ar: f64, ai: f64, cr: f64, ci: f64,
): void {
  const xr = ld(fr, s), xi = ld(fi, s), yr = ld(gr, s), yi = ld(gi, s);
  st(zr, s, xr * ar - xi * ai + yr * cr - yi * ci);
  st(zi, s, xr * ai + xi * ar + yr * ci + yi * cr);
}

/** filterOne on two lanes at byte offsets already applied. */
@inline function filterTwo(
  zr: usize, zi: usize, fr: usize, fi: usize, gr: usize, gi: usize, ar: v128, ai: v128, cr: v128, ci: v128,
): void {
  const xr = v128.load(fr), xi = v128.load(fi), yr = v128.load(gr), yi = v128.load(gi);
  v128.store(zr, f64x2.add(cmulRe(xr, xi, ar, ai), cmulRe(yr, yi, cr, ci)));
  v128.store(zi, f64x2.add(cmulIm(xr, xi, ar, ai), cmulIm(yr, yi, cr, ci)));
}

/** acc[2j] += zr[j], acc[2j + 1] += zi[j] for j < h (h even): a filtered real block back in sample order. */
export function accumulateInterleaved(acc: usize, zr: usize, zi: usize, h: i32): void {
  const end = zr + (<usize>h << 3);
  while (zr < end) {
    const p = v128.load(zr), q = v128.load(zi);
    v128.store(acc, f64x2.add(v128.load(acc), f64x2.shuffle(p, q, 0, 2)));
    v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.shuffle(p, q, 1, 3)), 16);
    zr += 16; zi += 16; acc += 32;
  }
}

// ---------------------------------------------------------------------------------------------
// 2-D

/**
 * Horizontal pass in f32: out[q] = Σ_j w[j]·row[q + j] for q < count, taps weights (f32).
 * Sixteen outputs per step (four f32x4 accumulators, independent addition chains).
 */
export function firRowF32(row: usize, weights: usize, taps: i32, out: usize, count: i32): void {
  let q = 0;
  for (; q + 16 <= count; q += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let p = row + (<usize>q << 2);
    let w = weights;
    const end = weights + (<usize>taps << 2);
    while (w < end) {
      const c = v128.load32_splat(w);
      s0 = f32x4.add(s0, f32x4.mul(c, v128.load(p)));
      s1 = f32x4.add(s1, f32x4.mul(c, v128.load(p, 16)));
      s2 = f32x4.add(s2, f32x4.mul(c, v128.load(p, 32)));
      s3 = f32x4.add(s3, f32x4.mul(c, v128.load(p, 48)));
      p += 4; w += 4;
    }
    const o = out + (<usize>q << 2);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  for (; q + 4 <= count; q += 4) {
    let s0 = f32x4.splat(0);
    let p = row + (<usize>q << 2);
    for (let j = 0; j < taps; j++) {
      s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(weights + (<usize>j << 2)), v128.load(p)));
      p += 4;
    }
    v128.store(out + (<usize>q << 2), s0);
  }
  for (; q < count; q++) {
    let s: f32 = 0;
    for (let j = 0; j < taps; j++) s += load<f32>(weights + (<usize>j << 2)) * load<f32>(row + (<usize>(q + j) << 2));
    store<f32>(out + (<usize>q << 2), s);
  }
}

/**
 * Vertical pass in f32: out[q] = Σ_i w[i]·rows[i][q] for q < count, where rows[i] is the f32 row
 * at the byte address stored at rowPointers[i] (u32), or skipped when that is 0 (a zero row).
 */
export function firColumnF32(rowPointers: usize, weights: usize, taps: i32, out: usize, count: i32): void {
  let q = 0;
  for (; q + 16 <= count; q += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    const off = <usize>q << 2;
    for (let i = 0; i < taps; i++) {
      const p = <usize>load<u32>(rowPointers + (<usize>i << 2));
      if (p == 0) continue;
      const c = v128.load32_splat(weights + (<usize>i << 2));
      s0 = f32x4.add(s0, f32x4.mul(c, v128.load(p + off)));
      s1 = f32x4.add(s1, f32x4.mul(c, v128.load(p + off, 16)));
      s2 = f32x4.add(s2, f32x4.mul(c, v128.load(p + off, 32)));
      s3 = f32x4.add(s3, f32x4.mul(c, v128.load(p + off, 48)));
    }
    const o = out + off;
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  for (; q < count; q++) {
    let s: f32 = 0;
    for (let i = 0; i < taps; i++) {
      const p = <usize>load<u32>(rowPointers + (<usize>i << 2));
      if (p != 0) s += load<f32>(weights + (<usize>i << 2)) * load<f32>(p + (<usize>q << 2));
    }
    store<f32>(out + (<usize>q << 2), s);
  }
}

/**
 * acc[q] += Σ_j w[j]·row[q + j] for q < count, all f64: one kernel row of a direct 2-D
 * convolution. Eight outputs per step (four f64x2 accumulators).
 */
export function correlateRowAddF64(row: usize, weights: usize, taps: i32, acc: usize, count: i32): void {
  let q = 0;
  for (; q + 8 <= count; q += 8) {
    const o = acc + (<usize>q << 3);
    let s0 = v128.load(o), s1 = v128.load(o, 16), s2 = v128.load(o, 32), s3 = v128.load(o, 48);
    let p = row + (<usize>q << 3);
    let w = weights;
    const end = weights + (<usize>taps << 3);
    while (w < end) {
      const c = v128.load64_splat(w);
      s0 = f64x2.add(s0, f64x2.mul(c, v128.load(p)));
      s1 = f64x2.add(s1, f64x2.mul(c, v128.load(p, 16)));
      s2 = f64x2.add(s2, f64x2.mul(c, v128.load(p, 32)));
      s3 = f64x2.add(s3, f64x2.mul(c, v128.load(p, 48)));
      p += 8; w += 8;
    }
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  for (; q < count; q++) {
    let s: f64 = 0;
    for (let j = 0; j < taps; j++) s += load<f64>(weights + (<usize>j << 3)) * load<f64>(row + (<usize>(q + j) << 3));
    store<f64>(acc + (<usize>q << 3), load<f64>(acc + (<usize>q << 3)) + s);
  }
}

/** out[q] = f32(acc[q]) for q < count. */
export function demoteRow(acc: usize, out: usize, count: i32): void {
  let q = 0;
  for (; q + 4 <= count; q += 4) {
    const lo = f32x4.demote_f64x2_zero(v128.load(acc + (<usize>q << 3)));
    const hi = f32x4.demote_f64x2_zero(v128.load(acc + (<usize>q << 3), 16));
    v128.store(out + (<usize>q << 2), v128.shuffle<u32>(lo, hi, 0, 1, 4, 5));
  }
  for (; q < count; q++) store<f32>(out + (<usize>q << 2), <f32>load<f64>(acc + (<usize>q << 3)));
}
