import { DIMS_PARAM, KERNEL_BYTES_PER_CELL, KERNEL_DIMS, KERNEL_TYPES, kernelDims, kernelImageOf, kernelValue, kernelVolumeOf, outerPixels, outerVoxels, typeFromDims } from './common';
import { defineNode, ok } from './define';

/** exp(−i²/2σ²) at i = −radius..radius (radius 0 means ceil(3σ)), optionally normalised to sum 1. */
export function gaussianWeights(sigma: number, radius: number, normalize: boolean): number[] {
  const r = radius > 0 ? radius : Math.ceil(3 * sigma);
  const weights: number[] = [];
  for (let i = -r; i <= r; i++) weights.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
  if (normalize) {
    const sum = weights.reduce((s, w) => s + w, 0);
    return weights.map((w) => w / sum);
  }
  return weights;
}

export const gaussianKernel = defineNode({
  type: 'kernel.gaussian',
  title: 'Gaussian kernel',
  category: 'kernel',
  tags: ['blur', 'smooth', 'low-pass', 'average', 'mean', 'gaussian blur', 'bell', 'soften', 'denoise', 'noise'],
  doc:
    'A Gaussian blur kernel g[i] = exp(−i²/2σ²) at integer offsets −radius..radius (radius 0 means ceil(3σ)), ' +
    'normalised to sum 1 so blurring keeps brightness. The 2-D kernel is the outer product of two 1-D ones (the 3-D one of three), ' +
    'centred on the origin, so convolution runs it as separable passes.',
  inputs: [],
  outputs: [{ id: 'out', types: KERNEL_TYPES, resolveType: typeFromDims, adapts: KERNEL_DIMS }],
  params: [
    DIMS_PARAM,
    { kind: 'number', name: 'sigma', label: 'σ', default: 2, min: 0, exclusiveMin: true, max: 1000, inline: true, slider: { min: 0.1, max: 100, scale: 'log' } },
    { kind: 'number', name: 'radius', label: 'Radius', doc: '0 means ceil(3σ).', default: 0, min: 0, max: 4096, integer: true, slider: { min: 0, max: 50, scale: 'linear' } },
    { kind: 'boolean', name: 'normalize', label: 'Normalise', default: true },
  ],
  compute(_inputs, params, context) {
    const weights = gaussianWeights(params.sigma, params.radius, params.normalize);
    const dims = kernelDims(params);
    if (dims === 1) return ok({ out: kernelValue(1, [weights]) });
    const size = weights.length;
    if (dims === 3) {
      context.reserve(size ** 3 * KERNEL_BYTES_PER_CELL, `a ${size}×${size}×${size} kernel`);
      return ok({ out: kernelVolumeOf(outerVoxels(weights, weights, weights), size, size, size) });
    }
    context.reserve(size ** 2 * KERNEL_BYTES_PER_CELL, `a ${size}×${size} kernel`);
    return ok({ out: kernelImageOf(outerPixels(weights, weights), size, size) });
  },
});
