/**
 * The power-of-two complex FFT (forward, unscaled: X[k] = Σ_j x[j]·exp(−2πi·jk/n)) that every
 * other transform in this folder builds on. Internal to the DSP core; use planFft/planRealFft.
 *
 * Inputs and outputs are strided views of Float64Arrays — element j of the input is
 * (a[ia + is·j], b[ib + is·j]), element k of the output (ya[oa + os·k], yb[ob + os·k]) — so the
 * same kernel serves split complex arrays (stride 1), the real FFT's packed half-length input
 * (a = b = x, ia = 0, ib = 1, stride 2), its interleaved inverse output, and the columns of the
 * four-step algorithm below. The whole input is read before the first output is written, so
 * input and output may be the same arrays.
 *
 * Why it is shaped like this (V8, measured on this machine):
 *   - The butterflies work in a private interleaved JS array of doubles (re at 2k, im at 2k+1),
 *     not in Float64Arrays: TurboFan's element access on a PACKED_DOUBLE_ELEMENTS array is
 *     cheaper (no external-pointer arithmetic, 32-bit bounds check), which made the radix-4
 *     stages ~20% faster. Twiddle tables are JS arrays for the same reason.
 *   - Radix-4 stages: radix-8 stages spill the 16 XMM registers and were 15–40% slower, and 8
 *     streams at power-of-two strides alias in L1; a fused radix-16 last stage was slower too.
 *     Only the first stage, which has no twiddle loads, is wider: radix 16 (two radix-4 levels)
 *     when log2 n is even, radix 8 when it is odd.
 *   - Up to SMALL_MAX (8192) points the transform runs in cache: the bit-reversal permutation is
 *     fused with the first stage (its butterfly for output group g reads x[p + q·n/16],
 *     q = 0..15, with p = bitreverse(16g)), and the last stage writes straight to the caller's
 *     output.
 *   - Above SMALL_MAX, the four-step (Bailey) algorithm with n = n1·n2: n1 transforms of
 *     length n2 over the input's residue classes j1 (x[j2·n1 + j1]), a twiddle W_n^{j1·k2},
 *     then n2 transforms of length n1 over the columns, written straight to
 *     X[k1·n2 + k2]. Each sub-transform fits in L1/L2, so the large array is read and written
 *     twice instead of once per butterfly stage, and no global bit reversal is needed.
 */

const SQRT1_2 = Math.SQRT1_2;

/**
 * Stages with spans below this run twiddle-outer (radix4StageByTwiddle): the twiddles stay in
 * registers across groups. Measured: m = 64 twiddle-outer made 1024 points 3% faster.
 */
const BY_TWIDDLE = 128;

/** Largest length transformed directly in cache; larger ones use the four-step split. */
const SMALL_MAX = 1 << 13;
/**
 * Largest length whose result can be left in the work array (transformToWork): the real FFT's
 * post-processing then reads it there. Without the typed-array output stage the in-cache
 * kernel beats the four-step up to 2^17 points (real 2^16: 0.57 → 0.45 ms, 2^18: 2.6 → 2.2 ms).
 */
const WORK_MAX = 1 << 17;

/** A zeroed array of doubles that V8 keeps as PACKED_DOUBLE_ELEMENTS (see the module comment). */
export function doubleArray(length: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < length; i++) a.push(0.5);
  a.fill(0);
  return a;
}

/** value with its low `bits` bits reversed. */
export function reverseBits(value: number, bits: number): number {
  let r = 0;
  for (let i = 0; i < bits; i++) {
    r = (r << 1) | (value & 1);
    value >>= 1;
  }
  return r;
}

/** Radix-4 twiddles of the stage combining four length-m transforms: [w1, w2, w3] per j, W = exp(−2πi/4m). */
function radix4Table(m: number): number[] {
  const table = doubleArray(6 * m);
  const step = (-2 * Math.PI) / (4 * m);
  for (let j = 0; j < m; j++) {
    table[6 * j] = Math.cos(step * j);
    table[6 * j + 1] = Math.sin(step * j);
    table[6 * j + 2] = Math.cos(step * 2 * j);
    table[6 * j + 3] = Math.sin(step * 2 * j);
    table[6 * j + 4] = Math.cos(step * 3 * j);
    table[6 * j + 5] = Math.sin(step * 3 * j);
  }
  return table;
}

/**
 * A power-of-two transform of up to SMALL_MAX points, computed in a private work array:
 * permuting first stage (radix 4, or 8 when log2 size is odd), radix-4 stages in place, and a
 * last radix-4 stage that writes the output.
 */
class SmallFft {
  private readonly log: number;
  private readonly first: number;
  /** p = bitreverse(first·g) over log bits, for each first-stage group g. */
  private readonly rev: Int32Array;
  private readonly spans: number[] = [];
  private readonly tables: number[][] = [];
  private readonly work: number[];

  constructor(readonly size: number) {
    let log = 0;
    while (1 << log < size) log++;
    this.log = log;
    this.first = size < 4 ? size : (log & 1) === 1 ? 8 : size >= 16 ? 16 : 4;
    const groups = size / this.first;
    this.rev = new Int32Array(groups);
    for (let g = 0; g < groups; g++) this.rev[g] = reverseBits(g * this.first, log);
    for (let m = this.first; 4 * m <= size; m *= 4) {
      this.spans.push(m);
      this.tables.push(radix4Table(m));
    }
    this.work = doubleArray(2 * size);
  }

