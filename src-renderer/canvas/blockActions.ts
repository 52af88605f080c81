/**
 * Group as block and Ungroup, as the node menu and the keys (Ctrl+G, Ctrl+Shift+G) do them: each
 * one command (one undo entry), refused with a line that says why when graph/blocks.ts refuses.
 */
import type { useReactFlow } from '@xyflow/react';
import { groupAsBlock, isBlockNode, ungroupBlock } from '../../src-shared/graph/blocks';
import { BLOCK_TYPE } from '../../src-shared/graph/document';
import { framesGoingWith } from '../../src-shared/graph/frames';
import { newNodeId } from '../store/commands';
import { EMPTY_SELECTION, type EditorStore } from '../store/document';
import { drawnSizes } from './frameCollapse';
import { bringIntoView, NEW_NODE_SIZE, nodeBoxes } from './flowPlacement';
import { groupSpot } from './placement';

type Flow = ReturnType<typeof useReactFlow>;

/** Where the block goes on the canvas as drawn: centred on the selection, clear of the nodes left outside. */
function groupPosition(flow: Flow, nodes: readonly string[]): { x: number; y: number } | undefined {
  const boxes = nodeBoxes(flow);
  const selected = boxes.filter((box) => nodes.includes(box.id));
  if (selected.length === 0) return undefined;
  return groupSpot(selected, boxes.filter((box) => !nodes.includes(box.id)), NEW_NODE_SIZE);
}

/**
 * The selected nodes as one block node, selected; false when nothing is selected. With the
 * canvas (`flow`) the block goes to the free spot nearest the selection's centre, brought into
 * view when that is out of sight. Selected
 * frames that hold only selected nodes go into the block with them (ungroup brings them back):
 * grouping a framed part of the graph leaves no empty frame behind.
 */
export function groupSelection(store: EditorStore, flow?: Flow): void | false {
  const state = store.getState();
  const nodes = state.selection.nodes;
  if (nodes.length === 0) return false;
  const id = newNodeId(BLOCK_TYPE, state.document);
  // Asked first, so a refusal is said in words instead of the key doing nothing.
  const outcome = groupAsBlock(state.document, nodes, { id });
  if (!outcome.ok) {
    state.say(`Group as block: ${outcome.error}`, 'error');
    return;
  }
  const position = flow ? groupPosition(flow, nodes) : undefined;
  const frames = framesGoingWith(state.document, nodes, state.selection.frames, flow ? drawnSizes(flow) : () => NEW_NODE_SIZE);
  state.dispatch({ kind: 'group', nodes, id, ...(position ? { position } : {}), ...(frames.length > 0 ? { frames } : {}) });
  state.setSelection({ ...EMPTY_SELECTION, nodes: [outcome.node] });
  // The selection's centre may lie out of sight (a selection larger than the view): the view
  // follows the new block rather than leave an empty canvas. A block in sight, even in part, moves
  // nothing: the user is working on what is around it.
  if (flow && position) bringIntoView(flow, { ...position, ...NEW_NODE_SIZE }, 'wholly hidden');
  state.say(`Grouped ${nodes.length} node${nodes.length === 1 ? '' : 's'} as block ${outcome.node}: double-click it to open it (one undo)`);
}

/** The selected block nodes' inner nodes back in the graph, selected; false when no block is selected. */
export function ungroupSelection(store: EditorStore): void | false {
  const state = store.getState();
  const blocks = state.document.nodes.filter((node) => state.selection.nodes.includes(node.id) && isBlockNode(node));
  if (blocks.length === 0) return false;
  const restored: string[] = [];
  const restoredFrames: string[] = [];
  let document = state.document;
  for (const block of blocks) {
    const outcome = ungroupBlock(document, block.id);
    if (!outcome.ok) {
      state.say(`Ungroup ${block.id}: ${outcome.error}`, 'error');
      return;
    }
    document = outcome.document;
    restored.push(...outcome.nodes);
    restoredFrames.push(...outcome.frames);
  }
  state.dispatch(blocks.length === 1 ? { kind: 'ungroup', node: blocks[0]!.id } : { kind: 'batch', commands: blocks.map((block) => ({ kind: 'ungroup', node: block.id })) });
  // The frames it held come back selected with the nodes: Ctrl+G right after groups them again.
  state.setSelection({ ...EMPTY_SELECTION, nodes: restored, frames: restoredFrames });
  state.say(`Ungrouped ${blocks.map((block) => block.id).join(', ')} (one undo)`);
}

/** Whether the selection holds a block node (the menu then offers Ungroup). */
export function selectionHasBlock(store: EditorStore): boolean {
  const { document, selection } = store.getState();
  return document.nodes.some((node) => selection.nodes.includes(node.id) && isBlockNode(node));
}
