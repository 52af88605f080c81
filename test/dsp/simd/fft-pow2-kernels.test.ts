/**
 * The power-of-two FFT kernels of assembly/fft.ts at every log2 n from 2 to 19 — odd (radix-8
 * last stage) and even (radix 4), below and above the L1 (2^10) and L2 (2^15) blocks and the
 * tile of the scatter (2^10 = two 2^5 tile sides), and the first pair of radix-8 passes over the
 * whole array (2^18, 2^19): the in-place scatter (y = x, the complex entry points), the
 * out-of-place one (Bluestein, convolution), the interleaved input (real forward) and interleaved
 * output (real inverse), each against the plain TypeScript path in this process, forward and
 * inverse, and Parseval's identity on the SIMD result.
 *
 * From 2^20 to 2^22 (one pair of radix-8 passes with more radix-4 passes below it, then two pairs:
 * fft-pow2-passes.test.ts has the plan) each size is checked against its radix-2 split into two
 * transforms of half the length, the size before, which was checked the same way down to 2^19's
 * check against the plain path: an independent formula at the cost of the SIMD transforms, where
 * the plain path took ~30 s of the unit stage at these sizes.
 */
import { describe, expect, it } from 'vitest';
import { planFft, planRealFft } from '../../../src-shared/dsp';
import { pow2Plan } from '../../../src-shared/dsp/simd/fft-simd';
import { simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../../simd-switch';
import { complexError, relativeError, seededSignal } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

onKernelsAtEverySize();

const LOGS = Array.from({ length: 18 }, (_, i) => i + 2);

describe('complex power-of-two FFT on the SIMD path (in-place scatter) equals the plain path', () => {
  for (const log of LOGS) {
    it(`n = 2^${log}: forward and scaled inverse; Parseval`, () => {
      const n = 2 ** log;
      const re = seededSignal(n, log), im = seededSignal(n, 1000 + log);
      const plan = planFft(n);
      const yr = new Float64Array(n), yi = new Float64Array(n), pr = new Float64Array(n), pi = new Float64Array(n);
      viaSimd('fft', () => plan.forward(re, im, yr, yi));
      withSimdSwitch(false, () => plan.forward(re, im, pr, pi));
      expect(complexError(yr, yi, pr, pi)).toBeLessThan(1e-13);
      // Parseval: Σ|X|² = n·Σ|x|² (to the rounding of two plain sums of n terms)
      let energyX = 0, energyY = 0;
      for (let i = 0; i < n; i++) {
        energyX += re[i] * re[i] + im[i] * im[i];
        energyY += yr[i] * yr[i] + yi[i] * yi[i];
      }
      expect(Math.abs(energyY - n * energyX) / (n * energyX)).toBeLessThan(1e-10);
      viaSimd('fft', () => plan.inverse(re, im, yr, yi));
      withSimdSwitch(false, () => plan.inverse(re, im, pr, pi));
      expect(complexError(yr, yi, pr, pi)).toBeLessThan(1e-13);
    });
  }
});

describe('fftPow2 in place (y = x), out of place and scaled (fftPow2Scaled) give the same bits', () => {
  for (const log of LOGS) {
    it(`n = 2^${log}`, () => {
      const n = 2 ** log;
      const rt = simdRuntime()!;
      const plan = pow2Plan(rt, log)!;
      const re = seededSignal(n, 7 * log), im = seededSignal(n, 7 * log + 1);
      const outcome = rt.heap.withScratch(32 * n + 4096, (base) => {
        // planes 1 KiB apart, as the host lays them out
        const ar = base, ai = ar + 8 * n + 1024, br = ai + 8 * n + 1024, bi = br + 8 * n + 1024;
        const f64 = rt.heap.f64;
        f64.set(re, ar / 8);
        f64.set(im, ai / 8);
        rt.kernels.fftPow2(ar, ai, br, bi, log, plan.tables);
        const apart = [f64.slice(br / 8, br / 8 + n), f64.slice(bi / 8, bi / 8 + n)];
        f64.set(re, ar / 8);
        f64.set(im, ai / 8);
        rt.kernels.fftPow2(ar, ai, ar, ai, log, plan.tables);
        const inPlace = [f64.slice(ar / 8, ar / 8 + n), f64.slice(ai / 8, ai / 8 + n)];
        // the scaled variant (the inverse's 1/n) by a power of two: exactly the same bits × 0.25
        f64.set(re, ar / 8);
        f64.set(im, ai / 8);
        rt.kernels.fftPow2Scaled(ar, ai, ar, ai, log, plan.tables, 0.25);
        return { apart, inPlace, scaled: [f64.slice(ar / 8, ar / 8 + n), f64.slice(ai / 8, ai / 8 + n)] };
      })!;
      let differ = 0;
      for (let i = 0; i < n; i++) {
        if (outcome.inPlace[0][i] !== outcome.apart[0][i] || outcome.inPlace[1][i] !== outcome.apart[1][i]) differ++;
      }
      expect(differ).toBe(0);
      let scaledDiffer = 0;
      for (let i = 0; i < n; i++) {
        if (outcome.scaled[0][i] !== 0.25 * outcome.apart[0][i] || outcome.scaled[1][i] !== 0.25 * outcome.apart[1][i]) scaledDiffer++;
      }
      expect(scaledDiffer).toBe(0);
      // and it is the transform: bin 1 by its definition
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const c = Math.cos((-2 * Math.PI * j) / n), s = Math.sin((-2 * Math.PI * j) / n);
        sr += re[j] * c - im[j] * s;
        si += re[j] * s + im[j] * c;
      }
      expect(Math.hypot(outcome.inPlace[0][1] - sr, outcome.inPlace[1][1] - si)).toBeLessThan(1e-9 * Math.sqrt(n));
    });
  }
});