  run(
    a: Float64Array, b: Float64Array, ia: number, ib: number, is: number,
    ya: Float64Array, yb: Float64Array, oa: number, ob: number, os: number,
  ): void {
    const size = this.size;
    if (size <= 2) {
      const ar = a[ia], ai = b[ib];
      if (size === 1) {
        ya[oa] = ar;
        yb[ob] = ai;
      } else {
        const br = a[ia + is], bi = b[ib + is];
        ya[oa] = ar + br;
        yb[ob] = ai + bi;
        ya[oa + os] = ar - br;
        yb[ob + os] = ai - bi;
      }
      return;
    }
    const w = this.work;
    if (this.first === 16) gatherRadix16(a, b, ia, ib, is, this.rev, w, size);
    else if (this.first === 8) gatherRadix8(a, b, ia, ib, is, this.rev, w, size);
    else gatherRadix4(a, b, ia, ib, is, this.rev, w, size);
    const spans = this.spans, tables = this.tables;
    const last = spans.length - 1;
    if (last < 0) {
      for (let k = 0; k < size; k++) {
        ya[oa + os * k] = w[2 * k];
        yb[ob + os * k] = w[2 * k + 1];
      }
      return;
    }
    for (let s = 0; s < last; s++) {
      const m = spans[s];
      if (m < BY_TWIDDLE) radix4StageByTwiddle(w, m, tables[s], size);
      else radix4Stage(w, m, tables[s], size);
    }
    radix4LastStage(w, spans[last], tables[last], ya, yb, oa, ob, os);
  }

  /** As run, leaving X[k] in work[2k], work[2k + 1] (size ≥ 16) instead of writing an output. */
  runToWork(a: Float64Array, b: Float64Array, ia: number, ib: number, is: number): number[] {
    const size = this.size, w = this.work;
    if (this.first === 16) gatherRadix16(a, b, ia, ib, is, this.rev, w, size);
    else gatherRadix8(a, b, ia, ib, is, this.rev, w, size);
    const spans = this.spans, tables = this.tables;
    for (let s = 0; s < spans.length; s++) {
      const m = spans[s];
      if (m < BY_TWIDDLE) radix4StageByTwiddle(w, m, tables[s], size);
      else radix4Stage(w, m, tables[s], size);
    }
    return w;
  }
}

/**
 * First stage fused with the bit-reversal permutation: work[4g .. 4g+3] = DFT4 of
 * x[p + q·size/4], q = 0..3, p = rev[g].
 */
function gatherRadix4(
  a: Float64Array, b: Float64Array, ia: number, ib: number, is: number, rev: Int32Array, w: number[], size: number,
): void {
  const groups = size >> 2;
  const quarter = is * groups;
  for (let g = 0, o = 0; g < groups; g++, o += 8) {
    const p = rev[g] * is;
    let sa = ia + p, sb = ib + p;
    const x0r = a[sa], x0i = b[sb];
    sa += quarter;
    sb += quarter;
    const x1r = a[sa], x1i = b[sb];
    sa += quarter;
    sb += quarter;
    const x2r = a[sa], x2i = b[sb];
    sa += quarter;
    sb += quarter;
    const x3r = a[sa], x3i = b[sb];
    const t0r = x0r + x2r, t0i = x0i + x2i, t1r = x0r - x2r, t1i = x0i - x2i;
    const t2r = x1r + x3r, t2i = x1i + x3i, t3r = x1r - x3r, t3i = x1i - x3i;
    w[o] = t0r + t2r;
    w[o + 1] = t0i + t2i;
    w[o + 4] = t0r - t2r;
    w[o + 5] = t0i - t2i;
    // X1 = t1 − i·t3, X3 = t1 + i·t3
    w[o + 2] = t1r + t3i;
    w[o + 3] = t1i - t3r;
    w[o + 6] = t1r - t3i;
    w[o + 7] = t1i + t3r;
  }
}

/**
 * As gatherRadix4 with 8-point DFTs of x[p + q·size/8]. E = DFT4 of the even q, O = DFT4 of the
 * odd q, X[k] = E[k] + W8^k·O[k], X[k+4] = E[k] − W8^k·O[k]; W8 = √½(1 − i), W8² = −i,
 * W8³ = −√½(1 + i).
 */
