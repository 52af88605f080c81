/**
 * The large preview of the selected node, from full-resolution data (HostApi.getValue): a
 * zoomable plot for signals and spectra (a node's overlay inputs drawn together), a pixel-exact
 * image with the value under the cursor, a table for value records, and a play button where the
 * node's definition offers one (its `display`).
 * It fetches again only when a source produced a fresh (not cached) result. A signal comes as
 * its min/max envelope at about two columns per pixel (envelope.ts), a spectrum as the largest
 * bin of each such column (its peaks), and a zoom or pan fetches the envelope or peaks, or the
 * samples or bins themselves, of the range shown (debounced, the newest range only).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { resolveParams } from '../../src-shared/nodes/define';
import { displayOf, type SpectrumDisplay } from '../../src-shared/nodes/display';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import type { FullValue } from '../../src-shared/protocol';
import { blockDefinitionOf, isBlockNode } from '../../src-shared/graph/blocks';
import { innerNodeId, type GraphDocument, type GraphNode } from '../../src-shared/graph/document';
import { useShallow } from 'zustand/react/shallow';
import { useEditor, useEditorStore } from '../store/context';
import { volumeShape } from '../views/volume/slices';
import { VolumeView } from '../views/volume/VolumeView';
import type { EditorState } from '../store/document';
import { AudioPlayer } from './AudioPlayer';
import { ImageView } from './ImageView';
import { ValueTable } from './PreviewView';
import { SignalChart, type ChartSeries } from './SignalChart';
import { SpectrumPlot, type SpectrumBins } from './SpectrumPlot';
import { countRender } from '../renderCount';
import { latestOnly } from '../views/volume/useVolumeImage';
import { whyNoValue } from '../store/nodeStatus';
import {
  columnCount,
  envelopeColumns,
  envelopeSeries,
  isExact,
  peaksBins,
  perColumn as perColumnOfValue,
  visibleBins,
  visibleRange,
  type ColumnsValue,
  type EnvelopeValue,
  type PeaksValue,
  type SampleRange,
} from './envelope';
import type { HostApi } from '../../src-shared/protocol';

interface Source {
  readonly node: string;
  readonly port: string;
  readonly label: string;
  readonly generation: number;
}

/** Which values the selected node's large preview shows, with the freshness of each. */
/**
 * The node whose value the panel shows for the selected `id`: the node itself, or for a block node
 * the inner node behind its first output, under the flat id the engine runs it under.
 */
export function shownNode(document: GraphDocument, id: string | undefined): GraphNode | undefined {
  const node = id ? document.nodes.find((n) => n.id === id) : undefined;
  if (!node || !isBlockNode(node)) return node;
  const first = blockDefinitionOf(document, node)?.outputs[0];
  const inner = first ? blockDefinitionOf(document, node)!.nodes.find((n) => n.id === first.from.node) : undefined;
  return inner ? { ...inner, id: innerNodeId(node.id, inner.id) } : undefined;
}

/** The node and port behind output `port` of node `id`: through a block's output to its inner node. */
function flatOutput(document: GraphDocument, id: string, port: string): { node: string; port: string } {
  const node = document.nodes.find((n) => n.id === id);
  const output = node && isBlockNode(node) ? blockDefinitionOf(document, node)?.outputs.find((o) => o.name === port) : undefined;
  return output ? { node: innerNodeId(id, output.from.node), port: output.from.handle } : { node: id, port };
}

function sourcesOf(state: EditorState, id: string | undefined, output: string | undefined): Source[] {
  const node = shownNode(state.document, id);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!node || !definition) return [];
  const generation = (nodeId: string): number => state.nodeStates[nodeId]?.generation ?? 0;
  const overlayInputs = definition.display?.overlayInputs;
  if (overlayInputs && overlayInputs.length > 0) {
    return overlayInputs.flatMap((handle) => {
      const edge = state.document.edges.find((e) => e.target === node.id && e.targetHandle === handle);
      if (!edge) return [];
      // From a block's output, the value is its inner node's, under the flat id the engine runs it under.
      const from = flatOutput(state.document, edge.source, edge.sourceHandle);
      return [{ node: from.node, port: from.port, label: `${edge.source}.${edge.sourceHandle}`, generation: generation(from.node) }];
    });
  }
  if (definition.category === 'sink') return [{ node: node.id, port: 'sink', label: node.id, generation: generation(node.id) }];
  const port = definition.outputs.find((p) => p.id === output) ?? definition.outputs[0];
  return port ? [{ node: node.id, port: port.id, label: `${node.id}.${port.id}`, generation: generation(node.id) }] : [];
}

