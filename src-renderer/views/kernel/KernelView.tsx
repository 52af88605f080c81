/**
 * The kernel inspector: a kernel's values (numbers and heat map) next to its frequency response
 * |H| (computed by the host), so that what a kernel does shows at a glance — the Gaussian passes
 * low frequencies, the Laplacian high ones, the ramp filter is |f|.
 */
import { useMemo, useState } from 'react';
import uPlot from 'uplot';
import { rampKernelNode } from '../../../src-shared/nodes/kernel.ramp';
import type { FilterCharacter, FrequencyResponse, FullValue } from '../../../src-shared/protocol';
import { fmt } from '../../panels/PreviewView';
import { useEditor } from '../../store/context';
import type { EditorState } from '../../store/document';
import { AXIS, axisNumbers, ChartKey, COLORS, HeatGrid, LiveChart, symmetricRange, useFullValues, useGenerations, useHostQuery, ValueCanvas, ViewMessage } from '../common';

export const CHARACTER_WORDS: Readonly<Record<FilterCharacter, string>> = {
  'low-pass': 'Low-pass: it keeps slow changes (|H| is largest at DC) and removes fine detail — a blur.',
  'high-pass': 'High-pass: it removes the average (|H(0)| ≈ 0) and keeps fast changes — edges and detail.',
  'band-pass': 'Band-pass: zero at DC and at the highest frequency, strongest in between — a smoothed derivative.',
  'all-pass': 'All-pass: |H| = 1 at every frequency — it changes nothing.',
  'high-boost': 'High-boost: it keeps DC (|H(0)| = 1) and amplifies high frequencies — sharpening.',
  other: 'Neither low- nor high-pass: read the curve.',
};

/**
 * The sample rate a kernel's samples take where it is used (a kernel carries none: in Convolve it
 * takes the signal's, NODES.md), read from the signal out of the first node it feeds that made
 * one; undefined where it meets no signal with a rate of its own (an image, a bare kernel).
 */
export function metRate(state: EditorState, nodeId: string): number | undefined {
  for (const edge of state.document.edges) {
    if (edge.source !== nodeId) continue;
    for (const preview of Object.values(state.nodeStates[edge.target]?.previews ?? {})) {
      if (preview.kind === 'signal' && preview.rate !== 1) return preview.rate;
    }
  }
  return undefined;
}

export function KernelView({ nodeId }: { nodeId: string }) {
  const type = useEditor((state) => state.document.nodes.find((n) => n.id === nodeId)?.type);
  const rate = useEditor((state) => metRate(state, nodeId));
  const status = useEditor((state) => state.nodeStates[nodeId]);
  const ref = useMemo(() => ({ node: nodeId, port: 'out' }), [nodeId]);
  const values = useFullValues([ref]);
  const generation = useGenerations([nodeId]);
  const response = useHostQuery(`${nodeId}@${generation}`, (host) => host.frequencyResponse(ref));
  if (status?.status === 'error') return <ViewMessage error>{status.report?.error}</ViewMessage>;
  if (values.status === 'error') return <ViewMessage error>{values.error}</ViewMessage>;
  if (response.status === 'error') return <ViewMessage error>{response.error}</ViewMessage>;
  const value = values.status === 'ok' ? values.value[0] : undefined;
  const h = response.status === 'ok' ? response.value : undefined;
  if (!value || !h) return <ViewMessage>Computing the kernel's frequency response…</ViewMessage>;
  return (
    <div className="kernel-view" data-testid="kernel-view" data-character={h.character}>
      <section className="kernel-values">
        <h4>
          Values
          {h.kind === 'response3d' && (
            <span className="muted">
              {' '}
              (z plane {Math.floor(h.kernelDepth / 2)} of {h.kernelWidth} × {h.kernelHeight} × {h.kernelDepth})
            </span>
          )}
        </h4>
        <KernelValues value={value} whole={h.kind !== 'response3d'} />
      </section>
      <section className="kernel-response">
        <h4>
          Frequency response |H| <span className="muted">(magnitude of the DFT, zero-padded to {h.size}{h.kind === 'response2d' ? `×${h.size}` : h.kind === 'response3d' ? '³' : ''})</span>
        </h4>
        {h.kind === 'response1d' ? (
          <Response1d response={h.rate === 1 && rate !== undefined ? { ...h, rate } : h} ramp={type === rampKernelNode.type} />
        ) : h.kind === 'response2d' ? (
          <Response2d response={h} />
        ) : (
          <Response3d response={h} />
        )}
        {h.kind === 'response1d' && h.rate === 1 && rate !== undefined && <p className="muted kernel-rate">in Hz at {Number.isInteger(rate) ? rate : fmt(rate)} samples a second, the rate of the signal it meets</p>}
        <p className="kernel-character" data-testid="kernel-character">
          <strong>{h.character}</strong> · |H(0)| = {fmt(h.dcGain)} · |H(½)| = {fmt(h.nyquistGain)} · peak {fmt(h.peakGain)}
          <br />
          <span className="muted">{CHARACTER_WORDS[h.character]}</span>
        </p>
      </section>
    </div>
  );
}

