/**
 * The complexity profiler: the host times the selected convolution (or a direct/FFT pair) over
 * sizes 2^8 upward in a worker of its own, streaming each timing; here they are plotted as time
 * against n on log–log axes with the fitted slope — about 2 for direct convolution (n²), about 1
 * for the FFT route (n log n). Progress and cancel while it runs.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import { useStore } from 'zustand';
import type { ProfileEvent, ProfileOperation, ProfileSeriesRequest, SlopeFit } from '../../../src-shared/protocol';
import { useOpenBlock } from '../../canvas/BlockScope';
import { portTypesFor } from '../../canvas/rules';
import { fmt } from '../../panels/PreviewView';
import { SERIES_COLORS } from '../../panels/SignalChart';
import { useEditor, useEditorStore } from '../../store/context';
import { AXIS, COLORS, LiveChart, ViewMessage } from '../common';
import { OPERATION_WORDS, profileSeriesFor, scopedTypeOf } from './series';

const PALETTE = [...SERIES_COLORS, COLORS.product, COLORS.output];
const OPERATIONS: readonly ProfileOperation[] = ['direct', 'fft', 'overlap-add', 'auto', 'fft-chain'];

interface Run {
  readonly profileId?: number;
  readonly series: readonly ProfileSeriesRequest[];
  readonly status: 'starting' | 'running' | 'done' | 'cancelled' | 'failed';
  readonly points: readonly (readonly { n: number; ms: number }[])[];
  readonly fits: readonly (SlopeFit | undefined)[];
  readonly progress: number;
  readonly current?: { series: number; n: number };
  readonly stopped?: readonly string[];
  readonly error?: string;
}

/** What a slope means, in words for the legend. */
export function slopeWords(slope: number): string {
  if (slope > 1.75) return '≈ n²';
  if (slope > 1.3) return 'between n log n and n²';
  if (slope > 0.8) return '≈ n log n';
  return 'below linear: overhead still dominates';
}