function gatherRadix8(
  a: Float64Array, b: Float64Array, ia: number, ib: number, is: number, rev: Int32Array, w: number[], size: number,
): void {
  const groups = size >> 3;
  const e = is * groups; // stride between q and q + 1
  for (let g = 0, o = 0; g < groups; g++, o += 16) {
    const p = rev[g] * is;
    const sa = ia + p, sb = ib + p;
    let pr = a[sa], pi = b[sb], qr = a[sa + 4 * e], qi = b[sb + 4 * e];
    const a0r = pr + qr, a0i = pi + qi, a1r = pr - qr, a1i = pi - qi; // x0 ± x4
    pr = a[sa + 2 * e]; pi = b[sb + 2 * e]; qr = a[sa + 6 * e]; qi = b[sb + 6 * e];
    const b0r = pr + qr, b0i = pi + qi, b1r = pr - qr, b1i = pi - qi; // x2 ± x6
    pr = a[sa + e]; pi = b[sb + e]; qr = a[sa + 5 * e]; qi = b[sb + 5 * e];
    const c0r = pr + qr, c0i = pi + qi, c1r = pr - qr, c1i = pi - qi; // x1 ± x5
    pr = a[sa + 3 * e]; pi = b[sb + 3 * e]; qr = a[sa + 7 * e]; qi = b[sb + 7 * e];
    const d0r = pr + qr, d0i = pi + qi, d1r = pr - qr, d1i = pi - qi; // x3 ± x7
    // −i·(r + i·s) = s − i·r
    const e0r = a0r + b0r, e0i = a0i + b0i, e2r = a0r - b0r, e2i = a0i - b0i;
    const e1r = a1r + b1i, e1i = a1i - b1r, e3r = a1r - b1i, e3i = a1i + b1r;
    const o0r = c0r + d0r, o0i = c0i + d0i, o2r = c0r - d0r, o2i = c0i - d0i;
    const o1r = c1r + d1i, o1i = c1i - d1r, o3r = c1r - d1i, o3i = c1i + d1r;
    const t1r = SQRT1_2 * (o1r + o1i), t1i = SQRT1_2 * (o1i - o1r);
    const t3r = SQRT1_2 * (o3i - o3r), t3i = -SQRT1_2 * (o3r + o3i);
    w[o] = e0r + o0r; w[o + 1] = e0i + o0i;
    w[o + 8] = e0r - o0r; w[o + 9] = e0i - o0i;
    w[o + 2] = e1r + t1r; w[o + 3] = e1i + t1i;
    w[o + 10] = e1r - t1r; w[o + 11] = e1i - t1i;
    w[o + 4] = e2r + o2i; w[o + 5] = e2i - o2r;
    w[o + 12] = e2r - o2i; w[o + 13] = e2i + o2r;
    w[o + 6] = e3r + t3r; w[o + 7] = e3i + t3i;
    w[o + 14] = e3r - t3r; w[o + 15] = e3i - t3i;
  }
}

const C16 = Math.cos(Math.PI / 8), S16 = Math.sin(Math.PI / 8);

/**
 * The first two radix-4 levels fused with the permutation: 16-point DFTs of x[p + q·size/16]
 * as 4 × 4 (q = r + 4s): A_r = DFT4 over s, times W16^{r·k1}, then DFT4 over r gives
 * X[k1 + 4·k2]. One pass instead of two over the work array.
 */
function gatherRadix16(
  a: Float64Array, b: Float64Array, ia: number, ib: number, is: number, rev: Int32Array, w: number[], size: number,
): void {
  const groups = size >> 4;
  const e = is * groups, e4 = 4 * e;
  for (let g = 0, o = 0; g < groups; g++, o += 32) {
    const p = rev[g] * is;
    let sa = ia + p, sb = ib + p;
    // r = 0
    let x0r = a[sa], x0i = b[sb], x1r = a[sa + e4], x1i = b[sb + e4];
    let x2r = a[sa + 2 * e4], x2i = b[sb + 2 * e4], x3r = a[sa + 3 * e4], x3i = b[sb + 3 * e4];
    let t0r = x0r + x2r, t0i = x0i + x2i, t1r = x0r - x2r, t1i = x0i - x2i;
    let t2r = x1r + x3r, t2i = x1i + x3i, t3r = x1r - x3r, t3i = x1i - x3i;
    const a00r = t0r + t2r, a00i = t0i + t2i, a02r = t0r - t2r, a02i = t0i - t2i;
    const a01r = t1r + t3i, a01i = t1i - t3r, a03r = t1r - t3i, a03i = t1i + t3r;
    // r = 1, times W16^{0,1,2,3}
    sa += e;
    sb += e;
    x0r = a[sa]; x0i = b[sb]; x1r = a[sa + e4]; x1i = b[sb + e4];
    x2r = a[sa + 2 * e4]; x2i = b[sb + 2 * e4]; x3r = a[sa + 3 * e4]; x3i = b[sb + 3 * e4];
    t0r = x0r + x2r; t0i = x0i + x2i; t1r = x0r - x2r; t1i = x0i - x2i;
    t2r = x1r + x3r; t2i = x1i + x3i; t3r = x1r - x3r; t3i = x1i - x3i;
    const a10r = t0r + t2r, a10i = t0i + t2i;
    let ur = t1r + t3i, ui = t1i - t3r;
    const a11r = C16 * ur + S16 * ui, a11i = C16 * ui - S16 * ur;
    ur = t0r - t2r;
    ui = t0i - t2i;
    const a12r = SQRT1_2 * (ur + ui), a12i = SQRT1_2 * (ui - ur);
    ur = t1r - t3i;
    ui = t1i + t3r;
    const a13r = S16 * ur + C16 * ui, a13i = S16 * ui - C16 * ur;
    // r = 2, times W16^{0,2,4,6}
    sa += e;
    sb += e;
    x0r = a[sa]; x0i = b[sb]; x1r = a[sa + e4]; x1i = b[sb + e4];
    x2r = a[sa + 2 * e4]; x2i = b[sb + 2 * e4]; x3r = a[sa + 3 * e4]; x3i = b[sb + 3 * e4];
    t0r = x0r + x2r; t0i = x0i + x2i; t1r = x0r - x2r; t1i = x0i - x2i;
    t2r = x1r + x3r; t2i = x1i + x3i; t3r = x1r - x3r; t3i = x1i - x3i;
    const a20r = t0r + t2r, a20i = t0i + t2i;
    ur = t1r + t3i;
    ui = t1i - t3r;
    const a21r = SQRT1_2 * (ur + ui), a21i = SQRT1_2 * (ui - ur);
    const a22r = t0i - t2i, a22i = t2r - t0r; // ·(−i)
    ur = t1r - t3i;
    ui = t1i + t3r;
    const a23r = SQRT1_2 * (ui - ur), a23i = -SQRT1_2 * (ur + ui);
    // r = 3, times W16^{0,3,6,9}
    sa += e;
    sb += e;
    x0r = a[sa]; x0i = b[sb]; x1r = a[sa + e4]; x1i = b[sb + e4];
    x2r = a[sa + 2 * e4]; x2i = b[sb + 2 * e4]; x3r = a[sa + 3 * e4]; x3i = b[sb + 3 * e4];
    t0r = x0r + x2r; t0i = x0i + x2i; t1r = x0r - x2r; t1i = x0i - x2i;
    t2r = x1r + x3r; t2i = x1i + x3i; t3r = x1r - x3r; t3i = x1i - x3i;
    const a30r = t0r + t2r, a30i = t0i + t2i;
    ur = t1r + t3i;
    ui = t1i - t3r;
    const a31r = S16 * ur + C16 * ui, a31i = S16 * ui - C16 * ur;
    ur = t0r - t2r;
    ui = t0i - t2i;
    const a32r = SQRT1_2 * (ui - ur), a32i = -SQRT1_2 * (ur + ui);
    ur = t1r - t3i;
    ui = t1i + t3r;
    const a33r = -C16 * ur - S16 * ui, a33i = S16 * ur - C16 * ui;
    // DFT4 over r for each k1: X[k1 + 4·k2] at w[o + 2·(k1 + 4·k2)]
    t0r = a00r + a20r; t0i = a00i + a20i; t1r = a00r - a20r; t1i = a00i - a20i;
    t2r = a10r + a30r; t2i = a10i + a30i; t3r = a10r - a30r; t3i = a10i - a30i;
    w[o] = t0r + t2r; w[o + 1] = t0i + t2i;
    w[o + 16] = t0r - t2r; w[o + 17] = t0i - t2i;
    w[o + 8] = t1r + t3i; w[o + 9] = t1i - t3r;
    w[o + 24] = t1r - t3i; w[o + 25] = t1i + t3r;
    t0r = a01r + a21r; t0i = a01i + a21i; t1r = a01r - a21r; t1i = a01i - a21i;
    t2r = a11r + a31r; t2i = a11i + a31i; t3r = a11r - a31r; t3i = a11i - a31i;
    w[o + 2] = t0r + t2r; w[o + 3] = t0i + t2i;
    w[o + 18] = t0r - t2r; w[o + 19] = t0i - t2i;
    w[o + 10] = t1r + t3i; w[o + 11] = t1i - t3r;
    w[o + 26] = t1r - t3i; w[o + 27] = t1i + t3r;
    t0r = a02r + a22r; t0i = a02i + a22i; t1r = a02r - a22r; t1i = a02i - a22i;
    t2r = a12r + a32r; t2i = a12i + a32i; t3r = a12r - a32r; t3i = a12i - a32i;
    w[o + 4] = t0r + t2r; w[o + 5] = t0i + t2i;
    w[o + 20] = t0r - t2r; w[o + 21] = t0i - t2i;
    w[o + 12] = t1r + t3i; w[o + 13] = t1i - t3r;
    w[o + 28] = t1r - t3i; w[o + 29] = t1i + t3r;
    t0r = a03r + a23r; t0i = a03i + a23i; t1r = a03r - a23r; t1i = a03i - a23i;
    t2r = a13r + a33r; t2i = a13i + a33i; t3r = a13r - a33r; t3i = a13i - a33i;
    w[o + 6] = t0r + t2r; w[o + 7] = t0i + t2i;
    w[o + 22] = t0r - t2r; w[o + 23] = t0i - t2i;
    w[o + 14] = t1r + t3i; w[o + 15] = t1i - t3r;
    w[o + 30] = t1r - t3i; w[o + 31] = t1i + t3r;
  }
}

