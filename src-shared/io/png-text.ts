/**
 * Text inside a PNG: the iTXt chunk (PNG spec, 11.3.4.5), so that every PNG Convolab exports
 * carries the graph that made it and dropping the PNG back opens that graph (issue 18 §3).
 *
 * An iTXt chunk's data is: keyword (1–79 Latin-1 bytes), 0, compression flag, compression method
 * (0 = zlib), language tag, 0, translated keyword (UTF-8), 0, then the text (UTF-8, a zlib stream
 * when the flag is 1). The chunk goes just before IEND with its CRC-32 over type and data (PNG
 * spec, 5.5), so viewers that do not know it keep showing the picture and tools keep it intact.
 *
 * Reading trusts nothing: the chunk walk checks every length against the file, the CRC of the
 * chunk we read is checked, the text is inflated at most to the caller's cap, and what comes out
 * is only text: the graph loader then validates it exactly as it does a file.
 */
import { deflateText, inflateText, kilobytes, utf8Bytes, utf8Text } from './deflate';
import { type CodecResult, failure, success } from './result';

/** The keyword Convolab's graph goes under (the graph file's own `format`). */
export const GRAPH_TEXT_KEYWORD = 'convolab.graph';
/** The largest graph text a PNG carries (and the most a chunk's text may inflate to): 1 MiB. */
export const MAX_EMBEDDED_GRAPH_BYTES = 1024 * 1024;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** CRC-32 (ISO 3309, the polynomial PNG and zlib use), one table lookup per byte. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of `bytes`, as PNG chunks and zlib.crc32 compute it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Whether `bytes` begin with the PNG signature. */
export function hasPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= SIGNATURE.length && SIGNATURE.every((byte, i) => bytes[i] === byte);
}

interface Chunk {
  readonly type: string;
  /** Where the chunk starts (its length field) and ends (after its CRC). */
  readonly start: number;
  readonly end: number;
  readonly data: Uint8Array;
  readonly crc: number;
}

/**
 * Walks the chunks up to and including IEND, handing each chunk's type, start and data length to
 * `visit` (which keeps only what it needs: a PNG of 64 MB may hold five million empty chunks, and
 * an object for each took 1.2 GB of heap); the one line that says why the file is not a PNG.
 */
function walkChunks(bytes: Uint8Array, visit: (type: string, start: number, length: number) => void): CodecResult<true> {
  if (!hasPngSignature(bytes)) return failure('PNG: not a PNG file (no PNG signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = SIGNATURE.length; ; ) {
    if (at + 12 > bytes.length) return failure(`PNG: the file ends at byte ${bytes.length} before its IEND chunk: it is truncated`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    if (length > bytes.length - at - 12) return failure(`PNG: chunk ${JSON.stringify(type)} at byte ${at} says ${length} bytes but the file ends first: it is truncated`);
    visit(type, at, length);
    if (type === 'IEND') return success(true);
    at += 12 + length;
  }
}

/** The chunk of `type` starting at `start` with `length` bytes of data. */
function chunkAt(bytes: Uint8Array, type: string, start: number, length: number): Chunk {
  const crc = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(start + 8 + length);
  return { type, start, end: start + 12 + length, data: bytes.subarray(start + 8, start + 8 + length), crc };
}

/** The chunks up to and including IEND, or the one line that says why the file is not a PNG. */
function chunksOf(bytes: Uint8Array): CodecResult<Chunk[]> {
  const chunks: Chunk[] = [];
  const walked = walkChunks(bytes, (type, start, length) => chunks.push(chunkAt(bytes, type, start, length)));
  return walked.ok ? success(chunks) : walked;
}

/** Type and data, as the CRC covers them. */
function crcOf(type: string, data: Uint8Array): number {
  const covered = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) covered[i] = type.charCodeAt(i);
  covered.set(data, 4);
  return crc32(covered);
}

function keywordProblem(keyword: string): string | undefined {
  if (keyword.length < 1 || keyword.length > 79) return `a PNG keyword is 1 to 79 characters (got ${keyword.length})`;
  if (!/^[\x20-\x7e\xa1-\xff]+$/.test(keyword) || /^ | $| {2}/.test(keyword)) return `${JSON.stringify(keyword)} is not a PNG keyword (Latin-1 letters, single inner spaces)`;
  return undefined;
}

/** The data of an iTXt chunk holding `text` under `keyword`, compressed. */
function iTXtData(keyword: string, text: string): Uint8Array {
  const compressed = deflateText(text);
  const data = new Uint8Array(keyword.length + 5 + compressed.length);
  for (let i = 0; i < keyword.length; i++) data[i] = keyword.charCodeAt(i);
  // keyword, 0; compressed (1), zlib (0); empty language tag, 0; empty translated keyword, 0.
  data.set([0, 1, 0, 0, 0], keyword.length);
  data.set(compressed, keyword.length + 5);
  return data;
}

