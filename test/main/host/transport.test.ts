/**
 * What the engine host hands to a transport: typed arrays on buffers of their own. Structured
 * clone (Electron IPC, the worker's postMessage) copies a view's whole buffer and cannot carry a
 * SharedArrayBuffer to a page at all; the 2-D convolution's bands write into shared memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../../src-main/host/host';
import type { GraphDocument } from '../../../src-shared/graph/document';
import type { HostEvent } from '../../../src-shared/protocol';
import { nodeResults } from '../../node-results';

const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.dispose()));
});

const blurred: GraphDocument = {
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'image', type: 'source.testImage', params: { pattern: 'phantom', size: 512 } },
    { id: 'blur', type: 'kernel.gaussian', params: { dims: 2, sigma: 4 } },
    { id: 'conv', type: 'op.convolve', params: { method: 'direct' } },
    { id: 'view', type: 'sink.image' },
  ],
  edges: [
    { id: 'e1', source: 'image', sourceHandle: 'out', target: 'conv', targetHandle: 'a' },
    { id: 'e2', source: 'blur', sourceHandle: 'out', target: 'conv', targetHandle: 'b' },
    { id: 'e3', source: 'conv', sourceHandle: 'out', target: 'view', targetHandle: 'in' },
  ],
};

/** True when the array is the whole of an ordinary ArrayBuffer. */
const ownsItsBuffer = (array: ArrayBufferView): boolean =>
  array.buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === array.buffer.byteLength;

describe('the engine host\'s answers, as a transport carries them', () => {
  it('hands out previews and full values as typed arrays that own their buffers', async () => {
    const host = new EngineHost({ baseDir: process.cwd(), mode: 'browser', version: 'test' });
    hosts.push(host);
    const events: HostEvent[] = [];
    host.onEvent((event) => events.push(event));
    const { runId } = await host.run({ doc: blurred });
    // Bounded by count, not by a clock: a busy machine may take its time.
    for (let i = 0; i < 9000 && !events.some((e) => e.kind === 'runEnd' && e.runId === runId); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.find((e) => e.kind === 'runEnd')).toMatchObject({ status: 'done' });
    const preview = nodeResults(events).find((e) => e.report.id === 'conv')?.previews?.out;
    if (preview?.kind !== 'image') throw new Error('expected an image preview');
    expect(preview.pixels).toBeInstanceOf(Uint8Array);
    expect(preview.pixels.length).toBe(preview.thumbWidth * preview.thumbHeight);
    const full = await host.getValue('conv', 'out', { maxSide: 4096 });
    if (full?.kind !== 'image') throw new Error('expected an image');
    expect(full.data).toBeInstanceOf(Float32Array);
    expect(full.data.length).toBe(full.width * full.height * full.channels);
    expect(full.width).toBeGreaterThan(512);
    expect(ownsItsBuffer(full.data)).toBe(true);
  });
});
