import { describe, expect, it } from 'vitest';
import { type Image, makeSignal, type Signal } from '../../src-shared/data';
import { convolve2d } from '../../src-shared/dsp';
import { DEFAULT_MEMORY_LIMIT } from '../../src-shared/engine/engine';
import type { ParamValue } from '../../src-shared/graph/document';
import { foldOnce } from '../../src-shared/nodes/convolution2d';
import { type ComputeContext, ResourceLimitError } from '../../src-shared/nodes/define';
import { errorOf, img, maxDiff, reference, runNode, sig, testContext, value } from './harness';

const c1 = reference.convolve1d;
const METHODS = ['auto', 'direct', 'fft', 'overlap-add'];

describe('op.convolve on signals', () => {
  it('two fair dice give the triangle 1..6..1 / 36 starting at 2 (hand-worked)', async () => {
    const die = await value('source.dice');
    for (const method of METHODS) {
      const sum = (await value('op.convolve', { a: die, b: die }, { method })) as Signal;
      expect(sum.start).toBe(2);
      expect(maxDiff(sum.data, [1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1].map((c) => c / 36))).toBeLessThan(1e-15);
    }
  });

  it('multiplies polynomials: (1 + 2x)(3 + x) = 3 + 7x + 2x²', async () => {
    const product = (await value('op.convolve', { a: sig([1, 2]), b: sig([3, 1]) }, { method: 'direct' })) as Signal;
    expect([...product.data]).toEqual([3, 7, 2]);
  });

  for (const method of METHODS) {
    it(`full, same and valid with starts match numpy (${method})`, async () => {
      const a = sig(c1.a, c1.aStart);
      const b = sig(c1.b, c1.bStart);
      const full = (await value('op.convolve', { a, b }, { method })) as Signal;
      expect(full.start).toBe(c1.fullStart);
      expect(maxDiff(full.data, c1.full)).toBeLessThan(1e-12);
      const same = (await value('op.convolve', { a, b }, { method, mode: 'same' })) as Signal;
      expect(same.start).toBe(c1.sameStart);
      expect(maxDiff(same.data, c1.same)).toBeLessThan(1e-12);
      const valid = (await value('op.convolve', { a, b }, { method, mode: 'valid' })) as Signal;
      expect(valid.start).toBe(c1.validStart);
      expect(maxDiff(valid.data, c1.valid)).toBeLessThan(1e-12);
    });
  }

  it('correlate is convolve(a, flip(b)) with scipy.signal.correlate\'s start', async () => {
    const out = (await value('op.correlate', { a: sig(c1.a, c1.aStart), b: sig(c1.b, c1.bStart) })) as Signal;
    expect(out.start).toBe(c1.correlateFullStart);
    expect(maxDiff(out.data, c1.correlateFull)).toBeLessThan(1e-12);
  });

  it('integral scales by 1/rate: rect * rect ≈ the triangle', async () => {
    const rect = await value('source.function', {}, { shape: 'rect', rate: 100, t0: -1, t1: 1 });
    const tri = (await value('op.convolve', { a: rect, b: rect }, { integral: true })) as Signal;
    expect(tri.start).toBe(-200);
    expect(tri.rate).toBe(100);
    // peak at t = 0 (index 0): Σ rect² / rate = (99 + 2·0.25) / 100
    expect(tri.data[-tri.start]).toBeCloseTo(0.995, 12);
    expect(tri.data[-tri.start + 50]).toBeCloseTo(0.5, 2);
  });

  it('refuses valid when b is longer than a, and mixed types', async () => {
    expect(await errorOf('op.convolve', { a: sig([1]), b: sig([1, 2]) }, { mode: 'valid' })).toBe(
      'b (2 samples) is longer than a (1), so valid keeps nothing: use full or same, or swap a and b',
    );
    expect(await errorOf('op.convolve', { a: sig([1]), b: img([1], 1, 1) })).toBe('inputs a and kernel (b) must carry the same type (got signal and image)');
    expect(await errorOf('op.convolve', { a: sig([1]), b: sig([1]) }, { mode: 'circular' })).toBe('params.mode: must be one of full, same, valid (got "circular")');
  });
});

