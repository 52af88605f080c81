/**
 * The WebAssembly SIMD kernels against the plain TypeScript path (the oracle, same process) and
 * the numpy/scipy reference vectors, at every size class. The kernels are loaded here whatever
 * CONVOLAB_SIMD says (the plain project checks the switch in test/main/dsp/simd.test.ts), and
 * the thresholds are lowered so even tiny sizes take them; call counters prove they ran.
 */
import { describe, expect, it } from 'vitest';
import { dspWasmSourceHash } from '../../../src-main/dsp/dsp-wasm.generated.js';
import { sourceHash } from '../../../src-main/dsp/build-wasm';
import {
  backproject, convolve1d, convolve2d, convolveOverlapAddWindow, correlate1d, correlate2d, fft, fft2d, gaussianKernel2d,
  fftAlgorithm, ifft, irfft, planFft, planRealFft, projectionAngles, rfft,
  type BoundaryMode, type Convolve1dMethod, type Convolve2dMethod, type ConvolveMode,
} from '../../../src-shared/dsp';
import { simdCallCounts } from '../../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../../simd-switch';
import { complexError, f64, loadFixtures, relativeError } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

const fixtures = loadFixtures();
const F64_TOL = 1e-10;
const F32_TOL = 1e-5;

let seed = 20261127;
const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
const randomF64 = (n: number): Float64Array => Float64Array.from({ length: n }, random);
const randomF32 = (n: number): Float32Array => Float32Array.from({ length: n }, () => random() + 0.5);

/** Runs `body` on the plain TypeScript path. */
function plain<T>(body: () => T): T {
  return withSimdSwitch(false, body);
}

onKernelsAtEverySize();

describe('the embedded WebAssembly module', () => {
  it('was built from the current AssemblyScript sources (else run npm run build:wasm)', () => {
    expect(dspWasmSourceHash).toBe(sourceHash());
  });
});

describe('complex FFT on the SIMD path', () => {
  const powers = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072];
  // Lengths the plain planner sends to Bluestein (primes above 31, or where it costs less).
  const bluestein = [37, 41, 97, 1009, 4097, 10007];
  for (const n of [...powers, ...bluestein]) {
    it(`n = ${n}: forward, inverse and unscaled inverse equal the TypeScript path`, () => {
      const re = randomF64(n), im = randomF64(n);
      const family = (n & (n - 1)) === 0 ? 'fft' : 'fft-bluestein';
      const expected = plain(() => fft(re, im)), expectedInverse = plain(() => ifft(re, im));
      const X = viaSimd(family, () => fft(re, im));
      expect(complexError(X.re, X.im, expected.re, expected.im)).toBeLessThan(1e-13);
      const back = ifft(re, im);
      expect(complexError(back.re, back.im, expectedInverse.re, expectedInverse.im)).toBeLessThan(1e-13);
      const or = new Float64Array(n), oi = new Float64Array(n);
      planFft(n).inverseUnscaled(re, im, or, oi);
      expect(complexError(or.map((v) => v / n), oi.map((v) => v / n), expectedInverse.re, expectedInverse.im)).toBeLessThan(1e-13);
    });
  }
  it('a length the plain path runs by mixed radix takes the SIMD mixed-radix kernel, not Bluestein', () => {
    for (const n of [7, 11, 1000, 4095]) {
      expect(fftAlgorithm(n)).toBe('mixed radix');
      const re = randomF64(n), im = randomF64(n);
      const before = simdCallCounts()['fft-bluestein'] ?? 0;
      const X = viaSimd('fft-mixed', () => fft(re, im));
      expect(simdCallCounts()['fft-bluestein'] ?? 0).toBe(before);
      const expected = plain(() => fft(re, im));
      expect(complexError(X.re, X.im, expected.re, expected.im)).toBeLessThan(1e-13);
    }
  });
  it('in place (input and output the same arrays) equals out of place', () => {
    for (const n of [16, 4096, 16384, 97]) {
      const re = randomF64(n), im = randomF64(n);
      const expected = fft(re, im);
      planFft(n).forward(re, im, re, im);
      expect(complexError(re, im, expected.re, expected.im)).toBeLessThan(1e-15);
    }
  });
  for (const c of fixtures.fft) {
    it(`n = ${c.n} matches numpy.fft.fft`, () => {
      const X = fft(f64(c.re), f64(c.im));
      expect(complexError(X.re, X.im, f64(c.Xre), f64(c.Xim))).toBeLessThan(F64_TOL);
      const back = ifft(f64(c.Xre), f64(c.Xim));
      expect(complexError(back.re, back.im, f64(c.re), f64(c.im))).toBeLessThan(F64_TOL);
    });
  }
  it('2-D FFT (rows and columns through the plans) matches numpy.fft.fft2', () => {
    for (const c of fixtures.fft2) {
      const X = fft2d(f64(c.re), f64(c.im), c.width, c.height);
      expect(complexError(X.re, X.im, f64(c.Xre), f64(c.Xim))).toBeLessThan(F64_TOL);
    }
  });
});

