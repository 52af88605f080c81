/**
 * The real FFT of prime lengths (Rader's algorithm on the SIMD path) and the power-of-two 2-D FFT
 * (rows into bit-reversed rows, then column strips, in the module's memory), against a naive DFT
 * computed here and against the plain TypeScript path. In the plain project (CONVOLAB_SIMD=0) the
 * same oracles check the plain path, and the SIMD-only checks are skipped.
 */
import { describe, expect, it } from 'vitest';
import { fft, fft2d, ifft2d, irfft, planRealFft, rfft } from '../../src-shared/dsp';
import { isPrime, primitiveRoot } from '../../src-shared/dsp/simd/fft-rader-simd';
import { defaultSimdThresholds, simdActive, simdCallCounts, simdThresholds } from '../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../simd-switch';
import { complexError, relativeError } from './helpers';

let seed = 2024;
function signal(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  return x;
}

/** X[k] = Σ_j x[j]·exp(−2πi·jk/n), with jk reduced mod n so the angle stays exact. */
function naiveDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length, outR = new Float64Array(n), outI = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n, c = Math.cos(a), s = Math.sin(a);
      sr += re[j] * c - im[j] * s;
      si += re[j] * s + im[j] * c;
    }
    outR[k] = sr;
    outI[k] = si;
  }
  return { re: outR, im: outI };
}

function counted(family: string): number {
  return simdCallCounts()[family] ?? 0;
}

/** Runs body with every SIMD threshold at 1, so the smallest sizes take the kernels too. */
function withLowThresholds<T>(body: () => T): T {
  for (const key of Object.keys(simdThresholds) as (keyof typeof simdThresholds)[]) simdThresholds[key] = 1;
  try {
    return body();
  } finally {
    Object.assign(simdThresholds, defaultSimdThresholds);
  }
}

describe('primitive roots (the Rader permutation)', () => {
  it('g generates every nonzero residue exactly once', () => {
    for (const n of [3, 5, 7, 11, 13, 37, 101, 1009, 100003]) {
      const g = primitiveRoot(n);
      const seen = new Uint8Array(n);
      for (let p = 0, e = 1; p < n - 1; p++, e = (e * g) % n) seen[e]++;
      expect(seen[0]).toBe(0);
      expect(seen.subarray(1).every((count) => count === 1)).toBe(true);
    }
  });

  it('isPrime tells primes from composites', () => {
    expect([2, 3, 5, 37, 4099, 100003].map(isPrime)).toEqual([true, true, true, true, true, true]);
    expect([1, 4, 9, 91, 4095, 100001].map(isPrime)).toEqual([false, false, false, false, false, false]);
  });
});

describe('real FFT of prime lengths', () => {
  const primes = [3, 5, 7, 11, 13, 31, 37, 41, 101, 251, 1009, 2053];

  it('matches the naive DFT for small and mid-size primes, every one through the kernels', () => {
    withLowThresholds(() => {
      const before = counted('rfft-rader');
      for (const n of primes) {
        const x = signal(n);
        const got = rfft(x);
        const want = naiveDft(x, new Float64Array(n));
        const bins = (n >> 1) + 1;
        expect(complexError(got.re, got.im, want.re.subarray(0, bins), want.im.subarray(0, bins)), `n = ${n}`).toBeLessThan(1e-13);
      }
      if (simdActive()) expect(counted('rfft-rader') - before).toBe(primes.length);
    });
  });

  it('agrees with the plain path (complex Bluestein) and Parseval at 100003', () => {
    const n = 100003, x = signal(n);
    const before = counted('rfft-rader');
    const got = rfft(x);
    if (simdActive()) expect(counted('rfft-rader') - before).toBe(1);
    const plain = withSimdSwitch(false, () => rfft(x));
    expect(complexError(got.re, got.im, plain.re, plain.im)).toBeLessThan(1e-12);
    // Parseval over the half spectrum: Σ x² = (|X0|² + 2·Σ_{k≥1} |Xk|²) / n for odd n.
    let time = 0, freq = got.re[0] ** 2;
    for (let i = 0; i < n; i++) time += x[i] * x[i];
    for (let k = 1; k < got.re.length; k++) freq += 2 * (got.re[k] ** 2 + got.im[k] ** 2);
    expect(Math.abs(freq / n - time) / time).toBeLessThan(1e-12);
    // and the round trip through the inverse
    expect(relativeError(irfft(got.re, got.im, n), x)).toBeLessThan(1e-12);
  });

  it('leaves a composite odd length with a large prime factor on its old path', () => {
    const n = 3 * 4099, x = signal(n);
    const before = counted('rfft-rader');
    const got = new Float64Array(planRealFft(n).bins), gotI = new Float64Array(got.length);
    planRealFft(n).forward(x, got, gotI);
    expect(counted('rfft-rader')).toBe(before);
    const full = fft(x, new Float64Array(n));
    expect(complexError(got, gotI, full.re.subarray(0, got.length), full.im.subarray(0, got.length))).toBeLessThan(1e-12);
  });
});

