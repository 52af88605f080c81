/**
 * Feldkamp–Davis–Kress reconstruction for the cone-beam geometry of conebeam.ts (Kak & Slaney,
 * ch. 3, the equispaced fan-beam formula extended along the rows):
 *   1. cosine weights sod/√(sod² + u² + v²), u and v the pixel's offsets scaled to the isocentre;
 *   2. the ramp filter along every detector row by FFT with zero padding (ct.ts's
 *      rampFilterSinogram, so the windows of kernel.ramp apply);
 *   3. backprojection weighted by (sod/(sod − s))², s the voxel's coordinate towards the source:
 *        f(x) ≈ π/(2·views·Δp) · Σ_views (sod/(sod − s))² · q(u(x), v(x)),
 *      Δp = du·sod/sdd the pixel pitch at the isocentre; rampFilterSinogram's filter is 2·|f|,
 *      so this is (1/2)·(2π/views)·Σ of Kak & Slaney's half-ramp, and conebeam → fdk gives back
 *      the volume's values.
 */
import { rampFilterSinogram } from './ct';
import type { ConeBeamGeometry } from './conebeam';
import type { RampWindow } from './kernels';
import { type VolumeGrid, voxelCount } from './volume';
import { simdBackprojectFdkRows } from './simd/fdk-simd';

export interface FdkOptions {
  window?: RampWindow;
  /** Called after each y plane of the volume (the engine cancels by throwing from it). */
  onProgress?: (fraction: number) => void;
}

/** Cosine-weighted, row-ramp-filtered projections, each view transposed and zero-bordered for backprojectFdkRows. */
export function filterConeBeamProjections(
  projections: Float32Array, geometry: ConeBeamGeometry, window: RampWindow = 'ram-lak',
): Float32Array {
  const out = new Float32Array(filteredLength(geometry));
  filterConeBeamViews(projections, geometry, window, 0, geometry.views, out);
  return out;
}

/** Length of filterConeBeamProjections' output: per view, U + 2 columns of V + 2. */
export function filteredLength(geometry: ConeBeamGeometry): number {
  return geometry.views * (geometry.U + 2) * (geometry.V + 2);
}

/**
 * Views [view0, view1) of filterConeBeamProjections into `out` (the whole filtered array).
 * Views are independent, so threads may each take a range.
 */
export function filterConeBeamViews(
  projections: Float32Array, geometry: ConeBeamGeometry, window: RampWindow, view0: number, view1: number, out: Float32Array,
): void {
  const { sod, sdd, du, dv, U, V, views } = geometry;
  if (projections.length !== views * V * U) {
    throw new RangeError(`fdk: ${views} views of ${U} × ${V} pixels need ${views * V * U} values, got ${projections.length}`);
  }
  const cu = (U - 1) / 2, cv = (V - 1) / 2, toIso = sod / sdd;
  const weights = new Float64Array(U * V);
  for (let v = 0; v < V; v++) {
    const pv = (v - cv) * dv * toIso;
    for (let u = 0; u < U; u++) {
      const pu = (u - cu) * du * toIso;
      weights[v * U + u] = sod / Math.sqrt(sod * sod + pu * pu + pv * pv);
    }
  }
  const count = view1 - view0;
  const weighted = new Float32Array(count * U * V);
  for (let view = 0; view < count; view++) {
    const base = view * U * V, from = (view0 + view) * U * V;
    for (let k = 0; k < U * V; k++) weighted[base + k] = projections[from + k]! * weights[k]!;
  }
  // Every detector row of every view is one row of a views·V-row sinogram.
  const filtered = rampFilterSinogram(weighted, U, count * V, window);
  // Per view, columns contiguous along v with a zero border (U + 2 columns of V + 2), so the
  // backprojector walks z through one column pair without bounds checks.
  const PV = V + 2, plane = (U + 2) * PV;
  for (let view = 0; view < count; view++) {
    const into = (view0 + view) * plane;
    for (let v = 0; v < V; v++) {
      const from = (view * V + v) * U;
      for (let u = 0; u < U; u++) out[into + (u + 1) * PV + v + 1] = filtered[from + u]!;
    }
  }
}

/**
 * Backprojects y planes [y0, y1) of the volume from filterConeBeamProjections' output into `out`
 * (the whole volume's array, layout z, y, x), scaled as the file comment says.
 */