const c2 = reference.convolve2d;
describe('op.convolve on long signals: what it reserves', () => {
  /** The bytes the node reserves for a ⊛ b (it stops at the reservation: nothing is computed). */
  async function reservedFor(type: string, a: Signal, b: Signal, params: Record<string, ParamValue>): Promise<number> {
    let reserved = 0;
    const recording: ComputeContext = { ...testContext, reserve: (bytes, what) => { reserved += bytes; throw new ResourceLimitError(what); } };
    const outcome = await runNode(type, { a, b }, params, recording);
    expect(outcome.ok).toBe(false);
    return reserved;
  }

  it('a 10-minute song at 48 kHz through a 2 s reverb fits the 1 GiB budget beside its inputs, by auto and overlap-add', async () => {
    // Zero pages the test never touches: the arrays cost no memory here.
    const song = makeSignal(new Float64Array(600 * 48000), 0, 48000), reverb = makeSignal(new Float64Array(2 * 48000), 0, 48000);
    const length = song.data.length + reverb.data.length - 1;
    for (const type of ['op.convolve', 'op.correlate']) {
      for (const method of ['auto', 'overlap-add']) {
        const reserved = await reservedFor(type, song, reverb, { method });
        expect(reserved, `${type} ${method}`).toBeGreaterThanOrEqual(8 * length);
        expect(reserved + song.data.byteLength + reverb.data.byteLength, `${type} ${method}`).toBeLessThan(DEFAULT_MEMORY_LIMIT);
      }
    }
  });

  it('the FFT method reserves its padded length\'s work areas, direct its output alone', async () => {
    const a = makeSignal(new Float64Array(100_000)), b = makeSignal(new Float64Array(30_000));
    const length = 129_999;
    expect(await reservedFor('op.convolve', a, b, { method: 'fft' })).toBeGreaterThanOrEqual(8 * length + 64 * 131_072);
    expect(await reservedFor('op.convolve', a, b, { method: 'direct' })).toBe(8 * length);
  });
});

describe('op.convolve on a plane of a volume (its origin the volume\'s centre, 3.5 for 8 voxels)', () => {
  it('keeps the half-pixel origin, so the plane through the identity kernel lines up with the plane', async () => {
    const plane = (await value('op.slice', { in: await value('source.phantom3d', {}, { size: 8, pattern: 'sphere' }) })) as Image;
    expect(plane.origin).toEqual({ x: 3.5, y: 3.5 });
    const identity = await value('kernel.identity', {}, { dims: 2 });
    for (const mode of ['same', 'full', 'valid'] as const) {
      const out = (await value('op.convolve', { a: plane, b: identity }, { mode })) as Image;
      const offset = mode === 'same' ? 0 : mode === 'full' ? 1 : -1;
      expect(out.origin, mode).toEqual({ x: 3.5 + offset, y: 3.5 + offset });
      expect(await value('op.compare', { a: out, b: plane }), mode).toMatchObject({ fields: { match: 1 } });
    }
    // With a stride the origin is counted in output pixels, a whole one.
    const strided = (await value('op.convolve', { a: plane, b: identity }, { mode: 'same', stride: 2 })) as Image;
    expect(strided.origin).toEqual({ x: 2, y: 2 });
  });
});

