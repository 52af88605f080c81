import { DIMS_PARAM, KERNEL_BYTES_PER_CELL, KERNEL_DIMS, KERNEL_TYPES, kernelDims, kernelImageOf, kernelValue, kernelVolumeOf, typeFromDims } from './common';
import { defineNode, ok } from './define';

export const identityKernel = defineNode({
  type: 'kernel.identity',
  title: 'Identity kernel',
  category: 'kernel',
  tags: ['delta', 'impulse', 'dirac', 'unit', 'passthrough'],
  doc:
    'The discrete delta: 1 at the centre (offset 0), 0 elsewhere, so f * δ = f. Use it to check a graph, ' +
    'or add a scaled Laplacian to it to sharpen.',
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
      const data = new Float32Array(size ** 3);
      const c = Math.floor(size / 2);
      data[(c * size + c) * size + c] = 1;
      return ok({ out: kernelVolumeOf(data, size, size, size) });
    }
    const c = Math.floor(size / 2);
    if (dims === 1) {
      const row = new Array<number>(size).fill(0);
      row[c] = 1;
      return ok({ out: kernelValue(1, [row]) });
    }
    context.reserve(size * size * KERNEL_BYTES_PER_CELL, `a ${size}×${size} kernel`);
    const data = new Float32Array(size * size);
    data[c * size + c] = 1; // c = floor(size / 2) is a row and a column of a size-wide kernel
    return ok({ out: kernelImageOf(data, size, size) });
  },
});
