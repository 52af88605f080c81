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

/**
 * One view of the cone-beam projection (../../conebeam.ts conebeamViews, the same samples in the
 * same order, f64 throughout): V × U line integrals into out (f32, row v, column u), from the
 * volume zero-bordered and laid out x, y, z with z fastest (f32, 16 bytes of slack after it), for
 * a view at cos θ = c, sin θ = s. line: f64 scratch of D + 4 values; sums: f64 scratch of V + 2.
 * Rays of one detector column that run mostly across x or y share each plane's line along z
 * (built two values at a time); their samples along it are taken two rows at a time.
 */
export function conebeamView(
  volume: usize, W: i32, H: i32, D: i32, c: f64, s: f64,
  sod: f64, sdd: f64, du: f64, dv: f64, U: i32, V: i32, line: usize, sums: usize, out: usize,
): void {
  const PH = H + 2, PD = D + 2;
  const cx = (<f64>W - 1) / 2, cy = (<f64>H - 1) / 2, cz = (<f64>D - 1) / 2;
  const cu = (<f64>U - 1) / 2, cv = (<f64>V - 1) / 2;
  const margin = 1e-6;
  const end = <f64>(PD - 1);
  const sx = cx + sod * c, sy = cy + sod * s, sz = cz;
  const dcx = cx - (sdd - sod) * c, dcy = cy - (sdd - sod) * s;
  const pairStep = f64x2.splat(2);
  for (let u = 0; u < U; u++) {
    const offset = (<f64>u - cu) * du;
    const rx = dcx - offset * s - sx, ry = dcy + offset * c - sy;
    const ax = Math.abs(rx), ay = Math.abs(ry), across = Math.max(ax, ay);
    let rowFirst = V, rowLast = -1;
    for (let v = 0; v < V; v++) {
      const rz = (<f64>v - cv) * dv;
      if (Math.abs(rz) > across) {
        store<f32>(out + (<usize>(v * U + u) << 2), <f32>steepRay(volume, W, H, D, margin, sx, sy, sz, rx, ry, rz));
      } else {
        if (v < rowFirst) rowFirst = v;
        rowLast = v;
      }
    }
    if (rowFirst > rowLast) continue;
    const alongX = ax >= ay;
    const ra = alongX ? rx : ry, rb = alongX ? ry : rx, pa = alongX ? sx : sy, pb = alongX ? sy : sx;
    const na = alongX ? W : H, nb = alongX ? H : W;
    const strideA = alongX ? PH * PD : PD, strideB = alongX ? PD : PH * PD;
    const kb = rb / ra, b0 = pb - pa * kb;
    let lo = Math.max(0, Math.min(pa, pa + ra)), hi = Math.min(<f64>(na - 1), Math.max(pa, pa + ra));
    if (kb == 0) { if (!(b0 >= -1 + margin && b0 <= <f64>nb - margin)) hi = -1; }
    else {
      const i0 = (-1 + margin - b0) / kb, i1 = (<f64>nb - margin - b0) / kb;
      lo = Math.max(lo, Math.min(i0, i1));
      hi = Math.min(hi, Math.max(i0, i1));
    }
    memory.fill(sums + (<usize>rowFirst << 3), 0, <usize>(rowLast - rowFirst + 1) << 3);
    if (lo <= hi) {
      const first = <i32>Math.ceil(lo), last = <i32>Math.floor(hi);
      for (let i = first; i <= last; i++) {
        const bp = b0 + <f64>i * kb + 1;
        const bi = <i32>bp;
        const fb = bp - <f64>bi;
        const S = ((<f64>i - pa) * dv) / ra, E = sz + 1 - cv * S;
        let f0 = <f64>rowFirst, f1 = <f64>rowLast;
        if (S > 0) { f0 = Math.max(f0, Math.ceil(-E / S)); f1 = Math.min(f1, Math.floor((end - E) / S)); }
        else if (S < 0) { f0 = Math.max(f0, Math.ceil((end - E) / S)); f1 = Math.min(f1, Math.floor(-E / S)); }
        if (!(f0 <= f1)) continue;
        let v0 = <i32>f0, v1 = <i32>f1;
        while (v0 <= v1 && !(E + <f64>v0 * S >= 0 && E + <f64>v0 * S < end)) v0++;
        while (v1 >= v0 && !(E + <f64>v1 * S >= 0 && E + <f64>v1 * S < end)) v1--;
        if (v0 > v1) continue;
        const eA = E + <f64>v0 * S, eB = E + <f64>v1 * S;
        const eLo = <i32>Math.min(eA, eB), eHi = <i32>Math.max(eA, eB) + 1;
        const near = volume + (<usize>((i + 1) * strideA + bi * strideB) << 2), far = near + (<usize>strideB << 2);
        const fbv = f64x2.splat(fb);
        for (let e = eLo; e <= eHi; e += 2) {
          const p = f64x2.promote_low_f32x4(v128.load64_zero(near + (<usize>e << 2)));
          const q = f64x2.promote_low_f32x4(v128.load64_zero(far + (<usize>e << 2)));
          v128.store(line + (<usize>e << 3), f64x2.add(p, f64x2.mul(fbv, f64x2.sub(q, p))));
        }
        const Ev = f64x2.splat(E), Sv = f64x2.splat(S);
        let rows = f64x2.replace_lane(f64x2.splat(<f64>v0), 1, <f64>(v0 + 1));
        let v = v0;
        for (; v < v1; v += 2) {
          const ep = f64x2.add(Ev, f64x2.mul(rows, Sv));
          const ei = i32x4.trunc_sat_f64x2_s_zero(ep);
          const fe = f64x2.sub(ep, f64x2.convert_low_i32x4_s(ei));
          const a = v128.load(line + (<usize>i32x4.extract_lane(ei, 0) << 3));
          const b = v128.load(line + (<usize>i32x4.extract_lane(ei, 1) << 3));
          const l0 = i64x2.shuffle(a, b, 0, 2), l1 = i64x2.shuffle(a, b, 1, 3);
          const at = sums + (<usize>v << 3);
          v128.store(at, f64x2.add(v128.load(at), f64x2.add(l0, f64x2.mul(fe, f64x2.sub(l1, l0)))));
          rows = f64x2.add(rows, pairStep);
        }
        if (v == v1) {
          const ep = E + <f64>v * S;
          const ei = <i32>ep;
          const fe = ep - <f64>ei;
          const k = line + (<usize>ei << 3);
          const l0 = load<f64>(k);
          const at = sums + (<usize>v << 3);
          store<f64>(at, load<f64>(at) + (l0 + fe * (load<f64>(k, 8) - l0)));
        }
      }
    }
    const across2 = rx * rx + ry * ry, scale = 1 / Math.abs(ra);
    for (let v = rowFirst; v <= rowLast; v++) {
      const rz = (<f64>v - cv) * dv;
      store<f32>(out + (<usize>(v * U + u) << 2), <f32>(load<f64>(sums + (<usize>v << 3)) * (Math.sqrt(across2 + rz * rz) * scale)));
    }
  }
}

