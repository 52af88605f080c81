/**
 * The real-input FFT's steps around the half-length complex transform, each fused with a pass
 * the transform makes anyway (h = n/2 complex points, z[j] = x[2j] + i·x[2j+1], Z = DFT_h z):
 *
 *   realForwardFused  the post-processing (X[k] and X[h−k] from Z[k] and Z[h−k]) runs inside the
 *             last stage's in-place scatter, on the runs the scatter has just written: tiles are
 *             scattered four at a time (b, rev b, ~b, ~rev b), which puts every run next to its
 *             mirror, and X overwrites Z there. Before, the scatter wrote Z and a pass of its own
 *             read it all again (from L2 or memory) to write the bins into a third region.
 *   realInverseFused  the pre-processing (Z from the bins X[k], X[h−k]) fused with the first
 *             radix-4 DIF pass, which reads the bins and writes its butterflies' outputs: no
 *             pass of its own writing Z and the transform reading it back.
 *
 * Twiddles: W^k = exp(−2πik/n) for k ≤ n/4 (wr, wi; ../fft-simd.ts realTables); the other half
 * by W^(h−k) = −conj W^k. Layout and conventions as assembly/fft.ts.
 */
import {
  difPassesInterleaved, fftPow2Interleaved, realForwardPost, scatterTileSet, scattersByTiles,
  topRadix4Table,
} from './fft';

/** log2 of the side of the scatter's tiles (assembly/fft.ts TILE_BITS): runs of 32 points. */
const RUN_BITS: i32 = 5;
const RUN: i32 = 1 << RUN_BITS;

/** Bytes of the work space realForwardFused takes from the host: four tiles, re and im (64 KiB). */
export function realForwardWorkBytes(): i32 {
  return 8 * RUN * RUN * 8;
}

@inline function rev32(x: u32): u32 {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >>> 16) | (x << 16);
}

/** value with its low `bits` bits reversed (bits ≥ 1). */
@inline function reverseBits(value: i32, bits: i32): i32 {
  return <i32>(rev32(<u32>value) >>> <u32>(32 - bits));
}

