/**
 * f32x4 kernels for 2-D images (../convolve2d-simd.ts): the separable passes, fused and tiled
 * in column strips, and the direct sum with f32 products and per-kernel-row f32 partial sums
 * added into f64. Pointers are byte addresses; rows are f32.
 *
 * Error analysis (u = 2^-24, the f32 unit roundoff; γ_n = n·u / (1 − n·u)):
 * - Separable, f32 throughout. A pass computes s = Σ_j w_j·x_j over n taps with the weights
 *   rounded to f32; the computed sum satisfies |ŝ − s| ≤ γ_{n+1}·Σ_j |w_j|·|x_j| (n products,
 *   n − 1 additions, one weight rounding). For a Gaussian the taps are ≥ 0 and sum to 1, so
 *   Σ|w_j||x_j| ≤ max|x| and the error is ≤ (n + 1)·u·max|x|; the two passes compose to
 *   ≤ (kw + kh + 2)·u·max|x| (the vertical pass sums rows already within that bound). For
 *   kw = kh = 61 (σ = 10) that is 124·2^-24 ≈ 7.4e-6 of max|x|, in the order of the f32 output's
 *   own rounding (6e-8 relative) times the tap count, and in practice ≈ √n of it (errors of
 *   random sign). Kernels with taps of both signs are bounded by Σ|w||x| in the same way, which
 *   can exceed max|x|·|Σw| when they cancel: the host uses this path for rank-1 kernels only,
 *   where each factor is short (≤ a few hundred taps).
 * - Direct: each kernel row's kw products are summed in f32 (|error| ≤ γ_{kw+1}·Σ_row |w||x|),
 *   then the kh row sums are added in f64 (error ≤ kh·2^-53·Σ|w||x|, negligible). So the whole
 *   sum is within (kw + 1)·u·Σ|w||x| — for a mixed-sign 31×31 kernel 32·2^-24 ≈ 1.9e-6 of
 *   Σ|w||x|, independent of kh: cancellation across rows is exact to f64. A full f32 sum over
 *   kw·kh taps would be 961·u ≈ 5.7e-5 of Σ|w||x|, too loose for an f32 result.
 * - Fused multiply-add (madd below). The module is built twice (src-main/dsp/build-wasm.ts): plain
 *   SIMD, where each product is rounded and then added, and with relaxed SIMD, where
 *   f32x4.relaxed_madd may round w·x + s once (x86 with FMA3, ARM NEON) or twice (elsewhere). A
 *   fused step has one rounding where the unfused has two, so every bound above holds for both
 *   modules as stated — the n products and n − 1 additions of a pass become at most that many
 *   roundings. The two modules' pixels may differ by up to twice the bound (each within it of the
 *   exact sum); the scalar tails (the last count mod 8 columns) are unfused in both.
 */

/** s + c·x per f32 lane: fused where the module is built with relaxed SIMD (see above). */
@inline function madd(c: v128, x: v128, s: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(c, x, s);
  return f32x4.add(s, f32x4.mul(c, x));
}

/**
 * out[0 .. 16) = Σ_j w[j]·row[j .. j + 16) over the weights [weights, end): sixteen outputs in
 * four f32x4 accumulators (independent addition chains).
 */
@inline function sixteen(row: usize, weights: usize, end: usize, out: usize): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let p = row;
  for (let w = weights; w < end; w += 4) {
    const c = v128.load32_splat(w);
    s0 = madd(c, v128.load(p), s0);
    s1 = madd(c, v128.load(p, 16), s1);
    s2 = madd(c, v128.load(p, 32), s2);
    s3 = madd(c, v128.load(p, 48), s3);
    p += 4;
  }
  v128.store(out, s0); v128.store(out, s1, 16); v128.store(out, s2, 32); v128.store(out, s3, 48);
}

/** Σ_j w[j]·row[q + j] for one output q, in f32. */
@inline function single(row: usize, weights: usize, end: usize): f32 {
  let s: f32 = 0;
  let p = row;
  for (let w = weights; w < end; w += 4) {
    s += load<f32>(w) * load<f32>(p);
    p += 4;
  }
  return s;
}

/**
 * Horizontal pass: out[q] = Σ_j w[j]·row[q + j] for q < count. Sixteen outputs per step, the taps
 * in residue order (j ≡ 0, 1, 2, 3 mod 4): tap j + 4 meets tap j's four input vectors moved by
 * one, so after a residue's first tap each tap loads one vector instead of four (as in
 * rowPassMirrored; the sum's terms in another order, within the same bound).
 */
