/**
 * Flip and slide: watch a convolution happen. For signals, f(τ) and g(t − τ) on one axis — g
 * flipped and shifted by t — their pointwise product shaded and its sum marked as the output at t,
 * traced on the output plot below as t moves (scrubber, step, play). For images, the kernel laid
 * over the patch under the pointer, with the products and their sum. A volume it does not slide
 * over (its middle plane alone would not add up to the 3-D output): it says so and what to do.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { BoundaryMode } from '../../../src-shared/dsp/convolve2d';
import { resolveParams } from '../../../src-shared/nodes/define';
import { correlateOperation } from '../../../src-shared/nodes/op.correlate';
import { getNodeDefinition } from '../../../src-shared/nodes/registry';
import { diceSource } from '../../../src-shared/nodes/source.dice';
import type { Preview } from '../../../src-shared/engine/preview';
import type { FullValue } from '../../../src-shared/protocol';
import { fmt } from '../../panels/PreviewView';
import { useEditor, useEditorStore } from '../../store/context';
import { AXIS, COLORS, HeatGrid, LiveChart, symmetricRange, useFullValues, useInputRefs, ValueCanvas, ViewMessage } from '../common';
import { paddedRange, patchAt, slideFrame, slideSetup, slideYRange, type Samples } from './geometry';

type SignalValue = Extract<FullValue, { kind: 'signal' }>;
type ImageValue = Extract<FullValue, { kind: 'image' }>;
export type SlideStyle = 'bar' | 'stem' | 'line';

/** Longest τ window the view animates sample by sample. */
const MAX_WINDOW = 50_000;

export function FlipSlideView({ nodeId }: { nodeId: string }) {
  const node = useEditor((state) => state.document.nodes.find((n) => n.id === nodeId));
  const status = useEditor((state) => state.nodeStates[nodeId]);
  const [aRef, bRef] = useInputRefs(nodeId, ['a', 'b']);
  const sourceType = useEditor((state) => (aRef ? state.document.nodes.find((n) => n.id === aRef.node)?.type : undefined));
  const labelKey = useEditor((state) =>
    JSON.stringify([aRef, bRef].map((ref) => (ref ? (state.document.nodes.find((n) => n.id === ref.node)?.label ?? ref.node) : ''))),
  );
  const labels = useMemo(() => JSON.parse(labelKey) as [string, string], [labelKey]);
  // A volume's full value is its middle plane: a 2-D slide over it would add up one plane of the
  // kernel and disagree with the engine's output, which sums every plane. Volumes are not fetched.
  const volume = useEditor((state) => [aRef, bRef, { node: nodeId, port: 'out' }].some((ref) => isVolumePreview(ref ? state.nodeStates[ref.node]?.previews[ref.port] : undefined)));
  const values = useFullValues(volume ? [] : [aRef, bRef, { node: nodeId, port: 'out' }]);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  const params = useMemo(() => (definition ? resolveParams(definition, node?.params) : {}), [definition, node?.params]);
  if (!node || !definition) return null;
  const correlate = node.type === correlateOperation.type;
  if (!aRef || !bRef) return <ViewMessage>Connect both inputs, a and {correlate ? 'the template' : 'the kernel'} b, to watch {correlate ? 'b slide over a' : 'b flip and slide over a'}.</ViewMessage>;
  if (status?.status === 'error' || status?.status === 'skipped') return <ViewMessage error>{status.report?.error ?? 'the node has no result'}</ViewMessage>;
  if (volume) {
    return (
      <ViewMessage>
        Flip and slide shows signals and images. A 3-D {correlate ? 'correlation' : 'convolution'} adds up the products over every plane of b at once, which one picture cannot show. To
        watch one in 2-D, take a plane of the volume with Slice and {correlate ? 'correlate' : 'convolve'} it with a 2-D kernel.
      </ViewMessage>
    );
  }
  if (values.status === 'loading') return <ViewMessage>Fetching the inputs and the output…</ViewMessage>;
  if (values.status === 'error') return <ViewMessage error>{values.error}</ViewMessage>;
  const [a, b, out] = values.value;
  if (!a || !b || !out) return <ViewMessage>Waiting for the node to run…</ViewMessage>;
  if (a.kind === 'signal' && b.kind === 'signal' && out.kind === 'signal') {
    if (a.step > 1 || b.step > 1 || out.step > 1) return <ViewMessage>These signals are too long to slide sample by sample here ({a.length} and {b.length} samples).</ViewMessage>;
    const style: SlideStyle = sourceType === diceSource.type ? 'bar' : a.length + b.length <= 80 ? 'stem' : 'line';
    return <Slide1d key={nodeId} nodeId={nodeId} a={a} b={b} out={out} correlate={correlate} integral={params.integral === true} style={style} labels={labels} />;
  }
  if (a.kind === 'image' && b.kind === 'image' && out.kind === 'image') {
    if (a.width !== a.fullWidth || b.width !== b.fullWidth || out.width !== out.fullWidth) {
      return <ViewMessage>The image is too large to inspect pixel by pixel here ({a.fullWidth}×{a.fullHeight}).</ViewMessage>;
    }
    return <Slide2d key={nodeId} a={a} b={b} out={out} correlate={correlate} boundary={String(params.boundary) as BoundaryMode} labels={labels} />;
  }
  return <ViewMessage>Flip and slide shows signals and images.</ViewMessage>;
}

