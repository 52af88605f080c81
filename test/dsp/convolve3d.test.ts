/**
 * 3-D convolution against scipy.ndimage (test/fixtures/convolve3d.py): every path (direct,
 * separable, FFT) on both cores (plain TypeScript and the WebAssembly SIMD kernels, whose call
 * counters prove they ran) for every boundary mode and strides 1, 2, 3, odd and even kernels,
 * non-cubic volumes; the modes scipy.ndimage lacks (full, valid) against a naive sum written from
 * the definition; bands and FFT blocks against the whole.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dspWasmBase64 } from '../../src-main/dsp/dsp-wasm.generated.js';
import {
  type BoundaryMode, type Convolve2dMode, type Convolve3dMethod, boundaryIndex, chooseConvolve3dMethod, convolve3d,
  convolve3dGeometry, convolve3dPlanes, correlate3d, foldKernel3dForSame, gaussianKernel1d, separateKernel3d,
} from '../../src-shared/dsp';
import {
  defaultSimdThresholds, initSimd, setSimdEnabled, simdActive, simdEnabled, simdCallCounts, simdThresholds,
} from '../../src-shared/dsp/simd/runtime';
import { errorOverBound, f64, foldBound, relativeError } from './helpers';

interface Encoded { shape: number[]; data: string }
interface Case { volume: number; kernel: string; op: 'convolve' | 'correlate'; boundary: BoundaryMode; stride: number; shape: number[]; out: string }
interface Fixture { volumes: Encoded[]; kernels: Record<string, Encoded>; cases: Case[] }

const fixture = JSON.parse(readFileSync(new URL('../fixtures/convolve3d.json', import.meta.url), 'utf8')) as Fixture;

type Core = 'plain' | 'simd';

/** Runs `body` on one core; on the SIMD one asserts that a 3-D kernel family ran. */
function on<T>(core: Core, body: () => T, method: Convolve3dMethod): T {
  const switchWas = simdEnabled();
  setSimdEnabled(core === 'simd');
  try {
    const family = `convolve3d-${method}`;
    const before = simdCallCounts()[family] ?? 0;
    const result = body();
    if (core === 'simd' && method !== 'fft') expect(simdCallCounts()[family] ?? 0, `${family} ran on the SIMD path`).toBeGreaterThan(before);
    return result;
  } finally {
    setSimdEnabled(switchWas);
  }
}

const CORES: Core[] = ['plain', 'simd'];

beforeAll(() => {
  expect(initSimd(new Uint8Array(Buffer.from(dspWasmBase64, 'base64')))).toBe(true);
  simdThresholds.convolve3d = 1;
});
afterAll(() => {
  Object.assign(simdThresholds, defaultSimdThresholds);
});

describe('convolve3d and correlate3d match scipy.ndimage', () => {
  const volumes = fixture.volumes.map((v) => ({ depth: v.shape[0], height: v.shape[1], width: v.shape[2], data: Float32Array.from(f64(v.data)) }));
  for (const [name, encoded] of Object.entries(fixture.kernels)) {
    const [kd, kh, kw] = encoded.shape as [number, number, number];
    const kernel = f64(encoded.data);
    const separable = separateKernel3d(kernel, kw, kh, kd) !== undefined;
    it(`the ${name} kernel is ${separable ? '' : 'not '}seen as separable`, () => {
      expect(separable).toBe(name.startsWith('separable'));
    });
    const methods: Convolve3dMethod[] = separable ? ['direct', 'separable', 'fft'] : ['direct', 'fft'];
    for (const core of CORES) {
      for (const method of methods) {
        it(`${name}, ${method} on the ${core} core: every boundary, stride, op and volume`, () => {
          let checked = 0;
          for (const c of fixture.cases.filter((x) => x.kernel === name)) {
            const v = volumes[c.volume];
            const options = { method, mode: 'same' as const, boundary: c.boundary, stride: c.stride };
            const result = on(core, () => c.op === 'convolve'
              // scipy.ndimage.convolve centres every kernel, even ones, at floor(k/2).
              ? convolve3d(v.data, v.width, v.height, v.depth, kernel, kw, kh, kd, {
                ...options, kernelOriginX: Math.floor(kw / 2), kernelOriginY: Math.floor(kh / 2), kernelOriginZ: Math.floor(kd / 2),
              })
              : correlate3d(v.data, v.width, v.height, v.depth, kernel, kw, kh, kd, options), method);
            const where = `${c.op} volume ${c.volume} ${c.boundary} stride ${c.stride}`;
            expect([result.depth, result.height, result.width], where).toEqual(c.shape);
            // f32 output (and f32 passes on the SIMD separable path): ~1e-7 relative.
            expect(relativeError(result.data, f64(c.out)), where).toBeLessThan(2e-6);
            checked++;
          }
          expect(checked).toBe(48);
        });
      }
    }
  }
});

