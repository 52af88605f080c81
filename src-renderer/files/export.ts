/**
 * Exporting a wire's value at full resolution (HostApi.getValue): a signal as WAV, CSV, NPY or
 * JSON, a spectrum as CSV, NPY or JSON, an image as PNG (a single channel through the view's
 * colour map and range, as it is seen; RGB as its values) or NPY, a value record as CSV or JSON.
 * The bytes come from the same codecs as sink.file and `convolab run` (src-shared/io), so an
 * export and a batch run agree. Every PNG carries the graph that made it (withGraph). No DOM
 * here: tested directly.
 */
import { makeImage, makeSignal, type Value } from '../../src-shared/data';
import { encodeFor } from '../../src-shared/nodes/sink.file';
import { embedGraphInPng } from '../../src-shared/io/png-text';
import type { FullValue } from '../../src-shared/protocol';
import { displayRange, paintValues, type ImageDisplay } from '../panels/colormap';

export type ExportFormat = 'wav' | 'csv' | 'npy' | 'json' | 'png';

export const FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  wav: 'WAV audio',
  csv: 'CSV table',
  npy: 'NumPy array (.npy)',
  json: 'JSON',
  png: 'PNG image',
};

/** What a value can be exported as, the most usual first. */
export function exportFormats(kind: FullValue['kind']): ExportFormat[] {
  switch (kind) {
    case 'signal':
      return ['wav', 'csv', 'npy', 'json'];
    case 'spectrum':
      return ['csv', 'npy', 'json'];
    case 'image':
      return ['png', 'npy'];
    case 'value':
      return ['csv', 'json'];
    case 'envelope':
    case 'peaks':
      // A plot's min/max columns or a spectrum's peak columns, not the value: nothing to export.
      return [];
  }
}

/** The largest value getValue may send whole (protocol.ts bounds). */
export const EXPORT_LIMITS = { maxSamples: 1 << 24, maxSide: 8192 } as const;

/**
 * What to do with a value too large to export: the editor writes no files (a File sink there only
 * says what it would write), so the way is a File sink run by `convolab run`.
 */
export const TOO_LARGE_TO_EXPORT = 'add a File sink (sink.file) after it and run the graph with convolab run';

export type ExportResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly warning?: string }
  | { readonly ok: false; readonly error: string };

/**
 * A PNG carrying the graph that made it (an iTXt chunk: src-shared/io/png-text.ts), so dropping
 * the picture back on Convolab opens the graph. A graph over the chunk's cap stays out, and the
 * warning says so: the picture is still what the user asked for.
 */
export function withGraph(png: Uint8Array, graphText: string | undefined): ExportResult {
  if (graphText === undefined) return { ok: true, bytes: png };
  const embedded = embedGraphInPng(png, graphText);
  if (embedded.ok) return { ok: true, bytes: embedded.value };
  return { ok: true, bytes: png, warning: `the picture does not carry its graph: ${embedded.error}` };
}

/** The wire value a getValue answer carries, refused when the host had to reduce it. */
export function valueOfFull(full: FullValue): { ok: true; value: Value } | { ok: false; error: string } {
  switch (full.kind) {
    case 'signal':
      if (full.step !== 1) return { ok: false, error: `${full.length} samples are more than an export carries (${EXPORT_LIMITS.maxSamples}): ${TOO_LARGE_TO_EXPORT}` };
      return { ok: true, value: makeSignal(full.data, full.start, full.rate) };
    case 'spectrum':
      if (full.step !== 1) return { ok: false, error: `${full.length} bins are more than an export carries (${EXPORT_LIMITS.maxSamples}): ${TOO_LARGE_TO_EXPORT}` };
      return {
        ok: true,
        value: { kind: 'spectrum', re: full.re, im: full.im, rate: full.rate, start: full.start, hermitian: full.hermitian },
      };
    case 'image':
      if (full.width !== full.fullWidth || full.height !== full.fullHeight) {
        return { ok: false, error: `a ${full.fullWidth}×${full.fullHeight} image is larger than an export carries (${EXPORT_LIMITS.maxSide} pixels a side): ${TOO_LARGE_TO_EXPORT}` };
      }
      return { ok: true, value: makeImage(full.data, full.width, full.height, { channels: full.channels, origin: full.origin }) };
    case 'value':
      return { ok: true, value: { kind: 'value', fields: full.fields } };
    case 'envelope':
      return { ok: false, error: `a plot's envelope of ${full.length} samples is not the value: export asks for the samples` };
    case 'peaks':
      return { ok: false, error: `a plot's peaks of ${full.length} bins are not the value: export asks for the bins` };
  }
}

/** One channel through the colour map over the display range, as RGB in [0, 1] for writePng. */
export function colourImage(data: Float32Array, width: number, height: number, display: ImageDisplay): Float32Array {
  const count = width * height;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = data[i]!;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) lo = hi = 0;
  const rgba = new Uint8ClampedArray(count * 4);
  paintValues((i) => data[i]!, count, displayRange(lo, hi, display), display, rgba);
  const planar = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    planar[i] = rgba[4 * i]! / 255;
    planar[count + i] = rgba[4 * i + 1]! / 255;
    planar[2 * count + i] = rgba[4 * i + 2]! / 255;
  }
  return planar;
}

/** The file's bytes for a value in a format; a PNG carries `graphText` (the graph file's text) when given. */
export function exportBytes(full: FullValue, format: ExportFormat, display: ImageDisplay, graphText?: string): ExportResult {
  const converted = valueOfFull(full);
  if (!converted.ok) return converted;
  const value = converted.value;
  if (format === 'png' && value.kind === 'image' && value.channels === 1) {
    const rgb = colourImage(value.data, value.width, value.height, display);
    const encoded = encodeFor(makeImage(rgb, value.width, value.height, { channels: 3, origin: value.origin }), 'png');
    return encoded.ok ? withGraph(encoded.bytes, graphText) : encoded;
  }
  if (format === 'png' && value.kind === 'image' && value.channels !== 3) {
    return { ok: false, error: `PNG holds one channel or RGB, this image has ${value.channels}: export NPY, or pick a channel with op.channel` };
  }
  const encoded = encodeFor(value, format);
  return encoded.ok && format === 'png' ? withGraph(encoded.bytes, graphText) : encoded;
}

/** A file name for a node's export: its id, made safe, with the format's ending. */
export function exportName(nodeId: string, format: ExportFormat, suffix = ''): string {
  const stem = nodeId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'value';
  return `${stem}${suffix}.${format}`;
}
