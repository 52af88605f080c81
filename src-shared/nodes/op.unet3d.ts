import { makeVolume } from '../data';
import { simdActive } from '../dsp/simd/runtime';
import { simdUNet3dBytes } from '../dsp/simd/unet3d-simd';
import { unet3dActivationFloats, unet3dForward, unet3dModel, unet3dMultiple, type UNet3dModel } from '../dsp/unet3d';
import { readSafeTensors } from '../io/safetensors';
import { type ComputeContext, defineNode, fail, ok } from './define';

/** The model Convolab ships (NODES.md: empty `weights`), in the app's models/ folder. */
export const SHIPPED_UNET3D = 'unet3d-sparse-ct.safetensors';

/** The weights the params name: the file's model, or the one line that refuses it. */
async function loadWeights(path: string, context: ComputeContext): Promise<UNet3dModel | string> {
  let bytes: Uint8Array;
  const where = path === '' ? `the shipped model models/${SHIPPED_UNET3D}` : path;
  if (path === '') {
    const missing = `the shipped model models/${SHIPPED_UNET3D} is missing (it is made by \`npm run train:unet\`): set weights to a .safetensors file`;
    if (!context.readModel) return missing;
    try {
      bytes = await context.readModel(SHIPPED_UNET3D);
    } catch {
      return missing;
    }
  } else {
    bytes = await context.readFile(path);
  }
  const file = readSafeTensors(bytes, { reserve: (size, what) => context.reserve(size, what) });
  if (!file.ok) return `${where}: ${file.error}`;
  const model = unet3dModel(file.value.tensors, file.value.metadata);
  return typeof model === 'string' ? `${where}: ${model}` : model;
}

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
  async compute(inputs, params, context) {
    const volume = inputs.in;
    if (!volume || volume.kind !== 'volume') return fail('in: connect a volume');
    if (volume.channels !== 1) return fail(`in: the U-Net takes one channel, but this volume has ${volume.channels}: take one channel first`);
    const model = await loadWeights(params.weights, context);
    if (typeof model === 'string') return fail(model);
    const { width, height, depth } = volume;
    const multiple = unet3dMultiple(model.levels);
    const sides = [['width', width], ['height', height], ['depth', depth]] as const;
    const short = sides.filter(([, side]) => side % multiple !== 0);
    if (short.length > 0) {
      const padding = short.map(([axis, side]) => `${axis} by ${multiple - (side % multiple)} (to ${side + multiple - (side % multiple)})`).join(', ');
      return fail(
        `in: the volume is ${width}×${height}×${depth} but a ${model.levels}-level U-Net needs sides that are multiples of ${multiple}: pad ${padding}`,
      );
    }
    const voxels = width * height * depth;
    // The output, then what the forward pass holds at its peak on the path it takes.
    context.reserve(4 * voxels, `the U-Net's ${width}×${height}×${depth} output`);
    const working = simdActive()
      ? simdUNet3dBytes(width, height, depth, model)
      : 4 * unet3dActivationFloats(voxels, model.levels, model.base);
    context.reserve(working, `the U-Net's feature maps (levels ${model.levels}, base ${model.base}) for a ${width}×${height}×${depth} volume`);
    const data = unet3dForward(volume.data, width, height, depth, model, params.residual, {
      onLayer: (done, total) => context.progress(done / total),
    });
    return ok({ out: makeVolume(data, width, height, depth, { origin: volume.origin }) }, { info: `levels ${model.levels}, base ${model.base}, ${count(model)} parameters` });
  },
});