/** out(p) = Σ_j k[j]·in(p·s + offset − (j − origin)), naively in f64, from the definition. */
function naive(
  volume: Float32Array, w: number, h: number, d: number, kernel: Float64Array, kw: number, kh: number, kd: number,
  mode: Convolve2dMode, boundary: BoundaryMode, stride: number, origin: { kernelOriginX?: number; kernelOriginY?: number; kernelOriginZ?: number } = {},
): Float64Array {
  const g = convolve3dGeometry(w, h, d, kw, kh, kd, { mode, stride, ...origin });
  const out = new Float64Array(g.width * g.height * g.depth);
  // The boundary rule of scipy.ndimage, written independently of the core's map.
  const source = (i: number, n: number): number => {
    if (i >= 0 && i < n) return i;
    if (boundary === 'zero') return -1;
    if (boundary === 'nearest') return i < 0 ? 0 : n - 1;
    if (boundary === 'wrap') return ((i % n) + n) % n;
    let j = i;
    while (j < 0 || j >= n) j = j < 0 ? -j - 1 : 2 * n - j - 1;
    return j;
  };
  for (let z = 0; z < g.depth; z++) {
    for (let y = 0; y < g.height; y++) {
      for (let x = 0; x < g.width; x++) {
        let sum = 0;
        for (let c = 0; c < kd; c++) {
          const sz = source(z * stride + g.offsetZ - (c - g.originZ), d);
          if (sz < 0) continue;
          for (let b = 0; b < kh; b++) {
            const sy = source(y * stride + g.offsetY - (b - g.originY), h);
            if (sy < 0) continue;
            for (let a = 0; a < kw; a++) {
              const sx = source(x * stride + g.offsetX - (a - g.originX), w);
              if (sx >= 0) sum += kernel[(c * kh + b) * kw + a] * volume[(sz * h + sy) * w + sx];
            }
          }
        }
        out[(z * g.height + y) * g.width + x] = sum;
      }
    }
  }
  return out;
}

let seed = 16;
const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;

