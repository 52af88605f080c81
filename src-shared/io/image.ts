/**
 * PNG and JPEG to `Image`, and `Image` to PNG, bytes in and out (fast-png and jpeg-js, both pure
 * JavaScript: no Node built-ins, no DOM).
 *
 * An `Image` holds Float32 samples in [0, 1], planar (NODES.md): 8-bit values are divided by 255,
 * 16-bit ones by 65535, 1/2/4-bit gray by 2^bits − 1; palette images go through their palette.
 * Mode `gray` gives one channel: gray files as they are, colour files as luma with ITU-R BT.601
 * weights, Y = 0.299 R + 0.587 G + 0.114 B. Mode `rgb` gives three channels (a gray file's one
 * channel three times). An alpha channel is ignored: samples are taken as stored, not composited.
 *
 * Decompression bombs: the size in the header is checked before any pixel is decoded: an image
 * over `maxPixels` (100 megapixels by default) is refused, and so is one whose decode would need
 * more memory than the caller's budget (`reserve`, a node's `context.reserve`). A PNG's pixel
 * data must then inflate to exactly what its header says before fast-png sees it, counted by a
 * bounded inflation (png-bounds.ts), so a small file cannot inflate to gigabytes.
 */
import { decode as decodePngData, encode as encodePngData, hasPngSignature } from 'fast-png';
import jpeg from 'jpeg-js';
import { type Image, makeImage } from '../data';
import { checkInflatedSize, inflatedSize, type PngHeader, readPngLayout } from './png-bounds';
import { claimDecode, type CodecResult, type DecodeBudget, failure, success } from './result';

export type ImageMode = 'gray' | 'rgb';

export interface ImageReadOptions extends DecodeBudget {
  readonly mode?: ImageMode;
  /** Refuse images with more pixels than this (default 100 megapixels). */
  readonly maxPixels?: number;
}

const DEFAULT_MAX_PIXELS = 100_000_000;

/** ITU-R BT.601 luma weights for R, G, B. */
const LUMA_WEIGHTS = [0.299, 0.587, 0.114] as const;

function tooLarge(kind: string, width: number, height: number, maxPixels: number): string | undefined {
  if (width * height <= maxPixels) return undefined;
  return `${kind}: ${width}×${height} is ${((width * height) / 1e6).toFixed(1)} megapixels, over the limit of ${(maxPixels / 1e6).toFixed(0)}: use a smaller image`;
}

/** Interleaved samples (`channels` per pixel, scaled to [0, 1] by `scale`) to a planar Image. */
function toImage(
  samples: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  scale: number,
  mode: ImageMode,
): Image {
  const pixels = width * height;
  const colour = channels >= 3;
  if (mode === 'gray') {
    const out = new Float32Array(pixels);
    for (let i = 0, p = 0; i < pixels; i++, p += channels) {
      out[i] = colour
        ? (LUMA_WEIGHTS[0] * samples[p]! + LUMA_WEIGHTS[1] * samples[p + 1]! + LUMA_WEIGHTS[2] * samples[p + 2]!) * scale
        : samples[p]! * scale;
    }
    return makeImage(out, width, height);
  }
  const out = new Float32Array(3 * pixels);
  for (let i = 0, p = 0; i < pixels; i++, p += channels) {
    for (let c = 0; c < 3; c++) out[c * pixels + i] = samples[p + (colour ? c : 0)]! * scale;
  }
  return makeImage(out, width, height, { channels: 3 });
}

