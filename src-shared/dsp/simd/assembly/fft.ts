/**
 * Power-of-two complex FFT kernels over split f64 arrays (re, im) in linear memory, with
 * WebAssembly SIMD (f64x2: two neighbouring butterflies per instruction). Pointers are byte
 * addresses; every array is 16-byte aligned. The stages are those of ../../fft.ts (radix 4, a
 * radix-8 stage for odd log2 n, contiguous per-stage twiddle tables, small spans block by block):
 *
 *   fftPow2   natural order in, natural order out: decimation-in-frequency passes in place
 *             (blocked for L1 and L2; from 2^18 up a pair of radix-8 passes replaces each three
 *             radix-4 passes that stream the whole array, see fftRadix8Passes), then the last
 *             stage fused with a tiled bit-reversal scatter into the output, which may be the
 *             input itself (then half the memory); up to 2^18 the pass before the last stage
 *             runs as the scatter copies runs into its tile (loadTile).
 *             (DIF measured ~20% faster than DIT in V8 here.) fftPow2Scaled: the same, times a
 *             factor applied as the scatter stores (the scaled inverse's 1/n).
 *   fftPow2Interleaved  fftPow2 of a complex signal given interleaved (re, im), the first
 *             stage deinterleaving as it goes (the real FFT's even/odd split).
 *   difPow2   the DIF stages alone: natural order in, bit-reversed order out, in place.
 *   ditPow2   decimation in time in place: bit-reversed order in, natural order out.
 *             Convolution runs difPow2, multiplies spectra in bit-reversed order and runs
 *             ditPow2 back, so it never permutes.
 *
 * Twiddle tables (built by the host, ../fft-simd.ts) hold one table per radix-4 stage
 * m = first, 4·first, …, n/4, each 6m values laid out per pair of j as
 * [w1r(j), w1r(j+1), w1i(j), w1i(j+1), w2r…, w2i…, w3r…, w3i…], w_k = exp(−2πi·k·j/(4m));
 * then one per radix-8 pass of the fftPow2 family, m = n/8, n/64, … (top pass first), each 6m
 * values laid out per pair of j as [w1r…, w1i…, w2r…, w2i…, w4r…, w4i…], w_r = exp(−2πi·r·j/(8m)).
 * Inverse transforms use the swap trick: ifft(x) = swap(fft(swap(x))), i.e. the caller passes
 * the im pointer as re and the re pointer as im.
 */

import { cmulIm, cmulRe } from './complex';

const SQRT1_2: f64 = 0.70710678118654757;

/** Points per L1 block: 1024 complex f64 = 16 KiB (re + im). */
const BLOCK1: i32 = 1024;
/** Points per L2 block: 32768 complex f64 = 512 KiB. */
const BLOCK2: i32 = 32768;
const TILE_BITS: i32 = 5;
const TILE: i32 = 1 << TILE_BITS;

/** Tile buffers for the cache-friendly permutation: TILE² points, re and im. */
const tileRe: usize = memory.data(TILE * TILE * 8, 16);
const tileIm: usize = memory.data(TILE * TILE * 8, 16);
/** The partner tile of an in-place scatter. */
const tile2Re: usize = memory.data(TILE * TILE * 8, 16);
const tile2Im: usize = memory.data(TILE * TILE * 8, 16);
/** revTile[i] = i with its TILE_BITS bits reversed (u32). */
const revTile: usize = memory.data(TILE * 4, 16);
for (let i = 0; i < TILE; i++) store<u32>(revTile + (<usize>i << 2), <u32>reverseBits(i, TILE_BITS));

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

/** log2 of the first stage's radix: 3 (radix 8) for odd log2 n ≥ 3, else 2 (radix 4). */
@inline function firstLog(log: i32): i32 {
  return (log & 1) == 1 ? 3 : 2;
}

// ---------------------------------------------------------------------------------------------
// First stage (bit-reversed input → natural order within each group), scalar

@inline function index(table: usize, k: i32): i32 {
  return load<i32>(table + (<usize>k << 2));
}

/**
 * The rest of a radix-8 DIT butterfly after its first radix-2 level: E = DFT4 of the even
 * samples, O of the odd ones, X[k] = E[k] + W8^k·O[k], X[k+4] = E[k] − W8^k·O[k].
 */
@inline function butterfly8Out(
  yr: usize, yi: usize, o: i32,
  a0r: f64, a0i: f64, a1r: f64, a1i: f64, b0r: f64, b0i: f64, b1r: f64, b1i: f64,
  c0r: f64, c0i: f64, c1r: f64, c1i: f64, d0r: f64, d0i: f64, d1r: f64, d1i: f64,
): void {
  const e0r = a0r + b0r, e0i = a0i + b0i, e2r = a0r - b0r, e2i = a0i - b0i;
  const e1r = a1r + b1i, e1i = a1i - b1r, e3r = a1r - b1i, e3i = a1i + b1r;
  const o0r = c0r + d0r, o0i = c0i + d0i, o2r = c0r - d0r, o2i = c0i - d0i;
  const o1r = c1r + d1i, o1i = c1i - d1r, o3r = c1r - d1i, o3i = c1i + d1r;
  const t1r = SQRT1_2 * (o1r + o1i), t1i = SQRT1_2 * (o1i - o1r);
  const t2r = o2i, t2i = -o2r;
  const t3r = SQRT1_2 * (o3i - o3r), t3i = -SQRT1_2 * (o3r + o3i);
  st(yr, o, e0r + o0r); st(yi, o, e0i + o0i);
  st(yr, o + 4, e0r - o0r); st(yi, o + 4, e0i - o0i);
  st(yr, o + 1, e1r + t1r); st(yi, o + 1, e1i + t1i);
  st(yr, o + 5, e1r - t1r); st(yi, o + 5, e1i - t1i);
  st(yr, o + 2, e2r + t2r); st(yi, o + 2, e2i + t2i);
  st(yr, o + 6, e2r - t2r); st(yi, o + 6, e2i - t2i);
  st(yr, o + 3, e3r + t3r); st(yi, o + 3, e3i + t3i);
  st(yr, o + 7, e3r - t3r); st(yi, o + 7, e3i - t3i);
}

/** First DIT stage in place on bit-reversed data, radix 4 (order x0 x2 x1 x3). */
function first4InPlace(re: usize, im: usize, start: i32, end: i32): void {
  for (let i = start; i < end; i += 4) {
    const ar = ld(re, i), ai = ld(im, i), cr = ld(re, i + 1), ci = ld(im, i + 1);
    const br = ld(re, i + 2), bi = ld(im, i + 2), dr = ld(re, i + 3), di = ld(im, i + 3);
    const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
    const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
    st(re, i, t0r + t2r); st(im, i, t0i + t2i);
    st(re, i + 2, t0r - t2r); st(im, i + 2, t0i - t2i);
    st(re, i + 1, t1r + t3i); st(im, i + 1, t1i - t3r);
    st(re, i + 3, t1r - t3i); st(im, i + 3, t1i + t3r);
  }
}

/**
 * first4InPlace on [start, end) (a multiple of 8 points) with f64x2: the lanes are two
 * neighbouring groups, (x[i], x[i + 4]), … , split and joined by shuffles.
 */
function first4InPlacePairs(re: usize, im: usize, start: i32, end: i32): void {
  let pr = re + (<usize>start << 3), pi = im + (<usize>start << 3);
  const stop = re + (<usize>end << 3);
  while (pr < stop) {
    let p = v128.load(pr), q = v128.load(pr, 32);
    const ar = f64x2.shuffle(p, q, 0, 2), cr = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(pr, 16); q = v128.load(pr, 48);
    const br = f64x2.shuffle(p, q, 0, 2), dr = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(pi); q = v128.load(pi, 32);
    const ai = f64x2.shuffle(p, q, 0, 2), ci = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(pi, 16); q = v128.load(pi, 48);
    const bi = f64x2.shuffle(p, q, 0, 2), di = f64x2.shuffle(p, q, 1, 3);
    const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
    const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
    // outputs at offsets 0 … 3 of each group: t0 + t2, t1 − i·t3, t0 − t2, t1 + i·t3
    const z0r = f64x2.add(t0r, t2r), z0i = f64x2.add(t0i, t2i), z1r = f64x2.add(t1r, t3i), z1i = f64x2.sub(t1i, t3r);
    const z2r = f64x2.sub(t0r, t2r), z2i = f64x2.sub(t0i, t2i), z3r = f64x2.sub(t1r, t3i), z3i = f64x2.add(t1i, t3r);
    v128.store(pr, f64x2.shuffle(z0r, z1r, 0, 2)); v128.store(pr, f64x2.shuffle(z2r, z3r, 0, 2), 16);
    v128.store(pr, f64x2.shuffle(z0r, z1r, 1, 3), 32); v128.store(pr, f64x2.shuffle(z2r, z3r, 1, 3), 48);
    v128.store(pi, f64x2.shuffle(z0i, z1i, 0, 2)); v128.store(pi, f64x2.shuffle(z2i, z3i, 0, 2), 16);
    v128.store(pi, f64x2.shuffle(z0i, z1i, 1, 3), 32); v128.store(pi, f64x2.shuffle(z2i, z3i, 1, 3), 48);
    pr += 64; pi += 64;
  }
}

