/**
 * serve's binary message (src-shared/protocol-codec.ts): typed arrays cross as their bytes, bit for
 * bit, wherever they sit in a message; a frame that is not one of ours is refused in one line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSignal } from '../../src-shared/data';
import { makePreview, type SignalPreview, type SpectrumPreview } from '../../src-shared/engine/preview';
import { LONG_LIST, LONG_TEXT, MAGIC, decodeMessage, encodeMessage, ownBuffer } from '../../src-shared/protocol-codec';

const KINDS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array] as const;
type Kind = (typeof KINDS)[number];

/** The array's own bytes, to compare bit for bit (NaN payloads, −0). */
const bytesOf = (array: ArrayBufferView): number[] => [...new Uint8Array(array.buffer, array.byteOffset, array.byteLength)];

/** An array of `kind` holding exactly `bytes` (a whole number of elements of them). */
function arrayOf(kind: Kind, bytes: Uint8Array): InstanceType<Kind> {
  const count = Math.floor(bytes.length / kind.BYTES_PER_ELEMENT);
  const buffer = new ArrayBuffer(count * kind.BYTES_PER_ELEMENT);
  new Uint8Array(buffer).set(bytes.subarray(0, buffer.byteLength));
  return new kind(buffer) as InstanceType<Kind>;
}

function expectSameArray(back: unknown, sent: ArrayBufferView): void {
  expect(Object.getPrototypeOf(back)).toBe(Object.getPrototypeOf(sent));
  expect(bytesOf(back as ArrayBufferView)).toEqual(bytesOf(sent));
}

/** The frame copied to `shift` bytes into a larger buffer: how a Node Buffer from a pool may sit. */
function shifted(frame: Uint8Array, shift: number): Uint8Array {
  const host = new Uint8Array(frame.length + shift + 8);
  host.set(frame, shift);
  return host.subarray(shift, shift + frame.length);
}

const oneLine = /^bad Convolab message[^\n]*$/;

/** The bytes of a frame's arrays: all of it after the JSON text, rounded up to 8. */
const arrayBytes = (frame: Uint8Array): number => frame.length - Math.ceil((8 + new DataView(frame.buffer, frame.byteOffset).getUint32(4, true)) / 8) * 8;

