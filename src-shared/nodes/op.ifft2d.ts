import { makeImage, type Spectrum2D } from '../data';
import { ifft2d } from '../dsp';
import { allocFloat32, allocFloat64, releaseFloat64 } from '../dsp/buffer-pool';
import { defineNode, fail, ok } from './define';
import { SIZE_2D_PARAMS } from './op.fft2d';

export const ifft2dOperation = defineNode({
  type: 'op.ifft2d',
  title: 'Inverse FFT 2-D',
  category: 'operation',
  tags: ['inverse', 'Fourier', 'IDFT', 'transform', 'inverse transform', '2D'],
  doc:
    'The inverse 2-D DFT, divided by W·H (numpy.fft.ifft2), keeping the real part at the spectrum\'s origin; the largest ' +
    '|imaginary part| shows in the status. size exact (or pow2) keeps the spectrum\'s size; custom crops the result to ' +
    'width × height from the top left, undoing the zero-padding of op.fft2d.',
  inputs: [{ id: 'in', types: ['spectrum2d'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  instead: { spectrum: 'op.ifft' },
  params: SIZE_2D_PARAMS,
  compute(inputs, params, context) {
    const spectrum = inputs.in as Spectrum2D;
    const { width, height } = spectrum;
    const custom = params.size === 'custom';
    const outWidth = custom ? params.width : width;
    const outHeight = custom ? params.height : height;
    if (outWidth > width || outHeight > height) {
      return fail(`${outWidth}×${outHeight} is larger than the spectrum (${width}×${height}): custom crops, so use at most ${width}×${height}`);
    }
    context.reserve(width * height * 8 * 4, `a ${width}×${height} inverse FFT`);
    // Working arrays, given back to the engine's pool as soon as the image is made from them.
    const result = ifft2d(spectrum.re, spectrum.im, width, height, { re: allocFloat64(width * height), im: allocFloat64(width * height) });
    let maxImag = 0;
    for (let i = 0; i < result.im.length; i++) maxImag = Math.max(maxImag, Math.abs(result.im[i]!));
    const data = allocFloat32(outWidth * outHeight);
    for (let y = 0; y < outHeight; y++) for (let x = 0; x < outWidth; x++) data[y * outWidth + x] = result.re[y * width + x]!;
    releaseFloat64(result.re);
    releaseFloat64(result.im);
    return ok({ out: makeImage(data, outWidth, outHeight, { origin: { ...spectrum.origin } }) }, { info: `max |imag| = ${maxImag.toPrecision(3)}` });
  },
});
