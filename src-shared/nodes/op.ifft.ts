import { makeSignal, type Spectrum } from '../data';
import { ifft } from '../dsp';
import { allocFloat64, releaseFloat64 } from '../dsp/buffer-pool';
import { fftWorkBytes } from './common';
import { defineNode, ok } from './define';

export const ifftOperation = defineNode({
  type: 'op.ifft',
  title: 'Inverse FFT',
  category: 'operation',
  tags: ['inverse', 'Fourier', 'IDFT', 'transform', 'back to time', 'inverse transform', 'synthesis'],
  doc:
    'The inverse DFT x[j] = (1/n)·Σ X[k]·e^(+2πi·jk/n), keeping the real part and placing it back at the spectrum\'s start. ' +
    'The largest |imaginary part| is shown in the status: near 1e−16 means the spectrum was that of a real signal; larger ' +
    'means it was not Hermitian.',
  inputs: [{ id: 'in', types: ['spectrum'] }],
  outputs: [{ id: 'out', types: ['signal'] }],
  instead: { spectrum2d: 'op.ifft2d' },
  params: [],
  compute(inputs, _params, context) {
    const spectrum = inputs.in as Spectrum;
    const n = spectrum.re.length;
    context.reserve(n * 24 + fftWorkBytes(n), `an inverse FFT of size ${n}`);
    // The imaginary plane is scratch: read for the status, then given back for the next run.
    const result = ifft(spectrum.re, spectrum.im, { re: allocFloat64(n), im: allocFloat64(n) });
    let maxImag = 0;
    for (let k = 0; k < n; k++) maxImag = Math.max(maxImag, Math.abs(result.im[k]!));
    releaseFloat64(result.im);
    return ok({ out: makeSignal(result.re, spectrum.start, spectrum) }, { info: `max |imag| = ${maxImag.toPrecision(3)}` });
  },
});
