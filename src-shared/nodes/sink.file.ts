import type { Value } from '../data';
import { writePng } from '../io/image';
import { valueToNpy } from '../io/npy';
import { valueToCsv, valueToJson } from '../io/text';
import { writeWav } from '../io/wav';
import { defineNode, fail, ok, stringParam } from './define';

const FORMATS = ['wav', 'png', 'csv', 'json', 'npy'] as const;

/** UTF-8 bytes of a string (src-shared has no TextEncoder in its types). */
export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(bytes);
}

/** The file's bytes for a value in a format, or the reason it cannot be written so. */
export function encodeFor(value: Value, format: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  switch (format) {
    case 'wav': {
      if (value.kind !== 'signal') return { ok: false, error: `WAV holds a signal, but ${value.kind === 'image' ? 'an' : 'a'} ${value.kind} is connected: use png, csv, json or npy` };
      const result = writeWav([value.data], value.rate);
      return result.ok ? { ok: true, bytes: result.value } : result;
    }
    case 'png': {
      if (value.kind !== 'image') return { ok: false, error: `PNG holds an image, but a ${value.kind} is connected: use wav, csv, json or npy` };
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
    'Writes what it receives to a file on every run: WAV (32-bit float at the signal\'s rate), PNG (8-bit, values ' +
    'clipped to [0, 1]), CSV, JSON or NPY (float64). With format auto the path\'s ending decides; a relative path is ' +
    'written next to the graph file.',
  inputs: [{ id: 'in', types: ['signal', 'spectrum', 'image', 'spectrum2d', 'value'] }],
  outputs: [],
  params: [
    { kind: 'path', name: 'path', label: 'File', default: '', extensions: [...FORMATS], inline: true },
    { kind: 'enum', name: 'format', label: 'Format', doc: 'auto: by the path\'s ending.', options: ['auto', ...FORMATS], default: 'auto' },
  ],
  async compute(inputs, params, context) {
    const value = inputs.in!;
    const path = stringParam(params, 'path');
    if (path === '') return fail('no file named: set path (e.g. out.wav)');
    let format = stringParam(params, 'format');
    if (format === 'auto') {
      const ending = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
      if (ending === undefined || !(FORMATS as readonly string[]).includes(ending)) {
        return fail(`cannot tell the format from ${path}: end it in .${FORMATS.join(', .')} or set format`);
      }
      format = ending;
    }
    if (!context.writeFile) return fail('this host does not write files: run the graph with convolab run or export from the app');
    const encoded = encodeFor(value, format);
    if (!encoded.ok) return fail(encoded.error);
    await context.writeFile(path, encoded.bytes);
    return ok({}, { sink: value, info: `wrote ${path}` });
  },
});