describe('the binary message: round trips', () => {
  it.each(KINDS.map((kind) => [kind.name, kind] as const))('carries a %s bit for bit, whatever its bytes', (_name, kind) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const sent = arrayOf(kind, bytes);
        const back = decodeMessage(encodeMessage({ data: sent })) as { data: unknown };
        expectSameArray(back.data, sent);
      }),
      { numRuns: 60 },
    );
  });

  it('carries zero-length arrays of every kind', () => {
    const sent = KINDS.map((kind) => new kind(0));
    const back = decodeMessage(encodeMessage(sent)) as unknown[];
    expect(back).toHaveLength(KINDS.length);
    back.forEach((array, i) => expectSameArray(array, sent[i]!));
  });

  it('keeps NaN payloads, ±Infinity and −0 exactly, in Float64 and Float32', () => {
    const doubles = new Float64Array([Number.NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, -Number.MAX_VALUE]);
    // A NaN with a payload and its sign bit set: only a byte copy keeps it.
    new DataView(doubles.buffer).setBigUint64(0, 0xfff4_0000_dead_beefn, true);
    const singles = new Float32Array([Number.NaN, Infinity, -Infinity, -0, 1e-45]);
    new DataView(singles.buffer).setUint32(0, 0xffc0_1234, true);
    const back = decodeMessage(encodeMessage({ doubles, singles })) as { doubles: Float64Array; singles: Float32Array };
    expectSameArray(back.doubles, doubles);
    expectSameArray(back.singles, singles);
    expect(Object.is(back.doubles[3], -0)).toBe(true);
  });

  it('finds arrays inside nested objects and arrays, and leaves the rest as JSON carries it', () => {
    const pixels = Uint8Array.from([0, 128, 255]);
    const re = Float64Array.from([1.5, -2]);
    const message = {
      t: 'event',
      event: { kind: 'nodesDone', previews: { out: { kind: 'image', pixels, lo: -1, origin: { x: 0, y: 0 } } }, list: [1, 'two', [re, { deeper: [[new Int16Array([-7])]] }], null] },
    };
    const back = decodeMessage(encodeMessage(message)) as typeof message;
    expect(back).toEqual(message);
    expectSameArray(back.event.previews.out.pixels, pixels);
    // The message given is not changed by encoding it.
    expect(message.event.previews.out.pixels).toBe(pixels);
  });

  it('sends a view as its own elements, not the buffer behind it', () => {
    const whole = Float64Array.from({ length: 1000 }, (_, i) => i);
    const part = whole.subarray(10, 13);
    const frame = encodeMessage({ part });
    expect(frame.length).toBeLessThan(100);
    expect([...(decodeMessage(frame) as { part: Float64Array }).part]).toEqual([10, 11, 12]);
  });

  it('sends an array the message holds twice once, and the page reads it in both places', () => {
    // A quick sink's result rides with its upstream node's: its preview is that node's very preview.
    const preview = makePreview(makeSignal(Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i / 40)))) as SignalPreview;
    const { min, max } = preview;
    const shared = encodeMessage({ nodes: [{ id: 'convolve1', previews: { out: preview } }, { id: 'plot1', previews: { sink: preview } }] });
    // The same numbers in arrays of their own are two arrays: identity, not content, is what is shared.
    const copied = encodeMessage({ nodes: [{ id: 'convolve1', previews: { out: preview } }, { id: 'plot1', previews: { sink: { ...preview, min: min.slice(), max: max.slice() } } }] });
    expect([arrayBytes(shared), arrayBytes(copied)]).toEqual([2 * 240 * 4, 4 * 240 * 4]);
    type Back = { nodes: { previews: Record<string, { min: Float32Array; max: Float32Array }> }[] };
    const back = decodeMessage(shared) as Back;
    for (const previews of [back.nodes[0]!.previews.out!, back.nodes[1]!.previews.sink!]) {
      expectSameArray(previews.min, min);
      expectSameArray(previews.max, max);
    }
    expect(decodeMessage(copied)).toEqual(back);
  });

  it('carries a node\'s float32 previews as float32 views on the frame, half the bytes of doubles', () => {
    const signal = makePreview(makeSignal(Float64Array.from({ length: 65_584 }, (_, i) => Math.exp(-(((i - 32_792) / 9000) ** 2)) / 3), -32_792, 16_384)) as SignalPreview;
    const spectrum = makePreview({ kind: 'spectrum', re: Float64Array.from({ length: 1000 }, (_, k) => Math.cos(k)), im: Float64Array.from({ length: 1000 }, (_, k) => Math.sin(k / 3)), rate: 8000, start: 0, hermitian: false }) as SpectrumPreview;
    const event = { t: 'event', event: { kind: 'nodesDone', runId: 7, nodes: [{ report: { id: 'plot1', status: 'ok' }, previewVersion: 3, previews: { sink: signal, out: spectrum } }] } };
    const frame = encodeMessage(event);
    expect(arrayBytes(frame)).toBe(4 * 240 * 4);
    const back = decodeMessage(frame) as typeof event;
    const previews = back.event.nodes[0]!.previews;
    for (const [got, sent] of [
      [previews.sink.min, signal.min],
      [previews.sink.max, signal.max],
      [previews.out.magnitude, spectrum.magnitude],
      [previews.out.phase, spectrum.phase],
    ] as const) {
      expect(got).toBeInstanceOf(Float32Array);
      expect(got.buffer).toBe(frame.buffer);
      expectSameArray(got, sent);
    }
    // The numbers a label prints stay doubles in the JSON, exactly as the engine computed them.
    expect([previews.sink.lo, previews.sink.hi]).toEqual([signal.lo, signal.hi]);
    expect(previews.sink.hi).not.toBe(Math.fround(previews.sink.hi));
    expect(back).toEqual(event);
  });

  it('reads arrays as views on an aligned frame, and from a frame at an odd offset as views on one copy of it', () => {
    const sent = { a: Float64Array.from([1, 2, 3]), b: Float32Array.from([4, 5]), c: Uint8Array.from([6, 7, 8]), d: Int16Array.from([-9]) };
    const frame = encodeMessage(sent);
    const aligned = decodeMessage(frame) as typeof sent;
    for (const key of ['a', 'b', 'c', 'd'] as const) {
      expect(aligned[key].buffer).toBe(frame.buffer);
      expectSameArray(aligned[key], sent[key]);
    }
    for (const shift of [1, 2, 3, 4, 5, 7]) {
      const moved = shifted(frame, shift);
      const back = decodeMessage(moved) as typeof sent;
      for (const key of ['a', 'b', 'c', 'd'] as const) expectSameArray(back[key], sent[key]);
      // The frame is copied once, whole, to an aligned place: every array is a view on that copy.
      expect(back.a.buffer).not.toBe(moved.buffer);
      for (const key of ['b', 'c', 'd'] as const) expect(back[key].buffer).toBe(back.a.buffer);
    }
  });

  it('keeps data keys named like a reference as data', () => {
    const message = { $bytes: 3, $$bytes: 'x', inner: [{ $bytes: { type: 'f64', length: 1 } }], array: Uint8Array.from([1]) };
    expect(decodeMessage(encodeMessage(message))).toEqual(message);
    expect(decodeMessage(encodeMessage({ $bytes: 0, type: 'f64', length: 1 }))).toEqual({ $bytes: 0, type: 'f64', length: 1 });
  });

  it('places every array 8-aligned in the frame, after a JSON text that only references it', () => {
    const frame = encodeMessage({ x: Uint8Array.from([1]), y: Float64Array.from([2]) });
    const header = new DataView(frame.buffer);
    expect(header.getUint32(0, true)).toBe(MAGIC);
    const json = JSON.parse(new TextDecoder().decode(frame.subarray(8, 8 + header.getUint32(4, true)))) as Record<string, { $bytes: number }>;
    expect(json).toEqual({ x: { $bytes: 0, type: 'u8', length: 1 }, y: { $bytes: 8, type: 'f64', length: 1 } });
  });

  it('refuses to send what it cannot carry, in one line', () => {
    expect(() => encodeMessage({ view: new DataView(new ArrayBuffer(4)) })).toThrow(/^cannot send a DataView/);
    expect(() => encodeMessage({ raw: new ArrayBuffer(4) })).toThrow(/^cannot send a bare ArrayBuffer/);
    expect(() => encodeMessage({ n: 1n })).toThrow(TypeError);
  });
});

