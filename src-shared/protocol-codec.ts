/**
 * The binary message of `convolab serve`'s WebSocket (protocol.ts, SocketClientMessage and
 * SocketServerMessage): one message is one binary frame, so previews, values and files cross as
 * their bytes, never as text. Pure: no Node, no DOM (TextEncoder/TextDecoder are read from
 * globalThis, as every runtime Convolab runs in has them).
 *
 * Layout, little-endian (the byte order of every platform Convolab runs on, and of typed arrays
 * there):
 *
 *   0  4 bytes  MAGIC, "CVL1"
 *   4  u32      J, the byte length of the JSON text
 *   8  J bytes  the message as UTF-8 JSON, each typed array replaced by a reference
 *               {"$bytes": offset, "type": "f32", "length": elements}
 *   B           the arrays' bytes, B = 8 + J rounded up to 8, each array at an `offset` from B
 *               that is a multiple of 8
 *
 * Every array starts 8-aligned from the frame's start, so a decoder whose frame starts aligned
 * (a browser's ArrayBuffer always does) reads each array as a view on the frame, without a copy.
 * A long string (LONG_TEXT characters or more: a graph file's text, a backup) crosses the same way,
 * as its UTF-8 bytes with the type "utf8" and its byte length, and is read back as a string: in the
 * JSON it would be escaped character by character on one side and parsed on the other (a
 * twenty-megabyte file took ~70 ms each way on the page's thread). A string that is not
 * well-formed UTF-16 (a lone surrogate) stays in the JSON, which keeps it exactly. A long plain
 * list of finite numbers (LONG_LIST or more: a pasted data series in a document) goes as float64
 * with the type "numbers" and is read back as a plain list: the same numbers JSON would give (−0
 * as 0), without writing each out in decimal and parsing it back. A list holding anything else
 * (NaN, which JSON makes null; a string) stays in the JSON.
 * A plain object's own key `$bytes` (or `$$bytes`, …) is sent with one more `$`, so data can never
 * pass for a reference.
 */

import { printable } from './graph/printable';

export const MAGIC = 0x314c5643; // "CVL1" read as a little-endian u32
const HEADER_BYTES = 8;
const ALIGN = 8;
/** Objects and arrays nested deeper than this are refused (ours nest a few levels). */
const MAX_DEPTH = 256;

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

interface ArrayKind {
  readonly make: new (buffer: ArrayBuffer, byteOffset: number, length: number) => TypedArray;
  readonly size: number;
}

/** The type tag of each typed array a message may carry. */
const KINDS: Readonly<Record<string, ArrayKind>> = {
  i8: { make: Int8Array, size: 1 },
  u8: { make: Uint8Array, size: 1 },
  u8c: { make: Uint8ClampedArray, size: 1 },
  i16: { make: Int16Array, size: 2 },
  u16: { make: Uint16Array, size: 2 },
  i32: { make: Int32Array, size: 4 },
  u32: { make: Uint32Array, size: 4 },
  f32: { make: Float32Array, size: 4 },
  f64: { make: Float64Array, size: 8 },
  i64: { make: BigInt64Array, size: 8 },
  u64: { make: BigUint64Array, size: 8 },
};

function tagOf(array: ArrayBufferView): string | undefined {
  // Checked subclass-first: a Node Buffer is a Uint8Array and goes as u8.
  if (array instanceof Uint8Array) return 'u8';
  if (array instanceof Float64Array) return 'f64';
  if (array instanceof Float32Array) return 'f32';
  if (array instanceof Int8Array) return 'i8';
  if (array instanceof Uint8ClampedArray) return 'u8c';
  if (array instanceof Int16Array) return 'i16';
  if (array instanceof Uint16Array) return 'u16';
  if (array instanceof Int32Array) return 'i32';
  if (array instanceof Uint32Array) return 'u32';
  if (array instanceof BigInt64Array) return 'i64';
  if (array instanceof BigUint64Array) return 'u64';
  return undefined;
}

interface Utf8 {
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
}