@inline function rowPass(row: usize, weights: usize, taps: i32, out: usize, count: i32): void {
  let q = 0;
  const end = weights + (<usize>taps << 2);
  for (; q + 16 <= count; q += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    const start = row + (<usize>q << 2);
    for (let t: usize = 0; t < 4; t++) {
      let w = weights + (t << 2);
      if (w >= end) break;
      let p = start + (t << 2);
      let p0 = v128.load(p), p1 = v128.load(p, 16), p2 = v128.load(p, 32), p3 = v128.load(p, 48);
      while (true) {
        const c = v128.load32_splat(w);
        s0 = madd(c, p0, s0);
        s1 = madd(c, p1, s1);
        s2 = madd(c, p2, s2);
        s3 = madd(c, p3, s3);
        w += 16;
        if (w >= end) break;
        p += 16;
        p0 = p1; p1 = p2; p2 = p3; p3 = v128.load(p, 48);
      }
    }
    const o = out + (<usize>q << 2);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  for (; q < count; q++) store<f32>(out + (<usize>q << 2), single(row + (<usize>q << 2), weights, end));
}

/**
 * Horizontal pass for mirrored taps (w[j] = w[taps − 1 − j]): the two inputs a weight meets are
 * added first, so a Gaussian takes half the multiplies. Same sums, other order: the bound above
 * holds (one more addition per pair, the same count overall). Sixteen outputs per step take the
 * pairs in residue order (see the loop), which cuts the step's loads — what bounded this pass:
 * nine loads per pair and step before (8 of them unaligned, 1.5 crossing a cache line), against
 * four additions and four multiply-adds.
 */
@inline function rowPassMirrored(row: usize, weights: usize, taps: i32, out: usize, out2: usize, count: i32): void {
  const half = taps >> 1;
  const last = <usize>(taps - 1) << 2;
  const mid = weights + (<usize>half << 2);
  const odd = (taps & 1) != 0;
  let q = 0;
  for (; q + 16 <= count; q += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    const start = row + (<usize>q << 2);
    // The pairs j in residue order (j ≡ 0, then 1, 2, 3 mod 4): pair j + 4 meets the inputs of
    // pair j moved by one vector (p side forward, r side back), so after a residue's first pair
    // each pair loads one new vector per side instead of four.
    for (let t: usize = 0; t < 4; t++) {
      let w = weights + (t << 2);
      if (w >= mid) break;
      let p = start + (t << 2), r = start + last - (t << 2);
      let p0 = v128.load(p), p1 = v128.load(p, 16), p2 = v128.load(p, 32), p3 = v128.load(p, 48);
      let r0 = v128.load(r), r1 = v128.load(r, 16), r2 = v128.load(r, 32), r3 = v128.load(r, 48);
      while (true) {
        const c = v128.load32_splat(w);
        s0 = madd(c, f32x4.add(p0, r0), s0);
        s1 = madd(c, f32x4.add(p1, r1), s1);
        s2 = madd(c, f32x4.add(p2, r2), s2);
        s3 = madd(c, f32x4.add(p3, r3), s3);
        w += 16;
        if (w >= mid) break;
        p += 16; r -= 16;
        p0 = p1; p1 = p2; p2 = p3; p3 = v128.load(p, 48);
        r3 = r2; r2 = r1; r1 = r0; r0 = v128.load(r);
      }
    }
    if (odd) {
      const p = start + (<usize>half << 2);
      const c = v128.load32_splat(mid);
      s0 = madd(c, v128.load(p), s0);
      s1 = madd(c, v128.load(p, 16), s1);
      s2 = madd(c, v128.load(p, 32), s2);
      s3 = madd(c, v128.load(p, 48), s3);
    }
    const o = out + (<usize>q << 2), o2 = out2 + (<usize>q << 2);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
    v128.store(o2, s0); v128.store(o2, s1, 16); v128.store(o2, s2, 32); v128.store(o2, s3, 48);
  }
  if (q < count) {
    rowPass(row + (<usize>q << 2), weights, taps, out + (<usize>q << 2), count - q);
    memory.copy(out2 + (<usize>q << 2), out + (<usize>q << 2), <usize>(count - q) << 2);
  }
}

/**
 * Vertical pass: out[q] = Σ_i w[i]·rows[i][q] for q < count, rows[i] the f32 row at byte
 * address first + i·stride. Mirrored: w[i] = w[taps − 1 − i], rows paired first.
 */
@inline function columnPass(first: usize, stride: usize, weights: usize, taps: i32, mirrored: bool, out: usize, count: i32): void {
  const pairs = mirrored ? taps >> 1 : 0;
  const last = first + <usize>(taps - 1) * stride;
  let q = 0;
  for (; q + 16 <= count; q += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    const off = <usize>q << 2;
    let p = first + off, r = last + off, w = weights;
    let i = 0;
    for (; i < pairs; i++) {
      const c = v128.load32_splat(w);
      s0 = madd(c, f32x4.add(v128.load(p), v128.load(r)), s0);
      s1 = madd(c, f32x4.add(v128.load(p, 16), v128.load(r, 16)), s1);
      s2 = madd(c, f32x4.add(v128.load(p, 32), v128.load(r, 32)), s2);
      s3 = madd(c, f32x4.add(v128.load(p, 48), v128.load(r, 48)), s3);
      p += stride; r -= stride; w += 4;
    }
    for (let k = i; k < taps - i; k++) {
      const c = v128.load32_splat(w);
      s0 = madd(c, v128.load(p), s0);
      s1 = madd(c, v128.load(p, 16), s1);
      s2 = madd(c, v128.load(p, 32), s2);
      s3 = madd(c, v128.load(p, 48), s3);
      p += stride; w += 4;
    }
    const o = out + off;
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  // Eight more where they fit, so a row gets the same sums here as in columnPassPair.
  if (q + 8 <= count) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    const off = <usize>q << 2;
    let p = first + off, r = last + off, w = weights;
    let i = 0;
    for (; i < pairs; i++) {
      const c = v128.load32_splat(w);
      s0 = madd(c, f32x4.add(v128.load(p), v128.load(r)), s0);
      s1 = madd(c, f32x4.add(v128.load(p, 16), v128.load(r, 16)), s1);
      p += stride; r -= stride; w += 4;
    }
    for (let k = i; k < taps - i; k++) {
      const c = v128.load32_splat(w);
      s0 = madd(c, v128.load(p), s0);
      s1 = madd(c, v128.load(p, 16), s1);
      p += stride; w += 4;
    }
    v128.store(out + off, s0); v128.store(out + off, s1, 16);
    q += 8;
  }
  for (; q < count; q++) {
    let s: f32 = 0;
    const off = <usize>q << 2;
    for (let k = 0; k < taps; k++) {
      s += load<f32>(weights + (<usize>k << 2)) * load<f32>(first + <usize>k * stride + off);
    }
    store<f32>(out + off, s);
  }
}

/**
 * Vertical pass for two consecutive output rows with mirrored taps: out0[q] from the rows
 * rows[0 .. taps), out1[q] from rows[1 .. taps], row i at first + i·stride (taps + 1 rows).
 * Row r of the pair's window is loaded once and serves both outputs (out0's pair i meets rows i
 * and taps − 1 − i, out1's meets i + 1 and taps − i), so the loads per output halve; the sums
 * are columnPass's, term for term and in its order. Eight outputs per step: the loads kept
 * between steps take the registers a sixteen-wide step would need.
 */
@inline function columnPassPair(first: usize, stride: usize, weights: usize, taps: i32, out0: usize, out1: usize, count: i32): void {
  const half = taps >> 1;
  const odd = (taps & 1) != 0;
  const last = first + <usize>taps * stride;
  let q = 0;
  for (; q + 8 <= count; q += 8) {
    const off = <usize>q << 2;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), t0 = f32x4.splat(0), t1 = f32x4.splat(0);
    // a: row i (out0's near row), b: row taps − i (out1's far row) as the step starts.
    let n = first + off, m = last + off, w = weights;
    let a0 = v128.load(n), a1 = v128.load(n, 16);
    let b0 = v128.load(m), b1 = v128.load(m, 16);
    for (let i = 0; i < half; i++) {
      const c = v128.load32_splat(w);
      n += stride; m -= stride; w += 4;
      const n0 = v128.load(n), n1 = v128.load(n, 16), m0 = v128.load(m), m1 = v128.load(m, 16);
      s0 = madd(c, f32x4.add(a0, m0), s0);
      s1 = madd(c, f32x4.add(a1, m1), s1);
      t0 = madd(c, f32x4.add(n0, b0), t0);
      t1 = madd(c, f32x4.add(n1, b1), t1);
      a0 = n0; a1 = n1; b0 = m0; b1 = m1;
    }
    if (odd) {
      // The middle tap: row half for out0 (now in a), row half + 1 for out1 (now in b).
      const c = v128.load32_splat(w);
      s0 = madd(c, a0, s0);
      s1 = madd(c, a1, s1);
      t0 = madd(c, b0, t0);
      t1 = madd(c, b1, t1);
    }
    v128.store(out0 + off, s0); v128.store(out0 + off, s1, 16);
    v128.store(out1 + off, t0); v128.store(out1 + off, t1, 16);
  }
  for (; q < count; q++) {
    let s: f32 = 0, t: f32 = 0;
    const off = <usize>q << 2;
    for (let k = 0; k < taps; k++) {
      const w = load<f32>(weights + (<usize>k << 2));
      const p = first + <usize>k * stride + off;
      s += w * load<f32>(p);
      t += w * load<f32>(p + stride);
    }
    store<f32>(out0 + off, s);
    store<f32>(out1 + off, t);
  }
}

