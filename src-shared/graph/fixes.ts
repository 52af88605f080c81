/**
 * The one-click fixes the editor offers for a node's error or a refused connection: each is a
 * label ("Set n = 419 on fft1 and fft2") and the edits that make it, as plain data the editor
 * applies as one undoable command. A fix is offered only where it is obvious — one change that
 * removes the problem — and is found from the document, the node's machine-readable cause
 * (nodes/define.ts `ErrorCause`) and the previews' sizes, never from the message's words.
 */
import type { Preview } from '../engine/preview';
import { resolveParams, type ErrorCause, type NodeDefinition } from '../nodes/define';
import { getNodeDefinition } from '../nodes/registry';
import type { GraphDocument, GraphEdge, GraphNode, ParamValue } from './document';
import { newEdgeId, newNodeId } from './ids';
import { canConnect, validateDocument, type Connection } from './validate';

/** One edit, shaped as the editor's command of the same kind (src-renderer/store/commands.ts). */
export type DocumentEdit =
  | { readonly kind: 'setParam'; readonly node: string; readonly name: string; readonly value: ParamValue }
  | { readonly kind: 'addNodes'; readonly nodes: readonly GraphNode[]; readonly edges?: readonly GraphEdge[] }
  | { readonly kind: 'remove'; readonly edges: readonly string[] }
  | { readonly kind: 'connect'; readonly edge: GraphEdge };

export interface Fix {
  /** The button's words: what one click does, naming the nodes it changes. */
  readonly label: string;
  readonly edits: readonly DocumentEdit[];
}

/** The preview on an output port, as the host last reported it (undefined when it has none). */
export type PreviewLookup = (node: string, port: string) => Preview | undefined;

/** Width × height of a signal (height 1) or an image. */
export interface Extent {
  readonly width: number;
  readonly height: number;
}

/** What a node's error report carries: the engine's `NodeReport` has both. */
export interface NodeProblem {
  readonly error?: string;
  readonly cause?: ErrorCause;
}

function nodeOf(document: GraphDocument, id: string): GraphNode | undefined {
  return document.nodes.find((node) => node.id === id);
}

function incoming(document: GraphDocument, node: string, port: string): GraphEdge | undefined {
  return document.edges.find((edge) => edge.target === node && edge.targetHandle === port);
}

function definitionOf(document: GraphDocument, id: string): NodeDefinition | undefined {
  const node = nodeOf(document, id);
  return node ? getNodeDefinition(node.type) : undefined;
}

function withParam(document: GraphDocument, id: string, name: string, value: ParamValue): GraphDocument {
  return {
    ...document,
    nodes: document.nodes.map((node) => (node.id === id ? { ...node, params: { ...node.params, [name]: value } } : node)),
  };
}

// ——— FFT sizes: the convolution theorem needs both transforms of one n ≥ len a + len b − 1 ———

/** Two forward FFTs of one dimensionality feeding `node`'s inputs a and b, with what enters them. */
export interface TransformPair {
  readonly dims: 1 | 2;
  readonly ffts: readonly [string, string];
  /** The extents entering the two FFTs (height 1 in 1-D). */
  readonly inputs: readonly [Extent, Extent];
  /** The transform sizes they produced, when their previews say. */
  readonly sizes: readonly [Extent | undefined, Extent | undefined];
}

function transformOf(document: GraphDocument, fft: string, previews: PreviewLookup): { input: Extent; size?: Extent } | undefined {
  const edge = incoming(document, fft, 'in');
  if (!edge) return undefined;
  const input = previews(edge.source, edge.sourceHandle);
  const output = previews(fft, 'out');
  if (input?.kind === 'signal') {
    return { input: { width: input.length, height: 1 }, ...(output?.kind === 'spectrum' ? { size: { width: output.n, height: 1 } } : {}) };
  }
  if (input?.kind === 'image') {
    const size = output?.kind === 'spectrum2d' ? { size: { width: output.width, height: output.height } } : {};
    return { input: { width: input.width, height: input.height }, ...size };
  }
  return undefined;
}

/** The FFT on each of `node`'s inputs a and b (op.fft twice or op.fft2d twice), or undefined. */
export function transformPair(document: GraphDocument, node: string, previews: PreviewLookup): TransformPair | undefined {
  const a = incoming(document, node, 'a');
  const b = incoming(document, node, 'b');
  if (!a || !b) return undefined;
  const typeA = nodeOf(document, a.source)?.type;
  const typeB = nodeOf(document, b.source)?.type;
  if (typeA !== typeB || (typeA !== 'op.fft' && typeA !== 'op.fft2d')) return undefined;
  const first = transformOf(document, a.source, previews);
  const second = transformOf(document, b.source, previews);
  if (!first || !second) return undefined;
  return { dims: typeA === 'op.fft' ? 1 : 2, ffts: [a.source, b.source], inputs: [first.input, second.input], sizes: [first.size, second.size] };
}

