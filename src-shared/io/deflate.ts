/**
 * Text as zlib streams (RFC 1950), for text that travels inside other things: a graph in a PNG's
 * iTXt chunk (png-text.ts) and in a share link (share-link.ts). fflate, already here for PNG and
 * NIfTI, is synchronous and pure, so every host (Electron, serve, the web build, the CLI and the
 * tests) compresses the same bytes the same way.
 *
 * Inflation is bounded: whatever a chunk or a link claims, at most `maxBytes` (plus what one
 * step of input can give, deflate expanding at most ~1032:1) are produced before it is refused,
 * so a tiny link cannot inflate to gigabytes.
 */
import { Unzlib, strFromU8, strToU8, zlibSync } from 'fflate';
import { type CodecResult, failure, success } from './result';

/** Text as UTF-8 bytes. */
export function utf8Bytes(text: string): Uint8Array {
  return strToU8(text);
}

/** UTF-8 bytes as text; malformed sequences become U+FFFD, which the graph loader then refuses where they stand. */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return strFromU8(bytes);
  } catch {
    return Array.from(bytes, (byte) => (byte < 0x80 ? String.fromCharCode(byte) : '\ufffd')).join('');
  }
}

/** Text, UTF-8, as a zlib stream. */
export function deflateText(text: string): Uint8Array {
  return zlibSync(utf8Bytes(text), { level: 9 });
}

/** Input fed to the inflater at a time: one step can give at most ~1 MiB past the limit. */
const INFLATE_STEP = 1024;

/** The text a zlib stream holds, refused once it passes `maxBytes` of UTF-8 or when the stream is damaged. */
export function inflateText(bytes: Uint8Array, maxBytes: number, what: string): CodecResult<string> {
  const chunks: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Unzlib((chunk) => {
    produced += chunk.length;
    if (produced <= maxBytes) chunks.push(chunk);
  });
  const over = (): CodecResult<string> => failure(`${what} inflates to more than ${kilobytes(maxBytes)}, the most it may carry`);
  try {
    for (let at = 0; at < bytes.length; at += INFLATE_STEP) {
      inflater.push(bytes.subarray(at, Math.min(bytes.length, at + INFLATE_STEP)), false);
      if (produced > maxBytes) return over();
    }
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    return failure(`${what} is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
  if (produced > maxBytes) return over();
  const out = new Uint8Array(produced);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return success(utf8Text(out));
}

/** A size in messages, in KB (1 KB = 1024 bytes), rounded up so a limit never reads as met. */
export function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}
