/**
 * The 1-D FFT convolution's routes that work in bit-reversed order (issue 17 §3) against the
 * plain direct sums (the oracle): the packed transform ('fft': difPow2 → packedProductReversed →
 * ditPow2 of half the length) and overlap-add with real blocks (each a complex transform of half
 * its length, filtered by realFilterApply). Sizes: odd, even, tiny, an operand of length 1, an
 * empty one, block edges (a signal that fills its last block exactly, or by one sample more or
 * less), lengths on both sides of each switch of 'auto' and of the power of two 'fft' takes;
 * and the convolution theorem, checked with the plain TypeScript FFT. Thresholds are lowered so
 * tiny sizes take the kernels; call counters prove they ran.
 */
import { describe, expect, it } from 'vitest';
import { type ConvolveMode, convolve1d, planFft } from '../../../src-shared/dsp';
import { simdChooseConvolveMethod, simdOverlapAdd } from '../../../src-shared/dsp/simd/convolve-simd';
import { withSimdSwitch } from '../../simd-switch';
import { convolutionScale, scaledError } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

let seed = 20261207;
const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
const randomF64 = (n: number): Float64Array => Float64Array.from({ length: n }, random);
const randomInt = (lo: number, hi: number): number => lo + Math.floor((random() + 0.5) * (hi - lo + 1));

/** The oracle: the plain TypeScript direct sums. */
function direct(a: Float64Array, b: Float64Array, mode: ConvolveMode = 'full'): Float64Array {
  return withSimdSwitch(false, () => convolve1d(a, b, { method: 'direct', mode }));
}

onKernelsAtEverySize();

describe("'fft': both operands in one transform, product in bit-reversed order", () => {
  it('equals the direct sums at tiny, odd, even and random lengths, in every mode', () => {
    const shapes: Array<[number, number]> = [[1, 1], [1, 2], [2, 1], [1, 9], [9, 1], [8, 8], [9, 8], [16, 1], [15, 2], [63, 65], [100, 3]];
    for (let i = 0; i < 12; i++) shapes.push([randomInt(1, 5000), randomInt(1, 1500)]);
    for (const [na, nb] of shapes) {
      const a = randomF64(na), b = randomF64(nb);
      for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
        if (mode === 'valid' && nb > na) continue;
        const got = viaSimd('convolve1d-fft', () => convolve1d(a, b, { method: 'fft', mode }));
        expect(scaledError(got, direct(a, b, mode), convolutionScale(a, b)), `${na} × ${nb} ${mode}`).toBeLessThan(1e-13);
      }
    }
  });

  it('is exact on both sides of each power of two it rounds the full length up to', () => {
    // The transform has n = nextPowerOfTwo(na + nb − 1) points (at least 16): full lengths of
    // n − 1, n and n + 1 take n, n and 2n, so the octaves of the product change with them.
    for (const n of [16, 32, 64, 1024, 4096]) {
      for (const full of [n - 1, n, n + 1]) {
        const nb = Math.max(1, Math.floor(full / 3)), na = full - nb + 1;
        const a = randomF64(na), b = randomF64(nb);
        const got = viaSimd('convolve1d-fft', () => convolve1d(a, b, { method: 'fft' }));
        expect(scaledError(got, direct(a, b), convolutionScale(a, b)), `${na} × ${nb}`).toBeLessThan(1e-13);
      }
    }
  });
});

