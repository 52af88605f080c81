import { kernelValue } from './common';
import { defineNode, ok } from './define';

export const LAPLACIAN_4 = [[0, -1, 0], [-1, 4, -1], [0, -1, 0]];
export const LAPLACIAN_8 = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]];

export const laplacianKernel = defineNode({
  type: 'kernel.laplacian',
  title: 'Laplacian kernel',
  category: 'kernel',
  tags: ['edge', 'edges', 'edge detection', 'second derivative', 'derivative', 'high-pass', 'detail', 'outline'],
  doc:
    'The negative discrete Laplacian: 4·f(x,y) − f(x±1,y) − f(x,y±1) (variant 4) or 8·f minus all eight ' +
    'neighbours (variant 8). It is zero on flat and linear regions and large at edges and fine detail.',
  inputs: [],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [{ kind: 'enum', name: 'variant', label: 'Neighbours', options: [4, 8], default: 4, inline: true }],
  compute(_inputs, params) {
    return ok({ out: kernelValue(2, params.variant === 8 ? LAPLACIAN_8 : LAPLACIAN_4) });
  },
});
