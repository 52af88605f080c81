/**
 * The mixed-radix kernel (fft.ts) against the DFT by its definition, at lengths that reach each
 * of its passes: radix 2, 3, 4, 5, the unrolled 7, 11 and 13, and the generic odd-prime pass
 * (17 … 31), alone and combined, forward and inverse, complex and real. Run on the plain path
 * in both test projects: the SIMD path sends these lengths elsewhere. Bluestein's two inner
 * routes (in-cache work array, four-step) against the same definition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fftAlgorithm, planFft, planRealFft } from '../../src-shared/dsp/fft';
import { tableBytes } from '../../src-shared/dsp/plan-cache';
import { setSimdEnabled, simdEnabled } from '../../src-shared/dsp/simd/runtime';
import { complexError, naiveDft, relativeError } from './helpers';

const TOL = 1e-10;

let seed = 11;
const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
const randomArray = (n: number) => Float64Array.from({ length: n }, random);

/** Lengths and the passes they reach (factors ascending; pairs of 2s become radix 4). */
const lengths: Array<[number, string]> = [
  [7, 'radix 7 alone (one pass, in place through the copy)'],
  [11, 'radix 11 alone'],
  [13, 'radix 13 alone'],
  [17, 'generic pass, p = 17'],
  [31, 'generic pass at the largest prime taken, p = 31'],
  [62, '2 · 31'],
  [49, '7 · 7'],
  [56, '4 · 2 · 7'],
  [154, '2 · 7 · 11'],
  [156, '4 · 3 · 13'],
  [169, '13 · 13'],
  [667, '23 · 29 (two generic passes)'],
  [969, '3 · 17 · 19'],
  [1000, '4 · 2 · 5 · 5 · 5'],
  [4095, '3 · 3 · 5 · 7 · 13'],
  [4199, '13 · 17 · 19'],
];

// The plain path, and afterwards the switch as this file found it (test/setup-simd.ts checks).
const switchWas = simdEnabled();
beforeAll(() => setSimdEnabled(false));
afterAll(() => setSimdEnabled(switchWas));

describe('mixed-radix complex FFT equals the DFT by definition', () => {
  for (const [n, passes] of lengths) {
    it(`n = ${n} (${passes}): forward, inverse and in place`, () => {
      expect(fftAlgorithm(n)).toBe('mixed radix');
      const re = randomArray(n), im = randomArray(n);
      const expected = naiveDft(re, im);
      const plan = planFft(n);
      const outRe = new Float64Array(n), outIm = new Float64Array(n);
      plan.forward(re, im, outRe, outIm);
      expect(complexError(outRe, outIm, expected.re, expected.im)).toBeLessThan(TOL);
      const backRe = new Float64Array(n), backIm = new Float64Array(n);
      plan.inverse(expected.re, expected.im, backRe, backIm);
      expect(complexError(backRe, backIm, re, im)).toBeLessThan(TOL);
      const inRe = re.slice(), inIm = im.slice();
      plan.forward(inRe, inIm, inRe, inIm);
      expect(complexError(inRe, inIm, expected.re, expected.im)).toBeLessThan(TOL);
    });
  }
});

describe('mixed-radix real FFT equals the DFT by definition', () => {
  // Odd n = 3·M: two complex transforms of M points and a radix-3 combination (9, 15, 21,
  // 1365, 4095); other odd n the complex kernel of n points; even n the kernel of n/2
  // (2·7·11 → 7·11, …).
  for (const n of [7, 9, 13, 15, 17, 21, 154, 338, 1365, 1938, 4095, 8190]) {
    it(`n = ${n}: rfft is the DFT's first n/2 + 1 bins, irfft returns the signal`, () => {
      const x = randomArray(n);
      const expected = naiveDft(x, new Float64Array(n));
      const plan = planRealFft(n);
      const re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
      plan.forward(x, re, im);
      expect(complexError(re, im, expected.re.subarray(0, plan.bins), expected.im.subarray(0, plan.bins))).toBeLessThan(TOL);
      const back = new Float64Array(n);
      plan.inverse(re, im, back);
      expect(relativeError(back, x)).toBeLessThan(TOL);
    });
  }
});

describe('the choice of algorithm', () => {
  it('sends powers of two to the power-of-two kernel and lengths cheaper by chirp-z to Bluestein', () => {
    expect([1, 2, 1024].map(fftAlgorithm)).toEqual(['power of two', 'power of two', 'power of two']);
    // 37 and 100003 are primes above the largest radix; 31² = 961 has two generic passes of 31,
    // slower than Bluestein over 2048 points; 2·43 has a factor above 31.
    expect([37, 961, 86, 100003].map(fftAlgorithm)).toEqual(['bluestein', 'bluestein', 'bluestein', 'bluestein']);
  });
});

describe('mixed-radix plan tables', () => {
  it('count in the plan cache: twiddles of every pass and the work buffers', () => {
    // Passes 3, 3, 5, 7, 13: Σ m·(p − 1) twiddles telescopes to n − 1, re and im; two work
    // buffers of n, re and im.
    const n = 4095;
    expect(tableBytes(planFft(n))).toBeGreaterThanOrEqual(8 * (2 * (n - 1) + 4 * n));
  });
});

describe('Bluestein equals the DFT by definition', () => {
  it('n = 961 (inner 2048 points, spectra read from the kernel\'s work array): forward and inverse', () => {
    const n = 961, re = randomArray(n), im = randomArray(n);
    expect(fftAlgorithm(n)).toBe('bluestein');
    const expected = naiveDft(re, im);
    const plan = planFft(n);
    const outRe = new Float64Array(n), outIm = new Float64Array(n);
    plan.forward(re, im, outRe, outIm);
    expect(complexError(outRe, outIm, expected.re, expected.im)).toBeLessThan(TOL);
    plan.inverse(expected.re, expected.im, outRe, outIm);
    expect(complexError(outRe, outIm, re, im)).toBeLessThan(TOL);
  });

  it('n = 65537 (inner 2^18 points, the four-step kernel): sampled bins, twice in a row', () => {
    const n = 65537, re = randomArray(n), im = randomArray(n);
    const plan = planFft(n);
    const outRe = new Float64Array(n), outIm = new Float64Array(n);
    // The second call checks that nothing the first left in the plan's buffers leaks in.
    for (let round = 0; round < 2; round++) {
      plan.forward(re, im, outRe, outIm);
      let err = 0, scale = 0;
      for (const k of [0, 1, 2, 4097, 32768, 32769, 50000, n - 1]) {
        let sr = 0, si = 0;
        for (let j = 0; j < n; j++) {
          const a = (-2 * Math.PI * ((j * k) % n)) / n;
          sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
          si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
        }
        err = Math.max(err, Math.abs(outRe[k] - sr), Math.abs(outIm[k] - si));
        scale = Math.max(scale, Math.abs(sr), Math.abs(si));
      }
      expect(err / scale).toBeLessThan(TOL);
    }
  });
});