/** Joseph's integral of one ray steeper than 45° towards z (conebeam.ts steepRay). */
function steepRay(
  volume: usize, W: i32, H: i32, D: i32, margin: f64, sx: f64, sy: f64, sz: f64, rx: f64, ry: f64, rz: f64,
): f64 {
  const PH = H + 2, PD = D + 2, strideX = PH * PD, strideY = PD;
  const kx = rx / rz, ky = ry / rz;
  const x0 = sx - sz * kx, y0 = sy - sz * ky;
  let lo = Math.max(0, Math.min(sz, sz + rz)), hi = Math.min(<f64>(D - 1), Math.max(sz, sz + rz));
  if (kx == 0) { if (!(x0 >= -1 + margin && x0 <= <f64>W - margin)) hi = -1; }
  else {
    const i0 = (-1 + margin - x0) / kx, i1 = (<f64>W - margin - x0) / kx;
    lo = Math.max(lo, Math.min(i0, i1));
    hi = Math.min(hi, Math.max(i0, i1));
  }
  if (ky == 0) { if (!(y0 >= -1 + margin && y0 <= <f64>H - margin)) hi = -1; }
  else {
    const i0 = (-1 + margin - y0) / ky, i1 = (<f64>H - margin - y0) / ky;
    lo = Math.max(lo, Math.min(i0, i1));
    hi = Math.min(hi, Math.max(i0, i1));
  }
  let sum: f64 = 0;
  if (!(lo <= hi)) return 0;
  const first = <i32>Math.ceil(lo), last = <i32>Math.floor(hi);
  for (let z = first; z <= last; z++) {
    const xp = x0 + <f64>z * kx + 1, yp = y0 + <f64>z * ky + 1;
    const xi = <i32>xp, yi = <i32>yp;
    const fx = xp - <f64>xi, fy = yp - <f64>yi;
    const k = volume + (<usize>(xi * strideX + yi * strideY + z + 1) << 2);
    const p00 = <f64>load<f32>(k), p10 = <f64>load<f32>(k + (<usize>strideX << 2));
    const p01 = <f64>load<f32>(k + (<usize>strideY << 2)), p11 = <f64>load<f32>(k + (<usize>(strideX + strideY) << 2));
    const nearValue = p00 + fx * (p10 - p00), farValue = p01 + fx * (p11 - p01);
    sum += nearValue + fy * (farValue - nearValue);
  }
  return sum * (Math.sqrt(rx * rx + ry * ry + rz * rz) / Math.abs(rz));
}

