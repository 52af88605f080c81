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
  // Said in the editor too, not first by convolab run: a Function at 100.5 samples a second.
  if (format === 'wav' && value.kind === 'signal' && !(Number.isInteger(value.rate) && value.rate >= 1 && value.rate <= 0xffffffff)) {
    return `a WAV's sample rate is a whole number of samples a second, but this signal's is ${value.rate}: set a whole rate where the signal is made, or use npy`;
  }
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
      const problem = formatProblem(value, format);
      if (problem || value.kind !== 'signal') return { ok: false, error: problem ?? 'WAV holds a signal' };
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

/** A number for a note: up to 3 significant digits, no exponent for everyday sizes. */
function short(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/** x rounded down to 3 significant digits, in words: a factor that stays at or under what it must. */
function shortDown(x: number): string {
  const step = 10 ** (Math.floor(Math.log10(x)) - 2);
  return short(Math.floor(x / step + 1e-9) * step);
}

/**
 * What the file will not keep of the value, in words, or undefined when it keeps it as it is.
 * Nothing in the file is wrong by the format's rules, so the node still runs; but a headless run
 * that silently drops half an edge map or writes a WAV that a player clips is not what was meant.
 * - WAV keeps no start: a full convolution with a centred kernel (start −r) is written r samples
 *   late against its input, which shows only when the file is mixed back with the dry signal.
 * - WAV samples past ±1 are kept (32-bit float), but players and 16-bit conversions clip them.
 * - PNG keeps [0, 1]: values outside it clip (a Sobel output loses its negative half to black).
 * Both count only a loss past the file's own step (a 16-bit sample, an 8-bit byte): a blur of an
 * image within [0, 1] overshoots it by float32 rounding, which the file never shows.
 */
export function lossNote(value: Value, format: string): string | undefined {
  const notes: string[] = [];
  if (format === 'wav' && value.kind === 'signal') {
    if (value.start !== 0) {
      const samples = Math.abs(value.start);
      const way = value.start < 0 ? 'late' : 'early';
      notes.push(
        `a WAV keeps no start: this one begins at k = ${value.start}, so it plays ${samples} sample${samples === 1 ? '' : 's'} ` +
          `(${short((samples / value.rate) * 1000)} ms) ${way} against its input; Convolve's mode same keeps the input's timing`,
      );
    }
    let peak = 0;
    for (const x of value.data) if (Math.abs(x) > peak) peak = Math.abs(x);
    // Rounding's overshoot (a normalised 1.0000000000000002) is under a 16-bit step: no loss.
    if (peak > 1 + 1 / 32768) {
      notes.push(`samples reach ±${short(peak)}, past full scale (±1): the 32-bit float file keeps them, but players and 16-bit copies clip; Scale by ${shortDown(1 / peak)} before it`);
    }
  }
  if (format === 'png' && value.kind === 'image') {
    let low = Infinity;
    let high = -Infinity;
    let clipped = 0;
    for (const x of value.data) {
      if (x < low) low = x;
      if (x > high) high = x;
      // Lost only where the 8-bit byte changes: a blur's 1.0000001 or -3e-9 (float32 rounding of
      // an image within [0, 1]) writes 255 or 0 either way.
      if (!(x * 255 >= -0.5 && x * 255 < 255.5)) clipped++;
    }
    if (clipped > 0) {
      const share = (clipped / value.data.length) * 100;
      const amount = share >= 0.1 ? `${short(share)} % of the values` : `${clipped} value${clipped === 1 ? '' : 's'}`;
      notes.push(`a PNG keeps [0, 1]: ${amount} clip (they span [${short(low)}, ${short(high)}]); Normalise (to range) before it keeps them`);
    }
  }
  return notes.length > 0 ? notes.join('; ') : undefined;
}

export const fileSink = defineNode({
  type: 'sink.file',
  title: 'File',
  category: 'sink',
  tags: ['save', 'export', 'write', 'wav', 'png', 'csv', 'json', 'npy', 'output'],
  doc:
    'Writes what it receives to a file each time convolab run runs the graph: WAV (32-bit float at the signal\'s rate), PNG (8-bit, values ' +
    'clipped to [0, 1]), CSV, JSON or NPY (float64; a volume as (depth, height, width)). With format auto the path\'s ending decides; a relative path is ' +
    'written next to the graph file. The editor writes no files: there it shows what it would write, and Export saves it. ' +
    'A warning says what the file will not keep: a signal\'s start or samples past ±1 in a WAV, values outside [0, 1] in a PNG.',
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
      const where = `not written here: convolab run writes ${path}; Export saves it now`;
      const loss = lossNote(value, format);
      return ok({}, loss ? { sink: value, info: `${loss} (${where})`, warning: true } : { sink: value, info: where });
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
    const loss = lossNote(value, format);
    return ok({}, loss ? { sink: value, info: `wrote ${path}: ${loss}`, warning: true } : { sink: value, info: `wrote ${path}` });
  },
});
