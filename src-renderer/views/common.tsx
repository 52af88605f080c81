/**
 * Pieces the teaching views share: a uPlot chart whose data changes every animation frame
 * without being rebuilt, full-resolution values fetched from the host when their node produced
 * a fresh result, an image canvas that maps the pointer to pixels, and a grid of numbers
 * coloured by value (a kernel, a patch, their products).
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { FullValue, HostApi, PortRef } from '../../src-shared/protocol';
import { displayRange, paintValues, colormapTable, type ImageDisplay } from '../panels/colormap';
import { fmt } from '../panels/PreviewView';
import { useEditor, useEditorStore } from '../store/context';

export const AXIS = { stroke: '#9096a5', grid: { stroke: '#2a2e38', width: 1 }, ticks: { stroke: '#333845', width: 1 } };
export const COLORS = { f: '#5ec2ff', g: '#ffcb6b', product: '#7fd67f', output: '#c792ea', residual: '#f78c6c', muted: '#5b6272' };

/**
 * uPlot over changing data: the plot is built when `options` change (memoise them) and fed new
 * data with setData otherwise, keeping the scales the options fix (so an animation does not
 * rescale every frame).
 */
export function LiveChart({ options, data, className }: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; className?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const size = () => ({ width: Math.max(160, element.clientWidth), height: Math.max(60, element.clientHeight) });
    // Legends are drawn by the views themselves (ChartKey), so the plot fills its box.
    // The y range and the y axis's ticks on the element after each draw, for whoever needs to know what is shown (tests).
    const shown = (u: uPlot) => {
      const y = u.scales.y;
      if (y) element.dataset.yRange = JSON.stringify([y.min, y.max]);
      const splits = u.axes[1]?.splits;
      if (typeof splits === 'function' && y?.min != null && y.max != null) element.dataset.ySplits = JSON.stringify(splits(u, 1, y.min, y.max, 0, 0));
    };
    const hooks = { ...options.hooks, draw: [...(options.hooks?.draw ?? []), shown] };
    const created = new uPlot({ ...options, hooks, legend: { show: false }, ...size() }, latest.current, element);
    plot.current = created;
    const resize = new ResizeObserver(() => created.setSize(size()));
    resize.observe(element);
    return () => {
      resize.disconnect();
      created.destroy();
      plot.current = null;
    };
  }, [options]);
  useEffect(() => {
    const current = plot.current;
    if (!current || current.data === data) return;
    // setData without resetting scales does not draw by itself.
    current.setData(data, false);
    current.redraw();
  }, [data]);
  return <div className={`live-chart ${className ?? ''}`} ref={host} style={{ overflow: 'hidden' }} />;
}

/** The colour key of a chart: a swatch and a label per curve (dashed for a dashed curve). */
export function ChartKey({ entries }: { entries: readonly { label: string; color: string; dashed?: boolean }[] }) {
  return (
    <div className="chart-key">
      {entries.map((entry) => (
        <span key={entry.label} className="chart-key-entry">
          <span className={`chart-key-line ${entry.dashed ? 'dashed' : ''}`} style={{ borderColor: entry.color }} />
          {entry.label}
        </span>
      ))}
    </div>
  );
}

/** Axis numbers that stay readable from 1e−16 to 1e6 (uPlot passes null for unlabelled ticks). */
export function axisNumbers(_u: uPlot, splits: number[]): (string | null)[] {
  return splits.map((v) => (v == null ? null : fmt(v)));
}

/** Where each input of a node comes from (the edge into it), in the order asked. */
export function useInputRefs(nodeId: string, handles: readonly string[]): (PortRef | undefined)[] {
  const key = useEditor((state) =>
    JSON.stringify(
      handles.map((handle) => {
        const edge = state.document.edges.find((e) => e.target === nodeId && e.targetHandle === handle);
        return edge ? { node: edge.source, port: edge.sourceHandle } : null;
      }),
    ),
  );
  return useMemo(() => (JSON.parse(key) as (PortRef | null)[]).map((ref) => ref ?? undefined), [key]);
}

/** A key that changes whenever any of these nodes produced a fresh result. */
export function useGenerations(nodes: readonly (string | undefined)[]): string {
  return useEditor((state) => nodes.map((node) => (node ? (state.nodeStates[node]?.generation ?? 0) : -1)).join(','));
}

export type Loaded<T> = { readonly status: 'loading' } | { readonly status: 'ok'; readonly value: T } | { readonly status: 'error'; readonly error: string };

/**
 * Asks the host with `load` whenever `key` changes (a node re-ran, the inputs changed), keeping
 * the last answer on screen while the next one comes.
 */
