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
import { mirroredF32, rowStride, separableStripWidth, separableTiling } from '../../src-shared/dsp/simd/convolve2d-simd';
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

describe('image rows in the module unpadded (the kernel fills each row\'s border columns over its neighbours)', () => {
  let seed = 4096;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.25;

  it('borders wider than the image reach over several rows and the block\'s ends, every boundary and mode, and leave the rows intact', () => {
    simdThresholds.convolve2d = 1;
    // 25 and 9 taps on images 1 to 13 wide: a row's left border (12 columns) lies over one or more
    // earlier rows and, for the block's first row, over the room before the block.
    const row = gaussianKernel2d(4).slice(12 * 25, 13 * 25), column = Float64Array.from({ length: 9 }, (_, i) => 1 + (i % 3));
    const kernel = Float64Array.from({ length: 9 * 25 }, (_, i) => column[Math.floor(i / 25)] * row[i % 25]);
    for (const [w, h] of [[1, 7], [2, 30], [5, 11], [13, 40]]) {
      const image = Float32Array.from({ length: w * h }, random);
      const copy = image.slice();
      for (const boundary of BOUNDARIES) {
        for (const mode of ['same', 'full', 'valid'] as ConvolveMode[]) {
          const options = { method: 'separable' as const, boundary, mode };
          Object.assign(separableTiling, { ringBytes: 1 << 30, blockRows: 1000 });
          const before = counts().separable;
          const whole = convolve2d(image, w, h, kernel, 25, 9, options);
          if (simdActive() && whole.data.length > 0) expect(counts().separable).toBeGreaterThan(before);
          for (const blockRows of [1, 3]) {
            Object.assign(separableTiling, { blockRows });
            const blocks = convolve2d(image, w, h, kernel, 25, 9, options);
            expect(Array.from(blocks.data), `${w}×${h} ${boundary} ${mode} blocks of ${blockRows}`).toEqual(Array.from(whole.data));
          }
          const plain = withSimdSwitch(false, () => convolve2d(image, w, h, kernel, 25, 9, options));
          expect(maxDifference(whole.data, plain.data), `${w}×${h} ${boundary} ${mode}`).toBeLessThanOrEqual(bound('separable', kernel, 25, 9, image));
        }
      }
      expect(Array.from(image)).toEqual(Array.from(copy));
    }
  });
});

describe('the vertical pass two output rows at a time (mirrored column taps)', () => {
  let seed = 2024;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const normalised = (taps: number[]): Float64Array => {
    const sum = taps.reduce((a, b) => a + b, 0);
    return Float64Array.from(taps, (t) => t / sum);
  };
  const outer = (column: Float64Array, row: Float64Array): Float64Array =>
    Float64Array.from({ length: column.length * row.length }, (_, i) => column[Math.floor(i / row.length)] * row[i % row.length]);
  // Odd and even tap counts (an even mirrored factor pairs every tap), one and two taps.
  const factors: Array<[string, Float64Array]> = [
    ['gaussian 13', normalised(Array.from({ length: 13 }, (_, i) => Math.exp(-((i - 6) ** 2) / 8)))],
    ['binomial 4 (even)', normalised([1, 3, 3, 1])],
    ['box 6 (even)', normalised([1, 1, 1, 1, 1, 1])],
    ['one tap', Float64Array.of(1)],
    ['two taps', normalised([1, 1])],
  ];

  it('gives the same pixels whether the rows go in pairs or one by one, within the bound of the plain path, at random sizes', () => {
    simdThresholds.convolve2d = 1;
    for (let trial = 0; trial < 12; trial++) {
      // Widths through every remainder mod 16 (the 16-, 8- and 1-wide steps), heights odd and even.
      const w = 1 + Math.floor(random() * 70), h = 1 + Math.floor(random() * 40);
      const image = Float32Array.from({ length: w * h }, random);
      const [name, column] = factors[trial % factors.length];
      const row = factors[(trial + 2) % factors.length][1];
      expect(mirroredF32(column)).toBe(true);
      const kernel = outer(column, row), kw = row.length, kh = column.length;
      for (const boundary of BOUNDARIES) {
        const options = { method: 'separable' as const, mode: 'same' as const, boundary };
        // Blocks of one padded row: every output row alone (columnPass).
        Object.assign(separableTiling, { ringBytes: 1 << 30, blockRows: 1 });
        const single = convolve2d(image, w, h, kernel, kw, kh, options);
        // Blocks of two and of seven: pairs, and pairs with a lone row at each block's end.
        for (const blockRows of [2, 7, 1000]) {
          Object.assign(separableTiling, { blockRows });
          const before = counts().separable;
          const paired = convolve2d(image, w, h, kernel, kw, kh, options);
          if (simdActive()) expect(counts().separable).toBeGreaterThan(before);
          expect(Array.from(paired.data), `${name} ${w}×${h} ${boundary} blocks of ${blockRows}`).toEqual(Array.from(single.data));
        }
        const plain = withSimdSwitch(false, () => convolve2d(image, w, h, kernel, kw, kh, options));
        expect(maxDifference(single.data, plain.data), `${name} ${w}×${h} ${boundary}`).toBeLessThanOrEqual(bound('separable', kernel, kw, kh, image));
      }
    }
  });

  it('pairs in narrow strips and bands cut at odd rows give the whole image', () => {
    const w = 157, h = 53, kernel = gaussianKernel2d(3), k = 19;
    const image = Float32Array.from({ length: w * h }, random);
    simdThresholds.convolve2d = 1;
    const options = { method: 'separable' as const, mode: 'same' as const, boundary: 'reflect' as const };
    const whole = convolve2d(image, w, h, kernel, k, k, options);
    Object.assign(separableTiling, { ringBytes: 4 * (k + 1) * 64, blockRows: 9 });
    expect(separableStripWidth(w, k)).toBe(64);
    const banded = new Float32Array(w * h);
    const cuts = [0, 3, 4, 27, h];
    for (let b = 0; b + 1 < cuts.length; b++) convolve2dRows(image, w, h, kernel, k, k, options, cuts[b], cuts[b + 1], banded);
    expect(Array.from(banded)).toEqual(Array.from(whole.data));
  });
});

