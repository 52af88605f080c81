import { describe, expect, it } from 'vitest';
import { makeVolume, type Volume } from '../../../src-shared/data';
import { volumeImage } from '../../../src-shared/dsp/mip';
import { readNpy } from '../../../src-shared/io/npy';
import type { FullValue, ValueOptions } from '../../../src-shared/protocol';
import { EXPORT_VOXEL_LIMIT, fetchVolume, volumeNpy } from '../../../src-renderer/files/exportVolume';

/** A host that answers getValue as the worker does for a volume: the plane asked for, as float32. */
function hostOf(volumeAt: (call: number) => Volume) {
  const asked: ValueOptions[] = [];
  const api = {
    getValue: async (_node: string, _port: string, options?: ValueOptions): Promise<FullValue | undefined> => {
      asked.push(options ?? {});
      const image = volumeImage(volumeAt(asked.length - 1), options?.slice);
      const data = image.data.slice();
      return { kind: 'image', fromSpectrum: false, fullWidth: image.width, fullHeight: image.height, width: image.width, height: image.height, channels: image.channels, origin: image.origin, data };
    },
  };
  return { api, asked };
}

/** Voxel (c, x, y, z) holds 1000·c + 100·z + 10·y + x: every value says where it came from. */
function labelled(width: number, height: number, depth: number, channels: number): Volume {
  const data = new Float32Array(width * height * depth * channels);
  for (let c = 0; c < channels; c++)
    for (let z = 0; z < depth; z++) for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[((c * depth + z) * height + y) * width + x] = 1000 * c + 100 * z + 10 * y + x;
  return makeVolume(data, width, height, depth, { channels });
}

describe('a volume exported as NPY', () => {
  it('gathers every z plane into (depth, height, width), each voxel where it was', async () => {
    const volume = labelled(4, 3, 5, 1);
    const { api, asked } = hostOf(() => volume);
    const result = await volumeNpy(api, 'view', 'sink', { width: 4, height: 3, depth: 5, channels: 1 });
    if (!result.ok) throw new Error(result.error);
    const npy = readNpy(result.bytes);
    if (!npy.ok) throw new Error(npy.error);
    expect(npy.value.shape).toEqual([5, 3, 4]);
    expect([...npy.value.data]).toEqual([...volume.data]);
    expect(asked.map((options) => options.slice)).toEqual([0, 1, 2, 3, 4].map((index) => ({ axis: 'z', index })));
  });

  it('keeps channels first: (channels, depth, height, width)', async () => {
    const volume = labelled(3, 2, 4, 2);
    const result = await volumeNpy(hostOf(() => volume).api, 'v', 'out', { width: 3, height: 2, depth: 4, channels: 2 });
    if (!result.ok) throw new Error(result.error);
    const npy = readNpy(result.bytes);
    if (!npy.ok) throw new Error(npy.error);
    expect(npy.value.shape).toEqual([2, 4, 2, 3]);
    expect([...npy.value.data]).toEqual([...volume.data]);
  });

  it('refuses to stack planes of two volumes when a run changes it on the way', async () => {
    const { api } = hostOf((call) => (call < 2 ? labelled(4, 4, 4, 1) : labelled(6, 6, 6, 1)));
    expect(await fetchVolume(api, 'v', 'out', { width: 4, height: 4, depth: 4, channels: 1 })).toEqual({ ok: false, error: 'the volume changed while it was being exported: export again' });
  });

  it('refuses when a fresh run of the same size replaces the node\'s value on the way', async () => {
    const { api, asked } = hostOf(() => labelled(4, 4, 4, 1));
    const result = await fetchVolume(api, 'v', 'out', { width: 4, height: 4, depth: 4, channels: 1 }, () => asked.length < 2);
    expect(result).toEqual({ ok: false, error: 'the volume changed while it was being exported: export again' });
    expect(asked).toHaveLength(2);
  });

  it('refuses a volume larger than the page gathers, before asking for any plane', async () => {
    const { api, asked } = hostOf(() => labelled(1, 1, 1, 1));
    const result = await fetchVolume(api, 'v', 'out', { width: 512, height: 512, depth: 512, channels: 1 });
    expect(512 ** 3).toBeGreaterThan(EXPORT_VOXEL_LIMIT);
    // The editor's File sink writes nothing: the way out is one that convolab run runs.
    expect(result).toEqual({
      ok: false,
      error: 'a 512×512×512 volume is more than an export carries (67108864 voxels): add a File sink (sink.file) after it and run the graph with convolab run',
    });
    expect(asked).toHaveLength(0);
  });
});
