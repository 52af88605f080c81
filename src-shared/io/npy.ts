/**
 * NumPy's .npy format (numpy/lib/format.py). Writing: format 1.0, `<f8`, C order; the header is
 * the dict `{'descr': '<f8', 'fortran_order': False, 'shape': (…), }` padded with spaces and
 * ended by `\n` so that magic + version + length + header is a multiple of 64 bytes, exactly as
 * `numpy.save` writes it. Reading accepts versions 1.0–3.0, little-endian (or byte) ints and
 * floats, C order — enough for tests and round trips of what Convolab writes.
 *
 * `valueToNpy` lays out a wire value as FORMAT.md's headless results say: a signal `(n,)`, an
 * image `(height, width)` or `(channels, height, width)`, a spectrum `(n, 2)` and a 2-D spectrum
 * `(height, width, 2)` as (re, im) pairs. A value record has no npy form.
 */
import type { Value } from '../data';
import { claimDecode, type CodecResult, type DecodeBudget, failure, success } from './result';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface NpyArray {
  readonly shape: number[];
  readonly data: Float64Array;
  /** The dtype the file held, e.g. `<f8`. */
  readonly descr: string;
}

function shapeText(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * Whether this host stores a float64's bytes little-endian first, as `<f8` does: then an array's
 * numbers are copied into the file's bytes as they are (the same bytes as DataView's
 * `setFloat64(…, true)`, NaN payloads included); elsewhere each is swapped.
 */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** Where an encoding's bytes go: a new array, or a buffer an NpyEncoder reuses. */
type Allocate = (byteLength: number) => Uint8Array;

const fresh: Allocate = (byteLength) => new Uint8Array(byteLength);

/**
 * Writes the header and then `count` float64s, which `fill` puts into the array it is given (the
 * file's data, in place on a little-endian host). Every byte of what it returns is written, so a
 * reused buffer's earlier bytes never show through.
 */