/**
 * Σ of a 2-D kernel's values as the view received them: exact when they are all there; a kernel
 * over the view's size arrives as block averages (a 4096² box as 1024² means of 4 × 4), whose sum
 * times the pixels each stands for is the kernel's Σ up to the blocks cut at its edges.
 */
export function kernelImageSum(value: Extract<FullValue, { kind: 'image' }>): { readonly sum: number; readonly exact: boolean } {
  let sum = 0;
  const count = value.width * value.height;
  for (let i = 0; i < count; i++) sum += value.data[i]!;
  const exact = value.width === value.fullWidth && value.height === value.fullHeight;
  return { sum: exact ? sum : (sum * value.fullWidth * value.fullHeight) / count, exact };
}

/** A kernel's values; `whole` false for a 3-D kernel, whose full value is its middle z plane (its Σ is not the gain at DC). */
function KernelValues({ value, whole }: { value: FullValue; whole: boolean }) {
  const diverging = { colormap: 'diverging', range: 'symmetric', log: false } as const;
  if (value.kind === 'image') {
    const data = value.data.subarray(0, value.width * value.height);
    const { sum, exact } = kernelImageSum(value);
    const shrunk = exact ? '' : `, from ${value.width}×${value.height} block means of its ${value.fullWidth}×${value.fullHeight}`;
    return (
      <>
        <HeatGrid values={data} width={value.width} height={value.height} display={diverging} range={symmetricRange(data)} numbers={value.width <= 9 && value.height <= 9} title={`${value.width}×${value.height}, origin (${value.origin.x}, ${value.origin.y})`} testId="kernel-values" />
        <p className="muted">{whole ? `Σ ${exact ? '=' : '≈'} ${fmt(sum)} (the gain at DC${shrunk})` : `Σ over this plane ${exact ? '=' : '≈'} ${fmt(sum)}${shrunk ? ` (${shrunk.slice(2)})` : ''}`}</p>
      </>
    );
  }
  if (value.kind === 'signal') {
    const data = value.data;
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i]!;
    return (
      <>
        {data.length <= 15 ? (
          <HeatGrid values={data} width={data.length} height={1} display={diverging} range={symmetricRange(data)} numbers title={`${data.length} taps from k = ${value.start}`} testId="kernel-values" />
        ) : (
          <TapsChart data={data} start={value.start} />
        )}
        <p className="muted">Σ = {fmt(sum)} (the gain at DC)</p>
      </>
    );
  }
  return <ViewMessage>Not a kernel.</ViewMessage>;
}

function TapsChart({ data, start }: { data: Float64Array; start: number }) {
  const { options, plotData } = useMemo(() => {
    const x = Array.from(data, (_, i) => start + i);
    return {
      plotData: [x, Array.from(data)] as uPlot.AlignedData,
      options: {
        scales: { x: { time: false } },
        legend: { show: false },
        axes: [{ ...AXIS, size: 26, label: 'k', labelSize: 14 }, { ...AXIS, size: 52 }],
        series: [{}, { stroke: COLORS.f, width: 1.2, paths: uPlot.paths.bars!({ size: [0, 2, 1] }), points: { show: data.length <= 80, size: 4, fill: COLORS.f } }],
      } satisfies Omit<uPlot.Options, 'width' | 'height'>,
    };
  }, [data, start]);
  return <LiveChart className="kernel-taps" options={options} data={plotData} />;
}