/** First DIT stage in place on bit-reversed data, radix 8. */
function first8InPlace(re: usize, im: usize, start: i32, end: i32): void {
  for (let i = start; i < end; i += 8) {
    let pr = ld(re, i), pi = ld(im, i), qr = ld(re, i + 1), qi = ld(im, i + 1);
    const a0r = pr + qr, a0i = pi + qi, a1r = pr - qr, a1i = pi - qi;
    pr = ld(re, i + 2); pi = ld(im, i + 2); qr = ld(re, i + 3); qi = ld(im, i + 3);
    const b0r = pr + qr, b0i = pi + qi, b1r = pr - qr, b1i = pi - qi;
    pr = ld(re, i + 4); pi = ld(im, i + 4); qr = ld(re, i + 5); qi = ld(im, i + 5);
    const c0r = pr + qr, c0i = pi + qi, c1r = pr - qr, c1i = pi - qi;
    pr = ld(re, i + 6); pi = ld(im, i + 6); qr = ld(re, i + 7); qi = ld(im, i + 7);
    const d0r = pr + qr, d0i = pi + qi, d1r = pr - qr, d1i = pi - qi;
    butterfly8Out(re, im, i, a0r, a0i, a1r, a1i, b0r, b0i, b1r, b1i, c0r, c0i, c1r, c1i, d0r, d0i, d1r, d1i);
  }
}

// ---------------------------------------------------------------------------------------------
// Radix-4 stages, f64x2 over pairs of j

/**
 * One radix-4 DIT stage over [start, end): combines four length-m transforms into one of
 * length 4m. The quarter at offset m holds the x[4r+2] transform and the one at 2m the x[4r+1]
 * transform (bit-reversed order), hence w2 on the first and w1 on the second.
 */
function dit4(re: usize, im: usize, m: i32, tw: usize, start: i32, end: i32): void {
  const mb = <usize>m << 3;
  const span = m << 2;
  for (let base = start; base < end; base += span) {
    let pr = re + (<usize>base << 3), pi = im + (<usize>base << 3);
    const stop = pr + mb;
    let t = tw;
    // two pairs of j per iteration, as dif4
    while (pr < stop) {
      {
        const ar = v128.load(pr), ai = v128.load(pi);
        let xr = v128.load(pr + mb), xi = v128.load(pi + mb);
        let wr = v128.load(t, 32), wi = v128.load(t, 48);
        const cr = cmulRe(xr, xi, wr, wi);
        const ci = cmulIm(xr, xi, wr, wi);
        xr = v128.load(pr + mb * 2); xi = v128.load(pi + mb * 2);
        wr = v128.load(t); wi = v128.load(t, 16);
        const br = cmulRe(xr, xi, wr, wi);
        const bi = cmulIm(xr, xi, wr, wi);
        xr = v128.load(pr + mb * 3); xi = v128.load(pi + mb * 3);
        wr = v128.load(t, 64); wi = v128.load(t, 80);
        const dr = cmulRe(xr, xi, wr, wi);
        const di = cmulIm(xr, xi, wr, wi);
        const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
        const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
        v128.store(pr, f64x2.add(t0r, t2r)); v128.store(pi, f64x2.add(t0i, t2i));
        v128.store(pr + mb, f64x2.add(t1r, t3i)); v128.store(pi + mb, f64x2.sub(t1i, t3r));
        v128.store(pr + mb * 2, f64x2.sub(t0r, t2r)); v128.store(pi + mb * 2, f64x2.sub(t0i, t2i));
        v128.store(pr + mb * 3, f64x2.sub(t1r, t3i)); v128.store(pi + mb * 3, f64x2.add(t1i, t3r));
      }
      {
        const ar = v128.load(pr, 16), ai = v128.load(pi, 16);
        let xr = v128.load(pr + mb, 16), xi = v128.load(pi + mb, 16);
        let wr = v128.load(t, 128), wi = v128.load(t, 144);
        const cr = cmulRe(xr, xi, wr, wi);
        const ci = cmulIm(xr, xi, wr, wi);
        xr = v128.load(pr + mb * 2, 16); xi = v128.load(pi + mb * 2, 16);
        wr = v128.load(t, 96); wi = v128.load(t, 112);
        const br = cmulRe(xr, xi, wr, wi);
        const bi = cmulIm(xr, xi, wr, wi);
        xr = v128.load(pr + mb * 3, 16); xi = v128.load(pi + mb * 3, 16);
        wr = v128.load(t, 160); wi = v128.load(t, 176);
        const dr = cmulRe(xr, xi, wr, wi);
        const di = cmulIm(xr, xi, wr, wi);
        const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
        const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
        v128.store(pr, f64x2.add(t0r, t2r), 16); v128.store(pi, f64x2.add(t0i, t2i), 16);
        v128.store(pr + mb, f64x2.add(t1r, t3i), 16); v128.store(pi + mb, f64x2.sub(t1i, t3r), 16);
        v128.store(pr + mb * 2, f64x2.sub(t0r, t2r), 16); v128.store(pi + mb * 2, f64x2.sub(t0i, t2i), 16);
        v128.store(pr + mb * 3, f64x2.sub(t1r, t3i), 16); v128.store(pi + mb * 3, f64x2.add(t1i, t3r), 16);
      }
      pr += 32; pi += 32; t += 192;
    }
  }
}

/**
 * One radix-4 DIF butterfly on two lanes: inputs a, b, c, d (quarters 0 … 3), outputs stored at
 * pr/pi + r·mb in bit-reversed quarter order (r = 0, 2, 1, 3 go to offsets 0, 1, 2, 3), each
 * multiplied by its twiddle from t (w1 at 0/16, w2 at 32/48, w3 at 64/80).
 */
@inline function dif4Butterfly(
  ar: v128, ai: v128, br: v128, bi: v128, cr: v128, ci: v128, dr: v128, di: v128, pr: usize, pi: usize, mb: usize, t: usize,
): void {
  const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
  const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
  v128.store(pr, f64x2.add(t0r, t2r)); v128.store(pi, f64x2.add(t0i, t2i));
  // r = 2: (t0 − t2)·w2
  let xr = f64x2.sub(t0r, t2r), xi = f64x2.sub(t0i, t2i);
  let wr = v128.load(t, 32), wi = v128.load(t, 48);
  v128.store(pr + mb, cmulRe(xr, xi, wr, wi));
  v128.store(pi + mb, cmulIm(xr, xi, wr, wi));
  // r = 1: (t1 − i·t3)·w1
  xr = f64x2.add(t1r, t3i); xi = f64x2.sub(t1i, t3r);
  wr = v128.load(t); wi = v128.load(t, 16);
  v128.store(pr + mb * 2, cmulRe(xr, xi, wr, wi));
  v128.store(pi + mb * 2, cmulIm(xr, xi, wr, wi));
  // r = 3: (t1 + i·t3)·w3
  xr = f64x2.sub(t1r, t3i); xi = f64x2.add(t1i, t3r);
  wr = v128.load(t, 64); wi = v128.load(t, 80);
  v128.store(pr + mb * 3, cmulRe(xr, xi, wr, wi));
  v128.store(pi + mb * 3, cmulIm(xr, xi, wr, wi));
}

/** dif4Butterfly for the next pair of j: outputs 16 bytes on, its twiddles 96 bytes on (offsets in the instructions). */
@inline function dif4ButterflyNext(
  ar: v128, ai: v128, br: v128, bi: v128, cr: v128, ci: v128, dr: v128, di: v128, pr: usize, pi: usize, mb: usize, t: usize,
): void {
  const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
  const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
  v128.store(pr, f64x2.add(t0r, t2r), 16); v128.store(pi, f64x2.add(t0i, t2i), 16);
  // r = 2: (t0 − t2)·w2
  let xr = f64x2.sub(t0r, t2r), xi = f64x2.sub(t0i, t2i);
  let wr = v128.load(t, 128), wi = v128.load(t, 144);
  v128.store(pr + mb, cmulRe(xr, xi, wr, wi), 16);
  v128.store(pi + mb, cmulIm(xr, xi, wr, wi), 16);
  // r = 1: (t1 − i·t3)·w1
  xr = f64x2.add(t1r, t3i); xi = f64x2.sub(t1i, t3r);
  wr = v128.load(t, 96); wi = v128.load(t, 112);
  v128.store(pr + mb * 2, cmulRe(xr, xi, wr, wi), 16);
  v128.store(pi + mb * 2, cmulIm(xr, xi, wr, wi), 16);
  // r = 3: (t1 + i·t3)·w3
  xr = f64x2.sub(t1r, t3i); xi = f64x2.add(t1i, t3r);
  wr = v128.load(t, 160); wi = v128.load(t, 176);
  v128.store(pr + mb * 3, cmulRe(xr, xi, wr, wi), 16);
  v128.store(pi + mb * 3, cmulIm(xr, xi, wr, wi), 16);
}

/**
 * One radix-4 DIF stage over [start, end), the transpose of dit4: residues r = 0, 2, 1, 3 of the
 * output frequency (mod 4) go to the quarters at offsets 0, m, 2m, 3m, each multiplied by W^{r·j}.
 */
function dif4(re: usize, im: usize, m: i32, tw: usize, start: i32, end: i32): void {
  const mb = <usize>m << 3;
  const span = m << 2;
  for (let base = start; base < end; base += span) {
    let pr = re + (<usize>base << 3), pi = im + (<usize>base << 3);
    const stop = pr + mb;
    let t = tw;
    // two pairs of j per iteration (m/2 is even): the second's addresses are the first's plus
    // offsets in the instructions, so the loop's address arithmetic and its stack check are
    // paid once per two butterflies; its loads follow the first's stores, so V8 cannot hoist
    // them into registers the first still holds
    while (pr < stop) {
      let ar = v128.load(pr), ai = v128.load(pi);
      let br = v128.load(pr + mb), bi = v128.load(pi + mb);
      let cr = v128.load(pr + mb * 2), ci = v128.load(pi + mb * 2);
      let dr = v128.load(pr + mb * 3), di = v128.load(pi + mb * 3);
      dif4Butterfly(ar, ai, br, bi, cr, ci, dr, di, pr, pi, mb, t);
      ar = v128.load(pr, 16); ai = v128.load(pi, 16);
      br = v128.load(pr + mb, 16); bi = v128.load(pi + mb, 16);
      cr = v128.load(pr + mb * 2, 16); ci = v128.load(pi + mb * 2, 16);
      dr = v128.load(pr + mb * 3, 16); di = v128.load(pi + mb * 3, 16);
      dif4ButterflyNext(ar, ai, br, bi, cr, ci, dr, di, pr, pi, mb, t);
      pr += 32; pi += 32; t += 192;
    }
  }
}

