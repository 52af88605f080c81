/**
 * Cone-beam projection's two paths (the WebAssembly SIMD kernel and the plain TypeScript it is
 * checked against) and the band pool, on a random non-cubic volume seen from an off-centre close
 * geometry where some rays run steeper than 45° towards z: all agree with an independent per-ray
 * Joseph integral written here from NODES.md's words (ct3d-reference's rays, trilinear sampling
 * with zeros outside), not with conebeam.ts's plane-by-plane lines.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createParallelDsp } from '../../src-main/host/parallel';
import { type ConeBeamGeometry, conebeam, padConeBeamVolume } from '../../src-shared/dsp/conebeam';
import { simdActive, simdCallCounts } from '../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../simd-switch';
import type { VolumeGrid } from '../../src-shared/dsp/volume';
import { ray } from './ct3d-reference';

let seed = 20261205;
const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

/** Trilinear value at index coordinates (x, y, z), the volume taken as zero outside its voxels. */
function trilinear(volume: Float32Array, grid: VolumeGrid, x: number, y: number, z: number): number {
  const { width: W, height: H, depth: D } = grid;
  const x0 = Math.floor(x), y0 = Math.floor(y), z0 = Math.floor(z);
  let sum = 0;
  for (const [dx, wx] of [[0, 1 - (x - x0)], [1, x - x0]]) {
    for (const [dy, wy] of [[0, 1 - (y - y0)], [1, y - y0]]) {
      for (const [dz, wz] of [[0, 1 - (z - z0)], [1, z - z0]]) {
        const xi = x0 + dx!, yi = y0 + dy!, zi = z0 + dz!;
        if (xi < 0 || yi < 0 || zi < 0 || xi >= W || yi >= H || zi >= D) continue;
        sum += wx! * wy! * wz! * volume[(zi * H + yi) * W + xi]!;
      }
    }
  }
  return sum;
}

/**
 * Joseph's integral of one ray: a sample where the segment source→pixel crosses each voxel-centre
 * plane of its dominant axis inside the volume, each weighted by the ray's length between planes.
 */
function josephRay(volume: Float32Array, grid: VolumeGrid, geometry: ConeBeamGeometry, thetaDeg: number, u: number, v: number): number {
  const { source, pixel } = ray(geometry, thetaDeg, u, v);
  const centre = [(grid.width - 1) / 2, (grid.height - 1) / 2, (grid.depth - 1) / 2];
  const p = source.map((value, k) => value + centre[k]!);
  const r = pixel.map((value, k) => value - source[k]!);
  const magnitudes = r.map(Math.abs);
  const axis = magnitudes[0]! >= magnitudes[1]! && magnitudes[0]! >= magnitudes[2]! ? 0 : magnitudes[1]! >= magnitudes[2]! ? 1 : 2;
  const size = [grid.width, grid.height, grid.depth][axis]!;
  const from = Math.max(0, Math.ceil(Math.min(p[axis]!, p[axis]! + r[axis]!)));
  const to = Math.min(size - 1, Math.floor(Math.max(p[axis]!, p[axis]! + r[axis]!)));
  let sum = 0;
  for (let plane = from; plane <= to; plane++) {
    const t = (plane - p[axis]!) / r[axis]!;
    sum += trilinear(volume, grid, p[0]! + t * r[0]!, p[1]! + t * r[1]!, p[2]! + t * r[2]!);
  }
  return (sum * Math.hypot(r[0]!, r[1]!, r[2]!)) / magnitudes[axis]!;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i]! - b[i]!));
  return most;
}

describe('conebeam on the SIMD and plain paths and in the band pool', () => {
  const grid = { width: 19, height: 14, depth: 23 };
  const volume = Float32Array.from({ length: 19 * 14 * 23 }, () => random() - 0.3);
  // A close source (sod just outside the volume's reach) and a short, tall detector off the
  // defaults: rays cross the volume steeply, the top and bottom rows steeper than 45° towards z.
  const options = { views: 7, sod: 13, sdd: 21, du: 0.9, dv: 1.7, detectorWidth: 31, detectorHeight: 27 };
  const pool = createParallelDsp({ threads: 2, minWork: 0 });
  afterAll(() => pool.dispose());

  const projected = conebeam(volume, grid, options);
  const { geometry, angles } = projected;
  const reference = new Float32Array(projected.data.length);
  let steep = 0;
  for (let view = 0; view < geometry.views; view++) {
    for (let v = 0; v < geometry.V; v++) {
      for (let u = 0; u < geometry.U; u++) {
        reference[(view * geometry.V + v) * geometry.U + u] = josephRay(volume, grid, geometry, angles[view]!, u, v);
        const { source, pixel } = ray(geometry, angles[view]!, u, v);
        if (Math.abs(pixel[2] - source[2]) > Math.max(Math.abs(pixel[0] - source[0]), Math.abs(pixel[1] - source[1]))) steep++;
      }
    }
  }
  const scale = reference.reduce((most, value) => Math.max(most, Math.abs(value)), 0);

  it('gives the per-ray Joseph integral on every ray, steep ones included', () => {
    expect(steep).toBeGreaterThan(100);
    expect(scale).toBeGreaterThan(1);
    expect(maxDifference(projected.data, reference)).toBeLessThan(1e-5 * scale);
  });

  it('gives the same numbers on the SIMD kernel as on the plain path, and the kernel ran', () => {
    const before = simdCallCounts()['conebeam'] ?? 0;
    const simd = conebeam(volume, grid, options).data;
    expect((simdCallCounts()['conebeam'] ?? 0) - before).toBe(simdActive() ? 1 : 0);
    const plain = withSimdSwitch(false, () => conebeam(volume, grid, options).data);
    expect(maxDifference(simd, plain)).toBeLessThan(1e-5 * scale);
    expect(maxDifference(plain, reference)).toBeLessThan(1e-5 * scale);
  });

  it('gives the same numbers split over two threads by views', async () => {
    const split = await pool.conebeam(padConeBeamVolume(volume, grid), grid, geometry, angles);
    expect(split.buffer instanceof SharedArrayBuffer).toBe(true);
    expect(maxDifference(split, reference)).toBeLessThan(1e-5 * scale);
  });
});
