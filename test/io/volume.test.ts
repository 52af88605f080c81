/**
 * Volume files (source.volume): .npy written here byte by byte and NIfTI-1 headers written here
 * from the standard's offsets (gzipped by node:zlib), read back voxel for voxel; and every way a
 * header can lie or a file can be cut short, refused in one line before anything it claims is
 * allocated or inflated.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Gunzip } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readVolumeFile } from '../../src-shared/io/volume';
import { errorOf, runNode, testContext } from '../nodes/harness';

/** An .npy v1.0 of the dtype and shape, its header padded to 64 bytes as numpy writes it. */
function npy(descr: string, shape: number[], values: number[], extraBytes = 0): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1) + '\n';
  const size = { '<f4': 4, '<f8': 8, '<i2': 2, '|u1': 1 }[descr]!;
  const bytes = new Uint8Array(total + size * values.length + extraBytes);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  const view = new DataView(bytes.buffer, total);
  values.forEach((v, i) => {
    if (descr === '<f4') view.setFloat32(4 * i, v, true);
    else if (descr === '<f8') view.setFloat64(8 * i, v, true);
    else if (descr === '<i2') view.setInt16(2 * i, v, true);
    else view.setUint8(i, v);
  });
  return bytes;
}

interface NiftiOptions { dims: number[]; datatype: number; bitpix: number; voxOffset?: number; slope?: number; intercept?: number; little?: boolean; magic?: string }

/** A NIfTI-1 single file (.nii) from the standard's header offsets, voxels stored as `write` does. */
function nifti(options: NiftiOptions, voxels: number[], write: (view: DataView, at: number, value: number, little: boolean) => void, extraBytes = 0): Uint8Array {
  const little = options.little ?? true, offset = options.voxOffset ?? 352;
  const bytes = new Uint8Array(offset + (voxels.length * options.bitpix) / 8 + extraBytes);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 348, little);
  view.setInt16(40, options.dims.length, little);
  options.dims.forEach((d, i) => view.setInt16(42 + 2 * i, d, little));
  view.setInt16(70, options.datatype, little);
  view.setInt16(72, options.bitpix, little);
  for (let i = 0; i < 8; i++) view.setFloat32(76 + 4 * i, 1, little);
  view.setFloat32(108, offset, little);
  view.setFloat32(112, options.slope ?? 0, little);
  view.setFloat32(116, options.intercept ?? 0, little);
  const magic = options.magic ?? 'n+1';
  for (let i = 0; i < 3; i++) bytes[344 + i] = magic.charCodeAt(i);
  voxels.forEach((v, i) => write(view, offset + (i * options.bitpix) / 8, v, little));
  return bytes;
}
const int16 = (view: DataView, at: number, v: number, little: boolean) => view.setInt16(at, v, little);
const float32 = (view: DataView, at: number, v: number, little: boolean) => view.setFloat32(at, v, little);