/** The smallest transform that holds the linear convolution of the pair's inputs: len a + len b − 1 per axis. */
export function linearSize(pair: TransformPair): Extent {
  const [a, b] = pair.inputs;
  return { width: a.width + b.width - 1, height: pair.dims === 1 ? 1 : a.height + b.height - 1 };
}

/** Sets both FFTs of the pair to size custom of `size` (n in 1-D, width × height in 2-D). */
export function transformSizeFix(pair: Pick<TransformPair, 'dims' | 'ffts'>, size: Extent): Fix {
  const words = pair.dims === 1 ? `n = ${size.width}` : `${size.width}×${size.height}`;
  const edits = pair.ffts.flatMap((fft): DocumentEdit[] => [
    { kind: 'setParam', node: fft, name: 'size', value: 'custom' },
    ...(pair.dims === 1
      ? [{ kind: 'setParam', node: fft, name: 'n', value: size.width } as const]
      : [
          { kind: 'setParam', node: fft, name: 'width', value: size.width } as const,
          { kind: 'setParam', node: fft, name: 'height', value: size.height } as const,
        ]),
  ]);
  return { label: `Set ${words} on ${pair.ffts.join(' and ')}`, edits };
}

function sizeFixes(document: GraphDocument, node: string, previews: PreviewLookup): Fix[] {
  const pair = transformPair(document, node, previews);
  if (!pair) return [];
  // Multiplying spectra is the theorem's route: the size that makes it a linear convolution.
  // Adding or comparing spectra only needs one size: the larger of the two.
  const multiply = nodeOf(document, node)?.type === 'op.multiply';
  const [a, b] = pair.sizes;
  const size = multiply
    ? linearSize(pair)
    : a && b
      ? { width: Math.max(a.width, b.width), height: Math.max(a.height, b.height) }
      : undefined;
  return size ? [transformSizeFix(pair, size)] : [];
}

// ——— Sample rates: retime the source on one side to the other side's rate ———

/** The nodes upstream of `node`'s input `port` (breadth first) that have a `rate` param. */
function rateSourcesUpstream(document: GraphDocument, node: string, port: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const start = incoming(document, node, port);
  const queue = start ? [start.source] : [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (definitionOf(document, id)?.params.some((param) => param.name === 'rate' && param.kind === 'number')) found.push(id);
    for (const edge of document.edges) if (edge.target === id) queue.push(edge.source);
  }
  return found;
}

