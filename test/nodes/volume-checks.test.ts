/**
 * op.compare, op.stats, op.add and op.subtract on volumes, against a naive oracle written here:
 * every voxel is looked up by its world coordinate (x − origin.x, …) one at a time, so the
 * union, the zero fill and the origin offsets are worked out independently of alignVolumes.
 */
import { describe, expect, it } from 'vitest';
import { makeVolume, type Point3, type Volume, type ValueRecord } from '../../src-shared/data';
import { mulberry32 } from '../../src-shared/nodes/common';
import { ResourceLimitError } from '../../src-shared/nodes/define';
import { errorOf, runNode, testContext, value } from './harness';

function randomVolume(seed: number, width: number, height: number, depth: number, origin: Point3, channels = 1): Volume {
  const random = mulberry32(seed);
  const data = new Float32Array(width * height * depth * channels);
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(random() * 2 - 1);
  return makeVolume(data, width, height, depth, { channels, origin });
}

/** The voxel of `volume` at world (X, Y, Z) in channel c, or 0 outside it. */
function at(volume: Volume, c: number, X: number, Y: number, Z: number): number {
  const x = X + volume.origin.x, y = Y + volume.origin.y, z = Z + volume.origin.z;
  if (x < 0 || y < 0 || z < 0 || x >= volume.width || y >= volume.height || z >= volume.depth) return 0;
  return volume.data[((c * volume.depth + z) * volume.height + y) * volume.width + x]!;
}

/** The union of both extents in world coordinates, visited voxel by voxel. */
function union(a: Volume, b: Volume) {
  const lo = (axis: 'x' | 'y' | 'z') => Math.min(-a.origin[axis], -b.origin[axis]);
  const hi = (axis: 'x' | 'y' | 'z', side: 'width' | 'height' | 'depth') => Math.max(a[side] - a.origin[axis], b[side] - b.origin[axis]);
  const box = { x0: lo('x'), y0: lo('y'), z0: lo('z'), x1: hi('x', 'width'), y1: hi('y', 'height'), z1: hi('z', 'depth') };
  const points: [number, number, number, number][] = [];
  for (let c = 0; c < a.channels; c++)
    for (let Z = box.z0; Z < box.z1; Z++) for (let Y = box.y0; Y < box.y1; Y++) for (let X = box.x0; X < box.x1; X++) points.push([c, X, Y, Z]);
  return { box, points };
}

function oracleErrors(a: Volume, b: Volume) {
  let maxAbs = 0, squares = 0, peak = 0;
  const { points } = union(a, b);
  for (const [c, X, Y, Z] of points) {
    const d = Math.abs(at(a, c, X, Y, Z) - at(b, c, X, Y, Z));
    maxAbs = Math.max(maxAbs, d);
    squares += d * d;
    peak = Math.max(peak, Math.abs(at(a, c, X, Y, Z)));
  }
  return { maxAbsError: maxAbs, rmsError: Math.sqrt(squares / points.length), relError: maxAbs / peak };
}

// Offsets on every axis, both signs, overlapping, touching and apart; half-voxel centres (the default origin) included.
const CASES: { name: string; a: [number, number, number, Point3]; b: [number, number, number, Point3] }[] = [
  { name: 'one extent', a: [4, 3, 5, { x: 0, y: 0, z: 0 }], b: [4, 3, 5, { x: 0, y: 0, z: 0 }] },
  { name: 'b shifted on every axis', a: [4, 3, 5, { x: 0, y: 0, z: 0 }], b: [3, 4, 2, { x: -2, y: 1, z: -1 }] },
  { name: 'b inside a', a: [6, 5, 4, { x: 3, y: 2, z: 2 }], b: [2, 2, 2, { x: 0, y: 1, z: 0 }] },
  { name: 'apart', a: [2, 2, 2, { x: 0, y: 0, z: 0 }], b: [2, 3, 1, { x: -5, y: 4, z: 0 }] },
  { name: 'centred origins, sides of one parity', a: [4, 6, 4, { x: 1.5, y: 2.5, z: 1.5 }], b: [2, 4, 6, { x: 0.5, y: 1.5, z: 2.5 }] },
];

