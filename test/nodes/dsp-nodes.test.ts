import { describe, expect, it } from 'vitest';
import type { Image, Signal, Spectrum2D } from '../../src-shared/data';
import { errorOf, img, maxDiff, reference, runNode, value } from './harness';

const f2 = reference.fft2d;

describe('op.fft2d and op.ifft2d against numpy.fft.fft2', () => {
  const image = img(f2.image, f2.width, f2.height, { origin: { x: 1, y: 2 } });

  it('exact size equals numpy.fft.fft2, keeping the origin', async () => {
    const X = (await value('op.fft2d', { in: image })) as Spectrum2D;
    expect([X.width, X.height, X.origin.x, X.origin.y]).toEqual([5, 4, 1, 2]);
    expect(maxDiff(X.re, f2.re)).toBeLessThan(1e-6);
    expect(maxDiff(X.im, f2.im)).toBeLessThan(1e-6);
  });

  it('custom 8×8 zero-pads like fft2(x, s=(8, 8)); pow2 gives 8×4', async () => {
    const X = (await value('op.fft2d', { in: image }, { size: 'custom', width: 8, height: 8 })) as Spectrum2D;
    expect(maxDiff(X.re, f2.re8)).toBeLessThan(1e-6);
    expect(maxDiff(X.im, f2.im8)).toBeLessThan(1e-6);
    const P = (await value('op.fft2d', { in: image }, { size: 'pow2' })) as Spectrum2D;
    expect([P.width, P.height]).toEqual([8, 4]);
  });

  it('ifft2d round-trips and crops back with size custom, reporting max |imag|', async () => {
    const X = await value('op.fft2d', { in: image }, { size: 'custom', width: 8, height: 8 });
    const outcome = await runNode('op.ifft2d', { in: X }, { size: 'custom', width: 5, height: 4 });
    if (!outcome.ok) throw new Error(outcome.error);
    const back = outcome.out as Image;
    expect([back.width, back.height, back.origin.x, back.origin.y]).toEqual([5, 4, 1, 2]);
    expect(maxDiff(back.data, image.data)).toBeLessThan(1e-6);
    expect(outcome.info).toMatch(/^max \|imag\| = /);
    expect(Number(outcome.info!.split('= ')[1])).toBeLessThan(1e-12);
  });

  it('refuses a multi-channel image and a too-small custom size', async () => {
    expect(await errorOf('op.fft2d', { in: img([1, 2], 1, 1, { channels: 2 }) })).toBe('the FFT takes one channel, but the image has 2: put op.gray or op.channel in front');
    expect(await errorOf('op.fft2d', { in: image }, { size: 'custom', width: 4, height: 4 })).toBe(
      '4×4 is smaller than the image (5×4): use at least 5×4 (the FFT zero-pads, it never crops), or size exact or pow2',
    );
  });
});

describe('kernel.ramp', () => {
  it('ram-lak taps equal h[0] = 1/4, h[odd k] = −1/(πk)² (numpy), centred', async () => {
    const k = (await value('kernel.ramp', {}, { size: 9 })) as Signal;
    expect(k.start).toBe(-4);
    expect(maxDiff(k.data, reference.ramp['ram-lak'])).toBeLessThan(1e-15);
  });

  it('a window damps the taps but keeps the kernel even', async () => {
    const k = (await value('kernel.ramp', {}, { size: 9, window: 'hann' })) as Signal;
    for (let i = 0; i < 4; i++) expect(k.data[i]).toBeCloseTo(k.data[8 - i], 12);
    expect(k.data[4]).toBeLessThan(0.25);
  });

  it('refuses an even size', async () => {
    expect(await errorOf('kernel.ramp', {}, { size: 8 })).toBe('params.size: must be odd (got 8)');
  });
});

