import { afterAll, describe, expect, it } from 'vitest';
import { bandCount, createParallelDsp, splitRows } from '../../src-main/host/parallel';
import { backproject, convolve2d, gaussianKernel2d, projectionAngles } from '../../src-shared/dsp';

describe('parallel DSP over worker_threads', () => {
  const dsp = createParallelDsp({ threads: 2, minWork: 0 });
  afterAll(() => dsp.dispose());
  const w = 96, h = 70;
  const image = Float32Array.from({ length: w * h }, (_, i) => Math.sin(i * 0.1) + ((i * 7919) % 13) / 13);

  it('splits rows into disjoint covering bands', () => {
    expect(splitRows(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]]);
  });
  it('2-D convolution in two workers equals the single-thread result, every method', async () => {
    const kernel = gaussianKernel2d(2);
    for (const method of ['separable', 'direct', 'fft'] as const) {
      for (const boundary of ['zero', 'reflect'] as const) {
        const single = convolve2d(image, w, h, kernel, 13, 13, { method, boundary, mode: 'same' });
        const parallel = await dsp.convolve2d(image, w, h, kernel, 13, 13, { method, boundary, mode: 'same' });
        expect(parallel.width).toBe(single.width);
        let err = 0;
        for (let i = 0; i < single.data.length; i++) err = Math.max(err, Math.abs(parallel.data[i] - single.data[i]));
        expect(err).toBeLessThan(1e-5);
      }
    }
  });
  it('cuts large jobs into bands of bounded work, a multiple of the threads, never thinner than 16 rows', () => {
    expect(bandCount(1e6, 512, 2)).toBe(2);
    for (const [work, rows, threads] of [[7e8, 2048, 2], [6e10, 4096, 2], [6e10, 100, 2], [1e9, 2048, 3], [1e12, 40, 2]] as const) {
      const bands = bandCount(work, rows, threads);
      expect(bands % threads === 0 || bands === Math.max(threads, Math.floor(rows / 16)), `${work} ${rows} ${threads}`).toBe(true);
      expect(bands).toBeGreaterThanOrEqual(threads);
      if (bands > threads) expect(rows / bands).toBeGreaterThanOrEqual(16);
      expect(work / bands <= 2 ** 27 || bands === Math.max(threads, Math.floor(rows / 16))).toBe(true);
    }
  });
  it('reports progress as bands finish, up to all rows', async () => {
    const big = createParallelDsp({ threads: 2, minWork: 0 });
    try {
      const side = 512, kernel = new Float64Array(31 * 31).fill(1 / 961);
      const img = Float32Array.from({ length: side * side }, (_, i) => (i % 7) / 7);
      const seen: number[] = [];
      const result = await big.convolve2d(img, side, side, kernel, 31, 31, { method: 'direct', mode: 'same' }, { progress: (f) => seen.push(f) });
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.at(-1)).toBe(1);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      const single = convolve2d(img, side, side, kernel, 31, 31, { method: 'direct', mode: 'same' });
      let err = 0;
      for (let i = 0; i < single.data.length; i++) err = Math.max(err, Math.abs(result.data[i] - single.data[i]));
      expect(err).toBeLessThan(1e-5);
    } finally {
      await big.dispose();
    }
  });
  it('stops dispatching bands once the caller says the run is cancelled', async () => {
    const side = 1024, k = 61;
    const kernel = new Float64Array(k * k).fill(1);
    const img = new Float32Array(side * side).fill(1);
    const bands = bandCount(side * side * k * k, side, 2);
    expect(bands).toBeGreaterThan(8);
    let finished = 0;
    const cancelled = new Error('superseded');
    const job = dsp.convolve2d(img, side, side, kernel, k, k, { method: 'direct', mode: 'same' }, {
      progress: () => finished++,
      checkCancelled: () => {
        if (finished >= 2) throw cancelled;
      },
    });
    await expect(job).rejects.toBe(cancelled);
    // Two bands finished, and at most one more per thread was already in flight.
    expect(finished).toBeLessThanOrEqual(2 + 2);
    expect(finished).toBeLessThan(bands);
  });
  it('a band that fails in its worker rejects the job with the worker\'s message', async () => {
    const side = 256, kernel = new Float64Array(49).fill(1 / 49);
    const img = new Float32Array(side * side).fill(1);
    const bogus = { method: 'bogus' } as unknown as Parameters<typeof dsp.convolve2d>[6];
    await expect(dsp.convolve2d(img, side, side, kernel, 7, 7, bogus)).rejects.toThrow("convolve2d: unknown method 'bogus'");
    // The pool still works afterwards.
    const after = await dsp.convolve2d(img, side, side, kernel, 7, 7, { mode: 'same' });
    expect(after.data[side * 128 + 128]).toBeCloseTo(1, 5);
  });
  it('backprojection in two workers equals the single-thread result', async () => {
    const angles = projectionAngles(30), detectors = 45;
    const sino = Float32Array.from({ length: 30 * detectors }, (_, i) => Math.cos(i * 0.05));
    const single = backproject(sino, detectors, angles, 32);
    const parallel = await dsp.backproject(sino, detectors, angles, 32);
    expect(Array.from(parallel)).toEqual(Array.from(single));
  });
});