describe('the binary message: long texts', () => {
  /** The frame's JSON text. */
  const jsonOf = (frame: Uint8Array): string => new TextDecoder().decode(frame.subarray(8, 8 + new DataView(frame.buffer, frame.byteOffset).getUint32(4, true)));
  const long = (unit: string): string => unit.repeat(Math.ceil(LONG_TEXT / unit.length));

  it(`carries a string of ${LONG_TEXT} characters or more as its UTF-8 bytes, wherever it sits, and reads it back as the same string`, () => {
    const file = long('{ "values": [0.1, 2, 3] }\n');
    const accents = long('σ → ∫ f(τ)·g(t − τ) dτ; ');
    const astral = long('🎲🎲 ');
    const message = { t: 'call', method: 'writeBackup', args: [{ id: 'x', text: file }], list: [accents, 'short', astral], nested: { deeper: [[astral]] } };
    const frame = encodeMessage(message);
    expect(decodeMessage(frame)).toEqual(message);
    const json = jsonOf(frame);
    // The JSON holds references, not the texts: no character of them is escaped or parsed.
    expect(json).not.toContain('values');
    expect(json).not.toContain('σ');
    expect(json).toContain('"short"');
    expect(json).toContain(`{"$bytes":0,"type":"utf8","length":${new TextEncoder().encode(file).length}}`);
    expect(arrayBytes(frame)).toBeGreaterThanOrEqual(new TextEncoder().encode(file + accents + astral + astral).length);
  });

  it('keeps a string just under the bound, and one with a lone surrogate, in the JSON', () => {
    const under = 'a'.repeat(LONG_TEXT - 1);
    const lone = `${long('x')}\ud800${long('y')}`;
    const frame = encodeMessage({ under, lone });
    const back = decodeMessage(frame) as { under: string; lone: string };
    expect(back.under).toBe(under);
    expect(back.lone).toBe(lone);
    expect(back.lone.charCodeAt(LONG_TEXT)).toBe(0xd800);
    expect(arrayBytes(frame)).toBe(0);
  });

  it('round-trips any string about the bound: any UTF-16 code units, lone surrogates and all, and any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), minLength: LONG_TEXT - 2, maxLength: LONG_TEXT + 40 }), fc.string({ unit: 'grapheme', minLength: LONG_TEXT, maxLength: LONG_TEXT + 40 }), (anything, text) => {
        expect(decodeMessage(encodeMessage({ anything, list: [text, anything] }))).toEqual({ anything, list: [text, anything] });
      }),
      { numRuns: 60 },
    );
  });
});

