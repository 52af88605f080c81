/**
 * One panel of a volume view: a plane across one axis with its slider, or the maximum-intensity
 * projection along it. On a node the plane is a small canvas; in the large preview it is the
 * zoomable ImageView at full resolution, with the value under the cursor.
 */
import { useEffect, useRef } from 'react';
import { ImageView } from '../../panels/ImageView';
import type { ImageDisplay } from '../../panels/colormap';
import { axisName, axisTitle, paintPlane, planesAcross, shownIndex, sliceOptions, type VolumeAxis, type VolumeShape } from './slices';
import { useSliceStore } from './sliceStore';
import { type LoadedPlane, useVolumeImage } from './useVolumeImage';

/** Longest side asked for: a node's panel is about 70 px wide; the large preview wants every voxel. */
const MAX_SIDE = { node: 128, large: 1024 } as const;

export interface VolumePanelProps {
  readonly nodeId: string;
  readonly port: string;
  readonly generation: number;
  readonly axis: VolumeAxis;
  readonly shape: VolumeShape;
  readonly display: ImageDisplay;
  readonly mip: boolean;
  readonly large: boolean;
}

/** Which plane a loaded image is, for the page and its tests: `mip` or the index. */
function shownKey(loaded: LoadedPlane | undefined): string | undefined {
  const slice = loaded?.options.slice;
  return slice ? (slice.mip ? 'mip' : String(slice.index)) : undefined;
}

function PlaneCanvas({ loaded, shape, display }: { loaded: LoadedPlane; shape: VolumeShape; display: ImageDisplay }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { value, data } = loaded;
  const { lo, hi } = shape;
  const { colormap, range, log } = display;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const rgba = paintPlane(data, value.width * value.height, { lo, hi }, { colormap, range, log });
    context.putImageData(new ImageData(rgba, value.width, value.height), 0, 0);
    // Counts paints, so a test can tell when a new plane is on screen.
    canvas.current!.dataset.paints = String(Number(canvas.current!.dataset.paints ?? 0) + 1);
  }, [data, value.width, value.height, lo, hi, colormap, range, log]);
  return <canvas ref={canvas} width={value.width} height={value.height} />;
}

export function VolumePanel({ nodeId, port, generation, axis, shape, display, mip, large }: VolumePanelProps) {
  const chosen = useSliceStore((state) => state.chosen[nodeId]?.[axis]);
  const choose = useSliceStore((state) => state.choose);
  const index = shownIndex(shape, axis, chosen);
  const last = planesAcross(shape, axis) - 1;
  const loaded = useVolumeImage(nodeId, port, sliceOptions(axis, index, mip, large ? MAX_SIDE.large : MAX_SIDE.node), generation);
  const bounds = { lo: shape.lo, hi: shape.hi };
  return (
    <figure className="volume-panel" data-axis={axis} data-shown={shownKey(loaded)}>
      <figcaption title={axisTitle(shape, axis)}>{mip ? `MIP along ${axisName(shape, axis)}` : `${axisName(shape, axis)} ${index} / ${last}`}</figcaption>
      <div className="volume-plane">
        {loaded && (large ? <ImageView value={loaded.value} data={loaded.data} display={display} bounds={bounds} /> : <PlaneCanvas loaded={loaded} shape={shape} display={display} />)}
      </div>
      {!mip && (
        <input
          type="range"
          className="nodrag nowheel"
          aria-label={`${axisTitle(shape, axis)} slice`}
          min={0}
          max={last}
          step={1}
          value={index}
          onChange={(event) => choose(nodeId, axis, Number(event.target.value))}
        />
      )}
    </figure>
  );
}