/** A preview of a volume (its middle plane, with the volume's depth), not of an image. */
function isVolumePreview(preview: Preview | undefined): boolean {
  return preview !== undefined && (preview.kind === 'image' || preview.kind === 'spectrum2d') && preview.volume !== undefined;
}

function samplesOf(value: SignalValue): Samples {
  return { data: value.data, start: value.start, rate: value.rate };
}

/** Bars `width` of a sample wide, or stems (bars of 3 px at most). */
function pathsFor(style: 'bar' | 'stem', width: number): uPlot.Series.PathBuilder {
  return style === 'bar' ? uPlot.paths.bars!({ size: [width, 80] }) : uPlot.paths.bars!({ size: [0, 3, 2] });
}


/** The dashed vertical line at t, across a chart's plotting area. */
function strokeTLine(u: uPlot, x: number): void {
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = '#c792ea';
  ctx.setLineDash([4, 4]);
  ctx.lineWidth = devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.restore();
}

function Slide1d({
  nodeId,
  a,
  b,
  out,
  correlate,
  integral,
  style,
  labels,
}: {
  nodeId: string;
  a: SignalValue;
  b: SignalValue;
  out: SignalValue;
  correlate: boolean;
  integral: boolean;
  style: SlideStyle;
  labels: [string, string];
}) {
  const f = useMemo(() => samplesOf(a), [a]);
  const g = useMemo(() => samplesOf(b), [b]);
  const output = out.data;
  const setup = useMemo(() => slideSetup(f, g, { start: out.start, length: output.length }, { correlate, integral }), [f, g, out.start, output.length, correlate, integral]);
  const store = useEditorStore();
  const [wanted, setT] = useState(setup.tFirst);
  // A re-run may change the output's extent: keep t inside it.
  const t = Math.max(setup.tFirst, Math.min(setup.tLast, wanted));
  const [playing, setPlaying] = useState(false);
  const position = useRef(setup.tFirst);
  const time = a.rate !== 1 || integral;
  const unit = useCallback((index: number): number => (time ? index / a.rate : index), [time, a.rate]);
  const count = setup.tLast - setup.tFirst + 1;
  const span = setup.tauLast - setup.tauFirst + 1;

  useEffect(() => {
    if (!playing) return;
    if (position.current >= setup.tLast) position.current = setup.tFirst;
    const duration = Math.min(10_000, Math.max(3000, count * 350));
    let last = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      position.current = Math.min(setup.tLast, position.current + ((now - last) * count) / duration);
      last = now;
      setT(Math.round(position.current));
      if (position.current >= setup.tLast) setPlaying(false);
      else frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, setup, count]);

  const move = (next: number): void => {
    const clamped = Math.max(setup.tFirst, Math.min(setup.tLast, next));
    position.current = clamped;
    setPlaying(false);
    setT(clamped);
  };

  const frame = useMemo(() => slideFrame(setup, t), [setup, t]);
  const xFirst = Math.min(setup.tauFirst, setup.tFirst);
  const xLast = Math.max(setup.tauLast, setup.tLast);
  const xRange: [number, number] = [unit(xFirst) - (time ? 0 : 0.75), unit(xLast) + (time ? 0 : 0.75)];
  const tRef = useRef(t);
  tRef.current = t;

  const topOptions = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const yRange = slideYRange(setup);
    return {
      scales: { x: { time: false, range: xRange }, y: { range: yRange } },
      legend: { show: false },
      cursor: { show: false },
      axes: [
        { ...AXIS, size: 28, ...(time ? {} : { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }) },
        { ...AXIS, size: 48 },
      ],
      series: [
        {},
        {
          label: 'f·g',
          stroke: style === 'line' ? `${COLORS.product}cc` : COLORS.product,
          fill: `${COLORS.product}${style === 'line' ? '55' : 'aa'}`,
          width: style === 'line' ? 1 : 0,
          // Bars under bars and stems, an area under lines: the product is what gets summed.
          ...(style === 'line' ? {} : { paths: pathsFor('bar', style === 'stem' ? 0.35 : 0.95) }),
          points: { show: false },
        },
        {
          label: 'f(τ)',
          stroke: COLORS.f,
          width: style === 'line' ? 2 : 1.5,
          ...(style === 'bar' ? { fill: `${COLORS.f}40` } : {}),
          ...(style === 'line' ? {} : { paths: pathsFor(style, 0.7) }),
          points: { show: style === 'stem', size: 7, fill: COLORS.f, stroke: COLORS.f },
        },
        {
          label: 'g(t − τ)',
          stroke: COLORS.g,
          width: style === 'line' ? 2 : 1.5,
          ...(style === 'bar' ? { fill: `${COLORS.g}40` } : {}),
          ...(style === 'line' ? {} : { paths: pathsFor(style, 0.45) }),
          points: { show: style === 'stem', size: 5, fill: COLORS.g, stroke: COLORS.g },
        },
      ],
      hooks: {
        draw: [
          (u) => {
            // The line τ = t: where the flipped kernel's origin sits, and where the output is read below.
            strokeTLine(u, u.valToPos(unit(tRef.current), 'x', true));
          },
        ],
      },
    };
    // xRange and unit follow from setup, time and a.rate.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [setup, style, time]);

  const taus = useMemo(() => frame.tau.map(unit), [frame.tau, unit]);
  const topData = useMemo<uPlot.AlignedData>(() => [taus, frame.product, frame.f, frame.g] as uPlot.AlignedData, [taus, frame]);

  const outX = useMemo(() => Array.from({ length: output.length }, (_, i) => unit(out.start + i)), [output, out.start, unit]);
  const bottomOptions = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: false, range: xRange }, y: { range: paddedRange(output) } },
      legend: { show: false },
      cursor: { show: false },
      axes: [
        { ...AXIS, size: 30, label: time ? 't (s)' : 't', labelSize: 14, ...(time ? {} : { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }) },
        { ...AXIS, size: 48 },
      ],
      series: [
        {},
        // The whole output faintly, and the part traced so far (t' ≤ t) brightly; stems for short outputs.
        { label: 'output', stroke: `${COLORS.output}55`, width: 1, ...(style === 'line' ? {} : { paths: pathsFor('stem', 0) }), points: { show: style !== 'line', size: 4, stroke: `${COLORS.output}55`, fill: `${COLORS.output}55` } },
        { label: 'traced', stroke: COLORS.output, width: 2, ...(style === 'line' ? {} : { paths: pathsFor('stem', 0) }), points: { show: style !== 'line', size: 6, fill: COLORS.output, stroke: COLORS.output } },
      ],
      hooks: {
        draw: [
          (u) => {
            const x = u.valToPos(unit(tRef.current), 'x', true);
            const k = tRef.current - out.start;
            const { ctx } = u;
            ctx.save();
            strokeTLine(u, x);
            if (k >= 0 && k < output.length) {
              const y = u.valToPos(output[k]!, 'y', true);
              ctx.setLineDash([]);
              ctx.fillStyle = '#ffffff';
              ctx.strokeStyle = COLORS.output;
              ctx.lineWidth = 3 * devicePixelRatio;
              ctx.beginPath();
              ctx.arc(x, y, 5 * devicePixelRatio, 0, 2 * Math.PI);
              ctx.fill();
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setup, output, style, time],
  );
  const traced = useMemo(() => Array.from(output, (v, i) => (out.start + i <= t ? v : null)), [output, out.start, t]);
  const bottomData = useMemo<uPlot.AlignedData>(() => [outX, Array.from(output), traced] as uPlot.AlignedData, [outX, output, traced]);

  if (span > MAX_WINDOW) return <ViewMessage>The signals are too long to animate sample by sample ({span} positions).</ViewMessage>;
  const engineValue = output[t - out.start];
  const terms = frame.terms;
  // Zero products add nothing: the formula lists the ones that count.
  const counting = terms.filter((term) => term.f * term.g !== 0);
  const shown = counting.slice(0, 4).map((term) => `${fmt(term.f)}·${fmt(term.g)}`);
  const tLabel = time ? fmt(t / a.rate) : String(t);
  const verb = correlate ? `b(τ − ${tLabel})` : `g(${tLabel} − τ)`;
  return (
    <div className="flip-slide" data-testid="flip-slide" data-t={t}>
      <div className="flip-slide-controls">
        <button type="button" aria-label="Step back" title="Step back (one sample)" onClick={() => move(t - 1)} disabled={t <= setup.tFirst}>
          ◀
        </button>
        <button type="button" className="primary" aria-label={playing ? 'Pause' : 'Play'} onClick={() => setPlaying(!playing)}>
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button type="button" aria-label="Step forward" title="Step forward (one sample)" onClick={() => move(t + 1)} disabled={t >= setup.tLast}>
          ▶
        </button>
        <input
          type="range"
          aria-label="t"
          min={setup.tFirst}
          max={setup.tLast}
          step={1}
          value={t}
          onChange={(event) => move(Number(event.target.value))}
        />
        <output className="flip-slide-t" aria-label="t value">
          t = {tLabel}
          {time ? ' s' : ''}
        </output>
      </div>
      <div className="flip-slide-legend">
        <span className="chip" style={{ color: COLORS.f }}>■ f(τ) = {labels[0]}</span>
        <span className="chip" style={{ color: COLORS.g }}>
          ■ {correlate ? `b(τ − t) = ${labels[1]}, slid (correlation does not flip)` : `g(t − τ) = ${labels[1]}, flipped and shifted by t`}
        </span>
        <span className="chip" style={{ color: COLORS.product }}>■ f·g{integral ? ' / rate' : ''}, summed</span>
        <span className="chip" style={{ color: COLORS.output }}>● ({correlate ? 'a ⋆ b' : 'f * g'})(t)</span>
        {/* Sampled functions summed sample by sample: two unit boxes at 100 a second peak at 99.5, not
            at the area 1 a learner expects. Say so where they look, and offer the param that scales it. */}
        {time && !integral && (
          <span className="flip-slide-integral muted" data-testid="flip-slide-integral">
            a sum of samples ({fmt(a.rate)} a second), not an area:{' '}
            <button
              type="button"
              className="small"
              onClick={() => store.getState().applyFix({ label: `Turn on integral on ${nodeId}`, edits: [{ kind: 'setParam', node: nodeId, name: 'integral', value: true }] })}
            >
              turn on Integral
            </button>{' '}
            to scale it by 1/rate ≈ ∫ f(τ) g(t − τ) dτ
          </span>
        )}
      </div>
      <LiveChart className="flip-slide-top" options={topOptions} data={topData} />
      <LiveChart className="flip-slide-bottom" options={bottomOptions} data={bottomData} />
      <p className="flip-slide-sum" data-testid="flip-slide-sum">
        <span>
          {/* The value first, so a long expansion after it never hides it. */}
          y({tLabel}) = <strong data-testid="flip-slide-sum-value">{fmt(frame.sum)}</strong> = {integral ? '(1/rate)·' : ''}Σ<sub>τ</sub> f(τ)·{verb}
          {counting.length === 0
            ? ': no overlap'
            : ` = ${shown.join(' + ')}${counting.length > 4 ? ' + …' : ''} (${counting.length} ${counting.length === 1 ? 'product' : 'products'}${counting.length < terms.length ? ` of ${terms.length} overlapping samples` : ''})`}
        </span>
        <span className="muted">
          the engine's output at t: <strong data-testid="flip-slide-engine-value">{engineValue === undefined ? '—' : fmt(engineValue)}</strong>
        </span>
      </p>
    </div>
  );
}

function gridOf(value: ImageValue, channel = 0) {
  const plane = value.width * value.height;
  return { data: value.data.subarray(channel * plane, (channel + 1) * plane), width: value.width, height: value.height, origin: value.origin };
}

function Slide2d({
  a,
  b,
  out,
  correlate,
  boundary,
  labels,
}: {
  a: ImageValue;
  b: ImageValue;
  out: ImageValue;
  correlate: boolean;
  boundary: BoundaryMode;
  labels: [string, string];
}) {
  const image = useMemo(() => gridOf(a), [a]);
  const kernel = useMemo(() => gridOf(b), [b]);
  const output = useMemo(() => gridOf(out), [out]);
  // The output coordinate under study (pixel − origin); starts in the middle of the input.
  const [point, setPoint] = useState({ x: Math.floor(a.width / 2) - a.origin.x, y: Math.floor(a.height / 2) - a.origin.y });
  const [pinned, setPinned] = useState(false);
  const patch = useMemo(() => patchAt(image, kernel, point.x, point.y, { correlate, boundary }), [image, kernel, point, correlate, boundary]);
  const ox = point.x + out.origin.x;
  const oy = point.y + out.origin.y;
  const inside = ox >= 0 && oy >= 0 && ox < out.width && oy < out.height;
  const engineValue = inside ? output.data[oy * out.width + ox] : undefined;
  const small = kernel.width * kernel.height <= 49;
  const pick = (offset: { x: number; y: number }) => (pixel: { x: number; y: number } | undefined, click: boolean) => {
    if (!pixel || (pinned && !click)) return;
    if (click) setPinned(!pinned || !(pixel.x - offset.x === point.x && pixel.y - offset.y === point.y));
    setPoint({ x: pixel.x - offset.x, y: pixel.y - offset.y });
  };
  const outputDisplay = useMemo(() => {
    let lo = Infinity;
    for (let i = 0; i < output.data.length; i++) lo = Math.min(lo, output.data[i]!);
    return lo < 0 ? ({ colormap: 'diverging', range: 'symmetric', log: false } as const) : ({ colormap: 'gray', range: 'auto', log: false } as const);
  }, [output]);
  const productRange = symmetricRange(patch.cells.map((cell) => cell.product));
  // The patch in the input's own grays, so it looks like the pixels it was cut from.
  const imageRange = useMemo<[number, number]>(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < image.data.length; i++) {
      lo = Math.min(lo, image.data[i]!);
      hi = Math.max(hi, image.data[i]!);
    }
    return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
  }, [image]);
  const gray = { colormap: 'gray', range: 'auto', log: false } as const;
  const weightRange = symmetricRange(kernel.data);
  const diverging = { colormap: 'diverging', range: 'symmetric', log: false } as const;
  return (
    <div className="flip-slide-2d" data-testid="flip-slide-2d">
      <ValueCanvas
        data={image.data}
        width={a.width}
        height={a.height}
        display={{ colormap: 'gray', range: 'auto', log: false }}
        label={`a: ${labels[0]}${a.channels > 1 ? ` (channel 0 of ${a.channels})` : ''}`}
        onPixel={pick(a.origin)}
        overlay={
          <>
            {/* A crosshair finds the patch on a large image; the frame is the kernel's footprint. */}
            <line className="crosshair" x1={0} x2={a.width} y1={point.y + a.origin.y + 0.5} y2={point.y + a.origin.y + 0.5} />
            <line className="crosshair" y1={0} y2={a.height} x1={point.x + a.origin.x + 0.5} x2={point.x + a.origin.x + 0.5} />
            <rect className="patch-frame" x={patch.left} y={patch.top} width={patch.width} height={patch.height} />
            <rect className="patch-centre" x={point.x + a.origin.x} y={point.y + a.origin.y} width={1} height={1} />
          </>
        }
      />
      <div className="flip-slide-2d-maths">
        <div className="flip-slide-2d-grids">
          <HeatGrid values={patch.cells.map((cell) => cell.value)} width={patch.width} height={patch.height} display={gray} range={imageRange} numbers={small} title="patch of a" testId="patch-values" />
          <span className="operator">×</span>
          <HeatGrid
            values={patch.cells.map((cell) => cell.weight)}
            width={patch.width}
            height={patch.height}
            display={diverging}
            range={weightRange}
            numbers={small}
            title={correlate ? `b: ${labels[1]}` : `b flipped: ${labels[1]} rotated 180°`}
            testId="patch-weights"
          />
          <span className="operator">=</span>
          <HeatGrid values={patch.cells.map((cell) => cell.product)} width={patch.width} height={patch.height} display={diverging} range={productRange} numbers={small} title="products" testId="patch-products" />
        </div>
        <p className="flip-slide-sum" data-testid="flip-slide-sum">
          <span>
            y({point.x}, {point.y}) = Σ products = <strong data-testid="flip-slide-sum-value">{fmt(patch.sum)}</strong>
          </span>
          <span className="muted">
            engine output: <strong data-testid="flip-slide-engine-value">{engineValue === undefined ? 'outside the output (mode)' : fmt(engineValue)}</strong>
          </span>
          <span className="muted">{pinned ? 'pinned: click to follow the pointer again' : 'move over either image; click to pin'} · boundary {boundary}</span>
        </p>
      </div>
      <ValueCanvas
        data={output.data}
        width={out.width}
        height={out.height}
        display={outputDisplay}
        label={`${correlate ? 'a ⋆ b' : 'a * b'}${out.channels > 1 ? ' (channel 0)' : ''}`}
        onPixel={pick(out.origin)}
        overlay={
          inside ? (
            <>
              <line className="crosshair" x1={0} x2={out.width} y1={oy + 0.5} y2={oy + 0.5} />
              <line className="crosshair" y1={0} y2={out.height} x1={ox + 0.5} x2={ox + 0.5} />
              <rect className="patch-centre" x={ox} y={oy} width={1} height={1} />
            </>
          ) : undefined
        }
      />
    </div>
  );
}
