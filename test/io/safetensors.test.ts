/**
 * The safetensors reader meets files from strangers: mutated copies of real weights files (bytes
 * flipped, cut short, the header length set to huge values) either read or give one line
 * starting `safetensors:`, and never throw; each way a file can lie is refused by name.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SAFETENSORS_HEADER, readSafeTensors, writeSafeTensors, type SafeTensor } from '../../src-shared/io/safetensors';

const seeds = ['model-l3-b4.safetensors', 'model-l2-b4.safetensors', 'case.safetensors'].map((name) => ({
  name,
  bytes: new Uint8Array(readFileSync(new URL(`../fixtures/unet3d/${name}`, import.meta.url))),
}));

type Mutation = { kind: 'flip'; at: number; value: number } | { kind: 'cut'; at: number } | { kind: 'huge'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  // Flips inside the JSON header, where a change alters a shape, an offset or a dtype.
  fc.record({ kind: fc.constant('flip' as const), at: fc.integer({ min: 8, max: 2000 }), value: fc.constantFrom(0x30, 0x31, 0x39, 0x2c, 0x5d, 0x22, 0x7d) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.integer({ min: 0, max: 4 }), value: fc.constantFrom(0xffffffff, 0x7fffffff, 0x10000, 0x100) }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const change of mutations) {
    if (out.length === 0) break;
    const at = change.at % out.length;
    if (change.kind === 'flip') out[at] = change.value;
    else if (change.kind === 'cut') out = out.slice(0, at);
    else if (at + 4 <= out.length) new DataView(out.buffer).setUint32(at, change.value, true);
  }
  return out;
}

/** A file with this header text (not re-encoded: the test writes exactly what it means to lie). */
function fileWith(header: object | string, dataBytes: number): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + text.length + dataBytes);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(text.length), true);
  bytes.set(text, 8);
  return bytes;
}

function errorOf(bytes: Uint8Array): string {
  const result = readSafeTensors(bytes);
  return result.ok ? 'ok' : result.error;
}