function utf8(): Utf8 {
  const scope = globalThis as {
    TextEncoder?: new () => { encode(text: string): Uint8Array };
    TextDecoder?: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
  };
  if (!scope.TextEncoder || !scope.TextDecoder) throw new Error('this runtime has no TextEncoder/TextDecoder');
  const encoder = new scope.TextEncoder();
  const decoder = new scope.TextDecoder('utf-8', { fatal: true });
  return { encode: (text) => encoder.encode(text), decode: (bytes) => decoder.decode(bytes) };
}

let codec: Utf8 | undefined;
const text = (): Utf8 => (codec ??= utf8());

const ESCAPED_KEY = /^\$+bytes$/;

/** Strings at least this long cross as their UTF-8 bytes, not in the JSON text. */
export const LONG_TEXT = 4096;
const UTF8 = 'utf8';
/** Plain lists of finite numbers at least this long cross as float64 bytes. */
export const LONG_LIST = 1024;
const NUMBERS = 'numbers';
const NUMBERS_KIND: ArrayKind = { make: Float64Array, size: 8 };

/** Whether every surrogate pairs up (String.prototype.isWellFormed where the runtime has it). */
function wellFormed(value: string): boolean {
  const native = (value as { isWellFormed?: () => boolean }).isWellFormed;
  if (native) return native.call(value);
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

const alignUp = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/**
 * Sets `key` as an own data property, as JSON.parse makes it. Plain assignment of `__proto__` (a
 * key JSON may hold) would call Object.prototype's setter instead: the object's prototype would
 * become the value, its properties readable from the object without being its own.
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Where the arrays' bytes go: the next free offset, and each array already placed (by identity). */
interface Placement {
  bytes: number;
  readonly placed: Map<ArrayBufferView, number>;
}

/**
 * A long list of finite numbers as float64 bytes, an attachment like an array's; the list itself
 * when it holds anything else. −0 is written as 0, as JSON writes it.
 */
function placeNumbers(list: readonly unknown[], arrays: ArrayBufferView[], at: Placement): unknown {
  const values = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== 'number' || !Number.isFinite(item)) return list;
    values[i] = item === 0 ? 0 : item;
  }
  const offset = at.bytes;
  arrays.push(values);
  at.bytes = alignUp(offset + values.byteLength);
  return { $bytes: offset, type: NUMBERS, length: list.length };
}

/** A long string's place in the frame: its UTF-8 bytes, as an attachment like an array's. */
function placeText(value: string, arrays: ArrayBufferView[], at: Placement): unknown {
  if (value.length < LONG_TEXT || !wellFormed(value)) return value;
  const bytes = text().encode(value);
  const offset = at.bytes;
  arrays.push(bytes);
  at.bytes = alignUp(offset + bytes.byteLength);
  return { $bytes: offset, type: UTF8, length: bytes.byteLength };
}

/**
 * The value with each typed array replaced by its reference (collected in `arrays`) and each
 * `$bytes`-like key escaped; parts without either are returned as they are (no copy). An array
 * the message holds twice (a sink's preview is the very preview of the node it shows) is sent
 * once, both references naming its bytes: the page reads each as its own view on them.
 */
function replaceArrays(value: unknown, arrays: ArrayBufferView[], at: Placement, depth: number): unknown {
  if (typeof value === 'string') return placeText(value, arrays, at);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw new Error(`cannot send a message nested deeper than ${MAX_DEPTH} levels`);
  if (ArrayBuffer.isView(value)) {
    const type = tagOf(value);
    if (type === undefined) throw new Error('cannot send a DataView: send a typed array');
    const length = value.byteLength / KINDS[type]!.size;
    const known = at.placed.get(value);
    if (known !== undefined) return { $bytes: known, type, length };
    const offset = at.bytes;
    arrays.push(value);
    at.placed.set(value, offset);
    at.bytes = alignUp(offset + value.byteLength);
    return { $bytes: offset, type, length };
  }
  if (value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object SharedArrayBuffer]') {
    throw new Error('cannot send a bare ArrayBuffer: send a typed array');
  }
  if (Array.isArray(value)) {
    if (value.length >= LONG_LIST && typeof value[0] === 'number') {
      const placed = placeNumbers(value, arrays, at);
      if (placed !== value) return placed;
    }
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if ((typeof item !== 'object' || item === null) && (typeof item !== 'string' || item.length < LONG_TEXT)) {
        if (out) out[i] = item;
        continue;
      }
      const replaced = replaceArrays(item, arrays, at, depth + 1);
      if (replaced !== item && !out) out = value.slice(0, i);
      if (out) out[i] = replaced;
    }
    return out ?? value;
  }
  // A class instance (one with toJSON, say) goes to JSON as it is, as before.
  if (!isPlainObject(value)) return value;
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(record);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const item = record[key];
    const replaced = replaceArrays(item, arrays, at, depth + 1);
    const escaped = ESCAPED_KEY.test(key);
    if ((replaced !== item || escaped) && !out) {
      out = {};
      for (let j = 0; j < k; j++) setOwn(out, keys[j]!, record[keys[j]!]);
    }
    if (out) setOwn(out, escaped ? `$${key}` : key, replaced);
  }
  return out ?? value;
}