describe('op.compare on volumes', () => {
  for (const [index, { name, a: [aw, ah, ad, ao], b: [bw, bh, bd, bo] }] of CASES.entries()) {
    it(`lines a and b up by origin over the union, zero-filled (${name})`, async () => {
      const a = randomVolume(10 + index, aw, ah, ad, ao, 2);
      const b = randomVolume(20 + index, bw, bh, bd, bo, 2);
      const fields = ((await value('op.compare', { a, b })) as ValueRecord).fields;
      const expected = oracleErrors(a, b);
      expect(fields.maxAbsError).toBeCloseTo(expected.maxAbsError, 6);
      expect(fields.rmsError).toBeCloseTo(expected.rmsError, 6);
      expect(fields.relError).toBeCloseTo(expected.relError, 6);
      expect(fields.match).toBe(0);
    });
  }

  it('matches a volume with itself, and not with the same voxels one voxel over', async () => {
    const a = randomVolume(1, 5, 4, 3, { x: 2, y: 1.5, z: 1 });
    expect(((await value('op.compare', { a, b: a })) as ValueRecord).fields).toMatchObject({ maxAbsError: 0, rmsError: 0, match: 1 });
    const moved = { ...a, origin: { ...a.origin, z: 0 } };
    expect(((await value('op.compare', { a, b: moved })) as ValueRecord).fields.match).toBe(0);
  });

  it('takes a projections volume against a plain one as data', async () => {
    const projections = makeVolume(Float32Array.from([1, 2, 3, 4]), 2, 2, 1, {
      origin: { x: 0, y: 0, z: 0 },
      angles: Float64Array.from([0]),
      geometry: { sod: 10, sdd: 20, du: 2, dv: 2, U: 2, V: 2, views: 1 },
    });
    const plain = makeVolume(Float32Array.from([1, 2, 3, 5]), 2, 2, 1, { origin: { x: 0, y: 0, z: 0 } });
    expect(((await value('op.compare', { a: projections, b: plain })) as ValueRecord).fields).toMatchObject({ maxAbsError: 1, rmsError: 0.5 });
  });

  it('refuses different channels, and origins half a voxel apart, saying what to do', async () => {
    const one = randomVolume(1, 2, 2, 2, { x: 0, y: 0, z: 0 });
    const two = randomVolume(2, 2, 2, 2, { x: 0, y: 0, z: 0 }, 2);
    expect(await errorOf('op.compare', { a: one, b: two })).toBe('a has 1 channels and b 2: take one channel of each (or volumes with the same channels)');
    const odd = randomVolume(3, 3, 2, 2, { x: 1, y: 0, z: 0 });
    const even = randomVolume(4, 4, 2, 2, { x: 1.5, y: 0, z: 0 });
    expect(await errorOf('op.compare', { a: odd, b: even })).toBe(
      "a's and b's voxels do not line up along x (origins 1 and 1.5, widths 3 and 4): give both the same width, or pad one by a voxel",
    );
  });

  it('reserves the union before it allocates it, and nothing for two volumes on one extent', async () => {
    const reserved: number[] = [];
    const context = { ...testContext, reserve: (bytes: number) => void reserved.push(bytes) };
    const a = randomVolume(1, 4, 4, 4, { x: 0, y: 0, z: 0 });
    await runNode('op.compare', { a, b: randomVolume(2, 4, 4, 4, { x: 0, y: 0, z: 0 }) }, {}, context);
    expect(reserved).toEqual([]);
    // Two 2³ volumes 1000 voxels apart along z span 1002 planes of 2 × 2: the refusal comes before any allocation.
    const far = randomVolume(3, 2, 2, 2, { x: 0, y: 0, z: -1000 });
    const refusing = { ...testContext, reserve: (bytes: number, what: string) => {
      reserved.push(bytes);
      if (bytes > 10_000) throw new ResourceLimitError(`${what} would need too much`);
    } };
    const small = randomVolume(4, 2, 2, 2, { x: 0, y: 0, z: 0 });
    const outcome = await runNode('op.compare', { a: small, b: far }, {}, refusing);
    expect(outcome).toEqual({ ok: false, error: 'aligning a and b over 2×2×1002 voxels would need too much' });
    expect(reserved).toEqual([2 * 4 * 2 * 2 * 1002]);
  });
});

