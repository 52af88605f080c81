import { sameAsInput } from './common';
import { defineNode } from './define';
import { combine } from './op.add';

const TYPES = ['signal', 'spectrum', 'image', 'spectrum2d', 'volume'] as const;

export const subtractOperation = defineNode({
  type: 'op.subtract',
  title: 'Subtract',
  category: 'operation',
  tags: ['difference', 'minus', 'error', 'residual'],
  doc:
    'out = a − b, sample by sample. Signals are aligned by index, volumes by origin, over the union of their extents (missing samples are 0); ' +
    'images and spectra must have the same size. Use it to see the error between two ways of computing one thing.',
  inputs: [
    { id: 'a', types: TYPES, generic: 'T' },
    { id: 'b', types: TYPES, generic: 'T' },
  ],
  outputs: [{ id: 'out', types: TYPES, generic: 'T', resolveType: sameAsInput('a') }],
  params: [],
  compute(inputs, _params, context) {
    return combine(inputs.a!, inputs.b!, -1, 'subtract', (bytes, what) => context.reserve(bytes, what));
  },
});
