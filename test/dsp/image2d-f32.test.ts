/**
 * The f32 image paths (assembly/image2d.ts: separable passes in column strips, the direct sum
 * in f32 per kernel row) against scipy.ndimage reference vectors (fixtures/dsp/gen_image2d.py),
 * every boundary, edge sizes (widths not a multiple of 4, 1-pixel images, kernels larger than
 * the image), within the error bound the kernels' comment derives, u = 2^-24:
 *   separable  |error| ≤ (kw + kh + 3)·u·Σ|column|·Σ|row|·max|x|   (a Gaussian: Σ = 1)
 *   direct     |error| ≤ (kw + 2)·u·Σ|kernel|·max|x|
 * (the + 1 of each is the output's own rounding to f32). The plain project runs the same
 * checks on the TypeScript path, which accumulates in f64 and sits far inside them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BoundaryMode, type Convolve2dMethod, type ConvolveMode, convolve2d, convolve2dRows, flipKernel, gaussianKernel2d,
  separateKernel,
} from '../../src-shared/dsp';
import { mirroredF32, separableStripWidth, separableTiling } from '../../src-shared/dsp/simd/convolve2d-simd';
import { defaultSimdThresholds, simdActive, simdCallCounts, simdThresholds } from '../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../simd-switch';
import { f64 } from './helpers';

interface ImageCase {
  name: string;
  kind: 'gaussian' | 'rank1' | 'generic';
  width: number;
  height: number;
  kernelWidth: number;
  kernelHeight: number;
  image: string;
  kernel: string;
  ndimage: Record<BoundaryMode, string>;
}

const fixtures: { cases: ImageCase[] } = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/dsp/image2d.json', import.meta.url)), 'utf8'),
);
const U = 2 ** -24;
const BOUNDARIES: BoundaryMode[] = ['zero', 'reflect', 'nearest', 'wrap'];
const defaultTiling = { ...separableTiling };

afterEach(() => {
  Object.assign(simdThresholds, defaultSimdThresholds);
  Object.assign(separableTiling, defaultTiling);
});

function sumAbs(values: Float64Array): number {
  return values.reduce((sum, v) => sum + Math.abs(v), 0);
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The bound of the method for this kernel and image (see the file comment). */
function bound(method: Convolve2dMethod, kernel: Float64Array, kw: number, kh: number, image: Float32Array): number {
  if (method === 'separable') {
    const factors = separateKernel(flipKernel(kernel, kw, kh), kw, kh)!;
    return (kw + kh + 3) * U * sumAbs(factors.column) * sumAbs(factors.row) * maxAbs(image);
  }
  return (kw + 2) * U * sumAbs(kernel) * maxAbs(image);
}

/** Counts of the SIMD 2-D families, to prove which kernels ran. */
function counts(): { separable: number; direct: number } {
  const c = simdCallCounts();
  return { separable: c['convolve2d-separable'] ?? 0, direct: c['convolve2d-direct'] ?? 0 };
}

describe('f32 image paths against scipy.ndimage', () => {
  for (const c of fixtures.cases) {
    const methods: Convolve2dMethod[] = c.kind === 'generic' ? ['direct', 'auto'] : ['separable', 'direct', 'auto'];
    it(`${c.name}: ${methods.join(', ')}, every boundary, within the derived bound`, () => {
      // Every size through the kernels (on the SIMD project); the plain project ignores this.
      simdThresholds.convolve2d = 1;
      const image = Float32Array.from(f64(c.image)), kernel = f64(c.kernel);
      const { width, height, kernelWidth: kw, kernelHeight: kh } = c;
      const before = counts();
      for (const method of methods) {
        const tolerance = bound(method === 'auto' ? (c.kind === 'generic' ? 'direct' : 'separable') : method, kernel, kw, kh, image);
        // The bound is tight enough to catch a wrong tap near the centre: under a hundredth of the largest tap's share.
        expect(tolerance).toBeLessThan(0.01 * maxAbs(kernel) * maxAbs(image));
        for (const boundary of BOUNDARIES) {
          const r = convolve2d(image, width, height, kernel, kw, kh, { method, mode: 'same', boundary });
          expect([r.width, r.height]).toEqual([width, height]);
          expect(maxDifference(r.data, f64(c.ndimage[boundary])), `${method} ${boundary}`).toBeLessThanOrEqual(tolerance);
        }
      }
      if (simdActive()) {
        const after = counts();
        if (methods.includes('separable')) expect(after.separable).toBeGreaterThan(before.separable);
        expect(after.direct).toBeGreaterThan(before.direct);
      }
    });
  }

  it('the Gaussian fixtures take the mirrored kernels and the rank-1 one the general ones', () => {
    for (const c of fixtures.cases.filter((k) => k.kind !== 'generic')) {
      const factors = separateKernel(flipKernel(f64(c.kernel), c.kernelWidth, c.kernelHeight), c.kernelWidth, c.kernelHeight)!;
      expect(mirroredF32(factors.row) && mirroredF32(factors.column), c.name).toBe(c.kind === 'gaussian');
    }
  });
});

