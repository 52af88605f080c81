/**
 * Discrete Fourier transforms of any length over split Float64Array (re, im) pairs.
 *
 * Conventions (the same as numpy.fft):
 *   forward  X[k] = Σ_j x[j] · exp(−2πi·jk/n)           (unscaled)
 *   inverse  x[j] = (1/n) · Σ_k X[k] · exp(+2πi·jk/n)   (divides by n)
 *
 * Algorithms, chosen per length by `planFft(n)` and cached by n:
 *   - n = 2^k: bit-reversal gather, then in-place radix-4 decimation-in-time stages (one radix-2
 *     stage first when k is odd) with per-stage contiguous twiddle tables; the stages that fit
 *     in a cache-sized block run block by block ("depth first") before the large ones.
 *   - n = 2^a·3^b·5^c: KissFFT-style recursive mixed radix (radix 4, 2, 3, 5 butterflies).
 *   - anything else (primes, 7, 11, …): Bluestein's chirp-z algorithm over a power-of-two FFT
 *     of size ≥ 2n − 1, with the chirp and the chirp filter's spectrum precomputed.
 * The inverse is the forward transform with re and im swapped (conj trick), then scaled by 1/n.
 */

import { PlanCache } from './plan-cache';
import { simdComplexTransform, simdRealForward, simdRealInverse } from './simd/fft-simd';

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

interface ComplexKernel {
  /** Forward transform; must support xr === yr (in place). */
  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void;
}

// ---------------------------------------------------------------------------------------------
// Power of two: bit reversal + radix-4 DIT

/** Stages whose butterfly span (4m) fits in this many points run block by block. */
const BLOCK = 2048;

class Pow2Kernel implements ComplexKernel {
  readonly rev: Uint32Array;
  /** Twiddle tables, one per radix-4 stage: [w1r, w1i, w2r, w2i, w3r, w3i] per j. */
  private readonly tables: Float64Array[] = [];
  private readonly spans: number[] = [];
  /** Radix of the first stage, fused with the bit-reversal permutation: 8 (odd log2 n) or 4. */
  private readonly first: number;
  private readonly tiled: TiledBitReversal | undefined;
  private readonly copyR: Float64Array;
  private readonly copyI: Float64Array;

  constructor(readonly n: number) {
    let log = 0;
    while (1 << log < n) log++;
    this.first = n < 4 ? n : (log & 1) === 1 ? 8 : 4;
    const rev = new Uint32Array(n);
    for (let i = 1; i < n; i++) rev[i] = (rev[i >> 1] >> 1) | ((i & 1) << (log - 1));
    this.rev = rev;
    this.tiled = log >= TILED_MIN_LOG ? new TiledBitReversal(log, this.first) : undefined;
    const small = this.tiled ? 0 : n;
    this.copyR = new Float64Array(small);
    this.copyI = new Float64Array(small);
    // Radix-4 stages with twiddles, each combining four length-m transforms: m = first, 4·first, …
    for (let m = Math.max(this.first, 1); 4 * m <= n; m *= 4) {
      const table = new Float64Array(6 * m);
      const step = (-2 * Math.PI) / (4 * m);
      for (let j = 0; j < m; j++) {
        table[6 * j] = Math.cos(step * j);
        table[6 * j + 1] = Math.sin(step * j);
        table[6 * j + 2] = Math.cos(step * 2 * j);
        table[6 * j + 3] = Math.sin(step * 2 * j);
        table[6 * j + 4] = Math.cos(step * 3 * j);
        table[6 * j + 5] = Math.sin(step * 3 * j);
      }
      this.tables.push(table);
      this.spans.push(m);
    }
  }

  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const n = this.n;
    if (n <= 2) {
      const ar = xr[0], ai = xi[0];
      if (n === 1) {
        yr[0] = ar;
        yi[0] = ai;
      } else {
        const br = xr[1], bi = xi[1];
        yr[0] = ar + br;
        yi[0] = ai + bi;
        yr[1] = ar - br;
        yi[1] = ai - bi;
      }
      return;
    }
    if (this.tiled) {
      this.tiled.permute(xr, xi, yr, yi);
    } else {
      if (xr === yr) {
        this.copyR.set(xr.subarray(0, n));
        this.copyI.set(xi.subarray(0, n));
        xr = this.copyR;
        xi = this.copyI;
      }
      if (this.first === 8) radix8Gather(xr, xi, yr, yi, this.rev, 0, n, 1, 0, 0);
      else radix4Gather(xr, xi, yr, yi, this.rev, 0, n, 1, 0, 0);
    }
    this.butterflies(yr, yi);
  }

  /** Forward transform of z[j] = x[2j] + i·x[2j+1] (n complex points from 2n reals). */
  transformPacked(x: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const n = this.n;
    const rev = this.rev;
    for (let i = 0; i < n; i++) {
      const j = rev[i] << 1;
      yr[i] = x[j];
      yi[i] = x[j + 1];
    }
    if (n <= 2) {
      if (n === 2) radix2First(yr, yi, 0, 2);
      return;
    }
    if (this.first === 8) radix8First(yr, yi, 0, n);
    else radix4First(yr, yi, 0, n);
    this.butterflies(yr, yi);
  }

  /** The radix-4 stages after the first (fused) one, small spans block by block. */
  butterflies(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    const tables = this.tables;
    const spans = this.spans;
    const block = n < BLOCK ? n : BLOCK;
    let small = 0;
    while (small < spans.length && 4 * spans[small] <= block) small++;
    if (small > 0) {
      for (let start = 0; start < n; start += block) {
        for (let s = 0; s < small; s++) radix4Stage(re, im, spans[s], tables[s], start, start + block);
      }
    }
    for (let s = small; s < spans.length; s++) radix4Stage(re, im, spans[s], tables[s], 0, n);
  }
}