describe('real power-of-two FFT on the SIMD path (interleaved input, interleaved output) equals the plain path', () => {
  // n = 2^(log + 1): the half-length complex transform runs at every log above
  for (const log of LOGS.filter((l) => l >= 3 && l <= 18)) {
    it(`n = 2^${log + 1}: rfft and irfft; linearity`, () => {
      const n = 2 ** (log + 1);
      const plan = planRealFft(n);
      const x = seededSignal(n, 31 * log), y = seededSignal(n, 31 * log + 5);
      const re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
      const pr = new Float64Array(plan.bins), pi = new Float64Array(plan.bins);
      viaSimd('rfft', () => plan.forward(x, re, im));
      withSimdSwitch(false, () => plan.forward(x, pr, pi));
      expect(complexError(re, im, pr, pi)).toBeLessThan(1e-13);
      // linearity: rfft(2x − 3y) = 2·rfft(x) − 3·rfft(y)
      const yre = new Float64Array(plan.bins), yim = new Float64Array(plan.bins);
      plan.forward(y, yre, yim);
      const mix = x.map((v, i) => 2 * v - 3 * y[i]);
      const mre = new Float64Array(plan.bins), mim = new Float64Array(plan.bins);
      plan.forward(mix, mre, mim);
      expect(complexError(mre, mim, re.map((v, k) => 2 * v - 3 * yre[k]), im.map((v, k) => 2 * v - 3 * yim[k]))).toBeLessThan(1e-13);
      const back = new Float64Array(n), plainBack = new Float64Array(n);
      viaSimd('rfft', () => plan.inverse(re, im, back));
      withSimdSwitch(false, () => plan.inverse(re, im, plainBack));
      expect(relativeError(back, plainBack)).toBeLessThan(1e-13);
      expect(relativeError(back, x)).toBeLessThan(1e-13);
    });
  }
});

describe('from 2^20 to 2^22 the complex transform equals its radix-2 split into two of half the length', () => {
  // X[k] = E[k] + w^k·O[k] and X[k + n/2] = E[k] − w^k·O[k], w = e^(−2πi/n), with E and O the
  // transforms of the even and odd samples (the scaled inverse: w conjugated, and halved). The
  // half-length transforms run on the SIMD path, as checked for the size before. Arrays are made
  // once per size: at 2^22 each new one is 32 MB of fresh pages.
  for (const log of [20, 21, 22]) {
    it(`n = 2^${log}: forward and scaled inverse`, () => {
      const n = 2 ** log, h = n / 2;
      const re = seededSignal(n, 97 * log), im = seededSignal(n, 97 * log + 1);
      const [er, ei, or, oi, Er, Ei, Or, Oi, cos, sin] = Array.from({ length: 10 }, () => new Float64Array(h));
      for (let j = 0; j < h; j++) {
        er[j] = re[2 * j]; ei[j] = im[2 * j];
        or[j] = re[2 * j + 1]; oi[j] = im[2 * j + 1];
        cos[j] = Math.cos((2 * Math.PI * j) / n); sin[j] = Math.sin((2 * Math.PI * j) / n);
      }
      const [xr, xi, yr, yi] = Array.from({ length: 4 }, () => new Float64Array(n));
      const half = planFft(h), plan = planFft(n);
      for (const direction of ['forward', 'inverse'] as const) {
        const sign = direction === 'forward' ? -1 : 1, scale = direction === 'forward' ? 1 : 0.5;
        viaSimd('fft', () => {
          half[direction](er, ei, Er, Ei);
          half[direction](or, oi, Or, Oi);
        });
        for (let k = 0; k < h; k++) {
          const c = cos[k], s = sign * sin[k];
          const tr = c * Or[k] - s * Oi[k], ti = c * Oi[k] + s * Or[k];
          xr[k] = scale * (Er[k] + tr); xi[k] = scale * (Ei[k] + ti);
          xr[k + h] = scale * (Er[k] - tr); xi[k + h] = scale * (Ei[k] - ti);
        }
        viaSimd('fft', () => plan[direction](re, im, yr, yi));
        expect(complexError(yr, yi, xr, xi), direction).toBeLessThan(1e-13);
      }
    });
  }
});

describe('from 2^20 to 2^22 the real transform equals the complex one of the same signal, and its inverse gives the signal back', () => {
  for (const log of [20, 21, 22]) {
    it(`n = 2^${log}`, () => {
      const n = 2 ** log;
      const plan = planRealFft(n);
      const x = seededSignal(n, 53 * log);
      const [re, im] = [new Float64Array(plan.bins), new Float64Array(plan.bins)];
      viaSimd('rfft', () => plan.forward(x, re, im));
      const [zero, cr, ci] = Array.from({ length: 3 }, () => new Float64Array(n));
      viaSimd('fft', () => planFft(n).forward(x, zero, cr, ci));
      expect(complexError(re, im, cr.subarray(0, plan.bins), ci.subarray(0, plan.bins))).toBeLessThan(1e-13);
      // the complex transform's output is done with: the inverse writes over it
      viaSimd('rfft', () => plan.inverse(re, im, cr));
      expect(relativeError(cr, x)).toBeLessThan(1e-13);
    });
  }
});
