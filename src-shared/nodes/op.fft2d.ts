import type { Image, Spectrum2D } from '../data';
import { fft2d } from '../dsp';
import { allocFloat64 } from '../dsp/buffer-pool';
import { defineNode, fail, ok, type ParamsOf } from './define';
import { nextPowerOfTwo } from './common';

export const SIZE_2D_PARAMS = [
  { kind: 'enum', name: 'size', label: 'Size', options: ['exact', 'pow2', 'custom'], default: 'exact', inline: true },
  { kind: 'number', name: 'width', label: 'Width', default: 256, min: 1, max: 65536, integer: true, visible: (p: Readonly<Record<string, unknown>>) => p.size === 'custom', slider: { min: 8, max: 4096, scale: 'log' } },
  { kind: 'number', name: 'height', label: 'Height', default: 256, min: 1, max: 65536, integer: true, visible: (p: Readonly<Record<string, unknown>>) => p.size === 'custom', slider: { min: 8, max: 4096, scale: 'log' } },
] as const;

/** The params of SIZE_2D_PARAMS, as compute sees them. */
type Size2dParams = ParamsOf<typeof SIZE_2D_PARAMS>;

export function transformSize2d(width: number, height: number, params: Size2dParams): { width: number; height: number } | string {
  const size = params.size;
  if (size === 'exact') return { width, height };
  if (size === 'pow2') return { width: nextPowerOfTwo(width), height: nextPowerOfTwo(height) };
  const w = params.width;
  const h = params.height;
  if (w < width || h < height) {
    return `${w}×${h} is smaller than the image (${width}×${height}): use at least ${width}×${height} (the FFT zero-pads, it never crops), or size exact or pow2`;
  }
  return { width: w, height: h };
}

export const fft2dOperation = defineNode({
  type: 'op.fft2d',
  title: 'FFT 2-D',
  category: 'operation',
  tags: ['Fourier', 'DFT', 'transform', 'spectrum', 'frequency', 'image spectrum', '2D'],
  doc:
    'The 2-D DFT X[u, v] = Σ x[y, x]·e^(−2πi(ux/W + vy/H)) (unscaled, as numpy.fft.fft2) of a one-channel image, ' +
    'zero-padded to W × H (exact, next powers of two, or custom). Pad both images to at least the sum of their sizes ' +
    'minus one before multiplying spectra, or the convolution wraps around.',
  inputs: [{ id: 'in', types: ['image'] }],
  outputs: [{ id: 'out', types: ['spectrum2d'] }],
  instead: { signal: 'op.fft' },
  params: SIZE_2D_PARAMS,
  compute(inputs, params, context) {
    const image = inputs.in as Image;
    if (image.channels !== 1) return fail(`the FFT takes one channel, but the image has ${image.channels}: put op.gray or op.channel in front`, { cause: { kind: 'channels', port: 'in', channels: image.channels } });
    const size = transformSize2d(image.width, image.height, params);
    if (typeof size === 'string') return fail(size);
    const n = size.width * size.height;
    context.reserve(n * 8 * 4, `a ${size.width}×${size.height} FFT`);
    // The padded image becomes the spectrum in place: two arrays (from the engine's pool on a
    // re-run, already faulted in) rather than two inputs and two outputs.
    const re = allocFloat64(n), im = allocFloat64(n);
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) re[y * size.width + x] = image.data[y * image.width + x]!;
    }
    const result = fft2d(re, im, size.width, size.height, { re, im });
    const out: Spectrum2D = { kind: 'spectrum2d', width: size.width, height: size.height, re: result.re, im: result.im, origin: { ...image.origin }, hermitian: true };
    return ok({ out });
  },
});