const TILE_BITS = 5;
const TILE = 1 << TILE_BITS;
/** From this size on the permutation is done tile by tile; below it the arrays sit in cache. */
const TILED_MIN_LOG = 13;

/**
 * Cache-friendly bit-reversal permutation (the idea of Carter & Gatlin's COBRA), fused with the
 * first butterfly stage. An index is split into (a, b, c) with t-bit a and c:
 * rev(a, b, c) = (rev c, rev b, rev a). For each middle value b, the 2^t × 2^t tile of points
 * (a, ·, c) is read in runs of 2^t consecutive elements into an L1-sized buffer, then written to
 * the tile with middle rev b, again in runs of 2^t consecutive outputs — each run is a whole
 * number of first-stage butterflies, which are computed on the way out. A plain gather over a
 * large array misses the cache on almost every element; this touches each line once.
 */
class TiledBitReversal {
  private readonly revTile = new Uint32Array(TILE);
  private readonly revMiddle: Uint32Array;
  private readonly middleBits: number;
  private readonly bufR = new Float64Array(TILE * TILE);
  private readonly bufI = new Float64Array(TILE * TILE);
  private readonly buf2R = new Float64Array(TILE * TILE);
  private readonly buf2I = new Float64Array(TILE * TILE);

  constructor(private readonly log: number, private readonly first: number) {
    for (let i = 0; i < TILE; i++) this.revTile[i] = reverseBits(i, TILE_BITS);
    this.middleBits = log - 2 * TILE_BITS;
    const count = 1 << this.middleBits;
    this.revMiddle = new Uint32Array(count);
    for (let i = 0; i < count; i++) this.revMiddle[i] = reverseBits(i, this.middleBits);
  }

  permute(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const inPlace = xr === yr;
    const count = 1 << this.middleBits;
    const revMiddle = this.revMiddle;
    for (let b = 0; b < count; b++) {
      const rb = revMiddle[b];
      if (inPlace) {
        if (rb < b) continue;
        // Tiles b and rev b trade places: read both, then write both.
        this.loadTile(xr, xi, b, this.bufR, this.bufI);
        if (rb !== b) this.loadTile(xr, xi, rb, this.buf2R, this.buf2I);
        this.storeTile(this.bufR, this.bufI, rb, yr, yi);
        if (rb !== b) this.storeTile(this.buf2R, this.buf2I, b, yr, yi);
      } else {
        this.loadTile(xr, xi, b, this.bufR, this.bufI);
        this.storeTile(this.bufR, this.bufI, rb, yr, yi);
      }
    }
  }

  /** buf[a·T + c] = x[(a, b, c)] */
  private loadTile(xr: Float64Array, xi: Float64Array, b: number, br: Float64Array, bi: Float64Array): void {
    const highShift = this.log - TILE_BITS;
    const mid = b << TILE_BITS;
    for (let a = 0; a < TILE; a++) {
      const src = (a << highShift) | mid;
      const dst = a << TILE_BITS;
      for (let c = 0; c < TILE; c++) {
        br[dst + c] = xr[src + c];
        bi[dst + c] = xi[src + c];
      }
    }
  }

  /** y[(rev c, rb, j)] = first-stage butterflies over buf[rev j · T + c], j = 0..T−1. */
  private storeTile(br: Float64Array, bi: Float64Array, rb: number, yr: Float64Array, yi: Float64Array): void {
    const highShift = this.log - TILE_BITS;
    const mid = rb << TILE_BITS;
    const revTile = this.revTile;
    for (let c = 0; c < TILE; c++) {
      const dst = (revTile[c] << highShift) | mid;
      if (this.first === 8) radix8Gather(br, bi, yr, yi, revTile, 0, TILE, TILE, c, dst);
      else radix4Gather(br, bi, yr, yi, revTile, 0, TILE, TILE, c, dst);
    }
  }
}

function reverseBits(value: number, bits: number): number {
  let r = 0;
  for (let i = 0; i < bits; i++) {
    r = (r << 1) | (value & 1);
    value >>= 1;
  }
  return r;
}

/**
 * First stage fused with the permutation: y[out + i] for i in [0, count) is the radix-4
 * butterfly over the group of 4 whose inputs are x[index[k0 + i] · mul + add].
 */
