/**
 * What the library does to a document, as pure functions: the command that inserts a library
 * block (its definition kept once under its content key), and the update of every instance of a
 * block to the library's version of it, keeping what still fits by name.
 */
import { blockDefinitionOf, blockKey, isBlockNode, withBlocksNormalised } from '../../src-shared/graph/blocks';
import { BLOCK_TYPE, type BlockDefinition, type GraphDocument, type GraphEdge, type GraphNode, type Params } from '../../src-shared/graph/document';
import { type LibraryBlock, libraryName } from '../../src-shared/library';
import type { Command } from '../store/commands';

/**
 * The command that adds block node `id` at `position` running `definition`: the definition joins
 * the document's blocks under its content key unless the document has it already (then the two
 * are one block), as a pasted block node's does. So do the definitions of the blocks inside a
 * block of blocks (`blocks`, the library block's), each shared where the document has its key.
 */
export function insertLibraryBlockCommand(
  definition: BlockDefinition,
  node: { readonly id: string; readonly position: { x: number; y: number }; readonly params?: Params },
  blocks: Readonly<Record<string, BlockDefinition>> = {},
): Command {
  const key = blockKey(definition);
  const added: GraphNode = { id: node.id, type: BLOCK_TYPE, block: key, position: node.position, ...(node.params !== undefined && Object.keys(node.params).length > 0 ? { params: node.params } : {}) };
  return { kind: 'addNodes', nodes: [added], blocks: { ...blocks, [key]: definition } };
}

export interface LibraryUpdate {
  readonly document: GraphDocument;
  /** The instances that now run the new definition. */
  readonly instances: readonly string[];
  /** What could not be kept, each as `instance: wire on port x` or `instance: param y`. */
  readonly dropped: readonly string[];
}

/**
 * Every instance of block `key` runs `definition` instead: a promoted value is kept where the new
 * block still promotes a param of that name, a wire where it still has a port of that name on
 * that side; the rest is dropped and listed. A block of blocks brings the definitions it holds
 * (`blocks`, by key: one the document has is shared); those of the old version that nothing
 * names any more go. Unchanged (same object) when the definition is the one the instances run
 * already, or no node runs `key`.
 */
export function updateBlockDefinition(document: GraphDocument, key: string, definition: BlockDefinition, blocks: Readonly<Record<string, BlockDefinition>> = {}): LibraryUpdate {
  const nextKey = blockKey(definition);
  const instances = document.nodes.filter((node) => isBlockNode(node) && node.block === key).map((node) => node.id);
  if (nextKey === key || instances.length === 0) return { document, instances: [], dropped: [] };
  const chosen = new Set(instances);
  const paramNames = new Set((definition.params ?? []).map((param) => param.name));
  const inputNames = new Set(definition.inputs.map((port) => port.name));
  const outputNames = new Set(definition.outputs.map((port) => port.name));
  const dropped: string[] = [];
  const nodes = document.nodes.map((node) => {
    if (!chosen.has(node.id)) return node;
    const result: GraphNode = { ...node, block: nextKey };
    delete result.params;
    const kept = Object.entries(node.params ?? {}).filter(([name]) => {
      if (!paramNames.has(name)) dropped.push(`${node.id}: param ${name}`);
      return paramNames.has(name);
    });
    if (kept.length > 0) result.params = Object.fromEntries(kept);
    return result;
  });
  const edges = document.edges.filter((edge: GraphEdge) => {
    if (chosen.has(edge.target) && !inputNames.has(edge.targetHandle)) {
      dropped.push(`${edge.target}: wire into port ${edge.targetHandle}`);
      return false;
    }
    if (chosen.has(edge.source) && !outputNames.has(edge.sourceHandle)) {
      dropped.push(`${edge.source}: wire out of port ${edge.sourceHandle}`);
      return false;
    }
    return true;
  });
  // The document's own copy of a definition it shares with the library's stays (same key, same content).
  const next = withBlocksNormalised({ ...document, nodes, edges, blocks: { ...blocks, ...document.blocks, [nextKey]: definition } });
  return { document: next, instances, dropped };
}

/** The library block an instance was saved as or inserted from: the one named after its title. */
export function libraryBlockFor(document: GraphDocument, instance: string, library: readonly LibraryBlock[]): LibraryBlock | undefined {
  const definition = blockDefinitionOf(document, instance);
  if (!definition) return undefined;
  const name = libraryName(definition.title);
  return library.find((block) => block.name === name);
}

/** The library's version of an instance's block when it differs from the one the instance runs. */
export function libraryUpdateFor(document: GraphDocument, instance: string, library: readonly LibraryBlock[]): LibraryBlock | undefined {
  const block = libraryBlockFor(document, instance, library);
  const node = document.nodes.find((candidate) => candidate.id === instance);
  return block && node && blockKey(block.definition) !== node.block ? block : undefined;
}

/** The definition with another title (Save to library under a name other than the block's title). */
export function retitled(definition: BlockDefinition, title: string): BlockDefinition {
  return definition.title === title ? definition : { ...definition, title };
}

/** A block's ports in one line for the palette: `a, b → out`. */
export function portSummary(definition: BlockDefinition): string {
  const inputs = definition.inputs.map((port) => port.name).join(', ');
  const outputs = definition.outputs.map((port) => port.name).join(', ');
  return `${inputs || 'no inputs'} → ${outputs || 'no outputs'}`;
}
