/**
 * The engine worker's buffer pool end to end (docs/buffer-pool.md): in the real worker, with its
 * band threads, a 1024² graph (4 MiB images, so the pool engages; the convolution is split into bands, so its output is a shared buffer) re-run with a new σ each time
 * hands out full values equal to an in-process engine's without a pool, and a value handed out
 * earlier is a copy the later runs do not touch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/host/host';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { FullValue, HostEvent } from '../../src-shared/protocol';

const SIZE = 1024;
const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.dispose()));
});

function graph(sigma: number): GraphDocument {
  return {
    format: 'convolab.graph',
    version: 2,
    nodes: [
      { id: 'img', type: 'source.testImage', params: { pattern: 'phantom', size: SIZE } },
      { id: 'k', type: 'kernel.gaussian', params: { sigma } },
      { id: 'blur', type: 'op.convolve', params: { mode: 'same', boundary: 'reflect' } },
      { id: 'view', type: 'sink.image' },
    ],
    edges: [
      { id: 'e1', source: 'img', sourceHandle: 'out', target: 'blur', targetHandle: 'a' },
      { id: 'e2', source: 'k', sourceHandle: 'out', target: 'blur', targetHandle: 'b' },
      { id: 'e3', source: 'blur', sourceHandle: 'out', target: 'view', targetHandle: 'in' },
    ],
  } as GraphDocument;
}

const pixels = (value: FullValue | undefined): Float32Array => {
  if (value?.kind !== 'image' || value.width !== SIZE) throw new Error('expected the whole image');
  return value.data;
};

/** The index of the first byte where two arrays differ (or their lengths do), else -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const x = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const y = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (x.equals(y)) return -1;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return i;
  return n;
}

describe('the engine worker with its buffer pool', () => {
  it('gives a fresh engine\'s values after every re-run, and what it handed out earlier stays as it was', async () => {
    const host = new EngineHost({ baseDir: process.cwd(), mode: 'browser', version: 'test' });
    hosts.push(host);
    let ended: ((event: HostEvent) => void) | undefined;
    host.onEvent((event) => {
      if (event.kind === 'runEnd') ended?.(event);
    });
    const handedOut: { sigma: number; data: Float32Array; copy: Float32Array }[] = [];
    for (const sigma of [1, 2, 3, 1.5, 2.5]) {
      const end = new Promise<HostEvent>((resolve) => (ended = resolve));
      await host.run({ doc: graph(sigma) });
      expect(await end).toMatchObject({ status: 'done' });
      const reference = new Engine();
      await reference.run(graph(sigma));
      const expected = reference.outcome('blur')?.outputs.out;
      if (expected?.kind !== 'image') throw new Error('the reference has no image');
      for (const port of ['out', 'sink'] as const) {
        const data = pixels(await host.getValue(port === 'out' ? 'blur' : 'view', port, { maxSide: SIZE }));
        expect(Buffer.from(data.buffer, data.byteOffset, data.byteLength).equals(Buffer.from(expected.data.buffer, expected.data.byteOffset, expected.data.byteLength)), `σ ${sigma}, ${port}`).toBe(true);
        if (port === 'out') handedOut.push({ sigma, data, copy: data.slice() });
      }
    }
    // Bit for bit, as the values were checked above: toEqual walked the 1M floats of each one by one.
    for (const { sigma, data, copy } of handedOut) expect(firstDifference(data, copy), `σ ${sigma}: first byte that changed`).toBe(-1);
  });
});
