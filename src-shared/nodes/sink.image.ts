import { defineNode, ok } from './define';

export const imageSink = defineNode({
  type: 'sink.image',
  title: 'Image view',
  category: 'sink',
  tags: ['picture', 'show', 'display', 'heatmap', 'colormap', 'view', 'output'],
  doc:
    'Shows an image (or a 2-D spectrum as |X|) through a colormap. Range auto maps min..max, unit maps 0..1, symmetric ' +
    'maps −m..m with m = max |x| (for signed results such as edges); log shows log(1 + |x|). A multi-channel image shows ' +
    'as a grid of feature maps.',
  inputs: [{ id: 'in', types: ['image', 'spectrum2d'] }],
  outputs: [],
  instead: { signal: 'sink.plot', spectrum: 'sink.spectrum', volume: 'sink.volume', value: 'sink.value' },
  params: [
    { kind: 'enum', name: 'colormap', label: 'Colormap', options: ['gray', 'viridis', 'diverging'], default: 'gray', inline: true },
    { kind: 'enum', name: 'range', label: 'Range', options: ['auto', 'unit', 'symmetric'], default: 'auto' },
    { kind: 'boolean', name: 'log', label: 'Log', default: false },
  ],
  display: {
    image: ({ colormap, range, log }) => ({ colormap, range, log }),
  },
  compute(inputs) {
    return ok({}, { sink: inputs.in! });
  },
});