describe('op.convolve and op.correlate on images against scipy', () => {
  const image = img(c2.image, c2.width, c2.height);
  const kernel = img(c2.kernel, 3, 3, { origin: { x: 1, y: 1 } });

  it('full has origin a.origin + b.origin (scipy.signal.convolve2d full)', async () => {
    const out = (await value('op.convolve', { a: image, b: kernel })) as Image;
    expect([out.width, out.height]).toEqual([c2.width + 2, c2.height + 2]);
    expect(out.origin).toEqual({ x: 1, y: 1 });
    expect(maxDiff(out.data, c2.full)).toBeLessThan(1e-5);
  });

  it('valid keeps where the kernel fits (scipy.signal.convolve2d valid)', async () => {
    const out = (await value('op.convolve', { a: image, b: kernel }, { mode: 'valid' })) as Image;
    expect([out.width, out.height]).toEqual([c2.width - 2, c2.height - 2]);
    expect(out.origin).toEqual({ x: -1, y: -1 });
    expect(maxDiff(out.data, c2.valid)).toBeLessThan(1e-5);
  });

  for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as const) {
    it(`same with boundary ${boundary} equals scipy.ndimage.convolve and correlate`, async () => {
      for (const method of METHODS) {
        const out = (await value('op.convolve', { a: image, b: kernel }, { mode: 'same', boundary, method })) as Image;
        expect(out.origin).toEqual({ x: 0, y: 0 });
        expect(maxDiff(out.data, c2[`same_${boundary}`]), method).toBeLessThan(1e-5);
        const corr = (await value('op.correlate', { a: image, b: kernel }, { mode: 'same', boundary, method })) as Image;
        expect(maxDiff(corr.data, c2[`correlate_same_${boundary}`]), method).toBeLessThan(1e-5);
      }
    });
  }

  it('same with a kernel larger than the image (folded) equals the DSP core\'s unfolded direct sums, convolve and correlate', async () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    const kw = 4 * c2.width + 3, kh = 3 * c2.height + 2;
    const big = img(Array.from({ length: kw * kh }, random), kw, kh, { origin: { x: 5, y: kh - 3 } });
    const pixels = Float32Array.from(c2.image);
    const flipped = img(Array.from(big.data).reverse(), kw, kh, { origin: { x: kw - 1 - 5, y: 2 } });
    for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as const) {
      for (const [type, k] of [['op.convolve', big], ['op.correlate', flipped]] as const) {
        const expected = convolve2d(pixels, c2.width, c2.height, Float64Array.from(big.data), kw, kh, { method: 'direct', mode: 'same', boundary, kernelOriginX: 5, kernelOriginY: kh - 3 });
        for (const method of METHODS) {
          const out = (await value(type, { a: image, b: k }, { mode: 'same', boundary, method })) as Image;
          expect([out.width, out.height, out.origin.x, out.origin.y]).toEqual([c2.width, c2.height, 0, 0]);
          expect(maxDiff(out.data, expected.data), `${type} ${boundary} ${method}`).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('a kernel folded once is folded again for an image of another size or another boundary, not reused', async () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    const kw = 41, kh = 37;
    const big = img(Array.from({ length: kw * kh }, random), kw, kh);
    // The same kernel object meets images of two sizes and every boundary, in turn and back again.
    for (const [w, h] of [[5, 4], [9, 3], [5, 4]]) {
      const small = img(Array.from({ length: w * h }, random), w, h);
      for (const boundary of ['zero', 'reflect', 'nearest', 'wrap', 'reflect'] as const) {
        const expected = convolve2d(small.data, w, h, Float64Array.from(big.data), kw, kh, { method: 'direct', mode: 'same', boundary, kernelOriginX: big.origin.x, kernelOriginY: big.origin.y });
        const out = (await value('op.convolve', { a: small, b: big }, { mode: 'same', boundary })) as Image;
        expect(maxDiff(out.data, expected.data), `${w}×${h} ${boundary}`).toBeLessThan(1e-5);
      }
    }
  });

  it('foldOnce folds a kernel once for one key and again for another', () => {
    const taps = new Float32Array(4);
    let folds = 0;
    const fold = () => ({ n: ++folds });
    const first = foldOnce(taps, 'a', fold);
    expect(foldOnce(taps, 'a', fold)).toBe(first);
    expect(foldOnce(taps, 'b', fold)).toEqual({ n: 2 });
    expect(foldOnce(new Float32Array(4), 'b', fold)).toEqual({ n: 3 });
    expect(folds).toBe(3);
  });

  it('convolving with the identity kernel gives the image back', async () => {
    const id = await value('kernel.identity');
    const out = (await value('op.convolve', { a: image, b: id }, { mode: 'same' })) as Image;
    expect(maxDiff(out.data, image.data)).toBe(0);
  });
});
