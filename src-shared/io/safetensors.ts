/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N
 * bytes of JSON `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {…} }`,
 * then the tensors' bytes, offsets counted from the end of the header. Reading is bounded: the
 * header length is checked against the file and a cap before it is decoded, every tensor's
 * offsets against the data and against each other, its shape against its bytes, and the memory
 * of the copies is claimed before they are made. Only F32 (little-endian) tensors are read: that
 * is all op.unet3d's weights are.
 */
import { printable } from '../graph/printable';
import { claimDecode, type CodecResult, type DecodeBudget, failure, success } from './result';

export interface SafeTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface SafeTensorsFile {
  /** Tensors by name, in the order of their offsets. */
  readonly tensors: ReadonlyMap<string, SafeTensor>;
  /** `__metadata__`: string to string, as the format says. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** safetensors itself refuses headers over 100 MB; a U-Net's header is a few kilobytes. */
export const MAX_SAFETENSORS_HEADER = 1024 * 1024;

const HEAD = 8;

/** Every host Convolab runs in (Node, browsers, workers) has these; src-shared's types declare neither. */
const text = globalThis as unknown as {
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
  TextEncoder: new () => { encode(value: string): Uint8Array };
};

interface Entry {
  readonly name: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A tensor's name as a message shows it: any string to the format, so cut short and its control characters escaped (one line). */
function shownName(name: string): string {
  return printable(name.slice(0, 80));
}

/** One tensor's header entry, or the line that refuses it. */
function readEntry(name: string, value: unknown, dataBytes: number): Entry | string {
  const shown = shownName(name);
  if (!isRecord(value)) return `tensor ${shown} is not described by an object`;
  const { dtype, shape, data_offsets: offsets } = value;
  if (dtype !== 'F32') return `tensor ${shown} is ${typeof dtype === 'string' ? printable(dtype.slice(0, 16)) : 'of no dtype'}, but only F32 tensors are read: save the weights as float32`;
  if (!Array.isArray(shape) || shape.length > 8 || !shape.every(isCount)) return `tensor ${shown} has a bad shape`;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !isCount(offsets[0]) || !isCount(offsets[1]) || offsets[1] < offsets[0]) {
    return `tensor ${shown} has bad data_offsets`;
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataBytes) return `tensor ${shown} ends at byte ${end} of the data, but the file holds ${dataBytes}: the file is truncated or lies`;
  const count = (shape as number[]).reduce((product, size) => product * size, 1);
  if (count * 4 !== end - begin) {
    return `tensor ${shown} of shape (${(shape as number[]).join(', ')}) needs ${count * 4} bytes but its offsets span ${end - begin}`;
  }
  return { name, shape: shape as number[], begin, end };
}

/** Reads a safetensors file; every refusal is one line starting `safetensors:`. */
export function readSafeTensors(bytes: Uint8Array, budget: DecodeBudget = {}): CodecResult<SafeTensorsFile> {
  if (bytes.length < HEAD) return failure(`safetensors: the file has ${bytes.length} bytes, fewer than the 8 of the header length: it is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = Number(view.getBigUint64(0, true));
  if (length > MAX_SAFETENSORS_HEADER) return failure(`safetensors: the header claims ${length} bytes, over the ${MAX_SAFETENSORS_HEADER} a weights file needs: not a safetensors file?`);
  if (HEAD + length > bytes.length) return failure(`safetensors: the header claims ${length} bytes but the file has only ${bytes.length - HEAD} after the length: it is truncated`);
  let header: unknown;
  try {
    header = JSON.parse(new text.TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEAD, HEAD + length)));
  } catch {
    return failure('safetensors: the header is not valid JSON: not a safetensors file, or a damaged one');
  }
  if (!isRecord(header)) return failure('safetensors: the header is not a JSON object');
  const dataBytes = bytes.length - HEAD - length;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(value) || !Object.values(value).every((field) => typeof field === 'string')) return failure('safetensors: __metadata__ is not a map of strings');
      Object.assign(metadata, value);
      continue;
    }
    const entry = readEntry(name, value, dataBytes);
    if (typeof entry === 'string') return failure(`safetensors: ${entry}`);
    entries.push(entry);
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.begin < entries[i - 1]!.end) return failure(`safetensors: tensors ${shownName(entries[i - 1]!.name)} and ${shownName(entries[i]!.name)} overlap: the file lies about its offsets`);
  }
  const total = entries.reduce((sum, entry) => sum + (entry.end - entry.begin), 0);
  try {
    const refused = claimDecode(budget, total, 'safetensors weights');
    if (refused) return failure(`safetensors: ${refused}`);
  } catch (error) {
    return failure(`safetensors: ${error instanceof Error ? error.message : String(error)}`);
  }
  const tensors = new Map<string, SafeTensor>();
  const start = HEAD + length;
  for (const entry of entries) {
    const count = (entry.end - entry.begin) / 4;
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(start + entry.begin + 4 * i, true);
    tensors.set(entry.name, { shape: entry.shape, data });
  }
  return success({ tensors, metadata });
}

/** Writes F32 tensors as safetensors (names sorted, as PyTorch's writer does); for tests and tools. */
export function writeSafeTensors(tensors: ReadonlyMap<string, SafeTensor>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const name of names) {
    const tensor = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + 4 * tensor.data.length] };
    offset += 4 * tensor.data.length;
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const encoded = new text.TextEncoder().encode(JSON.stringify(header));
  const padded = new Uint8Array(encoded.length + ((8 - (encoded.length % 8)) % 8)).fill(0x20);
  padded.set(encoded);
  const bytes = new Uint8Array(HEAD + padded.length + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(padded.length), true);
  bytes.set(padded, HEAD);
  let at = HEAD + padded.length;
  for (const name of names) {
    for (const value of tensors.get(name)!.data) {
      view.setFloat32(at, value, true);
      at += 4;
    }
  }
  return bytes;
}
