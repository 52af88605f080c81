/**
 * Convolution kernels: 1-D direct sums (f64x2) and the accumulation step of overlap-add for
 * ../convolve-simd.ts; separable passes (f32x4) and direct sums (f64x2) over padded rows for
 * ../convolve3d-simd.ts (2-D images have their own in image2d.ts). Pointers are byte addresses.
 */

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

/** dst[k] += src[k] for k < count. */
export function accumulate(dst: usize, src: usize, count: i32): void {
  const end2 = dst + (<usize>(count & ~1) << 3);
  while (dst < end2) {
    v128.store(dst, f64x2.add(v128.load(dst), v128.load(src)));
    dst += 16; src += 16;
  }
  if (count & 1) store<f64>(dst, load<f64>(dst) + load<f64>(src));
}

/**
 * The spectrum of a real circular convolution from one complex FFT of both operands: with
 * Z = FFT(a + i·b) over n points (natural order, zr/zi), A[k] = (Z[k] + conj Z[n−k])/2 and
 * B[k] = (Z[k] − conj Z[n−k])/(2i), so A·B = (P² − Q²)/(4i) with P = Z[k], Q = conj Z[n−k].
 * Writes the bins k = 0 … n/2 of A·B (the real inverse's input) to (xr, xi); n ≥ 8, n/2 even.
 * Outputs must not overlap the inputs.
 */
export function packedProduct(zr: usize, zi: usize, xr: usize, xi: usize, n: i32): void {
  const h = n >> 1;
  // k = 0 and k = h: Q = conj P, so A·B = Re P · Im P (both real).
  store<f64>(xr, load<f64>(zr) * load<f64>(zi));
  store<f64>(xi, 0);
  const hb = <usize>h << 3;
  store<f64>(xr + hb, load<f64>(zr + hb) * load<f64>(zi + hb));
  store<f64>(xi + hb, 0);
  const quarter = f64x2.splat(0.25), two = f64x2.splat(2);
  // Pairs k, k + 1 for k = 1, 3, …: Z[n−k−1], Z[n−k] loaded as one vector, lanes swapped.
  let k = 1;
  for (; k + 2 <= h; k += 2) {
    const o = <usize>k << 3, m = <usize>(n - k - 1) << 3;
    const pr = v128.load(zr + o), pi = v128.load(zi + o);
    const qr = swapLanes(v128.load(zr + m)), qi = swapLanes(v128.load(zi + m)); // Q = (qr, −qi)
    // dr = pr² − pi² − qr² + qi², di = 2·pr·pi + 2·qr·qi; A·B = (di − i·dr)/4.
    const dr = f64x2.sub(f64x2.sub(f64x2.mul(pr, pr), f64x2.mul(pi, pi)), f64x2.sub(f64x2.mul(qr, qr), f64x2.mul(qi, qi)));
    const di = f64x2.mul(two, f64x2.add(f64x2.mul(pr, pi), f64x2.mul(qr, qi)));
    v128.store(xr + o, f64x2.mul(di, quarter));
    v128.store(xi + o, f64x2.neg(f64x2.mul(dr, quarter)));
  }
  for (; k < h; k++) {
    const o = <usize>k << 3, m = <usize>(n - k) << 3;
    const pr = load<f64>(zr + o), pi = load<f64>(zi + o), qr = load<f64>(zr + m), qi = load<f64>(zi + m);
    const dr = pr * pr - pi * pi - qr * qr + qi * qi;
    const di = 2 * (pr * pi + qr * qi);
    store<f64>(xr + o, 0.25 * di);
    store<f64>(xi + o, -0.25 * dr);
  }
}

@inline function swapLanes(v: v128): v128 {
  return f64x2.shuffle(v, v, 1, 0);
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
