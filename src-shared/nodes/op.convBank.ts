import { makeImage, type Image } from '../data';
import { correlate2d } from '../dsp';
import { gaussianRandom, mulberry32 } from './common';
import { defineNode, ok } from './define';
import { gaussianWeights } from './kernel.gaussian';
import { LAPLACIAN_4 } from './kernel.laplacian';
import { SOBEL_X, SOBEL_Y } from './kernel.sobel';

const isRandom = (params: Readonly<Record<string, unknown>>) => params.bank === 'random';

/** The bank's kernels, each `size × size × inChannels` (channel-major), and their size. */
export function bankKernels(bank: string, inChannels: number, count: number, size: number, seed: number): { kernels: Float64Array[]; size: number } {
  if (bank === 'edges') {
    const g = gaussianWeights(1, 1, true);
    const gaussian = g.flatMap((wy) => g.map((wx) => wx * wy));
    const planes = [SOBEL_X.flat(), SOBEL_Y.flat(), LAPLACIAN_4.flat(), gaussian];
    // The same 3×3 filter on every input channel, averaged, so an RGB photo behaves like its gray version.
    return { kernels: planes.map((p) => Float64Array.from({ length: 9 * inChannels }, (_, i) => p[i % 9]! / inChannels)), size: 3 };
  }
  // He initialisation: N(0, 2 / fan-in), seeded so the layer is the same every run.
  const normal = gaussianRandom(mulberry32(seed));
  const scale = Math.sqrt(2 / (size * size * inChannels));
  const kernels = Array.from({ length: count }, () => Float64Array.from({ length: size * size * inChannels }, () => normal() * scale));
  return { kernels, size };
}

export const convBankOperation = defineNode({
  type: 'op.convBank',
  title: 'Convolution layer',
  category: 'operation',
  tags: ['CNN', 'neural network', 'deep learning', 'feature maps', 'filter bank', 'layer', 'machine learning'],
  doc:
    'A CNN layer: out[k] = act(Σ_c correlate(in[c], w[k][c])), one output channel (feature map) per kernel, ' +
    'same size with zero boundary, then every stride-th pixel. The edges bank holds Sobel x, Sobel y, Laplacian and a ' +
    '3×3 Gaussian; random holds `count` seeded kernels of size × size (He-scaled), as an untrained layer would.',
  inputs: [{ id: 'in', types: ['image'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [
    { kind: 'enum', name: 'bank', label: 'Bank', options: ['edges', 'random'], default: 'edges', inline: true },
    { kind: 'number', name: 'count', label: 'Kernels', default: 8, min: 1, max: 256, integer: true, visible: isRandom, slider: { min: 1, max: 64, scale: 'linear' } },
    { kind: 'number', name: 'size', label: 'Kernel size', default: 3, min: 1, max: 31, integer: true, visible: isRandom, slider: { min: 1, max: 31, scale: 'linear' } },
    { kind: 'number', name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295, integer: true, visible: isRandom, slider: false },
    { kind: 'number', name: 'stride', label: 'Stride', default: 1, min: 1, max: 64, integer: true, slider: { min: 1, max: 8, scale: 'linear' } },
    { kind: 'enum', name: 'activation', label: 'Activation', options: ['none', 'relu'], default: 'relu' },
  ],
  compute(inputs, params, context) {
    const image = inputs.in as Image;
    const { kernels, size } = bankKernels(
      params.bank,
      image.channels,
      params.count,
      params.size,
      params.seed,
    );
    const stride = params.stride;
    const relu = params.activation === 'relu';
    const { width, height } = image;
    const outWidth = Math.ceil(width / stride);
    const outHeight = Math.ceil(height / stride);
    const plane = width * height;
    const outPlane = outWidth * outHeight;
    context.reserve((outPlane * kernels.length + plane * 2) * 4, `${kernels.length} feature maps of ${outWidth}×${outHeight}`);
    const out = new Float32Array(outPlane * kernels.length);
    const sum = new Float64Array(plane);
    kernels.forEach((kernel, k) => {
      sum.fill(0);
      for (let c = 0; c < image.channels; c++) {
        const result = correlate2d(image.data.subarray(c * plane, (c + 1) * plane), width, height, kernel.subarray(c * size * size, (c + 1) * size * size), size, size, {
          mode: 'same',
          boundary: 'zero',
        });
        for (let i = 0; i < plane; i++) sum[i] = sum[i]! + result.data[i]!;
      }
      for (let y = 0; y < outHeight; y++) {
        for (let x = 0; x < outWidth; x++) {
          const v = sum[y * stride * width + x * stride]!;
          out[k * outPlane + y * outWidth + x] = relu && v < 0 ? 0 : v;
        }
      }
      context.progress((k + 1) / kernels.length);
    });
    return ok({ out: makeImage(out, outWidth, outHeight, { channels: kernels.length }) });
  },
});
