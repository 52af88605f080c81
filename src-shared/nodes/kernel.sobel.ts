import { kernelValue } from './common';
import { defineNode, ok } from './define';

export const SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
export const SOBEL_Y = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]];

export const sobelKernel = defineNode({
  type: 'kernel.sobel',
  title: 'Sobel kernel',
  category: 'kernel',
  tags: ['edge', 'edges', 'edge detection', 'derivative', 'gradient', 'slope', 'outline'],
  doc:
    'A 3×3 derivative-with-smoothing kernel: x is [[−1,0,1],[−2,0,2],[−1,0,1]] (rows top to bottom), y its transpose. ' +
    'Correlating with it estimates the horizontal (x) or vertical (y) gradient; convolving flips the sign.',
  inputs: [],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [{ kind: 'enum', name: 'direction', label: 'Direction', options: ['x', 'y'], default: 'x', inline: true }],
  compute(_inputs, params) {
    return ok({ out: kernelValue(2, params.direction === 'y' ? SOBEL_Y : SOBEL_X) });
  },
});
