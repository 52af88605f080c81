import { describeSize, mapValue, sameAsInput, valueBytes } from './common';
import { defineNode, ok } from './define';

export const reluOperation = defineNode({
  type: 'op.relu',
  title: 'ReLU',
  category: 'operation',
  tags: ['activation', 'rectifier', 'CNN', 'neural network', 'clip negative'],
  doc: 'out = max(0, in), sample by sample: the rectified linear unit that follows a convolution layer in a CNN.',
  inputs: [{ id: 'in', types: ['signal', 'image'], generic: 'T' }],
  outputs: [{ id: 'out', types: ['signal', 'image'], generic: 'T', resolveType: sameAsInput() }],
  params: [],
  compute(inputs, _params, context) {
    context.reserve(valueBytes(inputs.in!), describeSize(inputs.in!));
    return ok({ out: mapValue(inputs.in!, (x) => (x > 0 ? x : 0)) });
  },
});
