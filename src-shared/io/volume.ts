/**
 * Volume files for source.volume: NumPy .npy of 3 dimensions (depth, height, width) or 4
 * (channels, depth, height, width) — the layout `convolab run` writes — and NIfTI-1 (.nii, or
 * gzipped .nii.gz), whose header nifti-reader-js parses; voxel (i, j, k) of the NIfTI file becomes
 * (x, y, z), a 4th dimension the channels, and scl_slope / scl_inter are applied.
 *
 * A header is believed only as far as the bytes bear it out: its data must be there in full and
 * no more (a shorter or longer file means the header lies), the sizes must fit, and the memory
 * for what it describes is claimed from the budget before anything is allocated. A gzipped file
 * is inflated in small steps and stopped once it passes the size its header gives, so a small
 * file that inflates to gigabytes is refused without holding them.
 */
import { Gunzip } from 'fflate';
import { NIFTI1 } from 'nifti-reader-js';
import { makeVolume, type Volume } from '../data';
import { readNpyHeader } from './npy';
import { claimDecode, type CodecResult, type DecodeBudget, failure, success } from './result';

/** Reads a volume from an .npy or NIfTI-1 file's bytes, by what the bytes are (not the name). */
export function readVolumeFile(bytes: Uint8Array, budget: DecodeBudget = {}): CodecResult<Volume> {
  if (bytes.length >= 6 && bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === 'NUMPY') return readNpyVolume(bytes, budget);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return readNiftiGz(bytes, budget);
  if (bytes.length >= 4) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const little = view.getInt32(0, true), big = view.getInt32(0, false);
    if (little === NIFTI_HEADER_BYTES || big === NIFTI_HEADER_BYTES) return readNifti(bytes, budget);
    if (little === 540 || big === 540) return failure('NIfTI: this is a NIfTI-2 file; save it as NIfTI-1 (.nii or .nii.gz)');
  }
  return failure('not a volume file: expected .npy (\\x93NUMPY) or NIfTI-1 (.nii, .nii.gz)');
}

/** Sides up to this many voxels: beyond, no volume fits the memory budget anyway, and products stay exact. */
const MAX_SIDE = 65536;

function checkSides(format: string, sides: readonly number[]): string | undefined {
  for (const side of sides) {
    if (!(Number.isInteger(side) && side >= 1 && side <= MAX_SIDE)) return `${format}: a side of ${side} voxels is not a size from 1 to ${MAX_SIDE}`;
  }
  return undefined;
}

