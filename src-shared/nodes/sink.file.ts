import type { Value } from '../data';
import { writePng } from '../io/image';
import { valueToNpy } from '../io/npy';
import { valueToCsv, valueToJson } from '../io/text';
import { wavFileBytes, writeWav } from '../io/wav';
import { describeSize, valueBytes } from './common';
import { defineNode, fail, NO_FILE_CHOSEN, ok } from './define';

const FORMATS = ['wav', 'png', 'csv', 'json', 'npy'] as const;

function isFileFormat(ending: string | undefined): ending is (typeof FORMATS)[number] {
  return ending !== undefined && (FORMATS as readonly string[]).includes(ending);
}

/**
 * UTF-8 bytes of a string (src-shared has no TextEncoder in its types). Two passes, the length
 * first, so a long CSV never sits in a JS array of numbers (8 bytes a byte).
 */
export function utf8(text: string): Uint8Array {
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    length += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  const bytes = new Uint8Array(length);
  let i = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes[i++] = code;
    else if (code < 0x800) {
      bytes[i++] = 0xc0 | (code >> 6);
      bytes[i++] = 0x80 | (code & 63);
    } else if (code < 0x10000) {
      bytes[i++] = 0xe0 | (code >> 12);
      bytes[i++] = 0x80 | ((code >> 6) & 63);
      bytes[i++] = 0x80 | (code & 63);
    } else {
      bytes[i++] = 0xf0 | (code >> 18);
      bytes[i++] = 0x80 | ((code >> 12) & 63);
      bytes[i++] = 0x80 | ((code >> 6) & 63);
      bytes[i++] = 0x80 | (code & 63);
    }
  }
  return bytes;
}

/** The file's bytes for a value in a format, or the reason it cannot be written so. */
/** Why `format` cannot hold the value (a WAV holds a signal, a PNG an image), or undefined. */
function formatProblem(value: Value, format: string): string | undefined {
  if (format === 'wav' && value.kind !== 'signal') return `WAV holds a signal, but ${value.kind === 'image' ? 'an' : 'a'} ${value.kind} is connected: use ${fittingFormats(value).join(', ').replace(/, (\w+)$/, ' or $1')}`;
  if (format === 'png' && value.kind !== 'image') return `PNG holds an image, but a ${value.kind} is connected: use ${fittingFormats(value).join(', ').replace(/, (\w+)$/, ' or $1')}`;
  return undefined;
}

/** The formats that hold a value of this kind: WAV only a signal, PNG only an image. */
function fittingFormats(value: Value): (typeof FORMATS)[number][] {
  return FORMATS.filter((format) => (format !== 'wav' || value.kind === 'signal') && (format !== 'png' || value.kind === 'image'));
}

/** A file name for the value, for the message of a File sink with none: out.wav for a signal, out.png for an image. */
function exampleName(value: Value): string {
  return value.kind === 'signal' ? 'out.wav' : value.kind === 'image' ? 'out.png' : value.kind === 'value' ? 'out.json' : 'out.npy';
}

export function encodeFor(value: Value, format: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  switch (format) {
    case 'wav': {
      if (value.kind !== 'signal') return { ok: false, error: formatProblem(value, format)! };
      const result = writeWav([value.data], value.rate);
      return result.ok ? { ok: true, bytes: result.value } : result;
    }
    case 'png': {
      if (value.kind !== 'image') return { ok: false, error: formatProblem(value, format)! };
      const result = writePng(value);
      return result.ok ? { ok: true, bytes: result.value } : result;
    }
    case 'npy': {
      const result = valueToNpy(value);
      return result.ok ? { ok: true, bytes: result.value } : result;
    }
    case 'csv':
      return { ok: true, bytes: utf8(valueToCsv(value)) };
    case 'json':
      return { ok: true, bytes: utf8(valueToJson(value)) };
  }
  return { ok: false, error: `unknown format ${format}` };
}

export const fileSink = defineNode({
  type: 'sink.file',
  title: 'File',
  category: 'sink',
  tags: ['save', 'export', 'write', 'wav', 'png', 'csv', 'json', 'npy', 'output'],
  doc:
    'Writes what it receives to a file each time convolab run runs the graph: WAV (32-bit float at the signal\'s rate), PNG (8-bit, values ' +
    'clipped to [0, 1]), CSV, JSON or NPY (float64; a volume as (depth, height, width)). With format auto the path\'s ending decides; a relative path is ' +
    'written next to the graph file. The editor writes no files: there it shows what it would write, and Export saves it.',
  inputs: [{ id: 'in', types: ['signal', 'spectrum', 'image', 'spectrum2d', 'volume', 'value'] }],
  outputs: [],
  params: [
    { kind: 'path', name: 'path', label: 'File', default: '', extensions: [...FORMATS], inline: true },
    { kind: 'enum', name: 'format', label: 'Format', doc: 'auto: by the path\'s ending.', options: ['auto', ...FORMATS], default: 'auto' },
  ],
  async compute(inputs, params, context) {
    const value = inputs.in!;
    const path = params.path;
    if (path === '') return fail(`${NO_FILE_CHOSEN}: name the file to write (path), e.g. ${exampleName(value)}`);
    let format = params.format;
    if (format === 'auto') {
      const ending = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
      if (!isFileFormat(ending)) {
        return fail(`cannot tell the format from ${path}: end it in .${FORMATS.join(', .')} or set format`);
      }
      format = ending;
    }
    // The editor's hosts (desktop, serve, the web build) write no files; only `convolab run` does.
    // Nothing is wrong with the node there: it shows what would be written and says who writes it
    // (a red error on every graph meant for headless runs, the shipped reverb among them, told a
    // learner something had failed). A format that cannot hold the value is still an error.
    if (!context.writeFile) {
      const problem = formatProblem(value, format);
      if (problem) return fail(problem);
      return ok({}, { sink: value, info: `not written here: convolab run writes ${path}; Export saves it now` });
    }
    // Measured peaks a number (2M random samples): CSV 355 bytes (its lines, the text, the bytes),
    // JSON 57; binary formats at most 8.
    // A WAV is the file itself (float32, 4 bytes a sample, written straight from the samples):
    // reserving 8 a sample refused a 30-minute stereo mix (659 MiB) that fits with its 330 MiB file.
    const numbers = value.kind === 'value' ? Object.keys(value.fields).length : valueBytes(value) / (value.kind === 'image' || value.kind === 'volume' ? 4 : 8);
    const perNumber = format === 'csv' ? 384 : format === 'json' ? 64 : 8;
    const bytes = format === 'wav' && value.kind === 'signal' ? wavFileBytes(value.data.length, 1) : numbers * perNumber;
    context.reserve(bytes, `writing ${describeSize(value)} as ${format}`);
    const encoded = encodeFor(value, format);
    if (!encoded.ok) return fail(encoded.error);
    await context.writeFile(path, encoded.bytes);
    return ok({}, { sink: value, info: `wrote ${path}` });
  },
});
