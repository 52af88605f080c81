/**
 * Cone-beam forward projection on a circular orbit about z with a flat detector, exactly as
 * NODES.md ("Volumes and 3-D CT") states, so any tool can recompute the rays:
 * world coordinates are voxel indices minus (size − 1)/2; at view angle θ the source sits at
 * sod·(cos θ, sin θ, 0), the detector's centre at −(sdd − sod)·(cos θ, sin θ, 0), its columns run
 * along (−sin θ, cos θ, 0) and its rows along (0, 0, 1); pixel (u, v) is centred at
 * (u − (U − 1)/2)·du along the columns and (v − (V − 1)/2)·dv along the rows. A projection value
 * is the line integral of the volume from the source to the pixel's centre (trilinear
 * interpolation, unit length = one voxel). Views are equally spaced over [0°, 360°).
 *
 * The integral is Joseph's: one sample where the ray crosses each voxel-centre plane across its
 * dominant axis (there trilinear interpolation is exactly bilinear in that plane), weighted by the
 * ray's length between planes. Output layout: (view, row v, column u), column fastest.
 */
import { simdConebeamViews } from './simd/conebeam-simd';
import { type VolumeGrid, checkVolume } from './volume';

export interface ConeBeamGeometry {
  /** Source to isocentre (the volume's centre), in voxels. */
  sod: number;
  /** Source to detector, in voxels. */
  sdd: number;
  /** Detector pixel pitch along columns (u) and rows (v), in voxels. */
  du: number;
  dv: number;
  /** Detector columns and rows. */
  U: number;
  V: number;
  views: number;
}

/** op.conebeam's params; 0 (or absent) picks NODES.md's default. */
export interface ConeBeamOptions {
  views?: number;
  sod?: number;
  sdd?: number;
  du?: number;
  dv?: number;
  detectorWidth?: number;
  detectorHeight?: number;
}

/** Equally spaced view angles in degrees over [0°, 360°). */
export function coneBeamAngles(views: number): Float64Array {
  const out = new Float64Array(views);
  for (let v = 0; v < views; v++) out[v] = (360 * v) / views;
  return out;
}

/**
 * The geometry for a volume, with NODES.md's defaults: sod = 2.5·size (size the largest side),
 * sdd = 2·sod, du = dv = sdd/sod (one detector pixel per voxel at the isocentre), and a detector
 * just large enough that every ray through the volume (as far as trilinear interpolation makes it
 * non-zero: ±(size + 1)/2 on each axis) lands on it from every view. Throws a RangeError when the source would sit inside the volume.
 */
export function coneBeamGeometry(grid: VolumeGrid, options: ConeBeamOptions = {}): ConeBeamGeometry {
  const size = Math.max(grid.width, grid.height, grid.depth);
  const views = options.views || 120;
  if (!Number.isInteger(views) || views < 1) throw new RangeError(`conebeam: views must be a whole number ≥ 1, got ${views}`);
  const sod = options.sod || 2.5 * size;
  const sdd = options.sdd || 2 * sod;
  // Trilinear interpolation reaches half a voxel beyond the faces (to ±(n + 1)/2 on each axis);
  // the orbit passes that region's corners (in the orbit's plane) at this distance from the axis.
  const reach = Math.hypot((grid.width + 1) / 2, (grid.height + 1) / 2);
  if (!(sod > reach)) {
    throw new RangeError(`conebeam: the source (sod ${sod}) passes inside the ${grid.width} × ${grid.height} × ${grid.depth} volume; set sod above ${Math.ceil(reach)} voxels`);
  }
  if (!(sdd > sod)) throw new RangeError(`conebeam: the detector must lie beyond the isocentre: sdd (${sdd}) must exceed sod (${sod})`);
  const du = options.du || sdd / sod;
  const dv = options.dv || sdd / sod;
  if (!(du > 0) || !(dv > 0)) throw new RangeError(`conebeam: du and dv must be > 0, got ${du} and ${dv}`);
  // Widest column: the ray tangent to the circle of radius `reach`; highest row: the top of the
  // interpolated volume at its nearest point to the source, magnified by sdd/(sod − reach).
  const uReach = (sdd * reach) / Math.sqrt(sod * sod - reach * reach);
  const vReach = (sdd * ((grid.depth + 1) / 2)) / (sod - reach);
  const U = options.detectorWidth || Math.ceil((2 * uReach) / du) + 1;
  const V = options.detectorHeight || Math.ceil((2 * vReach) / dv) + 1;
  for (const [name, n] of [['detectorWidth', U], ['detectorHeight', V]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`conebeam: ${name} must be a whole number ≥ 1, got ${n}`);
  }
  return { sod, sdd, du, dv, U, V, views };
}

/**
 * Projects a volume: the geometry's views × V × U line integrals (layout view, v, u), with the
 * geometry and the angles in degrees. `onProgress` is called after each view.
 */