type Loaded = { readonly source: Source; readonly value: FullValue };

/**
 * What the panel asks for, so that decoding and drawing it stays under 50 ms on the page's thread
 * (measured: 2^18 samples or 1024² pixels made 50–280 ms tasks). A signal comes as its envelope
 * and a spectrum as its peaks (`envelope`, added per fetch: two columns per pixel of the plot);
 * an image larger than 512 pixels a side box-downscaled, and the header says so.
 */
const FETCH_LIMITS = { maxSamples: 1 << 16, maxSide: 512 } as const;

/** How long a zoom or pan rests before the panel fetches the detail of the range shown (ms). */
const DETAIL_AFTER_MS = 120;

/**
 * The detail fetched for the range shown: per source, the envelope or peaks of each range of it
 * shown (none: that source has no detail; two for a centred spectrum's range across 0 Hz).
 */
interface Detail {
  readonly key: string;
  readonly ranges: string;
  readonly values: readonly (readonly ColumnsValue[])[];
}

/** How the plot's x maps to a value's samples or bins: seconds or index; a spectrum's 0 Hz centred or at the left. */
interface Axis {
  readonly time: boolean;
  readonly centred: boolean;
}

/**
 * Per source, the samples or bins the x range shows, when they are a part of a long signal
 * fetched as an envelope or of a long spectrum fetched as peaks; undefined for none.
 */
function detailRanges(values: readonly Loaded[], x: readonly [number, number] | undefined, axis: Axis): (SampleRange[] | undefined)[] {
  return values.map(({ value }) => {
    if (!x || (value.kind !== 'envelope' && value.kind !== 'peaks') || isExact(value)) return undefined;
    const slack = Math.ceil(perColumnOfValue(value));
    if (value.kind === 'peaks') return visibleBins(value, x[0], x[1], axis.centred, slack);
    const range = visibleRange(value, x[0], x[1], axis.time, slack);
    return range ? [range] : undefined;
  });
}

/**
 * Each source's detail over its ranges: `columns` in all per source, shared among its ranges by
 * their lengths (so a range of no more bins than its share comes back bin for bin).
 */
async function fetchDetail(
  host: Pick<HostApi, 'getValue'>,
  key: string,
  values: readonly Loaded[],
  ranges: readonly (SampleRange[] | undefined)[],
  columns: number,
): Promise<Detail> {
  const answers = await Promise.all(
    values.map(async ({ source }, i) => {
      const parts = ranges[i] ?? [];
      const total = parts.reduce((sum, r) => sum + r.to - r.from, 0);
      const got = await Promise.all(
        parts.map((range) =>
          host.getValue(source.node, source.port, {
            ...FETCH_LIMITS,
            envelope: { columns: Math.max(1, Math.round((columns * (range.to - range.from)) / total)), ...range },
          }),
        ),
      );
      return got.filter((a): a is ColumnsValue => a?.kind === 'envelope' || a?.kind === 'peaks');
    }),
  );
  return { key, ranges: JSON.stringify(ranges), values: answers };
}

/** How long the panel waits for a run in flight to end before it fetches anyway (ms). */
const DEFER_WHILE_RUNNING_MS = 400;

function chartSeries(loaded: readonly Loaded[], detail: Detail | undefined, time: boolean): ChartSeries[] {
  return loaded.flatMap(({ source, value }, i) => {
    if (value.kind === 'envelope') {
      // A signal no longer than the plot's columns is its samples: a plain line, as before.
      if (isExact(value)) return [{ ...envelopeSeries(source.label, value, [], time), min: undefined }];
      return [envelopeSeries(source.label, value, (detail?.values[i] ?? []).filter((v): v is EnvelopeValue => v.kind === 'envelope'), time)];
    }
    // The panel asks every value with `envelope`: a signal always comes as one.
    return [];
  });
}

