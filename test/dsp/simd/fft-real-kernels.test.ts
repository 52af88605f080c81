/**
 * The real inverse FFT's in-place layout (assembly/fft-real.ts interleaveScaled after fftPow2 in
 * place, fft-simd.ts simdRealInverse from REAL_INVERSE_IN_PLACE_LOG up) and the kernel itself:
 *
 * - interleaveScaled against the same products in JavaScript, bit for bit;
 * - the real inverse with the in-place layout at every n from 2^3 to 2^19 (the threshold lowered
 *   so the cheap sizes take it) against the plain TypeScript path, scaled and unscaled, with the
 *   imaginary parts of bins 0 and n/2 ignored and the inputs left as they were; the same sizes
 *   with the threshold at its default (the scatter into the output) against the same oracle;
 * - from 2^20 to 2^22, where the default takes the in-place layout and the plain path would cost
 *   ~30 s, against the complex SIMD transform of the Hermitian spectrum (a different kernel
 *   sequence: no real pre-processing, no interleaving), and the round trip with the forward.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { planFft, planRealFft } from '../../../src-shared/dsp';
import { realInverseTuning } from '../../../src-shared/dsp/simd/fft-simd';
import { simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../../simd-switch';
import { relativeError } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

const defaultInPlaceLog = realInverseTuning.inPlaceLog;
onKernelsAtEverySize(() => {
  realInverseTuning.inPlaceLog = defaultInPlaceLog;
});
afterEach(() => {
  realInverseTuning.inPlaceLog = defaultInPlaceLog;
});

function signal(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) x[i] = ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  return x;
}

describe('interleaveScaled', () => {
  for (const h of [2, 4, 6, 64, 1000, 4096]) {
    it(`h = ${h}: out[2j] = yr[j]·fr, out[2j + 1] = yi[j]·fi, bit for bit`, () => {
      const rt = simdRuntime()!;
      const yr = signal(h, h), yi = signal(h, h + 1);
      const fr = 2 / 3, fi = -2 / 3;
      const out = rt.heap.withScratch(32 * h + 16, (base) => {
        const pr = base, pi = base + 8 * h, po = base + 16 * h;
        const f64 = rt.heap.f64;
        f64.set(yr, pr / 8);
        f64.set(yi, pi / 8);
        f64[po / 8 + 2 * h] = 12345; // the value after the output must stay
        rt.kernels.interleaveScaled!(pr, pi, po, h, fr, fi);
        return f64.slice(po / 8, po / 8 + 2 * h + 1);
      })!;
      for (let j = 0; j < h; j++) {
        expect(out[2 * j]).toBe(yr[j] * fr);
        expect(out[2 * j + 1]).toBe(yi[j] * fi);
      }
      expect(out[2 * h]).toBe(12345);
    });
  }
});

/** The real inverse of n through the SIMD path and the plain one: scaled, unscaled, bins 0 and n/2's imaginary parts ignored. */
function checkAgainstPlain(log: number): void {
  const n = 2 ** log;
  const plan = planRealFft(n);
  const x = signal(n, 17 * log);
  const re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
  withSimdSwitch(false, () => plan.forward(x, re, im));
  // imaginary parts numpy ignores, made large so a kernel that read them would show
  im[0] = 1e3;
  im[plan.bins - 1] = -1e3;
  const [reCopy, imCopy] = [re.slice(), im.slice()];
  const out = new Float64Array(n), outUnscaled = new Float64Array(n), plain = new Float64Array(n);
  viaSimd('rfft', () => plan.inverse(re, im, out));
  viaSimd('rfft', () => plan.inverseUnscaled(re, im, outUnscaled));
  withSimdSwitch(false, () => plan.inverse(re, im, plain));
  expect(relativeError(out, plain)).toBeLessThan(1e-13);
  expect(relativeError(out, x)).toBeLessThan(1e-13);
  // n is a power of two: the scaled inverse is the unscaled one times 1/n exactly
  expect(outUnscaled.map((v) => v / n)).toEqual(out);
  expect(re).toEqual(reCopy);
  expect(im).toEqual(imCopy);
}

describe('real inverse FFT, transform in place then interleaved, equals the plain path (2^3 … 2^19)', () => {
  for (let log = 3; log <= 19; log++) {
    it(`n = 2^${log}`, () => {
      realInverseTuning.inPlaceLog = 2;
      checkAgainstPlain(log);
    });
  }
});

describe('real inverse FFT at the default layout equals the plain path (2^3 … 2^19)', () => {
  for (let log = 3; log <= 19; log++) {
    it(`n = 2^${log}`, () => checkAgainstPlain(log));
  }
});

describe('from 2^20 to 2^22 the real inverse (in place by default) equals the complex inverse of the Hermitian spectrum', () => {
  for (const log of [20, 21, 22]) {
    it(`n = 2^${log}`, () => {
      expect(log - 1).toBeGreaterThanOrEqual(realInverseTuning.inPlaceLog);
      const n = 2 ** log;
      const plan = planRealFft(n);
      const x = signal(n, 29 * log);
      const re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
      viaSimd('rfft', () => plan.forward(x, re, im));
      // the Hermitian spectrum of n points; the complex inverse's real part is the signal
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
      const out = new Float64Array(n);
      viaSimd('rfft', () => plan.inverse(re, im, out));
      expect(relativeError(out, yr)).toBeLessThan(1e-13);
      expect(relativeError(out, x)).toBeLessThan(1e-13);
    });
  }
});
