import { defineNode, fail, ok } from './define';

export const plotSink = defineNode({
  type: 'sink.plot',
  title: 'Plot',
  category: 'sink',
  tags: ['chart', 'graph', 'show', 'display', 'waveform', 'stem', 'view', 'output'],
  doc:
    'Draws up to three signals overlaid on one axis, against sample index or time (index / rate). ' +
    'Stems suit short sequences such as dice and polynomial coefficients; lines suit sampled functions.',
  inputs: [
    { id: 'in', types: ['signal'] },
    { id: 'in2', types: ['signal'], optional: true },
    { id: 'in3', types: ['signal'], optional: true },
  ],
  outputs: [],
  instead: { spectrum: 'sink.spectrum', image: 'sink.image', spectrum2d: 'sink.image', volume: 'sink.volume', value: 'sink.value' },
  params: [
    { kind: 'enum', name: 'style', label: 'Style', options: ['line', 'stem', 'bar'], default: 'line', inline: true },
    { kind: 'enum', name: 'x', label: 'X axis', options: ['index', 'time'], default: 'index' },
  ],
  display: {
    overlayInputs: ['in', 'in2', 'in3'],
    plot: ({ style, x }) => ({ style, x }),
  },
  compute(inputs) {
    const input = inputs.in;
    if (input === undefined) return fail('nothing connected to in: connect a signal');
    return ok({}, { sink: input });
  },
});
