/**
 * One memory budget per run (issue 14): the outputs the memo holds and what the node computing now
 * reserves add up against one limit, so K large nodes cannot each take the whole of it.
 */
import fc from 'fast-check';
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
    expect(reports.get('second')?.error).toMatch(/^20000 samples would need 156 KiB, over the 256 KiB limit for the run \(\d+ KiB already in use\): use smaller inputs or sizes$/);
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
    expect(dice?.error).toMatch(/^output needs 78 KiB, over the 256 KiB limit for the run/);
  });

  it('the bytes the memo holds, kept up as outputs are stored and dropped, equal a recount after random edits and runs', async () => {
    /** A step of a session: a new graph and a run of it (perhaps cancelled part way), or clearing the memo. */
    const node = fc.oneof(
      fc.record({ kind: fc.constant('function' as const), samples: fc.integer({ min: 1, max: 6_000 }) }),
      // `move` passes its input's buffer through (shared, counted once); `wrap` makes its own.
      fc.record({ kind: fc.constant('shift' as const), from: fc.nat(), dx: fc.integer({ min: -3, max: 3 }), mode: fc.constantFrom('move', 'wrap') }),
    );
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('run' as const), nodes: fc.array(node, { minLength: 1, maxLength: 6 }), cancelAfter: fc.option(fc.nat({ max: 6 })) }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        // Small enough that some outputs are refused, so failed nodes drop what they held.
        const engine = new Engine({ memoryLimit: 96 * KIB });
        for (const action of steps) {
          if (action.kind === 'clear') {
            engine.clear();
            expect(engine.heldBytes()).toBe(0);
            continue;
          }
          // Ids reused across graphs (n0, n1, …) so a node may be re-run, kept or dropped.
          const nodes: GraphNode[] = [];
          const links: [string, string, string, string][] = [];
          action.nodes.forEach((spec, i) => {
            if (spec.kind === 'function' || i === 0) {
              nodes.push(samplesNode(`n${i}`, spec.kind === 'function' ? spec.samples : 100));
              return;
            }
            nodes.push({ id: `n${i}`, type: 'op.shift', params: { dx: spec.dx, mode: spec.mode } });
            links.push([`n${spec.from % i}`, 'out', `n${i}`, 'in']);
          });
          let started = 0;
          const cancelAfter = action.cancelAfter ?? Infinity;
          await engine.run(graph(nodes, links), { isCancelled: () => started > cancelAfter, onNodeStart: () => started++ });
          const buffers = new Set<ArrayBufferLike>();
          for (const { id } of nodes) {
            for (const value of Object.values(engine.outcome(id)?.outputs ?? {})) if ('data' in value) buffers.add(value.data.buffer);
          }
          expect(engine.heldBytes()).toBe([...buffers].reduce((sum, buffer) => sum + buffer.byteLength, 0));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('a new budget on the same engine (setMemoryLimit)', () => {
  const document = graph([
    samplesNode('first', 20_000), // 156 KiB
    samplesNode('second', 20_000), // another 156 KiB: over 256 KiB together
    { id: 'plot', type: 'sink.plot' },
  ], [['second', 'out', 'plot', 'in']]);
  const statuses = (reports: readonly { id: string; status: string; cached: boolean }[]) => Object.fromEntries(reports.map((report) => [report.id, `${report.status}${report.cached ? ' cached' : ''}`]));

  it('raised, keeps what fits and computes again what was refused, with what it skipped', async () => {
    const engine = new Engine({ memoryLimit: 256 * KIB });
    expect(statuses((await engine.run(document)).reports)).toEqual({ first: 'ok', second: 'error', plot: 'skipped' });
    // The same budget again: the refusal comes back from the memo, as any failure does.
    expect(statuses((await engine.run(document)).reports)).toEqual({ first: 'ok cached', second: 'error cached', plot: 'skipped' });
    engine.setMemoryLimit(512 * KIB);
    expect(statuses((await engine.run(document)).reports)).toEqual({ first: 'ok cached', second: 'ok', plot: 'ok' });
  });

  it('lowered below what the memo holds, forgets it all; lowered to what still fits, keeps it', async () => {
    const engine = new Engine({ memoryLimit: 512 * KIB });
    expect(statuses((await engine.run(document)).reports)).toEqual({ first: 'ok', second: 'ok', plot: 'ok' });
    engine.setMemoryLimit(400 * KIB);
    expect(statuses((await engine.run(document)).reports)).toEqual({ first: 'ok cached', second: 'ok cached', plot: 'ok cached' });
    engine.setMemoryLimit(256 * KIB);
    expect(engine.heldBytes()).toBe(0);
    expect(statuses((await engine.run(document)).reports)).toEqual({ first: 'ok', second: 'error', plot: 'skipped' });
  });
});
