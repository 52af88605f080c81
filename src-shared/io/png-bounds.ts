/**
 * What a PNG may cost, read from its header before anything is inflated (PNG spec, sections 5,
 * 7 and 11.2.2): the chunk layout, the IHDR fields, the exact number of bytes its pixel data must
 * inflate to, and a bounded inflation that stops as soon as the stream gives more than that.
 *
 * fast-png inflates the whole stream before it looks at the header, and inflates an embedded
 * colour profile (iCCP) without any limit; a 1 MB file whose header says 8×8 can inflate to
 * 1 GiB. So the decoder hands fast-png only a copy holding the chunks it needs (IHDR, PLTE,
 * tRNS, IDAT, IEND), and only once the pixel data is known to inflate to what the header says.
 */
import { Unzlib } from 'fflate';
import { crc32 } from './png-text';
import { type CodecResult, failure, success } from './result';

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly colourType: number;
  /** Samples per pixel as stored (a palette index counts as one). */
  readonly channels: number;
  readonly interlaced: boolean;
}

export interface PngLayout {
  readonly header: PngHeader;
  /** The pixel data: every IDAT chunk's data, joined (a view into `essential`). */
  readonly pixelData: Uint8Array;
  /**
   * The file with only IHDR, PLTE, tRNS, one IDAT and IEND: the others copied whole (CRC
   * included), the IDAT chunks joined into one with its own CRC, once each of theirs was checked.
   * A stream split into a million one-byte chunks then costs what one chunk does: fed chunk by
   * chunk, fflate and fast-png took 50 s over such a 13 MB file.
   */
  readonly essential: Uint8Array;
}

const SIGNATURE_BYTES = 8;
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
const KEPT = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
/** The largest width or height PNG allows (2^31 − 1). */
const MAX_SIDE = 0x7fffffff;

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** Walks the chunks (without inflating anything) and reads the header; refuses a malformed layout. */
export function readPngLayout(bytes: Uint8Array): CodecResult<PngLayout> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The chunks fast-png needs besides the pixel data: PNG allows one of each.
  const kept: { start: number; end: number }[] = [];
  /** Where in `kept` the joined IDAT goes: where the first one was. */
  let idatAt = -1;
  let pixelBytes = 0;
  let header: PngHeader | undefined;
  let sawEnd = false;
  let at = SIGNATURE_BYTES;
  // First pass: the layout checked, every IDAT's CRC too, and their data counted (not listed: a
  // file may hold millions of them).
  while (!sawEnd) {
    if (at + 12 > bytes.length) return failure(`PNG: the file ends at byte ${bytes.length} before its IEND chunk: it is truncated`);
    const length = view.getUint32(at);
    const type = chunkType(bytes, at + 4);
    if (length > bytes.length - at - 12) return failure(`PNG: chunk ${JSON.stringify(type)} at byte ${at} says ${length} bytes but the file ends first: it is truncated`);
    const data = at + 8;
    if (header === undefined && type !== 'IHDR') return failure(`PNG: the first chunk is ${JSON.stringify(type)}, not IHDR`);
    if (type === 'IHDR') {
      if (header !== undefined) return failure('PNG: more than one IHDR chunk');
      if (length !== 13) return failure(`PNG: the IHDR chunk is ${length} bytes, not 13`);
      const parsed = parseHeader(bytes, view, data);
      if (!parsed.ok) return parsed;
      header = parsed.value;
    } else if (type === 'IDAT') {
      if (crc32(bytes.subarray(at + 4, data + length)) !== view.getUint32(data + length)) return failure(`PNG: the IDAT chunk at byte ${at} is damaged (its CRC does not match)`);
      if (idatAt < 0) idatAt = kept.length;
      pixelBytes += length;
    } else if (type === 'IEND') sawEnd = true;
    else if ((type === 'PLTE' || type === 'tRNS') && kept.some((chunk) => chunkType(bytes, chunk.start + 4) === type)) {
      return failure(`PNG: more than one ${type} chunk: the file is damaged`);
    }
    if (KEPT.has(type) && type !== 'IDAT') kept.push({ start: at, end: data + length + 4 });
    at = data + length + 4;
  }
  if (header === undefined) return failure('PNG: no IHDR chunk');
  if (idatAt < 0) return failure('PNG: no IDAT chunk (the file holds no pixels)');
  if (pixelBytes > MAX_SIDE) return failure(`PNG: ${pixelBytes} bytes of pixel data is more than a PNG chunk holds`);
  const essential = new Uint8Array(SIGNATURE_BYTES + kept.reduce((sum, chunk) => sum + chunk.end - chunk.start, 0) + 12 + pixelBytes);
  const out = new DataView(essential.buffer);
  essential.set(bytes.subarray(0, SIGNATURE_BYTES));
  let offset = SIGNATURE_BYTES;
  let pixelData = essential.subarray(0, 0);
  kept.forEach((chunk, index) => {
    if (index === idatAt) {
      out.setUint32(offset, pixelBytes);
      for (let i = 0; i < 4; i++) essential[offset + 4 + i] = 'IDAT'.charCodeAt(i);
      // Second pass: the IDAT chunks' data, in order, one after another.
      let filled = offset + 8;
      for (let walk = SIGNATURE_BYTES; walk < bytes.length; ) {
        const length = view.getUint32(walk);
        const type = chunkType(bytes, walk + 4);
        if (type === 'IDAT') {
          essential.set(bytes.subarray(walk + 8, walk + 8 + length), filled);
          filled += length;
        }
        if (type === 'IEND') break;
        walk += 12 + length;
      }
      pixelData = essential.subarray(offset + 8, filled);
      out.setUint32(filled, crc32(essential.subarray(offset + 4, filled)));
      offset = filled + 4;
    }
    essential.set(bytes.subarray(chunk.start, chunk.end), offset);
    offset += chunk.end - chunk.start;
  });
  return success({ header, pixelData, essential });
}