/**
 * A fetched spectrum's bins as the spectrum display takes them: its peaks, with the detail of the
 * range shown. (The panel asks every value with `envelope`, so a spectrum comes as its peaks.)
 */
function spectrumBins(loaded: Loaded | undefined, detail: readonly ColumnsValue[] | undefined): SpectrumBins | undefined {
  const value = loaded?.value;
  if (value?.kind !== 'peaks') return undefined;
  return peaksBins(value, (detail ?? []).filter((v): v is PeaksValue => v.kind === 'peaks'));
}

type SpectrumView = 'magnitude' | 'db' | 'phase';

const SPECTRUM_VIEWS: Readonly<Record<SpectrumView, SpectrumDisplay>> = {
  magnitude: { scale: 'linear', show: 'magnitude', centred: true },
  db: { scale: 'db', show: 'magnitude', centred: true },
  phase: { scale: 'linear', show: 'phase', centred: true },
};

export function LargePreview() {
  countRender('LargePreview');
  const store = useEditorStore();
  const selection = useEditor((state) => state.selection.nodes);
  const id = selection.length === 1 ? selection[0] : undefined;
  // The shown node itself (a block's is made anew, so compared by its id, type and params): an
  // edit of another node does not render the panel again.
  const node = useEditor(useShallow((state) => shownNode(state.document, id)));
  const [output, setOutput] = useState<string>();
  // One string, so the selector result compares by value and the panel re-renders only on change.
  const key = useEditor((state) => JSON.stringify(sourcesOf(state, id, output)));
  const sources = useMemo(() => JSON.parse(key) as Source[], [key]);
  const [loaded, setLoaded] = useState<{ key: string; values: Loaded[] }>();
  const [error, setError] = useState<string>();
  const [detail, setDetail] = useState<Detail>();
  // The x range the plot shows, as its last zoom or pan left it (undefined: everything).
  const shownX = useRef<readonly [number, number] | undefined>(undefined);
  const body = useRef<HTMLDivElement>(null);
  const columns = (): number => envelopeColumns(body.current?.clientWidth ?? 0);
  /** getValue's options for a source's overview: its envelope or peaks over the whole value. */
  const overviewOptions = () => ({ ...FETCH_LIMITS, envelope: { columns: columns() } });
  const definition = node ? getNodeDefinition(node.type) : undefined;
  const params = useMemo(() => (definition ? resolveParams(definition, node?.params) : {}), [definition, node?.params]);

  // A volume scrubs its planes here at full resolution (views/volume), whatever node made it.
  const volume = volumeShape(useEditor((state) => (sources.length === 1 ? state.nodeStates[sources[0]!.node]?.previews[sources[0]!.port] : undefined)));

  // Why a source has no value, when it failed or was skipped: said here, not "No value yet", which
  // reads as if it were still coming.
  // A node only waiting (a file not chosen, an input not wired) says so as the node does, muted.
  const firstWhy = (state: EditorState) => sources.map((source) => whyNoValue(state, source.node)).find((why) => why !== undefined);
  const unmade = useEditor((state) => firstWhy(state)?.text);
  const unmadeWaits = useEditor((state) => firstWhy(state)?.waiting === true);

  // Only what is shown waits for the run: with nothing shown, a run's start and end are no news here.
  const running = useEditor((state) => sources.length > 0 && state.run?.status === 'running');
  useEffect(() => {
    let stale = false;
    if (sources.length === 0 || sources.every((s) => s.generation === 0)) {
      setLoaded(undefined);
      return;
    }
    const fetch = (): void => {
      const host = store.getState().host;
      const overview = Promise.all(sources.map(async (source) => ({ source, value: await host.getValue(source.node, source.port, overviewOptions()) })));
      // Zoomed into a long signal or spectrum: its detail too, so fresh values show in the range the user looks at.
      const details = overview.then(async (values) => {
        const got = values.filter((v): v is Loaded => v.value !== undefined);
        const ranges = detailRanges(got, shownX.current, axisRef.current);
        if (ranges.every((r) => r === undefined)) return { got, detail: undefined };
        return { got, detail: await fetchDetail(host, key, got, ranges, columns()) };
      });
      details.then(
        ({ got, detail: fresh }) => {
          if (stale) return;
          setError(undefined);
          setLoaded({ key, values: got });
          setDetail(fresh);
        },
        (reason: unknown) => !stale && setError(reason instanceof Error ? reason.message : String(reason)),
      );
    };
    // Full-resolution data is big: while a run is in flight the canvas previews go first, and this
    // panel fetches when the run ends (or after a moment, for a long run).
    const timer = running ? setTimeout(fetch, DEFER_WHILE_RUNNING_MS) : undefined;
    if (!running) fetch();
    return () => {
      stale = true;
      if (timer) clearTimeout(timer);
    };
    // `key` captures every source and its freshness.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, store, running]);

  const display = useMemo(() => displayOf(definition, params), [definition, params]);
  const time = display.plot.x === 'time';
  // A node that declares its spectrum display shows that; any other node's spectrum, what this panel's menu says.
  const [spectrumView, setSpectrumView] = useState<SpectrumView>('magnitude');
  const spectrumDisplay = display.spectrum ?? SPECTRUM_VIEWS[spectrumView];
  const axisRef = useRef<Axis>({ time, centred: spectrumDisplay.centred });
  axisRef.current = { time, centred: spectrumDisplay.centred };
  const shownDetail = detail && loaded && detail.key === loaded.key ? detail : undefined;
  const signals = useMemo(() => (loaded ? chartSeries(loaded.values, shownDetail, time) : []), [loaded, shownDetail, time]);

  // A zoom or pan: once it rests, the envelope (or samples) of the range shown, newest range only;
  // the picture stays as it is until the answer is there.
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  const detailRef = useRef(detail);
  detailRef.current = detail;
  const fetcher = useRef<ReturnType<typeof latestOnly<string, Detail | undefined>>>(undefined);
  useEffect(() => {
    const created = latestOnly<string, Detail | undefined>(
      async (request) => {
        const { key: asked, ranges } = JSON.parse(request) as { key: string; ranges: (SampleRange[] | undefined)[] };
        const current = loadedRef.current;
        if (!current || current.key !== asked) return undefined;
        return fetchDetail(store.getState().host, asked, current.values, ranges, columns());
      },
      (fresh) => {
        // Only for what is still loaded: a fresh run's own fetch brings its detail itself.
        if (fresh && fresh.key === loadedRef.current?.key) setDetail(fresh);
      },
    );
    fetcher.current = created;
    return () => created.stop();
  }, [store]);
  const rangeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(rangeTimer.current), []);
  const onRange = useCallback((xMin: number, xMax: number) => {
    shownX.current = [xMin, xMax];
    clearTimeout(rangeTimer.current);
    rangeTimer.current = setTimeout(() => {
      const current = loadedRef.current;
      if (!current) return;
      const ranges = detailRanges(current.values, shownX.current, axisRef.current);
      const had = detailRef.current;
      if (ranges.every((r) => r === undefined)) {
        // Everything is shown again: the overview is the picture, and no detail is asked for.
        if (had) setDetail(undefined);
        return;
      }
      if (had && had.key === current.key && had.ranges === JSON.stringify(ranges)) return;
      fetcher.current?.want(JSON.stringify({ key: current.key, ranges }));
    }, DETAIL_AFTER_MS);
  }, []);
  const spectrum = useMemo(() => spectrumBins(loaded?.values[0], shownDetail?.values[0]), [loaded, shownDetail]);
  const image = loaded?.values[0]?.value.kind === 'image' ? loaded.values[0].value : undefined;
  const imageData = image?.data;
  const record = loaded?.values[0]?.value.kind === 'value' ? loaded.values[0].value : undefined;
  // Samples (or bins) per column of what is drawn when a signal is drawn as its envelope (a
  // spectrum as its peaks): the zoomed-in detail's when there is one (1 once it is the samples or
  // bins themselves), else the overview's.
  const shownValues = shownDetail?.values.flat() ?? [];
  const perColumnOf = (values: readonly FullValue[]): number =>
    Math.max(1, ...values.map((value) => (value.kind === 'envelope' || value.kind === 'peaks' ? perColumnOfValue(value) : 1)));
  const drawn = shownValues.length > 0 ? shownValues : (loaded?.values ?? []).map(({ value }) => value);
  const perColumn = perColumnOf(drawn);
  const peaks = drawn.some((value) => value.kind === 'peaks');

  if (!node || !definition) {
    return (
      <section className="large-preview empty" aria-label="Large preview">
        <span className="muted">Select a node to see its value here at full resolution.</span>
      </section>
    );
  }
  let content;
  if (volume) content = <VolumeView nodeId={sources[0]!.node} port={sources[0]!.port} shape={volume} display={display.image} mip={display.volume?.view === 'mip'} large />;
  else if (error) content = <p className="param-problem">{error}</p>;
  else if ((!loaded || loaded.values.length === 0) && unmade) content = <p className={unmadeWaits ? 'muted' : 'param-problem'}>{unmade}</p>;
  else if (!loaded || loaded.values.length === 0) content = <span className="muted">No value yet{sources.length === 0 ? ': connect an input' : ''}.</span>;
  else if (signals.length > 0) content = <SignalChart series={signals} style={display.plot.style} xLabel={time ? 't (s)' : 'k'} integerX={!time} onRange={onRange} />;
  else if (spectrum) content = <SpectrumPlot bins={spectrum} display={spectrumDisplay} label={loaded.values[0]!.source.label} large onRange={onRange} />;
  else if (image && imageData) content = <ImageView value={image} data={imageData} display={display.image} />;
  else if (record) content = <ValueTable fields={record.fields} />;
  return (
    <section className="large-preview" aria-label="Large preview" data-node-id={node.id}>
      <header>
        <strong>{node.label ?? definition.title}</strong>
        <span className="muted">{sources.map((s) => s.label).join(' · ')}</span>
        {perColumn > 1 && !peaks && (
          <span className="muted" title="Each column of the plot is the smallest and largest of the samples it covers; zoom in to see them one by one">
            min/max of ~{Math.round(perColumn)} samples per column
          </span>
        )}
        {perColumn > 1 && peaks && (
          <span
            className="muted"
            title="Each point is the bin of largest magnitude among the bins its column covers, drawn at that bin's frequency with that bin's phase, so no peak is left out; zoom in to see every bin (the nodes compute on every bin)"
          >
            largest of ~{Math.round(perColumn)} bins per point
          </span>
        )}
        {definition.category !== 'sink' && definition.outputs.length > 1 && (
          <select aria-label="Output" value={output ?? definition.outputs[0]!.id} onChange={(event) => setOutput(event.target.value)}>
            {definition.outputs.map((port) => (
              <option key={port.id}>{port.id}</option>
            ))}
          </select>
        )}
        {spectrum && !display.spectrum && (
          <select aria-label="Spectrum view" value={spectrumView} onChange={(event) => setSpectrumView(event.target.value as SpectrumView)}>
            <option value="magnitude">magnitude</option>
            <option value="db">magnitude (dB)</option>
            <option value="phase">phase</option>
          </select>
        )}
        {display.play && <AudioPlayer nodeId={node.id} normalize={display.play.normalize} />}
      </header>
      <div
        className="large-preview-body"
        ref={body}
        // What the plot last fetched in detail (tests read it): per source its ranges (a comma
        // between two of one spectrum), and whether they are the samples or bins themselves.
        data-detail={shownValues.length > 0 ? shownDetail!.values.map((parts) => parts.map((v) => `${v.from}-${v.to}`).join(',')).join(' ') : undefined}
        data-detail-exact={shownValues.length > 0 ? String(shownValues.every(isExact)) : undefined}
        data-columns={loaded?.values.map(({ value }) => (value.kind === 'envelope' || value.kind === 'peaks' ? columnCount(value) : '')).join(' ')}
      >
        {content}
      </div>
    </section>
  );
}
