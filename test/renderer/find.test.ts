/**
 * Find in the graph (src-renderer/canvas/find.ts, findState.ts, showNode.ts): what a query
 * finds and in which order, which nodes count as failed, how stepping wraps, which class each
 * node takes, and how far the view moves to show a node.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument, type GraphNode } from '../../src-shared/graph/document';
import type { HostApi } from '../../src-shared/protocol';
import { FIND_RANK, failingNodes, findNodes, findOnCanvas, matchNode, paramText, stepThrough } from '../../src-renderer/canvas/find';
import { findMark, stepFind, useFindStore } from '../../src-renderer/canvas/findState';
import { nodeViewport } from '../../src-renderer/canvas/showNode';
import { READABLE_ZOOM } from '../../src-renderer/canvas/viewport';
import { createEditorStore, type NodeState } from '../../src-renderer/store/document';
import { makeSignal } from '../../src-shared/data';
import { runNode } from '../nodes/harness';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src-shared/graph/load';
import { unconnectedInputs, whyNoValue } from '../../src-renderer/store/nodeStatus';

function graph(nodes: GraphNode[], meta?: GraphDocument['meta']): GraphDocument {
  return { ...emptyDocument(), nodes, ...(meta ? { meta } : {}) };
}

const ids = (document: GraphDocument, query: string): string[] => findNodes(document, query).map((match) => match.id);

describe('findNodes finds nodes by what the canvas shows of them', () => {
  const document = graph([
    { id: 'phantom', type: 'source.testImage', label: 'Shepp–Logan phantom', params: { size: 128 } },
    { id: 'blurKernel', type: 'kernel.gaussian', label: 'Gaussian blur', params: { sigma: 3 } },
    { id: 'wide', type: 'kernel.gaussian' },
    { id: 'bell', type: 'source.function', params: { shape: 'gaussian', sigma: 0.5 } },
    { id: 'box', type: 'source.function' },
    { id: 'taps', type: 'kernel.box', params: { size: 49 } },
    { id: 'numbers', type: 'source.sequence', params: { values: [1, -2.5, 3] } },
    { id: 'edges', type: 'kernel.custom', label: 'my Laplacian', params: { values: [[0, -1, 0], [-1, 4, -1], [0, -1, 0]] } },
    { id: 'fft1', type: 'op.fft', params: { size: 'custom', n: 413 } },
  ]);

  it('finds by id and by label, whatever the case', () => {
    expect(ids(document, 'PHANTOM')).toEqual(['phantom']);
    expect(ids(document, 'shepp')).toEqual(['phantom']);
    expect(ids(document, 'laplacian')).toEqual(['edges']);
  });

  it("finds by type id and by the type's title", () => {
    expect(ids(document, 'op.fft')).toEqual(['fft1']);
    // "Custom kernel" is the title; no id, label or value says it.
    expect(ids(document, 'custom kernel')).toEqual(['edges']);
    expect(matchNode(document.nodes[7]!, 'custom kernel')?.where).toBe('Custom kernel');
  });

  it('finds an enum value: `gaussian` finds the function whose shape is gaussian, not the rect one', () => {
    const found = ids(document, 'gaussian');
    expect(found).toContain('bell');
    expect(found).not.toContain('box');
    expect(matchNode(document.nodes[3]!, 'gaussian')).toEqual({ id: 'bell', rank: FIND_RANK.param, where: 'shape = gaussian' });
  });

  it('finds a number, set or default: `49` a box of 49, `128` the phantom, `sigma=2` the Gaussian left at its default', () => {
    expect(ids(document, '49')).toEqual(['taps']);
    expect(matchNode(document.nodes[5]!, '49')?.where).toBe('size = 49');
    expect(ids(document, '413')).toEqual(['fft1']);
    expect(ids(document, '128')).toEqual(['phantom']);
    expect(ids(document, 'sigma=2')).toEqual(['wide']);
    expect(ids(document, 'sigma = 3')).toEqual(['blurKernel']);
  });

  it('finds in lists and matrices, spaces or none', () => {
    expect(ids(document, '-2.5, 3')).toEqual(['numbers']);
    expect(ids(document, '-2.5,3')).toEqual(['numbers']);
    expect(ids(document, '[-1, 4, -1]')).toEqual(['edges']);
    expect(ids(document, '-1,4')).toEqual(['edges']);
    expect(paramText([[0, -1], [-1, 4]])).toBe('[[0, -1], [-1, 4]]');
  });

  it('a param the node hides is not searched, nor a param name alone', () => {
    // A rect function keeps the default expression `exp(-t) * (t >= 0)`, hidden until shape is expression.
    expect(ids(document, 'exp(-t)')).toEqual([]);
    const expression = graph([{ id: 'f', type: 'source.function', params: { shape: 'expression' } }]);
    expect(ids(expression, 'exp(-t)*(t>=0)')).toEqual(['f']);
    // Every kernel here has a param named size or sigma: the name finds none of them.
    expect(ids(document, 'sigma')).toEqual([]);
  });

  it('finds nothing for no match, an empty query or spaces', () => {
    expect(findNodes(document, 'tomography')).toEqual([]);
    expect(findNodes(document, '')).toEqual([]);
    expect(findNodes(document, '   ')).toEqual([]);
  });

  it('a node of an unknown type is found by its type id and its params as written', () => {
    const unknown = graph([{ id: 'x1', type: 'plugin.wavelet', params: { family: 'db4' } }]);
    expect(ids(unknown, 'wavelet')).toEqual(['x1']);
    expect(ids(unknown, 'db4')).toEqual(['x1']);
  });
});

describe('findNodes ranks the id or label the user typed first', () => {
  // In document order: a param match, a type match, a contains, a prefix, the exact id, an exact label.
  const document = graph([
    { id: 'a', type: 'source.function', params: { shape: 'sine' } },
    { id: 'b', type: 'op.shift', label: 'move' },
    { id: 'theSine', type: 'op.scale' },
    { id: 'sineWave', type: 'op.scale' },
    { id: 'sine', type: 'op.scale' },
    { id: 'c', type: 'op.scale', label: 'Sine' },
  ]);

  it('exact id or label, then prefix, then contains, then param; ties keep the document order', () => {
    expect(findNodes(document, 'sine').map((match) => [match.id, match.rank])).toEqual([
      ['sine', FIND_RANK.exact],
      ['c', FIND_RANK.exact],
      ['sineWave', FIND_RANK.prefix],
      ['theSine', FIND_RANK.name],
      ['a', FIND_RANK.param],
    ]);
  });

  it('a type match ranks after names and before params', () => {
    const typed = graph([
      { id: 'p', type: 'source.sequence', params: { values: [1] } },
      { id: 'q', type: 'op.scale', params: { factor: 1 } },
      { id: 'scaleNode', type: 'op.add' },
    ]);
    expect(findNodes(typed, 'scale').map((match) => [match.id, match.rank])).toEqual([
      ['scaleNode', FIND_RANK.prefix],
      ['q', FIND_RANK.type],
    ]);
  });
});

describe('findOnCanvas leaves out what a lesson step hides', () => {
  it('nodes a later step introduces are not found until that step', () => {
    const document = graph(
      [
        { id: 'kernel1', type: 'kernel.gaussian' },
        { id: 'kernel2', type: 'kernel.gaussian' },
      ],
      { lesson: [{ text: 'one', nodes: ['kernel1'] }, { text: 'two', nodes: ['kernel2'] }] },
    );
    expect(findOnCanvas(document, 0, 'kernel').map((match) => match.id)).toEqual(['kernel1']);
    expect(findOnCanvas(document, 1, 'kernel').map((match) => match.id)).toEqual(['kernel1', 'kernel2']);
    expect(findOnCanvas(document, undefined, 'kernel').map((match) => match.id)).toEqual(['kernel1', 'kernel2']);
  });
});

describe('stepThrough', () => {
  it('goes to the next and the previous id, wrapping at both ends', () => {
    const list = ['a', 'b', 'c'];
    expect(stepThrough(list, 'a', 1)).toBe('b');
    expect(stepThrough(list, 'c', 1)).toBe('a');
    expect(stepThrough(list, 'a', -1)).toBe('c');
    expect(stepThrough(list, 'b', -1)).toBe('a');
  });

  it('starts at the first (or, backwards, the last) when the current one is not in the list', () => {
    expect(stepThrough(['a', 'b'], undefined, 1)).toBe('a');
    expect(stepThrough(['a', 'b'], 'gone', 1)).toBe('a');
    expect(stepThrough(['a', 'b'], undefined, -1)).toBe('b');
    expect(stepThrough([], undefined, 1)).toBeUndefined();
  });
});

/** An editor on `document` whose host runs nothing: the tests set what runs would report. */
function editor(document: GraphDocument) {
  const host = { run: () => Promise.resolve({ runId: 1 }), cancel: () => Promise.resolve(), onEvent: () => () => undefined } as unknown as HostApi;
  const store = createEditorStore(host);
  store.getState().replaceDocument(document);
  return store;
}

