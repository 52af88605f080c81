import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeVolume, sliceVolume, type Volume, type VolumeAxis } from '../../src-shared/data';
import { maxIntensityProjection, volumeImage } from '../../src-shared/dsp/mip';
import { makePreview } from '../../src-shared/engine/preview';

/** The naive oracle: voxel (c, x, y, z) read by its coordinates, as NODES.md's layout states. */
function voxel(volume: Volume, c: number, x: number, y: number, z: number): number {
  return volume.data[((c * volume.depth + z) * volume.height + y) * volume.width + x];
}

/** For a plane across `axis`: its (column, row) → (x, y, z) and the length of the axis. z: (x, y); y: (x, z); x: (y, z). */
function coordinates(axis: VolumeAxis, column: number, row: number, along: number): [number, number, number] {
  return axis === 'z' ? [column, row, along] : axis === 'y' ? [column, along, row] : [along, column, row];
}

function oracleMip(volume: Volume, axis: VolumeAxis): number[] {
  const columns = axis === 'x' ? volume.height : volume.width;
  const rows = axis === 'z' ? volume.height : volume.depth;
  const across = axis === 'z' ? volume.depth : axis === 'y' ? volume.height : volume.width;
  const out: number[] = [];
  for (let c = 0; c < volume.channels; c++)
    for (let row = 0; row < rows; row++)
      for (let column = 0; column < columns; column++) {
        let best = -Infinity;
        for (let along = 0; along < across; along++) {
          const v = voxel(volume, c, ...coordinates(axis, column, row, along));
          if (!Number.isNaN(v)) best = Math.max(best, v);
        }
        out.push(best);
      }
  return out;
}

function oracleSlice(volume: Volume, axis: VolumeAxis, index: number): number[] {
  const columns = axis === 'x' ? volume.height : volume.width;
  const rows = axis === 'z' ? volume.height : volume.depth;
  const out: number[] = [];
  for (let c = 0; c < volume.channels; c++)
    for (let row = 0; row < rows; row++) for (let column = 0; column < columns; column++) out.push(voxel(volume, c, ...coordinates(axis, column, row, index)));
  return out;
}

const volumes = fc
  .record({ width: fc.integer({ min: 1, max: 6 }), height: fc.integer({ min: 1, max: 6 }), depth: fc.integer({ min: 1, max: 6 }), channels: fc.integer({ min: 1, max: 2 }) })
  .chain((size) =>
    fc
      .array(fc.oneof({ weight: 9, arbitrary: fc.float({ min: -100, max: 100, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(Number.NaN) }), {
        minLength: size.width * size.height * size.depth * size.channels,
        maxLength: size.width * size.height * size.depth * size.channels,
      })
      .map((values) => makeVolume(Float32Array.from(values), size.width, size.height, size.depth, { channels: size.channels })),
  );
const axes = fc.constantFrom<VolumeAxis>('z', 'y', 'x');
const unsignedZero = (v: number): number => (v === 0 ? 0 : v);

describe('maximum-intensity projection', () => {
  it('is, for every pixel and channel, the largest value along its ray (naive oracle), NaN voxels never the maximum', () => {
    fc.assert(
      fc.property(volumes, axes, (volume, axis) => {
        const image = maxIntensityProjection(volume, axis);
        expect([image.width, image.height, image.channels]).toEqual([axis === 'x' ? volume.height : volume.width, axis === 'z' ? volume.height : volume.depth, volume.channels]);
        // A projection's zero has no sign worth keeping: the maximum of −0 and +0 may be either.
        expect([...image.data].map(unsignedZero)).toEqual(oracleMip(volume, axis).map((v) => unsignedZero(Math.fround(v))));
      }),
      { numRuns: 200 },
    );
  });

  it('lines up with the slices: one bright voxel projects to where every slice through it shows it', () => {
    const [w, h, d] = [5, 4, 3];
    const data = new Float32Array(w * h * d);
    const [x, y, z] = [3, 1, 2];
    data[(z * h + y) * w + x] = 7;
    const volume = makeVolume(data, w, h, d);
    for (const axis of ['z', 'y', 'x'] as const) {
      const mip = maxIntensityProjection(volume, axis);
      const slice = sliceVolume(volume, axis, axis === 'z' ? z : axis === 'y' ? y : x);
      expect([...mip.data]).toEqual([...slice.data]);
      expect(mip.origin).toEqual(slice.origin);
    }
  });
});

describe('a volume as the image a view asks for (getValue\'s slice)', () => {
  it('gives the plane asked for (naive oracle), −1 or no index the middle, out-of-range indices the last plane', () => {
    fc.assert(
      fc.property(volumes, axes, fc.integer({ min: -1, max: 8 }), (volume, axis, index) => {
        const across = axis === 'z' ? volume.depth : axis === 'y' ? volume.height : volume.width;
        const expected = index === -1 ? Math.floor(across / 2) : Math.min(across - 1, index);
        expect([...volumeImage(volume, { axis, index }).data]).toEqual(oracleSlice(volume, axis, expected).map((v) => Math.fround(v)));
      }),
      { numRuns: 200 },
    );
    const volume = makeVolume(Float32Array.from({ length: 2 * 3 * 5 }, (_, i) => i), 2, 3, 5);
    expect([...volumeImage(volume).data]).toEqual(oracleSlice(volume, 'z', 2));
    expect([...volumeImage(volume, { axis: 'y' }).data]).toEqual(oracleSlice(volume, 'y', 1));
    expect([...volumeImage(volume, { axis: 'x', mip: true, index: 0 }).data]).toEqual(oracleMip(volume, 'x'));
  });
});

describe('a volume\'s preview', () => {
  it('is its middle z plane and carries its depth and the range of all its finite voxels', () => {
    // The extremes sit away from the middle plane, so a range taken from the thumbnail would miss them.
    const [w, h, d] = [4, 4, 6];
    const data = new Float32Array(w * h * d).fill(1);
    data[0] = -5;
    data[w * h * d - 1] = 9;
    data[w * h] = Number.POSITIVE_INFINITY;
    data[w * h + 1] = Number.NaN;
    const preview = makePreview(makeVolume(data, w, h, d));
    expect(preview).toMatchObject({ kind: 'image', width: 4, height: 4, volume: { depth: 6, lo: -5, hi: 9 } });
    expect(preview.kind === 'image' ? [preview.lo, preview.hi] : []).toEqual([1, 1]);
  });

  it('an image preview says nothing of volumes', () => {
    const preview = makePreview(sliceVolume(makeVolume(new Float32Array(8), 2, 2, 2), 'z', 0));
    expect(preview.kind === 'image' && preview.volume).toBe(undefined);
  });
});
