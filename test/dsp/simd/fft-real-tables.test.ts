/**
 * The real FFT's twiddles on the SIMD path (realTables: W^k = exp(−2πik/n), k ≤ n/4), whose even
 * k are copied from the half length's plan's top radix-4 stage and odd k computed: bit for bit the
 * direct formula's (the loop realTables ran before, kept here as the oracle) for every power of
 * two n from 2^3 (no radix-4 stage at the half length up to n = 16: all computed) to 2^22, odd and
 * even log2 of the half length; and the real forward and inverse on them against the plain
 * TypeScript path at a few sizes (every size: fft-pow2-kernels.test.ts, fft-real-inverse.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { planRealFft } from '../../../src-shared/dsp';
import { realTables } from '../../../src-shared/dsp/simd/fft-simd';
import { simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../../simd-switch';
import { relativeError, seededSignal } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

onKernelsAtEverySize();

const LOGS = Array.from({ length: 20 }, (_, i) => i + 3);

/** W^k for k ≤ n/4 as realTables computed them before: (cos, sin), each n/4 + 1 values. */
function directTables(n: number): [Float64Array, Float64Array] {
  const wr = new Float64Array(n / 4 + 1), wi = new Float64Array(n / 4 + 1);
  for (let k = 0; k <= n / 4; k++) {
    const a = (-2 * Math.PI * k) / n;
    wr[k] = Math.cos(a);
    wi[k] = Math.sin(a);
  }
  return [wr, wi];
}

/** The first index where the two arrays' bits differ (−1 if none): −0 against 0 counts. */
function firstBitDifference(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, 2 * a.length), y = new Uint32Array(b.buffer, b.byteOffset, 2 * b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i >> 1;
  return -1;
}

describe('realTables: W^k copied from the half length\'s plan (even k) and computed (odd k) are the direct formula\'s, bit for bit', () => {
  for (const log of LOGS) {
    it(`n = 2^${log}`, () => {
      const n = 2 ** log, rt = simdRuntime()!;
      const w = realTables(rt, n)!;
      const [er, ei] = directTables(n);
      const f64 = rt.heap.f64;
      const wr = f64.slice(w.wr / 8, w.wr / 8 + n / 4 + 1), wi = f64.slice(w.wi / 8, w.wi / 8 + n / 4 + 1);
      expect(firstBitDifference(wr, er), 'cos').toBe(-1);
      expect(firstBitDifference(wi, ei), 'sin').toBe(-1);
    });
  }
});

describe('the real FFT on these tables against the plain TypeScript path', () => {
  for (const log of [3, 5, 6, 12, 17]) {
    it(`n = 2^${log}: forward and scaled inverse`, () => {
      const n = 2 ** log, plan = planRealFft(n), x = seededSignal(n, 40 + log);
      const re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
      const pr = new Float64Array(plan.bins), pi = new Float64Array(plan.bins);
      viaSimd('rfft', () => plan.forward(x, re, im));
      withSimdSwitch(false, () => plan.forward(x, pr, pi));
      expect(relativeError(re, pr)).toBeLessThan(1e-13);
      expect(relativeError(im, pi)).toBeLessThan(1e-13);
      const y = new Float64Array(n), p = new Float64Array(n);
      viaSimd('rfft', () => plan.inverse(re, im, y));
      withSimdSwitch(false, () => plan.inverse(re, im, p));
      expect(relativeError(y, p)).toBeLessThan(1e-13);
    });
  }
});