describe('the binary message: long lists of numbers', () => {
  const jsonOf = (frame: Uint8Array): string => new TextDecoder().decode(frame.subarray(8, 8 + new DataView(frame.buffer, frame.byteOffset).getUint32(4, true)));

  it(`carries a plain list of ${LONG_LIST} finite numbers or more as float64, and reads it back as the plain list JSON would give`, () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: LONG_LIST, maxLength: LONG_LIST + 50 }), (values) => {
        const message = { doc: { nodes: [{ params: { values } }] }, rows: [values.slice(0, 3)] };
        const frame = encodeMessage(message);
        const back = decodeMessage(frame) as typeof message;
        // Exactly what a JSON round trip gives (−0 as 0), as a plain Array.
        expect(back).toEqual(JSON.parse(JSON.stringify(message)));
        expect(Array.isArray(back.doc.nodes[0]!.params.values)).toBe(true);
        expect(jsonOf(frame)).toContain(`"values":{"$bytes":0,"type":"numbers","length":${values.length}}`);
        expect(arrayBytes(frame)).toBe(8 * values.length);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps in the JSON a list just under the bound, and a long one holding NaN, ±Infinity or anything not a number', () => {
    const under = Array.from({ length: LONG_LIST - 1 }, (_, i) => i);
    const withNaN = Array.from({ length: LONG_LIST }, (_, i) => (i === 7 ? NaN : i));
    const withInfinity = Array.from({ length: LONG_LIST }, (_, i) => (i === LONG_LIST - 1 ? -Infinity : i));
    const mixed: unknown[] = Array.from({ length: LONG_LIST }, (_, i) => (i === 3 ? '3' : i));
    const frame = encodeMessage({ under, withNaN, withInfinity, mixed });
    expect(arrayBytes(frame)).toBe(0);
    expect(decodeMessage(frame)).toEqual(JSON.parse(JSON.stringify({ under, withNaN, withInfinity, mixed })));
  });
});

describe('ownBuffer', () => {
  it('passes an array that owns its buffer, and copies a view or a shared buffer', () => {
    const own = new Float32Array(4);
    expect(ownBuffer(own)).toBe(own);
    const part = new Float64Array(100).subarray(1, 3);
    expect(ownBuffer(part).buffer.byteLength).toBe(16);
    const shared = new Float32Array(new SharedArrayBuffer(8));
    shared[1] = 2.5;
    const copied = ownBuffer(shared);
    expect(copied.buffer).toBeInstanceOf(ArrayBuffer);
    expect([...copied]).toEqual([0, 2.5]);
  });
});

