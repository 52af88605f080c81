/**
 * What a definition's `display` (define.ts, `NodeDisplay`) resolves to: how the editor draws a
 * node's value and what it offers beside it. The renderer reads only these, never a type id.
 */
import type { NodeDefinition, ResolvedParams } from './define';

export type PlotStyle = 'line' | 'stem' | 'bar';

/** How signals are drawn: as lines, stems or bars, against sample index or time (index / rate). */
export interface PlotDisplay {
  readonly style: PlotStyle;
  readonly x: 'index' | 'time';
}

/** How a spectrum is drawn: magnitude (linear or dB) or phase, 0 Hz at the left or centred. */
export interface SpectrumDisplay {
  readonly scale: 'linear' | 'db';
  readonly show: 'magnitude' | 'phase';
  readonly centred: boolean;
}

export type ColormapName = 'gray' | 'viridis' | 'diverging';
export type RangeMode = 'auto' | 'unit' | 'symmetric';

/** How an image is painted: through a colour map, over a value range, optionally on a log scale. */
export interface ImageDisplay {
  readonly colormap: ColormapName;
  readonly range: RangeMode;
  readonly log: boolean;
}

/** What the play button does with the signal a node received. */
export interface PlayAction {
  /** Scale by 1 / max |x| before playing. */
  readonly normalize: boolean;
}

export const DEFAULT_PLOT_DISPLAY: PlotDisplay = { style: 'line', x: 'index' };
export const DEFAULT_SPECTRUM_DISPLAY: SpectrumDisplay = { scale: 'linear', show: 'magnitude', centred: true };
export const DEFAULT_IMAGE_DISPLAY: ImageDisplay = { colormap: 'gray', range: 'auto', log: false };

/** What the editor draws for one node, its definition's `display` applied to its params. */
export interface ShownDisplay {
  readonly plot: PlotDisplay;
  /** Undefined when the node does not choose: the node draws the default, the large preview offers a choice. */
  readonly spectrum: SpectrumDisplay | undefined;
  readonly image: ImageDisplay;
  /** Present when the node offers a play button. */
  readonly play: PlayAction | undefined;
  /** Inputs drawn together on one axis, the first being the node's own value; empty for most nodes. */
  readonly overlayInputs: readonly string[];
}

const NO_INPUTS: readonly string[] = [];

/** The display a node asks for: defaults where its definition declares nothing. */
export function displayOf(definition: NodeDefinition | undefined, params: ResolvedParams): ShownDisplay {
  const display = definition?.display;
  return {
    plot: display?.plot?.(params) ?? DEFAULT_PLOT_DISPLAY,
    spectrum: display?.spectrum?.(params),
    image: display?.image?.(params) ?? DEFAULT_IMAGE_DISPLAY,
    play: display?.play?.(params),
    overlayInputs: display?.overlayInputs ?? NO_INPUTS,
  };
}
