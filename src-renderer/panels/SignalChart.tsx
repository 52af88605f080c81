/**
 * The large plot: uPlot over full-resolution samples, several signals overlaid on one axis (in
 * index or time units), values on hover in the legend, drag to zoom a range, wheel to zoom
 * about the cursor, Shift+drag (or middle drag) to pan, double-click to see everything again.
 * A series with `min` is a min/max envelope (envelope.ts): its two edges are drawn as one band,
 * which looks like the line it stands for where the signal is smooth, and the legend reads
 * "min … max" of the column under the pointer.
 */
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlotStyle } from './PreviewView';

export interface ChartSeries {
  readonly label: string;
  /** x of each sample (index or seconds), ascending. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** With it, `y` is each column's largest sample and this its smallest: a band from min to max. */
  readonly min?: ArrayLike<number>;
}

export const SERIES_COLORS = ['#5ec2ff', '#ffcb6b', '#f78c6c'];

/** Wheel zoom about the cursor and drag-to-pan for the x scale. */
function panZoomPlugin(): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        const over = u.over;
        over.addEventListener(
          'wheel',
          (event) => {
            event.preventDefault();
            const { min, max } = u.scales.x!;
            if (min === undefined || max === undefined || min === null || max === null) return;
            const at = u.posToVal(event.offsetX, 'x');
            const factor = event.deltaY < 0 ? 0.8 : 1.25;
            u.setScale('x', { min: at - (at - min) * factor, max: at + (max - at) * factor });
          },
          { passive: false },
        );
        over.addEventListener('mousedown', (event) => {
          if (!(event.shiftKey || event.button === 1)) return;
          event.preventDefault();
          event.stopPropagation();
          const { min, max } = u.scales.x!;
          if (min == null || max == null) return;
          const startX = event.clientX;
          const perPixel = (max - min) / u.bbox.width * devicePixelRatio;
          const move = (e: MouseEvent): void => {
            const shift = (e.clientX - startX) * perPixel;
            u.setScale('x', { min: min - shift, max: max - shift });
          };
          const up = (): void => {
            window.removeEventListener('mousemove', move);
            window.removeEventListener('mouseup', up);
          };
          window.addEventListener('mousemove', move);
          window.addEventListener('mouseup', up);
        }, true);
      },
    },
  };
}

function sameX(series: readonly ChartSeries[]): boolean {
  const first = series[0]!.x;
  return series.every((s) => s.x.length === first.length && s.x[0] === first[0] && s.x[s.x.length - 1] === first[first.length - 1]);
}

/**
 * A series' values as the chart takes them: NaN and ±∞ become null, which uPlot draws as a gap
 * (an infinity would make the y range infinite and the whole chart empty). All-finite values,
 * the usual case, are passed as they are, without a copy.
 */
export function chartValues(y: ArrayLike<number>): ArrayLike<number | null> {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v - v !== 0) return Array.from(y, (value) => (Number.isFinite(value) ? value : null));
  }
  return y;
}

/** A legend number: up to ten significant digits, no grouping (a pasteable number). */
function legendNumber(value: number): string {
  return String(Number(value.toPrecision(10)));
}

/** An envelope's legend value: its column's min … max, one number where they are the same. */
function envelopeValue(u: uPlot, value: number | null, seriesIndex: number, index: number | null): string {
  if (index === null || value === null || value === undefined) return '--';
  const low = u.data[seriesIndex + 1]?.[index];
  return low === null || low === undefined || low === value ? legendNumber(value) : `${legendNumber(low)} … ${legendNumber(value)}`;
}

/** The uPlot columns of the series: x, then y (and min, for an envelope) of each. */
function columnsOf(s: ChartSeries): (number | null)[][] {
  const y = chartValues(s.y) as (number | null)[];
  return s.min ? [y, chartValues(s.min) as (number | null)[]] : [y];
}

/**
 * The y axis's width: its longest tick label's, at least 56 px (what short labels had), so a label
 * such as "500,000" or "-0.00012" is not cut at the plot's left edge.
 */