describe('overlap-add with real blocks', () => {
  it('equals the direct sums at every block size, including kernels one short of the block', () => {
    for (let i = 0; i < 10; i++) {
      const na = randomInt(1, 4000), nb = i < 2 ? 1 : randomInt(1, 500);
      const a = randomF64(na), b = randomF64(nb);
      const long = Math.max(na, nb), short = Math.min(na, nb);
      const expected = direct(a, b);
      for (let size = 16; size <= 2 * (long + short) + 16; size *= 2) {
        if (size < short + 1) continue;
        const out = new Float64Array(na + nb - 1).fill(Number.NaN);
        expect(viaSimd('convolve1d-overlap-add', () => simdOverlapAdd(a, b, 0, out, size))).toBe(true);
        expect(scaledError(out, expected, convolutionScale(a, b)), `${na} × ${nb} size ${size}`).toBeLessThan(1e-13);
      }
      // The shortest step a block allows: size = short + 1.
      const size = 2 ** Math.ceil(Math.log2(short + 1));
      if (size >= 16 && size === short + 1) {
        const out = new Float64Array(na + nb - 1);
        expect(simdOverlapAdd(a, b, 0, out, size)).toBe(true);
        expect(scaledError(out, expected, convolutionScale(a, b))).toBeLessThan(1e-13);
      }
    }
  });

  it('takes a block of one step only (the kernel one shorter than the block)', () => {
    const a = randomF64(301), b = randomF64(63);
    const out = new Float64Array(363);
    expect(viaSimd('convolve1d-overlap-add', () => simdOverlapAdd(a, b, 0, out, 64))).toBe(true);
    expect(scaledError(out, direct(a, b), convolutionScale(a, b))).toBeLessThan(1e-13);
  });

  it('is exact when the signal fills its last block exactly, or by one sample more or less', () => {
    const size = 256, nb = 57, step = size - nb + 1;
    const b = randomF64(nb);
    for (const na of [step - 1, step, step + 1, 3 * step - 1, 3 * step, 3 * step + 1]) {
      const a = randomF64(na);
      const out = new Float64Array(na + nb - 1).fill(Number.NaN);
      expect(viaSimd('convolve1d-overlap-add', () => simdOverlapAdd(a, b, 0, out, size))).toBe(true);
      expect(scaledError(out, direct(a, b), convolutionScale(a, b)), `${na} × ${nb}`).toBeLessThan(1e-13);
    }
  });

  it('writes only the window asked for: a middle piece, one reaching before 0, one past the end', () => {
    const a = randomF64(2500), b = randomF64(201);
    const whole = direct(a, b), full = whole.length;
    for (const [lo, length] of [[700, 900], [-30, 100], [full - 40, 90], [0, 1]]) {
      const expected = Float64Array.from({ length }, (_, o) => (lo + o >= 0 && lo + o < full ? whole[lo + o]! : 0));
      const out = new Float64Array(length).fill(Number.NaN);
      expect(viaSimd('convolve1d-overlap-add', () => simdOverlapAdd(a, b, lo, out, 512))).toBe(true);
      expect(scaledError(out, expected, convolutionScale(a, b)), `[${lo}, +${length})`).toBeLessThan(1e-13);
    }
  });
});

describe("'auto' on both sides of each switch of its method", () => {
  it('equals the direct sums where the cost model changes its choice', () => {
    // Scan a signal length for where the choice changes (kernel lengths of a few sizes) and test
    // one below, at and one above each change.
    let switches = 0;
    for (const nb of [9, 40, 300]) {
      let previous = simdChooseConvolveMethod(1, nb);
      for (let na = 2; na < 6000 && switches < 12; na += na < 200 ? 1 : 7) {
        const method = simdChooseConvolveMethod(na, nb);
        if (method === previous) continue;
        previous = method;
        switches++;
        for (const length of [na - 1, na, na + 1]) {
          const a = randomF64(length), b = randomF64(nb);
          const got = convolve1d(a, b);
          expect(scaledError(got, direct(a, b), convolutionScale(a, b)), `${length} × ${nb} near the switch to ${String(method)}`).toBeLessThan(1e-13);
        }
      }
    }
    expect(switches).toBeGreaterThan(0);
  });

  it('empty and length-1 operands: empty output, or the other operand scaled', () => {
    const a = randomF64(777);
    for (const method of ['fft', 'overlap-add', 'auto'] as const) {
      expect(convolve1d(a, new Float64Array(0), { method }).length).toBe(0);
      expect(convolve1d(new Float64Array(0), a, { method }).length).toBe(0);
      const scaled = convolve1d(a, Float64Array.of(-2.5), { method });
      expect(scaledError(scaled, a.map((v) => -2.5 * v), convolutionScale(a, [2.5])), method).toBeLessThan(1e-13);
    }
  });
});

describe('the convolution theorem', () => {
  it('DFT_N(a * b) = DFT_N(a)·DFT_N(b) for both FFT routes (the plain FFT as the judge)', () => {
    for (const [na, nb] of [[1000, 24], [333, 333], [2047, 1]] as Array<[number, number]>) {
      const a = randomF64(na), b = randomF64(nb);
      const n = 2 ** Math.ceil(Math.log2(na + nb - 1));
      const spectrum = (x: ArrayLike<number>): { re: Float64Array; im: Float64Array } => {
        const re = new Float64Array(n), im = new Float64Array(n);
        re.set(Array.from(x));
        withSimdSwitch(false, () => planFft(n).forward(re, im, re, im));
        return { re, im };
      };
      const A = spectrum(a), B = spectrum(b);
      const productRe = A.re.map((v, k) => v * B.re[k]! - A.im[k]! * B.im[k]!);
      const productIm = A.re.map((v, k) => v * B.im[k]! + A.im[k]! * B.re[k]!);
      let sa = 0, sb = 0;
      for (const v of a) sa += Math.abs(v);
      for (const v of b) sb += Math.abs(v);
      for (const method of ['fft', 'overlap-add'] as const) {
        const c = viaSimd(`convolve1d-${method}`, () => convolve1d(a, b, { method }));
        const C = spectrum(c);
        // Every bin is bounded by Σ|a|·Σ|b|; rounding stays far below it.
        expect(scaledError(C.re, productRe, sa * sb), `${na} × ${nb} ${method} re`).toBeLessThan(1e-13);
        expect(scaledError(C.im, productIm, sa * sb), `${na} × ${nb} ${method} im`).toBeLessThan(1e-13);
      }
    }
  });
});
