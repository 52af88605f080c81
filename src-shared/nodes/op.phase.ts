import { realOfSpectrum } from './common';
import { defineNode } from './define';
import { spectralPart } from './spectral';

export const phaseOperation = defineNode({
  type: 'op.phase',
  title: 'Phase',
  category: 'operation',
  tags: ['angle', 'argument', 'spectrum', 'frequency', 'delay'],
  doc:
    'arg X[k] = atan2(im, re) in radians (−π, π] for every bin. A shift in time is a linear phase ramp: ' +
    'look at the phase to see where a signal sits. A spectrum gives a signal, a 2-D spectrum an image.',
  inputs: [{ id: 'in', types: ['spectrum', 'spectrum2d'] }],
  outputs: [{ id: 'out', types: ['signal', 'image'], resolveType: realOfSpectrum }],
  params: [],
  compute(inputs, _params, context) {
    return spectralPart(inputs.in!, (re, im) => Math.atan2(im, re), context);
  },
});