describe('the binary message: hostile frames', () => {
  /** A frame whose JSON is `json` (text as given) followed by `tail` bytes of arrays. */
  function forged(json: string, tail = 0): Uint8Array {
    const text = new TextEncoder().encode(json);
    const base = Math.ceil((8 + text.length) / 8) * 8;
    const frame = new Uint8Array(base + tail);
    new DataView(frame.buffer).setUint32(0, MAGIC, true);
    new DataView(frame.buffer).setUint32(4, text.length, true);
    frame.set(text, 8);
    return frame;
  }

  it.each<[string, () => Uint8Array, RegExp]>([
    ['an empty frame', () => new Uint8Array(0), /shorter than the 8-byte header/],
    ['text bytes', () => new TextEncoder().encode('{"t":"call","id":1}'), /does not start with CVL1/],
    ['a JSON length past the frame', () => {
      const frame = forged('{}');
      new DataView(frame.buffer).setUint32(4, 0xffff_ffff, true);
      return frame;
    }, /declares 4294967295 bytes of JSON in a frame of 16/],
    ['JSON that does not parse', () => forged('{"t":'), /its JSON does not parse/],
    // The parser's message quotes the text around the fault, line breaks and all (found by the
    // corruption property below: a byte 10 written into the JSON).
    ['JSON broken by a line break', () => forged('{"a":\n}'), /its JSON does not parse.*\\u000A/],
    ['invalid UTF-8', () => {
      const frame = forged('"ab"');
      frame[9] = 0xff;
      return frame;
    }, /its JSON does not parse/],
    ['a reference past the end', () => forged('{"a":{"$bytes":8,"type":"f64","length":1}}', 8), /at a: an array of 1 f64 at 8 reaches past the frame's 8 bytes/],
    ['a huge declared length', () => forged('{"a":[{"$bytes":0,"type":"u8","length":9007199254740991}]}', 16), /at a\[0\]: an array of 9007199254740991 u8/],
    ['a length past 2^53', () => forged('{"a":{"$bytes":0,"type":"u8","length":1e300}}', 16), /an array length must be a whole number/],
    ['a negative offset', () => forged('{"a":{"$bytes":-8,"type":"u8","length":1}}', 16), /an array offset must be a whole, non-negative multiple of 8/],
    ['an unaligned offset', () => forged('{"a":{"$bytes":3,"type":"u8","length":1}}', 16), /multiple of 8/],
    ['a fractional length', () => forged('{"a":{"$bytes":0,"type":"u8","length":1.5}}', 16), /an array length must be a whole number/],
    ['a bad type tag', () => forged('{"a":{"$bytes":0,"type":"f16","length":1}}', 16), /at a: unknown array type "f16"/],
    ['a type tag that is not text', () => forged('{"a":{"$bytes":0,"type":["f64"],"length":1}}', 16), /unknown array type \["f64"\]/],
    ['a reference with a key too many', () => forged('{"a":{"$bytes":0,"type":"u8","length":1,"buffer":0}}', 16), /exactly \$bytes, type and length/],
    ['a type tag on the prototype chain', () => forged('{"a":{"$bytes":0,"type":"constructor","length":1}}', 16), /unknown array type "constructor"/],
    ['nesting 10,000 deep', () => forged(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), /nested deeper than 256 levels/],
    ['a text whose bytes are not UTF-8', () => {
      const frame = forged('{"file":{"$bytes":0,"type":"utf8","length":4}}', 8);
      frame.set([0x61, 0xc3, 0x28, 0x62], frame.length - 8);
      return frame;
    }, /at file: its 4 bytes of text at 0 are not UTF-8/],
    ['a list of numbers holding NaN', () => {
      const frame = forged('{"values":{"$bytes":0,"type":"numbers","length":2}}', 16);
      new DataView(frame.buffer).setFloat64(frame.length - 8, NaN, true);
      return frame;
    }, /at values: its list of 2 numbers holds NaN at \[1\], which JSON cannot/],
    ['a list of numbers reaching past the frame', () => forged('{"values":{"$bytes":8,"type":"numbers","length":2}}', 16), /at values: an array of 2 numbers at 8 reaches past the frame's 16 bytes/],
    ['a text reaching past the frame', () => forged('{"file":{"$bytes":0,"type":"utf8","length":9}}', 8), /at file: an array of 9 utf8 at 0 reaches past the frame's 8 bytes/],
    // Each text and list is a new string or array: read twice from the same bytes, a frame decodes
    // to more than it holds (a megabyte of references to one long text, to gigabytes).
    ['a text whose bytes are read twice', () => forged('{"a":{"$bytes":0,"type":"utf8","length":8},"b":{"$bytes":0,"type":"utf8","length":8}}', 8), /at b: its texts and lists of numbers read 16 bytes from 8 bytes of arrays: each must have bytes of its own/],
    ['a list of numbers whose bytes are read twice', () => forged('{"a":[{"$bytes":0,"type":"numbers","length":1},{"$bytes":0,"type":"numbers","length":1}]}', 8), /at a\[1\]: its texts and lists of numbers read 16 bytes from 8 bytes/],
    ['a text that overlaps a list of numbers', () => forged('{"a":{"$bytes":0,"type":"numbers","length":2},"b":{"$bytes":8,"type":"utf8","length":8}}', 16), /at b: its texts and lists of numbers read 24 bytes from 16/],
  ])('refuses %s in one line', (_what, make, error) => {
    let thrown: unknown;
    try {
      decodeMessage(make());
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(oneLine);
    expect((thrown as Error).message).toMatch(error);
  });

  it('refuses a small frame that names one long text thousands of times, before it makes a string', () => {
    // 64 KiB of text named 20,000 times: a frame of under a megabyte that decoded to 1.3 GB of strings.
    const text = 64 * 1024;
    const frame = forged(JSON.stringify({ t: 'call', id: 1, method: 'openDocument', args: Array.from({ length: 20_000 }, () => ({ $bytes: 0, type: 'utf8', length: text })) }), text);
    expect(frame.length).toBeLessThan(1024 * 1024);
    expect(() => decodeMessage(frame)).toThrow(/^bad Convolab message at args\[1\]: its texts and lists of numbers read 131072 bytes from 65536 bytes of arrays/);
  });

  it('refuses more JSON text than the reader takes before parsing it, and takes the same frame without the limit', () => {
    const frame = encodeMessage({ t: 'call', id: 1, method: 'run', args: [Array.from({ length: 100 }, () => [])] });
    const json = new DataView(frame.buffer).getUint32(4, true);
    expect(() => decodeMessage(frame, { maxJsonBytes: json - 1 })).toThrow(/^bad Convolab message: its JSON text is 0\.0 MiB, over the 0\.0 MiB this reader takes: large values cross as arrays, not as JSON$/);
    expect(decodeMessage(frame, { maxJsonBytes: json })).toMatchObject({ t: 'call', id: 1 });
    expect(decodeMessage(frame)).toMatchObject({ t: 'call', id: 1 });
  });

  it('keeps a key __proto__ beside an escaped key as data, never as the object\'s prototype', () => {
    // The object is rebuilt to unescape its key: `out.__proto__ = …` set its prototype, and what the
    // frame put there read as the object's own fields (a check of its own keys would not see them).
    const back = decodeMessage(forged('{"a":{"$$bytes":1,"__proto__":{"maxSide":99999}}}')) as { a: Record<string, unknown> };
    expect(Object.getPrototypeOf(back.a)).toBe(Object.prototype);
    expect(back.a.maxSide).toBeUndefined();
    expect(Object.keys(back.a)).toEqual(['$bytes', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(back.a, '__proto__')?.value).toEqual({ maxSide: 99999 });
    // And on the way out: a parsed object holding both keys crosses as it is.
    const sent = JSON.parse('{"$bytes":1,"__proto__":{"maxSide":99999}}') as Record<string, unknown>;
    const again = decodeMessage(encodeMessage({ a: sent })) as { a: Record<string, unknown> };
    expect(Object.getPrototypeOf(again.a)).toBe(Object.prototype);
    expect(again.a.maxSide).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(again.a, '__proto__')?.value).toEqual({ maxSide: 99999 });
  });

  it('reads an array named many times from a frame at an odd offset as views on one copy, not a copy each', () => {
    const frame = forged(JSON.stringify({ a: Array.from({ length: 1000 }, () => ({ $bytes: 0, type: 'f64', length: 1024 })) }), 8 * 1024);
    const back = decodeMessage(shifted(frame, 3)) as { a: Float64Array[] };
    expect(back.a).toHaveLength(1000);
    expect(new Set(back.a.map((array) => array.buffer)).size).toBe(1);
  });

  it('refuses a float32 preview whose frame is cut short or whose length is grown, in one line', () => {
    const preview = makePreview(makeSignal(Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i)))) as SignalPreview;
    const frame = encodeMessage({ t: 'event', event: { kind: 'nodesDone', runId: 1, nodes: [{ previews: { out: preview } }] } });
    const refusal = (bytes: Uint8Array): string => {
      try {
        decodeMessage(bytes);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(refusal(frame.slice(0, frame.length - 1))).toMatch(/^bad Convolab message at event\.nodes\[0\]\.previews\.out\.max: an array of 240 f32 at 960 reaches past the frame's 1919 bytes of arrays$/);
    // The JSON's second array says one element more (same digits' count, so the frame's layout holds).
    const json = new TextDecoder().decode(frame.subarray(8, 8 + new DataView(frame.buffer).getUint32(4, true)));
    expect(json).toContain('{"$bytes":960,"type":"f32","length":240}');
    const grown = frame.slice();
    grown.set(new TextEncoder().encode(json.replace('{"$bytes":960,"type":"f32","length":240}', '{"$bytes":960,"type":"f32","length":241}')), 8);
    expect(refusal(grown)).toMatch(/^bad Convolab message at event\.nodes\[0\]\.previews\.out\.max: an array of 241 f32 at 960 reaches past the frame's 1920 bytes of arrays$/);
    // An f32 array whose declared type is the wrong size for its place reads past as well.
    const retyped = frame.slice();
    retyped.set(new TextEncoder().encode(json.replace('{"$bytes":960,"type":"f32","length":240}', '{"$bytes":960,"type":"f64","length":240}')), 8);
    expect(refusal(retyped)).toMatch(/^bad Convolab message at event\.nodes\[0\]\.previews\.out\.max: an array of 240 f64 at 960 reaches past/);
  });

  it('answers any corruption of a real frame with a value or one line, never another failure', () => {
    const frame = encodeMessage({ t: 'reply', id: 4, ok: true, value: { kind: 'image', data: Float32Array.from([1, 2, 3]), pixels: Uint8Array.from([9]) } });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(frame.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.nat(frame.length), (changes, cut) => {
        const bytes = frame.slice(0, Math.max(cut, 1));
        for (const [at, value] of changes) if (at < bytes.length) bytes[at] = value;
        try {
          decodeMessage(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(oneLine);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
