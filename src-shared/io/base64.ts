/**
 * Base64, the one implementation of every layer (no Node Buffer, no DOM atob/btoa), kept where
 * text is the format: the WebAssembly module embedded as a string in the build
 * (src-main/dsp/build-wasm.ts). Arrays between the engine and the page never go as base64: they
 * cross as typed arrays (protocol.ts, protocol-codec.ts). Both directions work four characters
 * at a time through tables and build strings in chunks, as the module runs to megabytes.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 61; // '='

/** Character code of each 6-bit value. */
const CODES = Uint8Array.from(ALPHABET, (character) => character.charCodeAt(0));
/** 6-bit value of each ASCII character code, −1 for characters outside the alphabet. */
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < CODES.length; i++) VALUES[CODES[i]!] = i;
/**
 * The two characters of each 12-bit value, as one 16-bit element: written through bytes, so the
 * pair reads in order whatever the platform's byte order.
 */
const PAIRS = (() => {
  const bytes = new Uint8Array(2 * 4096);
  for (let value = 0; value < 4096; value++) {
    bytes[2 * value] = CODES[value >> 6]!;
    bytes[2 * value + 1] = CODES[value & 63]!;
  }
  return new Uint16Array(bytes.buffer);
})();

/** Characters per String.fromCharCode call: well under any engine's argument limit. */
const CHUNK = 8192;

/**
 * Node, browsers and Electron all have TextDecoder (WHATWG Encoding, outside ES2022's types):
 * on ASCII it is about five times faster than building the string from character codes.
 */
const textDecoder = (globalThis as { TextDecoder?: new (label: string) => { decode(bytes: Uint8Array): string } }).TextDecoder;
const utf8 = textDecoder ? new textDecoder('utf-8') : undefined;

function asciiText(codes: Uint8Array): string {
  if (utf8) return utf8.decode(codes);
  const parts: string[] = [];
  for (let i = 0; i < codes.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, codes.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}

export function bytesToBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const pairs = new Uint16Array(out.buffer);
  let p = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    pairs[p++] = PAIRS[n >> 12]!;
    pairs[p++] = PAIRS[n & 4095]!;
  }
  let o = 2 * p;
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = CODES[n >> 18]!;
    out[o++] = CODES[(n >> 12) & 63]!;
    out[o++] = rest === 2 ? CODES[(n >> 6) & 63]! : PAD;
    out[o++] = PAD;
  }
  return asciiText(out);
}

function valueAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? VALUES[code]! : -1;
}

/** Decodes base64 (padding optional); throws on any character outside the alphabet, naming where. */
export function base64ToBytes(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === PAD) end--;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  const bad = (from: number): Error => {
    let at = from;
    while (at < end && valueAt(text, at) >= 0) at++;
    return new Error(`not base64 at character ${at}`);
  };
  let o = 0;
  let i = 0;
  for (; i + 4 <= end; i += 4) {
    // A character outside the alphabet is −1, which makes the whole group negative.
    const n = (valueAt(text, i) << 18) | (valueAt(text, i + 1) << 12) | (valueAt(text, i + 2) << 6) | valueAt(text, i + 3);
    if (n < 0) throw bad(i);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = end - i;
  if (rest === 1) throw new Error(`not base64 at character ${i}: one character left over`);
  if (rest > 1) {
    const n = (valueAt(text, i) << 18) | (valueAt(text, i + 1) << 12) | (rest === 3 ? valueAt(text, i + 2) << 6 : 0);
    if (n < 0) throw bad(i);
    out[o++] = n >> 16;
    if (rest === 3) out[o++] = (n >> 8) & 255;
  }
  return out;
}
