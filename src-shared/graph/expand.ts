/**
 * A document with blocks, seen the way it runs: every block node replaced by its definition's
 * inner nodes (issue 19 §1, "the engine runs a block as its inner nodes"). Instance `conv1`'s
 * inner node `fft` becomes the flat node `conv1/fft` (innerNodeId), so the engine memoises,
 * previews, cancels and fails inner nodes like any others, and what asks for a node by id
 * (getValue, probes, the CLI's sinks) names the flat id. A block inside a block is expanded on
 * the next level: instance `outer`'s block node `conv1` runs its node `fft` as `outer/conv1/fft`.
 *
 * The flat document keeps the top-level meta and viewport; each inner node gets the values of
 * its instance's promoted params written into the params they bind; a wire into an instance's
 * input port becomes one wire into every inner end of that port, and a wire out of an output
 * port leaves the inner output behind it. Validation (validate.ts) refuses what this cannot
 * expand cleanly; for a document that slipped past it (the engine runs what it is sent), a block
 * node whose definition is missing stays in the flat document as it is, so it fails on its own
 * (`missingBlockProblem`) and what depends on it is skipped. So does every block node of a
 * document whose expansion would pass the file format's node or edge limit (counted through
 * every level of nesting, before anything is expanded: a small file must not make a huge graph),
 * or whose blocks nest past MAX_BLOCK_DEPTH or contain themselves.
 */
import { BLOCK_ID_SEPARATOR, BLOCK_TYPE, type BlockDefinition, type GraphDocument, type GraphEdge, type GraphNode, type Params, innerNodeId } from './document';
import { LIMITS } from './schema';

export interface Expansion {
  /** The document without blocks; the very input object when it has no block nodes. */
  readonly document: GraphDocument;
  /** Flat id of every inner node → the id of the block node it came from. */
  readonly owners: ReadonlyMap<string, string>;
  /** Why the blocks were left unexpanded (the expansion would pass the limits); each block node carries it. */
  readonly problem?: string;
}

const NO_OWNERS: ReadonlyMap<string, string> = new Map();

/** Expansions by document object: the editor and the engine worker ask for the same one repeatedly. */
const expanded = new WeakMap<GraphDocument, Expansion>();

/** Whether a document has any block node (the common case has none and costs one pass). */
export function hasBlockNodes(document: GraphDocument): boolean {
  return document.nodes.some((node) => node.type === BLOCK_TYPE);
}

/** The definition a block node (or the node of that id) runs, or undefined for another node or a missing key. */
export function definitionOf(document: GraphDocument, node: GraphNode | string): BlockDefinition | undefined {
  const found = typeof node === 'string' ? document.nodes.find((candidate) => candidate.id === node) : node;
  if (!found || found.type !== BLOCK_TYPE || typeof found.block !== 'string') return undefined;
  const blocks = document.blocks;
  return blocks && Object.hasOwn(blocks, found.block) ? blocks[found.block] : undefined;
}

/** How deep blocks may nest: a block inside a block inside … at most this many levels (docs/blocks.md). */
export const MAX_BLOCK_DEPTH = 8;

/** The definition under `key` in `document`'s blocks, if there is one. */
function definitionByKey(document: GraphDocument, key: unknown): BlockDefinition | undefined {
  const blocks = document.blocks;
  return typeof key === 'string' && blocks && Object.hasOwn(blocks, key) ? blocks[key] : undefined;
}

/**
 * The definition the block node at `path` runs: `conv1` is a top-level block node, `outer/inner`
 * block node `inner` inside the definition `outer` runs. Undefined when any step is not a block
 * node with a definition.
 */
export function definitionAtPath(document: GraphDocument, path: string): BlockDefinition | undefined {
  let definition: BlockDefinition | undefined;
  let nodes: readonly GraphNode[] = document.nodes;
  for (const id of path.split(BLOCK_ID_SEPARATOR)) {
    const node = nodes.find((candidate) => candidate.id === id);
    if (!node || node.type !== BLOCK_TYPE) return undefined;
    definition = definitionByKey(document, node.block);
    if (!definition) return undefined;
    nodes = definition.nodes;
  }
  return definition;
}

/**
 * Every key some block node names, from the top level down through the definitions it reaches
 * (a block inside a block names its key in the outer definition), in the order first met.
 */
