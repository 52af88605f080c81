/**
 * The twiddle tables of the power-of-two plan (pow2Plan), which compute only the top radix-4
 * stage with Math.cos / Math.sin and copy every other entry from it: bit for bit the tables of the
 * direct formula (the loops pow2Plan ran before, kept here as the oracle) at every log2 n from 2
 * to 22 — odd (last stage radix 8, first = 8) and even, no stage at all (2^2, 2^3), one pair of
 * radix-8 passes (2^18 … 2^21), two pairs (2^22, where the second pair's m = n/64 reads the top
 * stage at s = 8). Then the transform on the plan's tables against the same transform on the
 * oracle's tables: the same bits; and against the plain TypeScript path at a few sizes (every
 * size: fft-pow2-kernels.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { planFft } from '../../../src-shared/dsp';
import { pow2Plan } from '../../../src-shared/dsp/simd/fft-simd';
import { simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../../simd-switch';
import { complexError, seededSignal } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

onKernelsAtEverySize();

const LOGS = Array.from({ length: 21 }, (_, i) => i + 2);

/** The tables as pow2Plan computed them before (every entry by Math.cos / Math.sin), and their length in values. */
function directTables(log: number, radix8: number, bytes: number): Float64Array {
  const n = 2 ** log;
  const f64 = new Float64Array(bytes / 8);
  let at = 0;
  const first = log % 2 === 1 ? 8 : 4;
  for (let m = first; 4 * m <= n; m *= 4) {
    const step = (-2 * Math.PI) / (4 * m);
    for (let j = 0; j < m; j += 2) {
      for (let lane = 0; lane < 2; lane++) {
        const a = step * (j + lane);
        f64[at + lane] = Math.cos(a);
        f64[at + 2 + lane] = Math.sin(a);
        f64[at + 4 + lane] = Math.cos(step * 2 * (j + lane));
        f64[at + 6 + lane] = Math.sin(step * 2 * (j + lane));
        f64[at + 8 + lane] = Math.cos(step * 3 * (j + lane));
        f64[at + 10 + lane] = Math.sin(step * 3 * (j + lane));
      }
      at += 12;
    }
  }
  for (let p = 0, m = n / 8; p < radix8; p++, m /= 8) {
    const step = (-2 * Math.PI) / (8 * m);
    for (let j = 0; j < m; j += 2) {
      for (const r of [1, 2, 4]) {
        for (let lane = 0; lane < 2; lane++) {
          const a = step * r * (j + lane);
          f64[at + lane] = Math.cos(a);
          f64[at + 2 + lane] = Math.sin(a);
        }
        at += 4;
      }
    }
  }
  expect(at, 'the direct formula fills the tables exactly').toBe(bytes / 8);
  return f64;
}

/** The first value index where the two tables' bits differ (−1 if none): −0 against 0 counts. */
function firstBitDifference(a: Uint32Array, b: Uint32Array): number {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i >> 1;
  return -1;
}

describe('pow2Plan: the tables copied from the top radix-4 stage are the direct formula\'s, bit for bit', () => {
  for (const log of LOGS) {
    it(`n = 2^${log}`, () => {
      const rt = simdRuntime()!;
      const bytes = rt.kernels.fftTableBytes(log);
      const radix8 = rt.kernels.fftRadix8Passes!(log);
      const plan = pow2Plan(rt, log)!;
      const expected = directTables(log, radix8, bytes);
      const actual = new Uint32Array(rt.heap.f64.buffer, plan.tables, bytes / 4);
      const at = firstBitDifference(actual, new Uint32Array(expected.buffer));
      expect(at, at < 0 ? '' : `value ${at} of ${bytes / 8}: ${rt.heap.f64[plan.tables / 8 + at]} ≠ ${expected[at]}`).toBe(-1);
    });
  }
});

describe('the power-of-two transform on the plan\'s tables equals it on the direct tables, bit for bit', () => {
  for (const log of LOGS.filter((l) => l <= 20)) {
    it(`n = 2^${log}`, () => {
      const rt = simdRuntime()!;
      const n = 2 ** log;
      const bytes = rt.kernels.fftTableBytes(log);
      const plan = pow2Plan(rt, log)!;
      const direct = directTables(log, rt.kernels.fftRadix8Passes!(log), bytes);
      const re = seededSignal(n, 3 * log), im = seededSignal(n, 3 * log + 1);
      const outcome = rt.heap.withScratch(bytes + 32 * n + 8, (base) => {
        const t = base, ar = t + bytes, ai = ar + 8 * n, br = ai + 8 * n, bi = br + 8 * n;
        const f64 = rt.heap.f64;
        f64.set(direct, t / 8);
        f64.set(re, ar / 8);
        f64.set(im, ai / 8);
        rt.kernels.fftPow2(ar, ai, br, bi, log, t);
        const viaDirect = [f64.slice(br / 8, br / 8 + n), f64.slice(bi / 8, bi / 8 + n)];
        f64.set(re, ar / 8);
        f64.set(im, ai / 8);
        rt.kernels.fftPow2(ar, ai, br, bi, log, plan.tables);
        return { viaDirect, viaPlan: [f64.slice(br / 8, br / 8 + n), f64.slice(bi / 8, bi / 8 + n)] };
      })!;
      for (const part of [0, 1]) {
        const a = new Uint32Array(outcome.viaPlan[part].buffer), b = new Uint32Array(outcome.viaDirect[part].buffer);
        expect(firstBitDifference(a, b), part === 0 ? 're' : 'im').toBe(-1);
      }
    });
  }

  for (const log of [4, 5, 11, 16, 19]) {
    it(`n = 2^${log}: the public forward against the plain TypeScript path`, () => {
      const n = 2 ** log;
      const re = seededSignal(n, log), im = seededSignal(n, 500 + log);
      const plan = planFft(n);
      const yr = new Float64Array(n), yi = new Float64Array(n), pr = new Float64Array(n), pi = new Float64Array(n);
      viaSimd('fft', () => plan.forward(re, im, yr, yi));
      withSimdSwitch(false, () => plan.forward(re, im, pr, pi));
      expect(complexError(yr, yi, pr, pi)).toBeLessThan(1e-13);
    });
  }
});
