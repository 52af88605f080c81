/**
 * The kernel rule (NODES.md, "Kernels adapt to what they meet"), end to end through the real
 * registry, the validator and the engine: a kernel with dims auto takes the shape of what it
 * feeds, and its samples take the rate of the signal they meet.
 */
import { describe, expect, it } from 'vitest';
import type { Signal, Spectrum, ValueRecord } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import { GRAPH_VERSION, type GraphDocument, type GraphNode } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import { canConnect, inferTypes, validateDocument } from '../../src-shared/graph/validate';
import { inferPortTypes } from '../../src-renderer/canvas/rules';
import { edgesOf, type Link } from '../cli/helpers';

function graph(nodes: GraphNode[], links: Link[]): GraphDocument {
  return { format: 'convolab.graph', version: GRAPH_VERSION, nodes, edges: edgesOf(links) };
}

/** The newcomer's filter: Function, Gaussian kernel, Convolve, Plot, all on defaults. */
function filterGraph(): GraphDocument {
  return graph(
    [
      { id: 'function1', type: 'source.function' },
      { id: 'gaussian1', type: 'kernel.gaussian' },
      { id: 'convolve1', type: 'op.convolve' },
      { id: 'plot1', type: 'sink.plot' },
    ],
    [
      ['function1', 'out', 'convolve1', 'a'],
      ['gaussian1', 'out', 'convolve1', 'b'],
      ['convolve1', 'out', 'plot1', 'in'],
    ],
  );
}

/** An independent oracle: the defaults' 1-D Gaussian, σ = 2, radius ceil(3σ) = 6, normalised. */
function gaussianOracle(sigma = 2): number[] {
  const radius = Math.ceil(3 * sigma);
  const taps: number[] = [];
  for (let i = -radius; i <= radius; i++) taps.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
  const sum = taps.reduce((s, w) => s + w, 0);
  return taps.map((w) => w / sum);
}

/** Full convolution by its definition, O(n²). */
function naiveConvolution(a: ArrayLike<number>, b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  return out;
}

async function run(document: GraphDocument) {
  const engine = new Engine();
  const result = await engine.run(document);
  const statuses = Object.fromEntries(result.reports.map((report) => [report.id, report.status]));
  const errors = Object.fromEntries(result.reports.filter((report) => report.error).map((report) => [report.id, report.error]));
  return { engine, statuses, errors };
}

