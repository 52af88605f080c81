/**
 * The equivalence check of op.compare: both inputs overlaid, their residual, the measures (max
 * and RMS error, SNR in dB) and a clear pass or fail (the node's own verdict at its tolerance).
 * When an input came through FFTs too small for a linear convolution, a warning says the result
 * is circular and one click sets n on both FFTs (one undo entry); when images or volumes fail only
 * by float32 rounding, a note says so and one click sets the tolerance the rewrites use (1e-5).
 */
import { useMemo } from 'react';
import uPlot from 'uplot';
import type { Comparison } from '../../../src-shared/protocol';
import { displayRange } from '../../panels/colormap';
import { fmt } from '../../panels/PreviewView';
import { useEditor, useEditorStore } from '../../store/context';
import { AXIS, axisNumbers, ChartKey, COLORS, LiveChart, symmetricRange, useGenerations, useHostQuery, useInputRefs, ValueCanvas, ViewMessage } from '../common';
import { circularFix, describeCircularConvolution, findCircularConvolutions } from './circular';
import { describeFloat32Rounding, findFloat32Rounding, float32Fix } from './precision';
import { residualScale } from './residualScale';

export function CompareView({ nodeId }: { nodeId: string }) {
  const store = useEditorStore();
  const document = useEditor((state) => state.document);
  const nodeStates = useEditor((state) => state.nodeStates);
  const node = document.nodes.find((n) => n.id === nodeId);
  const [aRef, bRef] = useInputRefs(nodeId, ['a', 'b']);
  const generations = useGenerations([aRef?.node, bRef?.node]);
  const comparison = useHostQuery(`${JSON.stringify([aRef, bRef])}@${generations}`, (host) =>
    aRef && bRef ? host.compareValues(aRef, bRef) : Promise.resolve(undefined),
  );
  const circular = useMemo(
    () => findCircularConvolutions(document, nodeId, (id, port) => nodeStates[id]?.previews[port]),
    [document, nodeId, nodeStates],
  );
  const state = nodeStates[nodeId];
  const verdict = state?.previews.out?.kind === 'value' ? state.previews.out.fields : undefined;
  const tolerance = typeof node?.params?.tolerance === 'number' ? node.params.tolerance : 1e-9;
  const rounding = findFloat32Rounding(document, nodeId, verdict, (id, port) => nodeStates[id]?.previews[port]);
  const labelOf = (id: string | undefined) => (id ? (document.nodes.find((n) => n.id === id)?.label ?? id) : '');

  if (!aRef || !bRef) return <ViewMessage>Connect a and b to check that they agree.</ViewMessage>;
  const warnings = circular.map((problem) => (
    <div className="circular-warning" role="alert" key={problem.inverse}>
      <strong>⚠ This is a circular convolution.</strong> <span>{describeCircularConvolution(problem)}</span>
      <button type="button" className="primary" onClick={() => store.getState().applyFix(circularFix(problem))}>
        {circularFix(problem).label}
      </button>
    </div>
  ));
  if (rounding) {
    const fix = float32Fix(rounding);
    warnings.push(
      <div className="circular-warning" role="alert" key="float32" data-testid="float32-warning">
        <strong>⚠ This may be rounding, not a difference.</strong> <span>{describeFloat32Rounding(rounding)}</span>
        <button type="button" className="primary" onClick={() => store.getState().applyFix(fix)}>
          {fix.label}
        </button>
      </div>,
    );
  }
  let body;
  if (comparison.status === 'loading') body = <ViewMessage>Lining a and b up…</ViewMessage>;
  else if (comparison.status === 'error') body = <ViewMessage error>{comparison.error}</ViewMessage>;
  else if (!comparison.value) body = <ViewMessage>Waiting for a and b to have values…</ViewMessage>;
  else body = <ComparisonPlots comparison={comparison.value} labels={[labelOf(aRef.node), labelOf(bRef.node)]} />;
  const stats = comparison.status === 'ok' ? comparison.value?.stats : undefined;
  const pass = verdict ? verdict.match === 1 : undefined;
  return (
    <div className="compare-view" data-testid="compare-view">
      <div className="compare-main">
        {warnings}
        {body}
      </div>
      <aside className="compare-stats">
        <div className={`verdict ${pass === undefined ? 'unknown' : pass ? 'pass' : 'fail'}`} data-testid="compare-verdict">
          {pass === undefined ? (state?.status === 'error' ? 'error' : '…') : pass ? 'PASS' : 'FAIL'}
        </div>
        <p className="muted verdict-why">
          {verdict
            ? `relative error ${fmt(verdict.relError!)} ${pass ? '≤' : '>'} tolerance ${fmt(tolerance)}`
            : (state?.report?.error ?? 'not run yet')}
        </p>
        <table className="preview-value compare-table" data-testid="compare-stats">
          <tbody>
            <tr>
              <th>max |a − b|</th>
              <td>{stats ? fmt(stats.maxAbsError) : '—'}</td>
            </tr>
            <tr>
              <th>RMS error</th>
              <td>{stats ? fmt(stats.rmsError) : '—'}</td>
            </tr>
            <tr>
              <th>relative</th>
              <td>{stats ? fmt(stats.relError) : '—'}</td>
            </tr>
            <tr>
              <th>SNR</th>
              <td data-testid="compare-snr">{stats ? (stats.identical ? '∞ (identical)' : stats.snrDb === null ? '—' : `${stats.snrDb.toFixed(1)} dB`) : '—'}</td>
            </tr>
            <tr>
              <th>samples</th>
              <td>{stats ? stats.count : '—'}</td>
            </tr>
          </tbody>
        </table>
      </aside>
    </div>
  );
}

