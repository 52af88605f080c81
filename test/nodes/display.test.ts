/**
 * How a node is shown is declared on its definition (`display`) and resolved by `displayOf`: the
 * renderer draws from that alone, so these are the facts it relies on.
 */
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src-shared/nodes/define';
import { DEFAULT_IMAGE_DISPLAY, DEFAULT_PLOT_DISPLAY, displayOf } from '../../src-shared/nodes/display';
import { getNodeDefinition, NODE_DEFINITIONS } from '../../src-shared/nodes/registry';

function shown(type: string, params: Record<string, string | boolean> = {}) {
  const definition = getNodeDefinition(type)!;
  return displayOf(definition, resolveParams(definition, params));
}

describe('displayOf', () => {
  it('sink.plot overlays its three inputs and plots as its style and x axis say', () => {
    expect(shown('sink.plot').overlayInputs).toEqual(['in', 'in2', 'in3']);
    expect(shown('sink.plot', { style: 'stem', x: 'time' }).plot).toEqual({ style: 'stem', x: 'time' });
    expect(shown('sink.plot').plot).toEqual(DEFAULT_PLOT_DISPLAY);
  });

  it('sink.spectrum chooses its spectrum display from scale, show and centred', () => {
    expect(shown('sink.spectrum', { scale: 'db', show: 'phase', centred: false }).spectrum).toEqual({ scale: 'db', show: 'phase', centred: false });
    expect(shown('sink.spectrum').spectrum).toEqual({ scale: 'linear', show: 'magnitude', centred: true });
  });

  it('sink.image paints through its colormap, range and log', () => {
    expect(shown('sink.image', { colormap: 'viridis', range: 'symmetric', log: true }).image).toEqual({ colormap: 'viridis', range: 'symmetric', log: true });
  });

  it('sink.audio offers play, normalised as its param says', () => {
    expect(shown('sink.audio').play).toEqual({ normalize: true });
    expect(shown('sink.audio', { normalize: false }).play).toEqual({ normalize: false });
  });

  it('a node that declares nothing gets the defaults: no play, no overlays, its spectrum left to the viewer', () => {
    const fft = shown('op.fft');
    expect(fft).toEqual({ plot: DEFAULT_PLOT_DISPLAY, spectrum: undefined, image: DEFAULT_IMAGE_DISPLAY, play: undefined, overlayInputs: [] });
    expect(displayOf(undefined, {})).toEqual(fft);
  });

  it('overlay inputs name input ports of their own node', () => {
    for (const definition of NODE_DEFINITIONS) {
      for (const input of definition.display?.overlayInputs ?? []) {
        expect(definition.inputs.map((port) => port.id), `${definition.type}.${input}`).toContain(input);
      }
    }
  });
});
