/**
 * source.phantom3d's `ellipsoids` pattern: heads (a bright skull shell around soft tissue with
 * structures inside) in 3 seeds of 4, free ellipsoids in the rest; the same volume for a seed.
 * Properties of the distribution, not numbers copied from a run.
 */
import { describe, expect, it } from 'vitest';
import { HEAD_FRACTION, isHeadSeed, phantom3d, randomEllipsoids, type Ellipsoid } from '../../src-shared/dsp/phantom3d';

/** ((x'/a)² + (y'/b)² + (z'/c)²) of a point for an ellipsoid: ≤ 1 inside. */
function level(e: Ellipsoid, x: number, y: number, z: number): number {
  const dx = x - e.x0, dy = y - e.y0, dz = z - e.z0, r = e.rotation;
  const u = r[0]! * dx + r[1]! * dy + r[2]! * dz, v = r[3]! * dx + r[4]! * dy + r[5]! * dz, w = r[6]! * dx + r[7]! * dy + r[8]! * dz;
  return (u / e.a) ** 2 + (v / e.b) ** 2 + (w / e.c) ** 2;
}

/** Points on an ellipsoid's surface along a grid of directions in its own axes, in volume coordinates. */
function surfacePoints(e: Ellipsoid, steps: number): [number, number, number][] {
  const points: [number, number, number][] = [];
  const r = e.rotation;
  for (let i = 0; i <= steps; i++) {
    const theta = (Math.PI * i) / steps;
    for (let j = 0; j < 2 * steps; j++) {
      const phi = (Math.PI * j) / steps;
      const u = e.a * Math.sin(theta) * Math.cos(phi), v = e.b * Math.sin(theta) * Math.sin(phi), w = e.c * Math.cos(theta);
      // Local → volume: the rows of `rotation` are the axes, so apply its transpose.
      points.push([e.x0 + r[0]! * u + r[3]! * v + r[6]! * w, e.y0 + r[1]! * u + r[4]! * v + r[7]! * w, e.z0 + r[2]! * u + r[5]! * v + r[8]! * w]);
    }
  }
  return points;
}

/** Of the x-rows that hold anything, the fraction whose first and last non-zero voxels are bright (≥ 0.8). */
function brightBorderFraction(volume: Float32Array, size: number): number {
  let rows = 0, bright = 0;
  for (let row = 0; row < size * size; row++) {
    const base = row * size;
    let first = -1, last = -1;
    for (let x = 0; x < size; x++) {
      if (volume[base + x]! > 0) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    rows++;
    if (volume[base + first]! >= 0.8 && volume[base + last]! >= 0.8) bright++;
  }
  return bright / rows;
}

describe('phantom3d ellipsoids', () => {
  it('draws a head in about 3 seeds of 4, decided by the seed alone', () => {
    const seeds = Array.from({ length: 400 }, (_, k) => k + 1);
    const heads = seeds.filter(isHeadSeed).length;
    // Binomial(400, 0.75) has a standard deviation of 8.7: ±30 is more than 3 of them.
    expect(Math.abs(heads - HEAD_FRACTION * 400)).toBeLessThan(30);
    for (const seed of seeds.slice(0, 40)) {
      const ellipsoids = randomEllipsoids(12, seed);
      // A head is a shell (two ellipsoids) plus the 12 inside; free ellipsoids are the 12 alone.
      expect(ellipsoids.length).toBe(isHeadSeed(seed) ? 14 : 12);
    }
  });

  it('makes a head a skull shell of 0.8–1.0 around tissue of 0.1–0.3, with every structure inside the shell', () => {
    const headSeeds = Array.from({ length: 60 }, (_, k) => k + 1).filter(isHeadSeed);
    expect(headSeeds.length).toBeGreaterThan(30);
    const structureValues: number[] = [];
    for (const seed of headSeeds) {
      const [outer, inner, ...structures] = randomEllipsoids(12, seed) as [Ellipsoid, Ellipsoid, ...Ellipsoid[]];
      expect(outer.A).toBeGreaterThanOrEqual(0.8);
      expect(outer.A).toBeLessThanOrEqual(1);
      expect(outer.A + inner.A).toBeGreaterThanOrEqual(0.1);
      expect(outer.A + inner.A).toBeLessThanOrEqual(0.3);
      for (const axis of ['a', 'b', 'c'] as const) {
        expect(outer[axis]).toBeGreaterThanOrEqual(0.6);
        expect(outer[axis]).toBeLessThanOrEqual(0.95);
        // A thin shell: a few voxels at 64³ (one voxel is 2/63 ≈ 0.032).
        expect(outer[axis] - inner[axis]).toBeGreaterThanOrEqual(0.02);
        expect(outer[axis] - inner[axis]).toBeLessThanOrEqual(0.1);
      }
      expect([inner.x0, inner.y0, inner.z0]).toEqual([outer.x0, outer.y0, outer.z0]);
      expect(Array.from(inner.rotation)).toEqual(Array.from(outer.rotation));
      // The whole head lies in the volume: the outer shell's surface within [−1, 1]³.
      for (const point of surfacePoints(outer, 12)) for (const coordinate of point) expect(Math.abs(coordinate)).toBeLessThanOrEqual(1);
      for (const structure of structures) {
        for (const [x, y, z] of surfacePoints(structure, 8)) expect(level(inner, x, y, z)).toBeLessThanOrEqual(1 + 1e-9);
        structureValues.push(structure.A);
      }
    }
    // Signed: dark structures (ventricles) and bright ones both occur, so the head spans [0, 1].
    expect(Math.min(...structureValues)).toBeLessThan(-0.2);
    expect(Math.max(...structureValues)).toBeGreaterThan(0.5);
  });

  it('gives a head a bright border on nearly every row and free ellipsoids none', () => {
    const size = 64;
    let headsSeen = 0, freeSeen = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const volume = phantom3d('ellipsoids', size, { count: 12, seed });
      const fraction = brightBorderFraction(volume, size);
      // Not every row: a shell thinner than a voxel falls between voxel centres in places.
      if (isHeadSeed(seed)) {
        headsSeen++;
        expect(fraction).toBeGreaterThan(0.6);
      } else {
        freeSeen++;
        expect(fraction).toBeLessThan(0.1);
      }
    }
    expect(headsSeen).toBeGreaterThan(0);
    expect(freeSeen).toBeGreaterThan(0);
  });

  it('spans [0, 1] in a head: background, dark structures, tissue, bright structures and skull', () => {
    const size = 48;
    const seeds = Array.from({ length: 12 }, (_, k) => k + 1).filter(isHeadSeed);
    const histogram = new Array<number>(10).fill(0);
    let lowest = Infinity, highest = -Infinity;
    for (const seed of seeds) {
      const volume = phantom3d('ellipsoids', size, { count: 12, seed });
      for (const value of volume) {
        lowest = Math.min(lowest, value);
        highest = Math.max(highest, value);
        histogram[Math.min(9, Math.floor(value * 10))]!++;
      }
    }
    expect(lowest).toBe(0);
    expect(highest).toBeLessThanOrEqual(1);
    // Every tenth of the range holds voxels over a dozen heads.
    for (const count of histogram) expect(count).toBeGreaterThan(0);
  });

  it('is the same volume for the same seed and count, another for another seed', () => {
    const a = phantom3d('ellipsoids', 32, { count: 12, seed: 3 });
    expect(phantom3d('ellipsoids', 32, { count: 12, seed: 3 })).toEqual(a);
    const b = phantom3d('ellipsoids', 32, { count: 12, seed: 4 });
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    expect(differing).toBeGreaterThan(a.length / 20);
  });
});
