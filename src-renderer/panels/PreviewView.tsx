/**
 * Draws a node's preview as its definition's display asks (`displayOf`): a plot (line, stem or
 * bar; several signals overlaid) against index or time, a spectrum (SpectrumPlot), an image
 * through a colour map over a chosen range (a grid of feature maps for many channels), or a small
 * table of named numbers. Previews are small summaries from the host; nothing here computes DSP.
 */
import { memo, useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { ImagePreview, Preview, SignalPreview, SpectrumPreview } from '../../src-shared/engine/preview';
import {
  DEFAULT_IMAGE_DISPLAY,
  DEFAULT_PLOT_DISPLAY,
  DEFAULT_SPECTRUM_DISPLAY,
  type ImageDisplay,
  type PlotStyle,
  type ShownDisplay,
  type SpectrumDisplay,
} from '../../src-shared/nodes/display';
import { verdictFromField, type Verdict } from '../../src-shared/nodes/verdict';
import { VolumeSinkPreview } from '../views/volume/VolumeView';
import { displayRange, paintValues } from './colormap';
import { SpectrumPlot } from './SpectrumPlot';

const WIDTH = 220;
const HEIGHT = 96;
const PAD = 4;
/**
 * About how wide a plot's 9-pixel label comes out, for fitting two on a line: digits and letters
 * 0.63 em, spaces and punctuation 0.35 em, the rest (=, ∈) 0.84 em, as the UI's sans-serif sets
 * them (checked against the editor's screenshots: 'n=88200 · [-0.5423, 0.5147]' is 130 px).
 */
function labelWidth(text: string): number {
  let em = 0;
  for (const char of text) em += /[\p{L}\p{N}]/u.test(char) ? 0.63 : ' .,·[]-()'.includes(char) ? 0.35 : 0.84;
  return em * 9;
}
/** The most room an image thumbnail takes on a node (CSS pixels). */
const THUMB_BOX = { width: 220, height: 128 };
/** A small image (a kernel) is magnified until its longest side is about this long. */
const SMALL_IMAGE_SIDE = 84;

export type { PlotStyle };

/** How a preview is drawn: what the node's definition declares for its params (`displayOf`). */
export type PreviewDisplay = Pick<ShownDisplay, 'plot' | 'spectrum' | 'image'> & { readonly volume?: ShownDisplay['volume'] };

const DEFAULT_PREVIEW_DISPLAY: PreviewDisplay = { plot: DEFAULT_PLOT_DISPLAY, spectrum: undefined, image: DEFAULT_IMAGE_DISPLAY };

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** Index of the first sample and one past the last, over all series. */
function extent(series: readonly SignalPreview[]): [number, number] {
  let a = Infinity;
  let b = -Infinity;
  for (const s of series) {
    a = Math.min(a, s.start);
    b = Math.max(b, s.start + s.length);
  }
  return Number.isFinite(a) ? [a, b] : [0, 1];
}

function signalPaths(
  series: SignalPreview,
  style: PlotStyle,
  x: (index: number) => number,
  y: (value: number) => number,
  columnWidth: number,
): { trace: string; stems: string; bars: string } {
  const cols = series.min.length;
  const spc = series.samplesPerColumn;
  const at = (c: number): number => x(series.start + c * spc + (spc - 1) / 2);
  let trace = '';
  let stems = '';
  let bars = '';
  const y0 = y(0);
  // A column with no finite sample (NaN in the preview) is a gap: the trace starts again after it.
  let broken = true;
  for (let c = 0; c < cols; c++) {
    if (Number.isNaN(series.max[c]!)) {
      broken = true;
      continue;
    }
    const cx = at(c).toFixed(1);
    const top = y(series.max[c]!);
    const bottom = y(series.min[c]!);
    if (style === 'bar') {
      const w = Math.max(1, columnWidth * 0.8);
      const hi = Math.min(top, y0);
      bars += `M${(at(c) - w / 2).toFixed(1)},${hi.toFixed(1)}h${w.toFixed(1)}V${Math.max(bottom, y0).toFixed(1)}h${(-w).toFixed(1)}Z`;
    } else if (style === 'stem') {
      stems += `M${cx},${y0.toFixed(1)}V${(Math.abs(top - y0) > Math.abs(bottom - y0) ? top : bottom).toFixed(1)}`;
    } else {
      trace += `${broken ? 'M' : 'L'}${cx},${top.toFixed(1)}`;
      broken = false;
      if (series.min[c] !== series.max[c]) trace += `L${cx},${bottom.toFixed(1)}`;
    }
  }
  // A short line plot marks where its samples are, so three numbers do not read as a curve.
  if (style === 'line' && spc === 1 && cols <= 64) {
    for (let c = 0; c < cols; c++) if (!Number.isNaN(series.max[c]!)) stems += `M${at(c).toFixed(1)},${y0.toFixed(1)}V${y(series.max[c]!).toFixed(1)}`;
  }
  return { trace, stems, bars };
}

export function SignalPlot({
  series,
  style = 'line',
  time = false,
  width = WIDTH,
  height = HEIGHT,
}: {
  series: readonly SignalPreview[];
  style?: PlotStyle;
  time?: boolean;
  width?: number;
  height?: number;
}) {
  const [first, last] = extent(series);
  let lo = 0;
  let hi = 0;
  for (const s of series) {
    lo = Math.min(lo, s.lo);
    hi = Math.max(hi, s.hi);
  }
  const span = hi - lo || 1;
  const samples = Math.max(1, last - first);
  const main = series[0];
  const rate = main?.rate ?? 1;
  const xLabel = time ? `t ∈ [${fmt(first / rate)}, ${fmt((last - 1) / rate)}] s` : `k ∈ [${first}, ${last - 1}]`;
  // Overlays of other lengths name each length: the range and the extent cover every series, and
  // "n=14" beside "k ∈ [-2, 13]" (an IFFT's 16 samples over direct convolution's 14) read as a contradiction.
  const lengths = [...new Set(series.map((s) => s.length))];
  const rangeLabel = `n=${lengths.length > 1 ? series.map((s) => s.length).join(' / ') : (main?.length ?? 0)} · [${fmt(lo === 0 && main ? main.lo : lo)}, ${fmt(hi === 0 && main ? main.hi : hi)}]`;
  // Two long labels (a recording's n and range, its k or t extent) would overwrite each other on
  // one line: the extent then takes a line of its own, right-aligned under the first.
  const xOwnLine = labelWidth(rangeLabel) + 6 + labelWidth(xLabel) > width - 2 * PAD;
  // Samples left out (NaN, ±∞) are said on a line of their own in the labels' band, above the plot.
  const nonFinite = main?.nonFinite ?? 0;
  const lines = 1 + (xOwnLine ? 1 : 0) + (nonFinite > 0 ? 1 : 0);
  const band = 10 * lines;
  const x = (index: number): number => PAD + ((index - first + 0.5) / samples) * (width - 2 * PAD);
  const y = (v: number): number => height - PAD - ((v - lo) / span) * (height - 2 * PAD - band);
  return (
    <svg className="preview-plot" width={width} height={height} viewBox={`0 0 ${width} ${height}`} data-preview="signal" data-style={style}>
      <line x1={0} x2={width} y1={y(0)} y2={y(0)} className="axis" />
      {series.map((s, i) => {
        const columnWidth = ((width - 2 * PAD) / samples) * s.samplesPerColumn;
        const paths = signalPaths(s, style, x, y, columnWidth);
        return (
          <g key={i} className={`series series-${i}`}>
            {paths.bars && <path d={paths.bars} className="bars" />}
            {paths.stems && <path d={paths.stems} className={style === 'line' ? 'stems marks' : 'stems'} />}
            {paths.trace && <path d={paths.trace} className="trace" />}
          </g>
        );
      })}
      <text x={PAD} y={10} className="label">
        {rangeLabel}
      </text>
      {nonFinite > 0 && (
        <text x={PAD} y={band} className="label warn" data-non-finite={nonFinite}>
          {nonFinite} NaN or ±∞ not drawn
        </text>
      )}
      <text x={width - PAD} y={xOwnLine ? 20 : 10} className="label" textAnchor="end">
        {xLabel}
      </text>
    </svg>
  );
}

/** How an image preview's channels tile: a near-square grid of thumbnails, 2 px apart. */
function thumbGrid(preview: ImagePreview) {
  const channels = preview.channels;
  const gridColumns = Math.ceil(Math.sqrt(channels));
  const gridRows = Math.ceil(channels / gridColumns);
  const tw = preview.thumbWidth;
  const th = preview.thumbHeight;
  const gap = channels > 1 ? 2 : 0;
  return { channels, gridColumns, tw, th, gap, width: gridColumns * tw + (gridColumns - 1) * gap, height: gridRows * th + (gridRows - 1) * gap };
}

/** A spectrum preview's columns as the spectrum display takes them. */
function NodeSpectrum({ preview, display }: { preview: SpectrumPreview; display: SpectrumDisplay }) {
  const bins = useMemo(
    () => ({ magnitude: preview.magnitude, phase: preview.phase, binsPerEntry: preview.binsPerColumn, n: preview.n, rate: preview.rate }),
    [preview],
  );
  return <SpectrumPlot bins={bins} display={display} label="" />;
}

function ImageThumb({ preview, display }: { preview: ImagePreview; display: ImageDisplay }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { colormap, range: rangeMode, log } = display;
  const { channels, width, height } = thumbGrid(preview);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const display = { colormap, range: rangeMode, log };
    const { channels, gridColumns, tw, th, gap, width, height } = thumbGrid(preview);
    const bytes = preview.pixels;
    const plane = tw * th;
    const range = displayRange(preview.lo, preview.hi, display);
    const step = (preview.hi - preview.lo) / 255;
    const rgba = new Uint8ClampedArray(plane * 4);
    context.clearRect(0, 0, width, height);
    for (let c = 0; c < channels; c++) {
      paintValues((i) => preview.lo + (bytes[c * plane + i] ?? 0) * step, plane, range, display, rgba);
      const image = new ImageData(rgba, tw, th);
      context.putImageData(image, (c % gridColumns) * (tw + gap), Math.floor(c / gridColumns) * (th + gap));
    }
    // Counts paints, so a test or the latency bench can tell when new pixels are on screen.
    const element = canvas.current!;
    element.dataset.paints = String(Number(element.dataset.paints ?? 0) + 1);
  }, [preview, colormap, rangeMode, log]);
  // Small images (kernels) are magnified by a whole factor so each pixel shows as a crisp square.
  const longest = Math.max(width, height);
  // A grid of feature maps may use the node's whole width, and as much height.
  const boxHeight = channels > 1 ? THUMB_BOX.width : THUMB_BOX.height;
  // The label gives the image's own range where the preview carries it (not a volume's middle plane's thumbnail).
  const shownRange = !preview.volume && preview.range ? preview.range : preview;
  const magnify = 2 * longest <= SMALL_IMAGE_SIDE ? Math.floor(SMALL_IMAGE_SIDE / longest) : Math.min(1, THUMB_BOX.width / width, boxHeight / height);
  return (
    <div className="preview-image" data-preview={preview.kind} data-colormap={display.colormap}>
      {/* The size as CSS variables, not inline sizes, so a host view (the gallery's cards) may size it otherwise. */}
      <canvas
        ref={canvas}
        width={width}
        height={height}
        style={{ '--thumb-width': `${width * magnify}px`, '--thumb-height': `${height * magnify}px` } as CSSProperties}
      />
      <span className="label">
        {preview.width}×{preview.height}
        {preview.volume ? `×${preview.volume.depth} · ${preview.volume.projections ? 'view' : 'z'} ${Math.floor(preview.volume.depth / 2)}` : ''}
        {channels > 1 ? (preview.volume ? ` · ${channels} channels` : `×${channels}`) : ''} · [{fmt(shownRange.lo)}, {fmt(shownRange.hi)}]
      </span>
    </div>
  );
}