@inline function ld(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

@inline function st(base: usize, index: i32, value: f64): void {
  store<f64>(base + (<usize>index << 3), value);
}

@inline function swapLanes(v: v128): v128 {
  return f64x2.shuffle(v, v, 1, 0);
}

// ---------------------------------------------------------------------------------------------
// Forward

/**
 * realForwardPost on one pair of runs: (kr, ki) holds Z[kBase + c], (lr, li) Z[lBase + c], c <
 * 2^T, with lBase = h − kBase − 2^T and kBase + 2^T ≤ h/2, so Z[kBase + c] pairs with
 * Z[lBase + 2^T − c] for c ≥ 1. Writes X at kBase + c and lBase + 2^T − c (c ≥ 1); the runs'
 * first points pair across runs and are the tail's (realForwardTail). X may be Z itself (in
 * place: each step reads the points it writes).
 */
function postRuns(
  kr: usize, ki: usize, lr: usize, li: usize, kBase: i32, lBase: i32, run: i32,
  wr: usize, wi: usize, xr: usize, xi: usize,
): void {
  const half = f64x2.splat(0.5);
  let c = 1;
  for (; c + 1 < run; c += 2) {
    const at = <usize>c << 3;
    const ar = v128.load(kr + at), ai = v128.load(ki + at);
    const m = <usize>(run - c - 1) << 3;
    const br = swapLanes(v128.load(lr + m));
    const bi = f64x2.neg(swapLanes(v128.load(li + m)));
    const er = f64x2.mul(half, f64x2.add(ar, br)), ei = f64x2.mul(half, f64x2.add(ai, bi));
    const dr = f64x2.mul(half, f64x2.sub(ar, br)), di = f64x2.mul(half, f64x2.sub(ai, bi));
    const k = <usize>(kBase + c) << 3;
    const cr = v128.load(wr + k), ci = v128.load(wi + k);
    // O = (di, −dr); P = W^k·O; X[k] = E + P, X[h − k] = conj(E − P)
    const pr = f64x2.add(f64x2.mul(di, cr), f64x2.mul(dr, ci));
    const pi = f64x2.sub(f64x2.mul(di, ci), f64x2.mul(dr, cr));
    v128.store(xr + k, f64x2.add(er, pr));
    v128.store(xi + k, f64x2.add(ei, pi));
    const l = <usize>(lBase + run - c - 1) << 3;
    v128.store(xr + l, swapLanes(f64x2.sub(er, pr)));
    v128.store(xi + l, swapLanes(f64x2.sub(pi, ei)));
  }
  // c = 2^T − 1, partner c = 1
  const ar = ld(kr, c), ai = ld(ki, c), br = ld(lr, run - c), bi = -ld(li, run - c);
  const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
  const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
  const cr = ld(wr, kBase + c), ci = ld(wi, kBase + c);
  const pr = di * cr + dr * ci, pi = di * ci - dr * cr;
  st(xr, kBase + c, er + pr);
  st(xi, kBase + c, ei + pi);
  st(xr, lBase + run - c, er - pr);
  st(xi, lBase + run - c, pi - ei);
}

/**
 * The bins k = q·2^T (the runs' first points, which pair across runs), in place after every run
 * pair: Z[q·2^T] is still there. Bins 0 and h from Z[0]; bin h goes to the planes' padding.
 */
function realForwardTail(zr: usize, zi: usize, log: i32, runBits: i32, wr: usize, wi: usize): void {
  const h = 1 << log;
  const count = 1 << (log - runBits);
  const z0r = ld(zr, 0), z0i = ld(zi, 0);
  st(zr, 0, z0r + z0i); st(zi, 0, 0);
  st(zr, h, z0r - z0i); st(zi, h, 0);
  for (let q = 1; 2 * q <= count; q++) {
    const k = q << runBits, l = h - k;
    const ar = ld(zr, k), ai = ld(zi, k), br = ld(zr, l), bi = -ld(zi, l);
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
    const cr = ld(wr, k), ci = ld(wi, k);
    const pr = di * cr + dr * ci, pi = di * ci - dr * cr;
    st(zr, l, er - pr);
    st(zi, l, pi - ei);
    st(zr, k, er + pr);
    st(zi, k, ei + pi);
  }
}

/**
 * postRuns in place for the natural-order runs (a, u, ·) and their mirrors (~a, ~u, ·), a < 2^T
 * (only a < 2^T/2 when u = ~u, i.e. there are no middle bits): the run whose index is below half
 * of all runs gives k.
 */
function postMiddle(zr: usize, zi: usize, log: i32, runBits: i32, u: i32, wr: usize, wi: usize): void {
  const run = 1 << runBits, shift = log - runBits;
  const top = (1 << (log - 2 * runBits)) - 1, nu = top ^ u;
  const rows = u == nu ? run >> 1 : run;
  for (let a = 0; a < rows; a++) {
    const na = run - 1 - a;
    const ka = (a << shift) | (u << runBits), kn = (na << shift) | (nu << runBits);
    const pa = <usize>ka << 3, pn = <usize>kn << 3;
    if (2 * a < run) postRuns(zr + pa, zi + pa, zr + pn, zi + pn, ka, kn, run, wr, wi, zr, zi);
    else postRuns(zr + pn, zi + pn, zr + pa, zi + pa, kn, ka, run, wr, wi, zr, zi);
  }
}

/**
 * numpy.fft.rfft of n = 2h = 2^(log + 1) real points (h ≥ 4) given at x: the bins 0 … h in place
 * of the half-length transform's planes (zr, zi), whose padding holds bin h (each plane ≥ h + 1
 * values; tables: the transform's plan). x is dead after the first pass. wr, wi: W^k for
 * k ≤ h/2. work: realForwardWorkBytes() of scratch, 16-byte aligned.
 */
export function realForwardFused(
  x: usize, zr: usize, zi: usize, log: i32, tables: usize, wr: usize, wi: usize, work: usize,
): void {
  const h = 1 << log;
  if (!scattersByTiles(log)) {
    // h ≤ 32: the scatter by points, then the post-processing in place (each pass of its loop
    // reads the pair it writes).
    fftPow2Interleaved(x, zr, zi, zr, zi, log, tables);
    realForwardPost(zr, zi, wr, wi, zr, zi, h);
    return;
  }
  difPassesInterleaved(x, zr, zi, log, tables);
  const runBits = min(RUN_BITS, log >> 1);
  const midBits = log - 2 * runBits, mids = 1 << midBits, top = mids - 1;
  for (let b = 0; b < mids; b++) {
    const rb = midBits > 0 ? reverseBits(b, midBits) : 0;
    if (rb < b || (top ^ b) < b || (top ^ rb) < b) continue; // the set's least member runs it
    scatterTileSet(zr, zi, log, runBits, b, work);
    postMiddle(zr, zi, log, runBits, b, wr, wi);
    if (rb != b && rb != (top ^ b)) postMiddle(zr, zi, log, runBits, rb, wr, wi);
  }
  realForwardTail(zr, zi, log, runBits, wr, wi);
}

// ---------------------------------------------------------------------------------------------
// Inverse

/** Radix-4 DIF butterfly of the first pass: inputs a … d (quarters 0 … 3), twiddles given. */
@inline function butterfly(
  ar: v128, ai: v128, br: v128, bi: v128, cr: v128, ci: v128, dr: v128, di: v128,
  w1r: v128, w1i: v128, w2r: v128, w2i: v128, w3r: v128, w3i: v128,
  pr: usize, pi: usize, mb: usize, swap: bool,
): void {
  const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
  const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
  let yr = f64x2.add(t0r, t2r), yi = f64x2.add(t0i, t2i);
  v128.store(pr, swap ? swapLanes(yr) : yr); v128.store(pi, swap ? swapLanes(yi) : yi);
  // quarter 1: (t0 − t2)·w2; quarter 2: (t1 − i·t3)·w1; quarter 3: (t1 + i·t3)·w3
  let xr = f64x2.sub(t0r, t2r), xi = f64x2.sub(t0i, t2i);
  yr = f64x2.sub(f64x2.mul(xr, w2r), f64x2.mul(xi, w2i)); yi = f64x2.add(f64x2.mul(xr, w2i), f64x2.mul(xi, w2r));
  v128.store(pr + mb, swap ? swapLanes(yr) : yr); v128.store(pi + mb, swap ? swapLanes(yi) : yi);
  xr = f64x2.add(t1r, t3i); xi = f64x2.sub(t1i, t3r);
  yr = f64x2.sub(f64x2.mul(xr, w1r), f64x2.mul(xi, w1i)); yi = f64x2.add(f64x2.mul(xr, w1i), f64x2.mul(xi, w1r));
  v128.store(pr + mb * 2, swap ? swapLanes(yr) : yr); v128.store(pi + mb * 2, swap ? swapLanes(yi) : yi);
  xr = f64x2.sub(t1r, t3i); xi = f64x2.add(t1i, t3r);
  yr = f64x2.sub(f64x2.mul(xr, w3r), f64x2.mul(xi, w3i)); yi = f64x2.add(f64x2.mul(xr, w3i), f64x2.mul(xi, w3r));
  v128.store(pr + mb * 3, swap ? swapLanes(yr) : yr); v128.store(pi + mb * 3, swap ? swapLanes(yi) : yi);
}

/** conj Z[k] (scalar, as realInversePre): k's bin pair read from (xr, xi), k ≤ h/2 or not. */
@inline function conjZRe(xr: usize, xi: usize, wr: usize, wi: usize, h: i32, k: i32): f64 {
  const ar = ld(xr, k), ai = ld(xi, k), br = ld(xr, h - k), bi = -ld(xi, h - k);
  const er = 0.5 * (ar + br), dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
  const w = twiddle(wr, wi, h, k, true), v = twiddle(wr, wi, h, k, false);
  return er - (di * w - dr * v);
}

@inline function conjZIm(xr: usize, xi: usize, wr: usize, wi: usize, h: i32, k: i32): f64 {
  const ar = ld(xr, k), ai = ld(xi, k), br = ld(xr, h - k), bi = -ld(xi, h - k);
  const ei = 0.5 * (ai + bi), dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
  const w = twiddle(wr, wi, h, k, true), v = twiddle(wr, wi, h, k, false);
  return -(ei + (dr * w + di * v));
}

/** Re (re) or Im of W^k for 0 ≤ k < h, from the table's k ≤ h/2 by W^(h−k) = −conj W^k. */
@inline function twiddle(wr: usize, wi: usize, h: i32, k: i32, re: bool): f64 {
  if (2 * k <= h) return re ? ld(wr, k) : ld(wi, k);
  return re ? -ld(wr, h - k) : ld(wi, h - k);
}

/**
 * One column j of the fused first pass, scalar: conj Z at j + q·m (q < 4) from the bins (the pair
 * of bin 0 is bin h, read as X[h − 0]), then the radix-4 DIF butterfly with the table's w_r(j).
 */
function preColumn(xr: usize, xi: usize, wr: usize, wi: usize, zr: usize, zi: usize, h: i32, m: i32, tw: usize, j: i32): void {
  // bin 0 with bin h: their imaginary parts ignored (numpy's irfft)
  const ar = j == 0 ? 0.5 * (ld(xr, 0) + ld(xr, h)) : conjZRe(xr, xi, wr, wi, h, j);
  const ai = j == 0 ? -0.5 * (ld(xr, 0) - ld(xr, h)) : conjZIm(xr, xi, wr, wi, h, j);
  const br = conjZRe(xr, xi, wr, wi, h, j + m), bi = conjZIm(xr, xi, wr, wi, h, j + m);
  const cr = conjZRe(xr, xi, wr, wi, h, j + 2 * m), ci = conjZIm(xr, xi, wr, wi, h, j + 2 * m);
  const dr = conjZRe(xr, xi, wr, wi, h, j + 3 * m), di = conjZIm(xr, xi, wr, wi, h, j + 3 * m);
  const t = tw + <usize>((j >> 1) * 96 + (j & 1) * 8);
  const w1r = load<f64>(t), w1i = load<f64>(t, 16), w2r = load<f64>(t, 32), w2i = load<f64>(t, 48);
  const w3r = load<f64>(t, 64), w3i = load<f64>(t, 80);
  const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
  const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
  st(zr, j, t0r + t2r); st(zi, j, t0i + t2i);
  let vr = t0r - t2r, vi = t0i - t2i;
  st(zr, j + m, vr * w2r - vi * w2i); st(zi, j + m, vr * w2i + vi * w2r);
  vr = t1r + t3i; vi = t1i - t3r;
  st(zr, j + 2 * m, vr * w1r - vi * w1i); st(zi, j + 2 * m, vr * w1i + vi * w1r);
  vr = t1r - t3i; vi = t1i + t3r;
  st(zr, j + 3 * m, vr * w3r - vi * w3i); st(zi, j + 3 * m, vr * w3i + vi * w3r);
}

/** pre's results: conj Z[k] and conj Z[h − k] (AssemblyScript has no tuples to return them in). */
let preZkr: v128 = f64x2.splat(0), preZki: v128 = f64x2.splat(0), preZlr: v128 = f64x2.splat(0), preZli: v128 = f64x2.splat(0);

/**
 * realInversePre on one vector pair: a = X[k], b = X[h − k] lane for lane (as stored: b is
 * conjugated here), (cr, ci) = W^k. E = (a + conj b)/2, O = (a − conj b)·conj W^k/2, Z = E + i·O,
 * Z[h − k] = conj E + i·conj O; their conjugates go to preZk… and preZl….
 */
@inline function pre(ar: v128, ai: v128, br: v128, bi: v128, cr: v128, ci: v128): void {
  const half = f64x2.splat(0.5);
  const nbi = f64x2.neg(bi);
  const er = f64x2.mul(half, f64x2.add(ar, br)), ei = f64x2.mul(half, f64x2.add(ai, nbi));
  const dr = f64x2.mul(half, f64x2.sub(ar, br)), di = f64x2.mul(half, f64x2.sub(ai, nbi));
  const or = f64x2.add(f64x2.mul(dr, cr), f64x2.mul(di, ci));
  const oi = f64x2.sub(f64x2.mul(di, cr), f64x2.mul(dr, ci));
  preZkr = f64x2.sub(er, oi);
  preZki = f64x2.neg(f64x2.add(ei, or));
  preZlr = f64x2.add(er, oi);
  preZli = f64x2.sub(ei, or);
}

/**
 * The real inverse FFT's pre-processing fused with the first radix-4 DIF pass of the
 * half-length transform (h = 2^log ≥ 16 points, m = h/4): conj Z from the bins 0 … h at
 * (xr, xi) goes through the butterflies straight into (zr, zi), which must not overlap the bins.
 * Columns j and m − j run together, since the pair of bin q·m + j is bin (3 − q)·m + (m − j);
 * their twiddles are the table's for j by w_r(m − j) = (−i)^r·conj w_r(j). The rest of the
 * transform: fftPow2Rest or fftPow2RestToInterleaved.
 */
export function realInverseFirstPass(
  xr: usize, xi: usize, wr: usize, wi: usize, zr: usize, zi: usize, log: i32, tables: usize,
): void {
  const h = 1 << log, m = h >> 2;
  const mb = <usize>m << 3;
  const tw = topRadix4Table(log, tables);
  // columns the vector loop leaves: 0 (paired with bin h), 1 and m − 1, m/2 (its own mirror)
  preColumn(xr, xi, wr, wi, zr, zi, h, m, tw, 0);
  preColumn(xr, xi, wr, wi, zr, zi, h, m, tw, 1);
  preColumn(xr, xi, wr, wi, zr, zi, h, m, tw, m >> 1);
  preColumn(xr, xi, wr, wi, zr, zi, h, m, tw, m - 1);
  for (let j = 2; j < (m >> 1) - 1; j += 2) {
    const dj = <usize>j << 3, mj = <usize>(m - j - 1) << 3;
    // D_q: bins q·m + j, j + 1; M_q: bins q·m + m − j, m − j − 1 (lanes swapped to that order).
    // D_q's partners are M_(3 − q), lane for lane.
    const d0r = v128.load(xr + dj), d0i = v128.load(xi + dj);
    const d1r = v128.load(xr + mb + dj), d1i = v128.load(xi + mb + dj);
    const d2r = v128.load(xr + mb * 2 + dj), d2i = v128.load(xi + mb * 2 + dj);
    const d3r = v128.load(xr + mb * 3 + dj), d3i = v128.load(xi + mb * 3 + dj);
    const m0r = swapLanes(v128.load(xr + mj)), m0i = swapLanes(v128.load(xi + mj));
    const m1r = swapLanes(v128.load(xr + mb + mj)), m1i = swapLanes(v128.load(xi + mb + mj));
    const m2r = swapLanes(v128.load(xr + mb * 2 + mj)), m2i = swapLanes(v128.load(xi + mb * 2 + mj));
    const m3r = swapLanes(v128.load(xr + mb * 3 + mj)), m3i = swapLanes(v128.load(xi + mb * 3 + mj));
    // k = j (D0 ↔ M3), m + j (D1 ↔ M2), m − j (M0 ↔ D3), 2m − j (M1 ↔ D2): all ≤ h/2
    pre(d0r, d0i, m3r, m3i, v128.load(wr + dj), v128.load(wi + dj));
    const z0r = preZkr, z0i = preZki, y3r = preZlr, y3i = preZli;
    pre(d1r, d1i, m2r, m2i, v128.load(wr + mb + dj), v128.load(wi + mb + dj));
    const z1r = preZkr, z1i = preZki, y2r = preZlr, y2i = preZli;
    pre(m0r, m0i, d3r, d3i, swapLanes(v128.load(wr + mj)), swapLanes(v128.load(wi + mj)));
    const y0r = preZkr, y0i = preZki, z3r = preZlr, z3i = preZli;
    pre(m1r, m1i, d2r, d2i, swapLanes(v128.load(wr + mb + mj)), swapLanes(v128.load(wi + mb + mj)));
    const y1r = preZkr, y1i = preZki, z2r = preZlr, z2i = preZli;
    const t = tw + <usize>(j >> 1) * 96;
    const w1r = v128.load(t), w1i = v128.load(t, 16), w2r = v128.load(t, 32), w2i = v128.load(t, 48);
    const w3r = v128.load(t, 64), w3i = v128.load(t, 80);
    butterfly(z0r, z0i, z1r, z1i, z2r, z2i, z3r, z3i, w1r, w1i, w2r, w2i, w3r, w3i, zr + dj, zi + dj, mb, false);
    // mirror: w1 → −i·conj w1 = (−w1i, −w1r), w2 → −conj w2 = (−w2r, w2i), w3 → i·conj w3 = (w3i, w3r)
    butterfly(
      y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i,
      f64x2.neg(w1i), f64x2.neg(w1r), f64x2.neg(w2r), w2i, w3i, w3r, zr + mj, zi + mj, mb, true,
    );
  }
}

/** out[2j] = yr[j]·factorRe, out[2j + 1] = yi[j]·factorIm for j < h (h even). */
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