function yAxisSize(self: uPlot, values: string[] | null, axisIndex: number, cycle: number): number {
  const axis = self.axes[axisIndex]!;
  // uPlot asks again after a resize of the axis: the first answer stands (no loop between sizes).
  if (cycle > 1) return (axis as { _size?: number })._size ?? 56;
  const longest = (values ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest === '') return 56;
  self.ctx.save();
  // uPlot keeps an axis's font as [font, size] once it has drawn; an option gives a string.
  const font = axis.font as unknown;
  self.ctx.font = Array.isArray(font) ? String(font[0]) : typeof font === 'string' ? font : self.ctx.font;
  const text = self.ctx.measureText(longest).width / devicePixelRatio;
  self.ctx.restore();
  const ticks = axis.ticks && typeof axis.ticks === 'object' ? (axis.ticks.size ?? 10) : 10;
  return Math.max(56, Math.ceil(text + ticks + (axis.gap ?? 5) + 4));
}

/** Whether two charts' x are the same points: same count, same first and last. */
function sameAxis(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && a.length > 0 && a[0] === b[0] && a[a.length - 1] === b[b.length - 1];
}

/** How many of the ascending `x` lie in [min, max] (the points a zoomed plot draws). */
export function pointsWithin(x: ArrayLike<number>, min: number, max: number): number {
  const firstAtLeast = (value: number, strict: boolean): number => {
    let lo = 0;
    let hi = x.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? x[mid]! <= value : x[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return Math.max(0, firstAtLeast(max, true) - firstAtLeast(min, false));
}

/** The visible x range and how many points it draws, on the element, for whoever needs to know what is shown (tests). */
function shownOn(element: HTMLElement, u: uPlot): void {
  const { min, max } = u.scales.x!;
  element.dataset.xMin = String(min);
  element.dataset.xMax = String(max);
  element.dataset.pointsShown = String(min == null || max == null ? 0 : pointsWithin(u.data[0], min, max));
  const y = u.scales.y;
  if (y) {
    element.dataset.yMin = String(y.min);
    element.dataset.yMax = String(y.max);
  }
}

/**
 * The y range of stems and bars: always from 0, which each stem and bar stands on. uPlot's own
 * range pads below the smallest value, so two dice's stems stood on about 0.004 with no 0 on the
 * axis, and P(2) = 1/36 looked like nothing beside P(7) = 6/36.
 */
function fromZero(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min == null || max == null) return [0, 1];
  return uPlot.rangeNum(min, max, { min: { pad: 0.1, soft: 0, mode: 1 }, max: { pad: 0.1, soft: 0, mode: 1 } });
}

/** Tick steps for a sample-index axis: whole numbers only. */
const INTEGER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 1e8, 1e9];

/** The class of an envelope's min series (its legend row is hidden). */
const ENVELOPE_MIN = 'envelope-min';

/** One band per envelope, between its max and min series (uPlot's series indices, x being 0). */
function bandsOf(series: readonly ChartSeries[]): uPlot.Band[] {
  const bands: uPlot.Band[] = [];
  let index = 1;
  series.forEach((s, i) => {
    if (s.min) bands.push({ series: [index, index + 1], fill: `${SERIES_COLORS[i % SERIES_COLORS.length]}66` });
    index += s.min ? 2 : 1;
  });
  return bands;
}

