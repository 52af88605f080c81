/** planRealFilter (fft.ts): circular convolution through the fused half-length transforms. */
import { describe, expect, it } from 'vitest';
import { planRealFilter } from '../../src-shared/dsp';
import { scaledError, seededSignal } from './helpers';

/** The definition: out[t] = Σ_j x[j]·f[(t − j) mod n], with f folded mod n when longer. */
function naiveCircular(x: Float64Array, f: Float64Array, n: number): Float64Array {
  const folded = new Float64Array(n);
  f.forEach((v, j) => { folded[j % n] += v; });
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += x[j] * folded[(t - j + n) % n];
    out[t] = s;
  }
  return out;
}

describe('planRealFilter equals the circular convolution it defines', () => {
  // Every first-stage radix of the half-length kernel, the work-array and four-step sizes.
  for (const log of [2, 3, 4, 5, 6, 7, 10, 11, 12, 13]) {
    const n = 1 << log;
    for (const taps of [1, 3, Math.max(1, n >> 1), n + 5]) {
      it(`n = ${n}, ${taps} taps`, () => {
        const x = seededSignal(n, log * 31 + taps), f = seededSignal(taps, taps * 7 + 1);
        const expected = naiveCircular(x, f, n);
        let mx = 0, sf = 0;
        x.forEach((v) => { mx = Math.max(mx, Math.abs(v)); });
        f.forEach((v) => { sf += Math.abs(v); });
        const out = new Float64Array(n);
        const plan = planRealFilter(f, n);
        plan.apply(x, out);
        expect(scaledError(out, expected, mx * sf)).toBeLessThan(1e-13);
        // In place, and reusable: a second block through the same plan.
        const y = seededSignal(n, 99 + log);
        const again = naiveCircular(y, f, n);
        plan.apply(y, y);
        expect(scaledError(y, again, sf)).toBeLessThan(1e-13);
      });
    }
  }
  // Past the work-array limit (half-length 2^17) the four-step kernel runs instead.
  for (const log of [18, 19]) {
    const n = 1 << log;
    it(`n = 2^${log} (both kernel paths of the half-length transform), 37 taps`, () => {
      const x = seededSignal(n, log), f = seededSignal(37, 5);
      const expected = new Float64Array(n);
      for (let t = 0; t < n; t++) {
        let s = 0;
        for (let j = 0; j < 37; j++) s += f[j] * x[(t - j + n) % n];
        expected[t] = s;
      }
      let sf = 0;
      f.forEach((v) => { sf += Math.abs(v); });
      const out = new Float64Array(n);
      planRealFilter(f, n).apply(x, out);
      expect(scaledError(out, expected, 0.5 * sf)).toBeLessThan(1e-13);
    });
  }
  it('rejects lengths it cannot do', () => {
    expect(() => planRealFilter(Float64Array.of(1), 6)).toThrow(/power of two/);
    expect(() => planRealFilter(Float64Array.of(1), 2)).toThrow(/≥ 4/);
  });
});
