import { defineNode, ok } from './define';

export const valueSink = defineNode({
  type: 'sink.value',
  title: 'Value table',
  category: 'sink',
  tags: ['table', 'numbers', 'result', 'show', 'display', 'record', 'output'],
  doc: 'Shows a record of named numbers (from compare, sample or stats) as a small table; convolab run writes it to JSON.',
  inputs: [{ id: 'in', types: ['value'] }],
  outputs: [],
  instead: { signal: 'op.stats', image: 'op.stats', volume: 'op.stats', spectrum: 'op.stats' },
  params: [],
  compute(inputs) {
    return ok({}, { sink: inputs.in! });
  },
});