export function backprojectFdkRows(
  filtered: Float32Array, geometry: ConeBeamGeometry, anglesDeg: Float64Array, grid: VolumeGrid,
  y0: number, y1: number, out: Float32Array, onProgress?: (fraction: number) => void,
): void {
  const { sod, sdd, du, dv, U, V, views } = geometry;
  const { width: W, height: H, depth: D } = grid;
  if (anglesDeg.length !== views) throw new RangeError(`fdk: the geometry has ${views} views but ${anglesDeg.length} angles`);
  const PV = V + 2, plane = (U + 2) * PV;
  const cx = (W - 1) / 2, cy = (H - 1) / 2, cz = (D - 1) / 2;
  const cu = (U - 1) / 2, cv = (V - 1) / 2;
  const cos = new Float64Array(views), sin = new Float64Array(views);
  for (let view = 0; view < views; view++) {
    const theta = (anglesDeg[view]! * Math.PI) / 180;
    cos[view] = Math.cos(theta);
    sin[view] = Math.sin(theta);
  }
  const scale = Math.PI / (2 * views * du * (sod / sdd));
  if (simdBackprojectFdkRows(filtered, geometry, cos, sin, grid, y0, y1, out, scale, onProgress)) return;
  const margin = 1e-6;
  // One y plane at a time, z fastest (x·D + z), so the inner loop runs along a detector column.
  const acc = new Float64Array(W * D);
  for (let y = y0; y < y1; y++) {
    acc.fill(0);
    const wy = y - cy;
    for (let view = 0; view < views; view++) {
      const c = cos[view]!, s = sin[view]!, base = view * plane;
      for (let x = 0; x < W; x++) {
        const wx = x - cx;
        const along = wx * c + wy * s;        // towards the source
        const across = -wx * s + wy * c;      // along the detector's columns
        const distance = sod - along;
        const magnification = sdd / distance;
        const up = across * magnification / du + cu;
        if (!(up >= -1 + margin && up <= U - margin)) continue;
        const weight = (sod / distance) ** 2;
        const upp = up + 1, ui = upp | 0, fu = upp - ui;
        const w0 = weight * (1 - fu), w1 = weight * fu;
        const col0 = base + ui * PV, col1 = col0 + PV;
        // v(z) = (z − cz)·step + cv, kept inside [−1, V) so the zero border covers the ends.
        const step = magnification / dv, vAt0 = cv - cz * step;
        const zLo = Math.max(0, Math.ceil((-1 + margin - vAt0) / step));
        const zHi = Math.min(D - 1, Math.floor((V - margin - vAt0) / step));
        const row = x * D;
        for (let z = zLo; z <= zHi; z++) {
          const vp = vAt0 + z * step + 1, vi = vp | 0, fv = vp - vi;
          const a = filtered[col0 + vi]! + fv * (filtered[col0 + vi + 1]! - filtered[col0 + vi]!);
          const b = filtered[col1 + vi]! + fv * (filtered[col1 + vi + 1]! - filtered[col1 + vi]!);
          acc[row + z] += w0 * a + w1 * b;
        }
      }
    }
    for (let x = 0; x < W; x++) {
      const row = x * D;
      for (let z = 0; z < D; z++) out[(z * H + y) * W + x] = acc[row + z]! * scale;
    }
    if (onProgress) onProgress((y - y0 + 1) / (y1 - y0));
  }
}

/** Reconstructs a width × height × depth volume (layout z, y, x) from cone-beam projections. */
export function fdk(
  projections: Float32Array, geometry: ConeBeamGeometry, anglesDeg: Float64Array, grid: VolumeGrid,
  options: FdkOptions = {},
): Float32Array {
  for (const [name, side] of [['width', grid.width], ['height', grid.height], ['depth', grid.depth]] as const) {
    if (!Number.isInteger(side) || side < 1) throw new RangeError(`fdk: volume ${name} must be a whole number ≥ 1, got ${side}`);
  }
  const filtered = filterConeBeamProjections(projections, geometry, options.window);
  const out = new Float32Array(voxelCount(grid));
  backprojectFdkRows(filtered, geometry, anglesDeg, grid, 0, grid.height, out, options.onProgress);
  return out;
}