describe('safetensors reader', () => {
  it('reads the weights PyTorch wrote: shapes, metadata and values', () => {
    const result = readSafeTensors(seeds[0].bytes);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.metadata).toEqual({ arch: 'convolab.unet3d', levels: '3', base: '4' });
    expect(result.value.tensors.get('enc.0.conv1.weight')!.shape).toEqual([4, 1, 3, 3, 3]);
    expect(result.value.tensors.size).toBe(2 * (3 * 2 + 2 + 2 + 2 * 2 + 1));
  });

  it('writes what it reads back (values bit for bit)', () => {
    const tensors = new Map<string, SafeTensor>([
      ['b', { shape: [2, 2], data: new Float32Array([1.5, -2, Math.PI, 1e-30]) }],
      ['a', { shape: [], data: new Float32Array([7]) }],
    ]);
    const back = readSafeTensors(writeSafeTensors(tensors, { note: 'x' }));
    if (!back.ok) throw new Error(back.error);
    expect(back.value.tensors.get('b')!.data).toEqual(tensors.get('b')!.data);
    expect(back.value.tensors.get('a')!.shape).toEqual([]);
    expect(back.value.metadata).toEqual({ note: 'x' });
  });

  it('refuses each lie in one named line', () => {
    const f32 = (shape: number[], begin: number, end: number): object => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
    expect(errorOf(new Uint8Array(5))).toBe('safetensors: the file has 5 bytes, fewer than the 8 of the header length: it is truncated');
    const long = fileWith({ a: f32([1], 0, 4) }, 4);
    new DataView(long.buffer).setUint32(0, 5000, true);
    expect(errorOf(long)).toMatch(/^safetensors: the header claims 5000 bytes but the file has only \d+ after the length: it is truncated$/);
    new DataView(long.buffer).setUint32(4, 1, true);
    expect(errorOf(long)).toMatch(new RegExp(`^safetensors: the header claims 4294972296 bytes, over the ${MAX_SAFETENSORS_HEADER} `));
    expect(errorOf(fileWith({ a: f32([4], 0, 16) }, 12))).toBe('safetensors: tensor a ends at byte 16 of the data, but the file holds 12: the file is truncated or lies');
    expect(errorOf(fileWith({ a: f32([4], 0, 16), b: f32([2], 8, 16) }, 16))).toBe('safetensors: tensors a and b overlap: the file lies about its offsets');
    expect(errorOf(fileWith({ a: { dtype: 'F16', shape: [4], data_offsets: [0, 8] } }, 8))).toBe(
      'safetensors: tensor a is F16, but only F32 tensors are read: save the weights as float32',
    );
    expect(errorOf(fileWith({ a: f32([3, 2], 0, 16) }, 16))).toBe('safetensors: tensor a of shape (3, 2) needs 24 bytes but its offsets span 16');
    expect(errorOf(fileWith({ a: f32([1], 8, 4) }, 8))).toBe('safetensors: tensor a has bad data_offsets');
    expect(errorOf(fileWith({ a: f32([-1], 0, 4) }, 4))).toBe('safetensors: tensor a has a bad shape');
    expect(errorOf(fileWith('{"a": ', 4))).toBe('safetensors: the header is not valid JSON: not a safetensors file, or a damaged one');
    expect(errorOf(fileWith('[1, 2]', 0))).toBe('safetensors: the header is not a JSON object');
    expect(errorOf(fileWith({ __metadata__: { levels: 3 } }, 0))).toBe('safetensors: __metadata__ is not a map of strings');
    // A real file cut anywhere in its tensors.
    const cut = seeds[0].bytes.subarray(0, seeds[0].bytes.length - 3);
    expect(errorOf(cut)).toMatch(/^safetensors: tensor \S+ ends at byte \d+ of the data, but the file holds \d+: the file is truncated or lies$/);
  });

  it('a tensor name is any string to the format, but a message naming it stays one line', () => {
    const f32 = (shape: number[], begin: number, end: number): object => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
    expect(errorOf(fileWith({ 'a\nb\u001b[31m': f32([4], 0, 16) }, 12))).toBe('safetensors: tensor a\\u000Ab\\u001B[31m ends at byte 16 of the data, but the file holds 12: the file is truncated or lies');
    expect(errorOf(fileWith({ a: { dtype: 'F\r16', shape: [4], data_offsets: [0, 8] } }, 8))).toBe('safetensors: tensor a is F\\u000D16, but only F32 tensors are read: save the weights as float32');
    // Names past 80 characters are cut short in messages only: two that share their start stay two tensors.
    const long = 'x'.repeat(90);
    const read = readSafeTensors(fileWith({ [`${long}1`]: f32([1], 0, 4), [`${long}2`]: f32([1], 4, 8) }, 8));
    expect(read.ok && [...read.value.tensors.keys()]).toEqual([`${long}1`, `${long}2`]);
  });

  it('asks the budget before copying the tensors', () => {
    const claims: number[] = [];
    const result = readSafeTensors(seeds[0].bytes, { reserve: (bytes) => claims.push(bytes) });
    expect(result.ok).toBe(true);
    expect(claims).toEqual([seeds[0].bytes.length - 8 - Number(new DataView(seeds[0].bytes.buffer).getBigUint64(0, true))]);
    expect(errorOf.call(null, seeds[0].bytes)).toBe('ok');
    const refused = readSafeTensors(seeds[0].bytes, { maxBytes: 1000 });
    expect(refused.ok ? 'ok' : refused.error).toMatch(/^safetensors: safetensors weights would need 0 MiB, over the 0 MiB limit/);
  });

  it('mutated files read or give one line starting safetensors:; nothing throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        const result = readSafeTensors(mutate(seed.bytes, mutations), { maxBytes: 64 * 1024 ** 2 });
        if (!result.ok) {
          expect(result.error).toMatch(/^safetensors: \S/);
          expect(result.error).not.toMatch(/[\n\r]/);
          expect(result.error.length).toBeLessThan(300);
        } else {
          // What reads is consistent: every tensor's values fill its shape.
          for (const tensor of result.value.tensors.values()) expect(tensor.data.length).toBe(tensor.shape.reduce((a, b) => a * b, 1));
        }
      }),
      { numRuns: 1500, seed: 16 },
    );
  });
});