describe('op.stats on volumes', () => {
  it('sums every voxel of every channel', async () => {
    const volume = randomVolume(7, 3, 4, 5, { x: 1, y: 1, z: 1 }, 2);
    let sum = 0, energy = 0, min = Infinity, max = -Infinity;
    for (let c = 0; c < 2; c++)
      for (let z = 0; z < 5; z++)
        for (let y = 0; y < 4; y++)
          for (let x = 0; x < 3; x++) {
            const v = at(volume, c, x - 1, y - 1, z - 1);
            sum += v;
            energy += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
    const fields = ((await value('op.stats', { in: volume })) as ValueRecord).fields;
    expect(fields.sum).toBeCloseTo(sum, 9);
    expect(fields.mean).toBeCloseTo(sum / 120, 9);
    expect(fields.energy).toBeCloseTo(energy, 9);
    expect([fields.min, fields.max]).toEqual([min, max]);
  });
});

describe('op.add and op.subtract on volumes', () => {
  for (const [index, { name, a: [aw, ah, ad, ao], b: [bw, bh, bd, bo] }] of CASES.entries()) {
    it(`a ± b over the union, lined up by origin (${name})`, async () => {
      const a = randomVolume(30 + index, aw, ah, ad, ao, 2);
      const b = randomVolume(40 + index, bw, bh, bd, bo, 2);
      const { box, points } = union(a, b);
      for (const [type, sign] of [['op.add', 1], ['op.subtract', -1]] as const) {
        const out = (await value(type, { a, b })) as Volume;
        expect(out.kind).toBe('volume');
        expect([out.width, out.height, out.depth, out.channels]).toEqual([box.x1 - box.x0, box.y1 - box.y0, box.z1 - box.z0, 2]);
        expect(out.origin).toEqual({ x: -box.x0, y: -box.y0, z: -box.z0 });
        const expected = points.map(([c, X, Y, Z]) => Math.fround(at(a, c, X, Y, Z) + sign * at(b, c, X, Y, Z)));
        expect(Array.from(out.data)).toEqual(expected);
      }
    });
  }

  it('keep the scan of a when both are projections of the same scan on one extent, and drop it otherwise', async () => {
    const geometry = { sod: 10, sdd: 20, du: 2, dv: 2, U: 2, V: 1, views: 2, volume: { width: 2, height: 2, depth: 2 } };
    const scan = (data: number[], changes: { geometry?: typeof geometry; angles?: number[]; origin?: Point3 } = {}) =>
      makeVolume(Float32Array.from(data), 2, 1, 2, {
        origin: changes.origin ?? { x: 0.5, y: 0, z: 0.5 },
        angles: Float64Array.from(changes.angles ?? [0, 180]),
        geometry: changes.geometry ?? geometry,
      });
    const a = scan([1, 2, 3, 4]);
    const kept = (await value('op.subtract', { a, b: scan([1, 1, 1, 1]) })) as Volume;
    expect(Array.from(kept.data)).toEqual([0, 1, 2, 3]);
    expect(kept.geometry).toEqual(geometry);
    expect(Array.from(kept.angles ?? [])).toEqual([0, 180]);
    const plain = makeVolume(Float32Array.from([1, 1, 1, 1]), 2, 1, 2, { origin: a.origin });
    const otherScans = [
      plain,
      scan([1, 1, 1, 1], { geometry: { ...geometry, sod: 11 } }),
      scan([1, 1, 1, 1], { geometry: { ...geometry, volume: { width: 2, height: 2, depth: 4 } } }),
      scan([1, 1, 1, 1], { angles: [0, 90] }),
      scan([1, 1, 1, 1], { origin: { x: 0.5, y: 0, z: 1.5 } }),
    ];
    for (const b of otherScans) {
      const out = (await value('op.add', { a, b })) as Volume;
      expect(out.geometry).toBeUndefined();
      expect(out.angles).toBeUndefined();
    }
  });

  it('refuse different channels', async () => {
    const one = randomVolume(1, 2, 2, 2, { x: 0, y: 0, z: 0 });
    const two = randomVolume(2, 2, 2, 2, { x: 0, y: 0, z: 0 }, 2);
    expect(await errorOf('op.subtract', { a: two, b: one })).toBe('a has 2 channels and b 1: take one channel of each (or volumes with the same channels)');
  });
});
