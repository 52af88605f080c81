import { makeVolume } from '../data';
import { unet3dForward, type UNet3dModel } from '../dsp/unet3d';
import { defineNode, fail, ok } from './define';
import { loadUNet3dWeights, unet3dProjectionsProblem, unet3dSidesProblem, unet3dWorkingBytes, unetFeaturesProbe } from './unet3d-features';

function count(model: UNet3dModel): number {
  let parameters = 0;
  for (const layer of model.layers.values()) parameters += layer.weight.length + layer.bias.length;
  return parameters;
}

export const unet3dOperation = defineNode({
  type: 'op.unet3d',
  title: '3-D U-Net',
  category: 'operation',
  tags: ['volume', '3-D', 'CNN', 'neural network', 'deep learning', 'denoise', 'streaks', 'sparse-view', 'CT', 'strided convolution'],
  doc:
    'A 3-D U-Net (NODES.md\'s architecture: 3×3×3 convolutions and ReLU per level, strided convolutions down, transposed ' +
    'convolutions up, skip connections, a 1×1×1 head) with weights from a PyTorch state_dict saved as safetensors; empty ' +
    'weights = the shipped model, trained to remove sparse-view streaks from 64³ FDK volumes. Residual adds the input back.',
  inputs: [{ id: 'in', types: ['volume'] }],
  outputs: [{ id: 'out', types: ['volume'] }],
  params: [
    { kind: 'path', name: 'weights', label: 'Weights', default: '', extensions: ['safetensors'], inline: true },
    { kind: 'boolean', name: 'residual', label: 'Residual', default: true },
  ],
  // The U-Net teaching view's feature maps and first-layer kernels (views/unet/).
  probes: { unetFeatures: unetFeaturesProbe },
  async compute(inputs, params, context) {
    const volume = inputs.in;
    if (!volume || volume.kind !== 'volume') return fail('in: connect a volume');
    if (volume.channels !== 1) return fail(`in: the U-Net takes one channel, but this volume has ${volume.channels}: take one channel first`);
    const projections = unet3dProjectionsProblem(volume);
    if (projections) return fail(projections);
    const model = await loadUNet3dWeights(params.weights, context);
    if (typeof model === 'string') return fail(model);
    const { width, height, depth } = volume;
    const problem = unet3dSidesProblem(width, height, depth, model.levels);
    if (problem) return fail(problem);
    // The output, then what the forward pass holds at its peak on the path it takes.
    context.reserve(4 * width * height * depth, `the U-Net's ${width}×${height}×${depth} output`);
    const working = unet3dWorkingBytes(width, height, depth, model);
    context.reserve(working, `the U-Net's feature maps (levels ${model.levels}, base ${model.base}) for a ${width}×${height}×${depth} volume`);
    const data = unet3dForward(volume.data, width, height, depth, model, params.residual, {
      onLayer: (done, total) => context.progress(done / total),
    });
    return ok({ out: makeVolume(data, width, height, depth, { origin: volume.origin }) }, { info: `levels ${model.levels}, base ${model.base}, ${count(model)} parameters` });
  },
});
