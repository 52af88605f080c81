/** Fresh node and edge ids for a document: the editor's new nodes and the fixes it offers use them. */
import type { NodeCategory } from '../nodes/define';
import { getNodeDefinition, NODE_DEFINITIONS } from '../nodes/registry';
import type { GraphDocument } from './document';

/** `prefix1`, `prefix2`, … the first not in `taken`. */
export function uniqueId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The last word of a type id, as an id stem: `op.convolve` → `convolve`. */
function typeWord(type: string): string {
  return type.split('.').pop()!.replace(/[^A-Za-z0-9]/g, '') || 'node';
}

const CATEGORY_WORDS: Readonly<Record<NodeCategory, string>> = { source: 'Source', kernel: 'Kernel', operation: 'Op', sink: 'Sink' };

/**
 * The stem of a new node's id. Where two types share their last word (`source.image`,
 * `sink.image`), all but the source add their category, so a sink dropped beside `image1`
 * is `imageSink1`, not `image2`. Ids already in files never change.
 */
export function idStem(type: string): string {
  const word = typeWord(type);
  const definition = getNodeDefinition(type);
  if (!definition || definition.category === 'source') return word;
  const shared = NODE_DEFINITIONS.some((other) => other.type !== type && typeWord(other.type) === word);
  return shared ? `${word}${CATEGORY_WORDS[definition.category]}` : word;
}

/** A node id from its type: `op.convolve` → `convolve1`, `convolve2`, …; `sink.image` → `imageSink1`. */
export function newNodeId(type: string, document: GraphDocument, alsoTaken: Iterable<string> = []): string {
  return uniqueId(idStem(type), new Set([...document.nodes.map((node) => node.id), ...alsoTaken]));
}

export function newEdgeId(document: GraphDocument, alsoTaken: Iterable<string> = []): string {
  return uniqueId('e', new Set([...document.edges.map((edge) => edge.id), ...alsoTaken]));
}