/**
 * Both separable passes over a block of padded rows, for the columns [x0, x1) of the output
 * (a strip: its input, ring and output parts stay in cache for the whole block).
 *
 * Block row b (b < rows) is padded row v = v0 + b of the band, at input + b·inputStride. Its
 * horizontal pass goes to ring slots s = v mod (kh + 1) and s + kh + 1 (the ring holds each of
 * its kh + 1 rows twice, 2·(kh + 1) slots ringStride bytes apart, so the window of any output row
 * is kh + 1 consecutive slots and the vertical pass steps through it by the stride); once kh rows
 * are in (v ≥ kh − 1), the vertical pass over rows v − kh + 1 … v writes output row v − kh + 1
 * of the band to out + b·outStride — with mirrored column taps two output rows at a time
 * (columnPassPair) while the block has a next row. Flags: bit 0 row taps mirrored, bit 1 column
 * taps mirrored.
 *
 * Edges (0: the rows are already padded). The block rows are then the image rows as they are,
 * one after another (inputStride = the image width), and only their inner padded columns
 * [inner0, inner1) hold data: a row's left border columns lie over the previous row's tail, its
 * right ones over the next row's head (or over slack before and after the block). Just before a
 * row's horizontal pass reads a border, the border columns it needs are saved, filled from the
 * row itself (column u takes image column source[u] of the row, −1: zero; padded column u is
 * image column startX + u) and put back after the pass, so the caller copies whole runs of image
 * rows with one copy each and no per-row padding. The table at `edges` (i32): inner0, inner1,
 * padWidth, startX, then source[u] for u < inner0 and for inner1 ≤ u < padWidth, then as many
 * f32 of room for the saved values. A source is never a border column (those lie outside the
 * row's image columns), so the order of the fills does not matter.
 */
