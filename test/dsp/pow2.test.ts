/**
 * The power-of-two kernel (src-shared/dsp/pow2.ts) at every size class it has — direct in-cache
 * radix 4/8/16 first stages, odd and even log2 n, the four-step split with square and oblong
 * factors, the work-array path of the real FFT — against an independent textbook radix-2 FFT
 * whose twiddles are computed exactly per product (no tables, no recurrences).
 */
import { describe, expect, it } from 'vitest';
import { irfft, planFft, planRealFft, rfft } from '../../src-shared/dsp';
import { complexError, relativeError, seededSignal } from './helpers';

/** Recursive-doubling radix-2 DIT: X = fft(re + i·im), twiddle exp(−2πi·k/len) computed afresh. */
function oracle(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const xr = new Float64Array(n), xi = new Float64Array(n);
  let bits = 0;
  while (1 << bits < n) bits++;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    xr[r] = re[i];
    xi[r] = im[i];
  }
  for (let len = 2; len <= n; len *= 2) {
    const half = len / 2;
    for (let k = 0; k < half; k++) {
      const angle = (-2 * Math.PI * k) / len;
      const wr = Math.cos(angle), wi = Math.sin(angle);
      for (let start = 0; start < n; start += len) {
        const a = start + k, b = a + half;
        const tr = xr[b] * wr - xi[b] * wi, ti = xr[b] * wi + xi[b] * wr;
        xr[b] = xr[a] - tr;
        xi[b] = xi[a] - ti;
        xr[a] += tr;
        xi[a] += ti;
      }
    }
  }
  return { re: xr, im: xi };
}

const LOGS = Array.from({ length: 19 }, (_, i) => i); // 1 … 2^18: every first-stage radix and both four-step shapes

describe('power-of-two complex FFT equals an independent radix-2 FFT', () => {
  for (const log of LOGS) {
    const n = 1 << log;
    it(`n = 2^${log}: forward, inverse, in place`, () => {
      const re = seededSignal(n, log + 1), im = seededSignal(n, log + 101);
      const expected = oracle(re, im);
      const plan = planFft(n);
      const yr = new Float64Array(n), yi = new Float64Array(n);
      plan.forward(re, im, yr, yi);
      expect(complexError(yr, yi, expected.re, expected.im)).toBeLessThan(1e-13);
      const br = new Float64Array(n), bi = new Float64Array(n);
      plan.inverse(yr, yi, br, bi);
      expect(complexError(br, bi, re, im)).toBeLessThan(1e-13);
      const pr = re.slice(), pi = im.slice();
      plan.forward(pr, pi, pr, pi);
      expect(complexError(pr, pi, yr, yi), 'in place equals out of place').toBeLessThan(1e-15);
    });
  }
});

describe('power-of-two real FFT equals the complex oracle of the real signal', () => {
  // 2^19 and 2^20: half-lengths past the work-array limit (2^17) take the four-step path.
  for (const log of [...LOGS.slice(1), 19, 20]) {
    const n = 1 << log;
    it(`n = 2^${log}: rfft and irfft`, () => {
      const x = seededSignal(n, 7 * log + 3);
      const expected = oracle(x, new Float64Array(n));
      const X = rfft(x);
      expect(X.re.length).toBe(n / 2 + 1);
      expect(complexError(X.re, X.im, expected.re.subarray(0, n / 2 + 1), expected.im.subarray(0, n / 2 + 1))).toBeLessThan(1e-13);
      expect(relativeError(irfft(X.re, X.im, n), x)).toBeLessThan(1e-13);
      const unscaled = new Float64Array(n);
      planRealFft(n).inverseUnscaled(X.re, X.im, unscaled);
      expect(relativeError(unscaled.map((v) => v / n), x)).toBeLessThan(1e-13);
    });
  }
});