export function namedBlockKeys(document: GraphDocument): Set<string> {
  const named = new Set<string>();
  const visit = (nodes: readonly GraphNode[]): void => {
    for (const node of nodes) {
      if (node.type !== BLOCK_TYPE || typeof node.block !== 'string' || named.has(node.block)) continue;
      const definition = definitionByKey(document, node.block);
      if (!definition) continue;
      named.add(node.block);
      visit(definition.nodes);
    }
  };
  visit(document.nodes);
  return named;
}

interface DefinitionSize {
  /** Flat nodes one instance runs as. */
  readonly nodes: number;
  /** Flat wires inside one instance. */
  readonly edges: number;
  /** Flat wires one outer wire into each input port becomes. */
  readonly fan: ReadonlyMap<string, number>;
  /** Levels of blocks: 1 for a block of plain nodes. */
  readonly depth: number;
}

/** A definition that names itself through its block nodes (a hand-edited file can claim one). */
const CYCLIC: DefinitionSize = { nodes: Infinity, edges: Infinity, fan: new Map(), depth: Infinity };

/**
 * Sizes of every definition as it runs, each counted once from the sizes of the definitions its
 * block nodes name (never expanded, so a file that nests 10 instances ten deep is refused in time
 * proportional to the file). A cycle of definitions counts as infinite.
 */
function definitionSizes(document: GraphDocument): (key: string) => DefinitionSize | undefined {
  const sizes = new Map<string, DefinitionSize>();
  const visiting = new Set<string>();
  const size = (key: string): DefinitionSize | undefined => {
    const known = sizes.get(key);
    if (known) return known;
    const definition = definitionByKey(document, key);
    if (!definition) return undefined;
    if (visiting.has(key)) return CYCLIC;
    visiting.add(key);
    const inner = new Map<string, DefinitionSize>();
    let nodes = 0;
    let depth = 1;
    for (const node of definition.nodes) {
      const nested = node.type === BLOCK_TYPE && typeof node.block === 'string' ? size(node.block) : undefined;
      if (nested) inner.set(node.id, nested);
      nodes += nested ? nested.nodes : 1;
      if (nested) depth = Math.max(depth, nested.depth + 1);
    }
    // Each inner wire, fanned out where it enters a nested block, and each nested instance's own wires.
    let edges = definition.edges.reduce((sum, edge) => sum + (inner.get(edge.target)?.fan.get(edge.targetHandle) ?? 1), 0);
    for (const nested of inner.values()) edges += nested.edges;
    const fan = new Map<string, number>();
    for (const port of definition.inputs) {
      fan.set(port.name, port.to.reduce((sum, end) => sum + (inner.get(end.node)?.fan.get(end.handle) ?? 1), 0));
    }
    visiting.delete(key);
    const result: DefinitionSize = { nodes, edges, fan, depth };
    sizes.set(key, result);
    return result;
  };
  return size;
}

/** Nodes and edges the expanded document would hold, counted without expanding; `depth` is how deep its blocks nest. */
export function expandedSize(document: GraphDocument): { nodes: number; edges: number; depth: number } {
  const size = definitionSizes(document);
  let nodes = 0;
  let edges = 0;
  let depth = 0;
  const instances = new Map<string, DefinitionSize>();
  for (const node of document.nodes) {
    const found = node.type === BLOCK_TYPE && typeof node.block === 'string' ? size(node.block) : undefined;
    if (found) {
      instances.set(node.id, found);
      depth = Math.max(depth, found.depth);
    }
    nodes += found ? found.nodes : 1;
    edges += found ? found.edges : 0;
  }
  for (const edge of document.edges) edges += instances.get(edge.target)?.fan.get(edge.targetHandle) ?? 1;
  return { nodes, edges, depth };
}

/** The error a block node left in a flat document carries: its definition is not in the file. */
export function missingBlockProblem(node: GraphNode): string {
  return node.block === undefined
    ? 'this block node names no block: group nodes into a block again, or delete it'
    : `its block ${node.block} is not in this file's blocks: insert the block again from the library, or delete this node`;
}

