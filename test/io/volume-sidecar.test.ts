import { describe, expect, it } from 'vitest';
import { makeVolume } from '../../src-shared/data';
import { conebeam } from '../../src-shared/dsp/conebeam';
import { valueMetadata } from '../../src-shared/io/text';
import { MAX_SIDECAR_BYTES, applyVolumeSidecar, volumeSidecarPath } from '../../src-shared/io/volume-sidecar';

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('a volume\'s NAME.json beside NAME.npy', () => {
  const grid = { width: 6, height: 6, depth: 6 };
  const scan = conebeam(new Float32Array(6 ** 3).fill(1), grid, { views: 5 });
  const { U, V } = scan.geometry;
  const projections = makeVolume(scan.data, U, V, 5, { angles: scan.angles, geometry: { ...scan.geometry, volume: { ...grid } } });
  // What the file holds: the samples alone, as source.volume decodes an .npy.
  const plain = makeVolume(scan.data, U, V, 5);

  it('is NAME.json for NAME.npy (any case), and nothing for other files', () => {
    expect(volumeSidecarPath('out/scan.npy')).toBe('out/scan.json');
    expect(volumeSidecarPath('C:\\scans\\A.NPY')).toBe('C:\\scans\\A.json');
    expect(volumeSidecarPath('head.nii.gz')).toBeUndefined();
    expect(volumeSidecarPath('npy')).toBeUndefined();
  });

  it('gives back the geometry, angles and origin convolab run wrote (valueMetadata), and nothing else changes', () => {
    const applied = applyVolumeSidecar(bytes(valueMetadata(projections)), plain);
    if (!applied.ok) throw new Error(applied.problem);
    expect(applied.volume.geometry).toEqual(projections.geometry);
    expect(Array.from(applied.volume.angles!)).toEqual(Array.from(projections.angles!));
    expect(applied.volume.origin).toEqual(projections.origin);
    expect(applied.volume.data).toBe(plain.data);
    expect(valueMetadata(applied.volume)).toEqual(valueMetadata(projections));
  });

  it('a plain volume\'s description gives its origin only', () => {
    const volume = makeVolume(new Float32Array(24), 4, 3, 2, { origin: { x: 0, y: 1, z: 0.5 } });
    const applied = applyVolumeSidecar(bytes(valueMetadata(volume)), makeVolume(new Float32Array(24), 4, 3, 2));
    if (!applied.ok) throw new Error(applied.problem);
    expect(applied.volume.origin).toEqual({ x: 0, y: 1, z: 0.5 });
    expect(applied.volume.geometry).toBeUndefined();
    expect(applied.geometry).toBeUndefined();
  });

  it('one that does not fit the file, or is no description, is not used, and says why in one line', () => {
    const meta = valueMetadata(projections) as unknown as Record<string, unknown> & { geometry: Record<string, unknown> };
    const problem = (value: unknown): string => {
      const applied = applyVolumeSidecar(value instanceof Uint8Array ? value : bytes(value), plain);
      if (applied.ok) throw new Error('used');
      expect(applied.problem).not.toContain('\n');
      return applied.problem;
    };
    expect(problem('{"geometry": ')).toMatch(/^not JSON/);
    expect(problem({ ...meta, type: 'image' })).toBe('it describes an image, not a volume');
    expect(problem({ ...meta, depth: 6 })).toBe('it says depth 6, but the file holds 5');
    expect(problem({ ...meta, width: undefined, height: undefined, depth: undefined, geometry: { ...meta.geometry, views: 4 } }))
      .toBe(`its geometry says 4 views of ${U} × ${V} pixels, but the file holds 5 planes of ${U} × ${V}`);
    expect(problem({ ...meta, angles: [0, 90] })).toBe('its geometry says 5 views, but it lists 2 angles');
    expect(problem({ ...meta, geometry: { ...meta.geometry, sod: -1 } })).toMatch(/^geometry\.sod: /);
    expect(problem({ ...meta, geometry: { ...meta.geometry, du: 'wide' } })).toMatch(/^geometry\.du: /);
    expect(problem({ ...meta, angles: [0, 72, 144, 216, 'north'] })).toMatch(/^angles\.4: /);
    expect(problem({ ...meta, origin: { x: 0, y: 'top' } })).toMatch(/^origin\.y: /);
    expect(problem({ ...meta, type: 'signal' })).toBe('it describes a signal, not a volume');
    expect(problem([1, 2, 3])).toMatch(/expected object/i);
    expect(problem(new Uint8Array(MAX_SIDECAR_BYTES + 1))).toBe('it is 16 MB, more than a volume\'s description');
  });

  it('a NaN or Infinity written as text is refused where it stands', () => {
    const text = JSON.stringify(valueMetadata(projections)).replace('"sod":', '"sod":1e999,"x":');
    const applied = applyVolumeSidecar(bytes(text), plain);
    expect(applied.ok).toBe(false);
    if (!applied.ok) expect(applied.problem).toMatch(/^geometry\.sod: /);
  });
});
