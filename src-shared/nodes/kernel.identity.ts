import { DIMS_PARAM, KERNEL_DIMS, KERNEL_TYPES, kernelDims, kernelValue, kernelVolumeOf, typeFromDims } from './common';
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
      context.reserve(size ** 3 * 4, `a ${size}×${size}×${size} kernel`);
      const data = new Float32Array(size ** 3);
      const c = Math.floor(size / 2);
      data[(c * size + c) * size + c] = 1;
      return ok({ out: kernelVolumeOf(data, size, size, size) });
    }
    // Rows of JS numbers (8 bytes each) and the kernel's own array: their flat copy (8 bytes a cell each) and the kernel (4 or 8) at most.
    context.reserve((dims === 1 ? size : size * size) * 20, `a ${dims === 1 ? size : `${size}×${size}`} kernel`);
    const c = Math.floor(size / 2);
    const rows = dims === 1 ? [new Array<number>(size).fill(0)] : Array.from({ length: size }, () => new Array<number>(size).fill(0));
    rows[dims === 1 ? 0 : c]![c] = 1; // c = floor(size / 2) is a row and a column of a size-wide kernel
    return ok({ out: kernelValue(dims, rows) });
  },
});