export function conebeam(
  data: Float32Array, grid: VolumeGrid, options: ConeBeamOptions | ConeBeamGeometry = {},
  onProgress?: (fraction: number) => void,
): { data: Float32Array; geometry: ConeBeamGeometry; angles: Float64Array } {
  checkVolume('conebeam', data, grid);
  const geometry = resolveConeBeamGeometry(grid, options);
  const angles = coneBeamAngles(geometry.views);
  const out = new Float32Array(geometry.views * geometry.V * geometry.U);
  conebeamViews(padConeBeamVolume(data, grid), grid, geometry, angles, 0, geometry.views, out, onProgress);
  return { data: out, geometry, angles };
}

/** The geometry for `options`; a full geometry (as a projections volume carries) passes its detector size through. */
export function resolveConeBeamGeometry(grid: VolumeGrid, options: ConeBeamOptions | ConeBeamGeometry): ConeBeamGeometry {
  return coneBeamGeometry(grid, 'U' in options ? { ...options, detectorWidth: options.U, detectorHeight: options.V } : options);
}

/**
 * The volume with a one-voxel zero border (so interpolation never reads outside it), laid out
 * x, y, z with z fastest: conebeamViews' input. Rays run mostly across x or y and spread along z,
 * so each plane they cross is read as runs along z.
 */
export function padConeBeamVolume(data: Float32Array, grid: VolumeGrid): Float32Array {
  checkVolume('conebeam', data, grid);
  const { width: W, height: H, depth: D } = grid;
  const PH = H + 2, PD = D + 2;
  const out = new Float32Array((W + 2) * PH * PD);
  for (let z = 0; z < D; z++) {
    for (let y = 0; y < H; y++) {
      const from = (z * H + y) * W, to = (PH + y + 1) * PD + z + 1;
      for (let x = 0; x < W; x++) out[to + x * PH * PD] = data[from + x]!;
    }
  }
  return out;
}

/**
 * Views [view0, view1) of the projection into `out` (the whole views × V × U array), from the
 * volume padded by padConeBeamVolume. Views are independent, so threads may each take a range.
 *
 * The rays of one detector column u share their direction across the orbit's plane, so where they
 * run mostly along x (or y) they cross each x (y) plane on one line along z: the bilinear
 * interpolation across that plane is done once per plane for the line (into `line`) and every
 * row's ray then interpolates along it. Rays steeper than 45° towards z are integrated one by one.
 */
