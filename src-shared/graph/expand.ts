/**
 * A document with blocks, seen the way it runs: every block node replaced by its definition's
 * inner nodes (issue 19 §1, "the engine runs a block as its inner nodes"). Instance `conv1`'s
 * inner node `fft` becomes the flat node `conv1/fft` (innerNodeId), so the engine memoises,
 * previews, cancels and fails inner nodes like any others, and what asks for a node by id
 * (getValue, probes, the CLI's sinks) names the flat id.
 *
 * The flat document keeps the top-level meta and viewport; each inner node gets the values of
 * its instance's promoted params written into the params they bind; a wire into an instance's
 * input port becomes one wire into every inner end of that port, and a wire out of an output
 * port leaves the inner output behind it. Validation (validate.ts) refuses what this cannot
 * expand cleanly; for a document that slipped past it (the engine runs what it is sent), a block
 * node whose definition is missing stays in the flat document as it is, so it fails on its own
 * (`missingBlockProblem`) and what depends on it is skipped. So does every block node of a
 * document whose expansion would pass the file format's node or edge limit (counted as instances
 * × inner nodes, before anything is expanded): a small file must not make a huge graph.
 */
import { BLOCK_TYPE, type BlockDefinition, type GraphDocument, type GraphEdge, type GraphNode, type Params, innerNodeId } from './document';
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

/** Nodes and edges the expanded document would hold, counted without expanding. */
export function expandedSize(document: GraphDocument): { nodes: number; edges: number } {
  let nodes = 0;
  let edges = 0;
  const instances = new Map<string, BlockDefinition>();
  for (const node of document.nodes) {
    const definition = definitionOf(document, node);
    if (definition) instances.set(node.id, definition);
    nodes += definition ? definition.nodes.length : 1;
    edges += definition ? definition.edges.length : 0;
  }
  for (const edge of document.edges) edges += instances.get(edge.target)?.inputs.find((port) => port.name === edge.targetHandle)?.to.length ?? 1;
  return { nodes, edges };
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
  if (size.nodes > LIMITS.nodes || size.edges > LIMITS.edges) {
    const [count, what, limit] = size.nodes > LIMITS.nodes ? [size.nodes, 'nodes', LIMITS.nodes] : [size.edges, 'edges', LIMITS.edges];
    const problem = `run as their inner nodes, this graph's blocks would make ${count} ${what}, over the limit of ${limit}: use fewer or smaller blocks`;
    const refused: Expansion = { document, owners: NO_OWNERS, problem };
    expanded.set(document, refused);
    return refused;
  }

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const owners = new Map<string, string>();
  const instances = new Map<string, BlockDefinition>();
  for (const node of document.nodes) {
    const definition = definitionOf(document, node);
    if (!definition || instances.has(node.id)) {
      nodes.push(node);
      continue;
    }
    instances.set(node.id, definition);
    const promoted = promotedValues(definition, node.params);
    for (const inner of definition.nodes) {
      const id = innerNodeId(node.id, inner.id);
      owners.set(id, node.id);
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

  const { blocks: _blocks, ...rest } = document;
  const expansion: Expansion = { document: { ...rest, nodes, edges }, owners };
  expanded.set(document, expansion);
  return expansion;
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