/**
 * One radix-4 decimation-in-time stage over work[0, size): combines four length-m transforms
 * into one of length 4m. With bit-reversed input the quarter at offset m holds the x[4r+2]
 * transform and the one at 2m the x[4r+1] transform, hence w2 on the first and w1 on the second.
 */
function radix4Stage(w: number[], m: number, tw: number[], size: number): void {
  const span = 8 * m, m2 = 2 * m, end = 2 * size;
  for (let base = 0; base < end; base += span) {
    for (let j = 0, t = 0; j < m2; j += 2, t += 6) {
      const i0 = base + j, i1 = i0 + m2, i2 = i1 + m2, i3 = i2 + m2;
      const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
      const ar = w[i0], ai = w[i0 + 1];
      let xr = w[i1], xi = w[i1 + 1];
      const cr = xr * w2r - xi * w2i, ci = xr * w2i + xi * w2r;
      xr = w[i2];
      xi = w[i2 + 1];
      const br = xr * w1r - xi * w1i, bi = xr * w1i + xi * w1r;
      xr = w[i3];
      xi = w[i3 + 1];
      const dr = xr * w3r - xi * w3i, di = xr * w3i + xi * w3r;
      const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
      const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
      w[i0] = t0r + t2r;
      w[i0 + 1] = t0i + t2i;
      w[i2] = t0r - t2r;
      w[i2 + 1] = t0i - t2i;
      w[i1] = t1r + t3i;
      w[i1 + 1] = t1i - t3r;
      w[i3] = t1r - t3i;
      w[i3 + 1] = t1i + t3r;
    }
  }
}