export function readNpyVolume(bytes: Uint8Array, budget: DecodeBudget = {}): CodecResult<Volume> {
  const parsed = readNpyHeader(bytes);
  if (!parsed.ok) return parsed;
  const { shape, read, dataStart, itemSize } = parsed.value;
  if (shape.length !== 3 && shape.length !== 4) {
    return failure(`NPY: a volume has 3 dimensions (depth, height, width) or 4 (channels, depth, height, width), this array has shape (${shape.join(', ')})`);
  }
  const bad = checkSides('NPY', shape);
  if (bad) return failure(bad);
  const [channels, depth, height, width] = shape.length === 4 ? shape as [number, number, number, number] : [1, ...shape] as [number, number, number, number];
  const count = channels * depth * height * width;
  const extra = bytes.length - dataStart - count * itemSize;
  if (extra !== 0) return failure(`NPY: shape (${shape.join(', ')}) holds ${count * itemSize} bytes of data, but the file has ${extra} more: the header does not match the data`);
  const refused = claimDecode(budget, count * 4, `a ${width} × ${height} × ${depth}${channels > 1 ? ` × ${channels}-channel` : ''} volume`);
  if (refused) return failure(`NPY: ${refused}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = read(view, i);
  return success(makeVolume(data, width, height, depth, { channels }));
}

const NIFTI_HEADER_BYTES = 348;
/** The header and the 4-byte extension flag: where the data may start at the earliest. */
const NIFTI_MIN_OFFSET = 352;

/** NIfTI-1 datatype codes Convolab reads, with their bytes per voxel and reader. */
const NIFTI_TYPES: Readonly<Record<number, { name: string; bytes: number; read: (view: DataView, at: number, little: boolean) => number }>> = {
  2: { name: 'uint8', bytes: 1, read: (v, at) => v.getUint8(at) },
  4: { name: 'int16', bytes: 2, read: (v, at, little) => v.getInt16(at, little) },
  8: { name: 'int32', bytes: 4, read: (v, at, little) => v.getInt32(at, little) },
  16: { name: 'float32', bytes: 4, read: (v, at, little) => v.getFloat32(at, little) },
  64: { name: 'float64', bytes: 8, read: (v, at, little) => v.getFloat64(at, little) },
  256: { name: 'int8', bytes: 1, read: (v, at) => v.getInt8(at) },
  512: { name: 'uint16', bytes: 2, read: (v, at, little) => v.getUint16(at, little) },
  768: { name: 'uint32', bytes: 4, read: (v, at, little) => v.getUint32(at, little) },
};

interface NiftiLayout {
  header: NIFTI1;
  width: number;
  height: number;
  depth: number;
  channels: number;
  offset: number;
  /** Bytes from the file's start to the end of the data. */
  end: number;
  type: (typeof NIFTI_TYPES)[number];
}

/** The header of a NIfTI-1 file's first bytes, checked: dimensions, datatype, where the data lies. */
function niftiLayout(head: Uint8Array): CodecResult<NiftiLayout> {
  if (head.length < NIFTI_MIN_OFFSET) return failure(`NIfTI: the file is truncated (${head.length} bytes, a header takes ${NIFTI_MIN_OFFSET})`);
  const header = new NIFTI1();
  try {
    // Only the header (and its extension flag): the extensions are not read.
    header.readHeader(head.slice(0, NIFTI_MIN_OFFSET).buffer);
  } catch (error) {
    return failure(`NIfTI: the header cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const magic = String.fromCharCode(...head.subarray(344, 347));
  if (magic !== 'n+1') return failure(magic === 'ni1' ? 'NIfTI: a .hdr/.img pair is not supported; save it as a single .nii file' : 'NIfTI: the header has no n+1 magic: not a NIfTI-1 file');
  const dims = header.dims;
  const rank = dims[0]!;
  if (!(rank >= 3 && rank <= 7)) return failure(`NIfTI: a volume has 3 or 4 dimensions, this file says ${rank}`);
  const sides = dims.slice(1, rank + 1);
  const bad = checkSides('NIfTI', sides);
  if (bad) return failure(bad);
  if (sides.slice(4).some((side) => side !== 1)) return failure(`NIfTI: a volume has 3 or 4 dimensions, this file has ${sides.join(' × ')}`);
  const type = NIFTI_TYPES[header.datatypeCode];
  if (!type) return failure(`NIfTI: datatype ${header.datatypeCode} is not supported (${Object.values(NIFTI_TYPES).map((t) => t.name).join(', ')} are)`);
  if (header.numBitsPerVoxel !== 8 * type.bytes) return failure(`NIfTI: the header says ${header.numBitsPerVoxel} bits per voxel for ${type.name}, which has ${8 * type.bytes}: the header is damaged`);
  const offset = header.vox_offset;
  if (!(Number.isInteger(offset) && offset >= NIFTI_MIN_OFFSET)) return failure(`NIfTI: vox_offset ${offset} is not a whole number ≥ ${NIFTI_MIN_OFFSET}: the header is damaged`);
  const [width, height, depth, channels = 1] = sides as [number, number, number, number?];
  return success({ header, width, height, depth, channels, offset, type, end: offset + width * height * depth * channels * type.bytes });
}

/** Voxels from a whole NIfTI-1 file's bytes, whose length `niftiLayout`'s end already matches. */
function niftiVoxels(bytes: Uint8Array, layout: NiftiLayout, budget: DecodeBudget): CodecResult<Volume> {
  const { header, width, height, depth, channels, offset, type } = layout;
  const count = width * height * depth * channels;
  const refused = claimDecode(budget, count * 4, `a ${width} × ${height} × ${depth}${channels > 1 ? ` × ${channels}-channel` : ''} volume`);
  if (refused) return failure(`NIfTI: ${refused}`);
  // NIfTI: scl_slope 0 (or not a number) means the values are stored as they are.
  const scaled = Number.isFinite(header.scl_slope) && header.scl_slope !== 0;
  const slope = scaled ? header.scl_slope : 1;
  const intercept = scaled && Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = header.littleEndian, read = type.read, size = type.bytes;
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = read(view, offset + i * size, little) * slope + intercept;
  return success(makeVolume(data, width, height, depth, { channels }));
}

function lengthMismatch(layout: NiftiLayout, length: number): string | undefined {
  if (length === layout.end) return undefined;
  const dims = `${layout.width} × ${layout.height} × ${layout.depth}${layout.channels > 1 ? ` × ${layout.channels}` : ''}`;
  return length < layout.end
    ? `NIfTI: the header says ${dims} ${layout.type.name} voxels from byte ${layout.offset}, ${layout.end} bytes in all, but the file has only ${length}: it is truncated`
    : `NIfTI: the header says ${dims} ${layout.type.name} voxels, ${layout.end} bytes in all, but the file has more: the header does not match the data`;
}

export function readNifti(bytes: Uint8Array, budget: DecodeBudget = {}): CodecResult<Volume> {
  const layout = niftiLayout(bytes);
  if (!layout.ok) return layout;
  const mismatch = lengthMismatch(layout.value, bytes.length);
  if (mismatch) return failure(mismatch);
  return niftiVoxels(bytes, layout.value, budget);
}

/** Inflates gzip input a slice at a time: at most this much compressed input per step (deflate expands 1032:1 at most). */
const GZIP_STEP = 16384;

/**
 * A gzip file may hold several members one after another (bgzip writes one per 64 KiB), but each
 * costs the inflater a fresh start, about 60 µs however small: 500,000 empty members (10 MB) took
 * 30 s to read. So a member may begin at most once per this many bytes inflated, past a few.
 */
const GZIP_BYTES_PER_MEMBER = 4096;
const GZIP_FREE_MEMBERS = 16;

/**
 * A .nii.gz: inflated until the header is in, then (its size claimed from the budget) until the
 * data it describes is, and one byte further to catch a file longer than its header says.
 */
export function readNiftiGz(bytes: Uint8Array, budget: DecodeBudget = {}): CodecResult<Volume> {
  const chunks: Uint8Array[] = [];
  let total = 0, limit = NIFTI_MIN_OFFSET, layout: NiftiLayout | undefined, broken: string | undefined;
  const gunzip = new Gunzip((chunk) => {
    if (chunk.length === 0) return;
    chunks.push(chunk);
    total += chunk.length;
  });
  let members = 1;
  gunzip.onmember = () => {
    members++;
  };
  const joined = (): Uint8Array => {
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) { out.set(chunk, at); at += chunk.length; }
    chunks.length = 0;
    chunks.push(out);
    return out;
  };
  try {
    for (let at = 0; at < bytes.length; at += GZIP_STEP) {
      gunzip.push(bytes.subarray(at, Math.min(bytes.length, at + GZIP_STEP)), at + GZIP_STEP >= bytes.length);
      if (members > GZIP_FREE_MEMBERS + total / GZIP_BYTES_PER_MEMBER) {
        return failure(`NIfTI: the gzip stream starts ${members} members in ${total} bytes of data (a decompression bomb, or a damaged file): gzip the .nii again as one stream`);
      }
      if (!layout && total >= NIFTI_MIN_OFFSET) {
        const parsed = niftiLayout(joined());
        if (!parsed.ok) return parsed;
        layout = parsed.value;
        // The inflated file is held whole while it is read: claim it before inflating the rest.
        const refused = claimDecode(budget, layout.end, `the inflated ${layout.end}-byte NIfTI file`);
        if (refused) return failure(`NIfTI: ${refused}`);
        limit = layout.end;
      }
      if (total > limit && layout) return failure(lengthMismatch(layout, total)!);
    }
  } catch (error) {
    broken = error instanceof Error ? error.message : String(error);
  }
  if (broken !== undefined) return failure(`NIfTI: the gzip stream is damaged (${broken})`);
  if (!layout) return failure(`NIfTI: the file is truncated (${total} bytes inflated, a header takes ${NIFTI_MIN_OFFSET})`);
  const mismatch = lengthMismatch(layout, total);
  if (mismatch) return failure(mismatch);
  return niftiVoxels(joined(), layout, budget);
}