export function useHostQuery<T>(key: string, load: (host: HostApi) => Promise<T>): Loaded<T> {
  const store = useEditorStore();
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    let stale = false;
    load(store.getState().host).then(
      (value) => !stale && setState({ status: 'ok', value }),
      (error: unknown) => !stale && setState({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      stale = true;
    };
    // `key` names everything `load` depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, store]);
  return state;
}

/** Full values of several ports, fetched again when one of their nodes re-ran. */
export function useFullValues(refs: readonly (PortRef | undefined)[]): Loaded<(FullValue | undefined)[]> {
  const generations = useGenerations(refs.map((ref) => ref?.node));
  const key = `${JSON.stringify(refs)}@${generations}`;
  return useHostQuery(key, (host) => Promise.all(refs.map((ref) => (ref ? host.getValue(ref.node, ref.port) : Promise.resolve(undefined)))));
}

/**
 * A picture of values: fits its box, keeps pixels square and crisp, reports the pixel under the
 * pointer, and draws `overlay` (in image pixel units) on top.
 */
export function ValueCanvas({
  data,
  width,
  height,
  display,
  range,
  onPixel,
  overlay,
  label,
}: {
  data: ArrayLike<number>;
  width: number;
  height: number;
  display: ImageDisplay;
  /** A fixed colour range; by default the data's own. */
  range?: [number, number];
  onPixel?: (pixel: { x: number; y: number } | undefined, pinned: boolean) => void;
  overlay?: ReactNode;
  label?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState({ scale: 1, x: 0, y: 0 });
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = (): void => {
      const scale = Math.min(element.clientWidth / width, element.clientHeight / height);
      setFit({ scale, x: (element.clientWidth - width * scale) / 2, y: (element.clientHeight - height * scale) / 2 });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [width, height]);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < width * height; i++) {
      const v = data[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const rgba = new Uint8ClampedArray(width * height * 4);
    paintValues((i) => data[i]!, width * height, range ?? displayRange(lo, hi, display), display, rgba);
    context.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [data, width, height, display, range]);
  const pixelAt = (event: React.MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = Math.floor((event.clientX - rect.left - fit.x) / fit.scale);
    const y = Math.floor((event.clientY - rect.top - fit.y) / fit.scale);
    return x >= 0 && y >= 0 && x < width && y < height ? { x, y } : undefined;
  };
  return (
    <div
      className="value-canvas"
      ref={box}
      aria-label={label}
      onMouseMove={(event) => onPixel?.(pixelAt(event), false)}
      onClick={(event) => onPixel?.(pixelAt(event), true)}
    >
      <div className="value-canvas-stage" style={{ transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.scale})`, width, height }}>
        <canvas ref={canvas} width={width} height={height} />
        {overlay && (
          <svg className="value-canvas-overlay" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
            {overlay}
          </svg>
        )}
      </div>
      {label && <span className="value-canvas-label">{label}</span>}
    </div>
  );
}

/** The colour of a value on a colour map over [lo, hi], as CSS. */
export function colorOf(value: number, range: [number, number], display: ImageDisplay): string {
  const table = colormapTable(display.colormap);
  const [lo, hi] = range;
  const index = Math.max(0, Math.min(255, Math.round(((value - lo) / (hi - lo || 1)) * 255)));
  return `rgb(${table[3 * index]}, ${table[3 * index + 1]}, ${table[3 * index + 2]})`;
}

/**
 * The most cells a HeatGrid draws as elements of their own; a larger grid is painted on a canvas,
 * one pixel a value. A box kernel of size 1024 (its param allows 4096) made a million cells, each
 * a styled element with a tooltip, and the page stopped answering for minutes.
 */
export const MAX_HEAT_CELLS = 64 * 64;

/** A grid too large for cells of its own, painted one pixel a value at the grid's place. */
function HeatCanvas({ values, width, height, display, range }: { values: ArrayLike<number>; width: number; height: number; display: ImageDisplay; range: [number, number] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const rgba = new Uint8ClampedArray(width * height * 4);
    paintValues((i) => values[i]!, width * height, range, display, rgba);
    context.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [values, width, height, display, range]);
  return <canvas ref={canvas} className="heat-cells heat-canvas" width={width} height={height} style={{ aspectRatio: `${width} / ${height}` }} />;
}

/**
 * A small grid of numbers on coloured cells: a kernel, a patch of pixels, their products. Past
 * MAX_HEAT_CELLS, the same colours on a canvas, without numbers or a tooltip per cell.
 */
export function HeatGrid({
  values,
  width,
  height,
  display,
  range,
  numbers,
  format = fmt,
  title,
  testId,
}: {
  values: ArrayLike<number>;
  width: number;
  height: number;
  display: ImageDisplay;
  range: [number, number];
  /** Print each value in its cell (small grids only). */
  numbers: boolean;
  /** How a value is printed in its cell (its tooltip has it in full); 4 significant digits unless given. */
  format?: (value: number) => string;
  title: string;
  testId?: string;
}) {
  if (width * height > MAX_HEAT_CELLS) {
    return (
      <figure className="heat-grid" data-testid={testId}>
        <figcaption>{title}</figcaption>
        <HeatCanvas values={values} width={width} height={height} display={display} range={range} />
      </figure>
    );
  }
  const cells: ReactNode[] = [];
  for (let i = 0; i < width * height; i++) {
    const value = values[i]!;
    const background = colorOf(value, range, display);
    // Light text on dark cells and dark on light ones.
    const [r, g, b] = background.match(/\d+/g)!.map(Number) as [number, number, number];
    const ink = 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#111' : '#f2f2f2';
    cells.push(
      <span key={i} className="heat-cell" style={{ background, color: ink }} title={String(value)}>
        {numbers ? format(value) : ''}
      </span>,
    );
  }
  return (
    <figure className="heat-grid" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className={`heat-cells ${numbers ? 'numbers' : 'dense'}`} style={{ gridTemplateColumns: `repeat(${width}, 1fr)`, aspectRatio: `${width} / ${height}` }}>
        {cells}
      </div>
    </figure>
  );
}

/** The symmetric range of a set of values, so 0 sits in the middle of a diverging map. */
export function symmetricRange(values: ArrayLike<number>): [number, number] {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return [-(m || 1), m || 1];
}

/** A message in the middle of a view (nothing to show yet, or why not). */
export function ViewMessage({ children, error = false }: { children: ReactNode; error?: boolean }) {
  return <div className={`view-message ${error ? 'param-problem' : 'muted'}`}>{children}</div>;
}
