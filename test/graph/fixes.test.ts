/**
 * The one-click fixes (src-shared/graph/fixes.ts): each, applied as the editor applies it (one
 * batch command), gives a document that validates and that the engine runs without the error.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src-shared/data';
import { Engine, type NodeReport } from '../../src-shared/engine/engine';
import { makePreview, type Preview } from '../../src-shared/engine/preview';
import { emptyDocument, type GraphDocument, type GraphEdge, type GraphNode } from '../../src-shared/graph/document';
import { connectionFixes, nodeFixes, type Fix } from '../../src-shared/graph/fixes';
import { canConnect, validateDocument, type Connection } from '../../src-shared/graph/validate';
import { applyCommand, fixCommand } from '../../src-renderer/store/commands';

const RGB_PNG = readFileSync(new URL('../fixtures/io/rgb8.png', import.meta.url));

function graph(nodes: GraphNode[], wires: string[]): GraphDocument {
  const edges: GraphEdge[] = wires.map((wire, i) => {
    const [from, to] = wire.split(' -> ') as [string, string];
    const [source, sourceHandle] = from.split('.') as [string, string];
    const [target, targetHandle] = to.split('.') as [string, string];
    return { id: `w${i + 1}`, source, sourceHandle, target, targetHandle };
  });
  return { ...emptyDocument(), nodes, edges };
}

/** Runs the document; reports and previews by node, as the host would send them. */
async function run(document: GraphDocument) {
  const engine = new Engine({ readFile: () => Promise.resolve(new Uint8Array(RGB_PNG)) });
  const previews = new Map<string, Preview>();
  const reports = new Map<string, NodeReport>();
  await engine.run(document, {
    onNodeDone: (outcome) => {
      reports.set(outcome.report.id, outcome.report);
      for (const [port, value] of Object.entries(outcome.outputs)) previews.set(`${outcome.report.id}.${port}`, makePreview(value));
    },
  });
  const lookup = (node: string, port: string) => previews.get(`${node}.${port}`);
  const fixesOf = (node: string) => nodeFixes(document, node, reports.get(node)!, lookup);
  return { engine, reports, lookup, fixesOf };
}

function apply(document: GraphDocument, fix: Fix): GraphDocument {
  const fixed = applyCommand(document, fixCommand(fix));
  expect(validateDocument(fixed)).toEqual([]);
  return fixed;
}

function errors(reports: Map<string, NodeReport>): string[] {
  return [...reports.values()].filter((report) => report.status !== 'ok').map((report) => `${report.id}: ${report.error}`);
}

/** The convolution theorem wired by hand: direct convolve against FFT → multiply → IFFT. */
function theorem(): GraphDocument {
  return graph(
    [
      { id: 'function1', type: 'source.function' },
      { id: 'gaussian1', type: 'kernel.gaussian', params: { dims: 1 } },
      { id: 'convolve1', type: 'op.convolve' },
      { id: 'fft1', type: 'op.fft' },
      { id: 'fft2', type: 'op.fft' },
      { id: 'multiply1', type: 'op.multiply' },
      { id: 'ifft1', type: 'op.ifft' },
      { id: 'compare1', type: 'op.compare' },
    ],
    [
      'function1.out -> convolve1.a',
      'gaussian1.out -> convolve1.b',
      'function1.out -> fft1.in',
      'gaussian1.out -> fft2.in',
      'fft1.out -> multiply1.a',
      'fft2.out -> multiply1.b',
      'multiply1.out -> ifft1.in',
      'convolve1.out -> compare1.a',
      'ifft1.out -> compare1.b',
    ],
  );
}

