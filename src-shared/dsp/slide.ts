/**
 * Sliding dot products, the inner loops of direct convolution (1-D and 2-D, internal to the
 * DSP core). Shape chosen by measurement in V8: four outputs per pass over the taps, two taps
 * per step, so every loaded sample feeds several multiply-adds and the four sums are
 * independent dependency chains (0.33 ns per multiply-add here, against 0.87 for one dot
 * product per output). Each function sees one typed-array type per argument.
 */

/** out[oo + k] = Σ_m r[m]·x[xo + k + m] for k < count. */
export function slideDot(x: Float64Array, xo: number, r: Float64Array, out: Float64Array, oo: number, count: number): void {
  const taps = r.length, even = taps & ~1;
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const base = xo + k;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let x0 = x[base], x1 = x[base + 1], x2 = x[base + 2];
    let m = 0;
    for (let i = base + 3; m < even; m += 2, i += 2) {
      const w = r[m], v = r[m + 1];
      const x3 = x[i], x4 = x[i + 1];
      s0 += w * x0 + v * x1;
      s1 += w * x1 + v * x2;
      s2 += w * x2 + v * x3;
      s3 += w * x3 + v * x4;
      x0 = x2;
      x1 = x3;
      x2 = x4;
    }
    if (m < taps) {
      const w = r[m];
      s0 += w * x0;
      s1 += w * x1;
      s2 += w * x2;
      s3 += w * x[base + m + 3];
    }
    out[oo + k] = s0;
    out[oo + k + 1] = s1;
    out[oo + k + 2] = s2;
    out[oo + k + 3] = s3;
  }
  for (; k < count; k++) {
    let s = 0;
    for (let m = 0; m < taps; m++) s += r[m] * x[xo + k + m];
    out[oo + k] = s;
  }
}

/**
 * 2-D: out[oo + k] = Σ_i Σ_m w[i·kw + m]·x[rows[i] + k + m] for k < count, i < kh — kh rows of
 * x (at offsets rows[i]) under a kw × kh correlation kernel, summed in f64, stored as f32.
 */
export function slideRows(
  x: Float64Array, rows: Int32Array, w: Float64Array, kw: number, kh: number, out: Float32Array, oo: number, count: number,
): void {
  const even = kw & ~1;
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let row = 0, wo = 0; row < kh; row++, wo += kw) {
      const base = rows[row] + k;
      let x0 = x[base], x1 = x[base + 1], x2 = x[base + 2];
      let m = 0;
      for (let i = base + 3; m < even; m += 2, i += 2) {
        const a = w[wo + m], b = w[wo + m + 1];
        const x3 = x[i], x4 = x[i + 1];
        s0 += a * x0 + b * x1;
        s1 += a * x1 + b * x2;
        s2 += a * x2 + b * x3;
        s3 += a * x3 + b * x4;
        x0 = x2;
        x1 = x3;
        x2 = x4;
      }
      if (m < kw) {
        const a = w[wo + m];
        s0 += a * x0;
        s1 += a * x1;
        s2 += a * x2;
        s3 += a * x[base + m + 3];
      }
    }
    out[oo + k] = s0;
    out[oo + k + 1] = s1;
    out[oo + k + 2] = s2;
    out[oo + k + 3] = s3;
  }
  for (; k < count; k++) {
    let s = 0;
    for (let row = 0; row < kh; row++) {
      for (let m = 0; m < kw; m++) s += w[row * kw + m] * x[rows[row] + k + m];
    }
    out[oo + k] = s;
  }
}

/**
 * Vertical taps: out[oo + k] = Σ_i w[i]·x[rows[i] + k] for k < count (eight columns per pass:
 * eight independent sums over contiguous loads).
 */
export function slideColumns(
  x: Float64Array, rows: Int32Array, w: Float64Array, out: Float32Array, oo: number, count: number,
): void {
  const taps = w.length;
  let k = 0;
  for (; k + 8 <= count; k += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let i = 0; i < taps; i++) {
      const o = rows[i] + k, c = w[i];
      s0 += c * x[o];
      s1 += c * x[o + 1];
      s2 += c * x[o + 2];
      s3 += c * x[o + 3];
      s4 += c * x[o + 4];
      s5 += c * x[o + 5];
      s6 += c * x[o + 6];
      s7 += c * x[o + 7];
    }
    out[oo + k] = s0;
    out[oo + k + 1] = s1;
    out[oo + k + 2] = s2;
    out[oo + k + 3] = s3;
    out[oo + k + 4] = s4;
    out[oo + k + 5] = s5;
    out[oo + k + 6] = s6;
    out[oo + k + 7] = s7;
  }
  for (; k < count; k++) {
    let s = 0;
    for (let i = 0; i < taps; i++) s += w[i] * x[rows[i] + k];
    out[oo + k] = s;
  }
}

/**
 * Two output rows of vertical taps at once: out[oo + k] = Σ_i w[i]·x[rows[i] + k] and
 * out[oo + stride + k] = Σ_i w[i]·x[rows[i + 1] + k] (rows has taps + 1 entries). Each loaded
 * sample feeds both rows, halving the loads per multiply-add of slideColumns.
 */
export function slideColumnsPair(
  x: Float64Array, rows: Int32Array, w: Float64Array, out: Float32Array, oo: number, stride: number, count: number,
): void {
  const taps = w.length;
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    let o = rows[0] + k, c = w[0];
    let a0 = c * x[o], a1 = c * x[o + 1], a2 = c * x[o + 2], a3 = c * x[o + 3];
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (let i = 1; i < taps; i++) {
      o = rows[i] + k;
      const x0 = x[o], x1 = x[o + 1], x2 = x[o + 2], x3 = x[o + 3];
      c = w[i];
      const d = w[i - 1];
      a0 += c * x0;
      a1 += c * x1;
      a2 += c * x2;
      a3 += c * x3;
      b0 += d * x0;
      b1 += d * x1;
      b2 += d * x2;
      b3 += d * x3;
    }
    o = rows[taps] + k;
    c = w[taps - 1];
    b0 += c * x[o];
    b1 += c * x[o + 1];
    b2 += c * x[o + 2];
    b3 += c * x[o + 3];
    const p = oo + k;
    out[p] = a0;
    out[p + 1] = a1;
    out[p + 2] = a2;
    out[p + 3] = a3;
    out[p + stride] = b0;
    out[p + stride + 1] = b1;
    out[p + stride + 2] = b2;
    out[p + stride + 3] = b3;
  }
  for (; k < count; k++) {
    let a = 0, b = 0;
    for (let i = 0; i < taps; i++) {
      a += w[i] * x[rows[i] + k];
      b += w[i] * x[rows[i + 1] + k];
    }
    out[oo + k] = a;
    out[oo + stride + k] = b;
  }
}
