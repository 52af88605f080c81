/**
 * convolve2d's paths on images large enough for several FFT tiles, odd band splits and the
 * direct ring of rows, against a naive oracle written from scipy.ndimage's definitions
 * (boundary rules from the docs, not from our boundaryIndex): every method × boundary × mode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BoundaryMode, type Convolve2dMethod, type Convolve2dMode, chooseFftTiling, convolve2d, convolve2dGeometry,
  convolve2dRows, foldKernelForSame, gaussianKernel2d,
} from '../../src-shared/dsp';
import { errorOverBound, foldBound } from './helpers';

function source(i: number, n: number, boundary: BoundaryMode): number {
  if (i >= 0 && i < n) return i;
  switch (boundary) {
    case 'zero': return -1;
    case 'nearest': return i < 0 ? 0 : n - 1;
    case 'wrap': return ((i % n) + n) % n;
    case 'reflect': {
      // d c b a | a b c d | d c b a: mirror about the edge, the edge sample repeated.
      let j = i;
      while (j < 0 || j >= n) j = j < 0 ? -j - 1 : 2 * n - j - 1;
      return j;
    }
  }
}

/** out(p) = Σ_j k[j]·in(p − (j − origin)) over the extended image, in f64. */
function naive(
  image: Float32Array, w: number, h: number, kernel: Float64Array, kw: number, kh: number,
  mode: Convolve2dMode, boundary: BoundaryMode, ox: number, oy: number,
): { data: Float64Array; width: number; height: number } {
  const g = convolve2dGeometry(w, h, kw, kh, { mode, kernelOriginX: ox, kernelOriginY: oy });
  const data = new Float64Array(g.width * g.height);
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      let s = 0;
      for (let j = 0; j < kh; j++) {
        for (let i = 0; i < kw; i++) {
          const sy = source(y + g.offsetY - (j - oy), h, boundary), sx = source(x + g.offsetX - (i - ox), w, boundary);
          if (sy >= 0 && sx >= 0) s += kernel[j * kw + i] * image[sy * w + sx];
        }
      }
      data[y * g.width + x] = s;
    }
  }
  return { data, width: g.width, height: g.height };
}

function maxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / Math.max(scale, 1e-300);
}

let seed = 5;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;

describe('convolve2d paths against a naive scipy.ndimage oracle', () => {
  const w = 83, h = 71;
  const image = Float32Array.from({ length: w * h }, random);
  const kw = 12, kh = 9; // even width: origin matters; 9 rows: odd
  const kernel = Float64Array.from({ length: kw * kh }, random);
  it('the FFT path really runs several tiles here', () => {
    const t = chooseFftTiling(w, h, kw, kh);
    expect(Math.ceil(w / (t.tileWidth - kw + 1)) * Math.ceil(h / (t.tileHeight - kh + 1))).toBeGreaterThan(1);
  });
  for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as BoundaryMode[]) {
    for (const mode of ['same', 'full', 'valid'] as Convolve2dMode[]) {
      it(`${boundary}, ${mode}: direct, fft and auto`, () => {
        const ox = 4, oy = 6; // off-centre origin
        const expected = naive(image, w, h, kernel, kw, kh, mode, boundary, ox, oy);
        for (const method of ['direct', 'fft', 'auto'] as Convolve2dMethod[]) {
          const r = convolve2d(image, w, h, kernel, kw, kh, { method, mode, boundary, kernelOriginX: ox, kernelOriginY: oy });
          expect([r.width, r.height]).toEqual([expected.width, expected.height]);
          expect(maxError(r.data, expected.data), method).toBeLessThan(1e-5);
        }
      });
    }
  }
  it('separable: the Gaussian through the two-row vertical pass, odd and even band heights', () => {
    const g = gaussianKernel2d(2.5), k = 17;
    for (const boundary of ['reflect', 'zero', 'wrap'] as BoundaryMode[]) {
      const expected = naive(image, w, h, g, k, k, 'same', boundary, 8, 8);
      const whole = convolve2d(image, w, h, g, k, k, { method: 'separable', mode: 'same', boundary });
      expect(maxError(whole.data, expected.data)).toBeLessThan(1e-5);
      // Bands of 1, 2 and 7 rows computed separately give the same image.
      const banded = new Float32Array(w * h);
      const cuts = [0, 1, 3, 10, 17, 30, 31, h];
      for (let b = 0; b + 1 < cuts.length; b++) {
        convolve2dRows(image, w, h, g, k, k, { method: 'separable', mode: 'same', boundary }, cuts[b], cuts[b + 1], banded);
      }
      expect(maxError(banded, expected.data)).toBeLessThan(1e-5);
    }
  });
  it('the FFT path by bands equals the oracle (tiles restart at each band)', () => {
    const expected = naive(image, w, h, kernel, kw, kh, 'same', 'reflect', 6, 4);
    const banded = new Float32Array(w * h);
    for (const [y0, y1] of [[0, 5], [5, 40], [40, h]]) {
      convolve2dRows(image, w, h, kernel, kw, kh, { method: 'fft', mode: 'same', boundary: 'reflect', kernelOriginX: 6, kernelOriginY: 4 }, y0, y1, banded);
    }
    expect(maxError(banded, expected.data)).toBeLessThan(1e-5);
  });
  it('a high-gain kernel over many tiles in a partial strip: no leftovers from earlier tiles leak in', () => {
    // Rows past a partial strip's block would carry the previous tile's results (row spectra
    // scaled by 1/tile width, times this kernel's gain of 81·50 per tile); they must be cleared,
    // not convolved again.
    const W = 1500, H = 37, ones = new Float64Array(81).fill(50);
    const wide = Float32Array.from({ length: W * H }, random);
    const t = chooseFftTiling(W, H, 9, 9);
    expect(Math.ceil(W / (t.tileWidth - 8))).toBeGreaterThan(8);
    const expected = naive(wide, W, H, ones, 9, 9, 'same', 'reflect', 4, 4);
    const r = convolve2d(wide, W, H, ones, 9, 9, { method: 'fft', mode: 'same', boundary: 'reflect' });
    expect(maxError(r.data, expected.data)).toBeLessThan(1e-5);
  });
  it('a kernel larger than the image (every tile mostly boundary)', () => {
    const small = image.subarray(0, 10 * 7);
    const big = Float64Array.from({ length: 21 * 15 }, random);
    for (const boundary of ['reflect', 'wrap'] as BoundaryMode[]) {
      const expected = naive(small, 10, 7, big, 21, 15, 'same', boundary, 10, 7);
      for (const method of ['direct', 'fft'] as Convolve2dMethod[]) {
        const r = convolve2d(small, 10, 7, big, 21, 15, { method, mode: 'same', boundary });
        expect(maxError(r.data, expected.data), `${method} ${boundary}`).toBeLessThan(1e-5);
      }
    }
  });
});

