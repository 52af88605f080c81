import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src-shared/data';
import { Engine, type NodeReport } from '../../src-shared/engine/engine';
import type { GraphDocument, GraphEdge, GraphNode } from '../../src-shared/graph/document';

function graph(nodes: GraphNode[], links: [string, string, string, string][]): GraphDocument {
  const edges: GraphEdge[] = links.map(([source, sourceHandle, target, targetHandle], i) => ({ id: `e${i}`, source, sourceHandle, target, targetHandle }));
  return { format: 'convolab.graph', version: 1, nodes, edges };
}

/** Two independent branches: x → sx → px and y → sy → py, with x also feeding sum. */
function twoBranches(factor = 2): GraphDocument {
  return graph(
    [
      { id: 'x', type: 'source.sequence', params: { values: [1, 2, 3] } },
      { id: 'sx', type: 'op.scale', params: { factor } },
      { id: 'px', type: 'sink.plot' },
      { id: 'y', type: 'source.sequence', params: { values: [4, 5] } },
      { id: 'sy', type: 'op.scale', params: { factor: 10 } },
      { id: 'py', type: 'sink.plot' },
    ],
    [
      ['x', 'out', 'sx', 'in'],
      ['sx', 'out', 'px', 'in'],
      ['y', 'out', 'sy', 'in'],
      ['sy', 'out', 'py', 'in'],
    ],
  );
}

async function runCounting(engine: Engine, document: GraphDocument) {
  const computed: string[] = [];
  const result = await engine.run(document, { onNodeStart: (id) => computed.push(id) });
  return { computed, result };
}

describe('the engine memoises by params and input identities', () => {
  it('computes every node once, then nothing when nothing changed', async () => {
    const engine = new Engine();
    expect((await runCounting(engine, twoBranches())).computed).toEqual(['x', 'sx', 'px', 'y', 'sy', 'py']);
    const again = await runCounting(engine, twoBranches());
    expect(again.computed).toEqual([]);
    expect(again.result.reports.every((r) => r.cached)).toBe(true);
  });

  it('changing one param re-runs only that node and what lies downstream', async () => {
    const engine = new Engine();
    await engine.run(twoBranches(2));
    const { computed } = await runCounting(engine, twoBranches(3));
    expect(computed).toEqual(['sx', 'px']);
    expect([...(engine.outcome('sx')!.outputs.out as Signal).data]).toEqual([3, 6, 9]);
  });

  it('a param set to its default value is the same node (no re-run)', async () => {
    const engine = new Engine();
    const document = twoBranches();
    await engine.run(document);
    document.nodes[0].params = { values: [1, 2, 3], start: 0 };
    expect((await runCounting(engine, document)).computed).toEqual([]);
  });
});

describe('failures stay with their node', () => {
  it('a failed node skips what lies downstream; the other branch still runs', async () => {
    const document = twoBranches();
    document.nodes[1].params = { factor: 'big' as unknown as number };
    const engine = new Engine();
    const { result } = await runCounting(engine, document);
    const byId = new Map(result.reports.map((r) => [r.id, r]));
    expect(byId.get('sx')).toMatchObject({ status: 'error', error: 'params.factor: must be a number (got "big")' });
    expect(byId.get('px')).toMatchObject({ status: 'skipped', error: 'skipped: input from sx has no value' });
    expect(['y', 'sy', 'py'].map((id) => byId.get(id)!.status)).toEqual(['ok', 'ok', 'ok']);
    expect(result.reports.map((r) => r.id)).toEqual(['x', 'sx', 'px', 'y', 'sy', 'py']);
  });

  it('a compute error (bad sizes) names the problem and skips downstream', async () => {
    const document = graph(
      [
        { id: 'a', type: 'source.sequence', params: { values: [1, 2] } },
        { id: 'b', type: 'source.sequence', params: { values: [1, 2, 3] } },
        { id: 'm', type: 'op.multiply' },
        { id: 'p', type: 'sink.plot' },
      ],
      [
        ['a', 'out', 'm', 'a'],
        ['b', 'out', 'm', 'b'],
        ['m', 'out', 'p', 'in'],
      ],
    );
    const { result } = await runCounting(new Engine(), document);
    expect(result.reports.find((r) => r.id === 'm')).toMatchObject({ status: 'error', error: 'sizes differ: a has 2 samples, b has 3 samples: pad both to the same length (op.pad)' });
    expect(result.reports.find((r) => r.id === 'p')!.status).toBe('skipped');
  });

  it('a missing input is an error that names the port', async () => {
    const document = graph([{ id: 'p', type: 'op.convolve' }], []);
    const { result } = await runCounting(new Engine(), document);
    expect(result.reports[0]).toMatchObject({ status: 'error', error: 'input a is not connected: connect a signal, image or volume' });
  });
});

