/**
 * The SIMD mixed-radix kernel (simd/fft-mixed-simd.ts, assembly/fft-mixed.ts) against the plain
 * TypeScript path, its oracle, and against the DFT by its definition: every length 2 … 200 the
 * kernel takes, the bench's lengths, each written-out radix and the generic pass raised to
 * powers (every pass arrangement: s = 1, s even, s odd with its gathered last column, odd counts
 * of j), forward and inverse, complex and real input, and Parseval's and linearity's identities.
 */
import { describe, expect, it } from 'vitest';
import { fft, fftAlgorithm, ifft, irfft, planFft, rfft } from '../../../src-shared/dsp/fft';
import { bluesteinInnerLength, mixedInMemory, mixedSimdPlan } from '../../../src-shared/dsp/simd/fft-mixed-simd';
import { setSimdEnabled, simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { complexError, naiveDft, relativeError } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

onKernelsAtEverySize(() => setSimdEnabled(true));

let seed = 5;
const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
const randomF64 = (n: number) => Float64Array.from({ length: n }, random);

function plain<T>(body: () => T): T {
  setSimdEnabled(false);
  try {
    return body();
  } finally {
    setSimdEnabled(true);
  }
}

/** The kernel's transform of (re, im) run directly on its plan (lengths the planner sends elsewhere too). */
function kernelTransform(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } | undefined {
  const rt = simdRuntime()!;
  const n = re.length;
  const plan = mixedSimdPlan(rt, n);
  if (!plan) return undefined;
  const result = rt.heap.withScratch(32 * n + 64, (base) => {
    const ar = base, ai = ar + 8 * n + 16, br = ai + 8 * n + 16, bi = br + 8 * n + 16;
    let f64 = rt.heap.f64;
    f64.set(re, ar / 8);
    f64.set(im, ai / 8);
    const [or, oi] = mixedInMemory(rt, plan, ar, ai, br, bi) === 0 ? [ar, ai] : [br, bi];
    f64 = rt.heap.f64;
    return { re: f64.slice(or / 8, or / 8 + n), im: f64.slice(oi / 8, oi / 8 + n) };
  });
  return result;
}

describe('SIMD mixed-radix kernel equals the DFT by definition', () => {
  it('every length 2 … 200 whose prime factors the kernel takes (≤ 65), run on its plan directly', () => {
    let taken = 0;
    for (let n = 2; n <= 200; n++) {
      const re = randomF64(n), im = randomF64(n);
      const X = kernelTransform(re, im);
      if (!X) {
        // Only a prime factor above the generic pass's 65 sends a length elsewhere.
        let rest = n;
        for (let p = 2; p <= 65; p++) while (rest % p === 0) rest /= p;
        expect(rest, `n = ${n}`).toBeGreaterThan(65);
        continue;
      }
      taken++;
      const expected = naiveDft(re, im);
      expect(complexError(X.re, X.im, expected.re, expected.im), `n = ${n}`).toBeLessThan(1e-13);
    }
    expect(taken).toBeGreaterThan(150);
  });
});

describe('fft and ifft of mixed-radix lengths on the SIMD path equal the plain path', () => {
  const lengths: number[] = [];
  for (let n = 2; n <= 200; n++) if (fftAlgorithm(n) === 'mixed radix') lengths.push(n);
  // The bench's lengths, each written-out radix and the generic pass raised to powers, and mixes
  // whose s is odd at every pass (4095) or whose j count is odd.
  lengths.push(1000, 4095, 2 ** 9 * 3, 3 ** 7, 5 ** 5, 7 ** 4, 11 ** 3, 13 ** 3, 17 * 17, 23 * 29, 2 * 3 * 5 * 7 * 11 * 13,
    6 * 7 ** 3, 100000, 2 ** 6 * 3 ** 4 * 5 ** 2 * 7);
  it('covers the lengths', () => expect(lengths.length).toBeGreaterThan(80));
  for (const n of lengths) {
    it(`n = ${n}: forward, inverse, unscaled inverse and in place`, () => {
      expect(fftAlgorithm(n)).toBe('mixed radix');
      const re = randomF64(n), im = randomF64(n);
      const expected = plain(() => fft(re, im)), expectedInverse = plain(() => ifft(re, im));
      const X = viaSimd('fft-mixed', () => fft(re, im));
      expect(complexError(X.re, X.im, expected.re, expected.im)).toBeLessThan(1e-13);
      const back = viaSimd('fft-mixed', () => ifft(re, im));
      expect(complexError(back.re, back.im, expectedInverse.re, expectedInverse.im)).toBeLessThan(1e-13);
      const or = new Float64Array(n), oi = new Float64Array(n);
      planFft(n).inverseUnscaled(re, im, or, oi);
      expect(complexError(or.map((v) => v / n), oi.map((v) => v / n), expectedInverse.re, expectedInverse.im)).toBeLessThan(1e-13);
      const inRe = re.slice(), inIm = im.slice();
      planFft(n).forward(inRe, inIm, inRe, inIm);
      expect(complexError(inRe, inIm, X.re, X.im)).toBe(0);
    });
  }
});

// Besides the mixed-radix lengths: odd 3·M whose M runs by Bluestein (the split on the SIMD path),
// odd lengths not 3·M, and an even length whose half runs by Bluestein.
describe('real input through the SIMD mixed-radix kernel', () => {
  for (const n of [30, 62, 150, 1000, 4095, 3 ** 7, 5 ** 5, 7 ** 4, 1331, 2 * 1331, 100000, 3 * 37, 3 * 10007, 99999, 5 * 10007, 2 * 50021]) {
    it(`n = ${n}: rfft and irfft equal the plain path`, () => {
      const x = randomF64(n);
      const expected = plain(() => rfft(x));
      const X = rfft(x);
      expect(complexError(X.re, X.im, expected.re, expected.im)).toBeLessThan(1e-13);
      expect(relativeError(irfft(X.re, X.im, n), x)).toBeLessThan(1e-13);
      expect(relativeError(irfft(X.re, X.im, n), plain(() => irfft(expected.re, expected.im, n)))).toBeLessThan(1e-13);
    });
  }
});

describe('identities on the SIMD path', () => {
  for (const n of [1000, 4095, 3 ** 7, 7 ** 4, 17 * 19 * 2]) {
    it(`n = ${n}: Parseval (Σ|x|² = Σ|X|²/n) and linearity (F(a·x + y) = a·F(x) + F(y))`, () => {
      const xr = randomF64(n), xi = randomF64(n), yr = randomF64(n), yi = randomF64(n);
      const X = viaSimd('fft-mixed', () => fft(xr, xi)), Y = fft(yr, yi);
      let energy = 0, spectral = 0;
      for (let k = 0; k < n; k++) {
        energy += xr[k] ** 2 + xi[k] ** 2;
        spectral += X.re[k] ** 2 + X.im[k] ** 2;
      }
      expect(Math.abs(spectral / n - energy) / energy).toBeLessThan(1e-13);
      const a = 0.75;
      const S = fft(xr.map((v, k) => a * v + yr[k]), xi.map((v, k) => a * v + yi[k]));
      const expectedRe = X.re.map((v, k) => a * v + Y.re[k]), expectedIm = X.im.map((v, k) => a * v + Y.im[k]);
      expect(complexError(S.re, S.im, expectedRe, expectedIm)).toBeLessThan(1e-13);
    });
  }
});

describe('Bluestein with a 7-smooth inner length on the SIMD mixed-radix kernel', () => {
  it('chooses a smaller inner length than the power of two where one costs less', () => {
    expect(bluesteinInnerLength(100003)).toBe(200704); // 2^12·7^2 against 262144
    for (const n of [37, 97, 1009, 4097, 10007, 100003]) {
      const m = bluesteinInnerLength(n);
      expect(m).toBeGreaterThanOrEqual(2 * n - 1);
      expect(m % 2).toBe(0);
    }
  });
  // Primes, a prime times a small factor, and 2·prime; each below, at and above a power of two.
  for (const n of [37, 41, 97, 101, 127, 131, 199, 2 * 97, 3 * 67, 1009, 4097, 10007, 65537, 100003]) {
    it(`n = ${n}: forward, inverse and in place equal the plain path (and the DFT where small)`, () => {
      expect(fftAlgorithm(n)).toBe('bluestein');
      const re = randomF64(n), im = randomF64(n);
      const expected = plain(() => fft(re, im)), expectedInverse = plain(() => ifft(re, im));
      const mixedInner = (bluesteinInnerLength(n) & (bluesteinInnerLength(n) - 1)) !== 0;
      const X = mixedInner ? viaSimd('fft-bluestein-mixed', () => fft(re, im)) : fft(re, im);
      expect(complexError(X.re, X.im, expected.re, expected.im)).toBeLessThan(1e-12);
      if (n <= 200) {
        const exact = naiveDft(re, im);
        expect(complexError(X.re, X.im, exact.re, exact.im)).toBeLessThan(1e-12);
      }
      const back = ifft(re, im);
      expect(complexError(back.re, back.im, expectedInverse.re, expectedInverse.im)).toBeLessThan(1e-12);
      const inRe = re.slice(), inIm = im.slice();
      planFft(n).forward(inRe, inIm, inRe, inIm);
      expect(complexError(inRe, inIm, X.re, X.im)).toBe(0);
    });
  }
});
