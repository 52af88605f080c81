/**
 * The library's gestures on the editor: insert a library block (palette click or drop), save a
 * block node to the library (node menu), update instances from it (node menu). Each edit is one
 * command, so one undo entry; each outcome is said in one line.
 */
import { blockDefinitionOf } from '../../src-shared/graph/blocks';
import { MAX_BLOCK_DEPTH } from '../../src-shared/graph/expand';
import { BLOCK_TYPE } from '../../src-shared/graph/document';
import { libraryBlockText, libraryName, libraryNameProblem, type LibraryBlock } from '../../src-shared/library';
import type { FileMethods } from '../../src-shared/protocol';
import type { Dialogs } from '../files/dialogQueue';
import { newNodeId } from '../store/commands';
import { EMPTY_SELECTION, type EditorStore } from '../store/document';
import { insertLibraryBlockCommand, libraryUpdateFor, retitled, updateBlockDefinition } from './libraryEdits';
import { libraryStore, refreshLibrary } from './libraryStore';

type LibraryHost = Pick<FileMethods, 'libraryBlocks' | 'saveLibraryBlock'>;

/**
 * Adds library block `block` with its corner at `position`, selected (inside an opened block too:
 * a block inside a block), with the definitions of the blocks it holds. Inside an opened block the
 * editor refuses one that would make the block contain itself or pass the nesting or size limits:
 * then nothing is added and one line says so.
 */
export function insertFromLibrary(store: EditorStore, block: LibraryBlock, position: { x: number; y: number }): string | undefined {
  const state = store.getState();
  const id = newNodeId(BLOCK_TYPE, state.document);
  state.dispatch(insertLibraryBlockCommand(block.definition, { id, position, ...(block.params !== undefined ? { params: block.params } : {}) }, block.blocks));
  if (!store.getState().document.nodes.some((node) => node.id === id)) {
    state.say(`My blocks: “${block.name}” was not added here: inside this block it would hold itself, nest past ${MAX_BLOCK_DEPTH} levels or make the graph too large to run; insert it outside the block instead`, 'error');
    return undefined;
  }
  state.setSelection({ ...EMPTY_SELECTION, nodes: [id] });
  return id;
}

/**
 * Saves block node `instance` to the library under a name the user confirms (its title made
 * file-safe to start with). A name other than the title retitles the block in the graph too (one
 * undo entry), so the instance and the library block stay one block. A name in use is replaced
 * only when the user says so.
 */
export async function saveToLibrary(store: EditorStore, api: LibraryHost, dialogs: Dialogs, instance: string, askName: (initial: string) => Promise<string | undefined>): Promise<void> {
  const definition = blockDefinitionOf(store.getState().document, instance);
  if (!definition) return;
  const name = await askName(libraryName(definition.title));
  if (name === undefined) return;
  const problem = libraryNameProblem(name);
  if (problem !== undefined) {
    store.getState().say(`Save to library: ${problem}`, 'error');
    return;
  }
  const saved = libraryName(definition.title) === name ? definition : retitled(definition, name);
  const { document } = store.getState();
  const node = document.nodes.find((candidate) => candidate.id === instance);
  // A block of blocks is saved with every definition it holds, through every level.
  const text = libraryBlockText(saved, node?.params, document.blocks);
  let result = await api.saveLibraryBlock({ name, text });
  if (!result.saved) {
    const replace = await dialogs.ask({ kind: 'confirm', question: `Replace “${name}” in My blocks?`, detail: 'My blocks holds a block of that name. Replacing it changes what “Update from library” gives its instances.', action: 'Replace' });
    if (!replace) return;
    result = await api.saveLibraryBlock({ name, text, replace: true });
  }
  // The key the instance runs now, which a retitle moves every instance of.
  const current = store.getState().document.nodes.find((candidate) => candidate.id === instance)?.block;
  if (saved !== definition && current !== undefined) store.getState().dispatch({ kind: 'updateBlock', key: current, definition: saved });
  await refreshLibrary(api);
  store.getState().say(`Saved block “${name}” to My blocks`);
}

/**
 * Every instance of block node `instance`'s block runs the library's version instead: one undo
 * entry; what cannot be kept (a wire on a port that is gone, the value of a param no longer on
 * the block's face) is named in the line that says so.
 */
export function updateFromLibrary(store: EditorStore, instance: string): void {
  const state = store.getState();
  const block = libraryUpdateFor(state.document, instance, libraryStore.getState().blocks);
  const key = state.document.nodes.find((node) => node.id === instance)?.block;
  if (!block || key === undefined) return;
  const update = updateBlockDefinition(state.document, key, block.definition, block.blocks);
  state.dispatch({ kind: 'updateBlock', key, definition: block.definition, ...(block.blocks !== undefined ? { blocks: block.blocks } : {}) });
  const count = update.instances.length;
  const what = `Updated ${count === 1 ? update.instances[0] : `${count} instances`} from My blocks “${block.name}” (one undo)`;
  if (update.dropped.length === 0) state.say(what);
  else state.say(`${what}; dropped what the new block has no place for: ${update.dropped.join(', ')}`, 'error');
}
