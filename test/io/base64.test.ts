import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeFloat32, decodeFloat64, floatsToBase64 } from '../../src-shared/io/base64';

// Node's Buffer is the independent oracle: the codec itself never uses it (it runs in the page too).
const nodeEncode = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

describe('base64, the one codec of every layer', () => {
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

  it('encodes a view of part of a buffer, not the whole buffer behind it', () => {
    const whole = new Float64Array([1, -2.5, 3e300, Number.MIN_VALUE, Number.NaN]);
    const part = whole.subarray(1, 4);
    expect(floatsToBase64(part)).toBe(nodeEncode(new Uint8Array(whole.buffer, 8, 24)));
    expect(Array.from(decodeFloat64(floatsToBase64(part)))).toEqual([-2.5, 3e300, Number.MIN_VALUE]);
    const single = new Float32Array([0.5, -0, 65504, 1e-40]);
    expect(Array.from(decodeFloat32(floatsToBase64(single)))).toEqual(Array.from(single));
  });

  it('refuses text that is not base64, naming the first bad character', () => {
    expect(() => base64ToBytes('AAAA AAAA')).toThrow('not base64 at character 4');
    expect(() => base64ToBytes('AAAAAA-A')).toThrow('not base64 at character 6');
    expect(() => base64ToBytes('AAé=')).toThrow('not base64 at character 2');
    expect(() => base64ToBytes('AA=A')).toThrow('not base64 at character 2');
    expect(() => base64ToBytes('AAAAA')).toThrow(/not base64 at character 4: one character left over/);
  });

  it('round-trips a value of several megabytes (the size getValue sends)', () => {
    const samples = new Float64Array(1 << 19);
    for (let i = 0; i < samples.length; i++) samples[i] = Math.sin(i * 0.001) * 1e6 + i;
    const text = floatsToBase64(samples);
    expect(text).toBe(nodeEncode(new Uint8Array(samples.buffer)));
    const back = decodeFloat64(text);
    expect(back.length).toBe(samples.length);
    expect(Buffer.compare(Buffer.from(back.buffer), Buffer.from(samples.buffer))).toBe(0);
  });
});
