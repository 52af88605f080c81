import { kernelValue } from './common';
import { defineNode, ok } from './define';

export const sharpenKernel = defineNode({
  type: 'kernel.sharpen',
  title: 'Sharpen kernel',
  category: 'kernel',
  tags: ['sharpen', 'enhance', 'unsharp', 'crisp', 'detail', 'high-boost'],
  doc:
    'identity + amount · Laplacian(4) = [[0,−a,0],[−a,1+4a,−a],[0,−a,0]]: adds the edge signal back onto the image. ' +
    'It sums to 1, so flat regions keep their value.',
  inputs: [],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [{ kind: 'number', name: 'amount', label: 'Amount', default: 1, min: -100, max: 100, inline: true, slider: { min: -5, max: 5, scale: 'linear' } }],
  compute(_inputs, params) {
    const a = params.amount;
    return ok({ out: kernelValue(2, [[0, -a, 0], [-a, 1 + 4 * a, -a], [0, -a, 0]]) });
  },
});