/** Voxel (x, y, z) of a w × h × d volume holds 100·z + 10·y + x: every value names its place. */
function ramp(w: number, h: number, d: number, channels = 1): number[] {
  const out: number[] = [];
  for (let c = 0; c < channels; c++) for (let z = 0; z < d; z++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.push(1000 * c + 100 * z + 10 * y + x);
  return out;
}

function read(bytes: Uint8Array) {
  const result = readVolumeFile(bytes);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('reading volumes', () => {
  it('reads .npy (depth, height, width) and (channels, depth, height, width) in f32, f64, int16 and uint8', () => {
    for (const descr of ['<f4', '<f8', '<i2', '|u1']) {
      const volume = read(npy(descr, [3, 4, 5], ramp(5, 4, 3).map((v) => (descr === '|u1' ? v % 256 : v))));
      expect([volume.width, volume.height, volume.depth, volume.channels], descr).toEqual([5, 4, 3, 1]);
      expect(volume.data[(2 * 4 + 1) * 5 + 3], descr).toBe(descr === '|u1' ? 213 % 256 : 213);
    }
    const two = read(npy('<f4', [2, 3, 4, 5], ramp(5, 4, 3, 2)));
    expect([two.width, two.height, two.depth, two.channels]).toEqual([5, 4, 3, 2]);
    expect(two.data[((1 * 3 + 2) * 4 + 1) * 5 + 3]).toBe(1213);
  });

  it('reads NIfTI-1 .nii and .nii.gz with (i, j, k) as (x, y, z), a 4th dimension as channels, scl_slope and scl_inter applied, either byte order', () => {
    const plain = read(nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 16 }, ramp(5, 4, 3), int16));
    expect([plain.width, plain.height, plain.depth, plain.channels]).toEqual([5, 4, 3, 1]);
    expect(plain.data[(2 * 4 + 1) * 5 + 3]).toBe(213);
    const scaled = read(gzipSync(nifti({ dims: [5, 4, 3, 2], datatype: 16, bitpix: 32, slope: 0.5, intercept: -1, little: false, voxOffset: 368 }, ramp(5, 4, 3, 2), float32)));
    expect([scaled.width, scaled.height, scaled.depth, scaled.channels]).toEqual([5, 4, 3, 2]);
    expect(scaled.data[((1 * 3 + 2) * 4 + 1) * 5 + 3]).toBe(1213 * 0.5 - 1);
  });

  it('refuses truncated, lying and unsupported files in one line each', () => {
    const good = npy('<f4', [3, 4, 5], ramp(5, 4, 3));
    const cases: Array<[Uint8Array, RegExp]> = [
      [good.subarray(0, good.length - 4), /^NPY: shape \(3, 4, 5\) needs 240 bytes of data but the file is shorter$/],
      [npy('<f4', [3, 4, 5], ramp(5, 4, 3), 8), /^NPY: shape \(3, 4, 5\) holds 240 bytes of data, but the file has 8 more: the header does not match the data$/],
      [npy('<f4', [4, 5], ramp(5, 4, 1)), /^NPY: a volume has 3 dimensions \(depth, height, width\) or 4 .*shape \(4, 5\)$/],
      [npy('<f4', [0, 4, 5], []), /^NPY: a side of 0 voxels is not a size from 1 to 65536$/],
      // Sides whose product overflows any memory: refused by their size, nothing allocated.
      [npy('<f4', [100000, 100000, 100000], []), /^NPY: shape \(100000, 100000, 100000\) needs \d+ bytes of data but the file is shorter$/],
      [nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 16 }, ramp(5, 4, 3), int16).subarray(0, 400), /^NIfTI: the header says 5 × 4 × 3 int16 voxels from byte 352, 472 bytes in all, but the file has only 400: it is truncated$/],
      [nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 16 }, ramp(5, 4, 3), int16, 6), /^NIfTI: the header says 5 × 4 × 3 int16 voxels, 472 bytes in all, but the file has more: the header does not match the data$/],
      [nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 32 }, ramp(5, 4, 3), int16), /^NIfTI: the header says 32 bits per voxel for int16, which has 16: the header is damaged$/],
      [nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 16, voxOffset: 100 }, [], int16, 400), /^NIfTI: vox_offset 100 is not a whole number ≥ 352: the header is damaged$/],
      [nifti({ dims: [5, 4], datatype: 4, bitpix: 16 }, ramp(5, 4, 1), int16), /^NIfTI: a volume has 3 or 4 dimensions, this file says 2$/],
      [nifti({ dims: [5, 4, 3], datatype: 32, bitpix: 64 }, [], int16), /^NIfTI: datatype 32 is not supported/],
      [nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 16, magic: 'ni1' }, ramp(5, 4, 3), int16), /^NIfTI: a \.hdr\/\.img pair is not supported/],
      [nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 16 }, [], int16).subarray(0, 200), /^NIfTI: the file is truncated \(200 bytes, a header takes 352\)$/],
      [gzipSync(nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 16 }, ramp(5, 4, 3), int16)).subarray(0, 60), /^NIfTI: (the gzip stream is damaged|the file is truncated)/],
      [Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), /^not a volume file: expected \.npy/],
    ];
    for (const [bytes, message] of cases) {
      const result = readVolumeFile(bytes);
      expect(result.ok, String(message)).toBe(false);
      if (!result.ok) {
        expect(result.error).toMatch(message);
        expect(result.error).not.toContain('\n');
      }
    }
  });

  describe('a gzipped file that inflates far beyond its header', () => {
    afterEach(() => vi.restoreAllMocks());
    it('is refused once it passes the size the header gives, without inflating the rest', () => {
      // A 4 × 4 × 4 float32 file followed by 16 MB of zeros (inflating 1000:1) and 256 KB of noise.
      const header = nifti({ dims: [4, 4, 4], datatype: 16, bitpix: 32 }, ramp(4, 4, 4), float32);
      const bomb = gzipSync(Buffer.concat([header, Buffer.alloc(16 * 1024 ** 2), randomBytes(256 * 1024)]));
      const push = vi.spyOn(Gunzip.prototype, 'push');
      const result = readVolumeFile(bomb);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBe('NIfTI: the header says 4 × 4 × 4 float32 voxels, 608 bytes in all, but the file has more: the header does not match the data');
      // Inflated in 16 KB input slices: it stopped after the first, not after all of them.
      expect(push.mock.calls.length).toBeLessThanOrEqual(2);
      expect(Math.ceil(bomb.length / 16384)).toBeGreaterThan(10);
    });
  });

  describe('a gzipped file of many members', () => {
    const header = nifti({ dims: [64, 64, 16], datatype: 16, bitpix: 32 }, ramp(64, 64, 16), float32);
    it('reads members as bgzip writes them (one per 64 KiB)', () => {
      const members: Buffer[] = [];
      for (let at = 0; at < header.length; at += 65536) members.push(gzipSync(header.subarray(at, at + 65536)));
      expect(members.length).toBeGreaterThan(3);
      expect(read(Buffer.concat(members)).data).toEqual(read(gzipSync(header)).data);
    });

    it('refuses more members than the data they carry explains: each costs the inflater a fresh start', () => {
      // 100,000 empty members (2 MB) around a whole file took seconds to read and were accepted.
      const empty = gzipSync(Buffer.alloc(0));
      for (const file of [Buffer.concat([gzipSync(header), ...new Array<Buffer>(100_000).fill(empty)]), Buffer.concat([...new Array<Buffer>(100_000).fill(empty), gzipSync(header)])]) {
        const result = readVolumeFile(file);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatch(/^NIfTI: the gzip stream starts \d+ members in \d+ bytes of data \(a decompression bomb, or a damaged file\): gzip the \.nii again as one stream$/);
      }
    });
  });

  it('claims the memory a header describes before allocating it', () => {
    // A complete 2 MB volume against a 1 MB budget: the claim comes first, and refuses it.
    const claims: number[] = [];
    const budget = { reserve: (bytes: number) => { claims.push(bytes); if (bytes > 1024 ** 2) throw new Error('over budget'); } };
    const big = npy('<f4', [64, 64, 128], new Array(64 * 64 * 128).fill(0));
    expect(() => readVolumeFile(big, budget)).toThrow('over budget');
    expect(claims).toEqual([64 * 64 * 128 * 4]);
  });
});

describe('source.volume', () => {
  it('reads the file its path names, and gives a located one-line error for a bad one', async () => {
    const files: Record<string, Uint8Array> = {
      'scan.npy': npy('<f4', [3, 4, 5], ramp(5, 4, 3)),
      'cut.nii': nifti({ dims: [5, 4, 3], datatype: 4, bitpix: 16 }, ramp(5, 4, 3), int16).subarray(0, 400),
    };
    const context = { ...testContext, readFile: (path: string) => (files[path] ? Promise.resolve(files[path]) : Promise.reject(new Error(`${path}: no such file`))) };
    const ok = await runNode('source.volume', {}, { path: 'scan.npy' }, context);
    expect(ok.ok && ok.out.kind === 'volume' && [ok.out.width, ok.out.height, ok.out.depth]).toEqual([5, 4, 3]);
    const bad = await runNode('source.volume', {}, { path: 'cut.nii' }, context);
    expect(bad.ok ? '' : bad.error).toBe('cut.nii: NIfTI: the header says 5 × 4 × 3 int16 voxels from byte 352, 472 bytes in all, but the file has only 400: it is truncated');
    expect(await errorOf('source.volume', {}, {})).toBe('no file chosen: choose a .npy, .nii or .nii.gz file (path)');
  });
});
