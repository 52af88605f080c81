/** The U-Net view's words: sizes as channels × sides, stage names, the diagram's chain, the channel range. */
import { describe, expect, it } from 'vitest';
import { unet3dStages } from '../../../../src-shared/dsp/unet3d';
import { diagramText, mostChannels, sizeText, stageTitle } from '../../../../src-renderer/views/unet/levels';

/** The stages of a levels-3, base-8 U-Net on a side³ volume, as the probe sizes them. */
function stages(side: number) {
  const channels: Record<string, [number, number]> = {
    input: [1, 0], 'enc.0': [8, 0], 'down.0': [8, 1], 'enc.1': [16, 1], 'down.1': [16, 2], 'enc.2': [32, 2], 'dec.1': [16, 1], 'dec.0': [8, 0], output: [1, 0],
  };
  return unet3dStages(3).map((stage) => {
    const [count, level] = channels[stage]!;
    const s = side / 2 ** level;
    return { stage, channels: count, width: s, height: s, depth: s };
  });
}

describe('U-Net view words', () => {
  it('prints a cube as side³ and anything else as its three sides', () => {
    expect(sizeText({ channels: 8, width: 64, height: 64, depth: 64 })).toBe('8 × 64³');
    expect(sizeText({ channels: 4, width: 16, height: 12, depth: 8 })).toBe('4 × 16×12×8');
  });

  it('names each stage, the deepest encoder level as the bottleneck', () => {
    expect(unet3dStages(3).map((stage) => stageTitle(stage, 3))).toEqual([
      'input', 'encoder level 0', 'strided conv 0 → 1', 'encoder level 1', 'strided conv 1 → 2', 'bottleneck (level 2)', 'decoder level 1', 'decoder level 0', 'output',
    ]);
  });

  it('chains the sizes: the strided convolution halves every side, the transposed one doubles it', () => {
    expect(diagramText(stages(64))).toBe(
      '1 × 64³ → 2 × conv 3³ → 8 × 64³ → strided conv 2×2×2, stride 2 → 8 × 32³ → 2 × conv 3³ → 16 × 32³ → strided conv 2×2×2, stride 2 → 16 × 16³ → ' +
        '2 × conv 3³ → 32 × 16³ → transposed conv 2×2×2, stride 2 + skip, 2 × conv 3³ → 16 × 32³ → transposed conv 2×2×2, stride 2 + skip, 2 × conv 3³ → 8 × 64³ → head 1×1×1 → 1 × 64³',
    );
    expect(mostChannels(stages(64))).toBe(32);
  });
});
