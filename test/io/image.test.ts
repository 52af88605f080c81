import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeImage } from '../../src-shared/data';
import { readImage, readJpeg, readPng, writePng } from '../../src-shared/io/image';

const fixtures = new URL('../fixtures/io/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtures), 'utf8')) as Record<
  string,
  { width: number; height: number; gray: number[]; rgb?: number[] }
>;
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));

function expectClose(actual: ArrayLike<number>, reference: number[], tolerance: number): void {
  expect(actual.length).toBe(reference.length);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - reference[i]!));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe('PNG and JPEG reading against values numpy computed', () => {
  const names = Object.keys(expected).filter((name) => name.endsWith('.png') || name.endsWith('.jpg'));
  for (const name of names) {
    // PNG is lossless: only float32 rounding. The JPEGs are flat 8×8 blocks whose decoded values
    // are known exactly; a colour JPEG may differ by one step of 255 from rounding in YCbCr→RGB.
    const tolerance = name.endsWith('.png') ? 1e-6 : name === 'color.jpg' ? 1.01 / 255 : 1e-6;
    it(`${name} in gray mode (BT.601 luma for colour)`, () => {
      const result = readImage(file(name), { mode: 'gray' });
      if (!result.ok) throw new Error(result.error);
      const reference = expected[name]!;
      expect([result.value.width, result.value.height, result.value.channels]).toEqual([reference.width, reference.height, 1]);
      expect(result.value.origin).toEqual({ x: 0, y: 0 });
      expectClose(result.value.data, reference.gray, tolerance);
    });
    it(`${name} in rgb mode (planar; gray files repeat their channel)`, () => {
      const result = readImage(file(name), { mode: 'rgb' });
      if (!result.ok) throw new Error(result.error);
      const reference = expected[name]!;
      expect(result.value.channels).toBe(3);
      expectClose(result.value.data, reference.rgb ?? [...reference.gray, ...reference.gray, ...reference.gray], tolerance);
    });
  }
});

describe('writePng', () => {
  it('writes 8-bit gray, clipped to [0, 1], read back to the nearest step of 1/255', () => {
    const image = makeImage(Float32Array.from([-0.5, 0, 0.2, 0.5, 1, 7, Number.NaN, 0.998]), 4, 2);
    const written = writePng(image);
    if (!written.ok) throw new Error(written.error);
    const back = readPng(written.value);
    if (!back.ok) throw new Error(back.error);
    expect([back.value.width, back.value.height, back.value.channels]).toEqual([4, 2, 1]);
    expect(Array.from(back.value.data, (v) => Math.round(v * 255))).toEqual([0, 0, 51, 128, 255, 255, 0, 254]);
  });

  it('writes RGB from planar data', () => {
    const planar = Float32Array.from([1, 0, /* G */ 0, 1, /* B */ 0, 0.6]);
    const written = writePng(makeImage(planar, 2, 1, { channels: 3 }));
    const back = written.ok ? readPng(written.value, { mode: 'rgb' }) : undefined;
    expect(back?.ok && Array.from(back.value.data, (v) => Math.round(v * 255))).toEqual([255, 0, 0, 255, 0, 153]);
  });

  it('refuses images PNG cannot hold', () => {
    expect(writePng(makeImage(new Float32Array(8), 2, 1, { channels: 4 }))).toEqual({
      ok: false,
      error: 'PNG: holds 1 (gray) or 3 (RGB) channels, this image has 4: pick one with op.channel or op.gray',
    });
  });
});

describe('image reading refuses with one line', () => {
  it('a decompression bomb, from its header, before decoding', () => {
    const png = file('gray8.png').slice();
    const view = new DataView(png.buffer);
    view.setUint32(16, 20_000);
    view.setUint32(20, 10_000);
    expect(readPng(png)).toEqual({ ok: false, error: 'PNG: 20000×10000 is 200.0 megapixels, over the limit of 100: use a smaller image' });
    const jpeg = file('gray.jpg').slice();
    const sof = jpeg.findIndex((byte, i) => byte === 0xff && jpeg[i + 1] === 0xc0);
    jpeg.set([0xff, 0xff, 0xff, 0xff], sof + 5);
    expect(readJpeg(jpeg, { maxPixels: 1_000_000 })).toEqual({
      ok: false,
      error: 'JPEG: 65535×65535 is 4294.8 megapixels, over the limit of 1: use a smaller image',
    });
  });

  it('truncated or foreign files', () => {
    const png = file('rgb8.png');
    const cut = readPng(png.subarray(0, png.length - 20));
    expect(cut.ok).toBe(false);
    expect(!cut.ok && cut.error).toMatch(/^PNG: cannot decode \([^\n]+\)$/);
    expect(readImage(new TextEncoder().encode('GIF89a......'))).toEqual({ ok: false, error: 'image: neither PNG nor JPEG (unknown first bytes)' });
    expect(readJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toEqual({
      ok: false,
      error: 'JPEG: no frame header found (the file is truncated or not a baseline/progressive JPEG)',
    });
  });
});