describe('real FFT on the SIMD path', () => {
  for (const n of [8, 16, 64, 1024, 8192, 16384, 65536, 262144]) {
    it(`n = ${n}: rfft and irfft equal the TypeScript path`, () => {
      const x = randomF64(n);
      const expected = plain(() => rfft(x));
      const X = viaSimd('rfft', () => rfft(x));
      expect(complexError(X.re, X.im, expected.re, expected.im)).toBeLessThan(1e-13);
      const back = viaSimd('rfft', () => irfft(X.re, X.im, n));
      expect(relativeError(back, x)).toBeLessThan(1e-13);
      const unscaled = new Float64Array(n);
      planRealFft(n).inverseUnscaled(X.re, X.im, unscaled);
      expect(relativeError(unscaled.map((v) => v / n), x)).toBeLessThan(1e-13);
    });
  }
  for (const c of fixtures.rfft) {
    it(`rfft n = ${c.n} matches numpy`, () => {
      const X = rfft(f64(c.x));
      expect(complexError(X.re, X.im, f64(c.Xre), f64(c.Xim))).toBeLessThan(F64_TOL);
    });
  }
  for (const c of fixtures.irfft) {
    it(`irfft n = ${c.n} matches numpy (imaginary parts of DC and Nyquist ignored)`, () => {
      expect(relativeError(irfft(f64(c.re), f64(c.im), c.n), f64(c.x))).toBeLessThan(F64_TOL);
    });
  }
});

