/**
 * The one spectrum display, on the node (a small curve over the preview's columns) and in the
 * large preview (a zoomable chart over full-resolution bins): magnitude, linear or in dB below
 * the peak, or phase; 0 Hz at the left or centred. Both sizes go through `spectrumCurve`, so
 * they show the same numbers.
 */
import { useMemo } from 'react';
import type { SpectrumDisplay } from '../../src-shared/nodes/display';
import { SignalChart } from './SignalChart';
import { spectrumCurve, spectrumQuantity, type SpectrumBins, type SpectrumCurve } from './spectrumCurve';

export type { SpectrumBins };

const WIDTH = 220;
const HEIGHT = 96;
const PAD = 4;

/** A node's spectrum: one point per preview column, spread evenly across the node. */
function NodeSpectrum({ curve, display, n }: { curve: SpectrumCurve; display: SpectrumDisplay; n: number }) {
  const cols = curve.y.length;
  let gaps = 0;
  for (let c = 0; c < cols; c++) if (Number.isNaN(curve.y[c]!)) gaps++;
  // Bins left out are said on a second line of the labels' band, above the curve.
  const band = gaps > 0 ? 22 : 12;
  let path = '';
  // A NaN point (a bin that is NaN or infinite) is a gap: the curve starts again after it.
  let broken = true;
  for (let c = 0; c < cols; c++) {
    if (Number.isNaN(curve.y[c]!)) {
      broken = true;
      continue;
    }
    const x = cols <= 1 ? WIDTH / 2 : PAD + (c / (cols - 1)) * (WIDTH - 2 * PAD);
    const y = HEIGHT - PAD - ((curve.y[c]! - curve.lo) / (curve.hi - curve.lo || 1)) * (HEIGHT - 2 * PAD - band);
    path += `${broken ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    broken = false;
  }
  return (
    <svg className="preview-plot" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} data-preview="spectrum">
      {display.centred && <line x1={WIDTH / 2} x2={WIDTH / 2} y1={12} y2={HEIGHT} className="axis" />}
      <path d={path} className="trace spectrum" />
      <text x={PAD} y={10} className="label">
        {spectrumQuantity(display).short} · n={n}
        {display.centred ? ' · centred' : ''}
      </text>
      {gaps > 0 && (
        <text x={PAD} y={20} className="label warn" data-non-finite={gaps}>
          {gaps === cols ? 'every bin NaN or ±∞: nothing to draw' : 'bins NaN or ±∞ not drawn'}
        </text>
      )}
    </svg>
  );
}

export function SpectrumPlot({
  bins,
  display,
  label,
  large = false,
  onRange,
}: {
  bins: SpectrumBins;
  display: SpectrumDisplay;
  label: string;
  large?: boolean;
  /** The large chart's frequency range after every zoom or pan (the large preview fetches its bins). */
  onRange?: (xMin: number, xMax: number) => void;
}) {
  const curve = useMemo(() => spectrumCurve(bins, display), [bins, display]);
  const series = useMemo(() => [{ label: `${label} ${spectrumQuantity(display).axis}`.trim(), x: curve.x, y: curve.y }], [curve, label, display]);
  if (!large) return <NodeSpectrum curve={curve} display={display} n={bins.n} />;
  return <SignalChart series={series} style="line" xLabel="f (Hz)" onRange={onRange} />;
}
