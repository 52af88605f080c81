import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeImage, makeSignal, makeVolume } from '../../src-shared/data';
import type { Value } from '../../src-shared/data';
import { NPY_CHUNK_NUMBERS, NpyEncoder, readNpy, valueToNpy, valueToNpyParts, writeNpy } from '../../src-shared/io/npy';

const fixtures = new URL('../fixtures/io/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtures), 'utf8')) as Record<string, { shape: number[]; data: number[] }>;

describe('NPY', () => {
  for (const name of Object.keys(expected).filter((file) => file.endsWith('.npy'))) {
    it(`writes ${name} byte for byte as numpy.save does`, () => {
      const { shape, data } = expected[name];
      const written = writeNpy(data, shape);
      if (!written.ok) throw new Error(written.error);
      expect(Buffer.from(written.value).equals(readFileSync(new URL(name, fixtures)))).toBe(true);
    });

    it(`reads ${name} back to numpy's shape and values`, () => {
      const result = readNpy(readFileSync(new URL(name, fixtures)));
      if (!result.ok) throw new Error(result.error);
      expect(result.value.shape).toEqual(expected[name].shape);
      expect(Array.from(result.value.data)).toEqual(expected[name].data);
      expect(result.value.descr).toBe('<f8');
    });
  }

  it('keeps the header a multiple of 64 bytes ending in a newline, for any shape', () => {
    for (let rank = 0; rank < 30; rank++) {
      const shape = Array.from({ length: rank }, (_, i) => (i === 0 ? 3 : 1));
      const written = writeNpy(new Float64Array(rank === 0 ? 1 : 3), shape);
      if (!written.ok) throw new Error(written.error);
      const headerEnd = 10 + new DataView(written.value.buffer).getUint16(8, true);
      expect(headerEnd % 64).toBe(0);
      expect(written.value[headerEnd - 1]).toBe(0x0a);
    }
  });

  it('lays out wire values as FORMAT.md says', () => {
    const shapeOf = (bytes: ReturnType<typeof valueToNpy>) => {
      if (!bytes.ok) throw new Error(bytes.error);
      const back = readNpy(bytes.value);
      if (!back.ok) throw new Error(back.error);
      return { shape: back.value.shape, data: Array.from(back.value.data) };
    };
    expect(shapeOf(valueToNpy(makeSignal(Float64Array.from([1, 2, 3]), -1, 10)))).toEqual({ shape: [3], data: [1, 2, 3] });
    expect(shapeOf(valueToNpy(makeImage(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 2)))).toEqual({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] });
    expect(shapeOf(valueToNpy(makeImage(new Float32Array(12), 3, 2, { channels: 2 }))).shape).toEqual([2, 2, 3]);
    const spectrum = { kind: 'spectrum', re: Float64Array.from([1, 2]), im: Float64Array.from([3, 4]), rate: 1, start: 0, hermitian: false } as const;
    expect(shapeOf(valueToNpy(spectrum))).toEqual({ shape: [2, 2], data: [1, 3, 2, 4] });
    const spectrum2d = { kind: 'spectrum2d', width: 2, height: 1, re: Float64Array.from([1, 2]), im: Float64Array.from([3, 4]), origin: { x: 0, y: 0 }, hermitian: false } as const;
    expect(shapeOf(valueToNpy(spectrum2d))).toEqual({ shape: [1, 2, 2], data: [1, 3, 2, 4] });
    expect(valueToNpy({ kind: 'value', fields: { a: 1 } })).toEqual({ ok: false, error: 'NPY: a value record is not written as npy (see the json file)' });
  });

  it('refuses a shape that does not match the data, and files it cannot read', () => {
    expect(writeNpy([1, 2, 3], [2, 2])).toEqual({ ok: false, error: 'NPY: shape (2, 2) holds 4 numbers but there are 3' });
    expect(readNpy(new Uint8Array(4))).toEqual({ ok: false, error: 'NPY: not an .npy file (no \\x93NUMPY magic)' });
    const good = readFileSync(new URL('matrix.npy', fixtures));
    expect(readNpy(good.subarray(0, good.length - 1))).toEqual({ ok: false, error: 'NPY: shape (2, 3) needs 48 bytes of data but the file is shorter' });
  });
});

