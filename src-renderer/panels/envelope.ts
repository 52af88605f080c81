/**
 * The large plot's level of detail (getValue's `envelope`): a long signal is fetched as min/max
 * columns, about two per pixel, of the range the plot shows, and a long spectrum as the largest
 * bin of each such column (its peaks, each with its phase and its own bin); zoomed in far enough,
 * as its samples or bins. Pure helpers: how many columns, which samples or bins a plot's x range
 * shows, and one value's columns as the chart draws them (the whole value's overview outside the
 * ranges last fetched in detail, that detail inside them, so a pan or a double-click shows
 * something at once).
 */
import { MAX_ENVELOPE_COLUMNS, type FullValue } from '../../src-shared/protocol';
import type { ChartSeries } from './SignalChart';
import type { SpectrumBins } from './spectrumCurve';

export type EnvelopeValue = Extract<FullValue, { kind: 'envelope' }>;
export type PeaksValue = Extract<FullValue, { kind: 'peaks' }>;
/** A value fetched as columns of a range of it: a signal's envelope or a spectrum's peaks. */
export type ColumnsValue = EnvelopeValue | PeaksValue;

/** Columns for a plot `width` CSS pixels wide: two per pixel, within what getValue allows. */
export function envelopeColumns(width: number): number {
  const w = Number.isFinite(width) && width > 0 ? width : 800;
  return Math.max(64, Math.min(MAX_ENVELOPE_COLUMNS, Math.round(2 * w)));
}

/** How many columns a fetched value has. */
export function columnCount(value: ColumnsValue): number {
  return value.kind === 'envelope' ? value.min.length : value.bin.length;
}

/** Each column is one sample (or bin): the value's exact samples. */
export function isExact(value: ColumnsValue): boolean {
  return columnCount(value) === value.to - value.from;
}

/** Samples (or bins) per column of a fetched value, 1 once exact. */
export function perColumn(value: ColumnsValue): number {
  return (value.to - value.from) / Math.max(1, columnCount(value));
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

/**
 * The bins of an n-bin spectrum that a plot's frequency range [xMin, xMax] (Hz: bin k is at
 * k · rate / n) shows, widened to whole bins, as ranges in ascending order; undefined when that
 * is every bin (within `slack` bins of both ends) or the range is not a range. Centred, bins from
 * ⌈n/2⌉ up are the negative frequencies (k − n) left of 0 Hz, so a range across 0 Hz is two:
 * the top bins and the bottom ones.
 */
export function visibleBins(
  value: { readonly rate: number; readonly length: number },
  xMin: number,
  xMax: number,
  centred: boolean,
  slack = 0,
): SampleRange[] | undefined {
  const n = value.length;
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax) || xMax <= xMin || n === 0 || !(value.rate > 0)) return undefined;
  // Signed bins: the lowest and highest drawn, and the range shown.
  const low = centred ? Math.ceil(n / 2) - n : 0;
  const high = low + n - 1;
  let lo = Math.min(high, Math.max(low, Math.floor((xMin * n) / value.rate)));
  let hi = Math.max(lo, Math.min(high, Math.ceil((xMax * n) / value.rate)));
  if (lo <= low + slack) lo = low;
  if (hi >= high - slack) hi = high;
  if (lo === low && hi === high) return undefined;
  const ranges: SampleRange[] = [];
  if (hi >= 0) ranges.push({ from: Math.max(lo, 0), to: hi + 1 });
  if (lo < 0) ranges.push({ from: n + lo, to: n + Math.min(hi, -1) + 1 });
  return ranges;
}

/** The first sample (an index into the value) of column c, and one past its last. */
function columnSpan(value: ColumnsValue, c: number): [number, number] {
  const n = value.to - value.from;
  const cols = columnCount(value);
  const first = Math.floor((c * n) / cols);
  return [value.from + first, value.from + Math.max(first + 1, Math.floor(((c + 1) * n) / cols))];
}

/** Columns [a, b) of one fetched value. */
type Segment<V extends ColumnsValue> = readonly [V, number, number];

/**
 * What to draw of a value, in order of its samples: the overview's columns wholly outside every
 * detail range, and each detail's columns inside its range (details in any order, not overlapping).
 */
export function mergeDetail<V extends ColumnsValue>(overview: V, details: readonly V[]): Segment<V>[] {
  const parts = details.filter((d) => d.to > d.from).sort((a, b) => a.from - b.from);
  const count = columnCount(overview);
  const segments: Segment<V>[] = [];
  let c = 0;
  for (const detail of parts) {
    const a = c;
    while (c < count && columnSpan(overview, c)[1] <= detail.from) c++;
    if (c > a) segments.push([overview, a, c]);
    segments.push([detail, 0, columnCount(detail)]);
    while (c < count && columnSpan(overview, c)[0] < detail.to) c++;
  }
  if (c < count) segments.push([overview, c, count]);
  return segments;
}

/**
 * One signal's columns for the chart: x at each column's middle sample (its own index when a
 * column is one sample), `y` its max and `min` its min. With `details` (ranges fetched since),
 * the overview's columns wholly outside them, then each detail's, in order of x.
 */
export function envelopeSeries(label: string, overview: EnvelopeValue, details: readonly EnvelopeValue[], time: boolean): ChartSeries {
  const segments = mergeDetail(overview, details);
  const count = segments.reduce((sum, [, a, b]) => sum + b - a, 0);
  const x = new Float64Array(count);
  const max = new Float64Array(count);
  const min = new Float64Array(count);
  let k = 0;
  for (const [value, a, b] of segments) {
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

/**
 * One spectrum's peaks as the spectrum display takes them: each column's chosen bin (drawn at that
 * bin's frequency), its magnitude and phase; with `details`, the overview's columns outside them
 * and the details' inside, in order of bin.
 */
export function peaksBins(overview: PeaksValue, details: readonly PeaksValue[]): SpectrumBins {
  const segments = mergeDetail(overview, details);
  const count = segments.reduce((sum, [, a, b]) => sum + b - a, 0);
  const bin = new Float64Array(count);
  const magnitude = new Float64Array(count);
  const phase = new Float64Array(count);
  let k = 0;
  for (const [value, a, b] of segments) {
    for (let c = a; c < b; c++, k++) {
      bin[k] = value.bin[c]!;
      magnitude[k] = Math.hypot(value.re[c]!, value.im[c]!);
      phase[k] = Math.atan2(value.im[c]!, value.re[c]!);
    }
  }
  return { magnitude, phase, bin, binsPerEntry: Math.max(1, ...segments.map(([value]) => perColumn(value))), n: overview.length, rate: overview.rate };
}