function radix4Gather(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  index: Uint32Array, k0: number, count: number, mul: number, add: number, out: number,
): void {
  for (let i = 0; i < count; i += 4) {
    let s = index[k0 + i] * mul + add;
    const ar = xr[s], ai = xi[s];
    s = index[k0 + i + 1] * mul + add;
    const cr = xr[s], ci = xi[s];
    s = index[k0 + i + 2] * mul + add;
    const br = xr[s], bi = xi[s];
    s = index[k0 + i + 3] * mul + add;
    const dr = xr[s], di = xi[s];
    const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
    const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
    const o = out + i;
    yr[o] = t0r + t2r;
    yi[o] = t0i + t2i;
    yr[o + 2] = t0r - t2r;
    yi[o + 2] = t0i - t2i;
    yr[o + 1] = t1r + t3i;
    yi[o + 1] = t1i - t3r;
    yr[o + 3] = t1r - t3i;
    yi[o + 3] = t1i + t3r;
  }
}

/** As radix4Gather with radix-8 butterflies (see radix8First). */
function radix8Gather(
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array,
  index: Uint32Array, k0: number, count: number, mul: number, add: number, out: number,
): void {
  for (let i = 0; i < count; i += 8) {
    const k = k0 + i;
    let s = index[k] * mul + add, u = index[k + 1] * mul + add;
    const a0r = xr[s] + xr[u], a0i = xi[s] + xi[u], a1r = xr[s] - xr[u], a1i = xi[s] - xi[u];
    s = index[k + 2] * mul + add;
    u = index[k + 3] * mul + add;
    const b0r = xr[s] + xr[u], b0i = xi[s] + xi[u], b1r = xr[s] - xr[u], b1i = xi[s] - xi[u];
    s = index[k + 4] * mul + add;
    u = index[k + 5] * mul + add;
    const c0r = xr[s] + xr[u], c0i = xi[s] + xi[u], c1r = xr[s] - xr[u], c1i = xi[s] - xi[u];
    s = index[k + 6] * mul + add;
    u = index[k + 7] * mul + add;
    const d0r = xr[s] + xr[u], d0i = xi[s] + xi[u], d1r = xr[s] - xr[u], d1i = xi[s] - xi[u];
    const e0r = a0r + b0r, e0i = a0i + b0i, e2r = a0r - b0r, e2i = a0i - b0i;
    const e1r = a1r + b1i, e1i = a1i - b1r, e3r = a1r - b1i, e3i = a1i + b1r;
    const o0r = c0r + d0r, o0i = c0i + d0i, o2r = c0r - d0r, o2i = c0i - d0i;
    const o1r = c1r + d1i, o1i = c1i - d1r, o3r = c1r - d1i, o3i = c1i + d1r;
    const t1r = SQRT1_2 * (o1r + o1i), t1i = SQRT1_2 * (o1i - o1r);
    const t2r = o2i, t2i = -o2r;
    const t3r = SQRT1_2 * (o3i - o3r), t3i = -SQRT1_2 * (o3r + o3i);
    const o = out + i;
    yr[o] = e0r + o0r; yi[o] = e0i + o0i;
    yr[o + 4] = e0r - o0r; yi[o + 4] = e0i - o0i;
    yr[o + 1] = e1r + t1r; yi[o + 1] = e1i + t1i;
    yr[o + 5] = e1r - t1r; yi[o + 5] = e1i - t1i;
    yr[o + 2] = e2r + t2r; yi[o + 2] = e2i + t2i;
    yr[o + 6] = e2r - t2r; yi[o + 6] = e2i - t2i;
    yr[o + 3] = e3r + t3r; yi[o + 3] = e3i + t3i;
    yr[o + 7] = e3r - t3r; yi[o + 7] = e3i - t3i;
  }
}

function radix2First(re: Float64Array, im: Float64Array, start: number, end: number): void {
  for (let i = start; i < end; i += 2) {
    const ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
    re[i] = ar + br;
    im[i] = ai + bi;
    re[i + 1] = ar - br;
    im[i + 1] = ai - bi;
  }
}

const SQRT1_2 = Math.SQRT1_2;

/**
 * The first stage as one radix-8 butterfly per 8 points (no twiddles but √½). Bit-reversed input
 * order is x0 x4 x2 x6 x1 x5 x3 x7: two radix-2 levels give the length-4 transforms E (even
 * samples) and O (odd samples), then X[k] = E[k] + W8^k·O[k], X[k+4] = E[k] − W8^k·O[k].
 */