/** What the store holds for a node after a run reported `status` (and `error`) for it. */
function reported(node: GraphNode, status: 'ok' | 'error' | 'skipped', error?: string): NodeState {
  return { status, previews: {}, generation: 1, report: { id: node.id, type: node.type, status, ms: 1, cached: false, ...(error ? { error } : {}) } };
}

describe('failingNodes: the nodes the status bar counts as failed', () => {
  it('counts the nodes that broke, in document order; not one only waiting for a wire, nor one skipped after a failure', () => {
    const plot = { id: 'plot', type: 'sink.plot' };
    const fft = { id: 'fft1', type: 'op.fft' };
    const waiting = { id: 'waiting', type: 'op.ifft' };
    const source = { id: 'function1', type: 'source.function' };
    const fine = { id: 'fine', type: 'source.sequence' };
    const store = editor({
      ...graph([plot, fft, waiting, source, fine]),
      edges: [
        { id: 'e1', source: 'function1', sourceHandle: 'out', target: 'fft1', targetHandle: 'in' },
        { id: 'e2', source: 'fft1', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
      ],
    });
    const nodeStates = {
      function1: reported(source, 'error', 'params.expression: cannot read it'),
      fft1: reported(fft, 'error', 'n (4) is shorter than the signal (400)'),
      plot: reported(plot, 'skipped', 'skipped: input from fft1 has no value'),
      waiting: reported(waiting, 'error', 'input in is not connected: connect a spectrum'),
      fine: reported(fine, 'ok'),
    };
    store.setState({ nodeStates });
    expect(failingNodes(store.getState())).toEqual(['fft1', 'function1']);
    // Fixed, the node no longer counts.
    store.setState({ nodeStates: { ...nodeStates, fft1: reported(fft, 'ok') } });
    expect(failingNodes(store.getState())).toEqual(['function1']);
    // The same states over another document (the node deleted, before the next run reports):
    // the answer follows the document too.
    const states = store.getState().nodeStates;
    store.getState().dispatch({ kind: 'remove', nodes: ['function1'] });
    expect(store.getState().nodeStates).toBe(states);
    expect(failingNodes(store.getState())).toEqual([]);
  });

  it('does not count a file source or File sink whose file is not chosen yet, as the engine reports it', async () => {
    const audio = { id: 'audio1', type: 'source.audio' };
    const file = { id: 'file1', type: 'sink.file' };
    const broken = { id: 'image1', type: 'source.image', params: { path: 'missing.png' } };
    const store = editor(graph([audio, file, broken]));
    // The engine's own words for an empty path, not a copy of them.
    const empty = await runNode('source.audio', {}, {});
    const unnamed = await runNode('sink.file', { in: makeSignal(Float64Array.of(1), 0, 1) }, {});
    expect(empty.ok || unnamed.ok).toBe(false);
    store.setState({
      nodeStates: {
        audio1: reported(audio, 'error', empty.ok ? undefined : empty.error),
        file1: reported(file, 'error', unnamed.ok ? undefined : unnamed.error),
        image1: reported(broken, 'error', 'cannot read missing.png: no such file'),
      },
    });
    expect(failingNodes(store.getState())).toEqual(['image1']);
  });

  it('does not count a Convolve whose kernel input is still free, named by its label as the engine reports it', async () => {
    const tone = { id: 'function1', type: 'source.function' };
    const convolve = { id: 'convolve1', type: 'op.convolve' };
    const reconstruct = { id: 'fdk1', type: 'op.fdk' };
    const store = editor({ ...graph([tone, convolve, reconstruct]), edges: [{ id: 'e1', source: 'function1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'a' }] });
    // The engine's own words for the free kernel (b) and projections (in) inputs, not a copy of them.
    const half = await runNode('op.convolve', { a: makeSignal(Float64Array.of(1, 2), 0, 1) }, {});
    const none = await runNode('op.fdk', {}, {});
    if (half.ok || none.ok) throw new Error('ran without its inputs');
    expect(half.error).toMatch(/^input kernel \(b\) is not connected/);
    store.setState({ nodeStates: { convolve1: reported(convolve, 'error', half.error), fdk1: reported(reconstruct, 'error', none.error) } });
    expect(failingNodes(store.getState())).toEqual([]);
    // The large preview says it waits, not that it failed.
    expect(whyNoValue(store.getState(), 'convolve1')).toEqual({ text: `No value yet: convolve1 is waiting (${half.error})`, waiting: true });
    // Once the kernel is wired, an error of the run is the node's own failure again.
    store.getState().dispatch({ kind: 'connect', edge: { id: 'e2', source: 'function1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'b' } });
    expect(failingNodes(store.getState())).toEqual(['convolve1']);
    expect(whyNoValue(store.getState(), 'convolve1')).toEqual({ text: `No value: convolve1 failed: ${half.error}`, waiting: false });
  });
});

describe('findNodes and blocks', () => {
  it('finds a block node by a node inside it, ranked after the nodes found by their own fields, naming that node', () => {
    const example = loadGraph(readFileSync(new URL('../../examples/fft-convolution-block.convolab.json', import.meta.url), 'utf8'));
    if (!example.ok) throw new Error(example.error);
    const document = example.document;
    // fftA lives inside the block fftConvolution: the canvas shows the block, so Find names it.
    expect(findNodes(document, 'fftA')).toEqual([{ id: 'fftConvolution', rank: FIND_RANK.inside, where: 'inside fftA: id fftA' }]);
    expect(findNodes(document, 'ifft')).toEqual([{ id: 'fftConvolution', rank: FIND_RANK.inside, where: 'inside back: label IFFT' }]);
    // Found by its own id, it ranks as any node.
    expect(findNodes(document, 'fftConvolution')[0]).toMatchObject({ id: 'fftConvolution', rank: FIND_RANK.exact });
    // A block inside a block: the path to the node that matched.
    const outer = { id: 'outer', type: 'block', block: 'wrap', position: { x: 0, y: 0 } };
    const inner = document.nodes.find((node) => node.id === 'fftConvolution')!;
    const nested: GraphDocument = { ...emptyDocument(), nodes: [outer], blocks: { ...document.blocks, wrap: { title: 'wrap', nodes: [inner], edges: [], inputs: [], outputs: [] } } };
    expect(findNodes(nested, 'fftB')).toEqual([{ id: 'outer', rank: FIND_RANK.inside, where: 'inside fftConvolution/fftB: id fftB' }]);
  });
});

describe('failingNodes and a block node', () => {
  it('does not count a block just inserted whose port no wire enters yet; counts one broken inside', () => {
    // The FFT-convolution example's block, alone: nothing wired into its ports a and b.
    const example = loadGraph(readFileSync(new URL('../../examples/fft-convolution-block.convolab.json', import.meta.url), 'utf8'));
    if (!example.ok) throw new Error(example.error);
    const block = example.document.nodes.find((node) => node.id === 'fftConvolution')!;
    const store = editor({ ...emptyDocument(), nodes: [block], blocks: example.document.blocks });
    const fftA = { id: 'fftConvolution/fftA', type: 'op.fft' };
    const fftB = { id: 'fftConvolution/fftB', type: 'op.fft' };
    // What the engine reports of its inner nodes: the FFTs fed by the ports lack their input.
    store.setState({ nodeStates: { [fftA.id]: reported(fftA, 'error', 'input in is not connected: connect a signal'), [fftB.id]: reported(fftB, 'error', 'input in is not connected: connect a signal') } });
    expect(failingNodes(store.getState())).toEqual([]);
    expect(unconnectedInputs(store.getState(), 'fftConvolution')).toBe('a,b');
    // Broken inside for another reason, it counts.
    store.setState({ nodeStates: { [fftA.id]: reported(fftA, 'error', 'n (4) is shorter than the signal (10)') } });
    expect(failingNodes(store.getState())).toEqual(['fftConvolution']);
  });
});

describe('the find bar state', () => {
  afterEach(() => useFindStore.setState({ open: false, query: '', current: undefined }));

  const document = graph([
    { id: 'gaussian', type: 'kernel.gaussian' },
    { id: 'box', type: 'kernel.box' },
    { id: 'blur', type: 'op.convolve', label: 'gaussian blur' },
  ]);

  it('marks nothing while the bar is closed or empty; then the current match, the other matches, and dims the rest', () => {
    const [gaussian, box, blur] = document.nodes as [GraphNode, GraphNode, GraphNode];
    useFindStore.setState({ open: false, query: 'gaussian', current: undefined });
    expect(findMark(useFindStore.getState(), gaussian)).toBe('');
    useFindStore.setState({ open: true, query: ' ' });
    expect(findMark(useFindStore.getState(), box)).toBe('');
    useFindStore.setState({ query: 'gaussian', current: 'blur' });
    expect(findMark(useFindStore.getState(), gaussian)).toBe('find-match');
    expect(findMark(useFindStore.getState(), blur)).toBe('find-match find-current');
    expect(findMark(useFindStore.getState(), box)).toBe('find-dimmed');
  });

  it('stepFind goes through the matches best first and wraps, framing each; the document and its history stay as they were', () => {
    const store = editor(document);
    const before = store.getState();
    const framed: string[] = [];
    useFindStore.getState().show();
    useFindStore.getState().setQuery('GAUSSIAN');
    for (let i = 0; i < 3; i++) stepFind(store.getState(), 1, (id) => framed.push(id));
    stepFind(store.getState(), -1, (id) => framed.push(id));
    expect(framed).toEqual(['gaussian', 'blur', 'gaussian', 'blur']);
    expect(useFindStore.getState().current).toBe('blur');
    expect(store.getState().document).toBe(before.document);
    expect(store.getState().history).toBe(before.history);
  });

  it('stepFind does nothing when nothing matches', () => {
    const store = editor(document);
    useFindStore.getState().setQuery('tomography');
    const framed: string[] = [];
    stepFind(store.getState(), 1, (id) => framed.push(id));
    expect(framed).toEqual([]);
    expect(useFindStore.getState().current).toBeUndefined();
  });

  it('show asks the bar to focus its field again each time; hide keeps the query and the current match (F3 goes on from it)', () => {
    const before = useFindStore.getState().focusRequests;
    useFindStore.getState().show();
    useFindStore.getState().show();
    expect(useFindStore.getState().focusRequests).toBe(before + 2);
    useFindStore.setState({ query: 'box', current: 'box' });
    useFindStore.getState().hide();
    expect(useFindStore.getState()).toMatchObject({ open: false, query: 'box', current: 'box' });
  });
});

describe('nodeViewport moves the view only as far as it must', () => {
  const pane = { width: 1000, height: 600 };
  const box = { x: 2000, y: 1000, width: 240, height: 200 };
  /** Where the box lands on screen under a viewport. */
  const onScreen = (viewport: { x: number; y: number; zoom: number }) => ({
    left: box.x * viewport.zoom + viewport.x,
    top: box.y * viewport.zoom + viewport.y,
    right: (box.x + box.width) * viewport.zoom + viewport.x,
    bottom: (box.y + box.height) * viewport.zoom + viewport.y,
  });

  it('leaves the view alone when the node is already in view at a readable zoom', () => {
    // At zoom 0.8 the box sits at (400, 200)–(592, 360): inside, clear of the edges.
    expect(nodeViewport(box, { x: 400 - 1600, y: 200 - 800, zoom: 0.8 }, pane)).toBeUndefined();
  });

  it('centres a node that is off screen, keeping a readable zoom the user chose', () => {
    const viewport = nodeViewport(box, { x: 0, y: 0, zoom: 0.8 }, pane);
    expect(viewport?.zoom).toBe(0.8);
    const screen = onScreen(viewport!);
    expect((screen.left + screen.right) / 2).toBeCloseTo(500);
    expect((screen.top + screen.bottom) / 2).toBeCloseTo(300);
  });

  it('centres a node that touches the edge', () => {
    // At zoom 1 the box's right edge lies 10 px inside the pane: visible but not comfortable.
    const viewport = nodeViewport(box, { x: 1000 - 10 - 2240, y: -900, zoom: 1 }, pane);
    expect(viewport).toBeDefined();
    expect(viewport!.zoom).toBe(1);
  });

  it('zooms in from a zoom too small to read, to natural size', () => {
    const viewport = nodeViewport(box, { x: 0, y: 0, zoom: 0.2 }, pane);
    expect(viewport?.zoom).toBe(1);
    const screen = onScreen(viewport!);
    expect(screen.left).toBeGreaterThanOrEqual(0);
    expect(screen.right).toBeLessThanOrEqual(pane.width);
  });

  it('a node too tall for the pane is fitted whole, from too far in or too far out', () => {
    const tall = { x: 0, y: 0, width: 240, height: 1200 };
    for (const zoom of [0.2, 2]) {
      const viewport = nodeViewport(tall, { x: 0, y: 0, zoom }, pane)!;
      expect(tall.height * viewport.zoom).toBeLessThanOrEqual(pane.height);
      expect(tall.height * viewport.zoom).toBeGreaterThan(pane.height * 0.8);
      expect(viewport.y + tall.y * viewport.zoom).toBeGreaterThanOrEqual(0);
    }
    // Fitting it may go below the readable zoom: seeing the whole node comes first.
    expect(nodeViewport(tall, { x: 0, y: 0, zoom: 1 }, pane)!.zoom).toBeLessThan(READABLE_ZOOM);
  });
});
