import { makeSignal, spectrumWith, type Image, type Spectrum, type Spectrum2D } from '../data';
import { describeSize, meetTiming, sameAsInput, valueBytes } from './common';
import { defineNode, fail, ok } from './define';
import { allocFloat64 } from '../dsp/buffer-pool';

const TYPES = ['signal', 'spectrum', 'image', 'spectrum2d'] as const;

export const multiplyOperation = defineNode({
  type: 'op.multiply',
  title: 'Multiply',
  category: 'operation',
  tags: ['product', 'times', 'convolution theorem', 'spectrum', 'frequency', 'window', 'gain', 'modulate'],
  doc:
    'Pointwise product out[k] = a[k] · b[k] (complex for spectra). By the convolution theorem, multiplying two spectra of ' +
    'the same size n and transforming back gives the circular convolution of length n; the output start (origin) is the sum ' +
    'of the two, as for convolution. Sizes must match.',
  inputs: [
    { id: 'a', types: TYPES, generic: 'T' },
    { id: 'b', types: TYPES, generic: 'T' },
  ],
  outputs: [{ id: 'out', types: TYPES, generic: 'T', resolveType: sameAsInput('a') }],
  params: [],
  compute(inputs, _params, context) {
    const a = inputs.a!;
    const b = inputs.b!;
    if (a.kind === 'signal' && b.kind === 'signal') {
      if (a.data.length !== b.data.length) {
        return fail(`sizes differ: a has ${describeSize(a)}, b has ${describeSize(b)}: pad both to the same length (op.pad)`);
      }
      const timing = meetTiming(a, b);
      if (typeof timing === 'string') return fail(timing, { cause: { kind: 'rate-mismatch', rates: [a.rate, b.rate] } });
      context.reserve(valueBytes(a), describeSize(a));
      const out = allocFloat64(a.data.length);
      for (let i = 0; i < out.length; i++) out[i] = a.data[i]! * b.data[i]!;
      return ok({ out: makeSignal(out, a.start, timing) });
    }
    if (a.kind === 'image' && b.kind === 'image') {
      const y = b as Image;
      if (a.width !== y.width || a.height !== y.height || (a.channels !== y.channels && y.channels !== 1)) {
        return fail(`sizes differ: a is ${describeSize(a)}, b is ${describeSize(y)}: pad both to the same size (op.pad)`);
      }
      context.reserve(valueBytes(a), describeSize(a));
      const out = new Float32Array(a.data.length);
      const plane = a.width * a.height;
      for (let i = 0; i < out.length; i++) out[i] = a.data[i]! * y.data[y.channels === 1 ? i % plane : i]!;
      return ok({ out: { ...a, data: out } });
    }
    if ((a.kind === 'spectrum' && b.kind === 'spectrum') || (a.kind === 'spectrum2d' && b.kind === 'spectrum2d')) {
      const x = a as Spectrum | Spectrum2D;
      const y = b as Spectrum | Spectrum2D;
      const sameShape = x.kind === 'spectrum' ? x.re.length === y.re.length : x.width === (y as Spectrum2D).width && x.height === (y as Spectrum2D).height;
      if (!sameShape) {
        // FFT 2-D pads by width and height, not n: the words name the params the FFT node has.
        const how = x.kind === 'spectrum' ? 'n (size custom, n ≥ len(a) + len(b) − 1)' : 'size (size custom, width ≥ width(a) + width(b) − 1, height likewise)';
        return fail(`sizes differ: a has ${describeSize(x)}, b has ${describeSize(y)}: pad both FFTs to the same ${how}`, {
          cause: { kind: 'size-mismatch' },
        });
      }
      // Spectra of a kernel (unitless) take the other spectrum's rate, as the signals would.
      const timing = x.kind === 'spectrum' ? meetTiming(x, y as Spectrum) : undefined;
      if (typeof timing === 'string') return fail(timing, { cause: { kind: 'rate-mismatch', rates: [(x as Spectrum).rate, (y as Spectrum).rate] } });
      const n = x.re.length;
      context.reserve(valueBytes(x), describeSize(x));
      const re = allocFloat64(n);
      const im = allocFloat64(n);
      for (let k = 0; k < n; k++) {
        re[k] = x.re[k]! * y.re[k]! - x.im[k]! * y.im[k]!;
        im[k] = x.re[k]! * y.im[k]! + x.im[k]! * y.re[k]!;
      }
      if (x.kind === 'spectrum') {
        const s = y as Spectrum;
        return ok({ out: spectrumWith(x, timing!, { re, im, start: x.start + s.start, hermitian: x.hermitian && s.hermitian }) });
      }
      const s = y as Spectrum2D;
      return ok({ out: { ...x, re, im, origin: { x: x.origin.x + s.origin.x, y: x.origin.y + s.origin.y }, hermitian: x.hermitian && s.hermitian } });
    }
    return fail(`a and b must carry the same type (got ${a.kind} and ${b.kind})`);
  },
});