export function separableStripF32(
  input: usize, inputStride: usize, v0: i32, rows: i32, ring: usize, ringStride: usize,
  rowWeights: usize, kw: i32, columnWeights: usize, kh: i32,
  out: usize, outStride: usize, x0: i32, x1: i32, flags: i32, edges: usize,
): void {
  const count = x1 - x0;
  // The padded columns this strip's horizontal pass reads: [x0, x1 + kw − 1).
  let left = 0, right = 0;
  if (edges != 0) {
    const inner0 = load<i32>(edges), inner1 = load<i32>(edges, 4), padWidth = load<i32>(edges, 8);
    if (x0 < inner0) left = inner0;
    if (x1 + kw - 1 > inner1) right = padWidth - inner1;
  }
  const offset = <usize>x0 << 2;
  const rowMirrored = (flags & 1) != 0, columnMirrored = (flags & 2) != 0;
  const slots = kh + 1;
  const twin = <usize>slots * ringStride;
  for (let b = 0; b < rows; b++) {
    const v = v0 + b;
    filterEdgedRow(input + <usize>b * inputStride, offset, ring + <usize>(v % slots) * ringStride + offset, twin, rowWeights, kw, rowMirrored, count, edges, left, right);
    if (v < kh - 1) continue;
    // Output row o = v − kh + 1 reads padded rows o … v; with mirrored taps and the next block row
    // at hand, rows o + 1 and v + 1 make the pair's second output (o + 1) too.
    const o = v - kh + 1;
    const pair = columnMirrored && b + 1 < rows;
    if (pair) filterEdgedRow(input + <usize>(b + 1) * inputStride, offset, ring + <usize>((v + 1) % slots) * ringStride + offset, twin, rowWeights, kw, rowMirrored, count, edges, left, right);
    const window = ring + <usize>(o % slots) * ringStride + offset;
    const target = out + <usize>b * outStride + offset;
    if (pair) {
      columnPassPair(window, ringStride, columnWeights, kh, target, target + outStride, count);
      b++;
    } else {
      columnPass(window, ringStride, columnWeights, kh, columnMirrored, target, count);
    }
  }
}

