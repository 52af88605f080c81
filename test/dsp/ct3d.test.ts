/**
 * Cone-beam CT core: conebeam against closed-form line integrals through balls and ellipsoids
 * (the rays recomputed here from NODES.md's geometry, not from conebeam.ts), FDK of conebeam
 * against the volume it came from, orientation, sparse-view error, bad geometry.
 */
import { describe, expect, it } from 'vitest';
import { coneBeamAngles, coneBeamGeometry, conebeam } from '../../src-shared/dsp/conebeam';
import { fdk } from '../../src-shared/dsp/fdk';
import { phantom3d } from '../../src-shared/dsp/phantom3d';
import { flipVolume } from '../../src-shared/dsp/volume';
import { type Vec, chord, correlation, difference, ellipsoidVolume, ray, rmse } from './ct3d-reference';

/**
 * Voxelised at voxel centres and interpolated, a body's edge sits anywhere within half a voxel of
 * the true surface, so a chord may differ by up to about one voxel (times the value) per ray;
 * on average the errors cancel (the bias). A mirrored axis, a swapped u/v or a wrong
 * magnification moves the shadow by several voxels and fails far beyond these bounds.
 *
 * Compares every pixel of some views whose ray passes well inside the body with the analytic chord × value. */
function compareWithChords(size: number, volume: Float32Array, centre: Vec, axes: Vec, value: number, views: number): { maxError: number; meanError: number; bias: number; rays: number; missMax: number } {
  const grid = { width: size, height: size, depth: size };
  const { data, geometry, angles } = conebeam(volume, grid, { views });
  let maxError = 0, sumError = 0, sumSigned = 0, rays = 0, missMax = 0;
  for (let view = 0; view < views; view++) {
    for (let v = 0; v < geometry.V; v++) for (let u = 0; u < geometry.U; u++) {
      const { source, pixel } = ray(geometry, angles[view], u, v);
      const { length, depth } = chord(source, pixel, centre, axes);
      const measured = data[(view * geometry.V + v) * geometry.U + u];
      if (depth < 0.6) {
        sumSigned += measured - value * length;
        const error = Math.abs(measured - value * length);
        maxError = Math.max(maxError, error);
        sumError += error;
        rays++;
      } else if (depth > 1.6) {
        missMax = Math.max(missMax, Math.abs(measured));
      }
    }
  }
  return { maxError, meanError: sumError / rays, bias: sumSigned / rays, rays, missMax };
}

describe('conebeam', () => {
  it('matches the closed-form chord through the sphere phantom (radius size/4)', () => {
    const size = 48, radius = size / 4;
    const result = compareWithChords(size, phantom3d('sphere', size), [0, 0, 0], [radius, radius, radius], 1, 6);
    console.log(`ball r=${radius}: ${result.rays} rays, |error| max ${result.maxError.toFixed(3)} mean ${result.meanError.toFixed(3)} bias ${result.bias.toFixed(3)} voxels (chords up to ${2 * radius}); misses ≤ ${result.missMax}`);
    expect(result.rays).toBeGreaterThan(500);
    expect(result.meanError).toBeLessThan(0.35);
    expect(Math.abs(result.bias)).toBeLessThan(0.15);
    expect(result.maxError).toBeLessThan(1.1);
    expect(result.missMax).toBe(0);
  });

  it('matches the closed-form chord through an off-centre ellipsoid from every side (geometry exactly as NODES.md)', () => {
    // Off-centre on every axis and elongated, so a mirrored axis, a swapped u/v or a wrong
    // magnification moves its shadow and fails here.
    const size = 40, centre: Vec = [6, -4, 5], axes: Vec = [9, 5, 7], value = 0.7;
    const result = compareWithChords(size, ellipsoidVolume(size, centre, axes, value), centre, axes, value, 7);
    console.log(`ellipsoid: ${result.rays} rays, |error| max ${result.maxError.toFixed(3)} mean ${result.meanError.toFixed(3)} bias ${result.bias.toFixed(3)} (chords × ${value} up to ${(2 * 9 * value).toFixed(1)}); misses ≤ ${result.missMax}`);
    expect(result.rays).toBeGreaterThan(300);
    expect(result.meanError).toBeLessThan(0.35 * value);
    expect(Math.abs(result.bias)).toBeLessThan(0.1 * value);
    expect(result.maxError).toBeLessThan(1.1 * value);
    expect(result.missMax).toBe(0);
  });

  it('has the defaults of NODES.md and a detector just wide and tall enough for the whole volume', () => {
    const size = 32, grid = { width: size, height: size, depth: size };
    const geometry = coneBeamGeometry(grid, { views: 8 });
    expect(geometry).toMatchObject({ sod: 80, sdd: 160, du: 2, dv: 2, views: 8 });
    const ones = new Float32Array(size ** 3).fill(1);
    const { data } = conebeam(ones, grid, geometry);
    const { U, V } = geometry;
    // The columns and rows that the volume's shadow reaches in any view.
    let uMin = U, uMax = -1, vMin = V, vMax = -1, peak = 0;
    for (let view = 0; view < 8; view++) for (let v = 0; v < V; v++) for (let u = 0; u < U; u++) {
      const value = data[(view * V + v) * U + u];
      peak = Math.max(peak, value);
      if (value > 0) { uMin = Math.min(uMin, u); uMax = Math.max(uMax, u); vMin = Math.min(vMin, v); vMax = Math.max(vMax, v); }
    }
    expect(peak).toBeGreaterThan(size);
    // Nothing falls off the detector, and at most two spare pixels lie beyond the shadow.
    for (const margin of [uMin, U - 1 - uMax, vMin, V - 1 - vMax]) {
      expect(margin).toBeGreaterThanOrEqual(1);
      expect(margin).toBeLessThanOrEqual(2);
    }
  });

  it('rejects a source inside the volume with a one-line message that says what to set', () => {
    const grid = { width: 32, height: 32, depth: 32 };
    expect(() => conebeam(new Float32Array(32 ** 3), grid, { sod: 20 })).toThrow(RangeError);
    expect(() => coneBeamGeometry(grid, { sod: 20 })).toThrow(/source \(sod 20\) passes inside the 32 × 32 × 32 volume; set sod above 24 voxels/);
    expect(() => coneBeamGeometry(grid, { sod: 80, sdd: 60 })).toThrow(/sdd \(60\) must exceed sod \(80\)/);
  });
});