describe('fixes for a node error', () => {
  it('size mismatch before Multiply: sets n = len a + len b − 1 on both FFTs, and with the offered fixes Compare matches', async () => {
    let document = theorem();
    let result = await run(document);
    expect(result.reports.get('multiply1')).toMatchObject({ status: 'error', cause: { kind: 'size-mismatch' } });
    const a = result.engine.outcome('function1')!.outputs.out as Signal;
    const b = result.engine.outcome('gaussian1')!.outputs.out as Signal;
    const n = a.data.length + b.data.length - 1;
    const [sizeFix, ...others] = result.fixesOf('multiply1');
    expect(others).toEqual([]);
    expect(sizeFix.label).toBe(`Set n = ${n} on fft1 and fft2`);
    document = apply(document, sizeFix);
    expect(document.nodes.find((node) => node.id === 'fft2')!.params).toEqual({ size: 'custom', n });

    // Any error left would have its own fix; at most a few clicks reach a graph with no error.
    const applied: string[] = [];
    for (let clicks = 0; clicks < 4; clicks++) {
      result = await run(document);
      const failing = [...result.reports.values()].find((report) => report.status === 'error');
      if (!failing) break;
      const fixes = result.fixesOf(failing.id);
      expect(fixes, `${failing.id}: ${failing.error}`).not.toEqual([]);
      applied.push(fixes[0].label);
      document = apply(document, fixes[0]);
    }
    result = await run(document);
    expect(errors(result.reports)).toEqual([]);
    // A kernel's samples take the rate of the signal they meet: no rate to fix after the size.
    expect(applied).toEqual([]);
    const verdict = result.engine.outcome('compare1')!.outputs.out;
    expect(verdict).toMatchObject({ kind: 'value', fields: { match: 1 } });
  });

  it('rate mismatch between two signals: offers to raise the slower source to the faster one, or the other way', async () => {
    let document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'sequence1', type: 'source.sequence' },
        { id: 'add1', type: 'op.add' },
      ],
      ['function1.out -> add1.a', 'sequence1.out -> add1.b'],
    );
    const result = await run(document);
    expect(result.reports.get('add1')).toMatchObject({ status: 'error', cause: { kind: 'rate-mismatch', rates: [100, 1] } });
    const fixes = result.fixesOf('add1');
    expect(fixes.map((fix) => fix.label)).toEqual(['Set rate = 100 on sequence1', 'Set rate = 1 on function1']);
    for (const fix of fixes) {
      const after = await run(apply(document, fix));
      expect(errors(after.reports)).toEqual([]);
    }
    // Through an operation in between, the source is still found.
    document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'sequence1', type: 'source.sequence' },
        { id: 'scale1', type: 'op.scale' },
        { id: 'subtract1', type: 'op.subtract' },
      ],
      ['function1.out -> subtract1.a', 'sequence1.out -> scale1.in', 'scale1.out -> subtract1.b'],
    );
    expect((await run(document)).fixesOf('subtract1').map((fix) => fix.label)).toEqual(['Set rate = 100 on sequence1', 'Set rate = 1 on function1']);
  });

  it('rate mismatch where one side is made of several sources at one rate (noise × decay, a reverb\'s impulse response): retimes them all', async () => {
    const short = { t0: 0, t1: 0.01 };
    const document = graph(
      [
        { id: 'dry', type: 'source.testSound', params: { kind: 'noise-burst', duration: 0.01, rate: 48000 } },
        { id: 'noise', type: 'source.function', params: { shape: 'noise', ...short } },
        { id: 'decay', type: 'source.function', params: { shape: 'exponential', ...short } },
        { id: 'ir', type: 'op.multiply' },
        { id: 'wet', type: 'op.convolve' },
      ],
      ['noise.out -> ir.a', 'decay.out -> ir.b', 'dry.out -> wet.a', 'ir.out -> wet.b'],
    );
    const result = await run(document);
    expect(result.reports.get('wet')).toMatchObject({ status: 'error', cause: { kind: 'rate-mismatch', rates: [48000, 100] } });
    const fixes = result.fixesOf('wet');
    // The test sound cannot run at 100 Hz (its range starts at 1000): that side is offered no fix.
    expect(fixes.map((fix) => fix.label)).toEqual(['Set rate = 48000 on noise and decay']);
    expect(errors((await run(apply(document, fixes[0]))).reports)).toEqual([]);
  });

  it('multi-channel image into a one-channel node: inserts Gray in the wire, as one edit', async () => {
    const document = graph(
      [
        { id: 'image1', type: 'source.image', params: { path: 'rgb8.png', mode: 'rgb' }, position: { x: 0, y: 0 } },
        { id: 'fft2d1', type: 'op.fft2d', position: { x: 300, y: 0 } },
      ],
      ['image1.out -> fft2d1.in'],
    );
    const result = await run(document);
    expect(result.reports.get('fft2d1')).toMatchObject({ status: 'error', cause: { kind: 'channels', port: 'in', channels: 3 } });
    const fixes = result.fixesOf('fft2d1');
    expect(fixes.map((fix) => fix.label)).toEqual(['Insert Gray before fft2d1']);
    const fixed = apply(document, fixes[0]);
    expect(fixed.edges.map(({ source, target }) => `${source} -> ${target}`).sort()).toEqual(['gray1 -> fft2d1', 'image1 -> gray1']);
    expect(errors((await run(fixed)).reports)).toEqual([]);

    // On a node with several inputs the button names the port by the label the node shows.
    const kernel = graph(
      [
        { id: 'testImage1', type: 'source.testImage', params: { size: 16 } },
        { id: 'image1', type: 'source.image', params: { path: 'rgb8.png', mode: 'rgb' } },
        { id: 'convolve1', type: 'op.convolve' },
      ],
      ['testImage1.out -> convolve1.a', 'image1.out -> convolve1.b'],
    );
    const kernelRun = await run(kernel);
    expect(kernelRun.reports.get('convolve1')).toMatchObject({ cause: { kind: 'channels', port: 'b' } });
    const [kernelFix] = kernelRun.fixesOf('convolve1');
    expect(kernelFix.label).toBe("Insert Gray before convolve1's kernel");
    expect(errors((await run(apply(kernel, kernelFix))).reports)).toEqual([]);
  });

  it('a Pad on its defaults after a Function (401 samples), or an image larger than 256²: offers the length that fits, or pow2', async () => {
    const document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'pad1', type: 'op.pad' },
        { id: 'testImage1', type: 'source.testImage', params: { size: 300 } },
        { id: 'pad2', type: 'op.pad' },
      ],
      ['function1.out -> pad1.in', 'testImage1.out -> pad2.in'],
    );
    const result = await run(document);
    expect(result.reports.get('pad1')).toMatchObject({ status: 'error', cause: { kind: 'params' } });
    expect(result.fixesOf('pad1').map((fix) => fix.label)).toEqual(['Set length = 401 on pad1', 'Set to = pow2 on pad1']);
    expect(result.fixesOf('pad2').map((fix) => fix.label)).toEqual(['Set width = 300, height = 300 on pad2', 'Set to = pow2 on pad2']);
    // Each fix alone runs the graph with no error.
    for (const index of [0, 1]) {
      const fixed = apply(apply(document, result.fixesOf('pad1')[index]!), result.fixesOf('pad2')[index]!);
      const again = await run(fixed);
      expect(errors(again.reports)).toEqual([]);
    }
  });

  it('an FFT of custom n shorter than its signal: offers n = the signal\'s length, or size exact', async () => {
    const document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'fft1', type: 'op.fft', params: { size: 'custom', n: 64 } },
      ],
      ['function1.out -> fft1.in'],
    );
    const result = await run(document);
    expect(result.fixesOf('fft1').map((fix) => fix.label)).toEqual(['Set n = 401 on fft1', 'Set size = exact on fft1']);
    for (const fix of result.fixesOf('fft1')) expect(errors((await run(apply(document, fix))).reports)).toEqual([]);
  });

  it('a kernel whose dims changed after it was wired: sets them back to what the wire needs', async () => {
    const document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'gaussian1', type: 'kernel.gaussian', params: { dims: 2 } },
        { id: 'convolve1', type: 'op.convolve' },
      ],
      ['function1.out -> convolve1.a', 'gaussian1.out -> convolve1.b'],
    );
    const result = await run(document);
    expect(result.reports.get('convolve1')?.status).toBe('error');
    const fixes = result.fixesOf('convolve1');
    expect(fixes.map((fix) => fix.label)).toHaveLength(1);
    expect(fixes[0].label).toMatch(/^Set Dimensions = (1|auto) on gaussian1$/);
    expect(errors((await run(apply(document, fixes[0]))).reports)).toEqual([]);
  });

  it('offers nothing where no one change is obvious', async () => {
    // Signals of different lengths multiplied: padding is a choice, not a fix.
    const document = graph(
      [
        { id: 'sequence1', type: 'source.sequence', params: { values: [1, 2, 3] } },
        { id: 'sequence2', type: 'source.sequence', params: { values: [1, 2] } },
        { id: 'multiply1', type: 'op.multiply' },
      ],
      ['sequence1.out -> multiply1.a', 'sequence2.out -> multiply1.b'],
    );
    const result = await run(document);
    expect(result.reports.get('multiply1')).toMatchObject({ status: 'error' });
    expect(result.fixesOf('multiply1')).toEqual([]);
  });
});