/**
 * The top DIF stage (span 4m = n, one block) reading x interleaved (x[2j] = re, x[2j + 1] = im)
 * and writing split (re, im): the deinterleaving copy of the real FFT folded into the first
 * pass over the data, as dif4 otherwise.
 */
function dif4Interleaved(x: usize, re: usize, im: usize, m: i32, tw: usize): void {
  const mb = <usize>m << 3, xb = <usize>m << 4;
  let pr = re, pi = im, px = x, t = tw;
  const stop = re + mb;
  // two pairs of j per iteration (m/2 is even), as dif4
  while (pr < stop) {
    let p = v128.load(px), q = v128.load(px, 16);
    let ar = f64x2.shuffle(p, q, 0, 2), ai = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(px + xb); q = v128.load(px + xb, 16);
    let br = f64x2.shuffle(p, q, 0, 2), bi = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(px + xb * 2); q = v128.load(px + xb * 2, 16);
    let cr = f64x2.shuffle(p, q, 0, 2), ci = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(px + xb * 3); q = v128.load(px + xb * 3, 16);
    let dr = f64x2.shuffle(p, q, 0, 2), di = f64x2.shuffle(p, q, 1, 3);
    dif4Butterfly(ar, ai, br, bi, cr, ci, dr, di, pr, pi, mb, t);
    p = v128.load(px, 32); q = v128.load(px, 48);
    ar = f64x2.shuffle(p, q, 0, 2); ai = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(px + xb, 32); q = v128.load(px + xb, 48);
    br = f64x2.shuffle(p, q, 0, 2); bi = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(px + xb * 2, 32); q = v128.load(px + xb * 2, 48);
    cr = f64x2.shuffle(p, q, 0, 2); ci = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(px + xb * 3, 32); q = v128.load(px + xb * 3, 48);
    dr = f64x2.shuffle(p, q, 0, 2); di = f64x2.shuffle(p, q, 1, 3);
    dif4ButterflyNext(ar, ai, br, bi, cr, ci, dr, di, pr, pi, mb, t);
    pr += 32; pi += 32; px += 64; t += 192;
  }
}

// ---------------------------------------------------------------------------------------------
// Radix-8 DIF passes, f64x2 over pairs of j (the fftPow2 family's stages; see difPasses)

/** (vr + i·vi)·(wr + i·wi) stored at (pr, pi) (fused in the relaxed build, ./complex.ts). */
@inline function twiddleStore(vr: v128, vi: v128, wr: v128, wi: v128, pr: usize, pi: usize): void {
  v128.store(pr, cmulRe(vr, vi, wr, wi));
  v128.store(pi, cmulIm(vr, vi, wr, wi));
}

/**
 * The rest of a radix-8 DIF butterfly after its first radix-2 level: a_k = x_k + x_{k+4} and
 * b_k = (x_k − x_{k+4})·W8^k (k < 4) give X_{2p} = DFT4(a)_p and X_{2p+1} = DFT4(b)_p; output r,
 * times w_r = W^{r·j}, goes to the octant rev3(r) (q·mb bytes from pr/pi; octants 0 … 7 hold
 * X0 X4 X2 X6 X1 X5 X3 X7). The table holds w1, w2, w4 (re lanes, im lanes: t + 0 … 95); the
 * other four are their products, which cuts the table a pass streams from 14 values per j to 6.
 */
@inline function dif8Rest(
  a0r: v128, a0i: v128, a1r: v128, a1i: v128, a2r: v128, a2i: v128, a3r: v128, a3i: v128,
  b0r: v128, b0i: v128, b1r: v128, b1i: v128, b2r: v128, b2i: v128, b3r: v128, b3i: v128,
  pr: usize, pi: usize, mb: usize, t: usize,
): void {
  // even outputs: DFT4 of a
  let t0r = f64x2.add(a0r, a2r), t0i = f64x2.add(a0i, a2i), t1r = f64x2.sub(a0r, a2r), t1i = f64x2.sub(a0i, a2i);
  let t2r = f64x2.add(a1r, a3r), t2i = f64x2.add(a1i, a3i), t3r = f64x2.sub(a1r, a3r), t3i = f64x2.sub(a1i, a3i);
  v128.store(pr, f64x2.add(t0r, t2r)); v128.store(pi, f64x2.add(t0i, t2i));
  const w4r = v128.load(t, 64), w4i = v128.load(t, 80);
  twiddleStore(f64x2.sub(t0r, t2r), f64x2.sub(t0i, t2i), w4r, w4i, pr + mb, pi + mb); // X4
  const w2r = v128.load(t, 32), w2i = v128.load(t, 48);
  twiddleStore(f64x2.add(t1r, t3i), f64x2.sub(t1i, t3r), w2r, w2i, pr + mb * 2, pi + mb * 2); // X2 = t1 − i·t3
  twiddleStore(f64x2.sub(t1r, t3i), f64x2.add(t1i, t3r), cmulRe(w2r, w2i, w4r, w4i), cmulIm(w2r, w2i, w4r, w4i), pr + mb * 3, pi + mb * 3); // X6
  // odd outputs: DFT4 of b
  t0r = f64x2.add(b0r, b2r); t0i = f64x2.add(b0i, b2i); t1r = f64x2.sub(b0r, b2r); t1i = f64x2.sub(b0i, b2i);
  t2r = f64x2.add(b1r, b3r); t2i = f64x2.add(b1i, b3i); t3r = f64x2.sub(b1r, b3r); t3i = f64x2.sub(b1i, b3i);
  const w1r = v128.load(t), w1i = v128.load(t, 16);
  twiddleStore(f64x2.add(t0r, t2r), f64x2.add(t0i, t2i), w1r, w1i, pr + mb * 4, pi + mb * 4); // X1
  twiddleStore(f64x2.sub(t0r, t2r), f64x2.sub(t0i, t2i), cmulRe(w1r, w1i, w4r, w4i), cmulIm(w1r, w1i, w4r, w4i), pr + mb * 5, pi + mb * 5); // X5
  const w3r = cmulRe(w1r, w1i, w2r, w2i), w3i = cmulIm(w1r, w1i, w2r, w2i);
  twiddleStore(f64x2.add(t1r, t3i), f64x2.sub(t1i, t3r), w3r, w3i, pr + mb * 6, pi + mb * 6); // X3
  twiddleStore(f64x2.sub(t1r, t3i), f64x2.add(t1i, t3r), cmulRe(w3r, w3i, w4r, w4i), cmulIm(w3r, w3i, w4r, w4i), pr + mb * 7, pi + mb * 7); // X7
}

/**
 * One radix-8 DIF pass over [start, end): for each block of span 8m and each j < m, the eight
 * points x[j + k·m] (k < 8) → their DFT8, output r multiplied by W^{r·j} (W = exp(−2πi/(8m))) and
 * stored in the octant rev3(r): three radix-2 levels per load and store of the data, where two
 * radix-4 passes do two levels each. Table per pair of j: w1, w2, w4, each (re lanes, im lanes),
 * 96 bytes.
 */
function dif8(re: usize, im: usize, m: i32, tw: usize, start: i32, end: i32): void {
  const mb = <usize>m << 3;
  const span = m << 3;
  const sqrt = f64x2.splat(SQRT1_2);
  for (let base = start; base < end; base += span) {
    let pr = re + (<usize>base << 3), pi = im + (<usize>base << 3);
    const stop = pr + mb;
    let t = tw;
    while (pr < stop) {
      let xr = v128.load(pr), xi = v128.load(pi), yr = v128.load(pr + mb * 4), yi = v128.load(pi + mb * 4);
      const a0r = f64x2.add(xr, yr), a0i = f64x2.add(xi, yi), b0r = f64x2.sub(xr, yr), b0i = f64x2.sub(xi, yi);
      xr = v128.load(pr + mb); xi = v128.load(pi + mb); yr = v128.load(pr + mb * 5); yi = v128.load(pi + mb * 5);
      const a1r = f64x2.add(xr, yr), a1i = f64x2.add(xi, yi);
      let dr = f64x2.sub(xr, yr), di = f64x2.sub(xi, yi);
      // ·W8 = (1 − i)/√2
      const b1r = f64x2.mul(sqrt, f64x2.add(dr, di)), b1i = f64x2.mul(sqrt, f64x2.sub(di, dr));
      xr = v128.load(pr + mb * 2); xi = v128.load(pi + mb * 2); yr = v128.load(pr + mb * 6); yi = v128.load(pi + mb * 6);
      const a2r = f64x2.add(xr, yr), a2i = f64x2.add(xi, yi);
      // ·W8² = −i
      const b2r = f64x2.sub(xi, yi), b2i = f64x2.sub(yr, xr);
      xr = v128.load(pr + mb * 3); xi = v128.load(pi + mb * 3); yr = v128.load(pr + mb * 7); yi = v128.load(pi + mb * 7);
      const a3r = f64x2.add(xr, yr), a3i = f64x2.add(xi, yi);
      dr = f64x2.sub(xr, yr); di = f64x2.sub(xi, yi);
      // ·W8³ = −(1 + i)/√2
      const b3r = f64x2.mul(sqrt, f64x2.sub(di, dr)), b3i = f64x2.neg(f64x2.mul(sqrt, f64x2.add(dr, di)));
      dif8Rest(a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i, b0r, b0i, b1r, b1i, b2r, b2i, b3r, b3i, pr, pi, mb, t);
      pr += 16; pi += 16; t += 96;
    }
  }
}

