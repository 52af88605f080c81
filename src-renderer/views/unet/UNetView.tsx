/**
 * The U-Net's teaching view: its levels as a chain of sizes (the strided convolution halving
 * every side, the transposed one doubling it back), one channel's plane of every stage's
 * feature maps side by side, and a learned first-layer 3×3×3 kernel with its |H|. The host
 * runs the forward pass with taps once per input (the `unetFeatures` probe); the page only draws.
 */
import { useState } from 'react';
import type { VolumeAxis } from '../../../src-shared/data';
import { useEditor } from '../../store/context';
import { ViewMessage } from '../common';
import { FeatureMaps } from './FeatureMaps';
import { FirstLayerKernel } from './FirstLayerKernel';
import { diagramText, mostChannels, sizeText, stageTitle, stepText } from './levels';
import { useUNetFeatures } from './useUNetFeatures';

export function UNetView({ nodeId }: { nodeId: string }) {
  const status = useEditor((state) => state.nodeStates[nodeId]);
  const generation = useEditor((state) => state.nodeStates[nodeId]?.generation ?? 0);
  const [channel, setChannel] = useState(0);
  const [axis, setAxis] = useState<VolumeAxis>('z');
  const [index, setIndex] = useState(-1);
  const [kernel, setKernel] = useState(0);
  const features = useUNetFeatures(nodeId, { channel, axis, index, kernel }, generation);
  if (status?.status === 'error') return <ViewMessage error>{status.report?.error}</ViewMessage>;
  if (features.status === 'error') return <ViewMessage error>{features.error}</ViewMessage>;
  if (features.status === 'loading') return <ViewMessage>Running the U-Net with its feature maps tapped…</ViewMessage>;
  const f = features.value;
  const input = f.stages[0]!;
  const across = axis === 'z' ? input.depth : axis === 'y' ? input.height : input.width;
  const plane = index < 0 ? Math.floor(across / 2) : Math.min(index, across - 1);
  return (
    <div className="unet-view" data-testid="unet-view" data-channel={channel}>
      <ol className="unet-diagram" aria-label="U-Net levels" title={diagramText(f.stages)}>
        {f.stages.map((stage, i) => (
          <li key={stage.stage} data-stage={stage.stage}>
            {i > 0 && <span className="unet-step muted">→ {stepText(stage.stage)} →</span>}
            <strong className="unet-size" data-testid={`unet-size-${stage.stage}`} title={stageTitle(stage.stage, f.levels)}>
              {sizeText(stage)}
              {stage.stage === `enc.${f.levels - 1}` ? ' (bottleneck)' : ''}
            </strong>
          </li>
        ))}
      </ol>
      <div className="unet-controls">
        <label>
          Channel{' '}
          <input type="number" aria-label="Channel" min={0} max={mostChannels(f.stages) - 1} value={channel} onChange={(event) => setChannel(Math.max(0, Math.min(mostChannels(f.stages) - 1, Math.floor(Number(event.target.value) || 0))))} />
          <span className="muted" title="The upper levels have fewer channels: they show their last"> of {mostChannels(f.stages)}</span>
        </label>
        <label>
          Plane{' '}
          <select aria-label="Axis" value={axis} onChange={(event) => setAxis(event.target.value as VolumeAxis)}>
            <option value="z">z</option>
            <option value="y">y</option>
            <option value="x">x</option>
          </select>{' '}
          <input type="range" aria-label="Slice" min={0} max={across - 1} value={plane} onChange={(event) => setIndex(Number(event.target.value))} />{' '}
          <span className="muted">
            {axis} = {plane} of {across} (level i: plane {plane} / 2^i)
          </span>
        </label>
      </div>
      <div className="unet-body">
        <FeatureMaps features={f} />
        <FirstLayerKernel kernel={f.kernel} onKernel={setKernel} />
      </div>
    </div>
  );
}
