/**
 * The large plot's level of detail (getValue's `envelope`): a long signal is fetched as min/max
 * columns, about two per pixel, of the range the plot shows; zoomed in far enough, as its samples.
 * Pure helpers: how many columns, which samples a plot's x range shows, and one signal's columns
 * as the chart draws them (the whole signal's overview outside the range last fetched in detail,
 * that detail inside it, so a pan or a double-click shows something at once).
 */
import { MAX_ENVELOPE_COLUMNS, type FullValue } from '../../src-shared/protocol';
import type { ChartSeries } from './SignalChart';

export type EnvelopeValue = Extract<FullValue, { kind: 'envelope' }>;

/** Columns for a plot `width` CSS pixels wide: two per pixel, within what getValue allows. */
export function envelopeColumns(width: number): number {
  const w = Number.isFinite(width) && width > 0 ? width : 800;
  return Math.max(64, Math.min(MAX_ENVELOPE_COLUMNS, Math.round(2 * w)));
}

/** Each column is one sample: the value's exact samples. */
export function isExact(value: EnvelopeValue): boolean {
  return value.min.length === value.to - value.from;
}

export interface SampleRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The samples [from, to) of a value (indices into it) that an x range [xMin, xMax] shows, widened
 * to whole samples and cut to the value; undefined when that is the whole value (or the range is
 * not a range). x is the sample index (start + i) or, with `time`, that over the rate. Within
 * `slack` samples of an end the range reaches that end (an overview's outer columns sit half a
 * column inside the value, and a plot showing all of them shows everything).
 */
export function visibleRange(
  value: { readonly start: number; readonly rate: number; readonly length: number },
  xMin: number,
  xMax: number,
  time: boolean,
  slack = 0,
): SampleRange | undefined {
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax) || xMax <= xMin || value.length === 0) return undefined;
  const index = (x: number): number => (time ? x * value.rate : x) - value.start;
  let from = Math.min(value.length - 1, Math.max(0, Math.floor(index(xMin))));
  let to = Math.max(from + 1, Math.min(value.length, Math.ceil(index(xMax)) + 1));
  if (from <= slack) from = 0;
  if (to >= value.length - slack) to = value.length;
  return from === 0 && to === value.length ? undefined : { from, to };
}

/** The first sample (an index into the value) of column c, and one past its last. */
function columnSpan(value: EnvelopeValue, c: number): [number, number] {
  const n = value.to - value.from;
  const cols = value.min.length;
  const first = Math.floor((c * n) / cols);
  return [value.from + first, value.from + Math.max(first + 1, Math.floor(((c + 1) * n) / cols))];
}

/**
 * One signal's columns for the chart: x at each column's middle sample (its own index when a
 * column is one sample), `y` its max and `min` its min. With `detail` (a range fetched since),
 * the overview's columns wholly outside that range, then the detail's, in order of x.
 */
export function envelopeSeries(label: string, overview: EnvelopeValue, detail: EnvelopeValue | undefined, time: boolean): ChartSeries {
  const parts: [EnvelopeValue, number, number][] = [];
  if (detail && detail.to > detail.from) {
    const before = overviewColumns(overview, (_a, b) => b <= detail.from);
    const after = overviewColumns(overview, (a) => a >= detail.to);
    if (before) parts.push([overview, before[0], before[1]]);
    parts.push([detail, 0, detail.min.length]);
    if (after) parts.push([overview, after[0], after[1]]);
  } else {
    parts.push([overview, 0, overview.min.length]);
  }
  const count = parts.reduce((sum, [, a, b]) => sum + b - a, 0);
  const x = new Float64Array(count);
  const max = new Float64Array(count);
  const min = new Float64Array(count);
  let k = 0;
  for (const [value, a, b] of parts) {
    for (let c = a; c < b; c++, k++) {
      const [first, end] = columnSpan(value, c);
      const index = value.start + (first + end - 1) / 2;
      x[k] = time ? index / value.rate : index;
      max[k] = value.max[c]!;
      min[k] = value.min[c]!;
    }
  }
  return { label, x, y: max, min };
}

/** The contiguous run of overview columns [a, b) whose spans pass `keep` (ascending spans: a prefix or a suffix). */
function overviewColumns(value: EnvelopeValue, keep: (first: number, end: number) => boolean): [number, number] | undefined {
  let a = -1;
  let b = -1;
  for (let c = 0; c < value.min.length; c++) {
    const [first, end] = columnSpan(value, c);
    if (keep(first, end)) {
      if (a < 0) a = c;
      b = c + 1;
    }
  }
  return a < 0 ? undefined : [a, b];
}
