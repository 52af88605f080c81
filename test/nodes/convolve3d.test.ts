/**
 * op.convolve / op.correlate on volumes and the 3-D kernels (NODES.md, "Volumes and 3-D CT"):
 * the node path against scipy.ndimage (test/fixtures/convolve3d.json, kernels typed as planes
 * in kernel.custom so the kernel's origin is the node's), the stride of images against scipy,
 * `dims: auto` becoming 3 where a kernel meets a volume, the pool, memory and bad input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createParallelDsp } from '../../src-main/host/parallel';
import { type Image, makeImage, makeVolume, type Volume } from '../../src-shared/data';
import { convolve3d } from '../../src-shared/dsp';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';
import { adaptParams } from '../../src-shared/graph/infer';
import { type ComputeContext, ResourceLimitError } from '../../src-shared/nodes/define';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { errorOf, maxDiff, reference, runNode, testContext, value } from './harness';
import { f64, relativeError } from '../dsp/helpers';

interface Encoded { shape: number[]; data: string }
interface Case { volume: number; kernel: string; op: 'convolve' | 'correlate'; boundary: string; stride: number; shape: number[]; out: string }
interface ImageCase { kernel: string; op: 'convolve' | 'correlate'; boundary: string; stride: number; shape: number[]; out: string }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/convolve3d.json', import.meta.url), 'utf8')) as {
  volumes: Encoded[]; kernels: Record<string, Encoded>; cases: Case[];
  image: Encoded; imageKernels: Record<string, Encoded>; imageCases: ImageCase[];
};

/** Row-major data of this numpy shape as nested lists (planes of rows, or rows). */
function nest(data: Float64Array, shape: number[]): number[][][] | number[][] {
  const rows = (offset: number, h: number, w: number) => Array.from({ length: h }, (_, y) => Array.from(data.subarray(offset + y * w, offset + (y + 1) * w)));
  if (shape.length === 2) return rows(0, shape[0], shape[1]);
  return Array.from({ length: shape[0] }, (_, z) => rows(z * shape[1] * shape[2], shape[1], shape[2]));
}

const volumes = fixture.volumes.map((v) => makeVolume(Float32Array.from(f64(v.data)), v.shape[2], v.shape[1], v.shape[0]));

describe('op.convolve and op.correlate on volumes match scipy.ndimage', () => {
  for (const [name, encoded] of Object.entries(fixture.kernels)) {
    it(`${name}: every boundary, stride and op, method auto, through kernel.custom's planes`, async () => {
      const kernel = (await value('kernel.custom', {}, { values: nest(f64(encoded.data), encoded.shape) })) as Volume;
      expect(kernel.kind).toBe('volume');
      for (const c of fixture.cases.filter((x) => x.kernel === name)) {
        const out = (await value(`op.${c.op}`, { a: volumes[c.volume], b: kernel }, { mode: 'same', boundary: c.boundary, stride: c.stride })) as Volume;
        const where = `${c.op} ${c.boundary} stride ${c.stride}`;
        expect([out.depth, out.height, out.width], where).toEqual(c.shape);
        expect(relativeError(out.data, f64(c.out)), where).toBeLessThan(2e-6);
      }
    });
  }

  it('a stride keeps every s-th voxel from the first: the identity kernel with stride 2 is a[::2, ::2, ::2]', async () => {
    const a = volumes[0];
    const identity = await value('kernel.identity', {}, { dims: 3, size: 3 });
    const out = (await value('op.convolve', { a, b: identity }, { mode: 'same', stride: 2 })) as Volume;
    expect([out.width, out.height, out.depth]).toEqual([6, 5, 4]);
    for (let z = 0; z < out.depth; z++) {
      for (let y = 0; y < out.height; y++) {
        for (let x = 0; x < out.width; x++) expect(out.data[(z * out.height + y) * out.width + x]).toBe(a.data[((2 * z) * a.height + 2 * y) * a.width + 2 * x]);
      }
    }
    // The input's centre (5, 4, 3) is output voxel (2.5, 2, 1.5): the origin scales with the stride.
    expect(out.origin).toEqual({ x: a.origin.x / 2, y: a.origin.y / 2, z: a.origin.z / 2 });
  });
});

describe('op.convolve and op.correlate on volumes with a kernel larger than the volume (folded)', () => {
  it('same equals the DSP core\'s unfolded direct sums, for every boundary, method and a stride', async () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    const a = volumes[1]!;
    const [kw, kh, kd] = [2 * a.width + 3, 3 * a.height + 1, a.depth + 2];
    const origin = { x: 4, y: kh - 2, z: 1 };
    const data = Float32Array.from({ length: kw * kh * kd }, random);
    const big = makeVolume(data, kw, kh, kd, { origin });
    const flipped = makeVolume(data.slice().reverse(), kw, kh, kd, { origin: { x: kw - 1 - origin.x, y: kh - 1 - origin.y, z: kd - 1 - origin.z } });
    for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as const) {
      for (const stride of [1, 2]) {
        const expected = convolve3d(a.data, a.width, a.height, a.depth, Float64Array.from(data), kw, kh, kd, {
          method: 'direct', mode: 'same', boundary, stride, kernelOriginX: origin.x, kernelOriginY: origin.y, kernelOriginZ: origin.z,
        });
        for (const [type, k] of [['op.convolve', big], ['op.correlate', flipped]] as const) {
          for (const method of ['auto', 'direct', 'fft'] as const) {
            const out = (await value(type, { a, b: k }, { mode: 'same', boundary, method, stride })) as Volume;
            expect([out.width, out.height, out.depth]).toEqual([expected.width, expected.height, expected.depth]);
            expect(relativeError(out.data, expected.data), `${type} ${boundary} ${method} stride ${stride}`).toBeLessThan(1e-5);
          }
        }
      }
    }
  });
});