/** radix4Stage with the loops swapped: for small m the twiddles stay in registers across groups. */
function radix4StageByTwiddle(w: number[], m: number, tw: number[], size: number): void {
  const span = 8 * m, m2 = 2 * m, end = 2 * size;
  for (let j = 0, t = 0; j < m2; j += 2, t += 6) {
    const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
    for (let i0 = j; i0 < end; i0 += span) {
      const i1 = i0 + m2, i2 = i1 + m2, i3 = i2 + m2;
      const ar = w[i0], ai = w[i0 + 1];
      let xr = w[i1], xi = w[i1 + 1];
      const cr = xr * w2r - xi * w2i, ci = xr * w2i + xi * w2r;
      xr = w[i2];
      xi = w[i2 + 1];
      const br = xr * w1r - xi * w1i, bi = xr * w1i + xi * w1r;
      xr = w[i3];
      xi = w[i3 + 1];
      const dr = xr * w3r - xi * w3i, di = xr * w3i + xi * w3r;
      const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
      const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
      w[i0] = t0r + t2r;
      w[i0 + 1] = t0i + t2i;
      w[i2] = t0r - t2r;
      w[i2 + 1] = t0i - t2i;
      w[i1] = t1r + t3i;
      w[i1 + 1] = t1i - t3r;
      w[i3] = t1r - t3i;
      w[i3 + 1] = t1i + t3r;
    }
  }
}

/** The last radix-4 stage (one group of 4m = size points), written to the strided output. */
function radix4LastStage(
  w: number[], m: number, tw: number[], ya: Float64Array, yb: Float64Array, oa: number, ob: number, os: number,
): void {
  const m2 = 2 * m, om = os * m;
  for (let j = 0, t = 0, o = 0; j < m2; j += 2, t += 6, o += os) {
    const i1 = j + m2, i2 = i1 + m2, i3 = i2 + m2;
    const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
    const ar = w[j], ai = w[j + 1];
    let xr = w[i1], xi = w[i1 + 1];
    const cr = xr * w2r - xi * w2i, ci = xr * w2i + xi * w2r;
    xr = w[i2];
    xi = w[i2 + 1];
    const br = xr * w1r - xi * w1i, bi = xr * w1i + xi * w1r;
    xr = w[i3];
    xi = w[i3 + 1];
    const dr = xr * w3r - xi * w3i, di = xr * w3i + xi * w3r;
    const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
    const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
    const pa = oa + o, pb = ob + o;
    ya[pa] = t0r + t2r;
    yb[pb] = t0i + t2i;
    ya[pa + 2 * om] = t0r - t2r;
    yb[pb + 2 * om] = t0i - t2i;
    ya[pa + om] = t1r + t3i;
    yb[pb + om] = t1i - t3r;
    ya[pa + 3 * om] = t1r - t3i;
    yb[pb + 3 * om] = t1i + t3r;
  }
}

// ---------------------------------------------------------------------------------------------
// Batched transforms for the four-step algorithm

/** Sequences transformed together: 8 doubles = one 64-byte cache line of each input array. */
const BATCH = 8;

/**
 * BATCH transforms of one length (a power of two ≥ 16) at once, element k of sequence c held at
 * work[2·(k·BATCH + c)]: every butterfly loop runs over the batch innermost, so twiddles are
 * loaded once per BATCH butterflies and the strided inputs and outputs are read and written a
 * whole cache line at a time.
 */
class BatchFft {
  private readonly first: number;
  private readonly rev: Int32Array;
  private readonly spans: number[] = [];
  private readonly tables: number[][] = [];
  readonly work: number[];

  constructor(readonly size: number) {
    let log = 0;
    while (1 << log < size) log++;
    this.first = (log & 1) === 1 ? 8 : 4;
    const groups = size / this.first;
    this.rev = new Int32Array(groups);
    for (let g = 0; g < groups; g++) this.rev[g] = reverseBits(g * this.first, log);
    for (let m = this.first; 4 * m <= size; m *= 4) {
      this.spans.push(m);
      this.tables.push(radix4Table(m));
    }
    this.work = doubleArray(2 * BATCH * size);
  }

  /** Permuting first stage and the middle stages; element (k, c) of the input at a[ia + is·k + cs·c]. */
  load(a: Float64Array, b: Float64Array, ia: number, ib: number, is: number, cs: number): void {
    const w = this.work, size = this.size;
    if (this.first === 8) batchGatherRadix8(a, b, ia, ib, is, cs, this.rev, w, size);
    else batchGatherRadix4(a, b, ia, ib, is, cs, this.rev, w, size);
    const last = this.spans.length - 1;
    for (let s = 0; s < last; s++) batchRadix4Stage(w, this.spans[s], this.tables[s], size);
  }

  /** The last stage, element (k, c) of the output to ya[oa + os·k + ocs·c]. */
  store(ya: Float64Array, yb: Float64Array, oa: number, ob: number, os: number, ocs: number): void {
    const last = this.spans.length - 1;
    batchRadix4Last(this.work, this.spans[last], this.tables[last], ya, yb, oa, ob, os, ocs);
  }

  /** As store, each output times the next factor of `twiddles` (from t0; see Pow2Kernel). */
  storeTwiddled(
    ya: Float64Array, yb: Float64Array, oa: number, ob: number, os: number, ocs: number, twiddles: number[], t0: number,
  ): void {
    const last = this.spans.length - 1;
    batchRadix4LastTwiddled(this.work, this.spans[last], this.tables[last], ya, yb, oa, ob, os, ocs, twiddles, t0);
  }
}

