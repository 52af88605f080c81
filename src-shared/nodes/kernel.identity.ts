import { DIMS_PARAM, KERNEL_DIMS, kernelDims, kernelValue, typeFromDims } from './common';
import { defineNode, numberParam, ok } from './define';

export const identityKernel = defineNode({
  type: 'kernel.identity',
  title: 'Identity kernel',
  category: 'kernel',
  tags: ['delta', 'impulse', 'dirac', 'unit', 'passthrough'],
  doc:
    'The discrete delta: 1 at the centre (offset 0), 0 elsewhere, so f * δ = f. Use it to check a graph, ' +
    'or add a scaled Laplacian to it to sharpen.',
  inputs: [],
  outputs: [{ id: 'out', types: ['signal', 'image'], resolveType: typeFromDims, adapts: KERNEL_DIMS }],
  params: [
    DIMS_PARAM,
    { kind: 'number', name: 'size', label: 'Size', default: 3, min: 1, max: 4096, integer: true, inline: true, slider: { min: 1, max: 50, scale: 'linear' } },
  ],
  compute(_inputs, params) {
    const size = numberParam(params, 'size');
    const dims = kernelDims(params);
    const c = Math.floor(size / 2);
    const rows = dims === 1 ? [new Array<number>(size).fill(0)] : Array.from({ length: size }, () => new Array<number>(size).fill(0));
    rows[dims === 1 ? 0 : c][c] = 1;
    return ok({ out: kernelValue(dims, rows) });
  },
});