describe('convolve3d: full and valid modes, bands and blocks', () => {
  const [w, h, d] = [10, 7, 9];
  const volume = Float32Array.from({ length: w * h * d }, random);
  const [kw, kh, kd] = [3, 4, 2];
  const kernel = Float64Array.from({ length: kw * kh * kd }, random);
  const fx = [1, 2, 1], fy = [1, -1, 2, 0.5], fz = [0.25, 1];
  const rank1 = Float64Array.from({ length: kw * kh * kd }, (_, i) => fz[Math.floor(i / (kw * kh))] * fy[Math.floor(i / kw) % kh] * fx[i % kw]);

  for (const core of CORES) {
    for (const mode of ['full', 'valid'] as const) {
      it(`${mode} on the ${core} core: direct, separable and FFT, strides 1 and 2, reflect and zero`, () => {
        for (const boundary of ['reflect', 'zero'] as const) {
          for (const stride of [1, 2]) {
            for (const [method, k] of [['direct', kernel], ['fft', kernel], ['separable', rank1]] as const) {
              const expected = naive(volume, w, h, d, k, kw, kh, kd, mode, boundary, stride);
              const result = on(core, () => convolve3d(volume, w, h, d, k, kw, kh, kd, { method, mode, boundary, stride }), method);
              expect(result.data.length).toBe(expected.length);
              expect(relativeError(result.data, expected), `${method} ${boundary} stride ${stride}`).toBeLessThan(2e-6);
            }
          }
        }
      });
    }
  }

  it('bands of planes computed apart give the whole, on every path', () => {
    for (const method of ['direct', 'separable', 'fft'] as const) {
      const k = method === 'separable' ? rank1 : kernel;
      const options = { method, mode: 'same' as const, boundary: 'wrap' as const, stride: 2 };
      const whole = convolve3d(volume, w, h, d, k, kw, kh, kd, options);
      const banded = new Float32Array(whole.data.length);
      for (const [z0, z1] of [[0, 2], [2, 3], [3, whole.depth]]) convolve3dPlanes(volume, w, h, d, k, kw, kh, kd, options, z0, z1, banded);
      expect(Array.from(banded), method).toEqual(Array.from(whole.data));
    }
  });

  it('the FFT path in blocks of a few planes equals the naive sum (overlap-save along z)', () => {
    const expected = naive(volume, w, h, d, kernel, kw, kh, kd, 'same', 'nearest', 1);
    for (const fftPlanes of [1, 2, 4]) {
      const result = convolve3d(volume, w, h, d, kernel, kw, kh, kd, { method: 'fft', mode: 'same', boundary: 'nearest', fftPlanes });
      expect(relativeError(result.data, expected), `blocks of ${fftPlanes}`).toBeLessThan(1e-6);
    }
  });

  it('a stride keeps ceil(n / s) positions per axis and puts output i at offset + i·s', () => {
    const g = convolve3dGeometry(64, 33, 10, 5, 5, 5, { mode: 'same', stride: 3 });
    expect([g.width, g.height, g.depth]).toEqual([22, 11, 4]);
    const full = convolve3dGeometry(8, 8, 8, 3, 3, 3, { mode: 'full', stride: 2 });
    expect([full.width, full.offsetX]).toEqual([5, -1]);
    expect(() => convolve3dGeometry(8, 8, 8, 3, 3, 3, { stride: 0 })).toThrow(/stride/);
  });

  it('the separable method refuses a kernel that is not rank 1, in words', () => {
    expect(() => convolve3d(volume, w, h, d, kernel, kw, kh, kd, { method: 'separable' })).toThrow(/rank-1/);
  });

  it('the boundary rule of the core is scipy.ndimage\'s (reflect repeats the edge voxel)', () => {
    expect([-1, -2, 5, 6].map((i) => boundaryIndex(i, 5, 'reflect'))).toEqual([0, 1, 4, 3]);
  });
});

describe('the plain cost model', () => {
  it('picks separable for a Gaussian, direct for a small dense kernel, FFT for a large dense one (64³)', () => {
    expect(chooseConvolve3dMethod(64, 64, 64, 13, 13, 13, 1, true)).toBe('separable');
    expect(chooseConvolve3dMethod(64, 64, 64, 3, 3, 3, 1, false)).toBe('direct');
    expect(chooseConvolve3dMethod(64, 64, 64, 21, 21, 21, 1, false)).toBe('fft');
  });

  it('counts strided outputs only: stride 2 makes the direct path cheaper than the FFT one', () => {
    expect(chooseConvolve3dMethod(64, 64, 64, 9, 9, 9, 1, false)).toBe('fft');
    expect(chooseConvolve3dMethod(32, 32, 32, 9, 9, 9, 2, false)).toBe('direct');
  });
});

it('the SIMD kernels are loaded in this file (else the SIMD cases above proved nothing)', () => {
  const switchWas = simdEnabled();
  setSimdEnabled(true);
  try {
    expect(simdActive()).toBe(true);
  } finally {
    setSimdEnabled(switchWas);
  }
});