describe('fdk', () => {
  it('reconstructs a centred sphere to within a few percent inside', () => {
    const size = 32, grid = { width: size, height: size, depth: size }, radius = size / 4, h = (size - 1) / 2;
    const sphere = phantom3d('sphere', size);
    const { data, geometry, angles } = conebeam(sphere, grid, { views: 120 });
    const out = fdk(data, geometry, angles, grid);
    let sum = 0, count = 0, worst = 0, outside = 0, outsideCount = 0;
    for (let z = 0; z < size; z++) for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - h, y - h, z - h), value = out[(z * size + y) * size + x];
      if (r <= radius - 3) { sum += value; count++; worst = Math.max(worst, Math.abs(value - 1)); }
      if (r >= radius + 3) { outside += Math.abs(value); outsideCount++; }
    }
    console.log(`FDK sphere 32³/120 views: inside mean ${(sum / count).toFixed(4)}, worst |error| ${worst.toFixed(4)}; outside mean |value| ${(outside / outsideCount).toFixed(4)}`);
    expect(Math.abs(sum / count - 1)).toBeLessThan(0.03);
    expect(worst).toBeLessThan(0.08);
    expect(outside / outsideCount).toBeLessThan(0.03);
  });

  it('reconstructs an off-centre ball seen from a close source, where the distance weights matter', () => {
    // At sod = 40 the ball's centre swings between 31 and 49 voxels from the source: without the
    // (sod/(sod − s))² weights (or with a wrong magnification) its value comes back several percent off.
    const size = 32, grid = { width: size, height: size, depth: size }, centre: Vec = [8, -3, 2], radius = 6;
    const ball = ellipsoidVolume(size, centre, [radius, radius, radius], 1);
    const { data, geometry, angles } = conebeam(ball, grid, { views: 120, sod: 40 });
    const out = fdk(data, geometry, angles, grid);
    const h = (size - 1) / 2;
    let sum = 0, count = 0, worst = 0;
    for (let z = 0; z < size; z++) for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      if (Math.hypot(x - h - centre[0], y - h - centre[1], z - h - centre[2]) > radius - 2.5) continue;
      const value = out[(z * size + y) * size + x];
      sum += value; count++; worst = Math.max(worst, Math.abs(value - 1));
    }
    console.log(`FDK off-centre ball, sod 40: inside mean ${(sum / count).toFixed(4)}, worst |error| ${worst.toFixed(4)} over ${count} voxels`);
    expect(Math.abs(sum / count - 1)).toBeLessThan(0.02);
    expect(worst).toBeLessThan(0.06);
  });

  it('reconstructs the Shepp–Logan phantom upright, and sparse views streak', () => {
    const size = 32, grid = { width: size, height: size, depth: size };
    const phantom = phantom3d('shepp-logan', size);
    const full = conebeam(phantom, grid, { views: 120 });
    const recon = fdk(full.data, full.geometry, full.angles, grid);
    const upright = correlation(recon, phantom);
    const flipped = (['x', 'y', 'z'] as const).map((axis) => correlation(recon, flipVolume(phantom, grid, { [axis]: true })));
    // The head is nearly symmetric left–right, so compare the parts a mirror changes: the
    // reconstruction's antisymmetric part along each axis against the phantom's (−1 if mirrored).
    const antisymmetric = (['x', 'y', 'z'] as const).map((axis) => correlation(
      difference(recon, flipVolume(recon, grid, { [axis]: true })), difference(phantom, flipVolume(phantom, grid, { [axis]: true }))));
    console.log(`Shepp–Logan 32³: correlation upright ${upright.toFixed(4)}, flipped x/y/z ${flipped.map((c) => c.toFixed(4)).join(' / ')}; antisymmetric parts x/y/z ${antisymmetric.map((c) => c.toFixed(3)).join(' / ')}`);
    expect(upright).toBeGreaterThan(0.8);
    for (const c of flipped) expect(c).toBeLessThan(upright);
    for (const c of antisymmetric) expect(c).toBeGreaterThan(0.5);

    const sparse = conebeam(phantom, grid, { views: 12 });
    const sparseRecon = fdk(sparse.data, sparse.geometry, sparse.angles, grid);
    // Inside the head (half the radius), where streaks show and the skull's blurred edge does not.
    const fullError = rmse(recon, phantom, size / 4), sparseError = rmse(sparseRecon, phantom, size / 4);
    console.log(`Shepp–Logan 32³ RMSE inside: 120 views ${fullError.toFixed(4)}, 12 views ${sparseError.toFixed(4)} (×${(sparseError / fullError).toFixed(2)}); whole volume ${rmse(recon, phantom).toFixed(4)} vs ${rmse(sparseRecon, phantom).toFixed(4)}`);
    expect(fullError).toBeLessThan(0.04);
    expect(sparseError / fullError).toBeGreaterThan(2);
  });

  it('reconstructs an asymmetric phantom unmirrored on every axis', () => {
    const size = 32, grid = { width: size, height: size, depth: size };
    const phantom = phantom3d('ellipsoids', size, { count: 6, seed: 7 });
    const { data, geometry, angles } = conebeam(phantom, grid, { views: 90 });
    const recon = fdk(data, geometry, angles, grid);
    const upright = correlation(recon, phantom);
    const flipped = (['x', 'y', 'z'] as const).map((axis) => correlation(recon, flipVolume(phantom, grid, { [axis]: true })));
    console.log(`ellipsoids seed 7: correlation upright ${upright.toFixed(4)}, flipped x/y/z ${flipped.map((c) => c.toFixed(4)).join(' / ')}`);
    expect(upright).toBeGreaterThan(0.9);
    for (const c of flipped) expect(c).toBeLessThan(upright - 0.1);
  });
});