export function readPng(bytes: Uint8Array, options: ImageReadOptions = {}): CodecResult<Image> {
  const mode = options.mode ?? 'gray';
  if (bytes.length < 33 || !hasPngSignature(bytes)) return failure('PNG: not a PNG file (no PNG signature)');
  const layout = readPngLayout(bytes);
  if (!layout.ok) return layout;
  const { header } = layout.value;
  const large = tooLarge('PNG', header.width, header.height, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  if (large) return failure(large);
  // fast-png lays out interlaced passes a byte per sample, which is wrong below 8 bits.
  if (header.interlaced && header.depth < 8) return failure(`PNG: interlaced ${header.depth}-bit images are not supported: save it without interlacing`);
  const expected = inflatedSize(header);
  const refused = claimDecode(options, pngDecodeBytes(header, expected, mode), `a ${header.width}×${header.height} PNG`);
  if (refused) return failure(`PNG: ${refused}`);
  const inflates = checkInflatedSize(layout.value.pixelData, expected);
  if (!inflates.ok) return inflates;
  let png;
  try {
    png = decodePngData(layout.value.essential, { checkCrc: true });
  } catch (error) {
    return failure(`PNG: cannot decode (${error instanceof Error ? error.message : String(error)})`);
  }
  const { width, height, depth } = png;
  // A palette belongs to colour type 3 only: a truecolour file may carry a suggested palette
  // (PNG 11.2.3), which fast-png hands back too, but its pixels are still RGB samples.
  if (header.colourType === 3) {
    if (!png.palette) return failure('PNG: a palette image without its palette (no PLTE chunk): the file is damaged');
    return paletteImage(depth < 8 ? unpackBits(png.data, width, height, depth) : png.data, png.palette, width, height, mode);
  }
  let samples: ArrayLike<number> = png.data;
  const samplesNeeded = width * height * png.channels;
  if (depth < 8) samples = unpackBits(png.data, width, height, depth);
  if (samples.length < samplesNeeded) return failure(`PNG: the pixel data is truncated (${samples.length} of ${samplesNeeded} samples)`);
  return success(toImage(samples, width, height, png.channels, 1 / (2 ** depth - 1), mode));
}

/**
 * The most a PNG's decode holds at once, from its header: fast-png's inflated stream twice (its
 * pieces, then one array) or once beside the unfiltered samples (twice those when interlaced),
 * then one byte per pixel unpacked from 1/2/4 bits or four from a palette, and the Float32 image.
 */
function pngDecodeBytes(header: PngHeader, inflated: number, mode: ImageMode): number {
  const pixels = header.width * header.height;
  const unfiltered = pixels * header.channels * Math.ceil(header.depth / 8) * (header.interlaced ? 2 : 1);
  const expanded = header.colourType === 3 ? pixels * 5 : header.depth < 8 ? pixels : 0;
  return Math.max(2 * inflated, inflated + unfiltered) + expanded + pixels * (mode === 'gray' ? 1 : 3) * 4;
}

/**
 * A palette image's indices through its palette, as toImage would take its RGB samples (alpha
 * ignored). Each index is checked against the palette: one past its end is a damaged file.
 */
function paletteImage(indices: ArrayLike<number>, palette: readonly (readonly number[])[], width: number, height: number, mode: ImageMode): CodecResult<Image> {
  const pixels = width * height;
  if (indices.length < pixels) return failure(`PNG: the pixel data is truncated (${indices.length} of ${pixels} samples)`);
  const scale = 1 / 255;
  const out = new Float32Array(pixels * (mode === 'gray' ? 1 : 3));
  for (let i = 0; i < pixels; i++) {
    const index = indices[i]!;
    const colour = palette[index];
    if (colour === undefined) {
      return failure(`PNG: pixel (${i % width}, ${Math.floor(i / width)}) is palette entry ${index}, but the palette holds ${palette.length} colour${palette.length === 1 ? '' : 's'}: the file is damaged`);
    }
    if (mode === 'gray') out[i] = (LUMA_WEIGHTS[0] * colour[0]! + LUMA_WEIGHTS[1] * colour[1]! + LUMA_WEIGHTS[2] * colour[2]!) * scale;
    else for (let c = 0; c < 3; c++) out[c * pixels + i] = colour[c]! * scale;
  }
  return success(mode === 'gray' ? makeImage(out, width, height) : makeImage(out, width, height, { channels: 3 }));
}

/** 1/2/4-bit gray rows (each row starts on a byte) to one value per pixel. */
function unpackBits(data: ArrayLike<number>, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)] ?? 0;
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

