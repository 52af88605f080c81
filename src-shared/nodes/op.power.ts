import { realOfSpectrum } from './common';
import { defineNode } from './define';
import { spectralPart, withDarkNote } from './spectral';

export const powerOperation = defineNode({
  type: 'op.power',
  title: 'Power',
  category: 'operation',
  tags: ['power spectrum', 'energy', 'squared', 'spectrum', 'frequency', 'dB', 'decibel', 'PSD'],
  doc:
    '|X[k]|² = re² + im² for every bin, or 10·log10|X[k]|² dB with db on (the same dB numbers as magnitude). ' +
    'A spectrum gives a signal indexed by bin, a 2-D spectrum an image.',
  inputs: [{ id: 'in', types: ['spectrum', 'spectrum2d'] }],
  outputs: [{ id: 'out', types: ['signal', 'image'], resolveType: realOfSpectrum }],
  params: [{ kind: 'boolean', name: 'db', label: 'dB', default: false, inline: true }],
  compute(inputs, params, context) {
    const db = params.db;
    const power = spectralPart(inputs.in!, (re, im) => (db ? 10 * Math.log10(Math.max(re * re + im * im, 1e-30)) : re * re + im * im), context);
    return withDarkNote(power, inputs.in!, db);
  },
});