describe('CT: radon → rampFilter → backproject', () => {
  it('a sinogram has one row per view, the diagonal as detectors, and conserves mass per view', async () => {
    const disk = await value('source.testImage', {}, { pattern: 'disk', size: 32 });
    const sinogram = (await value('op.radon', { in: disk }, { angles: 12 })) as Image;
    expect([sinogram.width, sinogram.height]).toEqual([Math.ceil(Math.hypot(32, 32)), 12]);
    expect(sinogram.angles && [...sinogram.angles]).toEqual(Array.from({ length: 12 }, (_, i) => i * 15));
    const mass = (disk as Image).data.reduce((a, b) => a + b, 0);
    for (let v = 0; v < 12; v++) {
      const row = sinogram.data.subarray(v * sinogram.width, (v + 1) * sinogram.width).reduce((a, b) => a + b, 0);
      expect(Math.abs(row - mass) / mass).toBeLessThan(0.02);
    }
  });

  it('filtered backprojection of the phantom with 180 views reconstructs it; 8 views do much worse', async () => {
    const phantom = (await value('source.testImage', {}, { pattern: 'phantom', size: 64 })) as Image;
    expect(Math.max(...phantom.data)).toBeCloseTo(1, 5);
    const error = async (angles: number): Promise<number> => {
      const sinogram = await value('op.radon', { in: phantom }, { angles });
      const filtered = await value('op.rampFilter', { in: sinogram });
      const recon = (await value('op.backproject', { in: filtered }, { size: 64 })) as Image;
      let sum = 0;
      for (let i = 0; i < recon.data.length; i++) sum += (recon.data[i] - phantom.data[i]) ** 2;
      return Math.sqrt(sum / recon.data.length);
    };
    const full = await error(180);
    const sparse = await error(8);
    expect(full).toBeLessThan(0.1);
    expect(sparse).toBeGreaterThan(2 * full);
  });

  it('backproject defaults its size to floor(detectors / √2)', async () => {
    const sinogram = await value('op.radon', { in: await value('source.testImage', {}, { pattern: 'disk', size: 16 }) }, { angles: 4 });
    const recon = (await value('op.backproject', { in: sinogram })) as Image;
    expect(recon.width).toBe(Math.floor(Math.ceil(Math.hypot(16, 16)) / Math.SQRT2));
  });
});

describe('op.convBank', () => {
  const image = img(reference.convolve2d.image, reference.convolve2d.width, reference.convolve2d.height);

  it('the edges bank is correlate with Sobel x, Sobel y, Laplacian, Gaussian (same, zero), then ReLU', async () => {
    const out = (await value('op.convBank', { in: image })) as Image;
    expect([out.width, out.height, out.channels]).toEqual([7, 6, 4]);
    const plane = 42;
    const kernels = [await value('kernel.sobel'), await value('kernel.sobel', {}, { direction: 'y' }), await value('kernel.laplacian'), await value('kernel.gaussian', {}, { sigma: 1, radius: 1 })];
    for (let k = 0; k < 4; k++) {
      const expected = (await value('op.correlate', { a: image, b: kernels[k] }, { mode: 'same' })) as Image;
      const relu = Array.from(expected.data, (x) => Math.max(0, x));
      expect(maxDiff(out.data.subarray(k * plane, (k + 1) * plane), relu)).toBeLessThan(1e-5);
    }
  });

  it('random kernels are seeded; stride subsamples; activation none keeps negatives', async () => {
    const a = (await value('op.convBank', { in: image }, { bank: 'random', count: 5, seed: 2, activation: 'none' })) as Image;
    const b = (await value('op.convBank', { in: image }, { bank: 'random', count: 5, seed: 2, activation: 'none' })) as Image;
    expect(a.channels).toBe(5);
    expect([...a.data]).toEqual([...b.data]);
    expect(Math.min(...a.data)).toBeLessThan(0);
    const strided = (await value('op.convBank', { in: image }, { bank: 'random', count: 5, seed: 2, activation: 'none', stride: 2 })) as Image;
    expect([strided.width, strided.height]).toEqual([4, 3]);
    expect(strided.data[1]).toBe(a.data[2]);
  });
});