/** The naive 2-D DFT: rows, then columns, each by naiveDft. */
function naiveDft2d(re: Float64Array, im: Float64Array, width: number, height: number): { re: Float64Array; im: Float64Array } {
  const r = re.slice(), i = im.slice();
  for (let y = 0; y < height; y++) {
    const row = naiveDft(r.subarray(y * width, (y + 1) * width), i.subarray(y * width, (y + 1) * width));
    r.set(row.re, y * width);
    i.set(row.im, y * width);
  }
  for (let x = 0; x < width; x++) {
    const cr = new Float64Array(height), ci = new Float64Array(height);
    for (let y = 0; y < height; y++) {
      cr[y] = r[y * width + x];
      ci[y] = i[y * width + x];
    }
    const column = naiveDft(cr, ci);
    for (let y = 0; y < height; y++) {
      r[y * width + x] = column.re[y];
      i[y * width + x] = column.im[y];
    }
  }
  return { re: r, im: i };
}

describe('2-D FFT of power-of-two sides', () => {
  const shapes: Array<[number, number]> = [[4, 4], [8, 4], [4, 32], [16, 8], [64, 32], [32, 128]];

  it('matches the naive 2-D DFT, forward and inverse, through the kernels', () => {
    const before = counted('fft2d');
    for (const [w, h] of shapes) {
      const re = signal(w * h), im = signal(w * h), reCopy = re.slice(), imCopy = im.slice();
      const got = fft2d(re, im, w, h);
      // fft2d reads its input straight into the kernels' memory and must leave it as it was
      expect(re).toEqual(reCopy);
      expect(im).toEqual(imCopy);
      const want = naiveDft2d(re, im, w, h);
      expect(complexError(got.re, got.im, want.re, want.im), `${w}×${h}`).toBeLessThan(1e-13);
      const back = ifft2d(got.re, got.im, w, h);
      expect(complexError(back.re, back.im, re, im), `${w}×${h} round trip`).toBeLessThan(1e-13);
    }
    if (simdActive()) expect(counted('fft2d') - before).toBe(2 * shapes.length);
  });

  it('agrees with the plain path at 1024 × 256 and keeps Parseval', () => {
    const w = 1024, h = 256, re = signal(w * h), im = signal(w * h);
    const got = fft2d(re, im, w, h);
    const plain = withSimdSwitch(false, () => fft2d(re, im, w, h));
    expect(complexError(got.re, got.im, plain.re, plain.im)).toBeLessThan(1e-13);
    let time = 0, freq = 0;
    for (let k = 0; k < w * h; k++) {
      time += re[k] ** 2 + im[k] ** 2;
      freq += got.re[k] ** 2 + got.im[k] ** 2;
    }
    expect(Math.abs(freq / (w * h) - time) / time).toBeLessThan(1e-12);
  });
});
