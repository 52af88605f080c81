/**
 * The 1-D FFT convolution's SIMD routes of issue 17 §3 against the plain direct sums (the
 * oracle): the packed transform ('fft': both operands in one complex FFT, half-length real
 * inverse), overlap-add with its output streamed out block by block, and convolve1d writing into
 * a caller's buffer or the engine pool's. Thresholds are lowered so tiny sizes take the kernels;
 * call counters prove they ran.
 */
import { describe, expect, it } from 'vitest';
import { type ConvolveMode, convolve1d, convolveOutputLength, correlate1d } from '../../../src-shared/dsp';
import { BufferPool, allocFloat64, installBufferPool } from '../../../src-shared/dsp/buffer-pool';
import { simdOverlapAdd } from '../../../src-shared/dsp/simd/convolve-simd';
import { withSimdSwitch } from '../../simd-switch';
import { convolutionScale, scaledError } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

let seed = 20261206;
const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
const randomF64 = (n: number): Float64Array => Float64Array.from({ length: n }, random);
const randomInt = (lo: number, hi: number): number => lo + Math.floor((random() + 0.5) * (hi - lo + 1));

/** The oracle: the plain TypeScript direct sums. */
function direct(a: Float64Array, b: Float64Array, mode: ConvolveMode, bStart?: number): Float64Array {
  return withSimdSwitch(false, () => convolve1d(a, b, { method: 'direct', mode, bStart }));
}

onKernelsAtEverySize(() => installBufferPool(undefined));

describe('packed FFT convolution (one complex transform for both operands)', () => {
  it('equals the direct sums at random and odd lengths, every mode and alignment', () => {
    const shapes: Array<[number, number]> = [[1, 1], [1, 5], [5, 1], [2, 3], [3, 2], [7, 7], [17, 4], [4, 17], [31, 30], [129, 127]];
    for (let i = 0; i < 14; i++) shapes.push([randomInt(1, 3000), randomInt(1, 900)]);
    for (const [na, nb] of shapes) {
      const a = randomF64(na), b = randomF64(nb);
      for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
        if (mode === 'valid' && nb > na) continue;
        // 'same' with the default start, and with starts that put the window before 0 and past the end.
        for (const bStart of mode === 'same' ? [undefined, 3, -nb - 2] : [undefined]) {
          const expected = direct(a, b, mode, bStart);
          const got = viaSimd('convolve1d-fft', () => convolve1d(a, b, { method: 'fft', mode, bStart }));
          expect(got.length).toBe(expected.length);
          expect(scaledError(got, expected, convolutionScale(a, b)), `${na} × ${nb} ${mode} ${String(bStart)}`).toBeLessThan(1e-13);
        }
      }
      const expected = withSimdSwitch(false, () => correlate1d(a, b, { method: 'direct' }));
      expect(scaledError(correlate1d(a, b, { method: 'fft' }), expected, convolutionScale(a, b))).toBeLessThan(1e-13);
    }
  });

  it('keeps its digits when one operand is far louder than the other', () => {
    for (const [ka, kb] of [[1e6, 1], [1, 1e-9], [1e-200, 1e150]]) {
      const a = randomF64(2000).map((v) => v * ka), b = randomF64(300).map((v) => v * kb);
      const got = viaSimd('convolve1d-fft', () => convolve1d(a, b, { method: 'fft' }));
      expect(scaledError(got, direct(a, b, 'full'), convolutionScale(a, b)), `${ka} vs ${kb}`).toBeLessThan(1e-13);
    }
    // An impulse returns the signal.
    const x = randomF64(1001).map((v) => v * 1000);
    const got = convolve1d(x, Float64Array.of(1), { method: 'fft' });
    expect(scaledError(got, x, convolutionScale(x, Float64Array.of(1)))).toBeLessThan(1e-13);
  });

  it('a one-sided empty input gives an empty output', () => {
    const a = randomF64(100);
    for (const method of ['fft', 'overlap-add', 'auto'] as const) {
      expect(convolve1d(a, new Float64Array(0), { method }).length).toBe(0);
      expect(convolve1d(new Float64Array(0), a, { method }).length).toBe(0);
    }
  });

  it('is linear: (αx + y) * h = α(x * h) + y * h', () => {
    for (let i = 0; i < 6; i++) {
      const n = randomInt(50, 5000), m = randomInt(1, 2000), alpha = 7 * random();
      const x = randomF64(n), y = randomF64(n), h = randomF64(m);
      const mixed = x.map((v, k) => alpha * v + y[k]!);
      const left = convolve1d(mixed, h, { method: 'fft' });
      const cx = convolve1d(x, h, { method: 'fft' }), cy = convolve1d(y, h, { method: 'fft' });
      const right = cx.map((v, k) => alpha * v + cy[k]!);
      expect(scaledError(left, right, convolutionScale(mixed, h)), `${n} × ${m}`).toBeLessThan(1e-13);
    }
  });
});

