/**
 * Convolution's power-of-two kernels (assembly/fft.ts difPow2 and ditPow2: the DIF and DIT
 * stages in place, two pairs of butterflies per loop iteration since the fftsmall round) at every
 * log2 n from 2 to 19 — radix-4 and radix-8 first/last stages, below and above the L1 (2^10) and
 * L2 (2^15) blocks: difPow2 of natural-order input is the plain path's spectrum in bit-reversed
 * order, ditPow2 of bit-reversed input is the plain path's spectrum in natural order, and difPow2
 * then ditPow2 with re and im swapped (the inverse, as convolution runs it) gives back n·x.
 */
import { describe, expect, it } from 'vitest';
import { planFft } from '../../../src-shared/dsp';
import { reverseBits } from '../../../src-shared/dsp/pow2';
import { pow2Plan } from '../../../src-shared/dsp/simd/fft-simd';
import { simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../../simd-switch';
import { complexError, seededSignal } from '../helpers';
import { onKernelsAtEverySize } from './on-kernels';

onKernelsAtEverySize();

const LOGS = Array.from({ length: 18 }, (_, i) => i + 2);

describe('difPow2 and ditPow2 against the plain path, and their round trip', () => {
  for (const log of LOGS) {
    it(`n = 2^${log}`, () => {
      const n = 2 ** log;
      const rt = simdRuntime()!;
      const plan = pow2Plan(rt, log)!;
      const re = seededSignal(n, 13 * log), im = seededSignal(n, 13 * log + 1);
      const xr = new Float64Array(n), xi = new Float64Array(n);
      withSimdSwitch(false, () => planFft(n).forward(re, im, xr, xi));
      const outcome = rt.heap.withScratch(16 * n + 1024, (base) => {
        const ar = base, ai = ar + 8 * n + 1024;
        const k = rt.kernels;
        let f64 = rt.heap.f64;
        // DIF: natural in, bit-reversed out
        f64.set(re, ar / 8);
        f64.set(im, ai / 8);
        k.difPow2(ar, ai, log, plan.tables);
        f64 = rt.heap.f64;
        const difR = f64.slice(ar / 8, ar / 8 + n), difI = f64.slice(ai / 8, ai / 8 + n);
        // the inverse by the swap trick, back to natural order: n·x
        k.ditPow2(ai, ar, log, plan.tables);
        f64 = rt.heap.f64;
        const backR = f64.slice(ar / 8, ar / 8 + n), backI = f64.slice(ai / 8, ai / 8 + n);
        // DIT: bit-reversed in, natural out
        for (let p = 0; p < n; p++) {
          f64[ar / 8 + reverseBits(p, log)] = re[p];
          f64[ai / 8 + reverseBits(p, log)] = im[p];
        }
        k.ditPow2(ar, ai, log, plan.tables);
        f64 = rt.heap.f64;
        return { difR, difI, backR, backI, ditR: f64.slice(ar / 8, ar / 8 + n), ditI: f64.slice(ai / 8, ai / 8 + n) };
      })!;
      const inOrderR = new Float64Array(n), inOrderI = new Float64Array(n);
      for (let p = 0; p < n; p++) {
        inOrderR[reverseBits(p, log)] = outcome.difR[p];
        inOrderI[reverseBits(p, log)] = outcome.difI[p];
      }
      expect(complexError(inOrderR, inOrderI, xr, xi)).toBeLessThan(1e-13);
      expect(complexError(outcome.ditR, outcome.ditI, xr, xi)).toBeLessThan(1e-13);
      expect(complexError(outcome.backR.map((v) => v / n), outcome.backI.map((v) => v / n), re, im)).toBeLessThan(1e-14 * log);
    });
  }
});
