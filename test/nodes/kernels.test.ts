import { describe, expect, it } from 'vitest';
import type { Image, Signal, Volume } from '../../src-shared/data';
import type { ComputeContext } from '../../src-shared/nodes/define';
import { errorOf, maxDiff, reference, runNode, testContext, value } from './harness';

const g = reference.gaussian;

describe('kernel.gaussian against numpy', () => {
  it('1-D: exp(−i²/2σ²) for i = −ceil(3σ)..ceil(3σ), normalised, starting at −radius', async () => {
    const k = (await value('kernel.gaussian', {}, { dims: 1, sigma: g.sigma })) as Signal;
    expect(k.kind).toBe('signal');
    expect(k.start).toBe(-g.radius);
    expect(maxDiff(k.data, g['1d'])).toBeLessThan(1e-15);
  });

  it('2-D: the outer product, origin at the centre', async () => {
    const k = (await value('kernel.gaussian', {}, { sigma: g.sigma })) as Image;
    expect([k.width, k.height, k.origin.x, k.origin.y]).toEqual([2 * g.radius + 1, 2 * g.radius + 1, g.radius, g.radius]);
    expect(maxDiff(k.data, g['2d'])).toBeLessThan(1e-7);
  });

  it('keeps the raw weights when normalize is off and honours an explicit radius', async () => {
    const k = (await value('kernel.gaussian', {}, { dims: 1, sigma: g.sigma, normalize: false })) as Signal;
    expect(maxDiff(k.data, g.unnormalised)).toBeLessThan(1e-15);
    const r2 = (await value('kernel.gaussian', {}, { dims: 1, sigma: 1, radius: 2 })) as Signal;
    expect(r2.data.length).toBe(5);
  });

  it('2-D and 3-D: each cell the product of the 1-D weights in double, rounded once to float32, at any size', async () => {
    for (const [sigma, radius] of [[0.7, 0], [2, 0], [3.3, 5], [40, 0]] as const) {
      const w = [...((await value('kernel.gaussian', {}, { dims: 1, sigma, radius })) as Signal).data];
      const image = (await value('kernel.gaussian', {}, { dims: 2, sigma, radius })) as Image;
      const pixels = Float32Array.from(w.flatMap((wy) => w.map((wx) => wx * wy)));
      expect(image.data).toEqual(pixels);
      if (w.length > 31) continue;
      const volume = (await value('kernel.gaussian', {}, { dims: 3, sigma, radius })) as Volume;
      expect([volume.width, volume.height, volume.depth, volume.origin.z]).toEqual([w.length, w.length, w.length, (w.length - 1) / 2]);
      expect(volume.data).toEqual(Float32Array.from(w.flatMap((wz) => w.flatMap((wy) => w.map((wx) => wz * wy * wx)))));
    }
  });

  it('a σ of 1000 (6001² pixels) is made, centred, and sums to 1', async () => {
    const image = (await value('kernel.gaussian', {}, { dims: 2, sigma: 1000 })) as Image;
    expect([image.width, image.height, image.origin.x, image.origin.y]).toEqual([6001, 6001, 3000, 3000]);
    const data = image.data;
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i]!;
    expect(sum).toBeCloseTo(1, 5);
    const centre = 3000 * 6001 + 3000;
    expect(data[centre]).toBeGreaterThan(data[centre + 1]!);
    expect(data[centre]).toBeGreaterThan(data[centre - 6001 * 7 + 7]!);
  });

  it('refuses sigma ≤ 0', async () => {
    expect(await errorOf('kernel.gaussian', {}, { sigma: -1 })).toBe('params.sigma: must be > 0 (got -1)');
    expect(await errorOf('kernel.gaussian', {}, { dims: 4 })).toBe('params.dims: must be one of auto, 1, 2, 3 (got 4)');
  });
});

