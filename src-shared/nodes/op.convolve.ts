import { sameAsInput } from './common';
import { CONVOLVE_PARAMS, convolveValues } from './convolution';
import { defineNode } from './define';

export const convolveOperation = defineNode({
  type: 'op.convolve',
  title: 'Convolve',
  category: 'operation',
  tags: ['convolution', 'filter', 'apply kernel', 'blur', 'smooth', 'polynomial', 'multiply polynomials', 'dice', 'reverb', 'echo', 'FIR'],
  doc:
    'True convolution (a * b)[n] = Σ a[k]·b[n − k] (b is flipped and slid across a), of signals, images or volumes. full starts ' +
    'at a.start + b.start (origin a.origin + b.origin); same keeps a\'s extent, aligned by b\'s origin; valid keeps ' +
    'only where b lies wholly inside a. With integral on the sum is scaled by 1/rate to approximate the integral; ' +
    'with stride s an image or volume keeps every s-th position on every axis.',
  inputs: [
    { id: 'a', types: ['signal', 'image', 'volume'], generic: 'T' },
    { id: 'b', label: 'kernel', types: ['signal', 'image', 'volume'], generic: 'T' },
  ],
  outputs: [{ id: 'out', types: ['signal', 'image', 'volume'], generic: 'T', resolveType: sameAsInput('a') }],
  instead: { spectrum: 'op.multiply', spectrum2d: 'op.multiply' },
  params: CONVOLVE_PARAMS,
  compute(inputs, params, context) {
    return convolveValues(inputs.a!, inputs.b!, params, context, false);
  },
});