function Response1d({ response, ramp }: { response: Extract<FrequencyResponse, { kind: 'response1d' }>; ramp: boolean }) {
  const { options, data } = useMemo(() => {
    const magnitude = response.magnitude;
    const middle = Math.floor(response.size / 2);
    const hz = response.rate !== 1;
    const x = Array.from(magnitude, (_, i) => ((i - middle) / response.size) * (hz ? response.rate : 1));
    const series: uPlot.Series[] = [{}, { label: '|H(f)|', stroke: ramp ? `${COLORS.product}aa` : COLORS.product, width: ramp ? 5 : 2, fill: `${COLORS.product}22` }];
    const columns: (number[] | Float64Array)[] = [x, Array.from(magnitude)];
    if (ramp) {
      // The ideal ramp |f| (cycles per sample) the filter approximates.
      series.push({ label: 'ideal ramp |f|', stroke: COLORS.g, width: 1.5, dash: [7, 5] });
      columns.push(x.map((f) => Math.abs(hz ? f / response.rate : f)));
    }
    return {
      data: columns as uPlot.AlignedData,
      options: {
        scales: { x: { time: false, range: [x[0]!, -x[0]!] } },
        axes: [
          { ...AXIS, size: 30, label: hz ? 'f (Hz)' : 'f (cycles per sample)', labelSize: 14 },
          { ...AXIS, size: 52, values: axisNumbers },
        ],
        series,
      } satisfies Omit<uPlot.Options, 'width' | 'height'>,
    };
  }, [response, ramp]);
  return (
    <>
      {ramp && (
        <ChartKey
          entries={[
            { label: '|H(f)| of the kernel', color: COLORS.product },
            { label: 'ideal ramp |f|', color: COLORS.g, dashed: true },
          ]}
        />
      )}
      <LiveChart className="kernel-response-chart" options={options} data={data} />
    </>
  );
}

function Response2d({ response }: { response: Extract<FrequencyResponse, { kind: 'response2d' }> }) {
  const magnitude = response.magnitude;
  const [hover, setHover] = useState<{ x: number; y: number }>();
  const size = response.size;
  const middle = Math.floor(size / 2);
  const at = (pixel: { x: number; y: number }) => ({ fx: (pixel.x - middle) / size, fy: (pixel.y - middle) / size });
  return (
    <div className="kernel-response-2d">
      <ValueCanvas
        data={magnitude}
        width={size}
        height={size}
        display={{ colormap: 'viridis', range: 'auto', log: false }}
        range={[0, response.peakGain || 1]}
        onPixel={(pixel) => setHover(pixel)}
        overlay={
          <>
            <line className="axis-line" x1={middle + 0.5} y1={0} x2={middle + 0.5} y2={size} />
            <line className="axis-line" x1={0} y1={middle + 0.5} x2={size} y2={middle + 0.5} />
          </>
        }
      />
      <p className="muted kernel-readout">
        {hover
          ? `fx = ${fmt(at(hover).fx)}, fy = ${fmt(at(hover).fy)}: |H| = ${fmt(magnitude[hover.y * size + hover.x]!)}`
          : // Said here, under the map, not on it: a caption over the map hid the rows of |H| at fy = −½.
            '|H(fx, fy)|: DC in the middle, ±½ at the edges, fx →, fy ↓ · hover for |H|'}
      </p>
    </div>
  );
}

/** The three planes through DC of a 3-D kernel's |H|, on one colour scale. */
function Response3d({ response }: { response: Extract<FrequencyResponse, { kind: 'response3d' }> }) {
  const { size, planes } = response;
  const plane = size * size;
  const labels = ['fz = 0 · fx →, fy ↓', 'fy = 0 · fx →, fz ↓', 'fx = 0 · fy →, fz ↓'];
  return (
    <div className="kernel-response-3d" data-testid="kernel-response-3d">
      {labels.map((label, i) => (
        <ValueCanvas key={label} data={planes.subarray(i * plane, (i + 1) * plane)} width={size} height={size} display={{ colormap: 'viridis', range: 'auto', log: false }} range={[0, response.peakGain || 1]} label={label} />
      ))}
      <p className="muted kernel-readout">the planes through DC of |H(fx, fy, fz)|: DC in each middle, ±½ at the edges</p>
    </div>
  );
}
