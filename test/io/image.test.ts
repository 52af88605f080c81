import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeImage } from '../../src-shared/data';
import { readImage, readJpeg, readPng, writePng } from '../../src-shared/io/image';
import { readPngLayout } from '../../src-shared/io/png-bounds';
import { pngChunk, pngFile } from './png-builder';

const fixtures = new URL('../fixtures/io/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtures), 'utf8')) as Record<
  string,
  { width: number; height: number; gray: number[]; rgb?: number[] }
>;
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));

function expectClose(actual: ArrayLike<number>, reference: number[], tolerance: number): void {
  expect(actual.length).toBe(reference.length);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(actual[i] - reference[i]));
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
      const reference = expected[name];
      expect([result.value.width, result.value.height, result.value.channels]).toEqual([reference.width, reference.height, 1]);
      expect(result.value.origin).toEqual({ x: 0, y: 0 });
      expectClose(result.value.data, reference.gray, tolerance);
    });
    it(`${name} in rgb mode (planar; gray files repeat their channel)`, () => {
      const result = readImage(file(name), { mode: 'rgb' });
      if (!result.ok) throw new Error(result.error);
      const reference = expected[name];
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
    expect(!cut.ok && cut.error).toMatch(/^PNG: chunk "IDAT" at byte \d+ says \d+ bytes but the file ends first: it is truncated$/);
    expect(readImage(new TextEncoder().encode('GIF89a......'))).toEqual({ ok: false, error: 'image: neither PNG nor JPEG (unknown first bytes)' });
    expect(readJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toEqual({
      ok: false,
      error: 'JPEG: no frame header found (the file is truncated or not a baseline/progressive JPEG)',
    });
  });
});

