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
import { type VolumeGrid, checkVolume, padVolume } from './volume';

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
  conebeamViews(padVolume(data, grid), grid, geometry, angles, 0, geometry.views, out, onProgress);
  return { data: out, geometry, angles };
}

/** The geometry for `options`; a full geometry (as a projections volume carries) passes its detector size through. */
export function resolveConeBeamGeometry(grid: VolumeGrid, options: ConeBeamOptions | ConeBeamGeometry): ConeBeamGeometry {
  return coneBeamGeometry(grid, 'U' in options ? { ...options, detectorWidth: options.U, detectorHeight: options.V } : options);
}

/**
 * Views [view0, view1) of the projection into `out` (the whole views × V × U array), from the
 * volume padded by padVolume. Views are independent, so threads may each take a range.
 */
export function conebeamViews(
  padded: Float32Array, grid: VolumeGrid, geometry: ConeBeamGeometry, angles: Float64Array,
  view0: number, view1: number, out: Float32Array, onProgress?: (fraction: number) => void,
): void {
  const { sod, sdd, du, dv, U, V } = geometry;
  const { width: W, height: H, depth: D } = grid;
  if (padded.length !== (W + 2) * (H + 2) * (D + 2)) throw new RangeError(`conebeam: the padded ${W} × ${H} × ${D} volume needs ${(W + 2) * (H + 2) * (D + 2)} voxels, got ${padded.length}`);
  const PW = W + 2, PH = H + 2;
  const sizes = [W, H, D], strides = [1, PW, PW * PH];
  const cx = (W - 1) / 2, cy = (H - 1) / 2, cz = (D - 1) / 2;
  const cu = (U - 1) / 2, cv = (V - 1) / 2;
  // Kept inside [−1, n) by this margin so that rounding never reads past the zero border.
  const margin = 1e-6;
  for (let view = view0; view < view1; view++) {
    const theta = (angles[view]! * Math.PI) / 180;
    const c = Math.cos(theta), s = Math.sin(theta);
    // Source and detector centre in index coordinates.
    const sx = cx + sod * c, sy = cy + sod * s, sz = cz;
    const dcx = cx - (sdd - sod) * c, dcy = cy - (sdd - sod) * s;
    for (let v = 0; v < V; v++) {
      const pz = cz + (v - cv) * dv;
      for (let u = 0; u < U; u++) {
        const offset = (u - cu) * du;
        const rx = dcx - offset * s - sx, ry = dcy + offset * c - sy, rz = pz - sz;
        const ax = Math.abs(rx), ay = Math.abs(ry), az = Math.abs(rz);
        // Dominant axis a and the other two b, e as (start, slope per plane, size, stride).
        let a: number, b: number, e: number, ra: number, rb: number, re: number, pa: number, pb: number, pe: number;
        if (ax >= ay && ax >= az) { a = 0; b = 1; e = 2; ra = rx; rb = ry; re = rz; pa = sx; pb = sy; pe = sz; }
        else if (ay >= az) { a = 1; b = 0; e = 2; ra = ry; rb = rx; re = rz; pa = sy; pb = sx; pe = sz; }
        else { a = 2; b = 0; e = 1; ra = rz; rb = rx; re = ry; pa = sz; pb = sx; pe = sy; }
        const kb = rb / ra, ke = re / ra;
        // Position on b and e at plane i: b0 + i·kb, e0 + i·ke.
        const b0 = pb - pa * kb, e0 = pe - pa * ke;
        // Planes between the source and the pixel, inside the volume, with b and e in [−1, n).
        let lo = Math.max(0, Math.min(pa, pa + ra)), hi = Math.min(sizes[a]! - 1, Math.max(pa, pa + ra));
        // (Inline rather than a helper returning a pair: no allocation per ray.)
        if (kb === 0) { if (!(b0 >= -1 + margin && b0 <= sizes[b]! - margin)) hi = -1; }
        else {
          const i0 = (-1 + margin - b0) / kb, i1 = (sizes[b]! - margin - b0) / kb;
          lo = Math.max(lo, Math.min(i0, i1));
          hi = Math.min(hi, Math.max(i0, i1));
        }
        if (ke === 0) { if (!(e0 >= -1 + margin && e0 <= sizes[e]! - margin)) hi = -1; }
        else {
          const i0 = (-1 + margin - e0) / ke, i1 = (sizes[e]! - margin - e0) / ke;
          lo = Math.max(lo, Math.min(i0, i1));
          hi = Math.min(hi, Math.max(i0, i1));
        }
        const first = Math.ceil(lo), last = Math.floor(hi);
        let sum = 0;
        if (first <= last) {
          const sa = strides[a]!, sb = strides[b]!, se = strides[e]!, sbe = sb + se;
          // Stepped by addition from plane to plane (the drift over a few thousand planes is
          // ~1e-12 voxel, far inside the margin that keeps reads within the zero border).
          let bp = b0 + first * kb + 1, ep = e0 + first * ke + 1, base = (first + 1) * sa;
          for (let i = first; i <= last; i++) {
            const bi = bp | 0, ei = ep | 0;
            const fb = bp - bi, fe = ep - ei;
            const k = base + bi * sb + ei * se;
            const p00 = padded[k]!, p10 = padded[k + sb]!, p01 = padded[k + se]!, p11 = padded[k + sbe]!;
            const near = p00 + fb * (p10 - p00), far = p01 + fb * (p11 - p01);
            sum += near + fe * (far - near);
            bp += kb; ep += ke; base += sa;
          }
        }
        // Length of ray between successive planes of the dominant axis, in voxels.
        out[(view * V + v) * U + u] = sum * (Math.sqrt(rx * rx + ry * ry + rz * rz) / Math.abs(ra));
      }
    }
    if (onProgress) onProgress((view - view0 + 1) / (view1 - view0));
  }
}
