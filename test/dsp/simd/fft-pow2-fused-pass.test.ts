/**
 * The pass before the last stage run inside the scatter (assembly/fft.ts difPasses → loadTile):
 * up to 2^18, when the scatter's tile rows (2^min(5, ⌊log/2⌋) points) hold whole groups of that
 * pass (span 16 for even log2 n, 32 for odd), i.e. at even log2 n 8 … 18 and odd 11 … 17. Here: at
 * every log2 n from 2 to 22, that the path ran exactly where that rule says (the module's count of
 * such scatters) for the complex forward and scaled inverse (the in-place split scatter and the
 * scaled one), the real forward (the interleaved first pass, then the rest) and the real inverse
 * (the interleaved output); and that each result equals the plain path, and the forward → inverse
 * round trip gives back the input. fft-pow2-kernels.test.ts checks the same transforms to 2^22.
 */
import { describe, expect, it } from 'vitest';
import { planFft, planRealFft } from '../../../src-shared/dsp';
import { simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../../simd-switch';
import { complexError, relativeError, seededSignal } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

onKernelsAtEverySize();

/** Whether the transform of 2^log points runs its pass before the last stage in the scatter. */
const fuses = (log: number): boolean => log <= 18 && (log % 2 === 0 ? log >= 8 : log >= 11);

/** The body's count of fused scatters. */
function fusedDuring(body: () => void): number {
  const k = simdRuntime()!.kernels;
  const before = k.fftFusedScatters!();
  body();
  return k.fftFusedScatters!() - before;
}

describe('the pass before the last stage inside the scatter', () => {
  for (let log = 2; log <= 22; log++) {
    it(`complex n = 2^${log}: ran ${fuses(log) ? 'there' : 'as a pass of its own'}; equals the plain path; round trip`, () => {
      const n = 2 ** log;
      const re = seededSignal(n, 41 * log), im = seededSignal(n, 41 * log + 1);
      const plan = planFft(n);
      const [yr, yi, br, bi] = Array.from({ length: 4 }, () => new Float64Array(n));
      expect(fusedDuring(() => viaSimd('fft', () => plan.forward(re, im, yr, yi)))).toBe(fuses(log) ? 1 : 0);
      expect(fusedDuring(() => viaSimd('fft', () => plan.inverse(yr, yi, br, bi)))).toBe(fuses(log) ? 1 : 0);
      expect(complexError(br, bi, re, im)).toBeLessThan(1e-15 * log);
      if (log <= 19) {
        const [pr, pi] = [new Float64Array(n), new Float64Array(n)];
        withSimdSwitch(false, () => plan.forward(re, im, pr, pi));
        expect(complexError(yr, yi, pr, pi)).toBeLessThan(1e-13);
      }
    });
  }
  // the real FFT of 2^(log + 1) runs the half-length transform of 2^log
  for (let log = 3; log <= 21; log++) {
    it(`real n = 2^${log + 1}: forward and inverse ran ${fuses(log) ? 'there' : 'as a pass of its own'}; equal the plain path; round trip`, () => {
      const n = 2 ** (log + 1);
      const plan = planRealFft(n);
      const x = seededSignal(n, 43 * log);
      const re = new Float64Array(plan.bins), im = new Float64Array(plan.bins), back = new Float64Array(n);
      expect(fusedDuring(() => viaSimd('rfft', () => plan.forward(x, re, im)))).toBe(fuses(log) ? 1 : 0);
      expect(fusedDuring(() => viaSimd('rfft', () => plan.inverse(re, im, back)))).toBe(fuses(log) ? 1 : 0);
      expect(relativeError(back, x)).toBeLessThan(1e-15 * log);
      if (log <= 18) {
        const pr = new Float64Array(plan.bins), pi = new Float64Array(plan.bins);
        withSimdSwitch(false, () => plan.forward(x, pr, pi));
        expect(complexError(re, im, pr, pi)).toBeLessThan(1e-13);
      }
    });
  }
});