describe('small kernels by hand', () => {
  it('box and identity of a large size are their pixels, as small ones are', async () => {
    const box = (await value('kernel.box', {}, { dims: 2, size: 2001 })) as Image;
    expect([box.width, box.height, box.origin.x, box.origin.y]).toEqual([2001, 2001, 1000, 1000]);
    expect(box.data.every((v) => v === Math.fround(1 / (2001 * 2001)))).toBe(true);
    const identity = (await value('kernel.identity', {}, { dims: 2, size: 2000 })) as Image;
    expect([identity.width, identity.origin.x, identity.origin.y]).toEqual([2000, 1000, 1000]);
    expect(identity.data[1000 * 2000 + 1000]).toBe(1);
    expect(identity.data.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('box, identity and Gaussian reserve their pixels and the float64 copy a convolution makes of them, in 2-D and 3-D', async () => {
    // 4 B of float32 cell and 8 B of the convolution's float64 copy (op.convolve, 2-D and 3-D):
    // a kernel reserved at 4 B a cell would pass the budget and starve the convolution it feeds.
    for (const type of ['kernel.box', 'kernel.identity', 'kernel.gaussian']) {
      for (const dims of [2, 3] as const) {
        const reserved: number[] = [];
        const recording: ComputeContext = { ...testContext, reserve: (bytes) => void reserved.push(bytes) };
        const outcome = await runNode(type, {}, type === 'kernel.gaussian' ? { dims, sigma: 2 } : { dims, size: 9 }, recording);
        if (!outcome.ok) throw new Error(outcome.error);
        const cells = (outcome.out as Image | Volume).data.length;
        expect(reserved.reduce((sum, bytes) => sum + bytes, 0), `${type} dims ${dims}`).toBeGreaterThanOrEqual(cells * (4 + 8));
      }
    }
  });

  it('box sums to 1 and identity is a centred 1', async () => {
    const box = (await value('kernel.box', {}, { size: 3 })) as Image;
    expect([...box.data].every((x) => Math.abs(x - 1 / 9) < 1e-7)).toBe(true);
    const box1 = (await value('kernel.box', {}, { dims: 1, size: 4 })) as Signal;
    expect([...box1.data]).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(box1.start).toBe(-2);
    const id = (await value('kernel.identity', {}, { size: 5 })) as Image;
    expect(id.data[12]).toBe(1);
    expect(id.data.reduce((a, b) => a + b, 0)).toBe(1);
    expect(id.origin).toEqual({ x: 2, y: 2 });
  });

  it('laplacian, sobel and sharpen are the NODES.md matrices with origin (1, 1)', async () => {
    expect([...((await value('kernel.laplacian')) as Image).data]).toEqual([0, -1, 0, -1, 4, -1, 0, -1, 0]);
    expect([...((await value('kernel.laplacian', {}, { variant: 8 })) as Image).data]).toEqual([-1, -1, -1, -1, 8, -1, -1, -1, -1]);
    const sx = (await value('kernel.sobel')) as Image;
    expect([...sx.data]).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
    expect(sx.origin).toEqual({ x: 1, y: 1 });
    expect([...((await value('kernel.sobel', {}, { direction: 'y' })) as Image).data]).toEqual([-1, -2, -1, 0, 0, 0, 1, 2, 1]);
    expect([...((await value('kernel.sharpen', {}, { amount: 0.5 })) as Image).data]).toEqual([0, -0.5, 0, -0.5, 3, -0.5, 0, -0.5, 0]);
  });

  it('custom kernels take rows, a flat list, and an origin', async () => {
    const k = (await value('kernel.custom', {}, { values: [[1, 2], [3, 4]], origin: [0, 1] })) as Image;
    expect([k.width, k.height, ...k.data]).toEqual([2, 2, 1, 2, 3, 4]);
    expect(k.origin).toEqual({ x: 0, y: 1 });
    const s = (await value('kernel.custom', {}, { dims: 1, values: [1, 2, 3] })) as Signal;
    expect(s.start).toBe(-1);
    expect(await errorOf('kernel.custom', {}, { dims: 1, values: [[1], [2]] })).toMatch(/^params\.values: a 1-D kernel is one list/);
    expect(await errorOf('kernel.custom', {}, { values: [[1, 2], [3]] })).toMatch(/rows must be equally long/);
    expect(await errorOf('kernel.custom', {}, { values: [[1, 2]], origin: [5] })).toMatch(/^params\.origin: \[0\] must be a column 0\.\.1/);
  });
});