describe('phantom3d', () => {
  it('voxelises the sphere and cube at voxel centres with the sizes NODES.md gives', () => {
    const size = 40;
    const count = (data: Float32Array) => data.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);
    const sphere = count(phantom3d('sphere', size)), cube = count(phantom3d('cube', size));
    // 4/3·π·r³ with r = size/4, and (size/2)³: centres inside, so within a surface layer.
    expect(Math.abs(sphere / ((4 / 3) * Math.PI * (size / 4) ** 3) - 1)).toBeLessThan(0.05);
    expect(cube).toBe((size / 2) ** 3);
  });

  it('keeps values in [0, 1], random ellipsoids reproducible by seed', () => {
    const a = phantom3d('ellipsoids', 24, { count: 12, seed: 1 });
    const b = phantom3d('ellipsoids', 24, { count: 12, seed: 1 });
    const c = phantom3d('ellipsoids', 24, { count: 12, seed: 2 });
    expect(a).toEqual(b);
    expect(rmse(a, c)).toBeGreaterThan(0.01);
    for (const data of [a, phantom3d('shepp-logan', 24)]) {
      expect(Math.min(...data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...data)).toBeLessThanOrEqual(1);
      expect(Math.max(...data)).toBeGreaterThan(0.3);
    }
  });
});

it('coneBeamAngles are equally spaced over [0°, 360°)', () => {
  expect(Array.from(coneBeamAngles(4))).toEqual([0, 90, 180, 270]);
});
