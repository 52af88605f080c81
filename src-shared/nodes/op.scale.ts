import { describeSize, mapValue, sameAsInput, valueBytes } from './common';
import { defineNode, ok } from './define';

const TYPES = ['signal', 'spectrum', 'image', 'spectrum2d'] as const;

export const scaleOperation = defineNode({
  type: 'op.scale',
  title: 'Scale',
  category: 'operation',
  tags: ['gain', 'multiply', 'amplify', 'volume', 'factor', 'times'],
  doc: 'out = factor · in, for every sample (both parts of every complex bin). Positions (start, origin) stay.',
  inputs: [{ id: 'in', types: TYPES, generic: 'T' }],
  outputs: [{ id: 'out', types: TYPES, generic: 'T', resolveType: sameAsInput() }],
  params: [{ kind: 'number', name: 'factor', label: 'Factor', default: 1, min: -1e12, max: 1e12, inline: true, slider: { min: -10, max: 10, scale: 'linear' } }],
  compute(inputs, params, context) {
    context.reserve(valueBytes(inputs.in!), describeSize(inputs.in!));
    const factor = params.factor;
    return ok({ out: mapValue(inputs.in!, (x) => factor * x) });
  },
});
