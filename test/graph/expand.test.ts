import { describe, expect, it } from 'vitest';
import type { Value } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';
import { expandBlocks } from '../../src-shared/graph/expand';
import { SQUARE, documentOf, fftConvolutionDocument, fftConvolutionFlat } from '../engine/block-documents';

/** A value's samples as bytes, so two runs are compared bit for bit (−0, NaN payloads and all). */
function bytesOf(value: Value | undefined): number[] {
  if (!value || !('data' in value)) throw new Error(`expected a value with samples, got ${value?.kind}`);
  return [...new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength)];
}

async function runAll(document: GraphDocument): Promise<Engine> {
  const engine = new Engine();
  const result = await engine.run(document);
  expect(result.status).toBe('done');
  return engine;
}

describe('expandBlocks', () => {
  it('hands back the very document when it has no block nodes', () => {
    const flat = fftConvolutionFlat();
    const expansion = expandBlocks(flat);
    expect(expansion.document).toBe(flat);
    expect(expansion.owners.size).toBe(0);
  });

  it('names inner nodes instance/inner, owned by their instance, and drops the blocks', () => {
    const { document, owners } = expandBlocks(fftConvolutionDocument());
    expect(document.blocks).toBeUndefined();
    expect(document.nodes.map((node) => node.id)).toEqual(['a', 'b', 'conv/fftA', 'conv/fftB', 'conv/product', 'conv/back', 'plot', 'direct', 'directPlot']);
    expect([...owners]).toEqual([
      ['conv/fftA', 'conv'],
      ['conv/fftB', 'conv'],
      ['conv/product', 'conv'],
      ['conv/back', 'conv'],
    ]);
    const wires = document.edges.map((edge) => `${edge.source}.${edge.sourceHandle}->${edge.target}.${edge.targetHandle}`);
    expect(wires).toContain('a.out->conv/fftA.in');
    expect(wires).toContain('conv/back.out->plot.in');
    expect(wires).toContain('conv/fftA.out->conv/product.a');
    expect(new Set(document.edges.map((edge) => edge.id)).size).toBe(document.edges.length);
  });

  it('is deterministic: equal documents expand to equal documents', () => {
    expect(JSON.stringify(expandBlocks(fftConvolutionDocument()).document)).toBe(JSON.stringify(expandBlocks(fftConvolutionDocument()).document));
  });

  it('a block computes bit for bit what the same nodes wired flat compute', async () => {
    const blocked = await runAll(fftConvolutionDocument());
    const flat = await runAll(fftConvolutionFlat());
    for (const sink of ['plot', 'directPlot']) {
      expect(blocked.outcome(sink)?.report.status).toBe('ok');
      expect(bytesOf(blocked.outcome(sink)?.sink)).toEqual(bytesOf(flat.outcome(sink)?.sink));
    }
    const inner = blocked.outcome('conv/product')?.outputs.out;
    const outer = flat.outcome('product')?.outputs.out;
    if (inner?.kind !== 'spectrum' || outer?.kind !== 'spectrum') throw new Error('expected spectra from the multiply');
    expect([...inner.re, ...inner.im]).toEqual([...outer.re, ...outer.im]);
  });

  it('writes a promoted value into every param it binds', async () => {
    const { document } = expandBlocks(fftConvolutionDocument(32));
    for (const id of ['conv/fftA', 'conv/fftB']) expect(document.nodes.find((node) => node.id === id)?.params).toEqual({ size: 'custom', n: 32 });
    const engine = await runAll(fftConvolutionDocument(32));
    for (const id of ['conv/fftA', 'conv/fftB']) expect((engine.outcome(id)?.outputs.out as { re: Float64Array }).re.length).toBe(32);
    // And the definition keeps its own value for instances that set none.
    const unset = fftConvolutionDocument();
    delete unset.nodes[2]!.params;
    expect(expandBlocks(unset).document.nodes.find((node) => node.id === 'conv/fftB')?.params).toEqual({ size: 'custom', n: 8 });
  });

  it('an input port with two inner ends feeds both', async () => {
    const document = documentOf(
      [
        { id: 'x', type: 'source.sequence', params: { values: [1, -2, 3] } },
        { id: 'sq', type: 'block', block: 'bsq' },
        { id: 'plot', type: 'sink.plot' },
      ],
      [
        ['x', 'out', 'sq', 'x'],
        ['sq', 'out', 'plot', 'in'],
      ],
      { bsq: SQUARE },
    );
    const into = expandBlocks(document).document.edges.filter((edge) => edge.target === 'sq/times');
    expect(into.map((edge) => `${edge.source}.${edge.sourceHandle}->${edge.targetHandle}`)).toEqual(['x.out->a', 'x.out->b']);
    const engine = await runAll(document);
    expect([...(engine.outcome('plot')!.sink as { data: Float64Array }).data]).toEqual([1, 4, 9]);
  });

  it('two instances of one definition run apart, each on its own input', async () => {
    const document = documentOf(
      [
        { id: 'x', type: 'source.sequence', params: { values: [1, 2] } },
        { id: 'y', type: 'source.sequence', params: { values: [3, 4, 5] } },
        { id: 'sq1', type: 'block', block: 'bsq' },
        { id: 'sq2', type: 'block', block: 'bsq' },
        { id: 'p1', type: 'sink.plot' },
        { id: 'p2', type: 'sink.plot' },
      ],
      [
        ['x', 'out', 'sq1', 'x'],
        ['y', 'out', 'sq2', 'x'],
        ['sq1', 'out', 'p1', 'in'],
        ['sq2', 'out', 'p2', 'in'],
      ],
      { bsq: SQUARE },
    );
    const { owners } = expandBlocks(document);
    expect(owners.get('sq1/times')).toBe('sq1');
    expect(owners.get('sq2/times')).toBe('sq2');
    const engine = await runAll(document);
    expect([...(engine.outcome('p1')!.sink as { data: Float64Array }).data]).toEqual([1, 4]);
    expect([...(engine.outcome('p2')!.sink as { data: Float64Array }).data]).toEqual([9, 16, 25]);
  });

  it('an unconnected input port leaves its inner input unconnected: that inner node says so, the rest runs', async () => {
    const document = fftConvolutionDocument();
    document.edges = document.edges.filter((edge) => !(edge.target === 'conv' && edge.targetHandle === 'b'));
    const engine = new Engine();
    const result = await engine.run(document);
    const status = Object.fromEntries(result.reports.map((report) => [report.id, report.status]));
    expect(status).toMatchObject({ 'conv/fftA': 'ok', 'conv/fftB': 'error', 'conv/product': 'skipped', 'conv/back': 'skipped', plot: 'skipped', directPlot: 'ok' });
    expect(engine.outcome('conv/fftB')?.report.error).toMatch(/^input in is not connected/);
  });

  it('a block node whose definition is missing fails on its own; what it feeds is skipped', async () => {
    const document = fftConvolutionDocument();
    document.nodes[2]!.block = 'bmissing';
    const engine = new Engine();
    const result = await engine.run(document);
    const conv = result.reports.find((report) => report.id === 'conv');
    expect(conv?.status).toBe('error');
    expect(conv?.error).toContain('bmissing is not in this file');
    expect(engine.outcome('plot')?.report.status).toBe('skipped');
    expect(engine.outcome('directPlot')?.report.status).toBe('ok');
  });
});

describe('expandBlocks on a graph whose blocks would be huge', () => {
  it('counts instances × inner nodes without expanding, leaves the blocks as they are, and each block node fails with the reason; the rest runs', async () => {
    const inner = Array.from({ length: 101 }, (_, i) => ({ id: `s${i}`, type: 'op.scale' }));
    const big = { title: 'big', nodes: inner, edges: [], inputs: [], outputs: [] };
    const nodes = Array.from({ length: 100 }, (_, i) => ({ id: `b${i}`, type: 'block', block: 'bbig' }));
    const document = documentOf([...nodes, { id: 'x', type: 'source.sequence' }, { id: 'plot', type: 'sink.plot' }], [['x', 'out', 'plot', 'in']], { bbig: big });
    const expansion = expandBlocks(document);
    expect(expansion.document).toBe(document);
    expect(expansion.problem).toBe("run as their inner nodes, this graph's blocks would make 10102 nodes, over the limit of 10000: use fewer or smaller blocks");
    const engine = new Engine();
    await engine.run(document);
    expect(engine.outcome('b7')?.report.error).toBe(expansion.problem);
    expect(engine.outcome('plot')?.report.status).toBe('ok');
  });
});
