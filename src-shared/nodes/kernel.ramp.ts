import { makeSignal } from '../data';
import { rampKernel } from '../dsp';
import { defineNode, ok } from './define';

export const RAMP_WINDOWS = ['ram-lak', 'shepp-logan', 'cosine', 'hamming', 'hann'] as const;

export const rampKernelNode = defineNode({
  type: 'kernel.ramp',
  title: 'Ramp kernel',
  category: 'kernel',
  tags: ['CT', 'tomography', 'filtered backprojection', 'FBP', 'sinogram', 'high-pass'],
  doc:
    'The spatial ramp filter of filtered backprojection: h[0] = 1/4, h[odd k] = −1/(πk)², h[even k ≠ 0] = 0, centred ' +
    '(start −(size − 1)/2), its spectrum ≈ |f|. The window (Shepp–Logan, cosine, Hamming, Hann) is applied in frequency ' +
    'to tame noise; ram-lak is the bare ramp.',
  inputs: [],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [
    {
      kind: 'number',
      name: 'size',
      label: 'Size',
      default: 257,
      min: 1,
      max: 65537,
      integer: true,
      step: 2,
      slider: { min: 1, max: 513, scale: 'linear' },
      check: (value) => (value % 2 === 1 ? undefined : `must be odd (got ${value})`),
    },
    { kind: 'enum', name: 'window', label: 'Window', options: RAMP_WINDOWS, default: 'ram-lak', inline: true },
  ],
  compute(_inputs, params) {
    const size = params.size;
    return ok({ out: makeSignal(rampKernel(size, params.window), -(size - 1) / 2, 1) });
  },
});
