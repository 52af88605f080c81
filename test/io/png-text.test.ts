/**
 * The graph inside a PNG (src-shared/io/png-text.ts): what we write is checked by tools that are
 * not ours (node:zlib's crc32 and inflate, fast-png's decoder with CRC checks on), what others
 * write by hand is read, and every way a chunk can be broken or hostile is refused in one line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32, deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { makeImage } from '../../src-shared/data';
import { writePng } from '../../src-shared/io/image';
import { crc32, embedGraphInPng, GRAPH_TEXT_KEYWORD, graphInPng, MAX_EMBEDDED_GRAPH_BYTES, readPngText, writePngText } from '../../src-shared/io/png-text';
import { pngChunk, pngFile } from './png-builder';

const EXAMPLE = readFileSync(join(__dirname, '../../examples/two-dice.convolab.json'), 'utf8');

/** A 3×2 RGB picture encoded by our PNG writer (fast-png). */
function picture(): Uint8Array {
  const data = Float32Array.from({ length: 18 }, (_, i) => (i % 7) / 6);
  const written = writePng(makeImage(data, 3, 2, { channels: 3 }));
  if (!written.ok) throw new Error(written.error);
  return written.value;
}

/** The chunks of a PNG, walked with Node's Buffer (independently of the code under test). */
function chunks(png: Uint8Array): { type: string; data: Buffer; crc: number }[] {
  const bytes = Buffer.from(png);
  const out: { type: string; data: Buffer; crc: number }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    out.push({ type: bytes.toString('latin1', at + 4, at + 8), data: bytes.subarray(at + 8, at + 8 + length), crc: bytes.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

/** An iTXt chunk written by hand from the spec's layout. */
function handITXt(keyword: string, text: string | Buffer, compressed: boolean, flag = compressed ? 1 : 0): Buffer {
  const body = compressed ? deflateSync(Buffer.from(text)) : Buffer.from(text);
  return pngChunk('iTXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, flag, 0]), Buffer.from('en\0Graph\0', 'utf8'), body]));
}

/** `png` with `chunk` put just before its IEND. */
function withChunk(png: Uint8Array, chunk: Buffer): Buffer {
  const bytes = Buffer.from(png);
  return Buffer.concat([bytes.subarray(0, bytes.length - 12), chunk, bytes.subarray(bytes.length - 12)]);
}

describe('crc32', () => {
  it('agrees with node:zlib on the check value and on any bytes', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc32(bytes) === zlibCrc32(bytes)));
  });
});

describe('embedGraphInPng', () => {
  it('puts the graph in a compressed iTXt chunk just before IEND with a CRC node:zlib agrees with', () => {
    const png = picture();
    const embedded = embedGraphInPng(png, EXAMPLE);
    if (!embedded.ok) throw new Error(embedded.error);
    const list = chunks(embedded.value);
    expect(list.map((chunk) => chunk.type).slice(-2)).toEqual(['iTXt', 'IEND']);
    const chunk = list.at(-2)!;
    expect(chunk.crc).toBe(zlibCrc32(Buffer.concat([Buffer.from('iTXt'), chunk.data])));
    const keywordEnd = chunk.data.indexOf(0);
    expect(chunk.data.toString('latin1', 0, keywordEnd)).toBe(GRAPH_TEXT_KEYWORD);
    expect([chunk.data[keywordEnd + 1], chunk.data[keywordEnd + 2]]).toEqual([1, 0]);
    // Empty language tag and translated keyword, then the zlib stream.
    expect([chunk.data[keywordEnd + 3], chunk.data[keywordEnd + 4]]).toEqual([0, 0]);
    expect(inflateSync(chunk.data.subarray(keywordEnd + 5)).toString('utf8')).toBe(EXAMPLE);
    // Compression pays: the chunk is smaller than the text.
    expect(chunk.data.length).toBeLessThan(EXAMPLE.length / 2);
  });

  it('leaves the picture as it was: fast-png, checking every CRC, decodes the same pixels', () => {
    const png = picture();
    const embedded = embedGraphInPng(png, EXAMPLE);
    if (!embedded.ok) throw new Error(embedded.error);
    const before = decode(png);
    const after = decode(embedded.value, { checkCrc: true });
    expect([after.width, after.height, after.channels]).toEqual([3, 2, 3]);
    expect(Array.from(after.data)).toEqual(Array.from(before.data));
  });

  it('reads back what it wrote, and a second embedding replaces the first', () => {
    const once = embedGraphInPng(picture(), EXAMPLE);
    if (!once.ok) throw new Error(once.error);
    const other = EXAMPLE.replace('"faces": 6', '"faces": 4');
    const twice = embedGraphInPng(once.value, other);
    if (!twice.ok) throw new Error(twice.error);
    expect(chunks(twice.value).filter((chunk) => chunk.type === 'iTXt')).toHaveLength(1);
    expect(graphInPng(twice.value)).toEqual({ ok: true, value: other });
  });

  it('round-trips any text, Unicode included', () => {
    const png = picture();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const embedded = writePngText(png, GRAPH_TEXT_KEYWORD, text);
        if (!embedded.ok) return false;
        const read = readPngText(embedded.value, GRAPH_TEXT_KEYWORD, 1 << 20);
        return read.ok && read.value === text;
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a graph over the cap with a message that says what to do', () => {
    const big = `{"pad":"${'x'.repeat(MAX_EMBEDDED_GRAPH_BYTES)}"}`;
    const refused = embedGraphInPng(picture(), big);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/over the 1024 KB a PNG carries: save the graph file/);
  });

  it('refuses what is not a whole PNG, and keywords PNG does not allow', () => {
    expect(embedGraphInPng(new TextEncoder().encode('not a png'), EXAMPLE)).toMatchObject({ ok: false, error: expect.stringMatching(/no PNG signature/) });
    const png = picture();
    expect(embedGraphInPng(png.subarray(0, png.length - 12), EXAMPLE)).toMatchObject({ ok: false, error: expect.stringMatching(/truncated/) });
    expect(writePngText(png, ' lead', 'x').ok).toBe(false);
    expect(writePngText(png, 'k'.repeat(80), 'x').ok).toBe(false);
  });
});