describe('op.convolve on images with a stride matches scipy.ndimage', () => {
  const image = makeImage(Float32Array.from(f64(fixture.image.data)), fixture.image.shape[1], fixture.image.shape[0]);
  for (const [name, encoded] of Object.entries(fixture.imageKernels)) {
    it(`${name}: every boundary, strides 2 and 3, both ops`, async () => {
      const kernel = await value('kernel.custom', {}, { values: nest(f64(encoded.data), encoded.shape) });
      for (const c of fixture.imageCases.filter((x) => x.kernel === name)) {
        const out = (await value(`op.${c.op}`, { a: image, b: kernel }, { mode: 'same', boundary: c.boundary, stride: c.stride })) as Image;
        const where = `${c.op} ${c.boundary} stride ${c.stride}`;
        expect([out.height, out.width], where).toEqual(c.shape);
        expect(relativeError(out.data, f64(c.out)), where).toBeLessThan(2e-6);
      }
    });
  }
});

describe('3-D kernels', () => {
  it('kernel.gaussian dims 3 is the outer product of three numpy 1-D kernels, centred', async () => {
    const g = reference.gaussian;
    const k = (await value('kernel.gaussian', {}, { dims: 3, sigma: g.sigma })) as Volume;
    const n = 2 * g.radius + 1;
    expect([k.kind, k.width, k.height, k.depth]).toEqual(['volume', n, n, n]);
    expect(k.origin).toEqual({ x: g.radius, y: g.radius, z: g.radius });
    const expected = Array.from({ length: n ** 3 }, (_, i) => g['1d'][Math.floor(i / (n * n))] * g['1d'][Math.floor(i / n) % n] * g['1d'][i % n]);
    expect(maxDiff(k.data, expected)).toBeLessThan(1e-8);
  });

  it('kernel.box dims 3 holds size³ voxels of 1/size³; kernel.identity dims 3 a centred 1', async () => {
    const box = (await value('kernel.box', {}, { dims: 3, size: 4 })) as Volume;
    expect([box.width, box.height, box.depth]).toEqual([4, 4, 4]);
    expect([...box.data].every((x) => Math.abs(x - 1 / 64) < 1e-9)).toBe(true);
    expect(box.origin).toEqual({ x: 2, y: 2, z: 2 });
    const id = (await value('kernel.identity', {}, { dims: 3, size: 3 })) as Volume;
    expect(id.data.reduce((a, b) => a + b, 0)).toBe(1);
    expect(id.data[13]).toBe(1);
  });

  it('kernel.custom takes a list of planes (a volume with dims auto), an origin [x, y, z], and says what is wrong', async () => {
    const planes = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]];
    const k = (await value('kernel.custom', {}, { values: planes, origin: [1, 0, 1] })) as Volume;
    expect([k.width, k.height, k.depth, k.origin]).toEqual([2, 3, 2, { x: 1, y: 0, z: 1 }]);
    expect([...k.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(getNodeDefinition('kernel.custom')!.outputs[0].resolveType!({ dims: 'auto', values: planes }, {})).toBe('volume');
    expect(await errorOf('kernel.custom', {}, { values: planes, origin: [0, 0, 2] })).toMatch(/^params\.origin: \[2\] must be a plane 0\.\.1/);
    expect(await errorOf('kernel.custom', {}, { dims: 3, values: [[1, 2], [3, 4]] })).toMatch(/a 3-D kernel is a list of planes/);
    expect(await errorOf('kernel.custom', {}, { values: [[[1, 2], [3, 4]], [[5, 6]]] })).toMatch(/^params\.values: \[1\] has 1 rows but plane 0 has 2/);
    expect(await errorOf('kernel.custom', {}, { values: [[[1, 2], [3]]] })).toMatch(/^params\.values: \[0\]\[1\] has 1 numbers but row 0 has 2/);
  });
});