function batchGatherRadix4(
  a: Float64Array, b: Float64Array, ia: number, ib: number, is: number, cs: number, rev: Int32Array, w: number[], size: number,
): void {
  const groups = size >> 2;
  const quarter = is * groups;
  // Walk the input in order (p rising) and scatter into the work array: the strided rows are
  // then read as ascending streams instead of in bit-reversed order.
  for (let i = 0; i < groups; i++) {
    const p = i * is;
    const o = 8 * BATCH * rev[i];
    for (let c = 0, cc = 0; c < 2 * BATCH; c += 2, cc += cs) {
      let sa = ia + p + cc, sb = ib + p + cc;
      const x0r = a[sa], x0i = b[sb];
      sa += quarter;
      sb += quarter;
      const x1r = a[sa], x1i = b[sb];
      sa += quarter;
      sb += quarter;
      const x2r = a[sa], x2i = b[sb];
      sa += quarter;
      sb += quarter;
      const x3r = a[sa], x3i = b[sb];
      const t0r = x0r + x2r, t0i = x0i + x2i, t1r = x0r - x2r, t1i = x0i - x2i;
      const t2r = x1r + x3r, t2i = x1i + x3i, t3r = x1r - x3r, t3i = x1i - x3i;
      const i0 = o + c, i1 = i0 + 2 * BATCH, i2 = i1 + 2 * BATCH, i3 = i2 + 2 * BATCH;
      w[i0] = t0r + t2r;
      w[i0 + 1] = t0i + t2i;
      w[i2] = t0r - t2r;
      w[i2 + 1] = t0i - t2i;
      w[i1] = t1r + t3i;
      w[i1 + 1] = t1i - t3r;
      w[i3] = t1r - t3i;
      w[i3 + 1] = t1i + t3r;
    }
  }
}

function batchGatherRadix8(
  a: Float64Array, b: Float64Array, ia: number, ib: number, is: number, cs: number, rev: Int32Array, w: number[], size: number,
): void {
  const groups = size >> 3;
  const e = is * groups;
  const step = 2 * BATCH;
  for (let i = 0; i < groups; i++) {
    const p = i * is;
    const o = 16 * BATCH * rev[i];
    for (let c = 0, cc = 0; c < step; c += 2, cc += cs) {
      const sa = ia + p + cc, sb = ib + p + cc;
      let pr = a[sa], pi = b[sb], qr = a[sa + 4 * e], qi = b[sb + 4 * e];
      const a0r = pr + qr, a0i = pi + qi, a1r = pr - qr, a1i = pi - qi;
      pr = a[sa + 2 * e]; pi = b[sb + 2 * e]; qr = a[sa + 6 * e]; qi = b[sb + 6 * e];
      const b0r = pr + qr, b0i = pi + qi, b1r = pr - qr, b1i = pi - qi;
      pr = a[sa + e]; pi = b[sb + e]; qr = a[sa + 5 * e]; qi = b[sb + 5 * e];
      const c0r = pr + qr, c0i = pi + qi, c1r = pr - qr, c1i = pi - qi;
      pr = a[sa + 3 * e]; pi = b[sb + 3 * e]; qr = a[sa + 7 * e]; qi = b[sb + 7 * e];
      const d0r = pr + qr, d0i = pi + qi, d1r = pr - qr, d1i = pi - qi;
      const e0r = a0r + b0r, e0i = a0i + b0i, e2r = a0r - b0r, e2i = a0i - b0i;
      const e1r = a1r + b1i, e1i = a1i - b1r, e3r = a1r - b1i, e3i = a1i + b1r;
      const o0r = c0r + d0r, o0i = c0i + d0i, o2r = c0r - d0r, o2i = c0i - d0i;
      const o1r = c1r + d1i, o1i = c1i - d1r, o3r = c1r - d1i, o3i = c1i + d1r;
      const t1r = SQRT1_2 * (o1r + o1i), t1i = SQRT1_2 * (o1i - o1r);
      const t3r = SQRT1_2 * (o3i - o3r), t3i = -SQRT1_2 * (o3r + o3i);
      const i = o + c;
      w[i] = e0r + o0r; w[i + 1] = e0i + o0i;
      w[i + 4 * step] = e0r - o0r; w[i + 4 * step + 1] = e0i - o0i;
      w[i + step] = e1r + t1r; w[i + step + 1] = e1i + t1i;
      w[i + 5 * step] = e1r - t1r; w[i + 5 * step + 1] = e1i - t1i;
      w[i + 2 * step] = e2r + o2i; w[i + 2 * step + 1] = e2i - o2r;
      w[i + 6 * step] = e2r - o2i; w[i + 6 * step + 1] = e2i + o2r;
      w[i + 3 * step] = e3r + t3r; w[i + 3 * step + 1] = e3i + t3i;
      w[i + 7 * step] = e3r - t3r; w[i + 7 * step + 1] = e3i - t3i;
    }
  }
}

/** radix4Stage over BATCH interleaved sequences (see BatchFft). */
function batchRadix4Stage(w: number[], m: number, tw: number[], size: number): void {
  const q = 2 * BATCH * m, span = 4 * q, end = 2 * BATCH * size;
  for (let base = 0; base < end; base += span) {
    for (let j = 0, t = 0; j < q; j += 2 * BATCH, t += 6) {
      const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
      const stop = base + j + 2 * BATCH;
      for (let i0 = base + j; i0 < stop; i0 += 2) {
        const i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
        const ar = w[i0], ai = w[i0 + 1];
        let xr = w[i1], xi = w[i1 + 1];
        const cr = xr * w2r - xi * w2i, ci = xr * w2i + xi * w2r;
        xr = w[i2];
        xi = w[i2 + 1];
        const br = xr * w1r - xi * w1i, bi = xr * w1i + xi * w1r;
        xr = w[i3];
        xi = w[i3 + 1];
        const dr = xr * w3r - xi * w3i, di = xr * w3i + xi * w3r;
        const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
        const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
        w[i0] = t0r + t2r;
        w[i0 + 1] = t0i + t2i;
        w[i2] = t0r - t2r;
        w[i2 + 1] = t0i - t2i;
        w[i1] = t1r + t3i;
        w[i1 + 1] = t1i - t3r;
        w[i3] = t1r - t3i;
        w[i3 + 1] = t1i + t3r;
      }
    }
  }
}

