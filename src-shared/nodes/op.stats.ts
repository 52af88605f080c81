import { defineNode, ok } from './define';

const TYPES = ['signal', 'spectrum', 'image', 'spectrum2d', 'volume'] as const;

export const statsOperation = defineNode({
  type: 'op.stats',
  title: 'Statistics',
  category: 'operation',
  tags: ['statistics', 'sum', 'mean', 'average', 'min', 'max', 'energy', 'Parseval', 'summary'],
  doc:
    'sum, mean, min, max and energy = Σ|x|² of the samples (every pixel or voxel of every channel). For a spectrum the numbers are of |X[k]| and the energy is ' +
    'divided by n, so by Parseval a signal and its spectrum show the same energy.',
  inputs: [{ id: 'in', types: TYPES }],
  outputs: [{ id: 'out', types: ['value'] }],
  params: [],
  compute(inputs) {
    const value = inputs.in!;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let energy = 0;
    let n = 0;
    const add = (x: number, squared: number): void => {
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
      energy += squared;
    };
    if (value.kind === 'signal' || value.kind === 'image' || value.kind === 'volume') {
      n = value.data.length;
      for (let i = 0; i < n; i++) add(value.data[i]!, value.data[i]! * value.data[i]!);
    } else if (value.kind === 'spectrum' || value.kind === 'spectrum2d') {
      n = value.re.length;
      for (let i = 0; i < n; i++) {
        const squared = value.re[i]! * value.re[i]! + value.im[i]! * value.im[i]!;
        add(Math.sqrt(squared), squared);
      }
      energy /= Math.max(1, n);
    }
    const fields = { sum, mean: n > 0 ? sum / n : 0, min: n > 0 ? min : 0, max: n > 0 ? max : 0, energy };
    return ok({ out: { kind: 'value', fields } });
  },
});
