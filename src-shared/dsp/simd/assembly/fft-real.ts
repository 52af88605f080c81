/**
 * The real-input FFT's steps around the half-length complex transform, each fused with a pass
 * the transform makes anyway (h = n/2 complex points, z[j] = x[2j] + i·x[2j+1], Z = DFT_h z):
 *
 *   realForwardFused  the DIF passes leave Z in bit-reversed order (difPow2Interleaved); one
 *             pass then permutes it tile by tile and forms X[k] and X[h−k] from each pair
 *             Z[k], Z[h−k] on the way out, writing the bins in natural order. (Before: the last
 *             stage scattered Z into natural order, and realForwardPost read it all again.)
 *   realInverseFused  the pre-processing (Z from the bins X[k], X[h−k]) fused with the first
 *             radix-4 DIF pass, which reads the bins and writes its butterflies' outputs: no
 *             pass of its own writing Z and the transform reading it back.
 *
 * Twiddles: W^k = exp(−2πik/n) for k ≤ n/4 (wr, wi; ../fft-simd.ts realTables); the other half
 * by W^(h−k) = −conj W^k. Layout and conventions as assembly/fft.ts.
 */
import { difPow2Interleaved, fftPow2RestToInterleaved, topRadix4Table } from './fft';

/** log2 of the run length the permutation moves at a time: 32 points, one 32 × 32 tile. */
const RUN_BITS: i32 = 5;
const RUN: i32 = 1 << RUN_BITS;
/**
 * Bytes of the work space realForwardFused takes from the host: the runs of a tile and of its
 * partner tile in natural order, re and im, 8 KiB each (static data would need a second page of
 * initial memory).
 */