function parseHeader(bytes: Uint8Array, view: DataView, at: number): CodecResult<PngHeader> {
  const width = view.getUint32(at);
  const height = view.getUint32(at + 4);
  const depth = bytes[at + 8]!;
  const colourType = bytes[at + 9]!;
  if (width === 0 || height === 0) return failure(`PNG: the image is empty (${width}×${height})`);
  if (width > MAX_SIDE || height > MAX_SIDE) return failure(`PNG: ${width}×${height} is larger than PNG allows`);
  const channels = CHANNELS[colourType];
  if (channels === undefined) return failure(`PNG: colour type ${colourType} does not exist (0, 2, 3, 4 and 6 do)`);
  if (!DEPTHS[colourType]!.includes(depth)) return failure(`PNG: bit depth ${depth} is not allowed with colour type ${colourType}`);
  if (bytes[at + 10] !== 0) return failure(`PNG: compression method ${bytes[at + 10]} is not deflate`);
  if (bytes[at + 11] !== 0) return failure(`PNG: filter method ${bytes[at + 11]} is not supported`);
  const interlace = bytes[at + 12]!;
  if (interlace > 1) return failure(`PNG: interlace method ${interlace} does not exist`);
  return success({ width, height, depth, colourType, channels, interlaced: interlace === 1 });
}

/** Adam7's seven passes: start and step in x, then in y. */
const ADAM7 = [
  [0, 8, 0, 8],
  [4, 8, 0, 8],
  [0, 4, 4, 8],
  [2, 4, 0, 4],
  [0, 2, 2, 4],
  [1, 2, 0, 2],
  [0, 1, 1, 2],
] as const;

/** Bytes one filtered row takes (its filter byte included), for a row `width` pixels wide. */
function rowBytes(width: number, header: PngHeader): number {
  return 1 + Math.ceil((width * header.channels * header.depth) / 8);
}

/** The exact number of bytes the pixel data must inflate to (every pass's rows, filter bytes included). */
export function inflatedSize(header: PngHeader): number {
  const { width, height } = header;
  if (!header.interlaced) return height * rowBytes(width, header);
  let total = 0;
  for (const [x0, dx, y0, dy] of ADAM7) {
    const passWidth = Math.ceil((width - x0) / dx);
    const passHeight = Math.ceil((height - y0) / dy);
    if (passWidth > 0 && passHeight > 0) total += passHeight * rowBytes(passWidth, header);
  }
  return total;
}

/**
 * Input fed to the inflater at a time. Deflate expands at most ~1032:1, so one step can give at
 * most ~4 MiB past the limit before the count is checked.
 */
const INFLATE_STEP = 4096;

/**
 * Inflates the IDAT data only to count its length, keeping nothing, and stops as soon as it
 * passes `expected`: the check costs a few MiB whatever the file claims.
 */
export function checkInflatedSize(pixelData: Uint8Array, expected: number): CodecResult<true> {
  let produced = 0;
  const inflater = new Unzlib((chunk) => {
    produced += chunk.length;
  });
  try {
    for (let at = 0; at < pixelData.length; at += INFLATE_STEP) {
      inflater.push(pixelData.subarray(at, Math.min(pixelData.length, at + INFLATE_STEP)), false);
      if (produced > expected) {
        return failure(`PNG: the pixel data inflates to more than the ${expected} bytes its header allows (a decompression bomb, or a damaged file)`);
      }
    }
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    return failure(`PNG: the compressed pixel data is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
  if (produced > expected) return failure(`PNG: the pixel data inflates to more than the ${expected} bytes its header allows (a decompression bomb, or a damaged file)`);
  if (produced < expected) return failure(`PNG: the pixel data is truncated (${produced} of ${expected} bytes)`);
  return success(true);
}
