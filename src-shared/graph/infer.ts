/**
 * What each wire carries, decided without running: the document seen as a graph, the data type
 * of every output (generic `T` ports and `resolveType` included), and the one place where a
 * kernel with `dims: auto` takes the shape of what it feeds (NODES.md, "Kernels adapt to what
 * they meet"). Validation, the canvas's port colours and connection rules (through validate.ts)
 * and the engine (which computes the kernel with the resolved dims) all read it from here.
 *
 * How `auto` resolves: types are first inferred forwards with every adapting output unknown.
 * Then each edge leaving an unknown output that stems from an adapting kernel asks for a type:
 * a port that takes one of the kernel's types (op.fft's `in`: signal) asks for it; a generic
 * port asks for the type on its node's other generic inputs, and where that is unknown too
 * because another adapting kernel feeds it, the two kernels are tied (they must agree). A
 * generic node whose type is still open passes the question on to what its output feeds.
 * Kernels tied together take the one type they are asked for; none → the fallback (2-D);
 * two different → an error that names both ports.
 */
import type { DataType } from '../data';
import type { AdaptiveOutput, NodeDefinition, OutputPortDefinition, PortDefinition } from '../nodes/define';
import { resolveParams } from '../nodes/define';
import { type GraphDocument, type GraphEdge, type ParamValue, innerNodeId } from './document';
import { definitionOf, expandBlocks } from './expand';
import { article } from './place';

export type DefinitionLookup = (type: string) => NodeDefinition | undefined;

export interface GraphNodeInfo {
  readonly id: string;
  readonly index: number;
  readonly definition: NodeDefinition | undefined;
  readonly params: Readonly<Record<string, ParamValue>> | undefined;
}

export interface IndexedEdge extends GraphEdge {
  /** Its index in `document.edges`. */
  readonly index: number;
}

/** The document seen as a graph: nodes by id, and the edges whose ends exist (document order). */
export interface Graph {
  readonly nodes: Map<string, GraphNodeInfo>;
  readonly order: GraphNodeInfo[];
  readonly edges: IndexedEdge[];
  readonly incoming: Map<string, IndexedEdge[]>;
  readonly outgoing: Map<string, IndexedEdge[]>;
}

/** The key of an output in the type map. */
export function outputKey(nodeId: string, port: string): string {
  return `${nodeId}.${port}`;
}

/**
 * An input named as the node shows it: `convolve1.a`, or, where the node face shows a label
 * instead of the id, `convolve1's kernel input (b)` (the file's id in parentheses).
 */
export function describeInput(nodeId: string, port: PortDefinition | undefined, portId: string): string {
  return port?.label ? `${nodeId}'s ${port.label} input (${portId})` : `${nodeId}.${portId}`;
}

/** An output named as the node shows it, like `describeInput`. */
export function describeOutput(nodeId: string, port: PortDefinition | undefined, portId: string): string {
  return port?.label ? `${nodeId}'s ${port.label} output (${portId})` : `${nodeId}.${portId}`;
}

