/**
 * Documents with blocks built by hand (the shapes of src-shared/graph/document.ts), for the tests
 * of expansion and of the engine running blocks, with the same nodes wired flat beside them.
 */
import type { Value } from '../../src-shared/data';
import type { BlockDefinition, GraphDocument, GraphEdge, GraphNode } from '../../src-shared/graph/document';

export type Link = [source: string, sourceHandle: string, target: string, targetHandle: string];

export function links(list: readonly Link[], prefix = 'e'): GraphEdge[] {
  return list.map(([source, sourceHandle, target, targetHandle], i) => ({ id: `${prefix}${i}`, source, sourceHandle, target, targetHandle }));
}

export function documentOf(nodes: GraphNode[], edges: readonly Link[], blocks?: Record<string, BlockDefinition>): GraphDocument {
  return { format: 'convolab.graph', version: blocks ? 3 : 2, nodes, edges: links(edges), ...(blocks ? { blocks } : {}) };
}

/** FFT → × → IFFT, with `n` promoted onto both FFTs: convolution by the convolution theorem. */
export const FFT_CONVOLUTION: BlockDefinition = {
  title: 'FFT convolution',
  nodes: [
    { id: 'fftA', type: 'op.fft', position: { x: 0, y: 0 }, params: { size: 'custom', n: 8 } },
    { id: 'fftB', type: 'op.fft', position: { x: 0, y: 100 }, params: { size: 'custom', n: 8 } },
    { id: 'product', type: 'op.multiply', position: { x: 200, y: 50 } },
    { id: 'back', type: 'op.ifft', position: { x: 400, y: 50 } },
  ],
  edges: links(
    [
      ['fftA', 'out', 'product', 'a'],
      ['fftB', 'out', 'product', 'b'],
      ['product', 'out', 'back', 'in'],
    ],
    'i',
  ),
  inputs: [
    { name: 'a', to: [{ node: 'fftA', handle: 'in' }] },
    { name: 'b', to: [{ node: 'fftB', handle: 'in' }] },
  ],
  outputs: [{ name: 'out', from: { node: 'back', handle: 'out' } }],
  params: [
    {
      name: 'n',
      bind: [
        { node: 'fftA', param: 'n' },
        { node: 'fftB', param: 'n' },
      ],
    },
  ],
};

/** One input feeding both inputs of a multiply: x². */
export const SQUARE: BlockDefinition = {
  title: 'Square',
  nodes: [{ id: 'times', type: 'op.multiply' }],
  edges: [],
  inputs: [
    {
      name: 'x',
      to: [
        { node: 'times', handle: 'a' },
        { node: 'times', handle: 'b' },
      ],
    },
  ],
  outputs: [{ name: 'out', from: { node: 'times', handle: 'out' } }],
};

/** Two scales in a row; `gain` is promoted onto the second only. */
export const TWO_SCALES: BlockDefinition = {
  title: 'Two scales',
  nodes: [
    { id: 'first', type: 'op.scale', params: { factor: 2 } },
    { id: 'second', type: 'op.scale', params: { factor: 1 } },
  ],
  edges: links([['first', 'out', 'second', 'in']], 'i'),
  inputs: [{ name: 'in', to: [{ node: 'first', handle: 'in' }] }],
  outputs: [
    { name: 'out', from: { node: 'second', handle: 'out' } },
    { name: 'half', from: { node: 'first', handle: 'out' } },
  ],
  params: [{ name: 'gain', bind: [{ node: 'second', param: 'factor' }] }],
};

export const A_VALUES = [1, 2, 3, 4, 5, 6, 5, 3, 1, 0.5];
export const B_VALUES = [1, -1, 2, 0.5, 0.25];

/** Two sequences into an FFT-convolution block (n = 16), its output to a plot; the direct convolution beside it. */
export function fftConvolutionDocument(n = 16): GraphDocument {
  return documentOf(
    [
      { id: 'a', type: 'source.sequence', params: { values: A_VALUES } },
      { id: 'b', type: 'source.sequence', params: { values: B_VALUES, start: -2 } },
      { id: 'conv', type: 'block', block: 'bconv', params: { n } },
      { id: 'plot', type: 'sink.plot' },
      { id: 'direct', type: 'op.convolve', params: { method: 'direct' } },
      { id: 'directPlot', type: 'sink.plot' },
    ],
    [
      ['a', 'out', 'conv', 'a'],
      ['b', 'out', 'conv', 'b'],
      ['conv', 'out', 'plot', 'in'],
      ['a', 'out', 'direct', 'a'],
      ['b', 'out', 'direct', 'b'],
      ['direct', 'out', 'directPlot', 'in'],
    ],
    { bconv: FFT_CONVOLUTION },
  );
}