/** Ids in words: `a`, `a and b`, `a, b and c`. */
function listed(ids: readonly string[]): string {
  return ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function rateFixes(document: GraphDocument, node: string, rates: readonly [number, number]): Fix[] {
  const sides = [
    { port: 'a', rate: rates[0], other: rates[1] },
    { port: 'b', rate: rates[1], other: rates[0] },
  ];
  // Raising the slower side first: it keeps the faster side's detail.
  sides.sort((x, y) => x.rate - y.rate);
  const fixes: Fix[] = [];
  for (const side of sides) {
    const sources = rateSourcesUpstream(document, node, side.port);
    // Obvious only when the side's rate is every one of its sources' rate: setting them all
    // retimes the side and keeps them meeting each other (an impulse response made of noise ×
    // decay is two Functions, both at the rate the side arrives with).
    if (sources.length === 0) continue;
    const rates = sources.map((source) => resolveParams(definitionOf(document, source)!, nodeOf(document, source)!.params).rate);
    if (rates.some((rate) => rate !== side.rate)) continue;
    // A rate the source cannot take (a test sound runs at 1000 Hz or more) is no fix.
    const retimed = sources.reduce((changed, source) => withParam(changed, source, 'rate', side.other), document);
    if (newErrors(document, retimed).length > 0) continue;
    fixes.push({
      label: `Set rate = ${side.other} on ${listed(sources)}`,
      edits: sources.map((source) => ({ kind: 'setParam', node: source, name: 'rate', value: side.other })),
    });
  }
  return fixes;
}

// ——— The node's own params: set them to values that work with what it was given ———

function paramsFix(node: string, choice: Readonly<Record<string, ParamValue>>): Fix {
  const entries = Object.entries(choice);
  return {
    label: `Set ${entries.map(([name, value]) => `${name} = ${String(value)}`).join(', ')} on ${node}`,
    edits: entries.map(([name, value]) => ({ kind: 'setParam', node, name, value })),
  };
}

// ——— Channels: put op.gray in front of an input that takes one channel ———

function grayFix(document: GraphDocument, node: string, port: string): Fix[] {
  const edge = incoming(document, node, port);
  const target = nodeOf(document, node);
  if (!edge || !target) return [];
  const gray = newNodeId('op.gray', document);
  const from = nodeOf(document, edge.source)?.position ?? { x: 0, y: 0 };
  const to = target.position ?? { x: 0, y: 0 };
  const first = newEdgeId(document);
  const second = newEdgeId(document, [first]);
  const ports = definitionOf(document, node)?.inputs ?? [];
  const where = ports.length > 1 ? `${node}'s ${ports.find((p) => p.id === port)?.label ?? port}` : node;
  return [
    {
      label: `Insert Gray before ${where}`,
      edits: [
        { kind: 'remove', edges: [edge.id] },
        {
          kind: 'addNodes',
          nodes: [{ id: gray, type: 'op.gray', position: { x: Math.round((from.x + to.x) / 2), y: Math.round((from.y + to.y) / 2) + 60 } }],
          edges: [
            { id: first, source: edge.source, sourceHandle: edge.sourceHandle, target: gray, targetHandle: 'in' },
            { id: second, source: gray, sourceHandle: 'out', target: node, targetHandle: port },
          ],
        },
      ],
    },
  ];
}

// ——— Dimensions: a kernel made for 1-D or 2-D set to what it meets ———

/** Values to try for a `dims` param: `auto` first where the node has it, then the others. */
function dimsChoices(definition: NodeDefinition, current: ParamValue | undefined): (string | number)[] {
  const param = definition.params.find((p) => p.name === 'dims');
  if (param?.kind !== 'enum') return [];
  const options = param.options.filter((option) => option !== current);
  return [...options.filter((option) => option === 'auto'), ...options.filter((option) => option !== 'auto')];
}

/** The errors of `after` that `before` did not have (a fix must not break something else). */
function newErrors(before: GraphDocument, after: GraphDocument): string[] {
  const old = new Set(validateDocument(before));
  return validateDocument(after).filter((error) => !old.has(error));
}

/**
 * Param edits that let `connection` be drawn: a node with a `dims` param, at either end (the
 * source, or what feeds the target's other inputs), set to a dimensionality that fits.
 */
function dimsFixes(document: GraphDocument, connection: Connection): Fix[] {
  const candidates = [connection.source, ...document.edges.filter((edge) => edge.target === connection.target).map((edge) => edge.source)];
  const fixes: Fix[] = [];
  for (const id of new Set(candidates)) {
    const node = nodeOf(document, id);
    const definition = node ? getNodeDefinition(node.type) : undefined;
    if (!node || !definition) continue;
    const param = definition.params.find((p) => p.name === 'dims');
    const current = resolveParams(definition, node.params).dims;
    for (const value of dimsChoices(definition, current)) {
      const changed = withParam(document, id, 'dims', value);
      if (!canConnect(changed, connection).ok) continue;
      const connected = { ...changed, edges: [...changed.edges, { id: '\u0000fix', ...connection }] };
      if (newErrors({ ...document, edges: [...document.edges, { id: '\u0000fix', ...connection }] }, connected).length > 0) continue;
      fixes.push({ label: `Set ${param?.label ?? 'dims'} = ${value} on ${id}`, edits: [{ kind: 'setParam', node: id, name: 'dims', value }] });
      break;
    }
  }
  return fixes;
}

/**
 * Fixes for a connection the rules refuse, each making the change and the connection in one
 * edit (empty when the connection is fine or no obvious change allows it).
 */
export function connectionFixes(document: GraphDocument, connection: Connection): Fix[] {
  if (canConnect(document, connection).ok) return [];
  const edge: GraphEdge = { id: newEdgeId(document), ...connection };
  return dimsFixes(document, connection).map((fix) => ({
    label: `${fix.label} and connect`,
    edits: [...fix.edits, { kind: 'connect', edge }],
  }));
}

/** Fixes for a wire already drawn whose types no longer fit (a kernel's dims changed after it was wired). */
function wiredTypeFixes(document: GraphDocument, node: string): Fix[] {
  for (const edge of document.edges) {
    if (edge.target !== node) continue;
    const without = { ...document, edges: document.edges.filter((e) => e.id !== edge.id) };
    if (canConnect(without, edge).ok) continue;
    const fixes = dimsFixes(without, edge);
    if (fixes.length > 0) return fixes;
  }
  return [];
}

/** Fixes for a node's error: from its cause where the node gave one, else from the wiring. */
export function nodeFixes(document: GraphDocument, node: string, problem: NodeProblem, previews: PreviewLookup): Fix[] {
  switch (problem.cause?.kind) {
    case 'size-mismatch':
      return sizeFixes(document, node, previews);
    case 'rate-mismatch':
      return rateFixes(document, node, problem.cause.rates);
    case 'channels':
      return grayFix(document, node, problem.cause.port);
    case 'params':
      return problem.cause.choices.map((choice) => paramsFix(node, choice));
    case undefined:
      return problem.error !== undefined ? wiredTypeFixes(document, node) : [];
  }
}