describe('fixes for a refused connection', () => {
  const base = () =>
    graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'gaussian1', type: 'kernel.gaussian', params: { dims: 2 } },
        { id: 'convolve1', type: 'op.convolve' },
      ],
      [],
    );
  const connectAndRun = async (document: GraphDocument, connection: Connection) => {
    expect(canConnect(document, connection).ok).toBe(false);
    const fixes = connectionFixes(document, connection);
    expect(fixes).toHaveLength(1);
    expect(fixes[0].label).toMatch(/^Set Dimensions = (1|auto) on gaussian1 and connect$/);
    const fixed = apply(document, fixes[0]);
    expect(fixed.edges).toContainEqual(expect.objectContaining(connection));
    return run(fixed);
  };

  it('a 2-D kernel dropped on a convolve that takes a signal: sets its dims and connects, in one edit', async () => {
    const document = applyCommand(base(), { kind: 'connect', edge: { id: 'e1', source: 'function1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'a' } });
    const result = await connectAndRun(document, { source: 'gaussian1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'b' });
    expect(errors(result.reports)).toEqual([]);
  });

  it('a signal dropped on a convolve whose kernel is 2-D: sets the kernel it meets', async () => {
    const document = applyCommand(base(), { kind: 'connect', edge: { id: 'e1', source: 'gaussian1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'b' } });
    const result = await connectAndRun(document, { source: 'function1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'a' });
    expect(errors(result.reports)).toEqual([]);
  });

  it('offers nothing for a connection no param can allow, or one that is fine', () => {
    const document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'fft2d1', type: 'op.fft2d' },
        { id: 'fft1', type: 'op.fft' },
      ],
      [],
    );
    expect(connectionFixes(document, { source: 'function1', sourceHandle: 'out', target: 'fft2d1', targetHandle: 'in' })).toEqual([]);
    expect(connectionFixes(document, { source: 'function1', sourceHandle: 'out', target: 'fft1', targetHandle: 'in' })).toEqual([]);
  });
});