/** The flat document the engine runs (see the file's comment). Deterministic; memoised per document object. */
export function expandBlocks(document: GraphDocument): Expansion {
  if (!hasBlockNodes(document)) return { document, owners: NO_OWNERS };
  const known = expanded.get(document);
  if (known) return known;
  const size = expandedSize(document);
  if (size.nodes > LIMITS.nodes || size.edges > LIMITS.edges || size.depth > MAX_BLOCK_DEPTH) {
    const problem = size.depth > MAX_BLOCK_DEPTH
      ? Number.isFinite(size.depth)
        ? `this graph's blocks nest ${size.depth} deep, over the limit of ${MAX_BLOCK_DEPTH}: ungroup some of the blocks inside blocks`
        : "this graph's blocks contain themselves (a cycle of blocks inside blocks): ungroup or delete one of them"
      : (() => {
          const [count, what, limit] = size.nodes > LIMITS.nodes ? [size.nodes, 'nodes', LIMITS.nodes] : [size.edges, 'edges', LIMITS.edges];
          return `run as their inner nodes, this graph's blocks would make ${count} ${what}, over the limit of ${limit}: use fewer or smaller blocks`;
        })();
    const refused: Expansion = { document, owners: NO_OWNERS, problem };
    expanded.set(document, refused);
    return refused;
  }

  // One level of blocks at a time: a block inside a block comes out of the first level as block
  // node `outer/inner`, with the outer instance's promoted values on it, and runs as
  // `outer/inner/node` after the next.
  let level = document;
  const owners = new Map<string, string>();
  for (let depth = 0; depth < size.depth && hasBlockNodes(level); depth++) level = expandOnce(level, owners);
  const { blocks: _blocks, ...rest } = level;
  const expansion: Expansion = { document: rest, owners };
  expanded.set(document, expansion);
  return expansion;
}

/**
 * `document` with each top-level block node replaced by its definition's nodes (their ids
 * prefixed with the instance's), keeping `blocks` for the next level. `owners` gains each new
 * node's top-level block node.
 */
function expandOnce(document: GraphDocument, owners: Map<string, string>): GraphDocument {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const instances = new Map<string, BlockDefinition>();
  for (const node of document.nodes) {
    const definition = definitionOf(document, node);
    if (!definition || instances.has(node.id)) {
      nodes.push(node);
      continue;
    }
    instances.set(node.id, definition);
    const owner = owners.get(node.id) ?? node.id;
    owners.delete(node.id);
    const promoted = promotedValues(definition, node.params);
    for (const inner of definition.nodes) {
      const id = innerNodeId(node.id, inner.id);
      owners.set(id, owner);
      const values = promoted.get(inner.id);
      const params = values ? { ...inner.params, ...values } : inner.params;
      nodes.push({ ...inner, id, ...(params !== undefined ? { params } : {}) });
    }
    for (const edge of definition.edges) {
      edges.push({ ...edge, id: innerNodeId(node.id, edge.id), source: innerNodeId(node.id, edge.source), target: innerNodeId(node.id, edge.target) });
    }
  }

  for (const edge of document.edges) {
    let source = edge.source;
    let sourceHandle = edge.sourceHandle;
    const from = instances.get(edge.source)?.outputs.find((port) => port.name === edge.sourceHandle);
    if (from) {
      source = innerNodeId(edge.source, from.from.node);
      sourceHandle = from.from.handle;
    }
    const into = instances.get(edge.target)?.inputs.find((port) => port.name === edge.targetHandle);
    if (!into) {
      edges.push(source === edge.source ? edge : { ...edge, source, sourceHandle });
      continue;
    }
    // One outer wire may feed several inner inputs: the first keeps the wire's id.
    into.to.forEach((end, k) => {
      edges.push({
        id: k === 0 ? edge.id : innerNodeId(edge.id, String(k + 1)),
        source,
        sourceHandle,
        target: innerNodeId(edge.target, end.node),
        targetHandle: end.handle,
      });
    });
  }
  return { ...document, nodes, edges };
}

/** Inner node id → the params its instance's promoted values set on it. */
function promotedValues(definition: BlockDefinition, values: Params | undefined): Map<string, Params> {
  const result = new Map<string, Params>();
  if (!values) return result;
  for (const promoted of definition.params ?? []) {
    if (!Object.hasOwn(values, promoted.name)) continue;
    const value = values[promoted.name]!;
    for (const bind of promoted.bind) {
      const params = result.get(bind.node) ?? {};
      params[bind.param] = value;
      result.set(bind.node, params);
    }
  }
  return result;
}
