import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../src-shared/io/base64';

// Node's Buffer is the independent oracle: the codec itself never uses it (it runs in the page too).
const nodeEncode = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

describe('base64, the one implementation of every layer', () => {
  it('encodes as Node does, for every length modulo 3 and every byte value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(bytesToBase64(bytes)).toBe(nodeEncode(bytes));
      }),
      { numRuns: 400 },
    );
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(all)).toBe(nodeEncode(all));
  });

  it('decodes what Node encodes, with or without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = nodeEncode(bytes);
        expect(base64ToBytes(text)).toEqual(bytes);
        expect(base64ToBytes(text.replace(/=+$/, ''))).toEqual(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses text that is not base64, naming the first bad character', () => {
    expect(() => base64ToBytes('AAAA AAAA')).toThrow('not base64 at character 4');
    expect(() => base64ToBytes('AAAAAA-A')).toThrow('not base64 at character 6');
    expect(() => base64ToBytes('AAé=')).toThrow('not base64 at character 2');
    expect(() => base64ToBytes('AA=A')).toThrow('not base64 at character 2');
    expect(() => base64ToBytes('AAAAA')).toThrow(/not base64 at character 4: one character left over/);
  });

  it('round-trips megabytes (the embedded WebAssembly module runs to that)', () => {
    const bytes = new Uint8Array(3 << 19);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const text = bytesToBase64(bytes);
    expect(text).toBe(nodeEncode(bytes));
    expect(Buffer.compare(Buffer.from(base64ToBytes(text)), Buffer.from(bytes))).toBe(0);
  });
});
