/** Our DSP core against numpy/scipy reference vectors (test/fixtures/dsp/gen_dsp.py). */
import { describe, expect, it } from 'vitest';
import {
  convolve1d, convolve2d, correlate1d, correlate2d, fft, fft2d, ifft, irfft, planFft, rfft,
  type BoundaryMode, type Convolve1dMethod, type Convolve2dMethod, type ConvolveMode,
} from '../../src-shared/dsp';
import { complexError, f64, i16Scaled, loadFixtures, relativeError } from './helpers';

const fixtures = loadFixtures();
const F64_TOL = 1e-10;
const F32_TOL = 1e-5;

describe('fft matches numpy.fft.fft', () => {
  for (const c of fixtures.fft) {
    it(`n = ${c.n}, forward and inverse`, () => {
      const re = f64(c.re), im = f64(c.im);
      const X = fft(re, im);
      expect(complexError(X.re, X.im, f64(c.Xre), f64(c.Xim))).toBeLessThan(F64_TOL);
      const back = ifft(f64(c.Xre), f64(c.Xim));
      expect(complexError(back.re, back.im, re, im)).toBeLessThan(F64_TOL);
    });
  }
  for (const c of fixtures.fftLarge) {
    it(`n = ${c.n}: sampled bins and total energy`, () => {
      const re = i16Scaled(c.re), im = i16Scaled(c.im);
      const X = fft(re, im);
      const bins: number[] = c.bins;
      const gotRe = bins.map((k) => X.re[k]), gotIm = bins.map((k) => X.im[k]);
      const scale = Math.sqrt(c.energy / c.n); // rms bin magnitude
      const eRe = f64(c.Xre), eIm = f64(c.Xim);
      let err = 0;
      bins.forEach((_, i) => { err = Math.max(err, Math.abs(gotRe[i] - eRe[i]), Math.abs(gotIm[i] - eIm[i])); });
      expect(err / scale).toBeLessThan(F64_TOL);
      let energy = 0;
      for (let k = 0; k < c.n; k++) energy += X.re[k] ** 2 + X.im[k] ** 2;
      expect(Math.abs(energy - c.energy) / c.energy).toBeLessThan(1e-12);
    });
  }
  it('in-place plan use equals out-of-place', () => {
    for (const n of [8, 12, 97, 8192]) {
      const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)), im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 1.3));
      const expected = fft(re, im);
      planFft(n).forward(re, im, re, im);
      expect(complexError(re, im, expected.re, expected.im)).toBeLessThan(1e-14);
    }
  });
});

describe('rfft / irfft match numpy', () => {
  for (const c of fixtures.rfft) {
    it(`rfft n = ${c.n}`, () => {
      const X = rfft(f64(c.x));
      expect(complexError(X.re, X.im, f64(c.Xre), f64(c.Xim))).toBeLessThan(F64_TOL);
    });
  }
  for (const c of fixtures.irfft) {
    it(`irfft n = ${c.n} (imaginary parts of DC/Nyquist ignored like numpy)`, () => {
      expect(relativeError(irfft(f64(c.re), f64(c.im), c.n), f64(c.x))).toBeLessThan(F64_TOL);
    });
  }
});

describe('fft2d matches numpy.fft.fft2', () => {
  for (const c of fixtures.fft2) {
    it(`${c.width} × ${c.height}`, () => {
      const X = fft2d(f64(c.re), f64(c.im), c.width, c.height);
      expect(complexError(X.re, X.im, f64(c.Xre), f64(c.Xim))).toBeLessThan(F64_TOL);
    });
  }
});

describe('convolve1d / correlate1d match scipy.signal (every method × mode)', () => {
  const methods: Convolve1dMethod[] = ['direct', 'fft', 'overlap-add', 'auto'];
  for (const c of fixtures.conv1d) {
    const a = f64(c.a), b = f64(c.b);
    it(`${a.length} × ${b.length}`, () => {
      for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
        for (const method of methods) {
          const conv = convolve1d(a, b, { method, mode });
          const corr = correlate1d(a, b, { method, mode });
          if (mode === 'valid' && b.length > a.length) {
            expect(conv.length, 'valid with a longer kernel is empty').toBe(0);
            expect(corr.length).toBe(0);
            continue;
          }
          expect(relativeError(conv, f64(c.convolve[mode])), `convolve ${method} ${mode}`).toBeLessThan(F64_TOL);
          expect(relativeError(corr, f64(c.correlate[mode])), `correlate ${method} ${mode}`).toBeLessThan(F64_TOL);
        }
      }
    });
  }
});

describe('convolve2d matches scipy.signal.convolve2d and scipy.ndimage', () => {
  const methods: Convolve2dMethod[] = ['direct', 'fft', 'auto'];
  for (const c of fixtures.conv2d) {
    const image = Float32Array.from(f64(c.image));
    const kernel = f64(c.kernel);
    const { width, height, kernelWidth: kw, kernelHeight: kh } = c;
    it(`${width}×${height} image, ${kw}×${kh} kernel`, () => {
      for (const method of methods) {
        for (const mode of Object.keys(c.signal) as ConvolveMode[]) {
          const r = convolve2d(image, width, height, kernel, kw, kh, { method, mode });
          expect(relativeError(r.data, f64(c.signal[mode])), `signal ${method} ${mode}`).toBeLessThan(F32_TOL);
        }
        // ndimage centres even kernels at floor(k/2).
        const origin = { kernelOriginX: Math.floor(kw / 2), kernelOriginY: Math.floor(kh / 2) };
        for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as BoundaryMode[]) {
          const r = convolve2d(image, width, height, kernel, kw, kh, { method, mode: 'same', boundary, ...origin });
          expect(relativeError(r.data, f64(c.ndimage[boundary])), `ndimage ${method} ${boundary}`).toBeLessThan(F32_TOL);
          const q = correlate2d(image, width, height, kernel, kw, kh, { method, mode: 'same', boundary });
          expect(relativeError(q.data, f64(c.ndimageCorrelate[boundary])), `ndimage.correlate ${method} ${boundary}`).toBeLessThan(F32_TOL);
        }
      }
    });
  }
  it('the separable path equals the references for the Gaussian kernel, every boundary', () => {
    const c = fixtures.conv2d.find((k: { kernelWidth: number }) => k.kernelWidth === 7);
    const image = Float32Array.from(f64(c.image));
    for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as BoundaryMode[]) {
      const r = convolve2d(image, c.width, c.height, f64(c.kernel), 7, 7, { method: 'separable', mode: 'same', boundary });
      expect(relativeError(r.data, f64(c.ndimage[boundary]))).toBeLessThan(F32_TOL);
    }
    const full = convolve2d(image, c.width, c.height, f64(c.kernel), 7, 7, { method: 'separable', mode: 'full' });
    expect(relativeError(full.data, f64(c.signal.full))).toBeLessThan(F32_TOL);
  });
});