/**
 * One y plane of FDK's backprojection (../../fdk.ts backprojectFdkRows, the same samples with f64
 * sums) with f64x2 over pairs of voxels along z. For a view and a column x every voxel of the
 * column shares the detector column pair and its weights, only the row position v differs: the
 * two columns are first blended into one weighted line (w0·col0 + w1·col1, two rows at a time),
 * then each voxel interpolates along that line, two gathers instead of four.
 * filtered: f32, views planes of (U + 2) × (V + 2) with a zero border, column-major
 * (filterConeBeamViews). cosines/sines: f64 per view. line: f64 scratch of V + 4 values.
 * acc: f64, W × D (x·D + z), overwritten with the plane's sums before scaling.
 */
export function fdkPlane(
  filtered: usize, U: i32, V: i32, views: i32, cosines: usize, sines: usize,
  sod: f64, sdd: f64, du: f64, dv: f64, W: i32, D: i32, wy: f64, line: usize, acc: usize,
): void {
  const PV = V + 2, plane = (U + 2) * PV;
  const cx = (<f64>W - 1) / 2, cz = (<f64>D - 1) / 2;
  const cu = (<f64>U - 1) / 2, cv = (<f64>V - 1) / 2;
  const margin = 1e-6;
  const one = f64x2.splat(1), two = f64x2.splat(2);
  memory.fill(acc, 0, <usize>(W * D) << 3);
  for (let view = 0; view < views; view++) {
    const c = load<f64>(cosines + (<usize>view << 3)), s = load<f64>(sines + (<usize>view << 3));
    const base = filtered + (<usize>(view * plane) << 2);
    for (let x = 0; x < W; x++) {
      const wx = <f64>x - cx;
      const along = wx * c + wy * s;
      const across = -wx * s + wy * c;
      const distance = sod - along;
      const magnification = sdd / distance;
      const up = across * magnification / du + cu;
      if (!(up >= -1 + margin && up <= <f64>U - margin)) continue;
      const ratio = sod / distance;
      const weight = ratio * ratio;
      const upp = up + 1;
      const ui = <i32>upp;
      const fu = upp - <f64>ui;
      const w0 = weight * (1 - fu), w1 = weight * fu;
      const col0 = base + (<usize>(ui * PV) << 2), col1 = col0 + (<usize>PV << 2);
      const step = magnification / dv, vAt0 = cv - cz * step;
      let zLo = <i32>Math.ceil((-1 + margin - vAt0) / step);
      if (zLo < 0) zLo = 0;
      let zHi = <i32>Math.floor((<f64>V - margin - vAt0) / step);
      if (zHi > D - 1) zHi = D - 1;
      if (zLo > zHi) continue;
      // The rows the column's voxels reach, [vLo, vHi + 1] within [0, V + 1]; blended two at a time.
      const vLo = <i32>(vAt0 + <f64>zLo * step + 1) & ~1, vHi = <i32>(vAt0 + <f64>zHi * step + 1) + 1;
      const w0V = f64x2.splat(w0), w1V = f64x2.splat(w1);
      for (let v = vLo; v <= vHi; v += 2) {
        const offset = <usize>v << 2;
        const a = f64x2.promote_low_f32x4(v128.load64_zero(col0 + offset));
        const b = f64x2.promote_low_f32x4(v128.load64_zero(col1 + offset));
        v128.store(line + (<usize>v << 3), f64x2.add(f64x2.mul(w0V, a), f64x2.mul(w1V, b)));
      }
      const row = acc + (<usize>(x * D) << 3);
      const stepV = f64x2.splat(step), vAt0V = f64x2.splat(vAt0);
      let z = zLo;
      let zs = f64x2.replace_lane(f64x2.splat(<f64>z), 1, <f64>(z + 1));
      for (; z + 1 <= zHi; z += 2) {
        // (vAt0 + z·step) + 1, in the plain path's order.
        const vp = f64x2.add(f64x2.add(vAt0V, f64x2.mul(zs, stepV)), one);
        const vi = i32x4.trunc_sat_f64x2_s_zero(vp);
        const fv = f64x2.sub(vp, f64x2.convert_low_i32x4_s(vi));
        const p = line + (<usize>i32x4.extract_lane(vi, 0) << 3), q = line + (<usize>i32x4.extract_lane(vi, 1) << 3);
        const l0 = f64x2.replace_lane(f64x2.splat(load<f64>(p)), 1, load<f64>(q));
        const l1 = f64x2.replace_lane(f64x2.splat(load<f64>(p, 8)), 1, load<f64>(q, 8));
        const at = row + (<usize>z << 3);
        v128.store(at, f64x2.add(v128.load(at), f64x2.add(l0, f64x2.mul(fv, f64x2.sub(l1, l0)))));
        zs = f64x2.add(zs, two);
      }
      if (z <= zHi) {
        const vp = vAt0 + <f64>z * step + 1;
        const p = line + (<usize>(<i32>vp) << 3);
        const fv = vp - <f64>(<i32>vp);
        const l0 = load<f64>(p);
        const at = row + (<usize>z << 3);
        store<f64>(at, load<f64>(at) + (l0 + fv * (load<f64>(p, 8) - l0)));
      }
    }
  }
}