describe('a kernel larger than the volume, folded for same (foldKernel3dForSame)', () => {
  const BOUNDARIES: BoundaryMode[] = ['zero', 'reflect', 'nearest', 'wrap'];

  for (const core of CORES) {
    it(`gives the naive sum with the unfolded kernel on the ${core} core, for any size, origin, boundary and stride`, () => {
      const axis = fc.record({ n: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 1, max: 13 }), origin: fc.nat() });
      fc.assert(
        fc.property(axis, axis, axis, fc.constantFrom(...BOUNDARIES), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 1000 }), (x, y, z, boundary, stride, kernelSeed) => {
          seed = kernelSeed;
          const volume = Float32Array.from({ length: x.n * y.n * z.n }, random);
          const kernel = Float64Array.from({ length: x.k * y.k * z.k }, random);
          const ox = x.origin % x.k, oy = y.origin % y.k, oz = z.origin % z.k;
          const folded = foldKernel3dForSame(kernel, x.k, y.k, z.k, ox, oy, oz, x.n, y.n, z.n, boundary);
          if ([x, y, z].every((a) => a.k <= foldBound(a.n, boundary))) {
            expect(folded).toBeUndefined();
            return;
          }
          const f = folded!;
          expect([f.kernelWidth, f.kernelHeight, f.kernelDepth]).toEqual([x, y, z].map((a) => Math.min(a.k, foldBound(a.n, boundary))));
          const expected = naive(volume, x.n, y.n, z.n, kernel, x.k, y.k, z.k, 'same', boundary, stride, { kernelOriginX: ox, kernelOriginY: oy, kernelOriginZ: oz });
          for (const method of ['direct', 'fft'] as const) {
            const result = on(core, () => convolve3d(volume, x.n, y.n, z.n, f.kernel, f.kernelWidth, f.kernelHeight, f.kernelDepth, {
              method, mode: 'same', boundary, stride, kernelOriginX: f.kernelOriginX, kernelOriginY: f.kernelOriginY, kernelOriginZ: f.kernelOriginZ,
            }), method);
            expect(errorOverBound(result.data, expected, kernel, volume), `${method} ${boundary} ${x.n}×${y.n}×${z.n} ⊛ ${x.k}×${y.k}×${z.k} at (${ox}, ${oy}, ${oz}) stride ${stride}`).toBeLessThan(1e-6);
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('keeps a separable kernel separable: a σ = 6 Gaussian (37³) on a 9 × 6 × 4 volume, through the separable path', () => {
    const g = gaussianKernel1d(6);
    const k = g.length;
    const kernel = Float64Array.from({ length: k ** 3 }, (_, i) => g[Math.floor(i / (k * k))]! * g[Math.floor(i / k) % k]! * g[i % k]!);
    seed = 23;
    const volume = Float32Array.from({ length: 9 * 6 * 4 }, random);
    const c = (k - 1) / 2;
    for (const boundary of BOUNDARIES) {
      const f = foldKernel3dForSame(kernel, k, k, k, c, c, c, 9, 6, 4, boundary)!;
      expect(separateKernel3d(f.kernel, f.kernelWidth, f.kernelHeight, f.kernelDepth), boundary).toBeDefined();
      const result = convolve3d(volume, 9, 6, 4, f.kernel, f.kernelWidth, f.kernelHeight, f.kernelDepth, {
        method: 'separable', mode: 'same', boundary, kernelOriginX: f.kernelOriginX, kernelOriginY: f.kernelOriginY, kernelOriginZ: f.kernelOriginZ,
      });
      const expected = naive(volume, 9, 6, 4, kernel, k, k, k, 'same', boundary, 1, { kernelOriginX: c, kernelOriginY: c, kernelOriginZ: c });
      expect(errorOverBound(result.data, expected, kernel, volume), boundary).toBeLessThan(1e-6);
    }
  });
});
