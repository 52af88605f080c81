/**
 * The cone-beam preview's jobs in the band pool at its default thresholds: a 64³ volume from 24
 * views (a views slider's run) is split over the threads for both conebeam and FDK, gives the
 * single-thread answer, and a second run reuses the warm workers instead of starting new ones.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createParallelDsp } from '../../src-main/host/parallel';
import { conebeam, padConeBeamVolume } from '../../src-shared/dsp/conebeam';
import { fdk } from '../../src-shared/dsp/fdk';

function maxDifference(a: Float32Array, b: Float32Array): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i]! - b[i]!));
  return most;
}

describe('64³ cone-beam CT in the band pool at its default thresholds', () => {
  const n = 64, grid = { width: n, height: n, depth: n };
  // An off-centre ball: something for FDK to rebuild.
  const volume = Float32Array.from({ length: n * n * n }, (_, i) => {
    const x = i % n, y = Math.floor(i / n) % n, z = Math.floor(i / (n * n));
    return Math.hypot(x - 28, y - 34, z - 31) < 17 ? 1 : 0;
  });
  const pool = createParallelDsp({ threads: 2 });
  afterAll(() => pool.dispose());

  it('splits conebeam and FDK of 64³ from 24 and 25 views over the threads, same answer, workers started once', async () => {
    for (const views of [24, 25]) {
      const single = conebeam(volume, grid, { views });
      const { geometry, angles } = single;
      const before = pool.stats.tasksPosted;
      const projections = await pool.conebeam(padConeBeamVolume(volume, grid), grid, geometry, angles);
      const afterConebeam = pool.stats.tasksPosted;
      expect(afterConebeam, `conebeam, ${views} views`).toBeGreaterThan(before);
      const scale = single.data.reduce((most, value) => Math.max(most, Math.abs(value)), 0);
      expect(maxDifference(projections, single.data)).toBeLessThan(1e-5 * scale);

      const reference = fdk(single.data, geometry, angles, grid);
      const rebuilt = await pool.fdk(projections, geometry, angles, grid, 'ram-lak');
      // Counted as four multiply-adds per voxel and view, this job stayed on the calling thread.
      expect(pool.stats.tasksPosted, `fdk, ${views} views`).toBeGreaterThan(afterConebeam);
      const peak = reference.reduce((most, value) => Math.max(most, Math.abs(value)), 0);
      expect(peak).toBeGreaterThan(0.5);
      expect(maxDifference(rebuilt, reference)).toBeLessThan(1e-5 * peak);
    }
    // The pool stays warm between runs: one start per worker (the calling thread is the second
    // thread), not one per run or per band.
    expect(pool.stats.workersStarted).toBe(1);
    expect(pool.stats.bandsOnCaller).toBeGreaterThan(0);
  });
});