describe('row strides of the SIMD 2-D paths', () => {
  it('are an odd number of 64-byte lines, at least the row, so rows down a column fall in different cache sets', () => {
    for (const bytes of [4, 60, 64, 4000, 4032, 4096, 4100, 16384, 16456, 4 * 4114]) {
      const stride = rowStride(bytes);
      expect(stride).toBeGreaterThanOrEqual(bytes);
      expect(stride - bytes).toBeLessThan(128);
      expect(stride % 64).toBe(0);
      expect((stride / 64) % 2, `${bytes}`).toBe(1);
    }
    // The width that met the old rule's blind spot: 1000 f32 made rows exactly 4 KB apart.
    expect(rowStride(4000) % 4096).not.toBe(0);
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

describe('images on a SharedArrayBuffer (the engine shares them when it lends band threads)', () => {
  it('give the same pixels as on an ordinary buffer, at either alignment, even and odd widths, separable and direct', () => {
    // The SIMD paths copy a shared image's rows where source and target lie alike modulo 8 bytes
    // (the separable block starts one float later when they would not; the direct path's padRow
    // copies one float on and moves the row back): a row shifted by one would show here.
    simdThresholds.convolve2d = 1;
    let seed = 5;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    const before = counts();
    for (const [w, h] of [[64, 40], [63, 41], [37, 9]]) {
      const image = Float32Array.from({ length: w * h }, random);
      for (const offset of [0, 1]) {
        const buffer = new SharedArrayBuffer(4 * (w * h + 2));
        const shared = new Float32Array(buffer, 4 * offset, w * h);
        shared.set(image);
        for (const [method, kernel, k] of [['separable', gaussianKernel2d(2), 13], ['direct', Float64Array.from({ length: 25 }, random), 5]] as const) {
          for (const boundary of BOUNDARIES) {
            for (const mode of ['same', 'full', 'valid'] as ConvolveMode[]) {
              const options = { method, boundary, mode };
              const want = convolve2d(image, w, h, kernel, k, k, options).data;
              const got = convolve2d(shared, w, h, kernel, k, k, options).data;
              expect(Array.from(got), `${w}×${h} offset ${offset} ${method} ${boundary} ${mode}`).toEqual(Array.from(want));
            }
          }
        }
      }
    }
    if (simdActive()) {
      const after = counts();
      expect(after.separable).toBeGreaterThan(before.separable);
      expect(after.direct).toBeGreaterThan(before.direct);
    }
  });
});