function batchRadix4Last(
  w: number[], m: number, tw: number[], ya: Float64Array, yb: Float64Array, oa: number, ob: number, os: number, ocs: number,
): void {
  const q = 2 * BATCH * m, om = os * m;
  for (let j = 0, t = 0, k = 0; j < q; j += 2 * BATCH, t += 6, k++) {
    const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
    for (let c = 0, oc = os * k; c < 2 * BATCH; c += 2, oc += ocs) {
      const i0 = j + c, i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
      const ar = w[i0], ai = w[i0 + 1];
      let xr = w[i1], xi = w[i1 + 1];
      const cr = xr * w2r - xi * w2i, ci = xr * w2i + xi * w2r;
      xr = w[i2];
      xi = w[i2 + 1];
      const br = xr * w1r - xi * w1i, bi = xr * w1i + xi * w1r;
      xr = w[i3];
      xi = w[i3 + 1];
      const dr = xr * w3r - xi * w3i, di = xr * w3i + xi * w3r;
      const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
      const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
      const pa = oa + oc, pb = ob + oc;
      ya[pa] = t0r + t2r;
      yb[pb] = t0i + t2i;
      ya[pa + 2 * om] = t0r - t2r;
      yb[pb + 2 * om] = t0i - t2i;
      ya[pa + om] = t1r + t3i;
      yb[pb + om] = t1i - t3r;
      ya[pa + 3 * om] = t1r - t3i;
      yb[pb + 3 * om] = t1i + t3r;
    }
  }
}

/**
 * As batchRadix4Last with each output multiplied by a twiddle read in order from `twiddles`
 * (starting at element t0: for each k, for each sequence, the four outputs' factors).
 */
