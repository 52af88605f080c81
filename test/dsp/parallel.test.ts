import { afterAll, describe, expect, it } from 'vitest';
import { createParallelDsp, splitRows } from '../../src-main/host/parallel';
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
  it('backprojection in two workers equals the single-thread result', async () => {
    const angles = projectionAngles(30), detectors = 45;
    const sino = Float32Array.from({ length: 30 * detectors }, (_, i) => Math.cos(i * 0.05));
    const single = backproject(sino, detectors, angles, 32);
    const parallel = await dsp.backproject(sino, detectors, angles, 32);
    expect(Array.from(parallel)).toEqual(Array.from(single));
  });
});
