import { DIMS_PARAM, KERNEL_BYTES_PER_CELL, KERNEL_DIMS, KERNEL_TYPES, kernelDims, kernelImageOf, kernelValue, kernelVolumeOf, typeFromDims } from './common';
import { defineNode, ok } from './define';

export const boxKernel = defineNode({
  type: 'kernel.box',
  title: 'Box kernel',
  category: 'kernel',
  tags: ['blur', 'smooth', 'low-pass', 'average', 'mean', 'moving average', 'box filter', 'rectangular'],
  doc:
    'A moving-average kernel: size samples (or size × size pixels, or size³ voxels) of 1/size (1/size², 1/size³), so it sums to 1. ' +
    'Its origin is at floor(size/2); convolving with it averages each neighbourhood.',
  inputs: [],
  outputs: [{ id: 'out', types: KERNEL_TYPES, resolveType: typeFromDims, adapts: KERNEL_DIMS }],
  params: [
    DIMS_PARAM,
    { kind: 'number', name: 'size', label: 'Size', default: 3, min: 1, max: 4096, integer: true, inline: true, slider: { min: 1, max: 50, scale: 'linear' } },
  ],
  compute(_inputs, params, context) {
    const size = params.size;
    const dims = kernelDims(params);
    if (dims === 3) {
      context.reserve(size ** 3 * KERNEL_BYTES_PER_CELL, `a ${size}×${size}×${size} kernel`);
      return ok({ out: kernelVolumeOf(new Float32Array(size ** 3).fill(1 / size ** 3), size, size, size) });
    }
    if (dims === 1) return ok({ out: kernelValue(1, [new Array<number>(size).fill(1 / size)]) });
    context.reserve(size * size * KERNEL_BYTES_PER_CELL, `a ${size}×${size} kernel`);
    return ok({ out: kernelImageOf(new Float32Array(size * size).fill(1 / (size * size)), size, size) });
  },
});