function batchRadix4LastTwiddled(
  w: number[], m: number, tw: number[], ya: Float64Array, yb: Float64Array, oa: number, ob: number, os: number, ocs: number,
  twiddles: number[], t0: number,
): void {
  const q = 2 * BATCH * m, om = os * m;
  for (let j = 0, t = 0, k = 0, v = t0; j < q; j += 2 * BATCH, t += 6, k++) {
    const w1r = tw[t], w1i = tw[t + 1], w2r = tw[t + 2], w2i = tw[t + 3], w3r = tw[t + 4], w3i = tw[t + 5];
    for (let c = 0, oc = os * k; c < 2 * BATCH; c += 2, oc += ocs, v += 8) {
      const i0 = j + c, i1 = i0 + q, i2 = i1 + q, i3 = i2 + q;
      const ar = w[i0], ai = w[i0 + 1];
      let xr = w[i1], xi = w[i1 + 1];
      const cr = xr * w2r - xi * w2i, ci = xr * w2i + xi * w2r;
      xr = w[i2];
      xi = w[i2 + 1];
      const br = xr * w1r - xi * w1i, bi = xr * w1i + xi * w1r;
      xr = w[i3];
      xi = w[i3 + 1];
      const dr = xr * w3r - xi * w3i, di = xr * w3i + xi * w3r;
      const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
      const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
      const pa = oa + oc, pb = ob + oc;
      let vr = twiddles[v], vi = twiddles[v + 1];
      let ur = t0r + t2r, ui = t0i + t2i;
      ya[pa] = ur * vr - ui * vi;
      yb[pb] = ur * vi + ui * vr;
      vr = twiddles[v + 2];
      vi = twiddles[v + 3];
      ur = t1r + t3i;
      ui = t1i - t3r;
      ya[pa + om] = ur * vr - ui * vi;
      yb[pb + om] = ur * vi + ui * vr;
      vr = twiddles[v + 4];
      vi = twiddles[v + 5];
      ur = t0r - t2r;
      ui = t0i - t2i;
      ya[pa + 2 * om] = ur * vr - ui * vi;
      yb[pb + 2 * om] = ur * vi + ui * vr;
      vr = twiddles[v + 6];
      vi = twiddles[v + 7];
      ur = t1r - t3i;
      ui = t1i + t3r;
      ya[pa + 3 * om] = ur * vr - ui * vi;
      yb[pb + 3 * om] = ur * vi + ui * vr;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Forward power-of-two FFT of any size (see the module comment). Not reentrant: one transform
 * at a time per kernel (JavaScript runs one at a time per thread anyway).
 */
export class Pow2Kernel {
  private readonly small: SmallFft | undefined;
  private readonly n1: number;
  private readonly n2: number;
  private readonly rows: BatchFft | undefined;
  private readonly columns: BatchFft | undefined;
  /**
   * The four-step twiddles W_n^{j1·k2} in the order step 1 consumes them: for each batch of
   * sequences j1, for k = 0..n2/4 − 1, for each sequence, k2 = k, k + n2/4, k + n2/2, k + 3n2/4.
   */
  private readonly twiddles: number[];
  /** The n1 × n2 intermediate, stored transposed: mid[k2·n1 + j1]. */
  private readonly midR: Float64Array;
  private readonly midI: Float64Array;

  constructor(readonly n: number) {
    let log = 0;
    while (1 << log < n) log++;
    if (n <= SMALL_MAX) {
      this.small = smallFft(n);
      this.n1 = this.n2 = 0;
      this.twiddles = [];
      this.midR = this.midI = new Float64Array(0);
      return;
    }
    // n2 (the row length) gets the extra bit when log2 n is odd.
    this.n2 = 1 << ((log + 1) >> 1);
    this.n1 = n / this.n2;
    this.rows = batchFft(this.n2);
    this.columns = batchFft(this.n1);
    const n1 = this.n1, n2 = this.n2, quarter = n2 >> 2;
    this.twiddles = doubleArray(2 * n);
    // W_n^e = W_n1^(e >> log n2) · W_n^(e mod n2): both factors exact to rounding.
    const highR = new Float64Array(n1), highI = new Float64Array(n1), lowR = new Float64Array(n2), lowI = new Float64Array(n2);
    for (let h = 0; h < n1; h++) {
      highR[h] = Math.cos((-2 * Math.PI * h) / n1);
      highI[h] = Math.sin((-2 * Math.PI * h) / n1);
    }
    for (let l = 0; l < n2; l++) {
      lowR[l] = Math.cos((-2 * Math.PI * l) / n);
      lowI[l] = Math.sin((-2 * Math.PI * l) / n);
    }
    let v = 0;
    for (let j1 = 0; j1 < n1; j1 += BATCH) {
      for (let k = 0; k < quarter; k++) {
        for (let c = 0; c < BATCH; c++) {
          for (let part = 0; part < 4; part++) {
            const e = (j1 + c) * (k + part * quarter), h = Math.floor(e / n2), l = e % n2;
            this.twiddles[v++] = highR[h] * lowR[l] - highI[h] * lowI[l];
            this.twiddles[v++] = highR[h] * lowI[l] + highI[h] * lowR[l];
          }
        }
      }
    }
    this.midR = new Float64Array(n);
    this.midI = new Float64Array(n);
  }

  /**
   * For 16 ≤ n ≤ WORK_MAX: the transform of the strided input left interleaved in the kernel's
   * work array (valid until the next transform of this length), saving the output pass.
   */
  transformToWork(a: Float64Array, b: Float64Array, ia: number, ib: number, is: number): number[] | undefined {
    return this.n >= 16 && this.n <= WORK_MAX ? smallFft(this.n).runToWork(a, b, ia, ib, is) : undefined;
  }

  /** Forward transform of split arrays (in place allowed). */
  transform(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    this.transformStrided(xr, xi, 0, 0, 1, yr, yi, 0, 0, 1);
  }

  /** Forward transform between strided views (see the module comment). */
  transformStrided(
    a: Float64Array, b: Float64Array, ia: number, ib: number, is: number,
    ya: Float64Array, yb: Float64Array, oa: number, ob: number, os: number,
  ): void {
    if (this.small) {
      this.small.run(a, b, ia, ib, is, ya, yb, oa, ob, os);
      return;
    }
    const n1 = this.n1, n2 = this.n2, rows = this.rows!, columns = this.columns!;
    const midR = this.midR, midI = this.midI;
    // Step 1: sequence j1 (x[j2·n1 + j1]) → DFT_n2, times W_n^{j1·k2}, to mid[k2·n1 + j1].
    for (let j1 = 0; j1 < n1; j1 += BATCH) {
      const off = j1 * is;
      rows.load(a, b, ia + off, ib + off, is * n1, is);
      rows.storeTwiddled(midR, midI, j1, j1, n1, 1, this.twiddles, 2 * j1 * n2);
    }
    // Step 2: sequence k2 (mid[k2·n1 + j1], contiguous) → DFT_n1 = X[k1·n2 + k2].
    for (let k2 = 0; k2 < n2; k2 += BATCH) {
      columns.load(midR, midI, k2 * n1, k2 * n1, 1, n1);
      const off = k2 * os;
      columns.store(ya, yb, oa + off, ob + off, os * n2, os);
    }
  }
}

/**
 * Transforms the columns [c0, c1) of a row-major split complex matrix (row stride `stride`,
 * `height` rows, a power of two ≥ 16) in place, BATCH adjacent columns at a time: each row's
 * cache line is read and written once per batch, with no transposition buffers. Unscaled in
 * both directions (inverse by the swap trick). c1 − c0 must be a multiple of BATCH.
 */
export function transformColumnBatches(
  re: Float64Array, im: Float64Array, stride: number, height: number, c0: number, c1: number, inverse: boolean,
): void {
  const batch = batchFft(height);
  const a = inverse ? im : re, b = inverse ? re : im;
  for (let c = c0; c < c1; c += BATCH) {
    batch.load(a, b, c, c, stride, 1);
    batch.store(a, b, c, c, stride, 1);
  }
}

/** Columns per transformColumnBatches step. */
export const COLUMN_BATCH = BATCH;

// The sub-kernels below are shared by every plan that uses their size, and only powers of two
// reach them (batch sizes ≤ 2^12, in-cache sizes ≤ WORK_MAX): together at most ~10 MB however
// many lengths a session meets, so plain maps; plans that hold them count them in their bytes.
const batchFfts = new Map<number, BatchFft>();

function batchFft(size: number): BatchFft {
  let kernel = batchFfts.get(size);
  if (!kernel) {
    kernel = new BatchFft(size);
    batchFfts.set(size, kernel);
  }
  return kernel;
}

const smallFfts = new Map<number, SmallFft>();

function smallFft(size: number): SmallFft {
  let kernel = smallFfts.get(size);
  if (!kernel) {
    kernel = new SmallFft(size);
    smallFfts.set(size, kernel);
  }
  return kernel;
}
