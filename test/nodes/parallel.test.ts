/**
 * The nodes that hand 2-D work to the host's threads (op.convolve and op.correlate on images,
 * op.backproject) give the same images with a thread pool lent as without one, in the engine
 * and node by node, and still carry their errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createParallelDsp } from '../../src-main/host/parallel';
import { type Image, makeImage } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';
import { mulberry32 } from '../../src-shared/nodes/common';
import { runNode, testContext } from './harness';

const pool = createParallelDsp({ threads: 2, minWork: 0 });
afterAll(() => pool.dispose());
const pooled = { ...testContext, parallel: pool };

function maxDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
const edge = (id: string, source: string, target: string, targetHandle: string) => ({ id, source, sourceHandle: 'out', target, targetHandle });

describe('2-D nodes on the host thread pool', () => {
  it('a graph of blur, correlation, radon and backprojection gives the same images with the pool as without', async () => {
    const doc = {
      format: 'convolab.graph', version: 1,
      nodes: [
        node('image', 'source.testImage', { pattern: 'phantom', size: 160 }),
        node('kernel', 'kernel.gaussian', { sigma: 2.5 }),
        node('edges', 'kernel.sobel', {}),
        node('blur', 'op.convolve', { mode: 'same', boundary: 'reflect' }),
        node('corr', 'op.correlate', { mode: 'valid', method: 'direct' }),
        node('full', 'op.convolve', { mode: 'full', method: 'fft' }),
        node('radon', 'op.radon', { angles: 60 }),
        node('back', 'op.backproject', {}),
      ],
      edges: [
        edge('e1', 'image', 'blur', 'a'), edge('e2', 'kernel', 'blur', 'b'),
        edge('e3', 'blur', 'corr', 'a'), edge('e4', 'edges', 'corr', 'b'),
        edge('e5', 'image', 'full', 'a'), edge('e6', 'kernel', 'full', 'b'),
        edge('e7', 'image', 'radon', 'in'), edge('e8', 'radon', 'back', 'in'),
      ],
    } as unknown as GraphDocument;
    const single = new Engine({}), split = new Engine({ parallel: pool });
    const [a, b] = [await single.run(doc), await split.run(doc)];
    expect(a.status).toBe('done');
    expect(a.reports.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(b.reports.map((r) => [r.id, r.status])).toEqual(a.reports.map((r) => [r.id, r.status]));
    for (const id of ['blur', 'corr', 'full', 'back']) {
      const x = single.outcome(id)!.outputs.out as Image, y = split.outcome(id)!.outputs.out as Image;
      expect([y.width, y.height, y.origin], id).toEqual([x.width, x.height, x.origin]);
      expect(maxDifference(y.data, x.data), id).toBeLessThan(1e-5);
    }
  });

  it('convolves every channel of a multi-channel image in bands, each equal to the single-thread plane', async () => {
    const random = mulberry32(7);
    const width = 97, height = 64, channels = 3;
    const a = makeImage(Float32Array.from({ length: width * height * channels }, () => random()), width, height, { channels });
    const k = makeImage(Float32Array.from({ length: 25 }, () => random() - 0.5), 5, 5);
    const params = { mode: 'same', boundary: 'wrap', method: 'direct' };
    const plain = await runNode('op.convolve', { a, b: k }, params);
    const split = await runNode('op.convolve', { a, b: k }, params, pooled);
    expect(plain.ok && split.ok).toBe(true);
    if (!plain.ok || !split.ok) return;
    expect((split.out as Image).channels).toBe(channels);
    expect(maxDifference((split.out as Image).data, (plain.out as Image).data)).toBeLessThan(1e-5);
  });

  it('a cancelled run stops the split convolution with the engine\'s cancellation, not an error on the node', async () => {
    let calls = 0;
    const cancelling = { ...pooled, checkCancelled: () => { if (++calls > 1) throw new Error('cancelled by a newer run'); } };
    const a = makeImage(new Float32Array(512 * 512).fill(1), 512, 512);
    const k = makeImage(new Float32Array(61 * 61).fill(1), 61, 61);
    await expect(runNode('op.convolve', { a, b: k }, { mode: 'same', method: 'direct' }, cancelling)).rejects.toThrow('cancelled by a newer run');
  });
});