describe('overlap-add with a streamed output', () => {
  it('equals the direct sums at every block size and window, and overwrites what out held', () => {
    for (let i = 0; i < 8; i++) {
      const na = randomInt(1, 6000), nb = randomInt(1, 600);
      const [long, short] = na >= nb ? [na, nb] : [nb, na];
      const a = randomF64(na), b = randomF64(nb);
      const full = na + nb - 1;
      // Windows: the whole, a middle piece, one reaching before 0, one past the end.
      for (const [lo, length] of [[0, full], [Math.floor(full / 3), Math.ceil(full / 3)], [-5, 20], [full - 3, 10]]) {
        const expected = new Float64Array(length);
        const whole = direct(a, b, 'full');
        for (let o = 0; o < length; o++) expected[o] = lo + o >= 0 && lo + o < full ? whole[lo + o]! : 0;
        for (let size = 16; size <= 4 * (long + short); size *= 4) {
          if (size < short + 1) continue;
          const out = new Float64Array(length).fill(Number.NaN);
          expect(viaSimd('convolve1d-overlap-add', () => simdOverlapAdd(a, b, lo, out, size))).toBe(true);
          expect(scaledError(out, expected, convolutionScale(a, b)), `${na} × ${nb} [${lo}, +${length}) size ${size}`).toBeLessThan(1e-13);
        }
      }
    }
  });

  it('adds into out when asked (convolveOverlapAddWindow\'s contract)', () => {
    const a = randomF64(3000), b = randomF64(200);
    const base = randomF64(a.length + b.length - 1);
    const out = base.slice();
    expect(simdOverlapAdd(a, b, 0, out, 512, undefined, true)).toBe(true);
    const expected = direct(a, b, 'full').map((v, k) => v + base[k]!);
    expect(scaledError(out, expected, convolutionScale(a, b))).toBeLessThan(1e-13);
  });

  it('reports progress that rises to the end', () => {
    const a = randomF64(20000), b = randomF64(100);
    const seen: number[] = [];
    convolve1d(a, b, { method: 'overlap-add', onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    for (let k = 1; k < seen.length; k++) expect(seen[k]!).toBeGreaterThanOrEqual(seen[k - 1]!);
    expect(seen[seen.length - 1]!).toBeLessThanOrEqual(1);
  });
});

describe('convolve1d output buffers', () => {
  it('writes into the array given as out, whatever it held, for every method', () => {
    const a = randomF64(3000), b = randomF64(257);
    for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
      const expected = direct(a, b, mode);
      for (const method of ['direct', 'fft', 'overlap-add', 'auto'] as const) {
        for (const simd of [true, false]) {
          const out = new Float64Array(convolveOutputLength(a.length, b.length, mode)).fill(Number.NaN);
          const got = withSimdSwitch(simd, () => convolve1d(a, b, { method, mode, out }));
          expect(got).toBe(out);
          expect(scaledError(out, expected, convolutionScale(a, b)), `${method} ${mode} simd=${simd}`).toBeLessThan(1e-13);
        }
      }
    }
  });

  it('says what length it wanted when out has another', () => {
    expect(() => convolve1d(randomF64(10), randomF64(3), { out: new Float64Array(11) }))
      .toThrow('convolve1d: out has 11 samples, the full convolution of 10 × 3 has 12');
  });

  it('takes its output from the installed pool, zero-filled, and a re-run reuses it', () => {
    const pool = new BufferPool({ minBytes: 1024 });
    installBufferPool(pool);
    try {
      const a = randomF64(2000), b = randomF64(100);
      const first = convolve1d(a, b);
      expect(pool.stats.fresh).toBe(1);
      const values = first.slice();
      expect(pool.release(first.buffer)).toBe(true);
      // Another kind of request of the same byte length takes the same memory, zeroed.
      const floats = pool.float32(2 * first.length);
      expect(floats.buffer).toBe(first.buffer);
      expect(floats.every((v) => v === 0)).toBe(true);
      pool.release(floats.buffer);
      const second = convolve1d(a, b);
      expect(second.buffer).toBe(first.buffer);
      expect(pool.stats.reused).toBe(2);
      expect(scaledError(second, values, convolutionScale(a, b))).toBe(0);
      // Below minBytes nothing is pooled.
      expect(allocFloat64(10).buffer.byteLength).toBe(80);
      expect(pool.stats.fresh).toBe(1);
    } finally {
      installBufferPool(undefined);
    }
  });
});