describe('valueToNpyParts (a signal\'s samples written from the value)', () => {
  /** The parts' bytes, each copied as it comes (a chunked part's array is reused for the next). */
  const joined = (parts: Iterable<Uint8Array>): Uint8Array => {
    const bytes: number[] = [];
    for (const part of parts) bytes.push(...part);
    return Uint8Array.from(bytes);
  };

  it('gives valueToNpy\'s bytes, a signal\'s data as a view of its own samples (a subarray too), any other value as one part', () => {
    const buffer = new Float64Array(1000).map((_, i) => Math.cos(i) * 1e3 - i);
    const values: Value[] = [
      makeSignal(buffer),
      makeSignal(buffer.subarray(17, 803), -5, 44100),
      makeSignal(new Float64Array(0)),
      makeImage(Float32Array.from({ length: 6 * 7 }, (_, i) => i / 7), 7, 6),
    ];
    for (const value of values) {
      const parts = valueToNpyParts(value);
      const whole = valueToNpy(value);
      if (!parts.ok || !whole.ok) throw new Error('encode failed');
      expect(joined(parts.value)).toEqual(whole.value);
      if (value.kind === 'signal') {
        const list = [...parts.value];
        expect(list).toHaveLength(2);
        expect(list[1]!.buffer).toBe(value.data.buffer);
        expect(readNpy(joined(list))).toEqual({ ok: true, value: { shape: [value.data.length], data: Float64Array.from(value.data), descr: '<f8' } });
      }
    }
  });

  it('writes an image, a volume and spectra as float64 chunks of at most 1 MiB, not one full-size encoding: the same bytes', () => {
    const pixels = NPY_CHUNK_NUMBERS * 2 + 333;
    const volumeSide = 52;
    const values: Value[] = [
      makeImage(Float32Array.from({ length: 1000 * 300 }, (_, i) => Math.sin(i) * 7), 1000, 300),
      makeImage(Float32Array.from({ length: 3 * 401 * 503 }, (_, i) => (i % 251) / 250), 503, 401, { channels: 3 }),
      makeVolume(Float32Array.from({ length: volumeSide ** 3 }, (_, i) => Math.cos(i)), volumeSide, volumeSide, volumeSide),
      { kind: 'spectrum', re: Float64Array.from({ length: pixels }, (_, i) => i), im: Float64Array.from({ length: pixels }, (_, i) => -i / 3), rate: 1, start: 0, hermitian: false } as Value,
      { kind: 'spectrum2d', re: Float64Array.from({ length: 300 * 500 }, (_, i) => i % 17), im: Float64Array.from({ length: 300 * 500 }, (_, i) => -(i % 13)), width: 500, height: 300, origin: { x: 0, y: 0 }, hermitian: false },
    ];
    for (const value of values) {
      const parts = valueToNpyParts(value);
      const whole = valueToNpy(value);
      if (!parts.ok || !whole.ok) throw new Error('encode failed');
      let largest = 0;
      let count = 0;
      let at = 0;
      const copy = new Uint8Array(whole.value.length);
      for (const part of parts.value) {
        largest = Math.max(largest, part.byteLength);
        count++;
        copy.set(part, at);
        at += part.byteLength;
      }
      expect(at).toBe(whole.value.length);
      expect(Buffer.from(copy).equals(Buffer.from(whole.value))).toBe(true);
      expect(count).toBeGreaterThan(2);
      expect(largest).toBeLessThanOrEqual(8 * NPY_CHUNK_NUMBERS);
    }
  });
});