describe('a kernel with dims auto takes the shape of what it feeds', () => {
  it('Function + Gaussian kernel + Convolve + Plot on defaults validates, runs, and is the 1-D convolution at the function’s rate', async () => {
    const document = filterGraph();
    expect(validateDocument(document)).toEqual([]);
    const { engine, statuses } = await run(document);
    expect(statuses).toEqual({ function1: 'ok', gaussian1: 'ok', convolve1: 'ok', plot1: 'ok' });

    const f = engine.outcome('function1')!.outputs.out as Signal;
    const out = engine.outcome('convolve1')!.outputs.out as Signal;
    const taps = gaussianOracle();
    const expected = naiveConvolution(f.data, taps);
    expect(out.kind).toBe('signal');
    expect(out.data.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(out.data[i] - expected[i]));
    expect(worst).toBeLessThan(1e-12);
    expect(out.start).toBe(f.start - 6); // the kernel is centred: it starts at −radius
    expect(out.rate).toBe(100);
    expect(out.unitless).toBeUndefined();
    expect(engine.outcome('plot1')!.sink).toMatchObject({ kind: 'signal', rate: 100 });
  });

  it('the convolution-theorem graph on defaults, both FFTs at n = len(a) + len(b) − 1, runs and Compare matches (no rate refusal)', async () => {
    const fLength = 401; // t ∈ [−2, 2] at 100 samples per second
    const n = fLength + 13 - 1;
    const document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'gaussian1', type: 'kernel.gaussian' },
        { id: 'convolve1', type: 'op.convolve' },
        { id: 'fft1', type: 'op.fft', params: { size: 'custom', n } },
        { id: 'fft2', type: 'op.fft', params: { size: 'custom', n } },
        { id: 'multiply1', type: 'op.multiply' },
        { id: 'ifft1', type: 'op.ifft' },
        { id: 'compare1', type: 'op.compare' },
      ],
      [
        ['function1', 'out', 'convolve1', 'a'],
        ['gaussian1', 'out', 'convolve1', 'b'],
        ['function1', 'out', 'fft1', 'in'],
        ['gaussian1', 'out', 'fft2', 'in'],
        ['fft1', 'out', 'multiply1', 'a'],
        ['fft2', 'out', 'multiply1', 'b'],
        ['multiply1', 'out', 'ifft1', 'in'],
        ['convolve1', 'out', 'compare1', 'a'],
        ['ifft1', 'out', 'compare1', 'b'],
      ],
    );
    expect(validateDocument(document)).toEqual([]);
    const { engine, statuses, errors } = await run(document);
    expect(errors).toEqual({});
    expect(Object.values(statuses).every((status) => status === 'ok')).toBe(true);
    expect((engine.outcome('function1')!.outputs.out as Signal).data.length).toBe(fLength);
    const kernelSpectrum = engine.outcome('fft2')!.outputs.out as Spectrum;
    expect(kernelSpectrum.unitless).toBe(true);
    const product = engine.outcome('multiply1')!.outputs.out as Spectrum;
    expect(product.rate).toBe(100);
    expect(product.unitless).toBeUndefined();
    expect((engine.outcome('ifft1')!.outputs.out as Signal).rate).toBe(100);
    expect((engine.outcome('compare1')!.outputs.out as ValueRecord).fields.match).toBe(1);
  });

  it('follows generic chains: kernel → Scale → Convolve’s kernel input is 1-D; kernel → FFT is 1-D; a kernel on its own is 2-D', async () => {
    const document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'box1', type: 'kernel.box', params: { size: 5 } },
        { id: 'scale1', type: 'op.scale', params: { factor: 2 } },
        { id: 'convolve1', type: 'op.convolve' },
        { id: 'identity1', type: 'kernel.identity' },
        { id: 'fft1', type: 'op.fft' },
        { id: 'alone', type: 'kernel.gaussian' },
      ],
      [
        ['box1', 'out', 'scale1', 'in'],
        ['scale1', 'out', 'convolve1', 'b'],
        ['function1', 'out', 'convolve1', 'a'],
        ['identity1', 'out', 'fft1', 'in'],
      ],
    );
    expect(validateDocument(document)).toEqual([]);
    const types = inferTypes(document);
    expect(types.get('box1.out')).toBe('signal');
    expect(types.get('scale1.out')).toBe('signal');
    expect(types.get('identity1.out')).toBe('signal');
    expect(types.get('alone.out')).toBe('image');
    // The canvas colours ports from the same inference.
    expect(inferPortTypes(document).get('convolve1.b')).toBe('signal');

    const { engine, statuses } = await run(document);
    expect(Object.values(statuses).every((status) => status === 'ok')).toBe(true);
    const out = engine.outcome('convolve1')!.outputs.out as Signal;
    const f = engine.outcome('function1')!.outputs.out as Signal;
    const expected = naiveConvolution(f.data, [0.4, 0.4, 0.4, 0.4, 0.4]);
    expect(Array.from(out.data).every((x, i) => Math.abs(x - expected[i]) < 1e-12)).toBe(true);
    expect(out.rate).toBe(100);
    expect(engine.outcome('alone')!.outputs.out).toMatchObject({ kind: 'image', width: 13, height: 13 });
  });

  it('is 2-D where it meets an image, and two kernels that meet only each other are 2-D', async () => {
    const document = graph(
      [
        { id: 'photo', type: 'source.testImage', params: { size: 16 } },
        { id: 'gaussian1', type: 'kernel.gaussian', params: { sigma: 1 } },
        { id: 'blur', type: 'op.convolve', params: { mode: 'same' } },
        { id: 'k1', type: 'kernel.box' },
        { id: 'k2', type: 'kernel.identity' },
        { id: 'both', type: 'op.convolve' },
      ],
      [
        ['photo', 'out', 'blur', 'a'],
        ['gaussian1', 'out', 'blur', 'b'],
        ['k1', 'out', 'both', 'a'],
        ['k2', 'out', 'both', 'b'],
      ],
    );
    expect(validateDocument(document)).toEqual([]);
    const { engine, statuses } = await run(document);
    expect(Object.values(statuses).every((status) => status === 'ok')).toBe(true);
    expect(engine.outcome('gaussian1')!.outputs.out).toMatchObject({ kind: 'image', width: 7, height: 7 });
    expect(engine.outcome('both')!.outputs.out).toMatchObject({ kind: 'image', width: 5, height: 5 });
  });

  it('two kernels that meet each other take the type one of them is asked for', () => {
    const document = graph(
      [
        { id: 'k1', type: 'kernel.box' },
        { id: 'k2', type: 'kernel.gaussian' },
        { id: 'both', type: 'op.convolve' },
        { id: 'plot1', type: 'sink.plot' },
        { id: 'fft1', type: 'op.fft' },
      ],
      [
        ['k1', 'out', 'both', 'a'],
        ['k2', 'out', 'both', 'b'],
        ['k1', 'out', 'fft1', 'in'],
        ['both', 'out', 'plot1', 'in'],
      ],
    );
    expect(validateDocument(document)).toEqual([]);
    const types = inferTypes(document);
    expect([types.get('k1.out'), types.get('k2.out'), types.get('both.out')]).toEqual(['signal', 'signal', 'signal']);
  });

  it('a custom kernel written as rows is 2-D; as one flat list it adapts', () => {
    const document = graph(
      [
        { id: 'function1', type: 'source.function' },
        { id: 'rows', type: 'kernel.custom' },
        { id: 'flat', type: 'kernel.custom', params: { values: [1, 2, 1] } },
        { id: 'convolve1', type: 'op.convolve' },
        { id: 'plot1', type: 'sink.plot' },
      ],
      [
        ['function1', 'out', 'convolve1', 'a'],
        ['flat', 'out', 'convolve1', 'b'],
        ['rows', 'out', 'plot1', 'in'],
      ],
    );
    const types = inferTypes(document);
    expect(types.get('flat.out')).toBe('signal');
    expect(types.get('rows.out')).toBe('image');
    expect(validateDocument(document)).toEqual(['edges[2]: plot1.in takes a signal, but rows.out gives an image']);
  });

  it('asked for two types, it is an error on the kernel that names both ports, in validation, when connecting and in the engine', async () => {
    const nodes: GraphNode[] = [
      { id: 'gaussian1', type: 'kernel.gaussian' },
      { id: 'fft1', type: 'op.fft' },
      { id: 'image1', type: 'sink.image' },
    ];
    const document = graph(nodes, [
      ['gaussian1', 'out', 'fft1', 'in'],
      ['gaussian1', 'out', 'image1', 'in'],
    ]);
    const message = 'gaussian1 takes its shape from what it feeds (dims auto), but fft1.in asks for a signal and image1.in for an image: feed each from its own kernel';
    expect(validateDocument(document)).toEqual([`nodes[0].params.dims: ${message}`]);
    const oneEdge = graph(nodes, [['gaussian1', 'out', 'fft1', 'in']]);
    expect(canConnect(oneEdge, { source: 'gaussian1', sourceHandle: 'out', target: 'image1', targetHandle: 'in' })).toEqual({ ok: false, reason: message });
    const { statuses, errors } = await run(document);
    expect(statuses).toEqual({ gaussian1: 'error', fft1: 'skipped', image1: 'skipped' });
    expect(errors.gaussian1).toBe(message);
  });

  it('names a generic port by the other input it must match', () => {
    const document = graph(
      [
        { id: 'photo', type: 'source.testImage' },
        { id: 'gaussian1', type: 'kernel.gaussian' },
        { id: 'convolve1', type: 'op.convolve' },
        { id: 'plot1', type: 'sink.plot' },
      ],
      [
        ['photo', 'out', 'convolve1', 'a'],
        ['gaussian1', 'out', 'convolve1', 'b'],
        ['gaussian1', 'out', 'plot1', 'in'],
      ],
    );
    expect(validateDocument(document)).toEqual([
      "nodes[1].params.dims: gaussian1 takes its shape from what it feeds (dims auto), but convolve1's kernel input (b) (to match convolve1.a) asks for an image and plot1.in for a signal: feed each from its own kernel",
    ]);
  });

  it('lets the newcomer wire the kernel first: Convolve’s input a then takes the Function', () => {
    const nodes: GraphNode[] = [
      { id: 'function1', type: 'source.function' },
      { id: 'gaussian1', type: 'kernel.gaussian' },
      { id: 'convolve1', type: 'op.convolve' },
    ];
    const kernelFirst = graph(nodes, [['gaussian1', 'out', 'convolve1', 'b']]);
    expect(canConnect(kernelFirst, { source: 'function1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'a' })).toEqual({ ok: true });
    const functionFirst = graph(nodes, [['function1', 'out', 'convolve1', 'a']]);
    expect(canConnect(functionFirst, { source: 'gaussian1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'b' })).toEqual({ ok: true });
  });

  it('a kernel that chose its dims keeps them, and the message names the kernel input as the node shows it', () => {
    const document = filterGraph();
    const fixed = { ...document, nodes: document.nodes.map((node) => (node.id === 'gaussian1' ? { ...node, params: { dims: 2 } } : node)) };
    expect(validateDocument(fixed)).toEqual([
      "edges[1]: convolve1's kernel input (b) must carry the same type as convolve1.a (signal), but gaussian1.out gives an image",
    ]);
    const unwired = { ...fixed, edges: fixed.edges.filter((edge) => edge.targetHandle !== 'b') };
    expect(canConnect(unwired, { source: 'gaussian1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'b' })).toEqual({
      ok: false,
      reason: "convolve1's kernel input (b) must carry the same type as convolve1.a (signal), but gaussian1.out gives an image",
    });
  });

  it('a version-1 file with a dims-less Gaussian opens as 2-D (and so keeps its old refusal)', async () => {
    const v1 = (links: Link[]) => JSON.stringify({ ...graph(filterGraph().nodes, links), version: 1 });
    const toImage = loadGraph(
      JSON.stringify({
        format: 'convolab.graph',
        version: 1,
        nodes: [{ id: 'gaussian1', type: 'kernel.gaussian' }, { id: 'image1', type: 'sink.image' }, { id: 'plot1', type: 'sink.plot' }],
        edges: [{ id: 'e0', source: 'gaussian1', sourceHandle: 'out', target: 'image1', targetHandle: 'in' }],
      }),
    );
    expect(toImage.ok).toBe(true);
    if (!toImage.ok) return;
    expect(toImage.document.nodes[0].params).toEqual({ dims: 2 });
    const { engine } = await run(toImage.document);
    expect(engine.outcome('gaussian1')!.outputs.out).toMatchObject({ kind: 'image', width: 13, height: 13 });

    const filter = loadGraph(v1([['function1', 'out', 'convolve1', 'a'], ['gaussian1', 'out', 'convolve1', 'b']]));
    expect(filter).toMatchObject({ ok: false, error: "edges[1]: convolve1's kernel input (b) must carry the same type as convolve1.a (signal), but gaussian1.out gives an image" });
    const plotted = loadGraph(v1([['gaussian1', 'out', 'plot1', 'in']]));
    expect(plotted).toMatchObject({ ok: false, error: 'edges[0]: plot1.in takes a signal, but gaussian1.out gives an image' });
  });
});

describe('a kernel’s samples are unitless: they take the rate of the signal they meet', () => {
  const at = (rate: number): GraphNode => ({ id: 'function1', type: 'source.function', params: { rate } });

  it('in convolve whichever side the kernel is on, and the integral scales by that rate', async () => {
    const document = graph(
      [at(50), { id: 'box1', type: 'kernel.box', params: { dims: 1, size: 2 } }, { id: 'swapped', type: 'op.convolve', params: { integral: true } }],
      [
        ['box1', 'out', 'swapped', 'a'],
        ['function1', 'out', 'swapped', 'b'],
      ],
    );
    const { engine, errors } = await run(document);
    expect(errors).toEqual({});
    const out = engine.outcome('swapped')!.outputs.out as Signal;
    expect(out.rate).toBe(50);
    expect(out.unitless).toBeUndefined();
    // Inside the rect (value 1) two taps of 1/2, divided by the rate 50.
    expect(Math.max(...out.data)).toBeCloseTo(1 / 50, 12);
  });

  it('in add, subtract, multiply and compare, and two kernels together stay unitless', async () => {
    const kernel = (id: string): GraphNode => ({ id, type: 'kernel.identity', params: { size: 401 } });
    const document = graph(
      [at(100), kernel('k1'), kernel('k2'), { id: 'add1', type: 'op.add' }, { id: 'sub1', type: 'op.subtract' }, { id: 'mul1', type: 'op.multiply' }, { id: 'cmp1', type: 'op.compare' }, { id: 'kk', type: 'op.add' }],
      [
        ['function1', 'out', 'add1', 'a'],
        ['k1', 'out', 'add1', 'b'],
        ['k1', 'out', 'sub1', 'a'],
        ['function1', 'out', 'sub1', 'b'],
        ['function1', 'out', 'mul1', 'a'],
        ['k1', 'out', 'mul1', 'b'],
        ['function1', 'out', 'cmp1', 'a'],
        ['k1', 'out', 'cmp1', 'b'],
        ['k1', 'out', 'kk', 'a'],
        ['k2', 'out', 'kk', 'b'],
      ],
    );
    expect(validateDocument(document)).toEqual([]);
    const { engine, errors } = await run(document);
    expect(errors).toEqual({});
    for (const id of ['add1', 'sub1', 'mul1']) expect(engine.outcome(id)!.outputs.out).toMatchObject({ kind: 'signal', rate: 100 });
    expect((engine.outcome('add1')!.outputs.out as Signal).unitless).toBeUndefined();
    expect(engine.outcome('kk')!.outputs.out).toMatchObject({ rate: 1, unitless: true });
  });

  it('two timed signals with different rates still may not meet: the message names both ports and both rates', async () => {
    const sequence: GraphNode = { id: 'sequence1', type: 'source.sequence', params: { values: [1, 2, 1] } };
    const document = graph(
      [at(100), sequence, { id: 'convolve1', type: 'op.convolve' }, { id: 'correlate1', type: 'op.correlate' }, { id: 'add1', type: 'op.add' }, { id: 'cmp1', type: 'op.compare' }],
      [
        ['function1', 'out', 'convolve1', 'a'],
        ['sequence1', 'out', 'convolve1', 'b'],
        ['function1', 'out', 'correlate1', 'a'],
        ['sequence1', 'out', 'correlate1', 'b'],
        ['function1', 'out', 'add1', 'a'],
        ['sequence1', 'out', 'add1', 'b'],
        ['sequence1', 'out', 'cmp1', 'a'],
        ['function1', 'out', 'cmp1', 'b'],
      ],
    );
    const { errors } = await run(document);
    expect(errors).toEqual({
      convolve1: 'a and kernel (b) have different sample rates (100 and 1): set both to the same rate where they are made',
      correlate1: 'a and template (b) have different sample rates (100 and 1): set both to the same rate where they are made',
      add1: 'a and b have different sample rates (100 and 1): set both to the same rate where they are made',
      cmp1: 'a and b have different sample rates (1 and 100): set both to the same rate where they are made',
    });
  });

  it('through FFT: spectra of timed signals at different rates are refused by Multiply', async () => {
    const document = graph(
      [
        at(100),
        { id: 'sequence1', type: 'source.sequence', params: { values: new Array(401).fill(1) } },
        { id: 'fft1', type: 'op.fft' },
        { id: 'fft2', type: 'op.fft' },
        { id: 'multiply1', type: 'op.multiply' },
      ],
      [
        ['function1', 'out', 'fft1', 'in'],
        ['sequence1', 'out', 'fft2', 'in'],
        ['fft1', 'out', 'multiply1', 'a'],
        ['fft2', 'out', 'multiply1', 'b'],
      ],
    );
    const { errors } = await run(document);
    expect(errors).toEqual({ multiply1: 'a and b have different sample rates (100 and 1): set both to the same rate where they are made' });
  });

  it('Flip, Shift, Pad and Scale keep the mark, so a reshaped kernel still adapts its rate', async () => {
    const document = graph(
      [
        at(20),
        { id: 'k', type: 'kernel.box', params: { dims: 1, size: 3 } },
        { id: 'flip1', type: 'op.flip' },
        { id: 'shift1', type: 'op.shift', params: { dx: 1 } },
        { id: 'pad1', type: 'op.pad', params: { length: 8 } },
        { id: 'scale1', type: 'op.scale', params: { factor: 3 } },
        { id: 'convolve1', type: 'op.convolve' },
      ],
      [
        ['k', 'out', 'flip1', 'in'],
        ['flip1', 'out', 'shift1', 'in'],
        ['shift1', 'out', 'pad1', 'in'],
        ['pad1', 'out', 'scale1', 'in'],
        ['function1', 'out', 'convolve1', 'a'],
        ['scale1', 'out', 'convolve1', 'b'],
      ],
    );
    const { engine, errors } = await run(document);
    expect(errors).toEqual({});
    for (const id of ['flip1', 'shift1', 'pad1', 'scale1']) expect(engine.outcome(id)!.outputs.out).toMatchObject({ unitless: true });
    expect(engine.outcome('convolve1')!.outputs.out).toMatchObject({ kind: 'signal', rate: 20 });
  });

  it('kernel.ramp and sources keep their rates', async () => {
    const document = graph([{ id: 'ramp1', type: 'kernel.ramp', params: { size: 5 } }, { id: 'sequence1', type: 'source.sequence' }], []);
    const { engine } = await run(document);
    expect((engine.outcome('ramp1')!.outputs.out as Signal).unitless).toBeUndefined();
    expect((engine.outcome('sequence1')!.outputs.out as Signal).unitless).toBeUndefined();
  });
});