function radix8First(re: Float64Array, im: Float64Array, start: number, end: number): void {
  for (let i = start; i < end; i += 8) {
    let pr = re[i], pi = im[i], qr = re[i + 1], qi = im[i + 1];
    const a0r = pr + qr, a0i = pi + qi, a1r = pr - qr, a1i = pi - qi;
    pr = re[i + 2]; pi = im[i + 2]; qr = re[i + 3]; qi = im[i + 3];
    const b0r = pr + qr, b0i = pi + qi, b1r = pr - qr, b1i = pi - qi;
    pr = re[i + 4]; pi = im[i + 4]; qr = re[i + 5]; qi = im[i + 5];
    const c0r = pr + qr, c0i = pi + qi, c1r = pr - qr, c1i = pi - qi;
    pr = re[i + 6]; pi = im[i + 6]; qr = re[i + 7]; qi = im[i + 7];
    const d0r = pr + qr, d0i = pi + qi, d1r = pr - qr, d1i = pi - qi;
    // E = DFT4 of (x0, x2, x4, x6); −i·(r + i·s) = s − i·r
    const e0r = a0r + b0r, e0i = a0i + b0i, e2r = a0r - b0r, e2i = a0i - b0i;
    const e1r = a1r + b1i, e1i = a1i - b1r, e3r = a1r - b1i, e3i = a1i + b1r;
    const o0r = c0r + d0r, o0i = c0i + d0i, o2r = c0r - d0r, o2i = c0i - d0i;
    const o1r = c1r + d1i, o1i = c1i - d1r, o3r = c1r - d1i, o3i = c1i + d1r;
    // W8 = √½(1 − i), W8² = −i, W8³ = −√½(1 + i)
    const t1r = SQRT1_2 * (o1r + o1i), t1i = SQRT1_2 * (o1i - o1r);
    const t2r = o2i, t2i = -o2r;
    const t3r = SQRT1_2 * (o3i - o3r), t3i = -SQRT1_2 * (o3r + o3i);
    re[i] = e0r + o0r; im[i] = e0i + o0i;
    re[i + 4] = e0r - o0r; im[i + 4] = e0i - o0i;
    re[i + 1] = e1r + t1r; im[i + 1] = e1i + t1i;
    re[i + 5] = e1r - t1r; im[i + 5] = e1i - t1i;
    re[i + 2] = e2r + t2r; im[i + 2] = e2i + t2i;
    re[i + 6] = e2r - t2r; im[i + 6] = e2i - t2i;
    re[i + 3] = e3r + t3r; im[i + 3] = e3i + t3i;
    re[i + 7] = e3r - t3r; im[i + 7] = e3i - t3i;
  }
}

/** The first radix-4 stage (m = 1): no twiddles. Input is bit reversed: [x0, x2, x1, x3]. */
function radix4First(re: Float64Array, im: Float64Array, start: number, end: number): void {
  for (let i = start; i < end; i += 4) {
    const ar = re[i], ai = im[i];
    const cr = re[i + 1], ci = im[i + 1];
    const br = re[i + 2], bi = im[i + 2];
    const dr = re[i + 3], di = im[i + 3];
    const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
    const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
    re[i] = t0r + t2r;
    im[i] = t0i + t2i;
    re[i + 2] = t0r - t2r;
    im[i + 2] = t0i - t2i;
    re[i + 1] = t1r + t3i;
    im[i + 1] = t1i - t3r;
    re[i + 3] = t1r - t3i;
    im[i + 3] = t1i + t3r;
  }
}

/**
 * One radix-4 DIT stage combining four length-m transforms into one of length 4m. With
 * bit-reversed input the quarter at offset m holds the x[4r+2] transform and the one at 2m the
 * x[4r+1] transform, hence w2 on the first and w1 on the second.
 */
