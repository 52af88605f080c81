/**
 * One memory budget per run (issue 14): the outputs the memo holds and what the node computing now
 * reserves add up against one limit, so K large nodes cannot each take the whole of it.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument, GraphNode } from '../../src-shared/graph/document';

const KIB = 1024;

function graph(nodes: GraphNode[], edges: [string, string, string, string][] = []): GraphDocument {
  return {
    format: 'convolab.graph',
    version: 1,
    nodes,
    edges: edges.map(([source, sourceHandle, target, targetHandle], i) => ({ id: `e${i}`, source, sourceHandle, target, targetHandle })),
  };
}

/** A sampled function of `samples` samples on [0, 1): 8 bytes each. */
function samplesNode(id: string, samples: number): GraphNode {
  return { id, type: 'source.function', params: { shape: 'sine', t0: 0, t1: (samples - 1) / samples, rate: samples } };
}

describe('the run memory budget', () => {
  it('refuses the second of two large nodes that each fit alone, and the rest of the graph still runs', async () => {
    const engine = new Engine({ memoryLimit: 256 * KIB });
    const document = graph([
      samplesNode('first', 20_000), // 156 KiB
      samplesNode('second', 20_000), // another 156 KiB: over 256 KiB together
      { id: 'small', type: 'source.sequence', params: { values: [1, 2, 3] } },
      { id: 'plot', type: 'sink.plot' },
    ], [['small', 'out', 'plot', 'in']]);
    const result = await engine.run(document);
    const reports = new Map(result.reports.map((report) => [report.id, report]));
    expect(reports.get('first')?.status).toBe('ok');
    expect(reports.get('second')).toMatchObject({ status: 'error' });
    expect(reports.get('second')?.error).toMatch(/^node second: 20000 samples would need 156 KiB, over the 256 KiB limit for the run \(\d+ KiB already in use\): use smaller inputs or sizes$/);
    expect(reports.get('small')?.status).toBe('ok');
    expect(reports.get('plot')?.status).toBe('ok');
  });

  it('each node fits alone: the same nodes in two engines of that budget both run', async () => {
    for (const id of ['first', 'second']) {
      const result = await new Engine({ memoryLimit: 256 * KIB }).run(graph([samplesNode(id, 20_000)]));
      expect(result.reports[0]?.status).toBe('ok');
    }
  });

  it('a node re-run with new params does not count its own last output against itself', async () => {
    const engine = new Engine({ memoryLimit: 256 * KIB });
    expect((await engine.run(graph([samplesNode('f', 20_000)]))).reports[0]?.status).toBe('ok');
    // 180 KiB: fits once the old 156 KiB of the same node is let go, not beside it.
    expect((await engine.run(graph([samplesNode('f', 23_000)]))).reports[0]?.status).toBe('ok');
  });

  it('a buffer shared by a node and the one it passes through counts once', async () => {
    const engine = new Engine({ memoryLimit: 256 * KIB });
    const document = graph([
      samplesNode('f', 20_000),
      // op.shift in `move` mode only changes the start: its output shares the input's samples.
      { id: 'moved', type: 'op.shift', params: { dx: 5 } },
      samplesNode('g', 5_000), // 39 KiB more: fits beside one copy of f, not beside two
    ], [['f', 'out', 'moved', 'in']]);
    const result = await engine.run(document);
    expect(result.reports).toHaveLength(3);
    for (const report of result.reports) expect(report.status, `${report.id}: ${report.error ?? ''}`).toBe('ok');
  });

  it('an output larger than the run has left is an error on its node, computed or not reserved', async () => {
    const engine = new Engine({ memoryLimit: 256 * KIB });
    const document = graph([
      samplesNode('first', 23_000), // 180 KiB
      // source.dice (at most 10000 faces, 78 KiB) allocates without reserving: the check after compute still holds.
      { id: 'dice', type: 'source.dice', params: { faces: 10_000 } },
    ]);
    const result = await engine.run(document);
    const dice = result.reports.find((report) => report.id === 'dice');
    expect(dice?.status).toBe('error');
    expect(dice?.error).toMatch(/^node dice: output needs 78 KiB, over the 256 KiB limit for the run/);
  });
});