/** Last DIF stage, radix 4: natural x0..x3 → X0 X2 X1 X3, from x[start … end) to y[out …). */
function last4(re: usize, im: usize, start: i32, end: i32, yr: usize, yi: usize, out: i32): void {
  for (let i = start; i < end; i += 4) {
    const o = out + i - start;
    const ar = ld(re, i), ai = ld(im, i), br = ld(re, i + 1), bi = ld(im, i + 1);
    const cr = ld(re, i + 2), ci = ld(im, i + 2), dr = ld(re, i + 3), di = ld(im, i + 3);
    const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
    const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
    st(yr, o, t0r + t2r); st(yi, o, t0i + t2i);
    st(yr, o + 1, t0r - t2r); st(yi, o + 1, t0i - t2i);
    st(yr, o + 2, t1r + t3i); st(yi, o + 2, t1i - t3r);
    st(yr, o + 3, t1r - t3i); st(yi, o + 3, t1i + t3r);
  }
}

/** last4 in place on [start, end) (a multiple of 8 points) with f64x2, lanes as first4InPlacePairs. */
function last4InPlacePairs(re: usize, im: usize, start: i32, end: i32): void {
  let pr = re + (<usize>start << 3), pi = im + (<usize>start << 3);
  const stop = re + (<usize>end << 3);
  while (pr < stop) {
    let p = v128.load(pr), q = v128.load(pr, 32);
    const ar = f64x2.shuffle(p, q, 0, 2), br = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(pr, 16); q = v128.load(pr, 48);
    const cr = f64x2.shuffle(p, q, 0, 2), dr = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(pi); q = v128.load(pi, 32);
    const ai = f64x2.shuffle(p, q, 0, 2), bi = f64x2.shuffle(p, q, 1, 3);
    p = v128.load(pi, 16); q = v128.load(pi, 48);
    const ci = f64x2.shuffle(p, q, 0, 2), di = f64x2.shuffle(p, q, 1, 3);
    const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
    const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
    // X0 X2 X1 X3 at offsets 0 … 3 of each group
    const y0r = f64x2.add(t0r, t2r), y0i = f64x2.add(t0i, t2i), y1r = f64x2.sub(t0r, t2r), y1i = f64x2.sub(t0i, t2i);
    const y2r = f64x2.add(t1r, t3i), y2i = f64x2.sub(t1i, t3r), y3r = f64x2.sub(t1r, t3i), y3i = f64x2.add(t1i, t3r);
    v128.store(pr, f64x2.shuffle(y0r, y1r, 0, 2)); v128.store(pr, f64x2.shuffle(y2r, y3r, 0, 2), 16);
    v128.store(pr, f64x2.shuffle(y0r, y1r, 1, 3), 32); v128.store(pr, f64x2.shuffle(y2r, y3r, 1, 3), 48);
    v128.store(pi, f64x2.shuffle(y0i, y1i, 0, 2)); v128.store(pi, f64x2.shuffle(y2i, y3i, 0, 2), 16);
    v128.store(pi, f64x2.shuffle(y0i, y1i, 1, 3), 32); v128.store(pi, f64x2.shuffle(y2i, y3i, 1, 3), 48);
    pr += 64; pi += 64;
  }
}

/** Last DIF stage, radix 8: natural x0..x7 → X0 X4 X2 X6 X1 X5 X3 X7, as last4. */
function last8(re: usize, im: usize, start: i32, end: i32, yr: usize, yi: usize, out: i32): void {
  for (let i = start; i < end; i += 8) {
    const o = out + i - start;
    const x0r = ld(re, i), x0i = ld(im, i), x1r = ld(re, i + 1), x1i = ld(im, i + 1);
    const x2r = ld(re, i + 2), x2i = ld(im, i + 2), x3r = ld(re, i + 3), x3i = ld(im, i + 3);
    const x4r = ld(re, i + 4), x4i = ld(im, i + 4), x5r = ld(re, i + 5), x5i = ld(im, i + 5);
    const x6r = ld(re, i + 6), x6i = ld(im, i + 6), x7r = ld(re, i + 7), x7i = ld(im, i + 7);
    // E = DFT4(x0, x2, x4, x6), O = DFT4(x1, x3, x5, x7); −i·(r + i·s) = s − i·r
    const a0r = x0r + x4r, a0i = x0i + x4i, a1r = x0r - x4r, a1i = x0i - x4i;
    const b0r = x2r + x6r, b0i = x2i + x6i, b1r = x2r - x6r, b1i = x2i - x6i;
    const c0r = x1r + x5r, c0i = x1i + x5i, c1r = x1r - x5r, c1i = x1i - x5i;
    const d0r = x3r + x7r, d0i = x3i + x7i, d1r = x3r - x7r, d1i = x3i - x7i;
    const e0r = a0r + b0r, e0i = a0i + b0i, e2r = a0r - b0r, e2i = a0i - b0i;
    const e1r = a1r + b1i, e1i = a1i - b1r, e3r = a1r - b1i, e3i = a1i + b1r;
    const o0r = c0r + d0r, o0i = c0i + d0i, o2r = c0r - d0r, o2i = c0i - d0i;
    const o1r = c1r + d1i, o1i = c1i - d1r, o3r = c1r - d1i, o3i = c1i + d1r;
    const t1r = SQRT1_2 * (o1r + o1i), t1i = SQRT1_2 * (o1i - o1r);
    const t2r = o2i, t2i = -o2r;
    const t3r = SQRT1_2 * (o3i - o3r), t3i = -SQRT1_2 * (o3r + o3i);
    st(yr, o, e0r + o0r); st(yi, o, e0i + o0i);
    st(yr, o + 1, e0r - o0r); st(yi, o + 1, e0i - o0i);
    st(yr, o + 4, e1r + t1r); st(yi, o + 4, e1i + t1i);
    st(yr, o + 5, e1r - t1r); st(yi, o + 5, e1i - t1i);
    st(yr, o + 2, e2r + t2r); st(yi, o + 2, e2i + t2i);
    st(yr, o + 3, e2r - t2r); st(yi, o + 3, e2i - t2i);
    st(yr, o + 6, e3r + t3r); st(yi, o + 6, e3i + t3i);
    st(yr, o + 7, e3r - t3r); st(yi, o + 7, e3i - t3i);
  }
}

// ---------------------------------------------------------------------------------------------
// Drivers

/**
 * Byte size of the radix-4 stage tables (m = first, 4·first, …, n/4), the first part of a plan's
 * tables: what difPow2, ditPow2 and the column kernels read.
 */
function radix4TableBytes(log: i32): i32 {
  let bytes = 0;
  for (let m = 1 << firstLog(log); 4 * m <= 1 << log; m <<= 2) bytes += 48 * m;
  return bytes;
}

/**
 * How many radix-8 passes the fftPow2 family runs on top at log2 n (difPasses; then radix-4
 * passes down to the last stage): pairs of them (six bits, so the radix-4 passes below keep the
 * radix-4 tables' m), one pair for every three radix-4 passes whose span exceeds the L2 block —
 * the passes that stream the whole array from L3 or memory — and none where there are fewer
 * than two. The host builds their tables after the radix-4 tables, top pass first (m = n/8,
 * n/64, …), each laid out as dif8 reads it: 48m bytes.
 */
export function fftRadix8Passes(log: i32): i32 {
  if (log < 2) return 0;
  let above = 0; // radix-4 passes with span > BLOCK2 in the all-radix-4 plan
  for (let m = 1 << firstLog(log); 4 * m <= 1 << log; m <<= 2) if (4 * m > BLOCK2) above++;
  const pairs = above < 2 ? 0 : (above + 2) / 3;
  // never more bits than there are ahead of the last stage
  const room = (log - firstLog(log)) / 6;
  return 2 * (pairs < room ? pairs : room);
}

/** Byte size of the twiddle tables for log2 n (what the host allocates): radix-4, then radix-8. */
export function fftTableBytes(log: i32): i32 {
  if (log < 2) return 0;
  let bytes = radix4TableBytes(log);
  let m = 1 << (log - 3);
  for (let i = 0; i < fftRadix8Passes(log); i++) {
    bytes += 48 * m;
    m >>= 3;
  }
  return bytes;
}

/**
 * The DIT stages in place over [0, n) on bit-reversed data: the first (radix 4 or 8) stage and
 * spans up to BLOCK1 block by block, then up to BLOCK2 block by block, then the rest over the
 * whole array.
 */
