import type { Signal, Spectrum } from '../data';
import { planRealFft } from '../dsp';
import { fftWorkBytes, nextPowerOfTwo } from './common';
import { defineNode, fail, ok, type ComputeContext } from './define';
import { allocFloat64, releaseFloat64 } from '../dsp/buffer-pool';

/** The transform length: the signal's own (exact), the next power of two, or a given n ≥ length. */
export function transformSize(length: number, params: { readonly size: 'exact' | 'pow2' | 'custom'; readonly n: number }): number | string {
  if (params.size === 'exact') return length;
  if (params.size === 'pow2') return nextPowerOfTwo(length);
  const n = params.n;
  if (n < length) {
    return `n = ${n} is shorter than the signal (${length} samples): use n ≥ ${length} (the FFT zero-pads, it never crops), or size exact or pow2`;
  }
  return n;
}

/** The full n-bin DFT of a real signal zero-padded to n, from a real FFT and conjugate symmetry. */
export function spectrumOf(signal: Signal, n: number, context: ComputeContext): Spectrum {
  // The spectrum's two planes, the padded input when the signal is shorter than n, and the
  // transform's own work areas. (No half spectrum: the real transform writes its bins straight
  // into the planes. Reserving one, and a padded copy of an exact-size signal, refused a
  // 3.6-minute 48 kHz recording's FFT that takes 536 MB.)
  context.reserve(n * 16 + (signal.data.length === n ? 0 : n * 8) + fftWorkBytes(n), `an FFT of size ${n}`);
  const re = allocFloat64(n);
  const im = allocFloat64(n);
  if (n > 0) {
    // The real transform writes bins 0 … ⌊n/2⌋ straight into the spectrum's planes; a signal
    // shorter than n is zero-padded in scratch given back at once (an exact-size one is read as it is).
    const padded = signal.data.length === n ? signal.data : allocFloat64(n);
    if (padded !== signal.data) padded.set(signal.data);
    const plan = planRealFft(n);
    plan.forward(padded, re, im);
    if (padded !== signal.data) releaseFloat64(padded);
    for (let k = plan.bins; k < n; k++) {
      re[k] = re[n - k]!;
      im[k] = -im[n - k]!;
    }
  }
  return { kind: 'spectrum', re, im, rate: signal.rate, start: signal.start, hermitian: true, ...(signal.unitless ? { unitless: true as const } : {}) };
}

export const fftOperation = defineNode({
  type: 'op.fft',
  title: 'FFT',
  category: 'operation',
  tags: ['Fourier', 'DFT', 'transform', 'spectrum', 'frequency', 'frequencies', 'fourier transform'],
  doc:
    'The discrete Fourier transform X[k] = Σ x[j]·e^(−2πi·jk/n) (unscaled, as numpy.fft), of any length n: the signal\'s ' +
    'own length (exact), the next power of two, or a custom n that zero-pads. Bin k is frequency k·rate/n; to multiply two ' +
    'spectra into a linear convolution, pad both to the same n ≥ len(a) + len(b) − 1.',
  inputs: [{ id: 'in', types: ['signal'] }],
  outputs: [{ id: 'out', types: ['spectrum'] }],
  instead: { image: 'op.fft2d' },
  params: [
    { kind: 'enum', name: 'size', label: 'Size', options: ['exact', 'pow2', 'custom'], default: 'exact', inline: true },
    {
      kind: 'number',
      name: 'n',
      label: 'n',
      doc: 'The transform length with size custom: at least the signal\'s length.',
      default: 1024,
      min: 1,
      max: 2 ** 30,
      integer: true,
      slider: { min: 1, max: 65536, scale: 'log' },
      visible: (params) => params.size === 'custom',
    },
  ],
  compute(inputs, params, context) {
    const signal = inputs.in as Signal;
    if (signal.data.length === 0) return fail('the signal is empty: there is nothing to transform');
    const n = transformSize(signal.data.length, params);
    if (typeof n === 'string') return fail(n, { cause: { kind: 'params', choices: [{ n: signal.data.length }, { size: 'exact' }] } });
    return ok({ out: spectrumOf(signal, n, context) });
  },
});