/** The two sequences and the FFT route (FFT, FFT, ×, IFFT) as flat nodes, the start of both flat graphs below. */
function flatRouteNodes(n: number): GraphNode[] {
  return [
    { id: 'a', type: 'source.sequence', params: { values: A_VALUES } },
    { id: 'b', type: 'source.sequence', params: { values: B_VALUES, start: -2 } },
    { id: 'fftA', type: 'op.fft', params: { size: 'custom', n } },
    { id: 'fftB', type: 'op.fft', params: { size: 'custom', n } },
    { id: 'product', type: 'op.multiply' },
    { id: 'back', type: 'op.ifft' },
  ];
}

/** The wires of flatRouteNodes. */
const FLAT_ROUTE_LINKS: readonly Link[] = [
  ['a', 'out', 'fftA', 'in'],
  ['b', 'out', 'fftB', 'in'],
  ['fftA', 'out', 'product', 'a'],
  ['fftB', 'out', 'product', 'b'],
  ['product', 'out', 'back', 'in'],
];

/** The same graph as `fftConvolutionDocument`, its block's nodes wired flat under their own ids. */
export function fftConvolutionFlat(n = 16): GraphDocument {
  return documentOf(
    [
      ...flatRouteNodes(n),
      { id: 'plot', type: 'sink.plot' },
      { id: 'direct', type: 'op.convolve', params: { method: 'direct' } },
      { id: 'directPlot', type: 'sink.plot' },
    ],
    [
      ...FLAT_ROUTE_LINKS,
      ['back', 'out', 'plot', 'in'],
      ['a', 'out', 'direct', 'a'],
      ['b', 'out', 'direct', 'b'],
      ['direct', 'out', 'directPlot', 'in'],
    ],
  );
}

/** in → convolve with a Gaussian whose dims adapt (auto) → out. */
export const BLUR: BlockDefinition = {
  title: 'Blur',
  nodes: [
    { id: 'kernel', type: 'kernel.gaussian', params: { sigma: 1 } },
    { id: 'conv', type: 'op.convolve', params: { mode: 'same' } },
  ],
  edges: [{ id: 'k', source: 'kernel', sourceHandle: 'out', target: 'conv', targetHandle: 'b' }],
  inputs: [{ name: 'in', to: [{ node: 'conv', handle: 'a' }] }],
  outputs: [{ name: 'out', from: { node: 'conv', handle: 'out' } }],
};

/**
 * A block of blocks: the FFT-convolution block (`bconv`) inside, then a scale; the outer `n` is
 * the inner block's promoted `n` promoted again, and `gain` the scale's factor.
 */
export const OUTER: BlockDefinition = {
  title: 'Convolve and scale',
  nodes: [
    { id: 'conv', type: 'block', block: 'bconv', position: { x: 0, y: 0 }, params: { n: 8 } },
    { id: 'post', type: 'op.scale', position: { x: 300, y: 0 }, params: { factor: 1 } },
  ],
  edges: links([['conv', 'out', 'post', 'in']], 'o'),
  inputs: [
    { name: 'a', to: [{ node: 'conv', handle: 'a' }] },
    { name: 'b', to: [{ node: 'conv', handle: 'b' }] },
  ],
  outputs: [{ name: 'out', from: { node: 'post', handle: 'out' } }],
  params: [
    { name: 'n', bind: [{ node: 'conv', param: 'n' }] },
    { name: 'gain', bind: [{ node: 'post', param: 'factor' }] },
  ],
};

/** `fftConvolutionDocument` with the block inside block `outer` (OUTER), n and gain set on the outer block. */
export function nestedConvolutionDocument(n = 16, gain = 3, inner: BlockDefinition = FFT_CONVOLUTION): GraphDocument {
  return documentOf(
    [
      { id: 'a', type: 'source.sequence', params: { values: A_VALUES } },
      { id: 'b', type: 'source.sequence', params: { values: B_VALUES, start: -2 } },
      { id: 'outer', type: 'block', block: 'bouter', params: { n, gain } },
      { id: 'plot', type: 'sink.plot' },
    ],
    [
      ['a', 'out', 'outer', 'a'],
      ['b', 'out', 'outer', 'b'],
      ['outer', 'out', 'plot', 'in'],
    ],
    { bouter: OUTER, bconv: inner },
  );
}

/** The same graph as `nestedConvolutionDocument`, every node wired flat. */
export function nestedConvolutionFlat(n = 16, gain = 3): GraphDocument {
  return documentOf(
    [
      ...flatRouteNodes(n),
      { id: 'post', type: 'op.scale', params: { factor: gain } },
      { id: 'plot', type: 'sink.plot' },
    ],
    [
      ...FLAT_ROUTE_LINKS,
      ['back', 'out', 'post', 'in'],
      ['post', 'out', 'plot', 'in'],
    ],
  );
}

/** Node `id` of `document`; throws when there is none. */
export function node(document: GraphDocument, id: string): GraphNode {
  const found = document.nodes.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

/** A value's samples as bytes, to compare two runs bit for bit. */
export function bytesOf(value: Value | undefined): number[] {
  if (!value || !('data' in value)) throw new Error(`expected a value with samples, got ${value?.kind}`);
  return [...new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength)];
}