describe('dims auto becomes 3 where a kernel meets a volume', () => {
  const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
  const edge = (id: string, source: string, target: string, targetHandle: string) => ({ id, source, sourceHandle: 'out', target, targetHandle });
  const doc = {
    format: 'convolab.graph', version: 2,
    nodes: [
      node('phantom', 'source.phantom3d', { pattern: 'sphere', size: 24 }),
      node('gauss', 'kernel.gaussian', { sigma: 1 }),
      node('box', 'kernel.box', { size: 3 }),
      node('blur', 'op.convolve', { mode: 'same', boundary: 'nearest' }),
      node('down', 'op.correlate', { mode: 'same', stride: 2 }),
    ],
    edges: [
      edge('e1', 'phantom', 'blur', 'a'), edge('e2', 'gauss', 'blur', 'b'),
      edge('e3', 'blur', 'down', 'a'), edge('e4', 'box', 'down', 'b'),
    ],
  } as unknown as GraphDocument;

  it('in inference, for a kernel on either generic port', () => {
    const adapted = adaptParams(doc, getNodeDefinition);
    expect(adapted.get('gauss')).toEqual({ params: { dims: 3 } });
    expect(adapted.get('box')).toEqual({ params: { dims: 3 } });
  });

  it('in the engine: the graph runs to a blurred, strided volume, the same with the pool as without', async () => {
    const pool = createParallelDsp({ threads: 2, minWork: 0 });
    try {
      const single = new Engine({}), split = new Engine({ parallel: pool });
      const [a, b] = [await single.run(doc), await split.run(doc)];
      expect(a.reports.filter((r) => r.status !== 'ok')).toEqual([]);
      expect(b.reports.filter((r) => r.status !== 'ok')).toEqual([]);
      const x = single.outcome('down')!.outputs.out as Volume, y = split.outcome('down')!.outputs.out as Volume;
      expect([x.kind, x.width, x.height, x.depth]).toEqual(['volume', 12, 12, 12]);
      expect(y.data.buffer instanceof SharedArrayBuffer).toBe(true);
      expect(maxDiff(y.data, x.data)).toBeLessThan(1e-6);
    } finally {
      await pool.dispose();
    }
  });
});

describe('op.convolve on volumes: memory and bad input', () => {
  const a = makeVolume(new Float32Array(8 * 8 * 8).fill(1), 8, 8, 8);
  const k = makeVolume(new Float32Array(27).fill(1 / 27), 3, 3, 3, { origin: { x: 1, y: 1, z: 1 } });

  it('reserves its output and scratch before allocating, and stops with the budget\'s error when they do not fit', async () => {
    const reserved: number[] = [];
    const recording: ComputeContext = { ...testContext, reserve: (bytes) => void reserved.push(bytes) };
    expect((await runNode('op.convolve', { a, b: k }, { mode: 'full', method: 'direct' }, recording)).ok).toBe(true);
    // The 10³ f32 output at least, and the direct ring of three extended 10 × 10 f64 planes.
    expect(reserved.reduce((s, x) => s + x, 0)).toBeGreaterThanOrEqual(10 ** 3 * 4 + 3 * 10 * 10 * 8);
    const big = makeVolume(new Float32Array(1), 1024, 1024, 1024); // a lying size: never allocated
    const tight: ComputeContext = { ...testContext, reserve: (bytes, what) => { if (bytes > 1e9) throw new ResourceLimitError(`${what} needs ${bytes} bytes`); } };
    const outcome = await runNode('op.convolve', { a: big, b: k }, { mode: 'same' }, tight);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatch(/^a 1024×1024×1024 convolution of a 1024×1024×1024 volume needs/);
  });

  it('a kernel volume made as data (centred at (n − 1)/2) sits at floor(n/2) on each axis, as scipy.ndimage centres it', async () => {
    // A 2³ kernel with a single 1 at voxel (1, 1, 1): centred there, convolving with it is the identity.
    const delta = new Float32Array(8);
    delta[7] = 1;
    const b = makeVolume(delta, 2, 2, 2);
    expect(b.origin).toEqual({ x: 0.5, y: 0.5, z: 0.5 });
    const ramp = makeVolume(Float32Array.from({ length: 512 }, (_, i) => i), 8, 8, 8);
    const out = (await value('op.convolve', { a: ramp, b }, { mode: 'same' })) as Volume;
    expect(Array.from(out.data)).toEqual(Array.from(ramp.data));
    // Correlation centres the unflipped kernel at floor(n/2) too: a 1 at voxel (1, 1, 1) is again the identity.
    const corr = (await value('op.correlate', { a: ramp, b }, { mode: 'same' })) as Volume;
    expect(Array.from(corr.data)).toEqual(Array.from(ramp.data));
  });

  it('names what is wrong in one line', async () => {
    expect(await errorOf('op.convolve', { a, b: makeImage(new Float32Array(9), 3, 3) })).toMatch(/must carry the same type \(got volume and image\)/);
    const huge = makeVolume(new Float32Array(10 ** 3), 10, 10, 10, { origin: { x: 0, y: 0, z: 0 } });
    expect(await errorOf('op.convolve', { a, b: huge }, { mode: 'valid' })).toMatch(/larger than the volume \(8×8×8\), so valid keeps nothing/);
    const signal = await value('kernel.box', {}, { dims: 1 });
    expect(await errorOf('op.convolve', { a: signal, b: signal }, { stride: 2 })).toBe('stride applies to images and volumes: set it to 1 for signals');
    expect(await errorOf('op.convolve', { a, b: k }, { stride: 0 })).toBe('params.stride: must be >= 1 (got 0)');
  });
});