interface JpegFrame {
  readonly width: number;
  readonly height: number;
  /** Each component's sampling factors. */
  readonly components: readonly { readonly h: number; readonly v: number }[];
}

/** Width, height and components from a JPEG's start-of-frame marker, without decoding. */
function jpegFrame(bytes: Uint8Array): JpegFrame | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (startOfFrame) {
      const count = bytes[at + 9]!;
      const components: { h: number; v: number }[] = [];
      for (let i = 0, p = at + 10; i < count && p + 1 < bytes.length; i++, p += 3) components.push({ h: bytes[p + 1]! >> 4, v: bytes[p + 1]! & 15 });
      return { height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]!, components };
    }
    at += 2 + length;
  }
  return undefined;
}

/**
 * The most scans a JPEG may have: libjpeg-turbo's limit for the same attack (TJFLAG_LIMITSCANS).
 * A progressive encoder writes about ten; each scan costs a pass over every block of the image
 * however few bytes it has (an end-of-band run covers 32,767 blocks in two bytes, and a scan cut
 * short reads as zeros), so a small file of many scans would keep the decoder busy for minutes.
 */
const MAX_JPEG_SCANS = 500;

/**
 * The most marker segments (tables, comments, application data) a JPEG may have besides its
 * scans: a photo has a few dozen, a progressive one a table or two per scan. jpeg-js keeps every
 * comment it meets as a string: five million empty ones in a 25 MB file took 200 MB of heap.
 */
const MAX_JPEG_SEGMENTS = 2000;

/**
 * How many start-of-scan markers and other marker segments the file holds, counted until either
 * passes its limit: the segments are walked by their lengths and each scan's entropy-coded data
 * skipped to the next marker (a 0xFF there is followed by 0x00 or a restart marker, never by a
 * marker's code).
 */
