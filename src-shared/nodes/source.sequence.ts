import { makeSignal } from '../data';
import { defineNode, ok } from './define';

export const sequenceSource = defineNode({
  type: 'source.sequence',
  title: 'Sequence',
  category: 'source',
  tags: ['list', 'numbers', 'vector', 'array', 'polynomial', 'coefficients', 'samples', 'manual'],
  doc:
    'A signal typed in by hand: x[start + k] = values[k]. Use it for polynomial coefficients ' +
    '(lowest power first), short test vectors and hand-made kernels.',
  inputs: [],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [
    { kind: 'list', name: 'values', label: 'Values', default: [1, 2, 3], minLength: 1, maxLength: 1_000_000, inline: true },
    { kind: 'number', name: 'start', label: 'Start index', default: 0, integer: true, min: -1e9, max: 1e9, slider: { min: -50, max: 50, scale: 'linear' } },
    { kind: 'number', name: 'rate', label: 'Sample rate', default: 1, min: 1e-6, max: 1e9, slider: { min: 0.01, max: 100000, scale: 'log' } },
  ],
  compute(_inputs, params, context) {
    const values = params.values;
    context.reserve(values.length * 8, `${values.length} samples`);
    return ok({ out: makeSignal(Float64Array.from(values), params.start, params.rate) });
  },
});
