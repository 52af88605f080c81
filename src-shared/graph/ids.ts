/** Fresh node and edge ids for a document: the editor's new nodes and the fixes it offers use them. */
import type { GraphDocument } from './document';

/** `prefix1`, `prefix2`, … the first not in `taken`. */
export function uniqueId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A node id from its type: `op.convolve` → `convolve1`, `convolve2`, … */
export function newNodeId(type: string, document: GraphDocument, alsoTaken: Iterable<string> = []): string {
  const base = type.split('.').pop()!.replace(/[^A-Za-z0-9]/g, '') || 'node';
  return uniqueId(base, new Set([...document.nodes.map((node) => node.id), ...alsoTaken]));
}

export function newEdgeId(document: GraphDocument, alsoTaken: Iterable<string> = []): string {
  return uniqueId('e', new Set([...document.edges.map((edge) => edge.id), ...alsoTaken]));
}