function radix4Stage(
  re: Float64Array, im: Float64Array, m: number, tw: Float64Array, start: number, end: number,
): void {
  const span = 4 * m;
  for (let base = start; base < end; base += span) {
    for (let j = 0, t = 0; j < m; j++, t += 6) {
      const i0 = base + j, i1 = i0 + m, i2 = i1 + m, i3 = i2 + m;
      const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
      const ar = re[i0], ai = im[i0];
      let xr = re[i1], xi = im[i1];
      const cr = xr * w2r - xi * w2i, ci = xr * w2i + xi * w2r;
      xr = re[i2];
      xi = im[i2];
      const br = xr * w1r - xi * w1i, bi = xr * w1i + xi * w1r;
      xr = re[i3];
      xi = im[i3];
      const dr = xr * w3r - xi * w3i, di = xr * w3i + xi * w3r;
      const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
      const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
      re[i0] = t0r + t2r;
      im[i0] = t0i + t2i;
      re[i2] = t0r - t2r;
      im[i2] = t0i - t2i;
      re[i1] = t1r + t3i;
      im[i1] = t1i - t3r;
      re[i3] = t1r - t3i;
      im[i3] = t1i + t3r;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mixed radix 2/3/4/5 (KissFFT's recursive decimation in time)

class MixedKernel implements ComplexKernel {
  private readonly factors: number[] = [];
  private readonly twr: Float64Array;
  private readonly twi: Float64Array;
  private readonly scratchR: Float64Array;
  private readonly scratchI: Float64Array;

  constructor(readonly n: number) {
    let rest = n;
    for (const p of [4, 2, 3, 5]) {
      while (rest % p === 0) {
        this.factors.push(p);
        rest /= p;
      }
    }
    if (rest !== 1) throw new Error(`MixedKernel: ${n} is not 5-smooth`);
    this.twr = new Float64Array(n);
    this.twi = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const a = (-2 * Math.PI * k) / n;
      this.twr[k] = Math.cos(a);
      this.twi[k] = Math.sin(a);
    }
    this.scratchR = new Float64Array(n);
    this.scratchI = new Float64Array(n);
  }

  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    if (xr === yr) {
      this.scratchR.set(xr.subarray(0, this.n));
      this.scratchI.set(xi.subarray(0, this.n));
      xr = this.scratchR;
      xi = this.scratchI;
    }
    this.work(yr, yi, 0, xr, xi, 0, 1, 0);
  }

  private work(
    yr: Float64Array, yi: Float64Array, outOff: number,
    xr: Float64Array, xi: Float64Array, inOff: number, fstride: number, stage: number,
  ): void {
    const p = this.factors[stage];
    const m = this.n / (fstride * p);
    if (m === 1) {
      for (let q = 0; q < p; q++) {
        yr[outOff + q] = xr[inOff + q * fstride];
        yi[outOff + q] = xi[inOff + q * fstride];
      }
    } else {
      for (let q = 0; q < p; q++) {
        this.work(yr, yi, outOff + q * m, xr, xi, inOff + q * fstride, fstride * p, stage + 1);
      }
    }
    const twr = this.twr, twi = this.twi;
    switch (p) {
      case 2: butterfly2(yr, yi, outOff, fstride, m, twr, twi); break;
      case 3: butterfly3(yr, yi, outOff, fstride, m, twr, twi); break;
      case 4: butterfly4(yr, yi, outOff, fstride, m, twr, twi); break;
      default: butterfly5(yr, yi, outOff, fstride, m, twr, twi); break;
    }
  }
}

function butterfly2(
  re: Float64Array, im: Float64Array, off: number, fs: number, m: number, twr: Float64Array, twi: Float64Array,
): void {
  for (let k = 0; k < m; k++) {
    const a = off + k, b = a + m, t = k * fs;
    const tr = re[b] * twr[t] - im[b] * twi[t];
    const ti = re[b] * twi[t] + im[b] * twr[t];
    re[b] = re[a] - tr;
    im[b] = im[a] - ti;
    re[a] += tr;
    im[a] += ti;
  }
}

function butterfly4(
  re: Float64Array, im: Float64Array, off: number, fs: number, m: number, twr: Float64Array, twi: Float64Array,
): void {
  for (let k = 0; k < m; k++) {
    const i0 = off + k, i1 = i0 + m, i2 = i1 + m, i3 = i2 + m;
    const t1 = k * fs, t2 = 2 * t1, t3 = 3 * t1;
    const s0r = re[i1] * twr[t1] - im[i1] * twi[t1], s0i = re[i1] * twi[t1] + im[i1] * twr[t1];
    const s1r = re[i2] * twr[t2] - im[i2] * twi[t2], s1i = re[i2] * twi[t2] + im[i2] * twr[t2];
    const s2r = re[i3] * twr[t3] - im[i3] * twi[t3], s2i = re[i3] * twi[t3] + im[i3] * twr[t3];
    const ar = re[i0], ai = im[i0];
    const s5r = ar - s1r, s5i = ai - s1i;
    const er = ar + s1r, ei = ai + s1i;
    const s3r = s0r + s2r, s3i = s0i + s2i, s4r = s0r - s2r, s4i = s0i - s2i;
    re[i0] = er + s3r;
    im[i0] = ei + s3i;
    re[i2] = er - s3r;
    im[i2] = ei - s3i;
    re[i1] = s5r + s4i;
    im[i1] = s5i - s4r;
    re[i3] = s5r - s4i;
    im[i3] = s5i + s4r;
  }
}

const SIN60 = Math.sin(Math.PI / 3);

function butterfly3(
  re: Float64Array, im: Float64Array, off: number, fs: number, m: number, twr: Float64Array, twi: Float64Array,
): void {
  // Forward: exp(−2πi/3) = −1/2 − i·sin 60°.
  for (let k = 0; k < m; k++) {
    const i0 = off + k, i1 = i0 + m, i2 = i1 + m;
    const t1 = k * fs, t2 = 2 * t1;
    const s1r = re[i1] * twr[t1] - im[i1] * twi[t1], s1i = re[i1] * twi[t1] + im[i1] * twr[t1];
    const s2r = re[i2] * twr[t2] - im[i2] * twi[t2], s2i = re[i2] * twi[t2] + im[i2] * twr[t2];
    const s3r = s1r + s2r, s3i = s1i + s2i;
    const s0r = (s1r - s2r) * -SIN60, s0i = (s1i - s2i) * -SIN60;
    const mr = re[i0] - 0.5 * s3r, mi = im[i0] - 0.5 * s3i;
    re[i0] += s3r;
    im[i0] += s3i;
    re[i2] = mr + s0i;
    im[i2] = mi - s0r;
    re[i1] = mr - s0i;
    im[i1] = mi + s0r;
  }
}

const YAR = Math.cos((2 * Math.PI) / 5), YAI = -Math.sin((2 * Math.PI) / 5);
const YBR = Math.cos((4 * Math.PI) / 5), YBI = -Math.sin((4 * Math.PI) / 5);

function butterfly5(
  re: Float64Array, im: Float64Array, off: number, fs: number, m: number, twr: Float64Array, twi: Float64Array,
): void {
  for (let u = 0; u < m; u++) {
    const i0 = off + u, i1 = i0 + m, i2 = i1 + m, i3 = i2 + m, i4 = i3 + m;
    const t1 = u * fs, t2 = 2 * t1, t3 = 3 * t1, t4 = 4 * t1;
    const s0r = re[i0], s0i = im[i0];
    const s1r = re[i1] * twr[t1] - im[i1] * twi[t1], s1i = re[i1] * twi[t1] + im[i1] * twr[t1];
    const s2r = re[i2] * twr[t2] - im[i2] * twi[t2], s2i = re[i2] * twi[t2] + im[i2] * twr[t2];
    const s3r = re[i3] * twr[t3] - im[i3] * twi[t3], s3i = re[i3] * twi[t3] + im[i3] * twr[t3];
    const s4r = re[i4] * twr[t4] - im[i4] * twi[t4], s4i = re[i4] * twi[t4] + im[i4] * twr[t4];
    const s7r = s1r + s4r, s7i = s1i + s4i, s10r = s1r - s4r, s10i = s1i - s4i;
    const s8r = s2r + s3r, s8i = s2i + s3i, s9r = s2r - s3r, s9i = s2i - s3i;
    re[i0] = s0r + s7r + s8r;
    im[i0] = s0i + s7i + s8i;
    const s5r = s0r + s7r * YAR + s8r * YBR, s5i = s0i + s7i * YAR + s8i * YBR;
    const s6r = s10i * YAI + s9i * YBI, s6i = -s10r * YAI - s9r * YBI;
    re[i1] = s5r - s6r;
    im[i1] = s5i - s6i;
    re[i4] = s5r + s6r;
    im[i4] = s5i + s6i;
    const s11r = s0r + s7r * YBR + s8r * YAR, s11i = s0i + s7i * YBR + s8i * YAR;
    const s12r = -s10i * YBI + s9i * YAI, s12i = s10r * YBI - s9r * YAI;
    re[i2] = s11r + s12r;
    im[i2] = s11i + s12i;
    re[i3] = s11r - s12r;
    im[i3] = s11i - s12i;
  }
}

// ---------------------------------------------------------------------------------------------
// Bluestein (chirp z) for lengths with a prime factor above 5

class BluesteinKernel implements ComplexKernel {
  private readonly m: number;
  private readonly inner: Pow2Kernel;
  private readonly chirpR: Float64Array;
  private readonly chirpI: Float64Array;
  /** FFT_m of the filter b[j] = conj(chirp[|j|]), already divided by m for the inverse. */
  private readonly filterR: Float64Array;
  private readonly filterI: Float64Array;
  private readonly bufR: Float64Array;
  private readonly bufI: Float64Array;

  constructor(readonly n: number) {
    let m = 1;
    while (m < 2 * n - 1) m *= 2;
    this.m = m;
    this.inner = pow2Kernel(m);
    // chirp[k] = exp(−iπ k²/n); k² is reduced mod 2n first so the angle stays accurate.
    this.chirpR = new Float64Array(n);
    this.chirpI = new Float64Array(n);
    const twoN = 2 * n;
    for (let k = 0; k < n; k++) {
      const k2 = (k * k) % twoN; // exact below 2^53 for n < 2^26
      const a = (-Math.PI * k2) / n;
      this.chirpR[k] = Math.cos(a);
      this.chirpI[k] = Math.sin(a);
    }
    const br = new Float64Array(m), bi = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      br[k] = this.chirpR[k];
      bi[k] = -this.chirpI[k];
      if (k > 0) {
        br[m - k] = this.chirpR[k];
        bi[m - k] = -this.chirpI[k];
      }
    }
    this.filterR = new Float64Array(m);
    this.filterI = new Float64Array(m);
    this.inner.transform(br, bi, this.filterR, this.filterI);
    const scale = 1 / m;
    for (let k = 0; k < m; k++) {
      this.filterR[k] *= scale;
      this.filterI[k] *= scale;
    }
    this.bufR = new Float64Array(m);
    this.bufI = new Float64Array(m);
  }

  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const n = this.n, m = this.m;
    const cr = this.chirpR, ci = this.chirpI, fr = this.filterR, fi = this.filterI;
    const ar = this.bufR, ai = this.bufI;
    for (let k = 0; k < n; k++) {
      const r = xr[k], i = xi[k];
      ar[k] = r * cr[k] - i * ci[k];
      ai[k] = r * ci[k] + i * cr[k];
    }
    ar.fill(0, n);
    ai.fill(0, n);
    this.inner.transform(ar, ai, ar, ai);
    // Multiply by the filter spectrum and conjugate, so a second forward FFT acts as the inverse.
    for (let k = 0; k < m; k++) {
      const r = ar[k], i = ai[k];
      ar[k] = r * fr[k] - i * fi[k];
      ai[k] = -(r * fi[k] + i * fr[k]);
    }
    this.inner.transform(ar, ai, ar, ai);
    for (let k = 0; k < n; k++) {
      const r = ar[k], i = -ai[k];
      yr[k] = r * cr[k] - i * ci[k];
      yi[k] = r * ci[k] + i * cr[k];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Plans

// Plans and kernels are cached up to planLimits.bytes of tables each (plan-cache.ts).
const pow2Kernels = new PlanCache<Pow2Kernel>();

function pow2Kernel(n: number): Pow2Kernel {
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

/** True when n has no prime factor above 5 (the lengths the mixed-radix kernel handles). */
export function isFiveSmooth(n: number): boolean {
  if (n < 1) return false;
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/** The smallest 2^a·3^b·5^c ≥ n: a length our FFT handles without Bluestein. */
export function nextFastLength(n: number): number {
  if (n <= 1) return 1;
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * n; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * n; p35 *= 3) {
      let v = p35;
      while (v < n) v *= 2;
      if (v < best) best = v;
    }
  }
  return best;
}

/** The smallest power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

class ComplexPlan implements FftPlan {
  constructor(readonly n: number, private readonly kernel: ComplexKernel) {}

  forward(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (simdComplexTransform(this.n, reIn, imIn, reOut, imOut, false, false)) return;
    this.kernel.transform(reIn, imIn, reOut, imOut);
  }

  inverseUnscaled(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (simdComplexTransform(this.n, reIn, imIn, reOut, imOut, true, false)) return;
    // ifft(x) = swap(fft(swap(x))) where swap exchanges re and im (i.e. conj(fft(conj x))).
    this.kernel.transform(imIn, reIn, imOut, reOut);
  }

  inverse(reIn: Float64Array, imIn: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    checkBuffers(this.n, reIn, imIn, reOut, imOut);
    if (simdComplexTransform(this.n, reIn, imIn, reOut, imOut, true, true)) return;
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
    const kernel: ComplexKernel = isPowerOfTwo(n)
      ? pow2Kernel(n)
      : isFiveSmooth(n)
        ? new MixedKernel(n)
        : new BluesteinKernel(n);
    plan = new ComplexPlan(n, kernel);
    complexPlans.set(n, plan);
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Real input

/** A precomputed real-input transform of one length n (output: the n/2 + 1 bins 0..floor(n/2)). */
export interface RealFftPlan {
  readonly n: number;
  /** Number of output bins, floor(n/2) + 1. */
  readonly bins: number;
  /** X[k] for k = 0..floor(n/2), unscaled (numpy.fft.rfft). x needs ≥ n elements, outputs ≥ bins. */
  forward(x: Float64Array, reOut: Float64Array, imOut: Float64Array): void;
  /**
   * The real x whose rfft is (re, im), divided by n (numpy.fft.irfft with this n). The imaginary
   * parts of bin 0 (and of bin n/2 for even n) are ignored, as numpy does. Inputs are not modified.
   */
  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void;
  /** As inverse, without the 1/n factor. */
  inverseUnscaled(re: Float64Array, im: Float64Array, out: Float64Array): void;
}

/**
 * Even n: the half-length trick. z[j] = x[2j] + i·x[2j+1] is transformed with one complex FFT
 * of n/2 points, then X[k] = E[k] + W^k·O[k] with E = (Z[k] + conj Z[h−k])/2,
 * O = (Z[k] − conj Z[h−k])/(2i), W = exp(−2πi/n), h = n/2. The inverse runs the same steps
 * backwards. Odd n falls back to a complex transform of n points.
 */
class RealPlan implements RealFftPlan {
  readonly bins: number;
  private readonly half: number;
  private readonly complex: FftPlan;
  private readonly pow2: Pow2Kernel | undefined;
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly yr: Float64Array;
  private readonly yi: Float64Array;

  constructor(readonly n: number) {
    this.bins = (n >> 1) + 1;
    const even = n % 2 === 0 && n >= 2;
    this.half = even ? n / 2 : n;
    this.complex = planFft(this.half);
    // The packed gather reads x at random; past cache sizes a sequential split + tiled permute wins.
    this.pow2 = even && isPowerOfTwo(this.half) && this.half < 1 << TILED_MIN_LOG ? pow2Kernel(this.half) : undefined;
    const h = this.half;
    this.wr = new Float64Array(even ? h : 0);
    this.wi = new Float64Array(even ? h : 0);
    if (even) {
      for (let k = 0; k < h; k++) {
        const a = (-2 * Math.PI * k) / n;
        this.wr[k] = Math.cos(a);
        this.wi[k] = Math.sin(a);
      }
    }
    this.zr = new Float64Array(h);
    this.zi = new Float64Array(h);
    this.yr = new Float64Array(h);
    this.yi = new Float64Array(h);
  }

  forward(x: Float64Array, reOut: Float64Array, imOut: Float64Array): void {
    const n = this.n;
    if (x.length < n || reOut.length < this.bins || imOut.length < this.bins) {
      throw new RangeError(`rfft of length ${n}: input needs ${n} and outputs ${this.bins} elements`);
    }
    if (simdRealForward(n, x, reOut, imOut)) return;
    const zr = this.zr, zi = this.zi;
    if (this.half === n) {
      for (let k = 0; k < n; k++) zr[k] = x[k];
      zi.fill(0);
      this.complex.forward(zr, zi, zr, zi);
      for (let k = 0; k < this.bins; k++) {
        reOut[k] = zr[k];
        imOut[k] = zi[k];
      }
      return;
    }
    const h = this.half;
    if (this.pow2) {
      this.pow2.transformPacked(x, zr, zi);
    } else {
      for (let j = 0; j < h; j++) {
        zr[j] = x[2 * j];
        zi[j] = x[2 * j + 1];
      }
      this.complex.forward(zr, zi, zr, zi);
    }
    realForwardPost(zr, zi, this.wr, this.wi, reOut, imOut, h);
  }

  inverseUnscaled(re: Float64Array, im: Float64Array, out: Float64Array): void {
    const n = this.n;
    if (re.length < this.bins || im.length < this.bins || out.length < n) {
      throw new RangeError(`irfft of length ${n}: inputs need ${this.bins} and the output ${n} elements`);
    }
    if (simdRealInverse(n, re, im, out, false)) return;
    const zr = this.zr, zi = this.zi;
    if (this.half === n) {
      // Odd n: rebuild the Hermitian spectrum, inverse complex transform, keep the real part.
      zr[0] = re[0];
      zi[0] = 0;
      for (let k = 1; k < this.bins; k++) {
        zr[k] = re[k];
        zi[k] = im[k];
        zr[n - k] = re[k];
        zi[n - k] = -im[k];
      }
      this.complex.inverseUnscaled(zr, zi, zr, zi);
      for (let k = 0; k < n; k++) out[k] = zr[k];
      return;
    }
    const h = this.half;
    realInversePre(re, im, this.wr, this.wi, zr, zi, h);
    this.complex.inverseUnscaled(zr, zi, this.yr, this.yi);
    // The half-length inverse returns h·(even + i·odd); the full one would be n·x: scale by 2.
    const yr = this.yr, yi = this.yi;
    for (let j = 0; j < h; j++) {
      out[2 * j] = 2 * yr[j];
      out[2 * j + 1] = 2 * yi[j];
    }
  }

  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    if (re.length >= this.bins && im.length >= this.bins && out.length >= this.n && simdRealInverse(this.n, re, im, out, true)) return;
    this.inverseUnscaled(re, im, out);
    const n = this.n;
    const s = 1 / n;
    for (let k = 0; k < n; k++) out[k] *= s;
  }
}

function realForwardPost(
  zr: Float64Array, zi: Float64Array, wr: Float64Array, wi: Float64Array,
  reOut: Float64Array, imOut: Float64Array, h: number,
): void {
  reOut[0] = zr[0] + zi[0];
  imOut[0] = 0;
  reOut[h] = zr[0] - zi[0];
  imOut[h] = 0;
  for (let k = 1; k < h; k++) {
    const ar = zr[k], ai = zi[k], br = zr[h - k], bi = -zi[h - k];
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    // O = (Z[k] − conj Z[h−k]) / 2i = (di, −dr) with d = (Z[k] − conj Z[h−k]) / 2
    const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
    const or = di, oi = -dr;
    reOut[k] = er + or * wr[k] - oi * wi[k];
    imOut[k] = ei + or * wi[k] + oi * wr[k];
  }
}

function realInversePre(
  re: Float64Array, im: Float64Array, wr: Float64Array, wi: Float64Array,
  zr: Float64Array, zi: Float64Array, h: number,
): void {
  // E[k] = (X[k] + conj X[h−k]) / 2, O[k] = (X[k] − conj X[h−k]) · conj(W^k) / 2, Z = E + i·O.
  const x0 = re[0], xh = re[h];
  zr[0] = 0.5 * (x0 + xh);
  zi[0] = 0.5 * (x0 - xh);
  for (let k = 1; k < h; k++) {
    const ar = re[k], ai = im[k], br = re[h - k], bi = -im[h - k];
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
    const or = dr * wr[k] + di * wi[k], oi = di * wr[k] - dr * wi[k];
    zr[k] = er - oi;
    zi[k] = ei + or;
  }
}

const realPlans = new PlanCache<RealPlan>();

/** Bytes of tables the plain path's plan caches hold now (tests watch the bound). */
export function cachedPlanBytes(): number {
  return pow2Kernels.bytes + complexPlans.bytes + realPlans.bytes;
}

/** The cached real-input FFT plan for length n ≥ 1. */
export function planRealFft(n: number): RealFftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be an integer ≥ 1, got ${n}`);
  let plan = realPlans.get(n);
  if (!plan) {
    plan = new RealPlan(n);
    realPlans.set(n, plan);
  }
  return plan;
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

/** numpy.fft.ifft: inverse DFT, divided by n. New arrays; inputs untouched. */
export function ifft(re: Float64Array, im: Float64Array): ComplexArray {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`ifft: re has ${n} elements but im has ${im.length}`);
  const out = { re: new Float64Array(n), im: new Float64Array(n) };
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
