/**
 * A small node catalog for the graph tests, shaped like NODES.md, so the tests do not depend on
 * which node types the registry holds today. `source.sequence` and `sink.plot` are the real ones.
 */
import type { DataType } from '../../src-shared/data';
import { defineNode, fail, type NodeDefinition } from '../../src-shared/nodes/define';
import { plotSink } from '../../src-shared/nodes/sink.plot';
import { sequenceSource } from '../../src-shared/nodes/source.sequence';
import { GRAPH_VERSION, type GraphDocument, type GraphEdge, type GraphNode } from '../../src-shared/graph/document';

const compute = () => fail('not run in these tests');

const dice = defineNode({
  type: 'source.dice', title: 'Die', category: 'source', doc: '', inputs: [],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [
    { kind: 'number', name: 'faces', default: 6, min: 1, max: 10000, integer: true },
    { kind: 'list', name: 'weights', default: undefined },
  ],
  compute,
});

const convolve = defineNode({
  type: 'op.convolve', title: 'Convolve', category: 'operation', doc: '',
  inputs: [
    { id: 'a', types: ['signal', 'image'], generic: 'T' },
    { id: 'b', types: ['signal', 'image'], generic: 'T' },
  ],
  outputs: [{ id: 'out', types: ['signal', 'image'], generic: 'T' }],
  params: [
    { kind: 'enum', name: 'method', options: ['auto', 'direct', 'fft', 'overlap-add'], default: 'auto' },
    { kind: 'enum', name: 'mode', options: ['full', 'same', 'valid'], default: 'full' },
  ],
  compute,
});

const scale = defineNode({
  type: 'op.scale', title: 'Scale', category: 'operation', doc: '',
  inputs: [{ id: 'in', types: ['signal', 'spectrum', 'image', 'spectrum2d'], generic: 'T' }],
  outputs: [{ id: 'out', types: ['signal', 'spectrum', 'image', 'spectrum2d'], generic: 'T' }],
  params: [{ kind: 'number', name: 'factor', default: 1 }],
  compute,
});

const fft = defineNode({
  type: 'op.fft', title: 'FFT', category: 'operation', doc: '',
  inputs: [{ id: 'in', types: ['signal'] }],
  outputs: [{ id: 'out', types: ['spectrum'] }],
  params: [],
  compute,
});

const ifft = defineNode({
  type: 'op.ifft', title: 'IFFT', category: 'operation', doc: '',
  inputs: [{ id: 'in', types: ['spectrum'] }],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [],
  compute,
});

const gaussian = defineNode({
  type: 'kernel.gaussian', title: 'Gaussian', category: 'kernel', doc: '', inputs: [],
  outputs: [{
    id: 'out', types: ['signal', 'image'],
    resolveType: (params): DataType => (params.dims === 1 ? 'signal' : 'image'),
  }],
  params: [
    { kind: 'enum', name: 'dims', options: [1, 2], default: 2 },
    { kind: 'number', name: 'sigma', default: 2, min: 0, exclusiveMin: true },
    { kind: 'number', name: 'radius', default: 0, min: 0, integer: true },
    { kind: 'boolean', name: 'normalize', default: true },
  ],
  compute,
});

const customKernel = defineNode({
  type: 'kernel.custom', title: 'Custom kernel', category: 'kernel', doc: '', inputs: [],
  outputs: [{ id: 'out', types: ['signal', 'image'] }],
  params: [
    { kind: 'enum', name: 'dims', options: [1, 2], default: 2 },
    { kind: 'matrix', name: 'values', default: [[1]] },
  ],
  compute,
});

const imageSink = defineNode({
  type: 'sink.image', title: 'Image', category: 'sink', doc: '',
  inputs: [{ id: 'in', types: ['image', 'spectrum2d'] }], outputs: [],
  params: [{ kind: 'enum', name: 'colormap', options: ['gray', 'viridis', 'diverging'], default: 'gray' }],
  compute,
});

const function_ = defineNode({
  type: 'source.function', title: 'Function', category: 'source', doc: '', inputs: [],
  outputs: [{ id: 'out', types: ['signal'] }],
  params: [
    { kind: 'enum', name: 'shape', options: ['rect', 'expression'], default: 'rect' },
    { kind: 'string', name: 'expression', default: 'exp(-t)' },
    { kind: 'number', name: 't0', default: -2 },
  ],
  compute,
});

export const TEST_DEFINITIONS: readonly NodeDefinition[] = [
  dice, sequenceSource, function_, gaussian, customKernel, convolve, scale, fft, ifft, plotSink, imageSink,
];
const byType = new Map(TEST_DEFINITIONS.map((definition) => [definition.type, definition]));
export const definitions = (type: string): NodeDefinition | undefined => byType.get(type);

export function node(id: string, type: string, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, type, ...extra };
}

let edgeCount = 0;
export function edge(source: string, target: string, targetHandle = 'in', sourceHandle = 'out', id?: string): GraphEdge {
  return { id: id ?? `e${++edgeCount}`, source, sourceHandle, target, targetHandle };
}

export function doc(nodes: GraphNode[], edges: GraphEdge[] = [], extra: Partial<GraphDocument> = {}): GraphDocument {
  return { format: 'convolab.graph', version: GRAPH_VERSION, nodes, edges, ...extra };
}

/** FORMAT.md's example: two dice convolved, plotted. */
export function diceDocument(): GraphDocument {
  return doc(
    [
      node('dieA', 'source.dice', { position: { x: 0, y: 0 }, params: { faces: 6 } }),
      node('dieB', 'source.dice', { position: { x: 0, y: 160 } }),
      node('sum', 'op.convolve', { position: { x: 260, y: 80 }, params: { method: 'direct' } }),
      node('plot', 'sink.plot', { position: { x: 520, y: 80 }, label: 'P(sum)' }),
    ],
    [edge('dieA', 'sum', 'a', 'out', 'e1'), edge('dieB', 'sum', 'b', 'out', 'e2'), edge('sum', 'plot', 'in', 'out', 'e3')],
    { meta: { title: 'Two dice', description: 'P(sum = 7) = 1/6' }, viewport: { x: 0, y: 0, zoom: 1 } },
  );
}
