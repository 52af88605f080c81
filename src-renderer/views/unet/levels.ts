/**
 * The words of the U-Net view: what each stage is, its size as channels × sides, and the chain of
 * sizes down and up the levels that the diagram prints (the strided convolution halving every side).
 */
import type { UNetStageSlice } from '../../../src-shared/nodes/unet3d-features';

/** `8 × 64³` for a cube, `8 × 64×32×16` otherwise (channels × width × height × depth). */
export function sizeText(stage: Pick<UNetStageSlice, 'channels' | 'width' | 'height' | 'depth'>): string {
  const { channels, width, height, depth } = stage;
  return `${channels} × ${width === height && height === depth ? `${width}³` : `${width}×${height}×${depth}`}`;
}

/** A stage's name for people: "encoder level 0", "strided conv 0 → 1", "bottleneck", … */
export function stageTitle(stage: string, levels: number): string {
  if (stage === 'input' || stage === 'output') return stage;
  const [kind, level] = stage.split('.') as [string, string];
  if (kind === 'enc') return Number(level) === levels - 1 ? `bottleneck (level ${level})` : `encoder level ${level}`;
  if (kind === 'down') return `strided conv ${level} → ${Number(level) + 1}`;
  return `decoder level ${level}`;
}

/** How the diagram gets from one stage to the next: the layers in between, short (the strided convolution in full). */
export function stepText(to: string): string {
  if (to.startsWith('down.')) return 'strided conv 2×2×2, stride 2';
  if (to.startsWith('enc.')) return '2 × conv 3³';
  if (to.startsWith('dec.')) return 'transposed conv 2×2×2, stride 2 + skip, 2 × conv 3³';
  return 'head 1×1×1';
}

/** The diagram's one line: "1 × 64³ → 2 × conv 3×3×3 + ReLU → 8 × 64³ → strided conv 2×2×2, stride 2 → 8 × 32³ → …". */
export function diagramText(stages: readonly Pick<UNetStageSlice, 'stage' | 'channels' | 'width' | 'height' | 'depth'>[]): string {
  return stages.map((stage, i) => (i === 0 ? sizeText(stage) : `${stepText(stage.stage)} → ${sizeText(stage)}`)).join(' → ');
}

/** The most channels any stage has (the bottleneck's): the channel picker's range. */
export function mostChannels(stages: readonly Pick<UNetStageSlice, 'channels'>[]): number {
  return stages.reduce((most, stage) => Math.max(most, stage.channels), 1);
}

/** What a plane of zeros says instead of "[0, 0]": behind a ReLU, that the unit is off there. */
export function zeroPlaneText(stage: Pick<UNetStageSlice, 'stage'>): string {
  return stage.stage === 'input' || stage.stage === 'output' ? 'all 0' : 'all 0: ReLU off';
}

/** "17 of 32 fire": how many of a stage's channels are non-zero anywhere for this input. */
export function firingText(stage: Pick<UNetStageSlice, 'firing' | 'channels'>): string {
  return `${stage.firing} of ${stage.channels} fire`;
}