function jpegSegmentCounts(bytes: Uint8Array): { scans: number; segments: number } {
  let scans = 0;
  let segments = 0;
  let at = 2;
  while (at + 1 < bytes.length && scans <= MAX_JPEG_SCANS && segments <= MAX_JPEG_SEGMENTS) {
    if (bytes[at] !== 0xff) {
      at++;
      continue;
    }
    const marker = bytes[at + 1]!;
    if (marker === 0xd9) break;
    // Fill bytes, and markers without a length (TEM, RSTn, SOI).
    if (marker === 0xff || marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    if (at + 3 >= bytes.length) break;
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
    if (marker !== 0xda) {
      segments++;
      continue;
    }
    scans++;
    while (at + 1 < bytes.length && !(bytes[at] === 0xff && bytes[at + 1] !== 0x00 && !(bytes[at + 1]! >= 0xd0 && bytes[at + 1]! <= 0xd7))) at++;
  }
  return { scans, segments };
}

/**
 * What jpeg-js allocates for a frame, as its own memory count reckons it (decoder.js: 256 bytes
 * per 8×8 block of every component, padded to whole MCUs; 64 bytes per block for the component's
 * output lines; a byte per sample for the components' pixels and three for the interleaved RGB
 * result), plus a MiB for its tables.
 */
function jpegLibraryBytes(frame: JpegFrame): number {
  const maxH = Math.max(1, ...frame.components.map((c) => c.h));
  const maxV = Math.max(1, ...frame.components.map((c) => c.v));
  const mcusPerLine = Math.ceil(frame.width / 8 / maxH);
  const mcusPerColumn = Math.ceil(frame.height / 8 / maxV);
  let total = 1024 ** 2 + frame.width * frame.height * (3 + frame.components.length);
  for (const { h, v } of frame.components) {
    total += mcusPerLine * h * mcusPerColumn * v * 256;
    total += Math.ceil((Math.ceil(frame.width / 8) * h) / maxH) * Math.ceil((Math.ceil(frame.height / 8) * v) / maxV) * 64;
  }
  return total;
}

/**
 * A JPEG file's bytes do not bound its decode: a progressive scan can mark thousands of blocks
 * empty in one code, so a few kilobytes can declare 100 megapixels. The decode is therefore
 * bounded by the budget, claimed from the frame header before jpeg-js allocates anything, and
 * jpeg-js is told the same bound (its `maxMemoryUsageInMB`) so it refuses a file that would
 * take more than its header said (a second frame, say).
 */
export function readJpeg(bytes: Uint8Array, options: ImageReadOptions = {}): CodecResult<Image> {
  const mode = options.mode ?? 'gray';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return failure('JPEG: not a JPEG file (no FFD8 start marker)');
  const frame = jpegFrame(bytes);
  if (!frame) return failure('JPEG: no frame header found (the file is truncated or not a baseline/progressive JPEG)');
  if (frame.width === 0 || frame.height === 0) return failure(`JPEG: the image is empty (${frame.width}×${frame.height})`);
  if (frame.components.length === 0 || frame.components.some((c) => c.h === 0 || c.v === 0)) return failure('JPEG: the frame header has no components or a zero sampling factor');
  const large = tooLarge('JPEG', frame.width, frame.height, maxPixels);
  if (large) return failure(large);
  const counts = jpegSegmentCounts(bytes);
  if (counts.scans > MAX_JPEG_SCANS) {
    return failure(`JPEG: more than ${MAX_JPEG_SCANS} scans, where a progressive JPEG has about ten (a decoding bomb, or a damaged file): save it again as a PNG or a baseline JPEG`);
  }
  if (counts.segments > MAX_JPEG_SEGMENTS) {
    return failure(`JPEG: more than ${MAX_JPEG_SEGMENTS} marker segments (tables, comments, application data), where a photo has a few dozen (a damaged or hostile file): save it again as a PNG or a JPEG`);
  }
  // Its blocks are Int32Arrays of their own; an array's object costs about half its 256 bytes again.
  const library = Math.ceil(jpegLibraryBytes(frame) * 1.5);
  const pixels = frame.width * frame.height;
  const needed = library + pixels * (mode === 'gray' ? 1 : 3) * 4;
  const refused = claimDecode(options, needed, `a ${frame.width}×${frame.height} JPEG`);
  if (refused) return failure(`JPEG: ${refused}`);
  let decoded;
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: Math.ceil(maxPixels / 1e6),
      maxMemoryUsageInMB: Math.ceil(library / 1024 ** 2),
    });
  } catch (error) {
    return failure(`JPEG: cannot decode (${error instanceof Error ? error.message : String(error)})`);
  }
  return success(toImage(decoded.data, decoded.width, decoded.height, 3, 1 / 255, mode));
}

/** Reads a PNG or JPEG, telling them apart by their first bytes. */
export function readImage(bytes: Uint8Array, options: ImageReadOptions = {}): CodecResult<Image> {
  if (hasPngSignature(bytes)) return readPng(bytes, options);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes, options);
  return failure('image: neither PNG nor JPEG (unknown first bytes)');
}

/** An 8-bit gray (1 channel) or RGB (3 channels) PNG; values clipped to [0, 1], NaN as 0. */
export function writePng(image: Image): CodecResult<Uint8Array> {
  const { width, height, channels, data } = image;
  if (channels !== 1 && channels !== 3) {
    return failure(`PNG: holds 1 (gray) or 3 (RGB) channels, this image has ${channels}: pick one with op.channel or op.gray`);
  }
  if (width === 0 || height === 0) return failure(`PNG: cannot write an empty ${width}×${height} image`);
  const pixels = width * height;
  const out = new Uint8Array(pixels * channels);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < pixels; i++) {
      const value = data[c * pixels + i]!;
      out[i * channels + c] = value > 0 ? (value >= 1 ? 255 : Math.round(value * 255)) : 0;
    }
  }
  return success(encodePngData({ width, height, data: out, depth: 8, channels }));
}
