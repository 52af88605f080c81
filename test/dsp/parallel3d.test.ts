/**
 * 3-D convolution through the band pool: bands of output planes in two worker threads give the
 * single-thread result on every path and stride, and a cancelled run stops handing out bands.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createParallelDsp } from '../../src-main/host/parallel';
import { convolve3d } from '../../src-shared/dsp';

describe('3-D convolution over worker_threads', () => {
  const dsp = createParallelDsp({ threads: 2, minWork: 0 });
  afterAll(() => dsp.dispose());
  const [w, h, d] = [23, 17, 19];
  const volume = Float32Array.from({ length: w * h * d }, (_, i) => Math.sin(i * 0.37) + ((i * 7919) % 13) / 13);
  const g = [0.25, 0.5, 0.25];
  const gaussian = Float64Array.from({ length: 27 }, (_, i) => g[Math.floor(i / 9)] * g[Math.floor(i / 3) % 3] * g[i % 3]);
  const dense = Float64Array.from({ length: 4 * 3 * 2 }, (_, i) => Math.cos(i));

  it('equals the single-thread result for every method, stride and boundary, and ran in the pool', async () => {
    for (const [method, kernel, kw, kh, kd] of [['separable', gaussian, 3, 3, 3], ['direct', dense, 4, 3, 2], ['fft', dense, 4, 3, 2]] as const) {
      for (const stride of [1, 2, 3]) {
        for (const boundary of ['reflect', 'wrap'] as const) {
          const options = { method, boundary, mode: 'same' as const, stride };
          const single = convolve3d(volume, w, h, d, kernel, kw, kh, kd, options);
          const split = await dsp.convolve3d(volume, w, h, d, kernel, kw, kh, kd, options);
          expect([split.width, split.height, split.depth]).toEqual([single.width, single.height, single.depth]);
          // Written by the threads into shared memory: the job really was split.
          expect(split.data.buffer instanceof SharedArrayBuffer, `${method} stride ${stride}`).toBe(true);
          // Thin bands may fall under the SIMD threshold and run the plain f64 path: f32 rounding apart.
          let err = 0;
          for (let i = 0; i < single.data.length; i++) err = Math.max(err, Math.abs(split.data[i] - single.data[i]));
          expect(err, `${method} ${boundary} stride ${stride}`).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('stops dispatching bands once the run is cancelled', async () => {
    const big = createParallelDsp({ threads: 2, minWork: 0 });
    try {
      // 48³ × 15³ multiply-adds: more than two bands' worth (bandCount), so a third is asked for.
      const side = 48, kernel = new Float64Array(15 ** 3).fill(1);
      const cube = new Float32Array(side ** 3).fill(1);
      let asked = 0;
      const control = {
        checkCancelled: () => {
          if (++asked > 2) throw new Error('cancelled');
        },
      };
      await expect(big.convolve3d(cube, side, side, side, kernel, 15, 15, 15, { method: 'direct', mode: 'same' }, control)).rejects.toThrow('cancelled');
      // Two lanes asked once each before their first band, then one more ask threw: no fourth.
      expect(asked).toBeLessThanOrEqual(4);
    } finally {
      await big.dispose();
    }
  });
});
