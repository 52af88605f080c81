import { sameAsInput } from './common';
import { CONVOLVE_PARAMS, convolveValues } from './convolution';
import { defineNode } from './define';

export const correlateOperation = defineNode({
  type: 'op.correlate',
  title: 'Correlate',
  category: 'operation',
  tags: ['correlation', 'cross-correlation', 'match', 'template', 'similarity', 'CNN', 'detect'],
  doc:
    'Cross-correlation (a ⋆ b)[n] = Σ a[k + n]·b[k], defined as convolve(a, flip(b)) with flip(b) starting at ' +
    '−(b.start + len b − 1) (scipy.signal.correlate\'s convention, start included). It is what a CNN layer computes, ' +
    'and it peaks where a looks most like b (template matching). Images and volumes correlate on every axis; stride s keeps ' +
    'every s-th position, as a strided CNN layer does.',
  inputs: [
    { id: 'a', types: ['signal', 'image', 'volume'], generic: 'T' },
    { id: 'b', label: 'template', types: ['signal', 'image', 'volume'], generic: 'T' },
  ],
  outputs: [{ id: 'out', types: ['signal', 'image', 'volume'], generic: 'T', resolveType: sameAsInput('a') }],
  params: CONVOLVE_PARAMS,
  compute(inputs, params, context) {
    return convolveValues(inputs.a!, inputs.b!, params, context, true);
  },
});
