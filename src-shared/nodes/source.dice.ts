import { makeSignal } from '../data';
import { defineNode, ok } from './define';

export const diceSource = defineNode({
  type: 'source.dice',
  title: 'Die',
  category: 'source',
  tags: ['dice', 'probability', 'pmf', 'random', 'distribution', 'uniform'],
  doc:
    'The probability mass function of one die: p[k] = 1/faces for k = 1..faces, or the given weights ' +
    'normalised to sum 1. The signal starts at index 1, so convolving two dice gives P(sum = s) at index s.',
  inputs: [],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [
    { kind: 'number', name: 'faces', label: 'Faces', default: 6, min: 1, max: 10000, integer: true, inline: true, slider: { min: 1, max: 20, scale: 'linear' } },
    {
      kind: 'list',
      name: 'weights',
      label: 'Weights',
      doc: 'Optional: one weight per face (not negative), normalised to sum 1; empty means a fair die.',
      default: undefined,
      maxLength: 10000,
    },
  ],
  checkParams(params): Record<string, string> | undefined {
    const weights = params.weights;
    if (weights === undefined) return undefined;
    const faces = params.faces;
    if (weights.length !== faces) return { weights: `must hold one weight per face: ${faces} (got ${weights.length})` };
    const negative = weights.findIndex((w) => w < 0);
    if (negative >= 0) return { weights: `[${negative}] must be >= 0 (got ${weights[negative]})` };
    if (!(weights.reduce((s, w) => s + w, 0) > 0)) return { weights: 'must not all be 0' };
    return undefined;
  },
  compute(_inputs, params) {
    const { faces, weights } = params;
    const data = new Float64Array(faces);
    if (weights === undefined) data.fill(1 / faces);
    else {
      const total = weights.reduce((s, w) => s + w, 0);
      for (let k = 0; k < faces; k++) data[k] = weights[k]! / total;
    }
    return ok({ out: makeSignal(data, 1, 1) });
  },
});