export function ProfileView() {
  const store = useEditorStore();
  const selection = useEditor((state) => state.selection.nodes);
  const document = useEditor((state) => state.document);
  // Inside an opened block, inner nodes are typed as the whole graph runs them (by flat id).
  const open = useOpenBlock();
  const whole = useStore(open?.root ?? store, (state) => state.document);
  const typeOf = useMemo(
    () => scopedTypeOf(portTypesFor(document), open ? { instance: open.instance, types: portTypesFor(whole) } : undefined),
    [document, open, whole],
  );
  const selected = useMemo(() => profileSeriesFor(document, selection, typeOf), [document, selection, typeOf]);
  const dims = selected[0]?.dims ?? 1;
  const [extra, setExtra] = useState<readonly ProfileOperation[]>([]);
  const [toLog2, setToLog2] = useState(18);
  const [budget, setBudget] = useState(1500);
  const [run, setRun] = useState<Run>();
  const runRef = useRef(run);
  runRef.current = run;

  const series = useMemo(() => {
    const list = [...selected];
    for (const operation of extra) {
      if (!list.some((s) => s.operation === operation)) list.push({ label: OPERATION_WORDS[operation], operation, dims });
    }
    return list;
  }, [selected, extra, dims]);

  useEffect(() => {
    const host = store.getState().host;
    return host.onEvent((event) => {
      if (!event.kind.startsWith('profile')) return;
      const profile = event as ProfileEvent;
      setRun((current) => (current && current.profileId === profile.profileId ? reduce(current, profile) : current));
    });
  }, [store]);

  // A profile still running when the view closes is cancelled: nobody would see it.
  useEffect(
    () => () => {
      const current = runRef.current;
      if (current?.profileId !== undefined && (current.status === 'running' || current.status === 'starting')) {
        void store.getState().host.cancelProfile(current.profileId).catch(() => undefined);
      }
    },
    [store],
  );

  const start = (): void => {
    const request = { series, fromLog2: 8, toLog2, pointBudgetMs: budget };
    setRun({ series, status: 'starting', points: series.map(() => []), fits: series.map(() => undefined), progress: 0 });
    store
      .getState()
      .host.profile(request)
      .then(
        ({ profileId }) => setRun((current) => (current && current.profileId === undefined ? { ...current, profileId, status: 'running' } : current)),
        (error: unknown) => setRun((current) => current && { ...current, status: 'failed', error: error instanceof Error ? error.message : String(error) }),
      );
  };
  const cancel = (): void => {
    if (run?.profileId !== undefined) void store.getState().host.cancelProfile(run.profileId);
  };
  const running = run?.status === 'running' || run?.status === 'starting';

  if (selected.length === 0) {
    return <ViewMessage>Select a convolve node, or a direct convolution together with the FFT route, to time them over growing sizes.</ViewMessage>;
  }
  return (
    <div className="profile-view" data-testid="profile-view" data-status={run?.status ?? 'idle'}>
      <div className="profile-controls">
        <span className="muted">Time</span>
        {OPERATIONS.map((operation) => {
          const fromSelection = selected.some((s) => s.operation === operation);
          return (
            <label key={operation} className="profile-choice">
              <input
                type="checkbox"
                checked={fromSelection || extra.includes(operation)}
                disabled={fromSelection || running}
                onChange={(event) => setExtra(event.target.checked ? [...extra, operation] : extra.filter((o) => o !== operation))}
              />
              {OPERATION_WORDS[operation]}
            </label>
          );
        })}
        <label>
          {dims === 2 ? 'pixels' : 'n'} from 2<sup>8</sup> to 2
          <sup>
            <select aria-label="Largest size" value={toLog2} disabled={running} onChange={(event) => setToLog2(Number(event.target.value))}>
              {[10, 12, 14, 16, 18, 20, 22].map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </sup>
        </label>
        <label>
          at most{' '}
          <select aria-label="Time budget per size" value={budget} disabled={running} onChange={(event) => setBudget(Number(event.target.value))}>
            <option value={500}>0.5 s</option>
            <option value={1500}>1.5 s</option>
            <option value={5000}>5 s</option>
          </select>{' '}
          per size
        </label>
        {running ? (
          <button type="button" onClick={cancel} disabled={run?.profileId === undefined}>
            Cancel
          </button>
        ) : (
          <button type="button" className="primary" onClick={start}>
            {run ? 'Run again' : 'Run profile'}
          </button>
        )}
        {running && (
          <>
            <progress max={1} value={run?.progress ?? 0} aria-label="Profile progress" />
            <span className="muted" data-testid="profile-progress">
              {run?.current ? `timing ${run.series[run.current.series]?.label} at n = ${run.current.n.toLocaleString('en')}…` : 'starting the profiler…'}
            </span>
          </>
        )}
        {run?.status === 'cancelled' && <span className="muted">cancelled</span>}
        {run?.status === 'failed' && <span className="param-problem">{run.error}</span>}
      </div>
      <div className="profile-body">
        {run ? <ProfileChart run={run} /> : <ViewMessage>Run the profile to plot time against n on log–log axes.</ViewMessage>}
        <aside className="profile-legend" data-testid="profile-legend">
          {(run?.series ?? series).map((s, i) => {
            const fit = run?.fits[i];
            return (
              <div key={`${s.operation}.${i}`} className="profile-series" data-slope={fit ? fit.slope.toFixed(3) : ''}>
                <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
                <strong>{s.label}</strong>
                <span className="muted">{s.dims === 2 ? 'image + kernel ¼ side' : 'two signals of n samples'}</span>
                {fit ? (
                  <span>
                    slope <strong data-testid={`slope-${i}`}>{fit.slope.toFixed(2)}</strong> {slopeWords(fit.slope)}
                    <span className="muted">
                      {' '}
                      (fit over n = {fit.fromN.toLocaleString('en')} … {fit.toN.toLocaleString('en')})
                    </span>
                  </span>
                ) : (
                  <span className="muted">{run ? 'timing…' : ''}</span>
                )}
                {run?.stopped?.[i] && <span className="muted">{run.stopped[i]}</span>}
              </div>
            );
          })}
          <p className="muted profile-note">
            On log–log axes a cost n<sup>p</sup> is a line of slope p: doubling n multiplies the time by 2<sup>p</sup> — 4× for direct convolution, a
            little over 2× for the FFT route.
          </p>
        </aside>
      </div>
    </div>
  );
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 2¹⁰ for 1024: sizes on the log axis read as powers of two. */
export function powerOfTwo(n: number): string {
  const k = Math.log2(n);
  if (!Number.isInteger(k) || k < 8) return String(Math.round(n));
  return `2${String(k).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!)}`;
}

function reduce(run: Run, event: ProfileEvent): Run {
  switch (event.kind) {
    case 'profileProgress':
      return { ...run, status: 'running', progress: event.fraction, current: { series: event.series, n: event.n } };
    case 'profilePoint': {
      const points = run.points.map((list, i) => (i === event.series ? [...list, { n: event.n, ms: event.ms }] : list));
      const fits = run.fits.map((fit, i) => (i === event.series ? (event.fit ?? fit) : fit));
      return { ...run, points, fits };
    }
    case 'profileEnd':
      return { ...run, status: event.status, progress: 1, stopped: event.stopped, ...(event.error ? { error: event.error } : {}) };
  }
}

function ProfileChart({ run }: { run: Run }) {
  const { options, data } = useMemo(() => {
    const sizes = [...new Set(run.points.flat().map((p) => p.n))].sort((a, b) => a - b);
    const columns: (number | null)[][] = [];
    const series: uPlot.Series[] = [{ label: 'n' }];
    run.series.forEach((s, i) => {
      const color = PALETTE[i % PALETTE.length]!;
      const byN = new Map(run.points[i]!.map((p) => [p.n, p.ms]));
      columns.push(sizes.map((n) => byN.get(n) ?? null));
      series.push({ label: s.label, stroke: color, width: 2, points: { show: true, size: 7, fill: color, stroke: color }, spanGaps: true });
      const fit = run.fits[i];
      // The fitted line over the sizes it was fitted on: ms = 2^(slope·log2 n + intercept).
      columns.push(sizes.map((n) => (fit && n >= fit.fromN && n <= fit.toN ? 2 ** (fit.slope * Math.log2(n) + fit.intercept) : null)));
      series.push({ label: `${s.label} fit`, stroke: color, width: 1, dash: [6, 5], points: { show: false }, spanGaps: true });
    });
    const allMs = run.points.flat().map((p) => p.ms).filter((ms) => ms > 0);
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      scales: {
        x: { time: false, distr: 3, log: 2 },
        y: { distr: 3, log: 10, range: allMs.length ? [Math.min(...allMs) / 2, Math.max(...allMs) * 2] : [0.001, 1] },
      },
      legend: { show: false },
      axes: [
        { ...AXIS, size: 30, label: 'n (log scale)', labelSize: 14, values: (_u, splits) => splits.map((v) => (v == null ? null : powerOfTwo(v))) },
        // uPlot leaves minor log ticks unlabelled by passing null.
        { ...AXIS, size: 60, label: 'ms (log scale)', labelSize: 14, values: (_u, splits) => splits.map((v) => (v == null ? null : fmt(v))) },
      ],
      series,
    };
    return { options, data: [sizes, ...columns] as uPlot.AlignedData };
  }, [run]);
  if ((data[0] as number[]).length < 1) return <ViewMessage>Starting the profiler in its own worker…</ViewMessage>;
  return <LiveChart className="profile-chart" options={options} data={data} />;
}
