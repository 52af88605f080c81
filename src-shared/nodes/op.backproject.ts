import { makeImage, type Image } from '../data';
import { backproject, projectionAngles } from '../dsp';
import { defineNode, fail, ok } from './define';

export const backprojectOperation = defineNode({
  type: 'op.backproject',
  title: 'Backproject',
  category: 'operation',
  tags: ['CT', 'tomography', 'sinogram', 'reconstruct', 'reconstruction', 'inverse radon', 'FBP'],
  doc:
    'Smears each view back across a size × size image about its centre and sums: f(x, y) ≈ π/(2·views)·Σ_θ q_θ(x cos θ + ' +
    'y sin θ), the scaling of filtered backprojection, so radon → rampFilter → backproject gives the image back. Without ' +
    'the ramp filter the result is blurred. size 0 means floor(detectors / √2).',
  inputs: [{ id: 'in', label: 'sinogram', types: ['image'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  instead: { volume: 'op.fdk' },
  params: [{ kind: 'number', name: 'size', label: 'Size', doc: '0 means floor(detectors / √2).', default: 0, min: 0, max: 16384, integer: true, inline: true, slider: { min: 0, max: 1000, scale: 'linear' } }],
  compute(inputs, params, context) {
    const sinogram = inputs.in as Image;
    if (sinogram.channels !== 1) return fail(`a sinogram has one channel, but this image has ${sinogram.channels}: connect op.radon's output`);
    const detectors = sinogram.width;
    const size = params.size || Math.max(1, Math.floor(detectors / Math.SQRT2));
    const angles = sinogram.angles ?? projectionAngles(sinogram.height);
    if (angles.length !== sinogram.height) return fail(`the sinogram has ${sinogram.height} rows but ${angles.length} angles: connect op.radon's output`);
    context.reserve(size * size * 4, `a ${size}×${size} image`);
    const done = (data: Float32Array) =>
      ok({ out: makeImage(data, size, size) }, sinogram.angles ? {} : { info: 'no angles on the input: assumed even views over [0°, 180°)', warning: true });
    // Row bands on the host's threads when it lends them, else here.
    if (context.parallel) return context.parallel.backproject(sinogram.data, detectors, angles, size, context).then(done);
    return done(backproject(sinogram.data, detectors, angles, size, (f) => context.progress(f)));
  },
});
