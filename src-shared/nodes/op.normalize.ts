import type { Image, Signal } from '../data';
import { describeSize, mapValue, sameAsInput, valueBytes } from './common';
import { defineNode, fail, ok } from './define';

export const normalizeOperation = defineNode({
  type: 'op.normalize',
  title: 'Normalise',
  category: 'operation',
  tags: ['normalize', 'rescale', 'sum to 1', 'peak', 'range', 'probability'],
  doc:
    'Rescales the samples: `sum` divides by Σx (a PMF or a kernel that sums to 1), `max` divides by max |x| (peak 1), ' +
    '`range` maps min..max onto 0..1 (for display and PNG export).',
  inputs: [{ id: 'in', types: ['signal', 'image'], generic: 'T' }],
  outputs: [{ id: 'out', types: ['signal', 'image'], generic: 'T', resolveType: sameAsInput() }],
  params: [{ kind: 'enum', name: 'to', label: 'To', options: ['sum', 'max', 'range'], default: 'sum', inline: true }],
  compute(inputs, params, context) {
    context.reserve(valueBytes(inputs.in!), describeSize(inputs.in!));
    const value = inputs.in as Signal | Image;
    const to = params.to;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let peak = 0;
    let absSum = 0;
    for (const x of value.data) {
      sum += x;
      absSum += Math.abs(x);
      if (x < min) min = x;
      if (x > max) max = x;
      if (Math.abs(x) > peak) peak = Math.abs(x);
    }
    if (value.data.length === 0) return fail('the input is empty: there is nothing to normalise');
    if (to === 'sum') {
      if (sum === 0) return fail('the samples sum to 0, so they cannot be scaled to sum 1: use to = max or range');
      // Summing n samples in float64 may be off by n·ε·Σ|x|, and an image's samples were each
      // rounded to float32 (by up to 2^-24 of themselves): a Σx within that is 0 as far as the
      // samples can tell (a Laplacian's output, 0.1 + 0.2 − 0.3), and dividing by it would only
      // magnify rounding into arbitrary numbers.
      const stored = 'width' in value ? 2 ** -24 : 0;
      if (Math.abs(sum) <= (stored + value.data.length * Number.EPSILON) * absSum) {
        return fail(`the samples sum to 0 up to rounding (Σx = ${sum.toPrecision(3)} against Σ|x| = ${absSum.toPrecision(3)}), so they cannot be scaled to sum 1: use to = max or range`);
      }
      return ok({ out: mapValue(value, (x) => x / sum) });
    }
    if (to === 'max') {
      if (peak === 0) return fail('every sample is 0, so there is no peak to scale to 1');
      return ok({ out: mapValue(value, (x) => x / peak) });
    }
    const span = max - min;
    return ok({ out: mapValue(value, (x) => (span > 0 ? (x - min) / span : 0)) });
  },
});