/** One message as one binary frame (see the layout above). */
export function encodeMessage(message: unknown): Uint8Array {
  const arrays: ArrayBufferView[] = [];
  const at: Placement = { bytes: 0, placed: new Map() };
  const json = text().encode(JSON.stringify(replaceArrays(message, arrays, at, 0)) ?? 'null');
  const base = alignUp(HEADER_BYTES + json.length);
  const frame = new Uint8Array(base + at.bytes);
  const header = new DataView(frame.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, json.length, true);
  frame.set(json, HEADER_BYTES);
  let offset = base;
  for (const array of arrays) {
    frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset = alignUp(offset + array.byteLength);
  }
  return frame;
}

/** One line, whatever the frame held: a JSON parser's message may quote the bad text, newlines and all. */
function problem(where: string, what: string): Error {
  return new Error(`bad Convolab message${where ? ` at ${printable(where)}` : ''}: ${printable(what)}`);
}

interface Frame {
  readonly bytes: Uint8Array;
  /** Where the arrays' bytes begin, from the start of `bytes`. */
  readonly base: number;
  /**
   * Bytes the texts and number lists read so far are made of. Each is a new string or list, not a
   * view: an encoder places each once, so together they are at most the frame's arrays' bytes. A
   * frame whose references name the same bytes again and again (a megabyte of references to one
   * long text) would otherwise decode to gigabytes and end the process that reads it.
   */
  made: number;
}

function reference(ref: Record<string, unknown>, frame: Frame, where: string): TypedArray | string | number[] {
  const keys = Object.keys(ref);
  if (keys.length !== 3 || !('type' in ref) || !('length' in ref)) throw problem(where, 'an array reference has exactly $bytes, type and length');
  const { $bytes: offset, type, length } = ref;
  const kind = type === UTF8 ? { size: 1 } : type === NUMBERS ? NUMBERS_KIND : typeof type === 'string' && Object.hasOwn(KINDS, type) ? KINDS[type]! : undefined;
  if (!kind) throw problem(where, `unknown array type ${JSON.stringify(type)}`);
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0 || offset % ALIGN !== 0) {
    throw problem(where, 'an array offset must be a whole, non-negative multiple of 8');
  }
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) throw problem(where, 'an array length must be a whole number ≥ 0');
  const available = frame.bytes.length - frame.base;
  if (offset > available || length > (available - offset) / kind.size) {
    throw problem(where, `an array of ${length} ${type} at ${offset} reaches past the frame's ${available} bytes of arrays`);
  }
  if (!('make' in kind) || kind === NUMBERS_KIND) {
    frame.made += length * kind.size;
    if (frame.made > available) {
      throw problem(where, `its texts and lists of numbers read ${frame.made} bytes from ${available} bytes of arrays: each must have bytes of its own, as Convolab sends them`);
    }
  }
  if (!('make' in kind)) {
    try {
      return text().decode(frame.bytes.subarray(frame.base + offset, frame.base + offset + length));
    } catch {
      throw problem(where, `its ${length} bytes of text at ${offset} are not UTF-8`);
    }
  }
  // A view on the frame, which decodeMessage has made 8-aligned: every offset is a multiple of 8.
  const array = new kind.make(frame.bytes.buffer as ArrayBuffer, frame.bytes.byteOffset + frame.base + offset, length);
  if (kind !== NUMBERS_KIND) return array;
  const list = new Array<number>(length);
  for (let i = 0; i < length; i++) {
    const value = array[i] as number;
    // What the JSON it stands for could hold: a finite number.
    if (!Number.isFinite(value)) throw problem(where, `its list of ${length} numbers holds ${value} at [${i}], which JSON cannot`);
    list[i] = value;
  }
  return list;
}