describe('graphInPng', () => {
  it('is undefined for a PNG without the chunk (and for one with another keyword)', () => {
    expect(graphInPng(picture())).toEqual({ ok: true, value: undefined });
    expect(graphInPng(withChunk(picture(), handITXt('Comment', 'hello', false)))).toEqual({ ok: true, value: undefined });
  });

  it('reads chunks written by hand from the spec, compressed or not, with a language tag', () => {
    const gray = pngFile(1, 1, 0, deflateSync(Buffer.from([0, 128])));
    expect(graphInPng(withChunk(gray, handITXt(GRAPH_TEXT_KEYWORD, EXAMPLE, true)))).toEqual({ ok: true, value: EXAMPLE });
    expect(graphInPng(withChunk(gray, handITXt(GRAPH_TEXT_KEYWORD, 'é ∑ 🎲', false)))).toEqual({ ok: true, value: 'é ∑ 🎲' });
  });

  it('refuses a chunk whose CRC does not match (one bit flipped in the text)', () => {
    const embedded = embedGraphInPng(picture(), EXAMPLE);
    if (!embedded.ok) throw new Error(embedded.error);
    const bytes = Buffer.from(embedded.value);
    bytes[bytes.length - 12 - 4 - 10]! ^= 1;
    expect(graphInPng(bytes)).toMatchObject({ ok: false, error: expect.stringMatching(/damaged \(its chunk's CRC does not match\)/) });
  });

  it('refuses a damaged zlib stream, a bad flag, another method and a cut header, each in one line', () => {
    const png = picture();
    const cases: [Buffer, RegExp][] = [
      [pngChunk('iTXt', Buffer.concat([Buffer.from(`${GRAPH_TEXT_KEYWORD}\0\x01\0\0\0`, 'latin1'), Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff])])), /is damaged/],
      [handITXt(GRAPH_TEXT_KEYWORD, 'x', false, 2), /compression flag 2/],
      [pngChunk('iTXt', Buffer.concat([Buffer.from(`${GRAPH_TEXT_KEYWORD}\0\x01\x05\0\0`, 'latin1'), deflateSync('x')])), /compression method 5/],
      [pngChunk('iTXt', Buffer.from(`${GRAPH_TEXT_KEYWORD}\0\x01\0en`, 'latin1')), /cut short/],
    ];
    for (const [chunk, pattern] of cases) {
      const read = graphInPng(withChunk(png, chunk));
      expect(read.ok).toBe(false);
      if (!read.ok) {
        expect(read.error).toMatch(pattern);
        expect(read.error).not.toContain('\n');
      }
    }
  });

  it('refuses a decompression bomb after inflating at most about the cap', () => {
    // 64 MiB of spaces deflate to about 64 KB.
    const bomb = Buffer.alloc(64 * 1024 * 1024, 32);
    const read = graphInPng(withChunk(picture(), handITXt(GRAPH_TEXT_KEYWORD, bomb, true)));
    expect(read).toMatchObject({ ok: false, error: expect.stringMatching(/inflates to more than 1024 KB/) });
    const plain = graphInPng(withChunk(picture(), handITXt(GRAPH_TEXT_KEYWORD, Buffer.alloc(MAX_EMBEDDED_GRAPH_BYTES + 1, 32), false)));
    expect(plain).toMatchObject({ ok: false, error: expect.stringMatching(/over the 1024 KB/) });
  });

  it('never throws on arbitrary bytes after a PNG signature, nor on a PNG cut anywhere', () => {
    const embedded = embedGraphInPng(picture(), EXAMPLE);
    if (!embedded.ok) throw new Error(embedded.error);
    const signature = embedded.value.subarray(0, 8);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(embedded.value.length), (tail, cut) => {
        const random = graphInPng(Buffer.concat([signature, tail]));
        const truncated = graphInPng(embedded.value.subarray(0, cut));
        return (random.ok || !random.error.includes('\n')) && (cut === embedded.value.length ? truncated.ok : !truncated.ok);
      }),
      { numRuns: 300 },
    );
  });
});
