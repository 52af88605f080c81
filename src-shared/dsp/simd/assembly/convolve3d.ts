/**
 * Strided row kernels for ../convolve3d-simd.ts: the inner loops of 3-D convolution when only
 * every step-th output position is kept (op.convolve's `stride`). With step 1 the caller uses
 * convolve.ts's firRowF32 / correlateRowAddF64, which share loads between neighbouring outputs;
 * with a step the outputs share few samples, so each output is one dot product over the taps,
 * vectorised across the taps. Pointers are byte addresses.
 */

/** acc[q] += Σ_j w[j]·row[q·step + j] for q < count, all f64 (one kernel row of the direct path). */
export function correlateRowStridedAddF64(row: usize, weights: usize, taps: i32, acc: usize, count: i32, step: i32): void {
  const pairs = taps & ~1;
  for (let q = 0; q < count; q++) {
    const p = row + (<usize>(q * step) << 3);
    let s = f64x2.splat(0);
    let j = 0;
    for (; j < pairs; j += 2) s = f64x2.add(s, f64x2.mul(v128.load(p + (<usize>j << 3)), v128.load(weights + (<usize>j << 3))));
    let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    if (j < taps) sum += load<f64>(p + (<usize>j << 3)) * load<f64>(weights + (<usize>j << 3));
    const o = acc + (<usize>q << 3);
    store<f64>(o, load<f64>(o) + sum);
  }
}

/** out[q] = Σ_j w[j]·row[q·step + j] for q < count, f32 (the separable path's pass along x). */
export function firRowStridedF32(row: usize, weights: usize, taps: i32, out: usize, count: i32, step: i32): void {
  const quads = taps & ~3;
  for (let q = 0; q < count; q++) {
    const p = row + (<usize>(q * step) << 2);
    let s = f32x4.splat(0);
    let j = 0;
    for (; j < quads; j += 4) s = f32x4.add(s, f32x4.mul(v128.load(p + (<usize>j << 2)), v128.load(weights + (<usize>j << 2))));
    let sum: f32 = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
    for (; j < taps; j++) sum += load<f32>(p + (<usize>j << 2)) * load<f32>(weights + (<usize>j << 2));
    store<f32>(out + (<usize>q << 2), sum);
  }
}