export function SignalChart({
  series,
  style,
  xLabel,
  yLabel,
  log = false,
  integerX = false,
  onRange,
}: {
  series: readonly ChartSeries[];
  style: PlotStyle;
  xLabel: string;
  yLabel?: string;
  log?: boolean;
  /** The x axis counts samples: ticks on whole numbers. */
  integerX?: boolean;
  /** Told the x range shown after every zoom, pan or new data (the large plot fetches its detail). */
  onRange?: (xMin: number, xMax: number) => void;
}) {
  const onRangeRef = useRef(onRange);
  onRangeRef.current = onRange;
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const data = useMemo<uPlot.AlignedData | undefined>(
    () =>
      series.length === 0
        ? undefined
        : sameX(series)
          ? [series[0]!.x as number[], ...series.flatMap(columnsOf)]
          : uPlot.join(series.map((s) => [s.x as number[], ...columnsOf(s)] as uPlot.AlignedData)),
    [series],
  );
  const latest = useRef(data);
  latest.current = data;
  /** The zoomed x window of the chart a new one replaces, with the x it was over (restored onto the same x). */
  const keptZoom = useRef<{ x: ArrayLike<number>; min: number; max: number } | undefined>(undefined);
  const points = data?.[0].length ?? 0;
  // What needs a new chart; anything else (new samples after a param change) is new data only.
  const shape = JSON.stringify([style, xLabel, yLabel, log, integerX, series.map((s) => [s.label, s.min !== undefined]), points <= 64]);

  useEffect(() => {
    const element = host.current;
    const initial = latest.current;
    if (!element || !initial) return;
    const paths =
      style === 'bar' ? uPlot.paths.bars!({ size: [0.8, 40] }) : style === 'stem' ? uPlot.paths.bars!({ size: [0, 2, 1] }) : undefined;
    const axis = { stroke: '#9096a5', grid: { stroke: '#2a2e38', width: 1 }, ticks: { stroke: '#333845', width: 1 } };
    const count = initial[0].length;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: Math.max(120, element.clientHeight - 28),
      scales: { x: { time: false }, y: log ? { distr: 3 } : style === 'stem' || style === 'bar' ? { range: fromZero } : {} },
      cursor: { drag: { x: true, y: false, setScale: true }, points: { size: 6 } },
      legend: { live: true },
      axes: [
        { ...axis, label: xLabel, labelSize: 16, size: 36, ...(integerX ? { incrs: INTEGER_STEPS } : {}) },
        { ...axis, ...(yLabel ? { label: yLabel, labelSize: 16 } : {}), size: yAxisSize },
      ],
      series: [
        { label: xLabel, ...(integerX && series.some((s) => s.min) ? { value: (_u: uPlot, v: number | null) => (v === null ? '--' : String(Math.round(v))) } : {}) },
        ...series.flatMap((s, i): uPlot.Series[] => {
          const colour = SERIES_COLORS[i % SERIES_COLORS.length]!;
          const line: uPlot.Series = {
            label: s.label,
            stroke: colour,
            width: s.min ? 1 : 1.4,
            // A null (a NaN or ±∞ sample, chartValues) is a gap; uPlot.join's fill-ins for overlays
            // sampled at other x are undefined, which a line still runs across.
            spanGaps: false,
            ...(paths ? { paths, fill: style === 'bar' ? `${colour}99` : undefined } : {}),
            points: { show: style === 'stem' || count <= 64, size: 5, fill: colour },
          };
          if (!s.min) return [line];
          // The envelope: its max (with the legend's "min … max"), then its min, the band between.
          return [
            { ...line, value: envelopeValue },
            { ...line, label: `${s.label} min`, class: ENVELOPE_MIN },
          ];
        }),
      ],
      bands: bandsOf(series),
      plugins: [panZoomPlugin()],
      hooks: {
        // The visible x range on the element (shownOn), and to onRange.
        setScale: [
          (u, key) => {
            shownOn(element, u);
            if (key !== 'x') return;
            onRangeRef.current?.(u.scales.x!.min!, u.scales.x!.max!);
          },
        ],
      },
    };
    const chart = new uPlot(options, initial, element);
    // Another view of the same samples (a spectrum's magnitude, dB or phase; another plot style)
    // keeps the window the user zoomed to; a chart of other samples starts whole.
    const kept = keptZoom.current;
    keptZoom.current = undefined;
    if (kept && sameAxis(kept.x, initial[0])) chart.setScale('x', { min: kept.min, max: kept.max });
    // An envelope's min has no legend row of its own: its max's row reads "min … max".
    for (const row of chart.root.querySelectorAll<HTMLElement>(`.u-legend .${ENVELOPE_MIN}`)) row.style.display = 'none';
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height: Math.max(120, element.clientHeight - 28) }));
    resize.observe(element);
    return () => {
      const { min, max } = chart.scales.x!;
      const x = chart.data[0];
      if (x.length > 1 && min != null && max != null && (min > x[0]! || max < x[x.length - 1]!)) keptZoom.current = { x, min, max };
      resize.disconnect();
      chart.destroy();
      plot.current = undefined;
    };
    // `shape` stands for every option; data changes go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  // New samples into the same chart: cheaper than a new chart, and a zoomed-in window stays put.
  useEffect(() => {
    const chart = plot.current;
    if (!chart || !data || chart.data === data) return;
    const old = chart.data[0];
    const { min, max } = chart.scales.x!;
    const zoomed = old.length > 1 && min != null && max != null && (min > old[0]! || max < old[old.length - 1]!);
    chart.setData(data);
    if (zoomed) chart.setScale('x', { min: min!, max: max! });
    // A window put back as it was is no change of scale to uPlot: what it shows is new all the same.
    if (host.current) shownOn(host.current, chart);
  }, [data]);

  return <div className="signal-chart" ref={host} data-points={series[0]?.x.length ?? 0} />;
}
