/** The equivalence view on volumes: the measures over every voxel (as op.compare), the pictures of the middle plane. */
import { describe, expect, it } from 'vitest';
import { makeVolume } from '../../../src-shared/data';
import type { Comparison } from '../../../src-shared/protocol';
import { compareDetail } from '../../../src-shared/engine/analysis';

const f32 = (array: Float32Array) => Array.from(array);

describe('compareDetail on volumes', () => {
  it('lines volumes up by origin: stats over the union, a, b and a − b of its middle z plane', () => {
    // a holds planes z = 0, 1; b one voxel deeper, z = 1, 2: the union has three planes, the middle one z = 1.
    const a = makeVolume(Float32Array.from([1, 2, 3, 4]), 2, 1, 2, { origin: { x: 0, y: 0, z: 0 } });
    const b = makeVolume(Float32Array.from([3, 5, 7, 8]), 2, 1, 2, { origin: { x: 0, y: 0, z: -1 } });
    const result = compareDetail(a, b) as Extract<Comparison, { kind: 'image' }>;
    expect(result).toMatchObject({ kind: 'image', fullWidth: 2, fullHeight: 1, channels: 1, origin: { x: 0, y: 0 } });
    // Which plane the pictures are, so the view can say so beside the max over every voxel.
    expect(result.plane).toEqual({ axis: 'z', index: 1, last: 2 });
    expect(f32(result.a)).toEqual([3, 4]);
    expect(f32(result.b)).toEqual([3, 5]);
    expect(f32(result.residual)).toEqual([0, -1]);
    // Over the six voxels of the union: a = 1 2 3 4 0 0, b = 0 0 3 5 7 8.
    const differences = [1, 2, 0, -1, -7, -8];
    expect(result.stats.count).toBe(6);
    expect(result.stats.maxAbsError).toBe(8);
    expect(result.stats.rmsError).toBeCloseTo(Math.sqrt(differences.reduce((sum, d) => sum + d * d, 0) / 6), 12);
  });

  it('refuses volumes whose channels differ, as op.compare does', () => {
    const one = makeVolume(new Float32Array(8), 2, 2, 2);
    const two = makeVolume(new Float32Array(16), 2, 2, 2, { channels: 2 });
    expect(compareDetail(one, two)).toBe('a has 1 channels and b 2: take one channel of each (or volumes with the same channels)');
  });
});