export function conebeamViews(
  padded: Float32Array, grid: VolumeGrid, geometry: ConeBeamGeometry, angles: Float64Array,
  view0: number, view1: number, out: Float32Array, onProgress?: (fraction: number) => void,
): void {
  const { sod, sdd, du, dv, U, V } = geometry;
  const { width: W, height: H, depth: D } = grid;
  if (padded.length !== (W + 2) * (H + 2) * (D + 2)) throw new RangeError(`conebeam: the padded ${W} × ${H} × ${D} volume needs ${(W + 2) * (H + 2) * (D + 2)} voxels, got ${padded.length}`);
  if (simdConebeamViews(padded, grid, geometry, angles, view0, view1, out, onProgress)) return;
  const PH = H + 2, PD = D + 2;
  const cx = (W - 1) / 2, cy = (H - 1) / 2, cz = (D - 1) / 2;
  const cu = (U - 1) / 2, cv = (V - 1) / 2;
  // Kept inside [−1, n) by this margin so that rounding never reads past the zero border.
  const margin = 1e-6;
  // One plane's line along z (index z + 1 of the padded volume) and each row's running sum.
  const line = new Float64Array(PD), sums = new Float64Array(V);
  for (let view = view0; view < view1; view++) {
    const theta = (angles[view]! * Math.PI) / 180;
    const c = Math.cos(theta), s = Math.sin(theta);
    // Source and detector centre in index coordinates.
    const sx = cx + sod * c, sy = cy + sod * s, sz = cz;
    const dcx = cx - (sdd - sod) * c, dcy = cy - (sdd - sod) * s;
    for (let u = 0; u < U; u++) {
      const offset = (u - cu) * du;
      const rx = dcx - offset * s - sx, ry = dcy + offset * c - sy;
      const ax = Math.abs(rx), ay = Math.abs(ry), across = Math.max(ax, ay);
      // Rows whose ray rises more than it crosses (|rz| > max(|rx|, |ry|)) go ray by ray; the
      // others, a contiguous range about the centre row, along the planes of x (or y).
      let rowFirst = V, rowLast = -1;
      for (let v = 0; v < V; v++) {
        const rz = (v - cv) * dv;
        if (Math.abs(rz) > across) {
          out[(view * V + v) * U + u] = steepRay(padded, W, H, D, margin, sx, sy, sz, rx, ry, rz);
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
      // Planes between the source and the pixel, inside the volume, with b in [−1, nb).
      let lo = Math.max(0, Math.min(pa, pa + ra)), hi = Math.min(na - 1, Math.max(pa, pa + ra));
      if (kb === 0) { if (!(b0 >= -1 + margin && b0 <= nb - margin)) hi = -1; }
      else {
        const i0 = (-1 + margin - b0) / kb, i1 = (nb - margin - b0) / kb;
        lo = Math.max(lo, Math.min(i0, i1));
        hi = Math.min(hi, Math.max(i0, i1));
      }
      sums.fill(0, rowFirst, rowLast + 1);
      const first = Math.ceil(lo), last = Math.floor(hi);
      for (let i = first; i <= last; i++) {
        const bp = b0 + i * kb + 1, bi = bp | 0, fb = bp - bi;
        // Row v's ray meets this plane at padded z index E + v·S.
        const S = ((i - pa) * dv) / ra, E = sz + 1 - cv * S;
        // The rows whose sample lies in [0, PD − 1), where the line and its zero ends are.
        let v0 = rowFirst, v1 = rowLast;
        if (S > 0) { v0 = Math.max(v0, Math.ceil(-E / S)); v1 = Math.min(v1, Math.floor((PD - 1 - E) / S)); }
        else if (S < 0) { v0 = Math.max(v0, Math.ceil((PD - 1 - E) / S)); v1 = Math.min(v1, Math.floor(-E / S)); }
        // (The division may round across an end: step the ends until the samples themselves lie inside.)
        while (v0 <= v1 && !(E + v0 * S >= 0 && E + v0 * S < PD - 1)) v0++;
        while (v1 >= v0 && !(E + v1 * S >= 0 && E + v1 * S < PD - 1)) v1--;
        if (v0 > v1) continue;
        const eA = E + v0 * S, eB = E + v1 * S;
        const eLo = Math.min(eA, eB) | 0, eHi = (Math.max(eA, eB) | 0) + 1;
        const near = (i + 1) * strideA + bi * strideB, far = near + strideB;
        for (let e = eLo; e <= eHi; e++) {
          const p = padded[near + e]!;
          line[e] = p + fb * (padded[far + e]! - p);
        }
        for (let v = v0; v <= v1; v++) {
          const ep = E + v * S, ei = ep | 0, fe = ep - ei;
          const l0 = line[ei]!;
          sums[v] += l0 + fe * (line[ei + 1]! - l0);
        }
      }
      // Length of ray between successive planes, in voxels.
      const across2 = rx * rx + ry * ry, scale = 1 / Math.abs(ra);
      for (let v = rowFirst; v <= rowLast; v++) {
        const rz = (v - cv) * dv;
        out[(view * V + v) * U + u] = sums[v]! * (Math.sqrt(across2 + rz * rz) * scale);
      }
    }
    if (onProgress) onProgress((view - view0 + 1) / (view1 - view0));
  }
}

/**
 * Joseph's integral of one ray that runs mostly along z (|rz| > |rx|, |ry|): one bilinear sample
 * on each z plane it crosses inside the volume, from the source (sx, sy, sz) to source + r.
 */
function steepRay(
  padded: Float32Array, W: number, H: number, D: number, margin: number,
  sx: number, sy: number, sz: number, rx: number, ry: number, rz: number,
): number {
  const PH = H + 2, PD = D + 2, strideX = PH * PD, strideY = PD;
  const kx = rx / rz, ky = ry / rz;
  // Position on x and y at plane z: x0 + z·kx, y0 + z·ky.
  const x0 = sx - sz * kx, y0 = sy - sz * ky;
  let lo = Math.max(0, Math.min(sz, sz + rz)), hi = Math.min(D - 1, Math.max(sz, sz + rz));
  if (kx === 0) { if (!(x0 >= -1 + margin && x0 <= W - margin)) hi = -1; }
  else {
    const i0 = (-1 + margin - x0) / kx, i1 = (W - margin - x0) / kx;
    lo = Math.max(lo, Math.min(i0, i1));
    hi = Math.min(hi, Math.max(i0, i1));
  }
  if (ky === 0) { if (!(y0 >= -1 + margin && y0 <= H - margin)) hi = -1; }
  else {
    const i0 = (-1 + margin - y0) / ky, i1 = (H - margin - y0) / ky;
    lo = Math.max(lo, Math.min(i0, i1));
    hi = Math.min(hi, Math.max(i0, i1));
  }
  const first = Math.ceil(lo), last = Math.floor(hi);
  let sum = 0;
  for (let z = first; z <= last; z++) {
    const xp = x0 + z * kx + 1, yp = y0 + z * ky + 1;
    const xi = xp | 0, yi = yp | 0, fx = xp - xi, fy = yp - yi;
    const k = xi * strideX + yi * strideY + z + 1;
    const p00 = padded[k]!, p10 = padded[k + strideX]!, p01 = padded[k + strideY]!, p11 = padded[k + strideX + strideY]!;
    const near = p00 + fx * (p10 - p00), far = p01 + fx * (p11 - p01);
    sum += near + fy * (far - near);
  }
  return sum * (Math.sqrt(rx * rx + ry * ry + rz * rz) / Math.abs(rz));
}
