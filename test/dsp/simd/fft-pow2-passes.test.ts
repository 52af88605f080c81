/**
 * The pass plan of the power-of-two FFT's fftPow2 family (assembly/fft.ts difPasses): radix-8
 * passes on top, in pairs, only where the all-radix-4 plan had at least two passes whose span
 * exceeds the L2 block (2^15 points), i.e. from 2^18 up; radix-4 passes below them down to the
 * last stage. Here: the plan's arithmetic at every log2 n, and the radix-8 twiddle tables the host
 * lays out (pow2Plan) read back from the heap at the sizes that have them. The transforms that run
 * these passes are checked by fft-pow2-kernels.test.ts: against the plain path up to 2^19 (one
 * pair from 2^18), then up to 2^22 (two pairs) against their radix-2 split into two transforms of
 * half the length.
 */
import { describe, expect, it } from 'vitest';
import { pow2Plan } from '../../../src-shared/dsp/simd/fft-simd';
import { simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { onKernelsAtEverySize } from './on-kernels';

onKernelsAtEverySize();

/** log2 of the last stage's radix: 3 for odd log2 n, 2 for even (as assembly/fft.ts firstLog). */
const lastLog = (log: number): number => (log % 2 === 1 ? 3 : 2);

/** Bytes of the radix-4 stage tables (m = first, 4·first, …, n/4; 48m bytes each). */
function radix4Bytes(log: number): number {
  let bytes = 0;
  for (let m = 2 ** lastLog(log); 4 * m <= 2 ** log; m *= 4) bytes += 48 * m;
  return bytes;
}

describe('the fftPow2 pass plan', () => {
  it('radix-8 passes come in pairs from 2^18 up, and with the radix-4 passes cover every bit ahead of the last stage', () => {
    const k = simdRuntime()!.kernels;
    for (let log = 2; log <= 26; log++) {
      const r8 = k.fftRadix8Passes!(log);
      expect(r8 % 2, `2^${log}`).toBe(0);
      expect(r8 > 0, `2^${log}`).toBe(log >= 18);
      // the radix-4 passes left below them take whole pairs of bits
      const rest = log - lastLog(log) - 3 * r8;
      expect(rest, `2^${log}`).toBeGreaterThanOrEqual(0);
      expect(rest % 2, `2^${log}`).toBe(0);
      // one pair for every three radix-4 passes above the L2 block: 2 (2^18, 2^19), 3 (2^20, 2^21)
      // → one pair, 4 … 6 (2^22 … 2^27) → two
      expect(r8, `2^${log}`).toBe(log >= 22 ? 4 : log >= 18 ? 2 : 0);
      // tables: the radix-4 ones, then 48m bytes per radix-8 pass, m = n/8, n/64, …
      let bytes = radix4Bytes(log);
      for (let p = 0, m = 2 ** (log - 3); p < r8; p++, m /= 8) bytes += 48 * m;
      expect(k.fftTableBytes(log), `2^${log}`).toBe(bytes);
    }
  });

  for (const log of [18, 19]) {
    it(`n = 2^${log}: the host's radix-8 tables hold w_r = exp(−2πi·r·j/(8m)), r = 1, 2, 4, where dif8 reads them`, () => {
      const rt = simdRuntime()!;
      const plan = pow2Plan(rt, log)!;
      const f64 = rt.heap.f64;
      let at = (plan.tables + radix4Bytes(log)) / 8;
      for (let p = 0, m = 2 ** (log - 3); p < rt.kernels.fftRadix8Passes!(log); p++, m /= 8) {
        // per pair of j (lanes j, j + 1): w1, w2, w4, each 2 re lanes then 2 im lanes
        for (const j of [0, 2, m / 2, m - 2]) {
          for (const [k, r] of [1, 2, 4].entries()) {
            const slot = at + (j / 2) * 12 + k * 4;
            for (let lane = 0; lane < 2; lane++) {
              const angle = (-2 * Math.PI * r * (j + lane)) / (8 * m);
              expect(f64[slot + lane]).toBeCloseTo(Math.cos(angle), 14);
              expect(f64[slot + 2 + lane]).toBeCloseTo(Math.sin(angle), 14);
            }
          }
        }
        at += 6 * m;
      }
      // and they end where the plan's tables end
      expect(at * 8).toBe(plan.tables + rt.kernels.fftTableBytes(log));
    });
  }
});
