import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/host/host';
import type { GraphDocument } from '../../src-shared/graph/document';
import { checkCall, type FullValue, type HostEvent } from '../../src-shared/protocol';
import { nodeResults } from '../node-results';

const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.dispose()));
});

/** An 8³ cube phantom (ones inside the centred cube of side 4, zeros outside) into a volume view. */
const cubeToView: GraphDocument = {
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'cube', type: 'source.phantom3d', params: { pattern: 'cube', size: 8 } },
    { id: 'view', type: 'sink.volume' },
  ],
  edges: [{ id: 'e1', source: 'cube', sourceHandle: 'out', target: 'view', targetHandle: 'in' }],
};

function pixels(full: FullValue | undefined): number[] {
  if (full?.kind !== 'image') throw new Error(`expected an image, got ${full?.kind}`);
  return [...full.data];
}

describe('getValue\'s slice option', () => {
  it('is checked: an axis of x, y or z, a whole index from −1, mip a boolean, nothing else', () => {
    expect(checkCall('getValue', ['view', 'sink', { slice: { axis: 'y', index: 3 } }])).toMatchObject({ ok: true });
    expect(checkCall('getValue', ['view', 'sink', { maxSide: 64, slice: { axis: 'x', mip: true } }])).toMatchObject({ ok: true });
    expect(checkCall('getValue', ['view', 'sink', { slice: { axis: 'w', index: 3 } }])).toMatchObject({ ok: false, error: expect.stringContaining('getValue: bad arguments') });
    expect(checkCall('getValue', ['view', 'sink', { slice: { axis: 'z', index: -2 } }])).toMatchObject({ ok: false });
    expect(checkCall('getValue', ['view', 'sink', { slice: { axis: 'z', index: 1.5 } }])).toMatchObject({ ok: false });
    expect(checkCall('getValue', ['view', 'sink', { slice: { axis: 'z', plane: 1 } }])).toMatchObject({ ok: false });
  });

  it('brings the plane asked for, or the projection, from the host\'s memo', async () => {
    const host = new EngineHost({ baseDir: process.cwd(), mode: 'browser', version: 'test' });
    hosts.push(host);
    const events: HostEvent[] = [];
    host.onEvent((event) => events.push(event));
    const { runId } = await host.run({ doc: cubeToView });
    for (let i = 0; i < 1500 && !events.some((e) => e.kind === 'runEnd' && e.runId === runId); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const done = nodeResults(events).find((e) => e.report.id === 'view');
    expect(done?.previews?.sink).toMatchObject({ kind: 'image', width: 8, height: 8, volume: { depth: 8, lo: 0, hi: 1 } });
    // The cube of side 4 spans voxels 2..5 on each axis: plane 0 is empty, plane 3 holds a 4 × 4 square.
    expect(pixels(await host.getValue('view', 'sink', { slice: { axis: 'z', index: 0 } })).every((v) => v === 0)).toBe(true);
    const inside = pixels(await host.getValue('view', 'sink', { slice: { axis: 'y', index: 3 } }));
    expect(inside.filter((v) => v === 1)).toHaveLength(16);
    expect(inside[3 * 8 + 3]).toBe(1);
    const mip = pixels(await host.getValue('cube', 'out', { slice: { axis: 'x', mip: true } }));
    expect(mip).toEqual(inside);
    // Without a slice a volume still sends its middle z plane.
    expect(pixels(await host.getValue('view', 'sink'))).toEqual(pixels(await host.getValue('view', 'sink', { slice: { axis: 'z', index: 4 } })));
  });
});