function ditStages(re: usize, im: usize, n: i32, log: i32, tables: usize): void {
  const first = 1 << firstLog(log);
  const b1 = n < BLOCK1 ? n : BLOCK1;
  const b2 = n < BLOCK2 ? n : BLOCK2;
  for (let s2 = 0; s2 < n; s2 += b2) {
    for (let s1 = s2; s1 < s2 + b2; s1 += b1) {
      if (first == 8) first8InPlace(re, im, s1, s1 + b1);
      else if (b1 >= 8) first4InPlacePairs(re, im, s1, s1 + b1);
      else first4InPlace(re, im, s1, s1 + b1);
      let t = tables;
      for (let m = first; 4 * m <= b1; m <<= 2) {
        dit4(re, im, m, t, s1, s1 + b1);
        t += <usize>(48 * m);
      }
    }
    let t = tables;
    let m = first;
    for (; 4 * m <= b1; m <<= 2) t += <usize>(48 * m);
    for (; 4 * m <= b2; m <<= 2) {
      dit4(re, im, m, t, s2, s2 + b2);
      t += <usize>(48 * m);
    }
  }
  let t = tables;
  let m = first;
  for (; 4 * m <= b2; m <<= 2) t += <usize>(48 * m);
  for (; 4 * m <= n; m <<= 2) {
    dit4(re, im, m, t, 0, n);
    t += <usize>(48 * m);
  }
}

/** The pass plan of one call of difPasses: radix (4 or 8), m and table address of each pass, top down. */
const MAX_PASSES = 16;
const passRadix: usize = memory.data(MAX_PASSES * 4, 16);
const passM: usize = memory.data(MAX_PASSES * 4, 16);
const passTable: usize = memory.data(MAX_PASSES * 4, 16);

/**
 * Fills the pass plan for log2 n (fftRadix8Passes radix-8 passes from span n down when radix8,
 * then radix 4); their count.
 */
function planPasses(log: i32, tables: usize, radix8: bool): i32 {
  const n = 1 << log;
  let count = 0;
  let t = tables + <usize>radix4TableBytes(log);
  let span = n;
  const eights = radix8 ? fftRadix8Passes(log) : 0;
  for (let i = 0; i < eights; i++) {
    const m = span >> 3;
    store<i32>(passRadix + (<usize>count << 2), 8);
    store<i32>(passM + (<usize>count << 2), m);
    store<u32>(passTable + (<usize>count << 2), <u32>t);
    t += <usize>(48 * m);
    count++;
    span = m;
  }
  // the radix-4 tables run from m = first up, 48m bytes each: skip those of the spans above
  const first = 1 << firstLog(log);
  t = tables + <usize>radix4TableBytes(log);
  for (let m = n >> 2; m > span >> 2; m >>= 2) t -= <usize>(48 * m);
  while (span > first) {
    const m = span >> 2;
    t -= <usize>(48 * m);
    store<i32>(passRadix + (<usize>count << 2), 4);
    store<i32>(passM + (<usize>count << 2), m);
    store<u32>(passTable + (<usize>count << 2), <u32>t);
    count++;
    span = m;
  }
  return count;
}

@inline function runPass(p: i32, re: usize, im: usize, start: i32, end: i32): void {
  const m = load<i32>(passM + (<usize>p << 2));
  const t = <usize>load<u32>(passTable + (<usize>p << 2));
  if (load<i32>(passRadix + (<usize>p << 2)) == 8) dif8(re, im, m, t, start, end);
  else dif4(re, im, m, t, start, end);
}

/** The span (8m or 4m) of pass p. */
@inline function passSpan(p: i32): i32 {
  return load<i32>(passM + (<usize>p << 2)) * load<i32>(passRadix + (<usize>p << 2));
}

/** Largest log2 n whose last DIF pass runs inside the scatter's loadTile (difPasses). */
const FUSE_MAX_LOG: i32 = 18;
/** The pass difPasses left to the scatter's loadTile (m; 0 for none) and its table. */
let fusedM: i32 = 0;
let fusedT: usize = 0;
/** Scatters that ran a DIF pass in loadTile, since the module was made. */
let fusedScatters: i32 = 0;

/** Count of fftPow2-family calls whose scatter ran the pass before the last stage (the tests' proof). */
export function fftFusedScatters(): i32 {
  return fusedScatters;
}

/** Tile side (bits) of the scatter at log2 n (lastStageScattered tiles when it is ≥ firstLog). */
@inline function scatterTileBits(log: i32): i32 {
  return min(TILE_BITS, log >> 1);
}

/**
 * The fftPow2 family's DIF passes in place ahead of the last stage (the pass plan of planPasses):
 * spans above the L2 block over the whole array, then L2 blocks, each running its spans above the
 * L1 block and then its L1 blocks through the rest. Passes from `from` on (the interleaved entry
 * ran pass 0); radix 8 on top where fftRadix8Passes says, or radix 4 throughout.
 */
function difPasses(re: usize, im: usize, log: i32, tables: usize, from: i32, radix8: bool): void {
  const n = 1 << log;
  let count = planPasses(log, tables, radix8);
  // The last pass (span 16 or 32) runs in the scatter, as it copies runs into the tile, when the
  // tile's rows hold whole groups of it: one pass less over the planes. Up to FUSE_MAX_LOG: above,
  // the scatter waits on memory, and with the pass inside it measured 0.97-1.10x (2^19 … 2^22).
  fusedM = 0;
  const last = count - 1;
  const tileBits = scatterTileBits(log);
  if (log <= FUSE_MAX_LOG && last >= from && tileBits >= firstLog(log) && load<i32>(passRadix + (<usize>last << 2)) == 4 && passSpan(last) <= 1 << tileBits) {
    fusedM = load<i32>(passM + (<usize>last << 2));
    fusedT = <usize>load<u32>(passTable + (<usize>last << 2));
    count = last;
  }
  const b1 = n < BLOCK1 ? n : BLOCK1;
  const b2 = n < BLOCK2 ? n : BLOCK2;
  let p = from;
  for (; p < count && passSpan(p) > b2; p++) runPass(p, re, im, 0, n);
  const p2 = p;
  for (let s2 = 0; s2 < n; s2 += b2) {
    p = p2;
    for (; p < count && passSpan(p) > b1; p++) runPass(p, re, im, s2, s2 + b2);
    const p1 = p;
    if (p1 == count) continue;
    for (let s1 = s2; s1 < s2 + b2; s1 += b1) {
      for (p = p1; p < count; p++) runPass(p, re, im, s1, s1 + b1);
    }
  }
}

/**
 * Forward DFT of n = 2^log points (n ≥ 4), natural order in (xr, xi) to natural order out
 * (yr, yi). The DIF passes (radix 4 and 8, difPasses) run in place on x (which is overwritten),
 * then the last stage is fused with the bit-reversal permutation into y. y is either x itself
 * (in place: half the memory, measured faster from 2^15 up) or does not overlap it.
 */
export function fftPow2(xr: usize, xi: usize, yr: usize, yi: usize, log: i32, tables: usize): void {
  difPasses(xr, xi, log, tables, 0, true);
  lastStageScattered(xr, xi, yr, yi, log, 0, 1, 1);
}

/**
 * fftPow2 with every output multiplied by factor (the scaled inverse's 1/n), folded into the last
 * stage's scatter instead of a pass of its own over each plane.
 */
export function fftPow2Scaled(xr: usize, xi: usize, yr: usize, yi: usize, log: i32, tables: usize, factor: f64): void {
  difPasses(xr, xi, log, tables, 0, true);
  lastStageScattered(xr, xi, yr, yi, log, 0, factor, factor);
}

/**
 * Forward DFT of n = 2^log points (n ≥ 4), natural order in (xr, xi, overwritten), written
 * interleaved: out[2j] = Re X[j]·factorRe, out[2j + 1] = Im X[j]·factorIm. The real inverse
 * FFT's interleave and scale folded into the last stage's scatter. out must not overlap x.
 */
export function fftPow2ToInterleaved(xr: usize, xi: usize, out: usize, log: i32, tables: usize, factorRe: f64, factorIm: f64): void {
  difPasses(xr, xi, log, tables, 0, true);
  lastStageScattered(xr, xi, 0, 0, log, out, factorRe, factorIm);
}

/**
 * fftPow2 of z[j] = x[2j] + i·x[2j+1] given x interleaved (the real FFT's even and odd samples),
 * with (zr, zi) as its working space: the first pass deinterleaves as it goes, which saves the
 * real FFT a pass over the data. y is either z itself (in place) or a region that does not
 * overlap z (x's may be reused).
 */
export function fftPow2Interleaved(x: usize, zr: usize, zi: usize, yr: usize, yi: usize, log: i32, tables: usize): void {
  // Radix 4 throughout: with the radix-8 pair on top (a dif8 reading x's eight octants
  // interleaved) the real forward FFT measured no faster, at h = 2^18 1.09–1.12× (A/Bs, load 6–9).
  const count = planPasses(log, tables, false);
  if (count == 0) {
    // No pass ahead of the last stage (n = 4 or 8).
    deinterleave(x, zr, zi, 1 << log);
    fftPow2(zr, zi, yr, yi, log, tables);
    return;
  }
  dif4Interleaved(x, zr, zi, load<i32>(passM), <usize>load<u32>(passTable));
  difPasses(zr, zi, log, tables, 1, false);
  lastStageScattered(zr, zi, yr, yi, log, 0, 1, 1);
}

/**
 * The last DIF stage from x (DIF stages done) into natural order: split into (yr, yi) when out
 * is 0, else interleaved into out; scaled by (factorRe, factorIm) either way.
 */
