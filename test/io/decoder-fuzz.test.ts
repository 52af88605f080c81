/**
 * Decoders meet files from strangers: PNG, JPEG, WAV and NPY, mutated (bytes flipped, cut short,
 * header fields set to huge values) and lying about their sizes. Each decode either succeeds or
 * gives one line naming the format; none throws, and none allocates from what a header claims
 * beyond the memory budget (the hostile files run in a child process whose peak memory is read).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../src-shared/io/image';
import { readNpy } from '../../src-shared/io/npy';
import { embedGraphInPng } from '../../src-shared/io/png-text';
import type { CodecResult } from '../../src-shared/io/result';
import { readWav } from '../../src-shared/io/wav';
import { pngFile } from './png-builder';

const fixtures = new URL('../fixtures/io/', import.meta.url);
const seeds = readdirSync(fixtures)
  .filter((name) => /\.(png|jpg|wav|npy)$/.test(name))
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(name, fixtures))) }));

const BUDGET = { maxBytes: 64 * 1024 ** 2 };

function decode(name: string, bytes: Uint8Array): CodecResult<unknown> {
  if (name.endsWith('.wav')) return readWav(bytes, BUDGET);
  if (name.endsWith('.npy')) return readNpy(bytes, BUDGET);
  return readImage(bytes, BUDGET);
}

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'huge'; at: number; value: number; littleEndian: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('huge' as const),
    // Header fields sit in the first bytes of every format here.
    at: fc.integer({ min: 0, max: 64 }),
    value: fc.constantFrom(0xffffffff, 0x7fffffff, 0x80000000, 0x00ffffff, 0x10000, 0xffff),
    littleEndian: fc.boolean(),
  }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const change of mutations) {
    if (out.length === 0) break;
    const at = change.at % out.length;
    if (change.kind === 'flip') out[at] = change.value;
    else if (change.kind === 'cut') out = out.slice(0, at);
    else if (at + 4 <= out.length) new DataView(out.buffer).setUint32(at, change.value, change.littleEndian);
  }
  return out;
}

const PREFIX = /^(PNG|JPEG|WAV|NPY|image): \S/;

describe('decoder fuzz', () => {
  it('mutated files decode or give one line naming the format; nothing throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        const bytes = mutate(seed.bytes, mutations);
        const result = decode(seed.name, bytes);
        if (!result.ok) {
          expect(result.error).toMatch(PREFIX);
          expect(result.error).not.toMatch(/[\n\r]/);
        }
      }),
      { numRuns: 1500, seed: 14 },
    );
  });

  it('the untouched seeds all decode (so the fuzz starts from good files)', () => {
    for (const seed of seeds.filter(({ name }) => !name.includes('interlaced-gray2'))) {
      const result = decode(seed.name, seed.bytes);
      expect(result.ok ? 'ok' : result.error).toBe('ok');
    }
  });
});

describe('hostile files in a child process', () => {
  it('a decompression bomb, lying headers and a lying data size: each refused in one line, the peak memory small', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convolab-decode-'));
    const files: Record<string, Buffer> = {
      // An 8×8 header over 256 MiB of zeros (about 256 KB compressed).
      'bomb.png': pngFile(8, 8, 2, deflateSync(Buffer.alloc(256 * 1024 ** 2), { level: 9 })),
      // 9000×9000 RGB declared over a few bytes of data.
      'lying-header.png': pngFile(9000, 9000, 2, deflateSync(Buffer.alloc(100))),
    };
    const jpeg = new Uint8Array(readFileSync(new URL('color.jpg', fixtures)));
    const sof = jpeg.findIndex((byte, i) => byte === 0xff && jpeg[i + 1] === 0xc0);
    jpeg.set([0x27, 0x10, 0x27, 0x10], sof + 5); // 10000×10000
    files['lying-frame.jpg'] = Buffer.from(jpeg);
    const wav = Buffer.from(readFileSync(new URL('pcm16-mono.wav', fixtures)));
    wav.writeUInt32LE(0xfffffff0, wav.indexOf('data') + 4);
    files['lying-data.wav'] = wav;
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4000000000,), }\n";
    files['lying-shape.npy'] = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]), Buffer.from(header, 'latin1'), Buffer.alloc(64)]);
    // A graph PNG with two million empty chunks before its graph (24 MB, which File › Open takes):
    // an object per chunk took 450 MB of heap, past this child's cap.
    const carrying = embedGraphInPng(new Uint8Array(pngFile(8, 8, 0, deflateSync(Buffer.alloc(72)))), '{"format": "convolab.graph"}');
    if (!carrying.ok) throw new Error(carrying.error);
    const empty = Buffer.from([0, 0, 0, 0, 0x74, 0x45, 0x58, 0x74, 0, 0, 0, 0]);
    empty.writeUInt32BE(crc32(empty.subarray(4, 8)), 8);
    files['many-chunks.graph.png'] = Buffer.concat([carrying.value.subarray(0, 33), Buffer.alloc(12 * 2_000_000).fill(empty), carrying.value.subarray(33)]);
    // A 1000×2000 gray image whose 2 MB stream is cut into two million one-byte IDAT chunks (26 MB):
    // a list of them took more heap than this child has.
    const stream = deflateSync(Buffer.alloc(2000 * 1001), { level: 0 });
    const oneByte = Array.from({ length: 256 }, (_, value) => {
      const chunk = Buffer.from([0, 0, 0, 1, 0x49, 0x44, 0x41, 0x54, value, 0, 0, 0, 0]);
      chunk.writeUInt32BE(crc32(chunk.subarray(4, 9)), 9);
      return chunk;
    });
    const idats = Buffer.alloc(13 * stream.length);
    for (let i = 0; i < stream.length; i++) oneByte[stream[i]!]!.copy(idats, 13 * i);
    const tall = pngFile(1000, 2000, 0, Buffer.alloc(0));
    files['many-idat.png'] = Buffer.concat([tall.subarray(0, 33), idats, tall.subarray(tall.length - 12)]);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);

    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=128', '--import', 'tsx', join(import.meta.dirname, 'fixtures/decode-child.ts'), ...Object.keys(files).map((name) => join(dir, name))],
      { encoding: 'utf8', cwd: process.cwd() },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const lines = child.stdout.trim().split('\n').map((line) => JSON.parse(line) as { path?: string; ok?: boolean; error?: string; peakRssBytes?: number });
    const results = Object.fromEntries(lines.filter((line) => line.path).map((line) => [line.path!.slice(dir.length + 1), line.error ?? 'ok']));
    expect(results).toEqual({
      // 8 rows of a filter byte and 8 RGB pixels: 8 × 25 bytes.
      'bomb.png': 'PNG: the pixel data inflates to more than the 200 bytes its header allows (a decompression bomb, or a damaged file)',
      'lying-header.png': 'PNG: the pixel data is truncated (100 of 243009000 bytes)',
      'lying-frame.jpg': expect.stringMatching(/^JPEG: a 10000×10000 JPEG would need \d+ MiB, over the 1024 MiB limit: use a smaller file$/),
      'lying-data.wav': expect.stringMatching(/^WAV: the data chunk says 4294967280 bytes but only \d+ follow: the file is truncated$/),
      'lying-shape.npy': 'NPY: shape (4000000000,) needs 32000000000 bytes of data but the file is shorter',
      'many-chunks.graph.png': 'ok',
      'many-idat.png': 'ok',
    });
    // Node and tsx alone take about 100 MB here; decoding any of these as its header says takes gigabytes.
    const peak = lines.at(-1).peakRssBytes!;
    expect(peak).toBeLessThan(300 * 1024 ** 2);
  }, 120_000);
});
