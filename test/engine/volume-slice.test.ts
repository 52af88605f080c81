import { describe, expect, it } from 'vitest';
import { makeVolume, sliceVolume } from '../../src-shared/data';
import { valueToNpy } from '../../src-shared/io/npy';
import { valueMetadata } from '../../src-shared/io/text';

/** A 4 × 3 × 2 volume (x, y, z) whose voxel holds 100·z + 10·y + x, in two channels (c·1000 added). */
function labelled(channels = 1) {
  const [w, h, d] = [4, 3, 2];
  const data = new Float32Array(w * h * d * channels);
  for (let c = 0; c < channels; c++)
    for (let z = 0; z < d; z++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[((c * d + z) * h + y) * w + x] = 1000 * c + 100 * z + 10 * y + x;
  return makeVolume(data, w, h, d, { channels });
}

describe('a volume sliced into images', () => {
  it('a z plane is (x, y) at that depth, a y plane (x, z), an x plane (y, z)', () => {
    const volume = labelled();
    const z = sliceVolume(volume, 'z', 1);
    expect([z.width, z.height]).toEqual([4, 3]);
    expect(z.data[2 * 4 + 3]).toBe(100 + 20 + 3);
    const y = sliceVolume(volume, 'y', 2);
    expect([y.width, y.height]).toEqual([4, 2]);
    expect(y.data[1 * 4 + 1]).toBe(100 + 20 + 1);
    const x = sliceVolume(volume, 'x', 3);
    expect([x.width, x.height]).toEqual([3, 2]);
    expect(x.data[1 * 3 + 2]).toBe(100 + 20 + 3);
  });

  it('index −1 is the middle plane, and every channel comes along', () => {
    const volume = labelled(2);
    const middle = sliceVolume(volume, 'y', -1);
    expect(middle.channels).toBe(2);
    expect(middle.data[0]).toBe(10);
    expect(middle.data[middle.width * middle.height]).toBe(1010);
  });

  it('is written as (depth, height, width) npy with its sizes in the metadata', () => {
    const npy = valueToNpy(labelled());
    expect(npy.ok).toBe(true);
    const header = new TextDecoder().decode(npy.ok ? npy.value.subarray(0, 128) : new Uint8Array());
    expect(header).toContain("'shape': (2, 3, 4)");
    expect(valueMetadata(labelled())).toMatchObject({ type: 'volume', width: 4, height: 3, depth: 2, channels: 1, origin: { x: 1.5, y: 1, z: 0.5 } });
  });
});