export function buildGraph(document: GraphDocument, lookup: DefinitionLookup): Graph {
  const nodes = new Map<string, GraphNodeInfo>();
  const order: GraphNodeInfo[] = [];
  document.nodes.forEach((node, index) => {
    if (nodes.has(node.id)) return;
    const info = { id: node.id, index, definition: lookup(node.type), params: node.params };
    nodes.set(node.id, info);
    order.push(info);
  });
  const graph: Graph = { nodes, order, edges: [], incoming: new Map(), outgoing: new Map() };
  const taken = new Set<string>();
  document.edges.forEach((edge, index) => {
    if (handleProblem(graph, edge) !== undefined) return;
    const key = `${edge.target}\u0000${edge.targetHandle}`;
    if (taken.has(key)) return; // a second edge into one input is its own error; type it once
    taken.add(key);
    const indexed: IndexedEdge = { ...edge, index };
    graph.edges.push(indexed);
    push(graph.incoming, edge.target, indexed);
    push(graph.outgoing, edge.source, indexed);
  });
  return graph;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function portNames(ports: readonly PortDefinition[]): string {
  return ports.length === 0 ? 'it has none' : `it has ${ports.map((port) => port.id).join(', ')}`;
}

/** `source: …` / `targetHandle: …` when an end of the edge does not exist. */
export function handleProblem(graph: Graph, edge: GraphEdge): string | undefined {
  const source = graph.nodes.get(edge.source);
  if (!source) return `source: no node ${JSON.stringify(edge.source)}`;
  const target = graph.nodes.get(edge.target);
  if (!target) return `target: no node ${JSON.stringify(edge.target)}`;
  if (source.definition && !source.definition.outputs.some((port) => port.id === edge.sourceHandle)) {
    return `sourceHandle: node ${edge.source} has no output ${JSON.stringify(edge.sourceHandle)} (${portNames(source.definition.outputs)})`;
  }
  if (target.definition && !target.definition.inputs.some((port) => port.id === edge.targetHandle)) {
    return `targetHandle: node ${edge.target} has no input ${JSON.stringify(edge.targetHandle)} (${portNames(target.definition.inputs)})`;
  }
  return undefined;
}

/** Nodes in topological order (ties in document order); nodes on cycles come last. */
function topological(graph: Graph): GraphNodeInfo[] {
  const indegree = new Map<string, number>();
  for (const node of graph.order) indegree.set(node.id, graph.incoming.get(node.id)?.length ?? 0);
  const ready = graph.order.filter((node) => indegree.get(node.id) === 0);
  const result: GraphNodeInfo[] = [];
  const placed = new Set<string>();
  for (let k = 0; k < ready.length; k++) {
    const node = ready[k]!;
    result.push(node);
    placed.add(node.id);
    for (const edge of graph.outgoing.get(node.id) ?? []) {
      const left = indegree.get(edge.target)! - 1;
      indegree.set(edge.target, left);
      if (left === 0) ready.push(graph.nodes.get(edge.target)!);
    }
  }
  for (const node of graph.order) if (!placed.has(node.id)) result.push(node);
  return result;
}

/** How an adapting output (a kernel with `dims: auto`) was resolved. */
export type Adapted =
  | {
      readonly node: string;
      readonly param: string;
      readonly type: DataType;
      /** What compute receives for `param`, e.g. dims 1. */
      readonly value: ParamValue;
      /** The port that asked for `type`, e.g. `fft1.in`; undefined when nothing did (the fallback). */
      readonly askedBy?: string;
    }
  | { readonly node: string; readonly param: string; readonly conflict: string };

export interface Inference {
  /** `nodeId.port` → type; `undefined` where nothing decides it yet (e.g. an unconnected `T`). */
  readonly types: Map<string, DataType | undefined>;
  /** Node id → how its adapting output resolved (only nodes whose param is `auto`). */
  readonly adapted: Map<string, Adapted>;
}

interface Pending {
  readonly node: GraphNodeInfo;
  readonly output: OutputPortDefinition;
  readonly adapts: AdaptiveOutput;
}

/** The type of every output, adapting kernels resolved (see the file's comment). */
export function inferOnGraph(graph: Graph): Inference {
  const order = topological(graph);
  const pending: Pending[] = [];
  for (const node of order) {
    for (const output of node.definition?.outputs ?? []) {
      const adapts = output.adapts;
      if (!adapts) continue;
      const params = safeParams(node);
      if (params?.[adapts.param] !== 'auto' || resolveOutput(output, params, {}) !== undefined) continue;
      pending.push({ node, output, adapts });
    }
  }
  const unknown = forward(graph, order, new Map());
  if (pending.length === 0) return { types: unknown.types, adapted: new Map() };

  const asked = askedTypes(graph, pending, unknown);
  const adapted = new Map<string, Adapted>();
  const chosen = new Map<string, DataType | undefined>();
  for (const item of pending) {
    const key = outputKey(item.node.id, item.output.id);
    const requests = asked.get(key) ?? [];
    const distinct: { type: DataType; port: string }[] = [];
    for (const request of requests) if (!distinct.some((d) => d.type === request.type)) distinct.push(request);
    if (distinct.length >= 2) {
      const [first, second] = distinct as [{ type: DataType; port: string }, { type: DataType; port: string }];
      adapted.set(item.node.id, {
        node: item.node.id,
        param: item.adapts.param,
        conflict:
          `${item.node.id} takes its shape from what it feeds (${item.adapts.param} auto), but ${first.port} asks for ${article(first.type)} ` +
          `and ${second.port} for ${article(second.type)}: feed each from its own kernel`,
      });
      chosen.set(key, undefined);
      continue;
    }
    const type = distinct[0]?.type ?? item.adapts.fallback;
    const value = item.adapts.values[type] ?? item.adapts.values[item.adapts.fallback]!;
    adapted.set(item.node.id, { node: item.node.id, param: item.adapts.param, type, value, ...(distinct[0] ? { askedBy: distinct[0].port } : {}) });
    chosen.set(key, type);
  }
  return { types: forward(graph, order, chosen).types, adapted };
}

function safeParams(node: GraphNodeInfo): Readonly<Record<string, ParamValue>> | undefined {
  if (!node.definition) return undefined;
  try {
    return resolveParams(node.definition, node.params);
  } catch {
    return undefined;
  }
}

function resolveOutput(output: OutputPortDefinition, params: Readonly<Record<string, ParamValue>>, inputTypes: Record<string, DataType | undefined>): DataType | undefined {
  try {
    return output.resolveType!(params, inputTypes);
  } catch {
    return undefined; // params the checks report anyway
  }
}

/**
 * Forward inference in topological order. `chosen` fixes the type of adapting outputs. Also
 * returns, for each output whose type is unknown because an unresolved adapting kernel feeds it
 * through generic ports, that kernel's output key (`stem`).
 */
function forward(graph: Graph, order: readonly GraphNodeInfo[], chosen: Map<string, DataType | undefined>): { types: Map<string, DataType | undefined>; stem: Map<string, string> } {
  const types = new Map<string, DataType | undefined>();
  const stem = new Map<string, string>();
  for (const node of order) {
    const definition = node.definition;
    if (!definition) continue;
    const inputTypes: Record<string, DataType | undefined> = Object.create(null) as Record<string, DataType | undefined>;
    let genericType: DataType | undefined;
    let genericStem: string | undefined;
    for (const edge of graph.incoming.get(node.id) ?? []) {
      const key = outputKey(edge.source, edge.sourceHandle);
      const type = types.get(key);
      inputTypes[edge.targetHandle] = type;
      const port = definition.inputs.find((input) => input.id === edge.targetHandle);
      if (!port?.generic) continue;
      if (genericType === undefined && type !== undefined && port.types.includes(type)) genericType = type;
      if (type === undefined) genericStem ??= stem.get(key);
    }
    const params = definition.outputs.some((output) => output.resolveType) ? safeParams(node) : undefined;
    for (const output of definition.outputs) {
      const key = outputKey(node.id, output.id);
      let type: DataType | undefined;
      if (chosen.has(key)) type = chosen.get(key);
      else if (output.resolveType) type = params ? resolveOutput(output, params, inputTypes) : undefined;
      else if (output.generic && genericType !== undefined && output.types.includes(genericType)) type = genericType;
      else if (output.types.length === 1) type = output.types[0];
      types.set(key, type);
      if (type !== undefined || chosen.has(key)) continue;
      if (output.adapts && params?.[output.adapts.param] === 'auto') stem.set(key, key);
      else if (output.generic && genericType === undefined && genericStem !== undefined) stem.set(key, genericStem);
    }
  }
  return { types, stem };
}

/**
 * For each pending adapting output, the types the ports it reaches ask for, with the port in
 * the user's words. Kernels that meet at one generic node share one list (union-find).
 */
function askedTypes(graph: Graph, pending: readonly Pending[], inferred: { types: Map<string, DataType | undefined>; stem: Map<string, string> }): Map<string, { type: DataType; port: string }[]> {
  const candidates = new Map(pending.map((item) => [outputKey(item.node.id, item.output.id), item.output.types]));
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  const requests = new Map<string, { type: DataType; port: string; order: number }[]>();
  let order = 0;
  const ask = (stem: string, type: DataType, port: string): void => {
    if (!candidates.get(stem)!.includes(type)) return; // a type the kernel cannot be: the type checks say so
    push(requests, stem, { type, port, order: order++ });
  };
  for (const edge of graph.edges) {
    const stem = inferred.stem.get(outputKey(edge.source, edge.sourceHandle));
    if (stem === undefined) continue;
    const target = graph.nodes.get(edge.target)!;
    const port = target.definition?.inputs.find((input) => input.id === edge.targetHandle);
    if (!port) continue;
    const where = describeInput(edge.target, port, edge.targetHandle);
    const fits = port.types.filter((type) => candidates.get(stem)!.includes(type));
    if (fits.length === 1) ask(stem, fits[0]!, where);
    if (!port.generic) continue;
    for (const other of graph.incoming.get(edge.target) ?? []) {
      if (other === edge) continue;
      const otherPort = target.definition?.inputs.find((input) => input.id === other.targetHandle);
      if (!otherPort?.generic) continue;
      const key = outputKey(other.source, other.sourceHandle);
      const type = inferred.types.get(key);
      if (type !== undefined) ask(stem, type, `${where} (to match ${describeInput(edge.target, otherPort, other.targetHandle)})`);
      else {
        const otherStem = inferred.stem.get(key);
        if (otherStem !== undefined && find(otherStem) !== find(stem)) parent.set(find(otherStem), find(stem));
      }
    }
  }
  const byRoot = new Map<string, { type: DataType; port: string; order: number }[]>();
  for (const [stem, list] of requests) for (const request of list) push(byRoot, find(stem), request);
  const result = new Map<string, { type: DataType; port: string }[]>();
  for (const stem of candidates.keys()) {
    const list = (byRoot.get(find(stem)) ?? []).slice().sort((a, b) => a.order - b.order);
    result.set(stem, list);
  }
  return result;
}

/**
 * `inferOnGraph` on a document that may hold blocks, seen through them: the document runs as its
 * inner nodes (expand.ts), so what a kernel inside a block adapts to, and what a block's output
 * carries, are what they are in the expanded graph. Inner outputs appear under their flat ids
 * (`conv1/fft.out`), and each block node's output ports under its own id (`conv1.out`), typed as
 * the inner output behind the port.
 */
export function inferDocument(document: GraphDocument, lookup: DefinitionLookup): Inference {
  const expanded = expandBlocks(document).document;
  const inference = inferOnGraph(buildGraph(expanded, lookup));
  if (expanded === document) return inference;
  for (const node of document.nodes) {
    for (const port of definitionOf(document, node)?.outputs ?? []) {
      inference.types.set(outputKey(node.id, port.name), inference.types.get(outputKey(innerNodeId(node.id, port.from.node), port.from.handle)));
    }
  }
  return inference;
}

/**
 * The params each adapting kernel computes with (e.g. `{ dims: 1 }`), or the error it carries
 * when it is asked for two types: what the engine runs.
 */
export function adaptParams(document: GraphDocument, lookup: DefinitionLookup): Map<string, { readonly params: Readonly<Record<string, ParamValue>> } | { readonly error: string }> {
  const result = new Map<string, { readonly params: Readonly<Record<string, ParamValue>> } | { readonly error: string }>();
  // Through blocks: a kernel feeding a block adapts to the inner ports the block's input feeds.
  const expanded = expandBlocks(document).document;
  const needed = expanded.nodes.some((node) => lookup(node.type)?.outputs.some((output) => output.adapts) ?? false);
  if (!needed) return result;
  for (const adapted of inferOnGraph(buildGraph(expanded, lookup)).adapted.values()) {
    result.set(adapted.node, 'conflict' in adapted ? { error: adapted.conflict } : { params: { [adapted.param]: adapted.value } });
  }
  return result;
}
