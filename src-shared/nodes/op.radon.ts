import { makeImage, type Image } from '../data';
import { projectionAngles, radon } from '../dsp';
import { defineNode, fail, ok } from './define';

export const radonOperation = defineNode({
  type: 'op.radon',
  title: 'Radon transform',
  category: 'operation',
  tags: ['CT', 'tomography', 'sinogram', 'projection', 'scanner', 'x-ray'],
  doc:
    'Parallel-beam forward projection, what a CT scanner measures: for each of `angles` views θ over [0°, 180°), ' +
    'p_θ(s) = ∫ f(s cos θ − t sin θ, s sin θ + t cos θ) dt about the image centre. The sinogram has one row per angle ' +
    'and `detectors` columns (0 means the image diagonal, so nothing is cut off).',
  inputs: [{ id: 'in', types: ['image'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  instead: { volume: 'op.conebeam' },
  params: [
    { kind: 'number', name: 'angles', label: 'Views', default: 180, min: 1, max: 10000, integer: true, inline: true, slider: { min: 0, max: 720, scale: 'linear' } },
    { kind: 'number', name: 'detectors', label: 'Detectors', doc: '0 means the image diagonal.', default: 0, min: 0, max: 65536, integer: true, slider: { min: 0, max: 1000, scale: 'linear' } },
  ],
  compute(inputs, params, context) {
    const image = inputs.in as Image;
    if (image.channels !== 1) return fail(`the projection takes one channel, but the image has ${image.channels}: put op.gray or op.channel in front`, { cause: { kind: 'channels', port: 'in', channels: image.channels } });
    const views = params.angles;
    const detectors = params.detectors || Math.ceil(Math.hypot(image.width, image.height));
    context.reserve(views * detectors * 4, `a ${views}×${detectors} sinogram`);
    const angles = projectionAngles(views);
    const data = radon(image.data, image.width, image.height, angles, detectors, (f) => context.progress(f));
    return ok({ out: makeImage(data, detectors, views, { angles }) });
  },
});
