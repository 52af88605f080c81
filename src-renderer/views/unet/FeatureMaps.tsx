/** One channel's plane of every stage, side by side, each at its own resolution (so the halving shows). */
import type { UNetFeatures } from '../../../src-shared/nodes/unet3d-features';
import { DEFAULT_IMAGE_DISPLAY } from '../../../src-shared/nodes/display';
import { fmt } from '../../panels/PreviewView';
import { ValueCanvas } from '../common';
import { sizeText, stageTitle } from './levels';

export function FeatureMaps({ features }: { features: UNetFeatures }) {
  return (
    <section className="unet-maps" aria-label="Feature maps">
      {features.stages.map((stage) => (
        <figure key={stage.stage} className="unet-map" data-testid={`unet-map-${stage.stage}`} data-width={stage.imageWidth} data-channel={stage.channel}>
          <figcaption title={`${stageTitle(stage.stage, features.levels)}: ${sizeText(stage)}`}>
            <span>{stageTitle(stage.stage, features.levels)}</span>
            <span className="muted">{sizeText(stage)}</span>
          </figcaption>
          <ValueCanvas data={stage.data} width={stage.imageWidth} height={stage.imageHeight} display={DEFAULT_IMAGE_DISPLAY} range={[stage.min, stage.max > stage.min ? stage.max : stage.min + 1]} />
          <span className="muted unet-map-note" title={`channel ${stage.channel}, plane ${features.axis} = ${stage.index}, values ${fmt(stage.min)} to ${fmt(stage.max)}`}>
            <span>
              ch {stage.channel} · {features.axis} = {stage.index}
            </span>
            <span>
              [{fmt(stage.min)}, {fmt(stage.max)}]
            </span>
          </span>
        </figure>
      ))}
    </section>
  );
}
