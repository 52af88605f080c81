import { defineNode, ok } from './define';

export const spectrumSink = defineNode({
  type: 'sink.spectrum',
  title: 'Spectrum plot',
  category: 'sink',
  tags: ['spectrum', 'frequency', 'Fourier', 'show', 'display', 'dB', 'spectrogram', 'view'],
  doc:
    'Plots a spectrum against frequency k·rate/n: its magnitude |X[k]| (linear, or 20·log10 in dB) or its phase. ' +
    'Phase is left out (a gap) where |X[k]| is below 1e-12 of the peak: such a bin is zero but for rounding, and its ' +
    'angle means nothing. ' +
    'Centred puts 0 Hz in the middle with the negative frequencies (bins above n/2) on the left.',
  inputs: [{ id: 'in', types: ['spectrum'] }],
  outputs: [],
  instead: { signal: 'sink.plot', image: 'sink.image', spectrum2d: 'sink.image', volume: 'sink.volume', value: 'sink.value' },
  params: [
    { kind: 'enum', name: 'scale', label: 'Scale', options: ['linear', 'db'], default: 'linear', inline: true },
    { kind: 'enum', name: 'show', label: 'Show', options: ['magnitude', 'phase'], default: 'magnitude' },
    { kind: 'boolean', name: 'centred', label: 'Centred', default: true },
  ],
  display: {
    spectrum: ({ scale, show, centred }) => ({ scale, show, centred }),
  },
  compute(inputs) {
    return ok({}, { sink: inputs.in! });
  },
});