function lastStageScattered(xr: usize, xi: usize, yr: usize, yi: usize, log: i32, out: usize, factorRe: f64, factorIm: f64): void {
  const n = 1 << log;
  const group = firstLog(log);
  const tileBits = scatterTileBits(log);
  if (tileBits >= group) {
    tiledScatter(xr, xi, yr, yi, log, tileBits, out, factorRe, factorIm, fusedM, fusedT);
    return;
  }
  if (out == 0 && yr == xr && yi == xi) {
    // In place (n = 4, 8 or 32): the last stage in place, then swap each pair p < rev p.
    if (group == 3) last8(xr, xi, 0, n, xr, xi, 0);
    else last4(xr, xi, 0, n, xr, xi, 0);
    for (let p = 0; p < n; p++) {
      const d = reverseBits(p, log);
      if (d <= p) continue;
      const r = ld(xr, p), i = ld(xi, p);
      st(xr, p, ld(xr, d)); st(xi, p, ld(xi, d));
      st(xr, d, r); st(xi, d, i);
    }
    for (let p = 0; p < n; p++) {
      st(xr, p, ld(xr, p) * factorRe);
      st(xi, p, ld(xi, p) * factorIm);
    }
    return;
  }
  // n ≤ 32 with a radix-8 last stage: y[rev p] = the last stage's output at p, group by group.
  for (let i = 0; i < n; i += 1 << group) {
    if (group == 3) last8(xr, xi, i, i + 8, tileRe, tileIm, 0);
    else last4(xr, xi, i, i + 4, tileRe, tileIm, 0);
    for (let q = 0; q < 1 << group; q++) {
      const d = reverseBits(i + q, log);
      if (out != 0) {
        st(out, 2 * d, ld(tileRe, q) * factorRe);
        st(out, 2 * d + 1, ld(tileIm, q) * factorIm);
      } else {
        st(yr, d, ld(tileRe, q) * factorRe);
        st(yi, d, ld(tileIm, q) * factorIm);
      }
    }
  }
}

/**
 * The last DIF stage fused with a cache-friendly bit-reversal permutation (Carter & Gatlin's
 * COBRA idea): an index is (a, b, c) with T-bit a and c (T = tileBits), rev(a, b, c) =
 * (rev c, rev b, rev a). For each middle b, the runs (a, b, ·) of 2^T consecutive points — whole
 * last-stage groups — are copied into row a of an L1-sized tile; then for each c the tile's
 * column c goes, in bit-reversed row order and through the last stage (two rows per f64x2, see
 * storeTile), to the 2^T consecutive outputs (rev c, rev b, ·). A plain scatter over a large array misses the cache on almost every
 * element; this touches each line once.
 *
 * In place (y = x, split output): the points of tile b go where tile rev b's were and the other
 * way round, so both tiles are read before either is written, each pair once. This halves the
 * working set (no output planes): 2^16 points fit in L2 as two planes, not as four.
 */
function tiledScatter(
  xr: usize, xi: usize, yr: usize, yi: usize, log: i32, tileBits: i32, out: usize, factorRe: f64, factorIm: f64, m: i32, t: usize,
): void {
  const middleBits = log - 2 * tileBits;
  const count = 1 << middleBits;
  const inPlace = out == 0 && yr == xr && yi == xi;
  if (m > 0) fusedScatters++;
  for (let b = 0; b < count; b++) {
    const partner = middleBits > 0 ? reverseBits(b, middleBits) : 0;
    if (inPlace && partner < b) continue;
    loadTile(xr, xi, log, tileBits, b, tileRe, tileIm, m, t);
    if (inPlace && partner != b) {
      loadTile(xr, xi, log, tileBits, partner, tile2Re, tile2Im, m, t);
      storeTile(tile2Re, tile2Im, yr, yi, log, tileBits, b, 0, factorRe, factorIm);
    }
    storeTile(tileRe, tileIm, yr, yi, log, tileBits, partner, out, factorRe, factorIm);
  }
}

/**
 * Row a of the tile ← the run (a, b, ·) of x, for every a: a plain copy (storeTile does the last
 * stage), or, when m > 0, through the radix-4 DIF pass of that m (table t) that difPasses left
 * out — each run holds whole groups of it — so that pass costs no load and store of its own.
 */
function loadTile(xr: usize, xi: usize, log: i32, tileBits: i32, b: i32, bufRe: usize, bufIm: usize, m: i32, t: usize): void {
  const tile = 1 << tileBits;
  const highShift = log - tileBits;
  const mid = b << tileBits;
  const rowBytes = <usize>tile << 3;
  let dr = bufRe, di = bufIm;
  if (m > 0) {
    const mb = <usize>m << 3, span = mb << 2;
    for (let a = 0; a < tile; a++) {
      const src = <usize>((a << highShift) | mid) << 3;
      for (let g: usize = 0; g < rowBytes; g += span) dif4Pairs(xr + src + g, xi + src + g, dr + g, di + g, mb, t);
      dr += rowBytes; di += rowBytes;
    }
    return;
  }
  for (let a = 0; a < tile; a++) {
    const src = <usize>((a << highShift) | mid) << 3;
    let pr = xr + src, pi = xi + src;
    const stop = pr + rowBytes;
    while (pr < stop) {
      v128.store(dr, v128.load(pr)); v128.store(dr, v128.load(pr, 16), 16);
      v128.store(di, v128.load(pi)); v128.store(di, v128.load(pi, 16), 16);
      pr += 32; pi += 32; dr += 32; di += 32;
    }
  }
}

/**
 * One group of a radix-4 DIF pass (m/2 pairs of j, m/2 even) read from (sr, si) and stored at
 * (dr, di), quarters mb = 8m bytes apart on both sides, two pairs per iteration as dif4.
 */
@inline function dif4Pairs(sr: usize, si: usize, dr: usize, di: usize, mb: usize, t: usize): void {
  const stop = sr + mb;
  while (sr < stop) {
    let ar = v128.load(sr), ai = v128.load(si);
    let br = v128.load(sr + mb), bi = v128.load(si + mb);
    let cr = v128.load(sr + mb * 2), ci = v128.load(si + mb * 2);
    let xr = v128.load(sr + mb * 3), xi = v128.load(si + mb * 3);
    dif4Butterfly(ar, ai, br, bi, cr, ci, xr, xi, dr, di, mb, t);
    ar = v128.load(sr, 16); ai = v128.load(si, 16);
    br = v128.load(sr + mb, 16); bi = v128.load(si + mb, 16);
    cr = v128.load(sr + mb * 2, 16); ci = v128.load(si + mb * 2, 16);
    xr = v128.load(sr + mb * 3, 16); xi = v128.load(si + mb * 3, 16);
    dif4ButterflyNext(ar, ai, br, bi, cr, ci, xr, xi, dr, di, mb, t);
    sr += 32; si += 32; dr += 32; di += 32; t += 192;
  }
}

/**
 * One output vector of storeTile: points dst, dst + 1 (of a column's output run), split into
 * (yr, yi) (times scaleRe, scaleIm when TILE_SCALED), or interleaved into out and scaled by factor
 * (TILE_INTERLEAVED). mode is a constant at every call, so each of storeTile's loops is compiled
 * for one kind of output, without branches.
 */
/** First index of column c's output run (rev c, outB, ·) in storeTile. */
@inline function outRun(c: i32, down: i32, highShift: i32, outMid: i32): i32 {
  return ((index(revTile, c) >> down) << highShift) | outMid;
}

const TILE_SPLIT: i32 = 0;
const TILE_SCALED: i32 = 1;
const TILE_INTERLEAVED: i32 = 2;

@inline function putPair(
  vr: v128, vi: v128, dst: i32, yr: usize, yi: usize, out: usize, factor: v128, scaleRe: v128, scaleIm: v128, mode: i32,
): void {
  if (mode == TILE_INTERLEAVED) {
    const po = out + (<usize>dst << 4);
    v128.store(po, f64x2.mul(f64x2.shuffle(vr, vi, 0, 2), factor));
    v128.store(po, f64x2.mul(f64x2.shuffle(vr, vi, 1, 3), factor), 16);
  } else if (mode == TILE_SCALED) {
    v128.store(yr + (<usize>dst << 3), f64x2.mul(vr, scaleRe));
    v128.store(yi + (<usize>dst << 3), f64x2.mul(vi, scaleIm));
  } else {
    v128.store(yr + (<usize>dst << 3), vr);
    v128.store(yi + (<usize>dst << 3), vi);
  }
}

/**
 * The last DIF stage on the way out of the tile: rows rev j and rev (j + 1) = rev j + T/2 are the
 * two lanes (outputs j and j + 1 of every column), a group of 4 (8) neighbouring columns is one
 * last-stage butterfly, whose outputs go in bit-reversed order to the columns' runs
 * (rev c, outB, ·): outB is the reversed middle of the tile's source. Split into (yr, yi) when
 * out is 0, else interleaved into out; scaled by (factorRe, factorIm) either way.
 */
function storeTile(
  bufRe: usize, bufIm: usize, yr: usize, yi: usize, log: i32, tileBits: i32, outB: i32, out: usize, factorRe: f64, factorIm: f64,
): void {
  if (out != 0) storeTileAs(bufRe, bufIm, yr, yi, log, tileBits, outB, out, factorRe, factorIm, TILE_INTERLEAVED);
  else if (factorRe != 1.0 || factorIm != 1.0) storeTileAs(bufRe, bufIm, yr, yi, log, tileBits, outB, out, factorRe, factorIm, TILE_SCALED);
  else storeTileAs(bufRe, bufIm, yr, yi, log, tileBits, outB, out, factorRe, factorIm, TILE_SPLIT);
}

