/**
 * One learned first-layer kernel (enc.0.conv1: 3×3×3 taps on the input) as its three z planes,
 * and its |H| zero-padded to size³ as the three planes through DC (the kernel inspector's
 * picture in 3-D): what that kernel does to each spatial frequency of the volume.
 */
import { useMemo } from 'react';
import type { UNetKernel } from '../../../src-shared/nodes/unet3d-features';
import { fmt } from '../../panels/PreviewView';
import { HeatGrid, symmetricRange, ValueCanvas } from '../common';
import { responsePlanes } from './responsePlanes';

/**
 * A tap as its cell prints it: two decimals without the leading zero (-.39, .04), which fits a
 * cell of the narrow kernel column; four significant digits were cut off at the cell's edge
 * (-0.3860 read "-0.38", -0.0049 read "-0.00"). Its tooltip has the value in full.
 */
export function tapText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = value.toFixed(2);
  if (Number(rounded) === 0) return '0';
  return Math.abs(value) < 1 ? rounded.replace('0.', '.') : rounded;
}

const DIVERGING = { colormap: 'diverging', range: 'symmetric', log: false } as const;
const VIRIDIS = { colormap: 'viridis', range: 'auto', log: false } as const;

export function FirstLayerKernel({ kernel, onKernel }: { kernel: UNetKernel; onKernel: (index: number) => void }) {
  const taps = kernel.taps;
  const planes = useMemo(() => responsePlanes(kernel.response, kernel.size), [kernel]);
  const range = symmetricRange(taps);
  return (
    <section className="unet-kernel" aria-label="First-layer kernel" data-testid="unet-kernel">
      <h4>
        Kernel{' '}
        <select aria-label="Kernel" value={kernel.index} onChange={(event) => onKernel(Number(event.target.value))}>
          {Array.from({ length: kernel.count }, (_, i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>{' '}
        <span className="muted">of {kernel.count} learned by enc.0.conv1 · bias {fmt(kernel.bias)}</span>
      </h4>
      <div className="unet-taps">
        {[0, 1, 2].map((z) => (
          <HeatGrid key={z} values={taps.subarray(9 * z, 9 * z + 9)} width={3} height={3} display={DIVERGING} range={range} numbers format={tapText} title={`z = ${z}`} testId={`unet-taps-${z}`} />
        ))}
      </div>
      <h4>
        |H| <span className="muted">padded to {kernel.size}³, planes through DC · |H(0)| = {fmt(kernel.dcGain)} · peak {fmt(kernel.peakGain)}</span>
      </h4>
      <div className="unet-response" data-testid="unet-response">
        {planes.map((plane) => (
          <ValueCanvas key={plane.label} data={plane.data} width={kernel.size} height={kernel.size} display={VIRIDIS} range={[0, kernel.peakGain || 1]} label={plane.label} />
        ))}
      </div>
    </section>
  );
}