function ComparisonPlots({ comparison, labels }: { comparison: Comparison; labels: [string, string] }) {
  if (comparison.kind === 'value') {
    return (
      <div>
      <table className="preview-value compare-records">
        <thead>
          <tr>
            <th />
            <th>a: {labels[0]}</th>
            <th>b: {labels[1]}</th>
            <th>a − b</th>
          </tr>
        </thead>
        <tbody>
          {comparison.names.map((name, i) => (
            <tr key={name}>
              <th>{name}</th>
              <td>{fmt(comparison.a[i]!)}</td>
              <td>{fmt(comparison.b[i]!)}</td>
              <td>{fmt(comparison.a[i]! - comparison.b[i]!)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    );
  }
  if (comparison.kind === 'image') return <ImageComparison comparison={comparison} labels={labels} />;
  return <SignalComparison comparison={comparison} labels={labels} />;
}

function SignalComparison({ comparison, labels }: { comparison: Extract<Comparison, { kind: 'signal' | 'spectrum' }>; labels: [string, string] }) {
  const spectrum = comparison.kind === 'spectrum';
  const { overlay, residual, overlayOptions, residualOptions } = useMemo(() => {
    const a = comparison.a;
    const b = comparison.b;
    const r = comparison.residual;
    const x = Array.from(a, (_, i) => (spectrum ? i * comparison.step : comparison.start + i * comparison.step));
    const short = a.length <= 64;
    const stems = short ? uPlot.paths.bars!({ size: [0, 3, 2] }) : undefined;
    const base = (yLabel: string, splits?: number[]): Omit<uPlot.Options, 'width' | 'height' | 'series'> => ({
      scales: { x: { time: false } },
      cursor: { drag: { x: true, y: false, setScale: true } },
      axes: [
        { ...AXIS, size: 26, ...(short ? { incrs: [1, 2, 5, 10, 20] } : {}) },
        { ...AXIS, size: 64, label: yLabel, labelSize: 14, values: axisNumbers, ...(splits ? { splits: () => splits } : {}) },
      ],
    });
    const scale = residualScale(r, spectrum);
    return {
      overlay: [x, Array.from(a), Array.from(b)] as uPlot.AlignedData,
      residual: [x, Array.from(r)] as uPlot.AlignedData,
      overlayOptions: {
        ...base(spectrum ? '|X|' : 'value'),
        // Stems stand on 0, so 0 is in the range (uPlot's own padded below the smallest value).
        ...(stems ? { scales: { x: { time: false }, y: { range: (_u: uPlot, min: number, max: number) => uPlot.rangeNum(min, max, { min: { pad: 0.1, soft: 0, mode: 1 }, max: { pad: 0.1, soft: 0, mode: 1 } }) } } } : {}),
        series: [
          { label: spectrum ? 'bin' : 'k' },
          { label: `a: ${labels[0]}`, stroke: COLORS.f, width: 2.5, ...(stems ? { paths: stems } : {}), points: { show: short, size: 8, fill: COLORS.f, stroke: COLORS.f } },
          { label: `b: ${labels[1]}`, stroke: COLORS.g, width: 1.2, dash: [5, 4], points: { show: short, size: 5, fill: COLORS.g, stroke: COLORS.g } },
        ],
      } satisfies Omit<uPlot.Options, 'width' | 'height'>,
      residualOptions: {
        ...base(spectrum ? '|a − b|' : 'a − b', scale.splits),
        // Symmetric about 0 and labelled ±max |a − b| (residualScale): rounding noise reads as 1e-15, not as an error.
        scales: { x: { time: false }, y: { range: () => scale.range } },
        series: [
          { label: spectrum ? 'bin' : 'k' },
          { label: spectrum ? '|a − b|' : 'residual a − b', stroke: COLORS.residual, fill: `${COLORS.residual}33`, width: 1.5, ...(stems ? { paths: stems } : {}), points: { show: short, size: 5, fill: COLORS.residual, stroke: COLORS.residual } },
        ],
      } satisfies Omit<uPlot.Options, 'width' | 'height'>,
    };
  }, [comparison, labels, spectrum]);
  return (
    <div className="compare-plots">
      <ChartKey
        entries={[
          { label: `a: ${labels[0]}`, color: COLORS.f },
          { label: `b: ${labels[1]}`, color: COLORS.g, dashed: true },
          { label: spectrum ? '|a − b|' : 'residual a − b', color: COLORS.residual },
        ]}
      />
      <LiveChart className="compare-overlay" options={overlayOptions} data={overlay} />
      <LiveChart className="compare-residual" options={residualOptions} data={residual} />
      {comparison.step > 1 && (
        <p className="muted compare-reduced">
          Each point is the {spectrum ? 'bin' : 'sample'} of largest |a − b| among {comparison.step}, so the residual's peak is max |a − b|.
        </p>
      )}
    </div>
  );
}

function ImageComparison({ comparison, labels }: { comparison: Extract<Comparison, { kind: 'image' }>; labels: [string, string] }) {
  const plane = comparison.width * comparison.height;
  const a = useMemo(() => comparison.a.subarray(0, plane), [comparison, plane]);
  const b = useMemo(() => comparison.b.subarray(0, plane), [comparison, plane]);
  const residual = useMemo(() => comparison.residual.subarray(0, plane), [comparison, plane]);
  const display = useMemo(() => ({ colormap: comparison.fromSpectrum ? 'viridis' : 'gray', range: 'auto', log: comparison.fromSpectrum }) as const, [comparison.fromSpectrum]);
  // a and b on one colour range, so equal pixels look equal.
  const range = useMemo<[number, number]>(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const data of [a, b]) for (let i = 0; i < data.length; i++) {
      lo = Math.min(lo, data[i]!);
      hi = Math.max(hi, data[i]!);
    }
    return displayRange(lo, hi, display);
  }, [a, b, display]);
  const channels = comparison.channels > 1 ? ` (channel 0 of ${comparison.channels})` : '';
  // A volume shows one plane, but its max |a − b| is over every voxel: each says which.
  const shown = comparison.plane;
  const where = shown ? ` · ${shown.axis} ${shown.index} / ${shown.last}` : '';
  return (
    <div className="compare-images">
      <ValueCanvas data={a} width={comparison.width} height={comparison.height} display={display} range={range} label={`a: ${labels[0]}${channels}${where}`} />
      <ValueCanvas data={b} width={comparison.width} height={comparison.height} display={display} range={range} label={`b: ${labels[1]}${channels}${where}`} />
      <ValueCanvas
        data={residual}
        width={comparison.width}
        height={comparison.height}
        display={{ colormap: 'diverging', range: 'symmetric', log: false }}
        range={symmetricRange(residual)}
        label={shown ? `a − b${where} (max |a − b| over the volume ${fmt(comparison.stats.maxAbsError)})` : `a − b (max |a − b| ${fmt(comparison.stats.maxAbsError)})`}
      />
    </div>
  );
}
