import { DIMS_PARAM, KERNEL_DIMS, KERNEL_TYPES, kernelDims, kernelValue, kernelVolumeOf, typeFromDims } from './common';
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
      context.reserve(size ** 3 * 4, `a ${size}×${size}×${size} kernel`);
      return ok({ out: kernelVolumeOf(new Float32Array(size ** 3).fill(1 / size ** 3), size, size, size) });
    }
    // Rows of JS numbers (8 bytes each) and the kernel's own array: their flat copy (8 bytes a cell each) and the kernel (4 or 8) at most.
    context.reserve((dims === 1 ? size : size * size) * 20, `a ${dims === 1 ? size : `${size}×${size}`} kernel`);
    const w = 1 / (dims === 1 ? size : size * size);
    const rows = dims === 1 ? [new Array<number>(size).fill(w)] : Array.from({ length: size }, () => new Array<number>(size).fill(w));
    return ok({ out: kernelValue(dims, rows) });
  },
});