/** The header text of a float64 array of `shape`, padded as numpy pads it; undefined when too long for format 1.0. */
function headerText(shape: readonly number[]): string | undefined {
  const header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText(shape)}, }`;
  // numpy pads to a multiple of 64 (ARRAY_ALIGN), counting the 10 bytes before the header and the newline.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  const padded = header + ' '.repeat(total - 10 - header.length - 1) + '\n';
  return padded.length > 0xffff ? undefined : padded;
}

/** The magic, version, length and header text at the start of `bytes` (10 + header.length bytes). */
function writeHeader(bytes: Uint8Array, header: string): void {
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  bytes[8] = header.length & 0xff;
  bytes[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
}

/** A float64 array's header as bytes of its own (magic to newline), for data written after it. */
function headerBytes(shape: readonly number[]): CodecResult<Uint8Array> {
  const header = headerText(shape);
  if (header === undefined) return failure('NPY: the header is too long for format 1.0');
  const head = new Uint8Array(10 + header.length);
  writeHeader(head, header);
  return success(head);
}

/** The shape a value is written in (FORMAT.md's S.npy); a value record has none. */
function npyShape(value: Exclude<Value, { kind: 'value' }>): number[] {
  switch (value.kind) {
    case 'signal': return [value.data.length];
    case 'image': return value.channels > 1 ? [value.channels, value.height, value.width] : [value.height, value.width];
    case 'volume': return value.channels > 1 ? [value.channels, value.depth, value.height, value.width] : [value.depth, value.height, value.width];
    case 'spectrum': return [value.re.length, 2];
    case 'spectrum2d': return [value.height, value.width, 2];
  }
}

function encodeNpy(allocate: Allocate, count: number, shape: readonly number[], fill: (numbers: Float64Array) => void): CodecResult<Uint8Array> {
  const header = headerText(shape);
  if (header === undefined) return failure('NPY: the header is too long for format 1.0');
  const total = 10 + header.length;
  const bytes = allocate(total + 8 * count);
  writeHeader(bytes, header);
  // The data starts at a multiple of 64 bytes into `bytes`, whose own offset is 0 (allocate's
  // arrays start their buffer), so it can be viewed as float64s.
  const numbers = new Float64Array(bytes.buffer, bytes.byteOffset + total, count);
  fill(numbers);
  if (!LITTLE_ENDIAN) {
    for (let at = total; at < bytes.length; at += 8) bytes.subarray(at, at + 8).reverse();
  }
  return success(bytes);
}

function checkShape(count: number, shape: readonly number[]): string | undefined {
  if (!shape.every((size) => Number.isInteger(size) && size >= 0)) return `NPY: bad shape ${shapeText(shape)}`;
  const expected = shape.reduce((product, size) => product * size, 1);
  if (expected !== count) return `NPY: shape ${shapeText(shape)} holds ${expected} numbers but there are ${count}`;
  return undefined;
}

function encodeNumbers(allocate: Allocate, data: ArrayLike<number>, shape: readonly number[]): CodecResult<Uint8Array> {
  const refused = checkShape(data.length, shape);
  if (refused !== undefined) return failure(refused);
  return encodeNpy(allocate, data.length, shape, (numbers) => numbers.set(data));
}

/** A spectrum's (re, im) pairs, interleaved as they are written. */
function encodePairs(allocate: Allocate, re: ArrayLike<number>, im: ArrayLike<number>, shape: readonly number[]): CodecResult<Uint8Array> {
  const refused = checkShape(2 * re.length, shape);
  if (refused !== undefined) return failure(refused);
  return encodeNpy(allocate, 2 * re.length, shape, (numbers) => {
    for (let i = 0; i < re.length; i++) {
      numbers[2 * i] = re[i]!;
      numbers[2 * i + 1] = im[i]!;
    }
  });
}

export function writeNpy(data: ArrayLike<number>, shape: readonly number[]): CodecResult<Uint8Array> {
  return encodeNumbers(fresh, data, shape);
}

const DTYPES: Readonly<Record<string, { size: number; read: (view: DataView, at: number) => number }>> = {
  '<f8': { size: 8, read: (v, at) => v.getFloat64(at, true) },
  '<f4': { size: 4, read: (v, at) => v.getFloat32(at, true) },
  '<i8': { size: 8, read: (v, at) => Number(v.getBigInt64(at, true)) },
  '<i4': { size: 4, read: (v, at) => v.getInt32(at, true) },
  '<i2': { size: 2, read: (v, at) => v.getInt16(at, true) },
  '<u2': { size: 2, read: (v, at) => v.getUint16(at, true) },
  '|i1': { size: 1, read: (v, at) => v.getInt8(at) },
  '|u1': { size: 1, read: (v, at) => v.getUint8(at) },
};

/** numpy itself refuses headers over 10,000 bytes unless told otherwise; a header has no reason to be longer than this. */
const MAX_HEADER_BYTES = 65536;

/** An .npy file's header: the array's shape and dtype, and where its data starts. */
export interface NpyHeader {
  readonly shape: number[];
  readonly descr: string;
  readonly dataStart: number;
  /** Bytes per element of `descr`. */
  readonly itemSize: number;
  /** Reads element `index` of the data. */
  readonly read: (view: DataView, index: number) => number;
}

/**
 * Reads and checks the header: magic, version, a dict of descr, fortran_order and shape, a
 * supported dtype, and data present for the whole shape. Nothing scales with the shape here.
 */
export function readNpyHeader(bytes: Uint8Array): CodecResult<NpyHeader> {
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) return failure('NPY: not an .npy file (no \\x93NUMPY magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  if (major < 1 || major > 3) return failure(`NPY: format version ${major}.${bytes[7]} is not supported`);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) return failure('NPY: the file is truncated');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) return failure(`NPY: the header says it is ${headerLength} bytes, over the ${MAX_HEADER_BYTES} an array header needs`);
  const dataStart = 8 + lengthSize + headerLength;
  if (dataStart > bytes.length) return failure('NPY: the header is truncated');
  let header = '';
  for (let i = 8 + lengthSize; i < dataStart; i++) header += String.fromCharCode(bytes[i]!);
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeMatch === undefined) return failure('NPY: the header is not a dict with descr, fortran_order and shape');
  if (fortran === 'True') return failure('NPY: Fortran-order arrays are not supported: save it in C order, np.save(path, np.ascontiguousarray(a))');
  const dtype = DTYPES[descr];
  if (!dtype) return failure(`NPY: dtype ${descr} is not supported (${Object.keys(DTYPES).join(', ')} are): save it as one of those, e.g. np.save(path, a.astype('<f4'))`);
  const shape = shapeMatch
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  if (!shape.every((size) => Number.isInteger(size) && size >= 0)) return failure(`NPY: bad shape (${shapeMatch})`);
  const count = shape.reduce((product, size) => product * size, 1);
  if (!(dataStart + count * dtype.size <= bytes.length)) return failure(`NPY: shape (${shapeMatch}) needs ${count * dtype.size} bytes of data but the file is shorter`);
  const size = dtype.size, read = dtype.read;
  return success({ shape, descr, dataStart, itemSize: size, read: (v, index) => read(v, dataStart + index * size) });
}

/**
 * Nothing is allocated from the header's shape until the data it describes is present in full
 * and the memory budget (`reserve`) grants its float64 copy.
 */
export function readNpy(bytes: Uint8Array, budget: DecodeBudget = {}): CodecResult<NpyArray> {
  const header = readNpyHeader(bytes);
  if (!header.ok) return header;
  const { shape, descr, read } = header.value;
  const count = shape.reduce((product, size) => product * size, 1);
  const refused = claimDecode(budget, count * 8, `an array of ${count} numbers`);
  if (refused) return failure(`NPY: ${refused}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = read(view, i);
  return success({ shape, data, descr });
}

