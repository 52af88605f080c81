import type { Signal } from '../data';
import { defineNode, ok } from './define';

export const sampleOperation = defineNode({
  type: 'op.sample',
  title: 'Sample',
  category: 'operation',
  tags: ['pick', 'index', 'read', 'lookup', 'probability', 'value at'],
  doc:
    '{ value: x[index] }: the sample at that index in the signal\'s own coordinates (sample k of the data sits at ' +
    'start + k), 0 outside the data. For the sum of two dice, index 7 reads P(sum = 7).',
  inputs: [{ id: 'in', types: ['signal'] }],
  outputs: [{ id: 'out', types: ['value'] }],
  params: [{ kind: 'number', name: 'index', label: 'Index', default: 0, min: -1e15, max: 1e15, integer: true, inline: true, slider: { min: -100, max: 100, scale: 'linear' }, step: 1 }],
  compute(inputs, params) {
    const signal = inputs.in as Signal;
    const k = params.index - signal.start;
    const value = signal.data[k] ?? 0; // outside the signal (k < 0 or past its end) the sample is 0
    if (k >= 0 && k < signal.data.length) return ok({ out: { kind: 'value', fields: { value } } });
    // Right, but a 0 from a die sampled at its default index 0 reads like a bug: say where the data is.
    const last = signal.start + signal.data.length - 1;
    const span = signal.data.length === 0 ? 'the signal is empty' : `the signal's samples are ${signal.start} … ${last}`;
    return ok({ out: { kind: 'value', fields: { value } } }, { info: `index ${params.index} is outside the data (${span}): 0 there` });
  },
});
