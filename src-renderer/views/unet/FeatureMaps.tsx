/** One channel's plane of every stage, side by side, each at its own resolution (so the halving shows). */
import type { UNetFeatures, UNetStageSlice } from '../../../src-shared/nodes/unet3d-features';
import { DEFAULT_IMAGE_DISPLAY } from '../../../src-shared/nodes/display';
import { fmt } from '../../panels/PreviewView';
import { ValueCanvas } from '../common';
import { firingText, sizeText, stageTitle, zeroPlaneText } from './levels';

export function FeatureMaps({ features }: { features: UNetFeatures }) {
  return (
    <section className="unet-maps" aria-label="Feature maps">
      {features.stages.map((stage) => {
        // A plane of zeros is drawn black: say so, and why, rather than leave "[0, 0]" to look like a fault.
        const zero = stage.min === 0 && stage.max === 0;
        return (
          <figure key={stage.stage} className="unet-map" data-testid={`unet-map-${stage.stage}`} data-width={stage.imageWidth} data-channel={stage.channel} data-zero={zero || undefined}>
            <figcaption title={`${stageTitle(stage.stage, features.levels)}: ${sizeText(stage)}`}>
              <span>{stageTitle(stage.stage, features.levels)}</span>
              <span className="muted">{sizeText(stage)}</span>
            </figcaption>
            <ValueCanvas data={stage.data} width={stage.imageWidth} height={stage.imageHeight} display={DEFAULT_IMAGE_DISPLAY} range={[stage.min, stage.max > stage.min ? stage.max : stage.min + 1]} />
            <span className="muted unet-map-note" title={noteTitle(stage, features.axis, zero)}>
              <span>
                ch {stage.channel} · {features.axis} = {stage.index}
              </span>
              {zero ? <span className="unet-map-zero">{zeroPlaneText(stage)}</span> : <span>[{fmt(stage.min)}, {fmt(stage.max)}]</span>}
              {stage.firing < stage.channels && <span data-testid={`unet-firing-${stage.stage}`}>{firingText(stage)}</span>}
            </span>
          </figure>
        );
      })}
    </section>
  );
}

function noteTitle(stage: UNetStageSlice, axis: string, zero: boolean): string {
  const shown = `channel ${stage.channel}, plane ${axis} = ${stage.index}, values ${fmt(stage.min)} to ${fmt(stage.max)}`;
  const firing = `${stage.firing} of ${stage.channels} channels are non-zero somewhere for this input`;
  return zero ? `${shown}: every value of this plane is 0 (after a ReLU, no voxel here was positive). ${firing}: pick another channel or plane.` : `${shown}. ${firing}.`;
}
