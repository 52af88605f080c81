/**
 * The real inverse FFT on the SIMD path (realInversePre, then the half-length transform scattering
 * into the interleaved output) at every power of two n from 2^3 to 2^20 and at 2^22, beyond what
 * fft-pow2-kernels.test.ts checks: the unscaled inverse against the scaled one (exactly n times it,
 * n being a power of two), the imaginary parts of bins 0 and n/2 ignored even when large, and the
 * bins left as they were. Up to 2^19 against the plain TypeScript path; at 2^20 and 2^22 (the
 * half-length transform with its pair of radix-8 passes on top), where the plain path would cost
 * ~30 s, against the complex SIMD inverse of the Hermitian spectrum (no real pre-processing, no
 * interleaving: a different kernel sequence).
 */
import { describe, expect, it } from 'vitest';
import { planFft, planRealFft } from '../../../src-shared/dsp';
import { withSimdSwitch } from '../../simd-switch';
import { relativeError, seededSignal } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

onKernelsAtEverySize();

/** The bins of x (SIMD forward), with large imaginary parts at bins 0 and n/2 that the inverse must ignore. */
function binsOf(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const plan = planRealFft(x.length);
  const re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
  viaSimd('rfft', () => plan.forward(x, re, im));
  im[0] = 1e3;
  im[plan.bins - 1] = -1e3;
  return { re, im };
}

/** The first index where a and b differ (−1 if none): a plain loop, cheap at 2^22 where toEqual is not. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** The SIMD inverse, scaled and unscaled; checks what holds at every n and returns the scaled one. */
function simdInverse(n: number, re: Float64Array, im: Float64Array): Float64Array {
  const plan = planRealFft(n);
  const [reCopy, imCopy] = [re.slice(), im.slice()];
  const out = new Float64Array(n), unscaled = new Float64Array(n);
  viaSimd('rfft', () => plan.inverse(re, im, out));
  viaSimd('rfft', () => plan.inverseUnscaled(re, im, unscaled));
  for (let j = 0; j < n; j++) unscaled[j] /= n;
  expect(firstDifference(unscaled, out), 'unscaled / n against scaled').toBe(-1);
  expect(firstDifference(re, reCopy), 'bins (re) modified').toBe(-1);
  expect(firstDifference(im, imCopy), 'bins (im) modified').toBe(-1);
  return out;
}

describe('real inverse FFT on the SIMD path equals the plain path (2^3 … 2^19)', () => {
  for (let log = 3; log <= 19; log++) {
    it(`n = 2^${log}`, () => {
      const n = 2 ** log;
      const x = seededSignal(n, 17 * log);
      const { re, im } = binsOf(x);
      const out = simdInverse(n, re, im);
      const plain = new Float64Array(n);
      withSimdSwitch(false, () => planRealFft(n).inverse(re, im, plain));
      expect(relativeError(out, plain)).toBeLessThan(1e-13);
      expect(relativeError(out, x)).toBeLessThan(1e-13);
    });
  }
});

describe('at 2^20 and 2^22 the real inverse equals the complex inverse of the Hermitian spectrum', () => {
  for (const log of [20, 22]) {
    it(`n = 2^${log}`, () => {
      const n = 2 ** log;
      const x = seededSignal(n, 29 * log);
      const { re, im } = binsOf(x);
      const out = simdInverse(n, re, im);
      const [cr, ci, yr, yi] = Array.from({ length: 4 }, () => new Float64Array(n));
      cr.set(re);
      ci.set(im);
      ci[0] = 0;
      ci[n / 2] = 0;
      for (let k = 1; k < n / 2; k++) {
        cr[n - k] = re[k];
        ci[n - k] = -im[k];
      }
      viaSimd('fft', () => planFft(n).inverse(cr, ci, yr, yi));
      expect(relativeError(out, yr)).toBeLessThan(1e-13);
      expect(relativeError(out, x)).toBeLessThan(1e-13);
    });
  }
});
