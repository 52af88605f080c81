/**
 * FDK's backprojection on its two paths (the WebAssembly SIMD kernel, pairs of voxels down a
 * detector column, and the plain TypeScript it is checked against): on a random non-cubic volume
 * of odd depth (a lone voxel after the pairs) seen from a close, off-default geometry whose
 * detector edges cut some columns short, both give the same volume to f32 rounding, and the
 * kernel really ran. ct3d.test.ts's analytic balls then hold on either path.
 */
import { describe, expect, it } from 'vitest';
import { conebeam } from '../../src-shared/dsp/conebeam';
import { fdk } from '../../src-shared/dsp/fdk';
import { simdActive, simdCallCounts } from '../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../simd-switch';

let seed = 20261205;
const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

function maxDifference(a: Float32Array, b: Float32Array): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i]! - b[i]!));
  return most;
}

describe('fdk on the SIMD and plain paths', () => {
  it('gives the same volume on the SIMD kernel as on the plain path, and the kernel ran', () => {
    const grid = { width: 18, height: 15, depth: 21 };
    const volume = Float32Array.from({ length: 18 * 15 * 21 }, () => random() - 0.3);
    // A narrow, short detector: columns leave it on both sides and rows at the top and bottom.
    const { data, geometry, angles } = conebeam(volume, grid, { views: 9, sod: 14, sdd: 23, du: 1.1, dv: 1.6, detectorWidth: 19, detectorHeight: 15 });
    const before = simdCallCounts()['fdk'] ?? 0;
    const simd = fdk(data, geometry, angles, grid);
    expect((simdCallCounts()['fdk'] ?? 0) - before).toBe(simdActive() ? 1 : 0);
    const plain = withSimdSwitch(false, () => fdk(data, geometry, angles, grid));
    const peak = plain.reduce((most, value) => Math.max(most, Math.abs(value)), 0);
    expect(peak).toBeGreaterThan(0.1);
    expect(maxDifference(simd, plain)).toBeLessThan(1e-5 * peak);
  });
});
