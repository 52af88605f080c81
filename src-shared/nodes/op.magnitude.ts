import { realOfSpectrum } from './common';
import { defineNode } from './define';
import { decibels, spectralPart, withDarkNote } from './spectral';

export const magnitudeOperation = defineNode({
  type: 'op.magnitude',
  title: 'Magnitude',
  category: 'operation',
  tags: ['absolute', 'amplitude', 'spectrum', 'frequency', 'dB', 'decibel'],
  doc:
    '|X[k]| = √(re² + im²) for every bin, or 20·log10|X[k]| dB with db on. A spectrum gives a signal indexed by bin ' +
    '(its rate n/rate makes the time axis read in Hz); a 2-D spectrum gives an image.',
  inputs: [{ id: 'in', types: ['spectrum', 'spectrum2d'] }],
  outputs: [{ id: 'out', types: ['signal', 'image'], resolveType: realOfSpectrum }],
  instead: { signal: 'op.abs', image: 'op.abs' },
  params: [{ kind: 'boolean', name: 'db', label: 'dB', default: false, inline: true }],
  compute(inputs, params, context) {
    const db = params.db;
    return withDarkNote(spectralPart(inputs.in!, (re, im) => (db ? decibels(Math.hypot(re, im)) : Math.hypot(re, im)), context), inputs.in!, db);
  },
});