function isKeyword(data: Uint8Array, keyword: string): boolean {
  if (data.length <= keyword.length || data[keyword.length] !== 0) return false;
  for (let i = 0; i < keyword.length; i++) if (data[i] !== keyword.charCodeAt(i)) return false;
  return true;
}

/**
 * `png` with `text` in an iTXt chunk under `keyword` just before IEND, replacing any chunk of
 * that keyword it had. Refused when `png` is not a whole PNG.
 */
export function writePngText(png: Uint8Array, keyword: string, text: string): CodecResult<Uint8Array> {
  const problem = keywordProblem(keyword);
  if (problem) return failure(`PNG: ${problem}`);
  const walked = chunksOf(png);
  if (!walked.ok) return walked;
  const kept = walked.value.filter((chunk) => !(chunk.type === 'iTXt' && isKeyword(chunk.data, keyword)));
  const data = iTXtData(keyword, text);
  const size = SIGNATURE.length + kept.reduce((sum, chunk) => sum + chunk.end - chunk.start, 0) + 12 + data.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(SIGNATURE);
  let offset = SIGNATURE.length;
  for (const chunk of kept) {
    if (chunk.type === 'IEND') {
      view.setUint32(offset, data.length);
      for (let i = 0; i < 4; i++) out[offset + 4 + i] = 'iTXt'.charCodeAt(i);
      out.set(data, offset + 8);
      view.setUint32(offset + 8 + data.length, crcOf('iTXt', data));
      offset += 12 + data.length;
    }
    out.set(png.subarray(chunk.start, chunk.end), offset);
    offset += chunk.end - chunk.start;
  }
  return success(out);
}

/** Index of the first 0 in `data` at or after `from`, or −1. */
function zeroAt(data: Uint8Array, from: number): number {
  for (let i = from; i < data.length; i++) if (data[i] === 0) return i;
  return -1;
}

/**
 * The text of the first iTXt chunk under `keyword`: undefined when the PNG has none; refused
 * when the PNG is broken, the chunk's CRC does not match, or its text is over `maxBytes`.
 */
export function readPngText(png: Uint8Array, keyword: string, maxBytes: number): CodecResult<string | undefined> {
  let chunk: Chunk | undefined;
  const walked = walkChunks(png, (type, start, length) => {
    if (chunk !== undefined || type !== 'iTXt') return;
    const candidate = chunkAt(png, type, start, length);
    if (isKeyword(candidate.data, keyword)) chunk = candidate;
  });
  if (!walked.ok) return walked;
  if (!chunk) return success(undefined);
  const where = `PNG: the ${keyword} text`;
  if (crcOf('iTXt', chunk.data) !== chunk.crc) return failure(`${where} is damaged (its chunk's CRC does not match)`);
  const data = chunk.data;
  const flag = data[keyword.length + 1];
  const method = data[keyword.length + 2];
  const languageEnd = zeroAt(data, keyword.length + 3);
  const translatedEnd = languageEnd < 0 ? -1 : zeroAt(data, languageEnd + 1);
  if (flag === undefined || method === undefined || translatedEnd < 0) return failure(`${where} is damaged (its iTXt header is cut short)`);
  if (flag > 1) return failure(`${where} is damaged (compression flag ${flag}, not 0 or 1)`);
  if (flag === 1 && method !== 0) return failure(`${where} uses compression method ${method}, not zlib`);
  const body = data.subarray(translatedEnd + 1);
  if (flag === 0) {
    if (body.length > maxBytes) return failure(`${where} is ${kilobytes(body.length)}, over the ${kilobytes(maxBytes)} it may carry`);
    return success(utf8Text(body));
  }
  return inflateText(body, maxBytes, where);
}

/** `png` carrying `graphText` (a graph file's text); refused over MAX_EMBEDDED_GRAPH_BYTES. */
export function embedGraphInPng(png: Uint8Array, graphText: string): CodecResult<Uint8Array> {
  const size = utf8Bytes(graphText).length;
  if (size > MAX_EMBEDDED_GRAPH_BYTES) {
    return failure(`the graph is ${kilobytes(size)}, over the ${kilobytes(MAX_EMBEDDED_GRAPH_BYTES)} a PNG carries: save the graph file beside the image instead`);
  }
  return writePngText(png, GRAPH_TEXT_KEYWORD, graphText);
}

/** The graph text a PNG carries: undefined when it carries none. */
export function graphInPng(png: Uint8Array): CodecResult<string | undefined> {
  return readPngText(png, GRAPH_TEXT_KEYWORD, MAX_EMBEDDED_GRAPH_BYTES);
}
