import { describeSize, mapValue, sameAsInput, valueBytes } from './common';
import { defineNode, ok } from './define';

export const absOperation = defineNode({
  type: 'op.abs',
  title: 'Absolute value',
  category: 'operation',
  tags: ['absolute', 'magnitude', 'rectify', 'modulus'],
  doc: 'out = |in|, sample by sample: shows edge strength after a Sobel or Laplacian filter regardless of sign.',
  inputs: [{ id: 'in', types: ['signal', 'image'], generic: 'T' }],
  outputs: [{ id: 'out', types: ['signal', 'image'], generic: 'T', resolveType: sameAsInput() }],
  instead: { spectrum: 'op.magnitude', spectrum2d: 'op.magnitude' },
  params: [],
  compute(inputs, _params, context) {
    context.reserve(valueBytes(inputs.in!), describeSize(inputs.in!));
    return ok({ out: mapValue(inputs.in!, Math.abs) });
  },
});