/** A check's outcome shown with a value table: the field that carries it, and what it says. */
export interface ShownVerdict {
  readonly field: string;
  readonly verdict: Verdict;
}

export function ValueTable({ fields, verdict }: { fields: Readonly<Record<string, number>>; verdict?: ShownVerdict }) {
  return (
    <table className="preview-value" data-preview="value" data-verdict={verdict?.verdict}>
      {verdict && (
        <caption className={`value-verdict ${verdict.verdict}`} title={`${verdict.field} = ${fmt(fields[verdict.field] ?? NaN)}`}>
          {verdict.verdict === 'pass' ? 'PASS' : 'FAIL'}
        </caption>
      )}
      <tbody>
        {Object.entries(fields).map(([name, value]) => (
          <tr key={name} className={verdict?.field === name ? `verdict-row ${verdict.verdict}` : undefined}>
            <th>{name}</th>
            <td>{fmt(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const PreviewView = memo(function PreviewView({
  preview,
  display = DEFAULT_PREVIEW_DISPLAY,
  overlays = [],
  verdictField,
}: {
  preview: Preview;
  /** How the node's definition asks its value to be drawn, for its params. */
  display?: PreviewDisplay;
  /** More signals to draw on the same axes (the node's overlay inputs). */
  overlays?: readonly SignalPreview[];
  /** The field of a value that is a check's outcome (op.compare's `match`): shown as PASS or FAIL. */
  verdictField?: string;
}) {
  switch (preview.kind) {
    case 'signal':
      return <SignalPlot series={[preview, ...overlays]} style={display.plot.style} time={display.plot.x === 'time'} />;
    case 'spectrum':
      return <NodeSpectrum preview={preview} display={display.spectrum ?? DEFAULT_SPECTRUM_DISPLAY} />;
    case 'image':
    case 'spectrum2d':
      // A volume's preview is its middle z plane; a node that declares a volume display shows its planes.
      if (preview.volume && display.volume)
        return <VolumeSinkPreview preview={preview} display={display.image} mip={display.volume.view === 'mip'} fallback={<ImageThumb preview={preview} display={display.image} />} />;
      return <ImageThumb preview={preview} display={display.image} />;
    case 'value': {
      const verdict = verdictField === undefined ? undefined : verdictFromField(preview, verdictField);
      return <ValueTable fields={preview.fields} verdict={verdict && verdictField !== undefined ? { field: verdictField, verdict } : undefined} />;
    }
  }
});