function restoreArrays(value: unknown, frame: Frame, where: string, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw problem(where, `nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) value[i] = restoreArrays(item, frame, `${where}[${i}]`, depth + 1);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, '$bytes')) return reference(record, frame, where);
  let escaped = false;
  for (const key of Object.keys(record)) {
    if (ESCAPED_KEY.test(key)) escaped = true;
    const item = record[key];
    if (typeof item === 'object' && item !== null) record[key] = restoreArrays(item, frame, where ? `${where}.${key}` : key, depth + 1);
  }
  if (!escaped) return record;
  // Rebuilt rather than renamed in place, so the keys keep their order.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) setOwn(out, ESCAPED_KEY.test(key) ? key.slice(1) : key, record[key]);
  return out;
}

export interface DecodeLimits {
  /**
   * The most bytes of JSON text the frame may hold. Parsed, JSON takes up to ~15 times its bytes
   * (`[],` is a 32-byte array for 3 bytes of text), so a reader that takes frames from a page
   * (convolab serve) bounds it: the bulk of a message crosses as arrays, texts and lists of
   * numbers, which stay their size.
   */
  readonly maxJsonBytes?: number;
}

const mebibytes = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

/**
 * A message from its frame. Arrays are views on `bytes`'s buffer (they keep the frame alive); a
 * frame that does not start 8-aligned (a Node Buffer sliced from a socket's read) is copied once,
 * whole, and the arrays are views on the copy — never a copy per reference, which a frame naming
 * one array many times would multiply. Throws one line saying what is wrong with a frame that is
 * not one of ours: a bad header, JSON, type tag, an array reaching outside the frame, or texts and
 * lists of numbers that read the same bytes more than once.
 */
export function decodeMessage(bytes: Uint8Array, limits: DecodeLimits = {}): unknown {
  // new Uint8Array, not slice: a Node Buffer's slice is a view on the same bytes.
  if (bytes.byteOffset % ALIGN !== 0) bytes = new Uint8Array(bytes);
  if (bytes.length < HEADER_BYTES) throw problem('', `a frame of ${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw problem('', 'the frame does not start with CVL1');
  const jsonBytes = header.getUint32(4, true);
  if (jsonBytes > bytes.length - HEADER_BYTES) throw problem('', `the header declares ${jsonBytes} bytes of JSON in a frame of ${bytes.length}`);
  if (limits.maxJsonBytes !== undefined && jsonBytes > limits.maxJsonBytes) {
    throw problem('', `its JSON text is ${mebibytes(jsonBytes)}, over the ${mebibytes(limits.maxJsonBytes)} this reader takes: large values cross as arrays, not as JSON`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + jsonBytes)));
  } catch (error) {
    throw problem('', `its JSON does not parse (${error instanceof Error ? error.message : String(error)})`);
  }
  const base = Math.min(bytes.length, alignUp(HEADER_BYTES + jsonBytes));
  return restoreArrays(parsed, { bytes, base, made: 0 }, '', 0);
}

/**
 * The array on a buffer of its own, as a message should carry it: structured clone (IPC, a
 * worker's postMessage) copies a view's whole buffer, so a plane viewed in a large volume would
 * cross as the volume, and a SharedArrayBuffer cannot cross to a page at all. Copies only then.
 */
export function ownBuffer<T extends Float32Array | Float64Array | Uint8Array>(array: T): T {
  if (array.buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === array.buffer.byteLength) return array;
  return array.slice() as T;
}
