/**
 * Share links (src-shared/io/share-link.ts): every shipped example travels through a link and
 * back, lesson included; the payload is checked with Node's own base64url and zlib; hostile,
 * mangled, oversized and bomb links are refused in one line before anything large is made.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../src-shared/graph/load';
import { isShareLink, MAX_SHARE_LINK_CHARS, readShareLink, shareLink } from '../../src-shared/io/share-link';

const EXAMPLES = join(__dirname, '../../examples');
const BASE = 'http://127.0.0.1:5191/index.html?token=abc';

function linkOf(text: string, base = BASE): string {
  const made = shareLink(text, base);
  if (!made.ok) throw new Error(made.error);
  return made.value;
}

describe('share links', () => {
  it('carry every shipped example, lessons included, through the link and back', () => {
    const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.convolab.json'));
    expect(files.length).toBeGreaterThan(5);
    let lessons = 0;
    for (const name of files) {
      const text = readFileSync(join(EXAMPLES, name), 'utf8');
      const link = linkOf(text);
      expect(link.startsWith(`${BASE}#graph=`)).toBe(true);
      expect(link.length).toBeLessThanOrEqual(MAX_SHARE_LINK_CHARS);
      const decoded = readShareLink(link);
      expect(decoded).toEqual({ ok: true, value: text });
      const before = loadGraph(text, { allowUnknownTypes: true });
      const after = loadGraph(decoded.ok ? decoded.value : '', { allowUnknownTypes: true });
      if (before.ok && after.ok && before.document.meta?.lesson) {
        lessons++;
        expect(after.document.meta?.lesson).toEqual(before.document.meta.lesson);
      }
    }
    expect(lessons).toBeGreaterThan(0);
  });

  it('write base64url of a zlib stream that Node decodes to the same text', () => {
    const text = readFileSync(join(EXAMPLES, 'image-kernels.convolab.json'), 'utf8');
    const payload = linkOf(text).split('#graph=')[1]!;
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(inflateSync(Buffer.from(payload, 'base64url')).toString('utf8')).toBe(text);
    // …and a link Node writes is read.
    const foreign = `#graph=${deflateSync(Buffer.from(text)).toString('base64url')}`;
    expect(readShareLink(foreign)).toEqual({ ok: true, value: text });
  });

  it('replace the fragment a page already had, and are read from the fragment alone', () => {
    const link = linkOf('{"a":1}', `${BASE}#graph=old`);
    expect(link.match(/#/g)).toHaveLength(1);
    const fragment = `#${link.split('#')[1]}`;
    expect(readShareLink(fragment)).toEqual({ ok: true, value: '{"a":1}' });
    expect(readShareLink(`  ${link}\n`)).toEqual({ ok: true, value: '{"a":1}' });
    expect(isShareLink(link) && isShareLink(fragment)).toBe(true);
    expect(isShareLink('{"format":"convolab.graph"}') || isShareLink('see #graph=abc here') || isShareLink('https://example.org/#other=1')).toBe(false);
  });

  it('round-trip any text, Unicode included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const made = shareLink(text, BASE);
        return made.ok && isShareLink(made.value) && JSON.stringify(readShareLink(made.value)) === JSON.stringify({ ok: true, value: text });
      }),
      { numRuns: 300 },
    );
  });

  it('are not made over the cap: the message says to download the file instead', () => {
    // Random bytes do not compress: 30,000 of them in hex are about 40 KB of link.
    const digits = randomBytes(30_000).toString('hex');
    const made = shareLink(`{"values":"${digits}"}`, BASE);
    expect(made).toMatchObject({ ok: false, error: expect.stringMatching(/over the 32 KB a link carries: download the graph file/) });
  });

  it('refuse hostile and mangled links in one line', () => {
    const good = linkOf(readFileSync(join(EXAMPLES, 'two-dice.convolab.json'), 'utf8'));
    const payload = good.split('#graph=')[1]!;
    const cases: [string, RegExp][] = [
      ['https://example.org/', /not a Convolab link/],
      ['#graph=', /empty/],
      [`#graph=${payload.slice(0, 10)}%20${payload.slice(10)}`, /character 11 .* is not base64url/],
      [`#graph=${payload.slice(0, payload.length - 20)}`, /damaged/],
      [`#graph=${payload.slice(0, 5)}`, /one character left over|damaged/],
      [`#graph=${'A'.repeat(MAX_SHARE_LINK_CHARS)}`, /over the 32 KB a link may be/],
      [`#graph=${Buffer.from('{"not":"zlib"}').toString('base64url')}`, /damaged/],
    ];
    for (const [link, pattern] of cases) {
      const read = readShareLink(link);
      expect(read.ok, link.slice(0, 40)).toBe(false);
      if (!read.ok) {
        expect(read.error).toMatch(pattern);
        expect(read.error).not.toContain('\n');
      }
    }
  });

  it('refuse a bomb: a link under the cap that would inflate to 20 MB stops at the cap', () => {
    const bomb = deflateSync(Buffer.alloc(20 * 1024 * 1024, 32), { level: 9 });
    const link = `#graph=${bomb.toString('base64url')}`;
    expect(link.length).toBeLessThan(MAX_SHARE_LINK_CHARS);
    expect(readShareLink(link)).toMatchObject({ ok: false, error: expect.stringMatching(/inflates to more than 1024 KB/) });
  });
});