describe('NpyEncoder (one buffer, reused)', () => {
  /** numpy's bytes for `<f8` data as the format defines them: each number little-endian through DataView. */
  function reference(data: ArrayLike<number>, headerBytes: Uint8Array): Uint8Array {
    const bytes = new Uint8Array(headerBytes.length + 8 * data.length);
    bytes.set(headerBytes);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat64(headerBytes.length + 8 * i, data[i]!, true);
    return bytes;
  }

  it('writes each value as valueToNpy does, whatever it encoded before (larger, smaller, other shapes)', () => {
    const signal = (n: number, f: number): Value => makeSignal(Float64Array.from({ length: n }, (_, i) => Math.sin(i * f) + f));
    const values: Value[] = [
      signal(5000, 1),
      signal(3, 2),
      makeImage(Float32Array.from({ length: 6 * 7 }, (_, i) => i / 7), 7, 6),
      signal(4999, 3),
      { kind: 'spectrum', re: Float64Array.from([1, -2, 3.5]), im: Float64Array.from([0.25, 0, -1]), rate: 1, start: 0, hermitian: false },
      makeImage(Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => -i), 4, 3, { channels: 2 }),
      { kind: 'spectrum2d', width: 3, height: 2, re: Float64Array.from([1, 2, 3, 4, 5, 6]), im: Float64Array.from([6, 5, 4, 3, 2, 1]), origin: { x: 0, y: 0 }, hermitian: false },
      signal(0, 4),
      signal(6000, 5),
      signal(1, 6),
    ];
    const encoder = new NpyEncoder();
    for (const value of values) {
      const fresh = valueToNpy(value);
      const reused = encoder.encode(value);
      if (!fresh.ok || !reused.ok) throw new Error('not encoded');
      expect(Buffer.from(reused.value).equals(Buffer.from(fresh.value)), value.kind).toBe(true);
    }
  });

  it('keeps every bit of every number (NaN payloads, −0, subnormals, ±∞), as DataView writes them', () => {
    const data = new Float64Array(64);
    const bits = new BigUint64Array(data.buffer);
    for (let i = 0; i < 32; i++) bits[i] = 0x7ff0000000000001n + BigInt(i) * 0x10000000001n; // signalling NaNs
    bits[32] = 0xfff8000000000abcn;
    data.set([-0, 5e-324, -5e-324, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 1 / 3], 33);
    const encoder = new NpyEncoder();
    encoder.encode(makeSignal(Float64Array.from({ length: 100 }, () => 7)));
    const reused = encoder.encode(makeSignal(data));
    const fresh = writeNpy(data, [data.length]);
    if (!reused.ok || !fresh.ok) throw new Error('not encoded');
    const headerLength = fresh.value.length - 8 * data.length;
    const expected = reference(data, fresh.value.subarray(0, headerLength));
    expect(Buffer.from(fresh.value).equals(Buffer.from(expected))).toBe(true);
    expect(Buffer.from(reused.value).equals(Buffer.from(expected))).toBe(true);
  });

  it('hands out new bytes past the size it keeps, and its buffer again after', () => {
    const encoder = new NpyEncoder(1024);
    const small = encoder.encode(makeSignal(new Float64Array(10)));
    const large = encoder.encode(makeSignal(new Float64Array(1000)));
    const again = encoder.encode(makeSignal(new Float64Array(5)));
    if (!small.ok || !large.ok || !again.ok) throw new Error('not encoded');
    expect(large.value.buffer).not.toBe(small.value.buffer);
    expect(again.value.buffer).toBe(small.value.buffer);
    expect(encoder.encode({ kind: 'value', fields: {} })).toEqual({ ok: false, error: 'NPY: a value record is not written as npy (see the json file)' });
  });
});

describe('NPY from a stranger', () => {
  /** A format-1.0 file with the given header text and `data` bytes after it. */
  function npyWith(header: string, data: Uint8Array): Uint8Array {
    const bytes = new Uint8Array(10 + header.length + data.length);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(bytes.buffer).setUint16(8, header.length, true);
    for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
    bytes.set(data, 10 + header.length);
    return bytes;
  }

  it('refuses Fortran order, a big-endian or complex dtype, saying how to save the array instead', () => {
    const data = new Uint8Array(64);
    expect(readNpy(npyWith("{'descr': '<f4', 'fortran_order': True, 'shape': (4, 4), }\n", data))).toEqual({
      ok: false,
      error: 'NPY: Fortran-order arrays are not supported: save it in C order, np.save(path, np.ascontiguousarray(a))',
    });
    for (const descr of ['>f4', '<c8']) {
      expect(readNpy(npyWith(`{'descr': '${descr}', 'fortran_order': False, 'shape': (4, 2), }\n`, data))).toEqual({
        ok: false,
        error: `NPY: dtype ${descr} is not supported (<f8, <f4, <i8, <i4, <i2, <u2, |i1, |u1 are): save it as one of those, e.g. np.save(path, a.astype('<f4'))`,
      });
    }
  });

  it('never allocates from a shape the data is not there for, and claims the float64 copy first', () => {
    const lying = npyWith("{'descr': '|u1', 'fortran_order': False, 'shape': (100000, 100000), }\n", new Uint8Array(16));
    expect(readNpy(lying)).toEqual({ ok: false, error: 'NPY: shape (100000, 100000) needs 10000000000 bytes of data but the file is shorter' });
    const honest = npyWith("{'descr': '|u1', 'fortran_order': False, 'shape': (1024, 1024), }\n", new Uint8Array(1024 ** 2));
    const claims: number[] = [];
    const refuse = (bytes: number): void => {
      claims.push(bytes);
      throw new Error('over budget');
    };
    expect(() => readNpy(honest, { reserve: refuse })).toThrow('over budget');
    expect(claims).toEqual([8 * 1024 ** 2]);
    expect(readNpy(honest, { maxBytes: 1024 ** 2 })).toEqual({
      ok: false,
      error: 'NPY: an array of 1048576 numbers would need 8 MiB, over the 1 MiB limit: use a smaller file',
    });
  });

  it('refuses a header longer than any array needs', () => {
    const bytes = new Uint8Array(12 + 70_000);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
    new DataView(bytes.buffer).setUint32(8, 70_000, true);
    expect(readNpy(bytes)).toEqual({ ok: false, error: 'NPY: the header says it is 70000 bytes, over the 65536 an array header needs' });
  });
});