export function realForwardWorkBytes(): i32 {
  return 4 * RUN * RUN * 8;
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
 * One tile of the bit-reversed spectrum into natural-order runs. With T = runBits and m the middle
 * bits, position p = (r, bp, s) of y (bit-reversed order) holds Z[(rev s, rev bp, rev r)]: the
 * tile bp's rows r are 2^T consecutive points each. buf[a][c] ← Z[(a, rev bp, c)], two rows of y
 * at a time (rows rev c and rev c + 2^T/2 are outputs c and c + 1), read in full: no column walk
 * over rows a power of two apart, so no cache-set conflicts and no copy of the tile first.
 */
function runsOfTile(yr: usize, yi: usize, log: i32, runBits: i32, bp: i32, bufRe: usize, bufIm: usize): void {
  const run = 1 << runBits;
  const highShift = log - runBits;
  const mid = bp << runBits;
  const halfRows = <usize>(run >> 1) << highShift << 3; // bytes from row r to row r + 2^T/2
  const rowBytes = <usize>run << 3;
  for (let c = 0; c < run; c += 2) {
    const src = <usize>((reverseBits(c, runBits) << highShift) | mid) << 3;
    const r0 = yr + src, i0 = yi + src;
    for (let s = 0; s < run; s += 2) {
      const at = <usize>s << 3;
      const p = v128.load(r0 + at), q = v128.load(r0 + halfRows + at);
      const u = v128.load(i0 + at), v = v128.load(i0 + halfRows + at);
      // lanes of p: a = rev s and rev s + 2^T/2 (= rev (s + 1)) at output c; of q at c + 1
      const d0 = (<usize>reverseBits(s, runBits) * rowBytes) + (<usize>c << 3);
      const d1 = d0 + (rowBytes * <usize>(run >> 1));
      v128.store(bufRe + d0, f64x2.shuffle(p, q, 0, 2));
      v128.store(bufIm + d0, f64x2.shuffle(u, v, 0, 2));
      v128.store(bufRe + d1, f64x2.shuffle(p, q, 1, 3));
      v128.store(bufIm + d1, f64x2.shuffle(u, v, 1, 3));
    }
  }
}

/**
 * realForwardPost on one pair of runs: (kr, ki) holds Z[kBase + c], (lr, li) Z[lBase + c], c <
 * 2^T, with lBase = h − kBase − 2^T and kBase + 2^T ≤ h/2, so Z[kBase + c] pairs with
 * Z[lBase + 2^T − c] for c ≥ 1. Writes X at kBase + c and lBase + 2^T − c (c ≥ 1); the runs'
 * first points pair across runs and are the tail's (realForwardTail).
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
 * The bins k = q·2^T (the runs' first points): Z[q·2^T] sits at y[rev q] (rev over log − T bits)
 * — the first 2^(log − T) positions of y, which the permutation left as they were.
 */
function realForwardTail(yr: usize, yi: usize, log: i32, runBits: i32, wr: usize, wi: usize, xr: usize, xi: usize): void {
  const h = 1 << log;
  const bits = log - runBits, count = 1 << bits;
  const z0r = ld(yr, 0), z0i = ld(yi, 0);
  st(xr, 0, z0r + z0i); st(xi, 0, 0);
  st(xr, h, z0r - z0i); st(xi, h, 0);
  for (let q = 1; 2 * q <= count; q++) {
    const p = reverseBits(q, bits), pl = reverseBits(count - q, bits);
    const k = q << runBits, l = h - k;
    const ar = ld(yr, p), ai = ld(yi, p), br = ld(yr, pl), bi = -ld(yi, pl);
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
    const cr = ld(wr, k), ci = ld(wi, k);
    const pr = di * cr + dr * ci, pi = di * ci - dr * cr;
    st(xr, l, er - pr);
    st(xi, l, pi - ei);
    st(xr, k, er + pr);
    st(xi, k, ei + pi);
  }
}

/**
 * numpy.fft.rfft of n = 2h = 2^(log + 1) real points (h ≥ 4) given at x: the bins 0 … h into
 * (xr, xi). (zr, zi) is the working space of the half-length transform (2^log points per plane,
 * tables its plan's); x is dead after the first pass, so (xr, xi) may reuse it; they must not
 * overlap (zr, zi). wr, wi: W^k for k ≤ h/2. work: realForwardWorkBytes() of scratch (16-byte aligned).
 */
export function realForwardFused(
  x: usize, zr: usize, zi: usize, log: i32, tables: usize, wr: usize, wi: usize, xr: usize, xi: usize, work: usize,
): void {
  difPow2Interleaved(x, zr, zi, log, tables);
  const plane = <usize>(RUN * RUN) << 3;
  const runARe = work, runAIm = work + plane, runBRe = work + 2 * plane, runBIm = work + 3 * plane;
  const runBits = min(RUN_BITS, log >> 1);
  const run = 1 << runBits;
  const midBits = log - 2 * runBits, mids = 1 << midBits, top = mids - 1;
  // Natural index (a, b, c) pairs with (~a, ~b, 2^T − c): the runs of tile bp (b = rev bp) with
  // those of tile ~bp, row a with row ~a. The run whose index (a, b) is below half of all runs is
  // the one whose k has a table twiddle.
  for (let bp = 0; bp < mids; bp++) {
    const bq = top ^ bp;
    if (bq < bp) continue;
    runsOfTile(zr, zi, log, runBits, bp, runARe, runAIm);
    const same = bq == bp; // no middle bits: one tile, its rows a and ~a paired
    if (!same) runsOfTile(zr, zi, log, runBits, bq, runBRe, runBIm);
    const lRe = same ? runARe : runBRe, lIm = same ? runAIm : runBIm;
    const b = midBits > 0 ? reverseBits(bp, midBits) : 0;
    const rows = same ? run >> 1 : run;
    for (let a = 0; a < rows; a++) {
      const na = run - 1 - a;
      const kRow = <usize>(a << runBits) << 3, lRow = <usize>(na << runBits) << 3;
      const baseA = ((a << midBits) | b) << runBits, baseB = ((na << midBits) | (top ^ b)) << runBits;
      if (2 * a < run) postRuns(runARe + kRow, runAIm + kRow, lRe + lRow, lIm + lRow, baseA, baseB, run, wr, wi, xr, xi);
      else postRuns(lRe + lRow, lIm + lRow, runARe + kRow, runAIm + kRow, baseB, baseA, run, wr, wi, xr, xi);
    }
  }
  realForwardTail(zr, zi, log, runBits, wr, wi, xr, xi);
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
 * numpy.fft.irfft (unscaled: times factor, e.g. 2 or 2/n) of the bins 0 … h at (xr, xi) into
 * out (n = 2h = 2^(log + 1) samples, interleaved even/odd), h ≥ 16. The pre-processing runs
 * inside the first radix-4 DIF pass: columns j and m − j (m = h/4) together, since the pair of
 * bin q·m + j is bin (3 − q)·m + (m − j); their twiddles are the table's for j by
 * w_r(m − j) = (−i)^r·conj w_r(j). (zr, zi): the transform's planes (must not overlap the bins
 * or out); out may reuse the bins' region.
 */
export function realInverseFused(
  xr: usize, xi: usize, wr: usize, wi: usize, zr: usize, zi: usize, out: usize, log: i32, tables: usize,
  factorRe: f64, factorIm: f64,
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
  fftPow2RestToInterleaved(zr, zi, out, log, tables, factorRe, factorIm);
}
