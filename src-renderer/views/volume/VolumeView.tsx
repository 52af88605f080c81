/**
 * A volume as three orthogonal planes (z, y, x) with a slider each, or as the maximum-intensity
 * projections along the same axes, every panel on the volume's one colour scale: sink.volume's
 * view on its node, and any volume's view in the large preview.
 */
import { useNodeId } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { ImagePreview } from '../../../src-shared/engine/preview';
import type { ImageDisplay } from '../../panels/colormap';
import { fmt } from '../../panels/PreviewView';
import { useEditor } from '../../store/context';
import { AXES, volumeShape, type VolumeShape } from './slices';
import { VolumePanel } from './VolumePanel';

export interface VolumeViewProps {
  readonly nodeId: string;
  /** The port whose volume is shown (`sink` for sink.volume). */
  readonly port: string;
  readonly shape: VolumeShape;
  readonly display: ImageDisplay;
  readonly mip: boolean;
  /** The large preview's full-resolution panels rather than a node's small ones. */
  readonly large?: boolean;
}

export function VolumeView({ nodeId, port, shape, display, mip, large = false }: VolumeViewProps) {
  const generation = useEditor((state) => state.nodeStates[nodeId]?.generation ?? 0);
  const { width, height, depth, channels } = shape;
  return (
    <div className={`volume-view ${large ? 'large' : 'compact'}`} data-preview="volume" data-view={mip ? 'mip' : 'slices'} data-colormap={display.colormap}>
      <div className="volume-panels">
        {AXES.map((axis) => (
          <VolumePanel key={axis} nodeId={nodeId} port={port} generation={generation} axis={axis} shape={shape} display={display} mip={mip} large={large} />
        ))}
      </div>
      <span className="label">
        {width}×{height}×{depth}
        {channels > 1 ? ` · channel 0 of ${channels}` : ''} · [{fmt(shape.lo)}, {fmt(shape.hi)}]
      </span>
    </div>
  );
}

/** sink.volume's view on its node; where there is no node to ask (a gallery card), `fallback`. */
export function VolumeSinkPreview({ preview, display, mip, fallback }: { preview: ImagePreview; display: ImageDisplay; mip: boolean; fallback: ReactNode }) {
  const nodeId = useNodeId();
  const shape = volumeShape(preview);
  if (!nodeId || !shape) return fallback;
  return <VolumeView nodeId={nodeId} port="sink" shape={shape} display={display} mip={mip} />;
}
