/**
 * The public 2-D FFT (dsp/fft2d.ts) on whichever path the project runs (SIMD for power-of-two
 * sides in project "simd", plain TypeScript in "plain"): shapes the SIMD path does not take (a
 * side not a power of two, 1 × N and N × 1) against a naive 2-D DFT, the `out` argument (a
 * caller's arrays, in place, a wrong length), outputs from an installed buffer pool, and
 * Parseval and separability as properties.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fft, fft2d, ifft2d } from '../../src-shared/dsp';
import { BufferPool, installBufferPool } from '../../src-shared/dsp/buffer-pool';
import { complexError } from './helpers';

let seed = 917;
function signal(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  return x;
}

/** X[v, u] = Σ x[y, x]·exp(−2πi(ux/W + vy/H)), the angles reduced exactly. */
function naiveDft2d(re: Float64Array, im: Float64Array, w: number, h: number): { re: Float64Array; im: Float64Array } {
  const outR = new Float64Array(w * h), outI = new Float64Array(w * h);
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      let sr = 0, si = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const a = -2 * Math.PI * (((u * x) % w) / w + ((v * y) % h) / h), c = Math.cos(a), s = Math.sin(a);
          const xr = re[y * w + x], xi = im[y * w + x];
          sr += xr * c - xi * s;
          si += xr * s + xi * c;
        }
      }
      outR[v * w + u] = sr;
      outI[v * w + u] = si;
    }
  }
  return { re: outR, im: outI };
}

afterEach(() => installBufferPool(undefined));

describe('fft2d of any shape', () => {
  // 1 × N and N × 1 are 1-D transforms; 3 × 64 and 64 × 3 put a power of two on one side only.
  const shapes: Array<[number, number]> = [[1, 1], [1, 7], [1, 16], [7, 1], [16, 1], [12, 10], [3, 64], [64, 3], [5, 8], [8, 6]];

  it('matches the naive 2-D DFT forward, and the inverse gives the input back', () => {
    for (const [w, h] of shapes) {
      const re = signal(w * h), im = signal(w * h);
      const got = fft2d(re, im, w, h);
      const want = naiveDft2d(re, im, w, h);
      expect(complexError(got.re, got.im, want.re, want.im), `${w}×${h}`).toBeLessThan(1e-12);
      const back = ifft2d(got.re, got.im, w, h);
      expect(complexError(back.re, back.im, re, im), `${w}×${h} round trip`).toBeLessThan(1e-12);
    }
  });

  it('is the 1-D FFT when one side is 1', () => {
    const re = signal(48), im = signal(48);
    const want = fft(re, im);
    for (const [w, h] of [[48, 1], [1, 48]]) {
      const got = fft2d(re, im, w, h);
      expect(complexError(got.re, got.im, want.re, want.im), `${w}×${h}`).toBeLessThan(1e-13);
    }
  });
});

describe('fft2d into a given output', () => {
  for (const [w, h] of [[64, 32], [12, 10]] as const) {
    it(`${w}×${h}: writes the caller's arrays, also in place over the input`, () => {
      const re = signal(w * h), im = signal(w * h);
      const fresh = fft2d(re, im, w, h);
      const out = { re: new Float64Array(w * h).fill(7), im: new Float64Array(w * h).fill(7) };
      expect(fft2d(re, im, w, h, out)).toBe(out);
      expect(out.re).toEqual(fresh.re);
      expect(out.im).toEqual(fresh.im);
      const inverse = { re: new Float64Array(w * h), im: new Float64Array(w * h) };
      ifft2d(out.re, out.im, w, h, inverse);
      expect(complexError(inverse.re, inverse.im, re, im)).toBeLessThan(1e-13);
      // In place: the input arrays are the output.
      const x = { re: re.slice(), im: im.slice() };
      fft2d(x.re, x.im, w, h, x);
      expect(x.re).toEqual(fresh.re);
      expect(x.im).toEqual(fresh.im);
      ifft2d(x.re, x.im, w, h, x);
      expect(complexError(x.re, x.im, re, im)).toBeLessThan(1e-13);
    });
  }

  it('refuses an output of the wrong length, saying what it needs', () => {
    const re = signal(32), im = signal(32);
    expect(() => fft2d(re, im, 8, 4, { re: new Float64Array(32), im: new Float64Array(31) }))
      .toThrow('2-D FFT: out must hold 32 elements in re and in im (8 × 4), got 32 and 31');
    expect(() => ifft2d(re, im, 8, 4, { re: new Float64Array(30), im: new Float64Array(32) })).toThrow(/^inverse 2-D FFT: out must hold 32/);
  });

  it('takes its new arrays from an installed buffer pool', () => {
    const pool = new BufferPool({ minBytes: 0 });
    installBufferPool(pool);
    const re = signal(64 * 16), im = signal(64 * 16);
    const first = fft2d(re, im, 64, 16);
    const want = { re: first.re.slice(), im: first.im.slice() };
    expect(pool.release(first.re.buffer)).toBe(true);
    expect(pool.release(first.im.buffer)).toBe(true);
    const second = fft2d(re, im, 64, 16);
    expect(pool.stats.reused).toBe(2);
    expect(new Set([second.re.buffer, second.im.buffer])).toEqual(new Set([first.re.buffer, first.im.buffer]));
    expect(second.re).toEqual(want.re);
    expect(second.im).toEqual(want.im);
  });
});

describe('fft2d properties', () => {
  it('keeps Parseval: Σ|X|² = W·H·Σ|x|²', () => {
    for (const [w, h] of [[128, 64], [16, 256], [12, 20]]) {
      const re = signal(w * h), im = signal(w * h);
      const got = fft2d(re, im, w, h);
      let time = 0, freq = 0;
      for (let k = 0; k < w * h; k++) {
        time += re[k] ** 2 + im[k] ** 2;
        freq += got.re[k] ** 2 + got.im[k] ** 2;
      }
      expect(Math.abs(freq / (w * h) - time) / time, `${w}×${h}`).toBeLessThan(1e-12);
    }
  });

  it('is separable: the transform of a[y]·b[x] is A[v]·B[u]', () => {
    for (const [w, h] of [[256, 32], [8, 512], [24, 16]]) {
      const ar = signal(h), ai = signal(h), br = signal(w), bi = signal(w);
      const re = new Float64Array(w * h), im = new Float64Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          re[y * w + x] = ar[y] * br[x] - ai[y] * bi[x];
          im[y * w + x] = ar[y] * bi[x] + ai[y] * br[x];
        }
      }
      const A = fft(ar, ai), B = fft(br, bi), got = fft2d(re, im, w, h);
      const wantR = new Float64Array(w * h), wantI = new Float64Array(w * h);
      for (let v = 0; v < h; v++) {
        for (let u = 0; u < w; u++) {
          wantR[v * w + u] = A.re[v] * B.re[u] - A.im[v] * B.im[u];
          wantI[v * w + u] = A.re[v] * B.im[u] + A.im[v] * B.re[u];
        }
      }
      expect(complexError(got.re, got.im, wantR, wantI), `${w}×${h}`).toBeLessThan(1e-12);
    }
  });
});