describe('a kernel larger than the image, folded for same (foldKernelForSame)', () => {
  const BOUNDARIES: BoundaryMode[] = ['zero', 'reflect', 'nearest', 'wrap'];

  it('gives the oracle\'s result with the unfolded kernel, for any size, origin and boundary, by every method', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }),
        fc.nat(), fc.nat(), fc.constantFrom(...BOUNDARIES), fc.integer({ min: 1, max: 1000 }),
        (w, h, kw, kh, oxSeed, oySeed, boundary, kernelSeed) => {
          seed = kernelSeed;
          const image = Float32Array.from({ length: w * h }, random);
          const kernel = Float64Array.from({ length: kw * kh }, random);
          const ox = oxSeed % kw, oy = oySeed % kh;
          const folded = foldKernelForSame(kernel, kw, kh, ox, oy, w, h, boundary);
          if (kw <= foldBound(w, boundary) && kh <= foldBound(h, boundary)) {
            expect(folded).toBeUndefined();
            return;
          }
          expect(folded).toBeDefined();
          const f = folded!;
          expect(f.kernelWidth).toBe(Math.min(kw, foldBound(w, boundary)));
          expect(f.kernelHeight).toBe(Math.min(kh, foldBound(h, boundary)));
          const expected = naive(image, w, h, kernel, kw, kh, 'same', boundary, ox, oy);
          for (const method of ['direct', 'fft', 'auto'] as Convolve2dMethod[]) {
            const r = convolve2d(image, w, h, f.kernel, f.kernelWidth, f.kernelHeight, {
              method, mode: 'same', boundary, kernelOriginX: f.kernelOriginX, kernelOriginY: f.kernelOriginY,
            });
            expect(errorOverBound(r.data, expected.data, kernel, image), `${method} ${boundary} ${w}×${h} ⊛ ${kw}×${kh} at (${ox}, ${oy})`).toBeLessThan(1e-6);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a separable kernel separable: a σ = 20 Gaussian on a 20 × 12 image, through the separable path', () => {
    const kernel = gaussianKernel2d(20);
    const k = Math.sqrt(kernel.length);
    seed = 17;
    const image = Float32Array.from({ length: 20 * 12 }, random);
    for (const boundary of BOUNDARIES) {
      const f = foldKernelForSame(kernel, k, k, (k - 1) / 2, (k - 1) / 2, 20, 12, boundary)!;
      const r = convolve2d(image, 20, 12, f.kernel, f.kernelWidth, f.kernelHeight, {
        method: 'separable', mode: 'same', boundary, kernelOriginX: f.kernelOriginX, kernelOriginY: f.kernelOriginY,
      });
      expect(errorOverBound(r.data, naive(image, 20, 12, kernel, k, k, 'same', boundary, (k - 1) / 2, (k - 1) / 2).data, kernel, image), boundary).toBeLessThan(1e-6);
    }
  });
});