describe('1-D convolution on the SIMD path', () => {
  const methods: Convolve1dMethod[] = ['direct', 'fft', 'overlap-add', 'auto'];
  for (const c of fixtures.conv1d) {
    const a = f64(c.a), b = f64(c.b);
    it(`${a.length} × ${b.length}, every method and mode, matches scipy.signal`, () => {
      for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
        if (mode === 'valid' && b.length > a.length) continue;
        for (const method of methods) {
          expect(relativeError(convolve1d(a, b, { method, mode }), f64(c.convolve[mode])), `${method} ${mode}`).toBeLessThan(F64_TOL);
          expect(relativeError(correlate1d(a, b, { method, mode }), f64(c.correlate[mode])), `${method} ${mode}`).toBeLessThan(F64_TOL);
        }
      }
    });
  }
  for (const [na, nb] of [[20000, 9], [5000, 300], [65536, 1000], [200_000, 4096], [3000, 7000], [4096, 4096]]) {
    it(`${na} × ${nb}: direct, overlap-add (several blocks, every window) and fft (one packed transform) equal the TypeScript path`, () => {
      const a = randomF64(na), b = randomF64(nb);
      for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
        if (mode === 'valid' && nb > na) continue; // empty by definition
        for (const method of ['direct', 'overlap-add', 'fft'] as const) {
          if (method === 'direct' && na * nb > 5e7) continue;
          // The TypeScript 'fft' runs three real transforms; the SIMD one packs both operands into
          // one complex transform, so the two routes share no code.
          const expected = plain(() => convolve1d(a, b, { method, mode }));
          const family = method === 'direct' ? 'convolve1d-direct' : method === 'fft' ? 'convolve1d-fft' : 'convolve1d-overlap-add';
          const got = viaSimd(family, () => convolve1d(a, b, { method, mode }));
          expect(relativeError(got, expected), `${method} ${mode}`).toBeLessThan(1e-12);
        }
      }
    });
  }
  it('overlap-add adds into the output it is given, with an explicit block size', () => {
    const a = randomF64(10000), b = randomF64(100);
    const base = randomF64(a.length + b.length - 1);
    const expected = base.slice(), got = base.slice();
    plain(() => convolveOverlapAddWindow(a, b, 0, expected, 512));
    viaSimd('convolve1d-overlap-add', () => convolveOverlapAddWindow(a, b, 0, got, 512));
    expect(relativeError(got, expected)).toBeLessThan(1e-12);
  });
  it('the reverb shape (kernel 48000) through auto equals the TypeScript path', () => {
    const a = randomF64(300_000), b = randomF64(48_000);
    const expected = plain(() => convolve1d(a, b));
    const got = convolve1d(a, b);
    expect(relativeError(got, expected)).toBeLessThan(1e-12);
  });
});

