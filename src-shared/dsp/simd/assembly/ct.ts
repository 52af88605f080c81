/**
 * Filtered backprojection's inner loop (../../ct.ts backprojectRows) with f64x2 over pairs of
 * columns: for each row and view, detector position s = x·cos θ + y·sin θ + (detectors − 1)/2,
 * linear interpolation between the two nearest bins, accumulated in f64.
 */

/**
 * Rows [y0, y1) of a size × size backprojection into out (f32, row y0 first), from the sinogram
 * (f32, views × detectors, detectors ≥ 2), cosines/sines of each view's angle (f64). acc: f64
 * scratch of size (+1) values. A position counts when it lies in [0, detectors − 1]; the last
 * bin is reached with weight 1 from the pair (detectors − 2, detectors − 1).
 */
export function backprojectRows(
  sino: usize, detectors: i32, cosines: usize, sines: usize, views: i32, size: i32,
  y0: i32, y1: i32, acc: usize, out: usize, scale: f64,
): void {
  const c = (<f64>size - 1) / 2, cd = (<f64>detectors - 1) / 2;
  const last = <f64>(detectors - 1);
  const zero = f64x2.splat(0), lastV = f64x2.splat(last), one = f64x2.splat(1);
  const maxIndex = i32x4.splat(detectors - 2);
  const pairs = size >> 1;
  for (let row = y0; row < y1; row++) {
    memory.fill(acc, 0, <usize>(size + 1) << 3);
    const y = c - <f64>row;
    for (let v = 0; v < views; v++) {
      const ct = load<f64>(cosines + (<usize>v << 3)), st = load<f64>(sines + (<usize>v << 3));
      const base = sino + (<usize>(v * detectors) << 2);
      const p0 = -c * ct + y * st + cd;
      // Positions of columns (2k, 2k + 1): p0 + col·ct, computed fresh for each pair.
      const p0v = f64x2.splat(p0), ctv = f64x2.splat(ct);
      let cols = f64x2.replace_lane(f64x2.splat(0), 1, 1.0);
      const two = f64x2.splat(2);
      let a = acc;
      for (let k = 0; k < pairs; k++) {
        const pos = f64x2.add(p0v, f64x2.mul(cols, ctv));
        const valid = v128.and(f64x2.ge(pos, zero), f64x2.le(pos, lastV));
        if (v128.any_true(valid)) {
          const bins = i32x4.min_s(i32x4.max_s(i32x4.trunc_sat_f64x2_s_zero(f64x2.floor(pos)), i32x4.splat(0)), maxIndex);
          const i0 = i32x4.extract_lane(bins, 0), i1 = i32x4.extract_lane(bins, 1);
          const f = f64x2.sub(pos, f64x2.convert_low_i32x4_s(bins));
          const p = base + (<usize>i0 << 2), q = base + (<usize>i1 << 2);
          const s0 = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(p)), 1, <f64>load<f32>(q));
          const s1 = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(p, 4)), 1, <f64>load<f32>(q, 4));
          const value = f64x2.add(f64x2.mul(s0, f64x2.sub(one, f)), f64x2.mul(s1, f));
          v128.store(a, f64x2.add(v128.load(a), v128.and(value, valid)));
        }
        cols = f64x2.add(cols, two);
        a += 16;
      }
      if (size & 1) {
        const pos1 = p0 + <f64>(size - 1) * ct;
        if (pos1 >= 0 && pos1 <= last) {
          let i = <i32>Math.floor(pos1);
          if (i > detectors - 2) i = detectors - 2;
          const f = pos1 - <f64>i;
          const p = base + (<usize>i << 2);
          const at = acc + (<usize>(size - 1) << 3);
          store<f64>(at, load<f64>(at) + <f64>load<f32>(p) * (1 - f) + <f64>load<f32>(p, 4) * f);
        }
      }
    }
    const o = out + (<usize>((row - y0) * size) << 2);
    for (let col = 0; col < size; col++) {
      store<f32>(o + (<usize>col << 2), <f32>(load<f64>(acc + (<usize>col << 3)) * scale));
    }
  }
}