/** A wire value as FORMAT.md's `S.npy`, in new bytes. */
export function valueToNpy(value: Value): CodecResult<Uint8Array> {
  return encodeValue(fresh, value);
}

/**
 * A wire value as valueToNpy's bytes, in parts to write one after the other: a signal's float64
 * samples are the file's data as they are (on a little-endian machine), so its second part is a
 * view of the value's own samples, after a header, not a copy of them (a 10-minute song's result
 * is 231 MB); any other value is one part, from `encode` (valueToNpy, or an NpyEncoder's).
 */
export function valueToNpyParts(value: Value, encode: (value: Value) => CodecResult<Uint8Array> = valueToNpy): CodecResult<Iterable<Uint8Array>> {
  if (value.kind === 'value' || !LITTLE_ENDIAN) {
    const whole = encode(value);
    return whole.ok ? success([whole.value]) : whole;
  }
  const shape = npyShape(value);
  // Float32 pixels and voxels (and a spectrum's two planes) become float64 pairs or numbers
  // chunk by chunk: a 384³ volume's file is 453 MB, which the CLI built in one piece beside the
  // 453 MB sink.file had just built (peak RSS 1.64 GB for 452 MB of values).
  const planes = value.kind === 'spectrum' || value.kind === 'spectrum2d' ? [value.re, value.im] : [value.data];
  const refused = checkShape(planes.length * planes[0]!.length, shape);
  if (refused !== undefined) return failure(refused);
  const head = headerBytes(shape);
  if (!head.ok) return head;
  // A signal's samples are the data as they are: written from the value itself.
  return success(value.kind === 'signal' ? [head.value, new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength)] : chunkedParts(head.value, planes));
}

/** Float64 numbers in one chunk of an NPY's data: 1 MiB. */
export const NPY_CHUNK_NUMBERS = 1 << 17;

/**
 * The header, then the planes' numbers as float64 (interleaved when there are two), one chunk at a
 * time in one reused array: each part must be written before the next is asked for.
 */
function* chunkedParts(head: Uint8Array, planes: readonly ArrayLike<number>[]): Generator<Uint8Array> {
  yield head;
  const length = planes[0]!.length;
  const perChunk = Math.floor(NPY_CHUNK_NUMBERS / planes.length);
  const chunk = new Float64Array(Math.max(1, Math.min(length, perChunk)) * planes.length);
  const bytes = new Uint8Array(chunk.buffer);
  for (let from = 0; from < length; from += perChunk) {
    const n = Math.min(perChunk, length - from);
    if (planes.length === 1) {
      const plane = planes[0]!;
      for (let i = 0; i < n; i++) chunk[i] = plane[from + i]!;
    } else {
      const [re, im] = planes as [ArrayLike<number>, ArrayLike<number>];
      for (let i = 0; i < n; i++) {
        chunk[2 * i] = re[from + i]!;
        chunk[2 * i + 1] = im[from + i]!;
      }
    }
    yield bytes.subarray(0, 8 * n * planes.length);
  }
}

/**
 * Encodes values as valueToNpy does, into one buffer it keeps and reuses (grown as needed, up to
 * `maxKeptBytes`; a larger encoding gets new bytes, not kept): what `encode` returns is valid
 * until its next call, so it must be written out before then (a batch worker's staging writes
 * each file before it returns: docs/batch-io.md). Spares a new array, its zero fill and its page
 * faults per file.
 */
export class NpyEncoder {
  private buffer: ArrayBuffer | undefined;

  constructor(private readonly maxKeptBytes = 64 * 1024 * 1024) {}

  /** valueToNpy's bytes, in this encoder's buffer: overwritten by the next call. */
  encode(value: Value): CodecResult<Uint8Array> {
    return encodeValue(this.allocate, value);
  }

  private readonly allocate: Allocate = (byteLength) => {
    if (byteLength > this.maxKeptBytes) return new Uint8Array(byteLength);
    if (!this.buffer || this.buffer.byteLength < byteLength) this.buffer = new ArrayBuffer(byteLength);
    return new Uint8Array(this.buffer, 0, byteLength);
  };
}

function encodeValue(allocate: Allocate, value: Value): CodecResult<Uint8Array> {
  if (value.kind === 'value') return failure('NPY: a value record is not written as npy (see the json file)');
  const shape = npyShape(value);
  return value.kind === 'spectrum' || value.kind === 'spectrum2d' ? encodePairs(allocate, value.re, value.im, shape) : encodeNumbers(allocate, value.data, shape);
}