/** storeTile for one kind of output (mode: TILE_SPLIT, TILE_SCALED or TILE_INTERLEAVED, a constant). */
@inline function storeTileAs(
  bufRe: usize, bufIm: usize, yr: usize, yi: usize, log: i32, tileBits: i32, outB: i32, out: usize, factorRe: f64, factorIm: f64,
  mode: i32,
): void {
  const tile = 1 << tileBits;
  const highShift = log - tileBits;
  const outMid = outB << tileBits;
  const factor = f64x2.replace_lane(f64x2.splat(factorRe), 1, factorIm);
  const scaleRe = f64x2.splat(factorRe), scaleIm = f64x2.splat(factorIm);
  // rev over tileBits bits = the TILE_BITS reversal shifted down.
  const down = TILE_BITS - tileBits;
  const half = <usize>(tile << 2) << tileBits; // bytes from row r to row r + T/2
  const sqrt = f64x2.splat(SQRT1_2);
  if (firstLog(log) == 2) {
    for (let c = 0; c < tile; c += 4) {
      // the four columns' output runs (rev c, outB, ·), outside the loop that stores to them
      const d0 = outRun(c, down, highShift, outMid), d1 = outRun(c + 1, down, highShift, outMid);
      const d2 = outRun(c + 2, down, highShift, outMid), d3 = outRun(c + 3, down, highShift, outMid);
      for (let j = 0; j < tile; j += 2) {
        const s = <usize>((((index(revTile, j) >> down) << tileBits) + c) << 3);
        let p = v128.load(bufRe + s), q = v128.load(bufRe + s + half);
        const ar = f64x2.shuffle(p, q, 0, 2), br = f64x2.shuffle(p, q, 1, 3);
        p = v128.load(bufRe + s, 16); q = v128.load(bufRe + s + half, 16);
        const cr = f64x2.shuffle(p, q, 0, 2), dr = f64x2.shuffle(p, q, 1, 3);
        p = v128.load(bufIm + s); q = v128.load(bufIm + s + half);
        const ai = f64x2.shuffle(p, q, 0, 2), bi = f64x2.shuffle(p, q, 1, 3);
        p = v128.load(bufIm + s, 16); q = v128.load(bufIm + s + half, 16);
        const ci = f64x2.shuffle(p, q, 0, 2), di = f64x2.shuffle(p, q, 1, 3);
        const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
        const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
        putPair(f64x2.add(t0r, t2r), f64x2.add(t0i, t2i), d0 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
        putPair(f64x2.sub(t0r, t2r), f64x2.sub(t0i, t2i), d1 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
        putPair(f64x2.add(t1r, t3i), f64x2.sub(t1i, t3r), d2 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
        putPair(f64x2.sub(t1r, t3i), f64x2.add(t1i, t3r), d3 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
      }
    }
    return;
  }
  for (let c = 0; c < tile; c += 8) {
    const d0 = outRun(c, down, highShift, outMid), d1 = outRun(c + 1, down, highShift, outMid);
    const d2 = outRun(c + 2, down, highShift, outMid), d3 = outRun(c + 3, down, highShift, outMid);
    const d4 = outRun(c + 4, down, highShift, outMid), d5 = outRun(c + 5, down, highShift, outMid);
    const d6 = outRun(c + 6, down, highShift, outMid), d7 = outRun(c + 7, down, highShift, outMid);
    for (let j = 0; j < tile; j += 2) {
      const s = <usize>((((index(revTile, j) >> down) << tileBits) + c) << 3);
      const pr = bufRe + s, pi = bufIm + s;
      // x0 … x7 of the group, re and im, lanes = rows rev j and rev j + T/2
      let p = v128.load(pr), q = v128.load(pr + half);
      const x0r = f64x2.shuffle(p, q, 0, 2), x1r = f64x2.shuffle(p, q, 1, 3);
      p = v128.load(pr, 16); q = v128.load(pr + half, 16);
      const x2r = f64x2.shuffle(p, q, 0, 2), x3r = f64x2.shuffle(p, q, 1, 3);
      p = v128.load(pr, 32); q = v128.load(pr + half, 32);
      const x4r = f64x2.shuffle(p, q, 0, 2), x5r = f64x2.shuffle(p, q, 1, 3);
      p = v128.load(pr, 48); q = v128.load(pr + half, 48);
      const x6r = f64x2.shuffle(p, q, 0, 2), x7r = f64x2.shuffle(p, q, 1, 3);
      p = v128.load(pi); q = v128.load(pi + half);
      const x0i = f64x2.shuffle(p, q, 0, 2), x1i = f64x2.shuffle(p, q, 1, 3);
      p = v128.load(pi, 16); q = v128.load(pi + half, 16);
      const x2i = f64x2.shuffle(p, q, 0, 2), x3i = f64x2.shuffle(p, q, 1, 3);
      p = v128.load(pi, 32); q = v128.load(pi + half, 32);
      const x4i = f64x2.shuffle(p, q, 0, 2), x5i = f64x2.shuffle(p, q, 1, 3);
      p = v128.load(pi, 48); q = v128.load(pi + half, 48);
      const x6i = f64x2.shuffle(p, q, 0, 2), x7i = f64x2.shuffle(p, q, 1, 3);
      // last8's butterfly: E = DFT4(x0, x2, x4, x6), O = DFT4(x1, x3, x5, x7)
      const a0r = f64x2.add(x0r, x4r), a0i = f64x2.add(x0i, x4i), a1r = f64x2.sub(x0r, x4r), a1i = f64x2.sub(x0i, x4i);
      const b0r = f64x2.add(x2r, x6r), b0i = f64x2.add(x2i, x6i), b1r = f64x2.sub(x2r, x6r), b1i = f64x2.sub(x2i, x6i);
      const c0r = f64x2.add(x1r, x5r), c0i = f64x2.add(x1i, x5i), c1r = f64x2.sub(x1r, x5r), c1i = f64x2.sub(x1i, x5i);
      const d0r = f64x2.add(x3r, x7r), d0i = f64x2.add(x3i, x7i), d1r = f64x2.sub(x3r, x7r), d1i = f64x2.sub(x3i, x7i);
      const e0r = f64x2.add(a0r, b0r), e0i = f64x2.add(a0i, b0i), e2r = f64x2.sub(a0r, b0r), e2i = f64x2.sub(a0i, b0i);
      const e1r = f64x2.add(a1r, b1i), e1i = f64x2.sub(a1i, b1r), e3r = f64x2.sub(a1r, b1i), e3i = f64x2.add(a1i, b1r);
      const o0r = f64x2.add(c0r, d0r), o0i = f64x2.add(c0i, d0i), o2r = f64x2.sub(c0r, d0r), o2i = f64x2.sub(c0i, d0i);
      const o1r = f64x2.add(c1r, d1i), o1i = f64x2.sub(c1i, d1r), o3r = f64x2.sub(c1r, d1i), o3i = f64x2.add(c1i, d1r);
      const t1r = f64x2.mul(sqrt, f64x2.add(o1r, o1i)), t1i = f64x2.mul(sqrt, f64x2.sub(o1i, o1r));
      const t3r = f64x2.mul(sqrt, f64x2.sub(o3i, o3r)), t3i = f64x2.neg(f64x2.mul(sqrt, f64x2.add(o3r, o3i)));
      // t2 = −i·o2 = (o2i, −o2r)
      putPair(f64x2.add(e0r, o0r), f64x2.add(e0i, o0i), d0 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
      putPair(f64x2.sub(e0r, o0r), f64x2.sub(e0i, o0i), d1 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
      putPair(f64x2.add(e2r, o2i), f64x2.sub(e2i, o2r), d2 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
      putPair(f64x2.sub(e2r, o2i), f64x2.add(e2i, o2r), d3 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
      putPair(f64x2.add(e1r, t1r), f64x2.add(e1i, t1i), d4 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
      putPair(f64x2.sub(e1r, t1r), f64x2.sub(e1i, t1i), d5 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
      putPair(f64x2.add(e3r, t3r), f64x2.add(e3i, t3i), d6 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
      putPair(f64x2.sub(e3r, t3r), f64x2.sub(e3i, t3i), d7 + j, yr, yi, out, factor, scaleRe, scaleIm, mode);
    }
  }
}

/** Forward DFT in place of n = 2^log points (n ≥ 4) given in bit-reversed order; natural order out. */
export function ditPow2(re: usize, im: usize, log: i32, tables: usize): void {
  ditStages(re, im, 1 << log, log, tables);
}

/** Forward DFT in place of n = 2^log points (n ≥ 4), natural order in, bit-reversed order out. */
export function difPow2(re: usize, im: usize, log: i32, tables: usize): void {
  difStages(re, im, 1 << log, log, tables);
}

/**
 * The radix-4 DIF stages in place (difPow2: convolution's order, which ditStages undoes), the
 * mirror of ditStages: large spans over the whole array, then BLOCK2 blocks, then BLOCK1 blocks,
 * each ending with the last (radix 4 or 8) stage.
 */
function difStages(re: usize, im: usize, n: i32, log: i32, tables: usize): void {
  const first = 1 << firstLog(log);
  const b1 = n < BLOCK1 ? n : BLOCK1;
  const b2 = n < BLOCK2 ? n : BLOCK2;
  // The largest m with 4m ≤ n (first / 4 when there is none); tables run from m = first up.
  let top = first;
  while (4 * top <= n) top <<= 2;
  top >>= 2;
  let t = tables + <usize>radix4TableBytes(log);
  let m = top;
  for (; m >= first && 4 * m > b2; m >>= 2) {
    t -= <usize>(48 * m);
    dif4(re, im, m, t, 0, n);
  }
  const t2 = t, m2 = m;
  for (let s2 = 0; s2 < n; s2 += b2) {
    t = t2;
    m = m2;
    for (; m >= first && 4 * m > b1; m >>= 2) {
      t -= <usize>(48 * m);
      dif4(re, im, m, t, s2, s2 + b2);
    }
    const t1 = t, m1 = m;
    for (let s1 = s2; s1 < s2 + b2; s1 += b1) {
      t = t1;
      for (m = m1; m >= first; m >>= 2) {
        t -= <usize>(48 * m);
        dif4(re, im, m, t, s1, s1 + b1);
      }
      if (first == 8) last8(re, im, s1, s1 + b1, re, im, s1);
      else if (b1 >= 8) last4InPlacePairs(re, im, s1, s1 + b1);
      else last4(re, im, s1, s1 + b1, re, im, s1);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pointwise helpers

/** (ar, ai) ← (ar, ai)·(br, bi)·scale over count points (count even). */
export function multiplySpectra(ar: usize, ai: usize, br: usize, bi: usize, count: i32, scale: f64): void {
  const s = f64x2.splat(scale);
  const end = ar + (<usize>count << 3);
  while (ar < end) {
    const xr = v128.load(ar), xi = v128.load(ai);
    const yr = f64x2.mul(v128.load(br), s), yi = f64x2.mul(v128.load(bi), s);
    v128.store(ar, cmulRe(xr, xi, yr, yi));
    v128.store(ai, cmulIm(xr, xi, yr, yi));
    ar += 16; ai += 16; br += 16; bi += 16;
  }
}

/** x[k] ← x[k]·scale over count values (count even). */
export function scale(x: usize, count: i32, factor: f64): void {
  const s = f64x2.splat(factor);
  const end = x + (<usize>count << 3);
  for (; x < end; x += 16) v128.store(x, f64x2.mul(v128.load(x), s));
}

/** zr[j] = x[2j], zi[j] = x[2j + 1] for j < h (h even). */
export function deinterleave(x: usize, zr: usize, zi: usize, h: i32): void {
  const end = zr + (<usize>h << 3);
  while (zr < end) {
    const p = v128.load(x), q = v128.load(x, 16);
    v128.store(zr, f64x2.shuffle(p, q, 0, 2));
    v128.store(zi, f64x2.shuffle(p, q, 1, 3));
    x += 32; zr += 16; zi += 16;
  }
}

/** out[2j] = yr[j]·factor, out[2j + 1] = yi[j]·factor for j < h (h even). */
export function interleave(yr: usize, yi: usize, out: usize, h: i32, factor: f64): void {
  const s = f64x2.splat(factor);
  const end = yr + (<usize>h << 3);
  while (yr < end) {
    const p = f64x2.mul(v128.load(yr), s), q = f64x2.mul(v128.load(yi), s);
    v128.store(out, f64x2.shuffle(p, q, 0, 2));
    v128.store(out, f64x2.shuffle(p, q, 1, 3), 16);
    yr += 16; yi += 16; out += 32;
  }
}

@inline function swapLanes(v: v128): v128 {
  return f64x2.shuffle(v, v, 1, 0);
}

/**
 * Real-input FFT, the step after the half-length complex transform Z of z[j] = x[2j] + i·x[2j+1]:
 * X[k] = E[k] + W^k·O[k] with E = (Z[k] + conj Z[h−k])/2, O = (Z[k] − conj Z[h−k])/(2i),
 * W = exp(−2πi/n), for k = 0 … h. Since E[h−k] = conj E[k], O[h−k] = conj O[k] and
 * W^(h−k) = −conj W^k, X[h−k] = conj(E[k] − W^k·O[k]): each pass over k ≤ h/2 writes both
 * bins from one load of Z[k] and Z[h−k], so the tables hold W^k for k ≤ h/2 only (wr, wi) and
 * Z is read once. Outputs must not overlap the inputs.
 */
export function realForwardPost(zr: usize, zi: usize, wr: usize, wi: usize, xr: usize, xi: usize, h: i32): void {
  const z0r = ld(zr, 0), z0i = ld(zi, 0);
  st(xr, 0, z0r + z0i); st(xi, 0, 0);
  st(xr, h, z0r - z0i); st(xi, h, 0);
  const half = f64x2.splat(0.5);
  let k = 1;
  // lanes (k, k + 1) against (h − k, h − k − 1), while the two pairs stay apart
  for (; 2 * k + 3 <= h; k += 2) {
    const ar = v128.load(zr + (<usize>k << 3)), ai = v128.load(zi + (<usize>k << 3));
    const m = <usize>(h - k - 1) << 3;
    const br = swapLanes(v128.load(zr + m));
    const bi = f64x2.neg(swapLanes(v128.load(zi + m)));
    const er = f64x2.mul(half, f64x2.add(ar, br)), ei = f64x2.mul(half, f64x2.add(ai, bi));
    const dr = f64x2.mul(half, f64x2.sub(ar, br)), di = f64x2.mul(half, f64x2.sub(ai, bi));
    const cr = v128.load(wr + (<usize>k << 3)), ci = v128.load(wi + (<usize>k << 3));
    // O = (di, −dr); P = W^k·O; X[k] = E + P, X[h − k] = conj(E − P)
    const pr = f64x2.add(f64x2.mul(di, cr), f64x2.mul(dr, ci));
    const pi = f64x2.sub(f64x2.mul(di, ci), f64x2.mul(dr, cr));
    v128.store(xr + (<usize>k << 3), f64x2.add(er, pr));
    v128.store(xi + (<usize>k << 3), f64x2.add(ei, pi));
    v128.store(xr + m, swapLanes(f64x2.sub(er, pr)));
    v128.store(xi + m, swapLanes(f64x2.sub(pi, ei)));
  }
  for (; 2 * k <= h; k++) {
    const ar = ld(zr, k), ai = ld(zi, k), br = ld(zr, h - k), bi = -ld(zi, h - k);
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
    const cr = ld(wr, k), ci = ld(wi, k);
    const pr = di * cr + dr * ci, pi = di * ci - dr * cr;
    st(xr, h - k, er - pr);
    st(xi, h - k, pi - ei);
    st(xr, k, er + pr);
    st(xi, k, ei + pi);
  }
}

/**
 * The inverse of realForwardPost: from X[0 … h] builds Z[k] = E[k] + i·O[k] with
 * E = (X[k] + conj X[h−k])/2, O = (X[k] − conj X[h−k])·conj(W^k)/2 (imaginary parts of X[0]
 * and X[h] ignored). By the same symmetries Z[h−k] = conj E[k] + i·conj O[k], so one pass over
 * k ≤ h/2 writes both (wr, wi: W^k for k ≤ h/2). It stores conj Z, so that a forward FFT
 * computes the conjugate of Z's inverse (ifft(Z) = conj fft(conj Z)) and the caller conjugates
 * back for free in the output's scale factors. Outputs must not overlap the inputs.
 */
export function realInversePre(xr: usize, xi: usize, wr: usize, wi: usize, zr: usize, zi: usize, h: i32): void {
  const x0 = ld(xr, 0), xh = ld(xr, h);
  st(zr, 0, 0.5 * (x0 + xh));
  st(zi, 0, -0.5 * (x0 - xh));
  const half = f64x2.splat(0.5);
  let k = 1;
  for (; 2 * k + 3 <= h; k += 2) {
    const ar = v128.load(xr + (<usize>k << 3)), ai = v128.load(xi + (<usize>k << 3));
    const m = <usize>(h - k - 1) << 3;
    const br = swapLanes(v128.load(xr + m));
    const bi = f64x2.neg(swapLanes(v128.load(xi + m)));
    const er = f64x2.mul(half, f64x2.add(ar, br)), ei = f64x2.mul(half, f64x2.add(ai, bi));
    const dr = f64x2.mul(half, f64x2.sub(ar, br)), di = f64x2.mul(half, f64x2.sub(ai, bi));
    const cr = v128.load(wr + (<usize>k << 3)), ci = v128.load(wi + (<usize>k << 3));
    const or = f64x2.add(f64x2.mul(dr, cr), f64x2.mul(di, ci));
    const oi = f64x2.sub(f64x2.mul(di, cr), f64x2.mul(dr, ci));
    v128.store(zr + (<usize>k << 3), f64x2.sub(er, oi));
    v128.store(zi + (<usize>k << 3), f64x2.neg(f64x2.add(ei, or)));
    v128.store(zr + m, swapLanes(f64x2.add(er, oi)));
    v128.store(zi + m, swapLanes(f64x2.sub(ei, or)));
  }
  for (; 2 * k <= h; k++) {
    const ar = ld(xr, k), ai = ld(xi, k), br = ld(xr, h - k), bi = -ld(xi, h - k);
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
    const cr = ld(wr, k), ci = ld(wi, k);
    const or = dr * cr + di * ci, oi = di * cr - dr * ci;
    st(zr, h - k, er + oi);
    st(zi, h - k, ei - or);
    st(zr, k, er - oi);
    st(zi, k, -(ei + or));
  }
}

/**
 * y = a·b over count points (count even), with a conjugated first when conjugateA and the
 * result's imaginary part negated when negateIm (the conjugations of Bluestein's algorithm).
 * y may be a or b.
 */
export function complexMultiply(
  ar: usize, ai: usize, br: usize, bi: usize, yr: usize, yi: usize, count: i32, conjugateA: bool, negateIm: bool,
): void {
  const sa = f64x2.splat(conjugateA ? -1.0 : 1.0), so = f64x2.splat(negateIm ? -1.0 : 1.0);
  const end = ar + (<usize>count << 3);
  while (ar < end) {
    const xr = v128.load(ar), xi = f64x2.mul(v128.load(ai), sa);
    const wr = v128.load(br), wi = v128.load(bi);
    v128.store(yr, cmulRe(xr, xi, wr, wi));
    v128.store(yi, f64x2.mul(cmulIm(xr, xi, wr, wi), so));
    ar += 16; ai += 16; br += 16; bi += 16; yr += 16; yi += 16;
  }
}