describe('2-D convolution on the SIMD path', () => {
  const methods: Convolve2dMethod[] = ['direct', 'fft', 'auto'];
  for (const c of fixtures.conv2d) {
    const image = Float32Array.from(f64(c.image));
    const kernel = f64(c.kernel);
    const { width, height, kernelWidth: kw, kernelHeight: kh } = c;
    it(`${width}×${height} image, ${kw}×${kh} kernel, matches scipy.signal.convolve2d and scipy.ndimage`, () => {
      for (const method of methods) {
        for (const mode of Object.keys(c.signal) as ConvolveMode[]) {
          const r = convolve2d(image, width, height, kernel, kw, kh, { method, mode });
          expect(relativeError(r.data, f64(c.signal[mode])), `signal ${method} ${mode}`).toBeLessThan(F32_TOL);
        }
        const origin = { kernelOriginX: Math.floor(kw / 2), kernelOriginY: Math.floor(kh / 2) };
        for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as BoundaryMode[]) {
          const r = convolve2d(image, width, height, kernel, kw, kh, { method, mode: 'same', boundary, ...origin });
          expect(relativeError(r.data, f64(c.ndimage[boundary])), `ndimage ${method} ${boundary}`).toBeLessThan(F32_TOL);
          const q = correlate2d(image, width, height, kernel, kw, kh, { method, mode: 'same', boundary });
          expect(relativeError(q.data, f64(c.ndimageCorrelate[boundary])), `correlate ${method} ${boundary}`).toBeLessThan(F32_TOL);
        }
      }
    });
  }
  it('the separable path matches scipy.ndimage for the Gaussian kernel, every boundary', () => {
    const c = fixtures.conv2d.find((k: { kernelWidth: number }) => k.kernelWidth === 7);
    const image = Float32Array.from(f64(c.image));
    for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as BoundaryMode[]) {
      const r = viaSimd('convolve2d-separable', () =>
        convolve2d(image, c.width, c.height, f64(c.kernel), 7, 7, { method: 'separable', mode: 'same', boundary }));
      expect(relativeError(r.data, f64(c.ndimage[boundary]))).toBeLessThan(F32_TOL);
    }
  });
  const cases: Array<[number, number, number, number, Convolve2dMethod]> = [
    [300, 200, 19, 19, 'separable'], [257, 131, 61, 61, 'separable'], [90, 70, 5, 3, 'direct'],
    [200, 150, 31, 31, 'fft'], [123, 517, 9, 40, 'fft'], [640, 480, 31, 31, 'auto'],
    // Images narrower than the kernel: every padded column of a row comes through the boundary map.
    [40, 300, 61, 61, 'separable'], [8, 100, 19, 19, 'separable'],
  ];
  for (const [w, h, kw, kh, method] of cases) {
    it(`${w}×${h}, ${kw}×${kh} kernel, ${method}: every boundary and mode equals the TypeScript path`, () => {
      const image = randomF32(w * h);
      const kernel = method === 'separable' ? gaussianKernel2d(kw / 6, (kw - 1) / 2) : randomF64(kw * kh);
      for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as BoundaryMode[]) {
        for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
          const options = { method, boundary, mode };
          const expected = plain(() => convolve2d(image, w, h, kernel, kw, kh, options));
          const got = convolve2d(image, w, h, kernel, kw, kh, options);
          expect([got.width, got.height]).toEqual([expected.width, expected.height]);
          expect(relativeError(got.data, expected.data), `${boundary} ${mode}`).toBeLessThan(F32_TOL);
        }
      }
    });
  }
  it('separable kernels with mirrored taps (odd and even length), without them, and mirrored on one axis only equal the TypeScript path', () => {
    const outer = (column: number[], row: number[]): Float64Array => Float64Array.from(column.flatMap((c) => row.map((r) => c * r)));
    const kernels: Array<[string, number[], number[]]> = [
      ['mirrored, odd', [1, 4, 6, 4, 1], [1, 2, 3, 2, 1]],
      ['mirrored, even', [1, 3, 3, 1], [2, 5, 5, 2]],
      ['not mirrored', [1, -2, 0.5, 3, 0.25], [0.3, 1, -0.7, 2]],
      ['row mirrored, column not', [1, 2, 0, -1], [1, 2, 5, 2, 1]],
      ['column mirrored, row not', [2, 7, 7, 2], [1, 2, 0, -1, 4, 4, 1]],
    ];
    const w = 203, h = 77;
    const image = randomF32(w * h);
    for (const [name, column, row] of kernels) {
      const kernel = outer(column, row);
      for (const boundary of ['zero', 'reflect', 'wrap'] as BoundaryMode[]) {
        for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
          const options = { method: 'separable' as const, boundary, mode };
          const expected = plain(() => convolve2d(image, w, h, kernel, row.length, column.length, options));
          const got = viaSimd('convolve2d-separable', () => convolve2d(image, w, h, kernel, row.length, column.length, options));
          expect(relativeError(got.data, expected.data), `${name} ${boundary} ${mode}`).toBeLessThan(F32_TOL);
        }
      }
    }
  });
  it('each 2-D method ran on the SIMD path', () => {
    const image = randomF32(128 * 128);
    viaSimd('convolve2d-separable', () => convolve2d(image, 128, 128, gaussianKernel2d(2), 13, 13, { method: 'separable' }));
    viaSimd('convolve2d-direct', () => convolve2d(image, 128, 128, randomF64(25), 5, 5, { method: 'direct' }));
    viaSimd('convolve2d-fft', () => convolve2d(image, 128, 128, randomF64(25), 5, 5, { method: 'fft' }));
  });
});

describe('backprojection on the SIMD path', () => {
  for (const [size, views, detectors] of [[64, 30, 91], [33, 17, 2], [31, 7, 50], [128, 90, 181]]) {
    it(`${size}² from ${views} views × ${detectors} detectors equals the TypeScript path`, () => {
      const angles = projectionAngles(views);
      const sinogram = randomF32(views * detectors);
      const expected = plain(() => backproject(sinogram, detectors, angles, size));
      const got = viaSimd('backproject', () => backproject(sinogram, detectors, angles, size));
      expect(relativeError(got, expected)).toBeLessThan(F32_TOL);
    });
  }
});