/**
 * filterRow for the padded row at `row` (the strip's columns from byte `offset` on), first filling
 * the `left` border columns before its inner part and the `right` ones after it from the edge
 * table (see separableStripF32) and putting back what they lay over afterwards.
 */
@inline function filterEdgedRow(
  row: usize, offset: usize, target: usize, twin: usize, weights: usize, kw: i32, mirrored: bool, count: i32,
  edges: usize, left: i32, right: i32,
): void {
  if (left == 0 && right == 0) {
    filterRow(row + offset, target, twin, weights, kw, mirrored, count);
    return;
  }
  const inner0 = load<i32>(edges), inner1 = load<i32>(edges, 4), padWidth = load<i32>(edges, 8);
  const image0 = row - (<usize>load<i32>(edges, 12) << 2); // image column 0 of this row
  const sources = edges + 16;
  const saved = sources + (<usize>(inner0 + padWidth - inner1) << 2);
  // Border column u of the table's entry e: u = e for e < inner0, inner1 + e − inner0 after.
  const e0 = left > 0 ? 0 : inner0, e1 = right > 0 ? inner0 + right : inner0;
  for (let e = e0; e < e1; e++) {
    const u = e < inner0 ? e : inner1 + e - inner0;
    const at = row + (<usize>u << 2);
    const source = load<i32>(sources + (<usize>e << 2));
    store<f32>(saved + (<usize>e << 2), load<f32>(at));
    store<f32>(at, source >= 0 ? load<f32>(image0 + (<usize>source << 2)) : 0);
  }
  filterRow(row + offset, target, twin, weights, kw, mirrored, count);
  for (let e = e0; e < e1; e++) {
    const u = e < inner0 ? e : inner1 + e - inner0;
    store<f32>(row + (<usize>u << 2), load<f32>(saved + (<usize>e << 2)));
  }
}

/** Horizontal pass of one padded row into its ring slot and the slot's twin, `twin` bytes on. */
@inline function filterRow(source: usize, target: usize, twin: usize, weights: usize, kw: i32, mirrored: bool, count: i32): void {
  if (mirrored) {
    rowPassMirrored(source, weights, kw, target, target + twin, count);
  } else {
    rowPass(source, weights, kw, target, count);
    memory.copy(target + twin, target, <usize>count << 2);
  }
}

/**
 * acc[q] += Σ_j w[j]·row[q + j] for q < count: one kernel row of a direct 2-D convolution,
 * the products and their sum in f32 (weights f32), added into the f64 accumulator row.
 */
export function correlateRowAddF32(row: usize, weights: usize, taps: i32, acc: usize, count: i32): void {
  let q = 0;
  const end = weights + (<usize>taps << 2);
  for (; q + 16 <= count; q += 16) {
    sixteen(row + (<usize>q << 2), weights, end, sums);
    const a = acc + (<usize>q << 3);
    addPromoted(a, v128.load(sums));
    addPromoted(a + 32, v128.load(sums, 16));
    addPromoted(a + 64, v128.load(sums, 32));
    addPromoted(a + 96, v128.load(sums, 48));
  }
  for (; q < count; q++) {
    const a = acc + (<usize>q << 3);
    store<f64>(a, load<f64>(a) + <f64>single(row + (<usize>q << 2), weights, end));
  }
}

/** Sixteen f32 sums on their way into f64 (static: the kernels run one call at a time per module). */
const sums = memory.data(64, 16);

/** acc[0..4) (f64) += the four lanes of s. */
@inline function addPromoted(acc: usize, s: v128): void {
  v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(s)));
  v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.promote_low_f32x4(v128.shuffle<u32>(s, s, 2, 3, 0, 1))), 16);
}