describe('the resource guard', () => {
  it('refuses an allocation over the default 1 GiB, naming what and its size (the report names the node)', async () => {
    const document = graph(
      [
        { id: 'x', type: 'source.sequence' },
        { id: 'huge', type: 'op.pad', params: { length: 2 ** 40 } },
      ],
      [['x', 'out', 'huge', 'in']],
    );
    const { result } = await runCounting(new Engine(), document);
    expect(result.reports[1]).toMatchObject({
      status: 'error',
      error: 'padding to 1099511627776 samples would need 8.0 TiB, over the 1.0 GiB limit: use smaller inputs or sizes',
    });
  });

  it('a test image of 8192² fits under 1 GiB', async () => {
    const { result } = await runCounting(new Engine(), graph([{ id: 'big', type: 'source.testImage', params: { pattern: 'gradient', size: 8192 } }], []));
    expect(result.reports[0].status).toBe('ok');
  });

  it('honours a smaller limit', async () => {
    const engine = new Engine({ memoryLimit: 1024 });
    const { result } = await runCounting(engine, graph([{ id: 'f', type: 'source.function', params: { rate: 1000 } }], []));
    expect(result.reports[0].error).toBe('4001 samples would need 31 KiB, over the 1 KiB limit: use smaller inputs or sizes');
  });
});

describe('cancellation', () => {
  it('stops between nodes', async () => {
    let done = 0;
    const reports: NodeReport[] = [];
    const result = await new Engine().run(twoBranches(), {
      isCancelled: () => done >= 2,
      onNodeDone: (outcome) => {
        done++;
        reports.push(outcome.report);
      },
    });
    expect(result.status).toBe('cancelled');
    expect(result.reports.map((r) => r.id)).toEqual(['x', 'sx']);
  });

  it('stops inside a long loop, and the node is not cached as done', async () => {
    let polls = 0;
    let progressed = 0;
    const engine = new Engine();
    const document = graph([{ id: 'long', type: 'source.function', params: { shape: 'sine', rate: 1e6, t0: 0, t1: 4 } }], []);
    const result = await engine.run(document, {
      isCancelled: () => ++polls > 3,
      onProgress: () => progressed++,
      progressInterval: 0,
    });
    expect(result.status).toBe('cancelled');
    expect(result.reports).toEqual([]);
    expect(polls).toBeGreaterThan(3);
    expect(progressed).toBeGreaterThan(0);
    expect(engine.outcome('long')).toBeUndefined();
    const rerun = await engine.run(document);
    expect(rerun.reports[0].status).toBe('ok');
  });
});

describe('progress from inside long loops', () => {
  async function fractions(document: GraphDocument, id: string): Promise<number[]> {
    const seen: number[] = [];
    await new Engine().run(document, { onProgress: (node, fraction) => node === id && seen.push(fraction), progressInterval: 0 });
    return seen;
  }

  it('a direct convolution of long signals reports a rising fraction as it goes', async () => {
    const document = graph(
      [
        { id: 'f', type: 'source.function', params: { rate: 2000 } },
        { id: 'c', type: 'op.convolve', params: { method: 'direct' } },
      ],
      [
        ['f', 'out', 'c', 'a'],
        ['f', 'out', 'c', 'b'],
      ],
    );
    const seen = await fractions(document, 'c');
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((f, i) => f > 0 && f < 1 && (i === 0 || f > seen[i - 1]))).toBe(true);
  });

  it('the phantom reports its rows as it draws them', async () => {
    const seen = await fractions(graph([{ id: 'p', type: 'source.testImage', params: { pattern: 'phantom', size: 512 } }], []), 'p');
    expect(seen).toEqual([64, 128, 192, 256, 320, 384, 448, 512].map((rows) => rows / 512));
  });

  it('reports nothing for a node done within the interval, and first once the node has run that long', async () => {
    // Each report is a message to the page: a node done in a few ms sends none.
    const phantom = graph([{ id: 'p', type: 'source.testImage', params: { pattern: 'phantom', size: 512 } }], []);
    const seenWith = async (now: () => number): Promise<number[]> => {
      const seen: number[] = [];
      await new Engine({ now }).run(phantom, { onProgress: (_node, fraction) => seen.push(fraction), progressInterval: 50 });
      return seen;
    };
    // A clock that stands still: the node is done at once.
    expect(await seenWith(() => 1000)).toEqual([]);
    // A clock that moves 20 ms at each reading: reports every 50 ms of it, none at the node's first rows.
    let clock = 0;
    const slow = await seenWith(() => (clock += 20));
    expect(slow.length).toBeGreaterThan(1);
    expect(slow.length).toBeLessThan(8);
    expect(slow[0]).toBeGreaterThan(64 / 512);
  });
});

describe('timing', () => {
  it('reports each node\'s compute time from the clock', async () => {
    let clock = 0;
    const engine = new Engine({ now: () => (clock += 5) });
    const result = await engine.run(graph([{ id: 'x', type: 'source.sequence' }], []));
    expect(result.reports[0].ms).toBe(5);
    expect(result.ms).toBeGreaterThan(0);
  });
});