describe('the separable path in column strips and row blocks', () => {
  let seed = 77;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const w = 203, h = 61;
  const image = Float32Array.from({ length: w * h }, random);

  it('several strips (the last one partial) and blocks give the same pixels as one strip, every boundary and mode', () => {
    const kernel = gaussianKernel2d(2.5), k = 17;
    simdThresholds.convolve2d = 1;
    for (const boundary of BOUNDARIES) {
      for (const mode of ['same', 'full', 'valid'] as ConvolveMode[]) {
        const options = { method: 'separable' as const, boundary, mode };
        Object.assign(separableTiling, { ringBytes: 1 << 30, blockRows: 1000 });
        const whole = convolve2d(image, w, h, kernel, k, k, options);
        // 64-column strips over a 203 (or 219) wide output, blocks of 5 rows.
        Object.assign(separableTiling, { ringBytes: 4 * k * 64, blockRows: 5 });
        expect(separableStripWidth(whole.width, k)).toBe(64);
        const before = counts().separable;
        const tiled = convolve2d(image, w, h, kernel, k, k, options);
        if (simdActive()) expect(counts().separable).toBeGreaterThan(before);
        // The same sums in the same order: equal to the last bit.
        expect(Array.from(tiled.data), `${boundary} ${mode}`).toEqual(Array.from(whole.data));
        // And both within the bound of the f64 TypeScript path.
        const plain = withSimdSwitch(false, () => convolve2d(image, w, h, kernel, k, k, options));
        expect(maxDifference(tiled.data, plain.data)).toBeLessThanOrEqual(bound('separable', kernel, k, k, image));
      }
    }
  });

  it('bands cut at odd rows, each through strips and blocks, give the whole image', () => {
    const kernel = gaussianKernel2d(4), k = 25;
    simdThresholds.convolve2d = 1;
    Object.assign(separableTiling, { ringBytes: 4 * k * 80, blockRows: 7 });
    const options = { method: 'separable' as const, mode: 'same' as const, boundary: 'reflect' as const };
    const whole = convolve2d(image, w, h, kernel, k, k, options);
    const banded = new Float32Array(w * h);
    const cuts = [0, 1, 4, 30, 31, h];
    for (let b = 0; b + 1 < cuts.length; b++) convolve2dRows(image, w, h, kernel, k, k, options, cuts[b], cuts[b + 1], banded);
    expect(Array.from(banded)).toEqual(Array.from(whole.data));
  });
});

describe('the f32 direct sum on a cancelling kernel', () => {
  it('stays within (kw + 2)·u·Σ|k|·max|x| of the f64 TypeScript path, every boundary and mode', () => {
    let seed = 9;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    const w = 97, h = 45, kw = 31, kh = 23;
    // Large offset, zero-mean kernel: every output is a difference of sums ~100× its size.
    const image = Float32Array.from({ length: w * h }, () => 100 + random());
    const kernel = Float64Array.from({ length: kw * kh }, random);
    const mean = kernel.reduce((s, v) => s + v, 0) / kernel.length;
    for (let i = 0; i < kernel.length; i++) kernel[i] -= mean;
    simdThresholds.convolve2d = 1;
    const tolerance = bound('direct', kernel, kw, kh, image);
    for (const boundary of BOUNDARIES) {
      for (const mode of ['same', 'full', 'valid'] as ConvolveMode[]) {
        const options = { method: 'direct' as const, boundary, mode };
        const plain = withSimdSwitch(false, () => convolve2d(image, w, h, kernel, kw, kh, options));
        const got = convolve2d(image, w, h, kernel, kw, kh, options);
        expect(maxDifference(got.data, plain.data), `${boundary} ${mode}`).toBeLessThanOrEqual(tolerance);
      }
    }
  });
});
