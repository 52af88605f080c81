/**
 * A node by id, and the wires into a node, from an index made once per list: the canvas's nodes
 * ask on every store change (each result of a run), and a search of 300 nodes per node in view
 * per change added up. Lists are immutable in the store, so an index per list object stays true.
 */
import type { GraphEdge, GraphNode } from '../../src-shared/graph/document';

const nodeIndexes = new WeakMap<readonly GraphNode[], Map<string, GraphNode>>();
const edgeIndexes = new WeakMap<readonly GraphEdge[], Map<string, GraphEdge[]>>();
const NO_EDGES: readonly GraphEdge[] = [];

/** The first node with this id, as `nodes.find` would give it. */
export function nodeById(nodes: readonly GraphNode[], id: string): GraphNode | undefined {
  let index = nodeIndexes.get(nodes);
  if (!index) {
    index = new Map();
    for (const node of nodes) if (!index.has(node.id)) index.set(node.id, node);
    nodeIndexes.set(nodes, index);
  }
  return index.get(id);
}

/** The wires whose target is this node, in the document's order. */
export function edgesInto(edges: readonly GraphEdge[], target: string): readonly GraphEdge[] {
  let index = edgeIndexes.get(edges);
  if (!index) {
    index = new Map();
    for (const edge of edges) {
      const list = index.get(edge.target);
      if (list) list.push(edge);
      else index.set(edge.target, [edge]);
    }
    edgeIndexes.set(edges, index);
  }
  return index.get(target) ?? NO_EDGES;
}
