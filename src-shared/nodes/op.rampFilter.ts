import type { Image } from '../data';
import { rampFilterSinogram } from '../dsp';
import { imageLike } from './common';
import { defineNode, fail, ok } from './define';
import { RAMP_WINDOWS } from './kernel.ramp';

export const rampFilterOperation = defineNode({
  type: 'op.rampFilter',
  title: 'Ramp filter',
  category: 'operation',
  tags: ['CT', 'tomography', 'sinogram', 'filtered backprojection', 'FBP', 'high-pass'],
  doc:
    'Filters each sinogram row (one view) by |f|·window: FFT the row → multiply by the ramp response → inverse FFT. ' +
    'This undoes the blur that plain backprojection adds (1/|f|). With pad on, rows are zero-padded to a power of two ' +
    '≥ 2·detectors so the filtering is linear, not circular.',
  inputs: [{ id: 'in', label: 'sinogram', types: ['image'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  instead: { volume: 'op.fdk' },
  params: [
    { kind: 'enum', name: 'window', label: 'Window', options: RAMP_WINDOWS, default: 'ram-lak', inline: true },
    { kind: 'boolean', name: 'pad', label: 'Zero-pad', default: true },
  ],
  compute(inputs, params, context) {
    const sinogram = inputs.in as Image;
    if (sinogram.channels !== 1) return fail(`a sinogram has one channel, but this image has ${sinogram.channels}: connect op.radon's output`);
    context.reserve(sinogram.width * sinogram.height * 4 * 2, `filtering a ${sinogram.height}×${sinogram.width} sinogram`);
    const data = rampFilterSinogram(sinogram.data, sinogram.width, sinogram.height, params.window, params.pad);
    return ok({ out: imageLike(sinogram, data) });
  },
});