describe('decompression bombs and lying headers (PNG)', () => {
  const interlaced = JSON.parse(readFileSync(new URL('interlaced.json', fixtures), 'utf8')) as Record<
    string,
    { width: number; height: number; inflated: number; channels: number[][] }
  >;

  /** A gray 8-bit PNG with the given header size whose IDAT is `raw` deflated. */
  const pngWith = (width: number, height: number, raw: Uint8Array): Uint8Array => new Uint8Array(pngFile(width, height, 0, deflateSync(raw)));

  it('refuses pixel data that inflates to more than the header allows, instead of decoding it as ok', () => {
    // 8×8 gray needs 8 × (1 + 8) = 72 bytes; this inflates to 16 MiB.
    const bomb = pngWith(8, 8, new Uint8Array(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(readPng(bomb)).toEqual({
      ok: false,
      error: 'PNG: the pixel data inflates to more than the 72 bytes its header allows (a decompression bomb, or a damaged file)',
    });
    expect(readPng(pngWith(8, 8, new Uint8Array(71)))).toEqual({ ok: false, error: 'PNG: the pixel data is truncated (71 of 72 bytes)' });
    const exact = readPng(pngWith(8, 8, new Uint8Array(72)));
    expect(exact.ok && [exact.value.width, exact.value.height]).toEqual([8, 8]);
  });

  it('claims the memory from the header before inflating: a refusal stops the decode', () => {
    const claims: [number, string][] = [];
    const refuse = (bytes: number, what: string): void => {
      claims.push([bytes, what]);
      throw new Error(`over budget: ${what}`);
    };
    // 5000×5000 declared, but the data is 10 bytes: the claim comes first, from the header.
    expect(() => readPng(pngWith(5000, 5000, new Uint8Array(10)), { reserve: refuse })).toThrow('over budget: a 5000×5000 PNG');
    expect(claims).toHaveLength(1);
    expect(claims[0][0]).toBeGreaterThanOrEqual(5000 * 5000 * 4);
    // Without a reserve, the default budget (or maxBytes) refuses in one line.
    expect(readPng(pngWith(5000, 5000, new Uint8Array(10)), { maxBytes: 1024 ** 2 })).toEqual({
      ok: false,
      // Inflated rows 5000 × 5001 bytes, held twice while fast-png joins them, and a Float32 image.
      error: `PNG: a 5000×5000 PNG would need ${((2 * 5000 * 5001 + 4 * 5000 * 5000) / 1024 ** 2).toFixed(0)} MiB, over the 1 MiB limit: use a smaller file`,
    });
    // A granted claim lets the decode go on, which then finds the data short.
    const granted: number[] = [];
    expect(readPng(pngWith(5000, 5000, new Uint8Array(10)), { reserve: (bytes) => granted.push(bytes) })).toEqual({
      ok: false,
      error: 'PNG: the pixel data is truncated (10 of 25005000 bytes)',
    });
    expect(granted).toHaveLength(1);
  });

  it('refuses a JPEG whose frame header declares more than the budget, before jpeg-js allocates', () => {
    const jpeg = file('gray.jpg').slice();
    const sof = jpeg.findIndex((byte, i) => byte === 0xff && jpeg[i + 1] === 0xc0);
    jpeg.set([0x27, 0x10, 0x27, 0x10], sof + 5); // 10000×10000 in a 161-byte file
    const claims: number[] = [];
    expect(() =>
      readJpeg(jpeg, {
        reserve: (bytes, what) => {
          claims.push(bytes);
          throw new Error(`over budget: ${what}`);
        },
      }),
    ).toThrow('over budget: a 10000×10000 JPEG');
    // jpeg-js's own count for one component is 256 bytes per block: 1,562,500 blocks.
    expect(claims[0]).toBeGreaterThanOrEqual(1_562_500 * 256);
    expect(readJpeg(jpeg, { maxBytes: 64 * 1024 ** 2 })).toMatchObject({ ok: false, error: expect.stringMatching(/^JPEG: a 10000×10000 JPEG would need \d+ MiB, over the 64 MiB limit: use a smaller file$/) });
  });

  it('refuses interlaced images below 8 bits, which fast-png lays out wrongly, instead of decoding garbage', () => {
    expect(readPng(file('interlaced-gray2.png'))).toEqual({ ok: false, error: 'PNG: interlaced 2-bit images are not supported: save it without interlacing' });
  });

  for (const [name, reference] of Object.entries(interlaced).filter(([name]) => !name.includes('gray2'))) {
    it(`${name}: Adam7 passes inflate to exactly the size the header implies, and decode to their pixels`, () => {
      const result = readPng(file(name), { mode: reference.channels.length === 3 ? 'rgb' : 'gray' });
      if (!result.ok) throw new Error(result.error);
      expect([result.value.width, result.value.height]).toEqual([reference.width, reference.height]);
      expectClose(result.value.data, reference.channels.flat(), 1e-6);
    });
  }
});

describe('palettes (PNG 11.2.3): only a palette image is read through its palette, every index checked', () => {
  /** A PNG of one row per `rows` entry (filter byte 0 added), with extra chunks after IHDR. */
  const png = (width: number, colourType: number, depth: number, rows: number[][], chunks: Buffer[]): Uint8Array => {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(rows.length, 4);
    header[8] = depth;
    header[9] = colourType;
    const raw = Buffer.from(rows.flatMap((row) => [0, ...row]));
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return new Uint8Array(Buffer.concat([signature, pngChunk('IHDR', header), ...chunks, pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]));
  };
  const grayRamp = pngChunk('PLTE', Buffer.from(Array.from({ length: 256 }, (_, i) => [i, i, i]).flat()));

  it('an RGB file carrying a suggested palette is read as its RGB samples', () => {
    const rgb = readPng(png(2, 2, 8, [[16, 32, 48, 255, 128, 0]], [grayRamp]), { mode: 'rgb' });
    if (!rgb.ok) throw new Error(rgb.error);
    expectClose(rgb.value.data, [16, 255, 32, 128, 48, 0].map((v) => Math.fround(v / 255)), 1e-7);
    const gray = readPng(png(2, 2, 8, [[16, 32, 48, 255, 128, 0]], [grayRamp]), { mode: 'gray' });
    if (!gray.ok) throw new Error(gray.error);
    expectClose(gray.value.data, [(0.299 * 16 + 0.587 * 32 + 0.114 * 48) / 255, (0.299 * 255 + 0.587 * 128) / 255], 1e-6);
  });

  it('a gray file with a palette (which PNG forbids) is read as its gray samples', () => {
    const result = readPng(png(2, 0, 8, [[0, 255]], [pngChunk('PLTE', Buffer.from([255, 0, 0]))]));
    expect(result.ok && Array.from(result.value.data)).toEqual([0, 1]);
  });

  it('a 2-bit palette image is read through its palette', () => {
    const palette = pngChunk('PLTE', Buffer.from([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]));
    // Indices 0, 1, 2, 3, 2 packed two bits each: 0b00011011, 0b10000000.
    const result = readPng(png(5, 3, 2, [[0b00011011, 0b10000000]], [palette]), { mode: 'rgb' });
    if (!result.ok) throw new Error(result.error);
    expect(Array.from(result.value.data)).toEqual([0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0]);
  });

  it('an index past the palette, or no palette at all, is refused in one line that says where', () => {
    const oneColour = pngChunk('PLTE', Buffer.from([255, 0, 0]));
    expect(readPng(png(3, 3, 8, [[0, 0, 200]], [oneColour]))).toEqual({
      ok: false,
      error: 'PNG: pixel (2, 0) is palette entry 200, but the palette holds 1 colour: the file is damaged',
    });
    expect(readPng(png(8, 3, 1, [[0b01000000]], [oneColour]))).toEqual({
      ok: false,
      error: 'PNG: pixel (1, 0) is palette entry 1, but the palette holds 1 colour: the file is damaged',
    });
    expect(readPng(png(2, 3, 8, [[5, 5]], []))).toEqual({ ok: false, error: 'PNG: a palette image without its palette (no PLTE chunk): the file is damaged' });
    // PNG allows one palette (and one tRNS): a second would be handed to fast-png, a million of them too.
    expect(readPng(png(2, 3, 8, [[0, 0]], [oneColour, oneColour]))).toEqual({ ok: false, error: 'PNG: more than one PLTE chunk: the file is damaged' });
  });
});

describe('JPEG marker segments', () => {
  it('a few thousand comments are refused in one line: jpeg-js keeps each as a string', () => {
    const jpeg = file('gray.jpg');
    const withComments = (count: number): Uint8Array => {
      const comment = [0xff, 0xfe, 0x00, 0x03, 0x61];
      const bytes = new Uint8Array(jpeg.length + comment.length * count);
      bytes.set(jpeg.subarray(0, 2));
      for (let i = 0; i < count; i++) bytes.set(comment, 2 + comment.length * i);
      bytes.set(jpeg.subarray(2), 2 + comment.length * count);
      return bytes;
    };
    const some = readJpeg(withComments(1000));
    expect(some.ok && [some.value.width, some.value.height]).toEqual([24, 16]);
    expect(readJpeg(withComments(2001))).toEqual({
      ok: false,
      error: 'JPEG: more than 2000 marker segments (tables, comments, application data), where a photo has a few dozen (a damaged or hostile file): save it again as a PNG or a JPEG',
    });
  });
});

describe('progressive JPEG scans', () => {
  /** libjpeg-turbo's limit (TJFLAG_LIMITSCANS), which image.ts keeps. */
  const MAX_JPEG_SCANS = 500;
  /**
   * A 16×16 gray progressive JPEG (SOF2): a DC scan of zeros, then `acScans` AC scans that each
   * end every band with one end-of-band run of 32,767 blocks (two bytes, 0x7F 0xFF, stuffed).
   */
  const progressive = (acScans: number): Uint8Array => {
    const segment = (marker: number, body: number[]): number[] => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
    const bytes = [0xff, 0xd8];
    bytes.push(...segment(0xdb, [0, ...new Array<number>(64).fill(1)]));
    bytes.push(...segment(0xc2, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]));
    bytes.push(...segment(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0x00]));
    bytes.push(...segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0xe0]));
    bytes.push(...segment(0xda, [1, 1, 0, 0, 0, 0]), 0x00);
    for (let i = 0; i < acScans; i++) bytes.push(...segment(0xda, [1, 1, 0, 1, 63, 0]), 0x7f, 0xff, 0x00);
    bytes.push(0xff, 0xd9);
    return new Uint8Array(bytes);
  };

  it(`decodes up to ${MAX_JPEG_SCANS} scans, and refuses more in one line before decoding any`, () => {
    const within = readJpeg(progressive(MAX_JPEG_SCANS - 1));
    expect(within.ok && [within.value.width, within.value.height]).toEqual([16, 16]);
    // Each scan is a pass over every block whatever its bytes: 40,000 scans of a 100-megapixel
    // image in a 400 KB file would keep the decoder busy for many minutes.
    expect(readJpeg(progressive(MAX_JPEG_SCANS))).toEqual({
      ok: false,
      error: `JPEG: more than ${MAX_JPEG_SCANS} scans, where a progressive JPEG has about ten (a decoding bomb, or a damaged file): save it again as a PNG or a baseline JPEG`,
    });
  });
});

describe('PNG pixel data split into many IDAT chunks', () => {
  const raw = Buffer.alloc(64 * 65);
  for (let i = 0; i < raw.length; i++) raw[i] = i % 65 === 0 ? 0 : (i * 37) & 255;
  const stream = deflateSync(raw);
  /** A 64×64 gray PNG whose zlib stream is cut into IDAT chunks of `size` bytes. */
  const split = (size: number): Uint8Array => {
    const parts: Buffer[] = [];
    for (let at = 0; at < stream.length; at += size) parts.push(pngChunk('IDAT', stream.subarray(at, at + size)));
    const header = Buffer.alloc(13);
    header.writeUInt32BE(64, 0);
    header.writeUInt32BE(64, 4);
    header[8] = 8;
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return new Uint8Array(Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('tEXt', Buffer.from('a\0b')), ...parts, pngChunk('IEND', Buffer.alloc(0))]));
  };
  const chunkTypes = (png: Uint8Array): string[] => {
    const types: string[] = [];
    for (let at = 8; at < png.length; at += 12 + Buffer.from(png.buffer, png.byteOffset).readUInt32BE(at)) types.push(Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1'));
    return types;
  };

  it('are joined into one before anything inflates them: one-byte chunks cost what one chunk does', () => {
    const many = split(1);
    expect(chunkTypes(many).filter((type) => type === 'IDAT')).toHaveLength(stream.length);
    const layout = readPngLayout(many);
    if (!layout.ok) throw new Error(layout.error);
    // What the inflater and fast-png get: one IDAT (its CRC fast-png checks), the stream whole.
    expect(chunkTypes(layout.value.essential)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(Buffer.from(layout.value.pixelData)).toEqual(stream);
    const whole = readPng(split(1 << 20));
    const pieces = readPng(many);
    expect(pieces.ok && whole.ok && Array.from(pieces.value.data)).toEqual(whole.ok && Array.from(whole.value.data));
  });

  it('a damaged chunk among them is still refused, naming where it starts', () => {
    const png = split(100);
    const second = chunkTypes(png).indexOf('IDAT') + 1;
    let at = 8;
    for (let i = 0; i < second; i++) at += 12 + Buffer.from(png.buffer).readUInt32BE(at);
    png[at + 8] ^= 0xff;
    expect(readPng(png)).toEqual({ ok: false, error: `PNG: the IDAT chunk at byte ${at} is damaged (its CRC does not match)` });
  });
});
