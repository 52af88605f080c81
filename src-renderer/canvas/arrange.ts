/**
 * The canvas's Tidy up, Align and Distribute (toolbar, Layout menu, keys): each reads the nodes'
 * drawn sizes from React Flow, asks the pure layout.ts or align.ts where they go, and dispatches
 * the answer as one command, so one undo puts everything back.
 */
import type { useReactFlow } from '@xyflow/react';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { Command } from '../store/commands';
import type { EditorStore } from '../store/document';
import { alignBoxes, distributeBoxes, type Alignment, type DistributeAxis, type NodeBox } from './align';
import { bringIntoView, NEW_NODE_SIZE } from './flowPlacement';
import { tidyCommand, type Size } from './layout';
import { boundsOf, FIT_VIEW_OPTIONS } from './viewport';

type Flow = ReturnType<typeof useReactFlow>;

/** Align needs two nodes; distribute three (with two there is no gap to even out). */
export const ALIGN_MIN_NODES = 2;
export const DISTRIBUTE_MIN_NODES = 3;

/**
 * Each graph node's size as drawn (React Flow's measure); nodes not yet measured are left out. A
 * node whose first result has not come yet grows when its preview arrives, so it counts as at
 * least as large as a node with a preview: laid out at its small size, it would grow onto its
 * neighbours.
 */
function drawnSizes(store: EditorStore, flow: Flow): Map<string, Size> {
  const states = store.getState().nodeStates;
  const sizes = new Map<string, Size>();
  for (const node of flow.getNodes()) {
    if (node.type === 'frame' || node.measured?.width === undefined || node.measured.height === undefined) continue;
    const { width, height } = node.measured;
    const growing = states[node.id]?.report === undefined;
    sizes.set(node.id, growing ? { width: Math.max(width, NEW_NODE_SIZE.width), height: Math.max(height, NEW_NODE_SIZE.height) } : { width, height });
  }
  return sizes;
}

/**
 * What Tidy up dispatches: the selection laid out when it has 2 or more nodes, else the whole
 * graph (`selected` says which), from the nodes' drawn `sizes`. Undefined when the graph is empty.
 * Pure, so the undo model test plays exactly what the canvas dispatches.
 */
export function tidyUpCommand(
  document: GraphDocument,
  selection: readonly string[],
  sizes: ReadonlyMap<string, Size>,
): { readonly command: Command; readonly selected: readonly string[] | undefined } | undefined {
  const selected = selection.length >= ALIGN_MIN_NODES ? selection : undefined;
  const command = tidyCommand(document, selected, sizes, NEW_NODE_SIZE);
  return command ? { command, selected } : undefined;
}

/** The selected nodes' boxes: where each is, at its drawn size (a node not measured yet at NEW_NODE_SIZE). */
export function selectionBoxes(document: GraphDocument, selection: readonly string[], sizes: ReadonlyMap<string, Size>): NodeBox[] {
  const chosen = new Set(selection);
  return document.nodes
    .filter((node) => chosen.has(node.id))
    .map((node) => ({ id: node.id, x: node.position?.x ?? 0, y: node.position?.y ?? 0, ...(sizes.get(node.id) ?? NEW_NODE_SIZE) }));
}

/** What Align dispatches: one move of the selected nodes; undefined when fewer than two are selected. */
export function alignCommand(document: GraphDocument, selection: readonly string[], sizes: ReadonlyMap<string, Size>, alignment: Alignment): Command | undefined {
  const boxes = selectionBoxes(document, selection, sizes);
  return boxes.length < ALIGN_MIN_NODES ? undefined : { kind: 'move', nodes: alignBoxes(boxes, alignment) };
}

/** What Distribute dispatches: one move of the selected nodes; undefined when fewer than three are selected. */
export function distributeCommand(document: GraphDocument, selection: readonly string[], sizes: ReadonlyMap<string, Size>, axis: DistributeAxis): Command | undefined {
  const boxes = selectionBoxes(document, selection, sizes);
  return boxes.length < DISTRIBUTE_MIN_NODES ? undefined : { kind: 'move', nodes: distributeBoxes(boxes, axis) };
}

/**
 * Tidy up: the selection when it has 2 or more nodes (kept where it was), else the whole graph,
 * laid out left to right by data flow. False when the graph is empty.
 */
export function tidyUp(store: EditorStore, flow: Flow): false | void {
  const state = store.getState();
  const tidy = tidyUpCommand(state.document, state.selection.nodes, drawnSizes(store, flow));
  if (!tidy) return false;
  const { command, selected } = tidy;
  const before = state.document;
  state.dispatch(command);
  if (store.getState().document === before) return state.say('Already tidy');
  state.say(selected ? `Tidied up the ${selected.length} selected nodes (one undo)` : 'Tidied up the graph (one undo)');
  if (selected) {
    // A selection that had to move clear of other nodes may have left the view: follow it.
    const block = boundsOf(selectedBoxes(store, flow));
    if (block) bringIntoView(flow, block);
  } else {
    // The whole graph may now reach past the view: show it, once React Flow has drawn the move.
    requestAnimationFrame(() => requestAnimationFrame(() => void flow.fitView(FIT_VIEW_OPTIONS)));
  }
}

function selectedBoxes(store: EditorStore, flow: Flow): NodeBox[] {
  const state = store.getState();
  return selectionBoxes(state.document, state.selection.nodes, drawnSizes(store, flow));
}

/** Aligns the selected nodes' edges or centres (one move); false when fewer than two are selected. */
export function alignSelection(store: EditorStore, flow: Flow, alignment: Alignment): false | void {
  const state = store.getState();
  const command = alignCommand(state.document, state.selection.nodes, drawnSizes(store, flow), alignment);
  if (!command) return false;
  state.dispatch(command);
}

/** Evens out the gaps between the selected nodes (one move); false when fewer than three are selected. */
export function distributeSelection(store: EditorStore, flow: Flow, axis: DistributeAxis): false | void {
  const state = store.getState();
  const command = distributeCommand(state.document, state.selection.nodes, drawnSizes(store, flow), axis);
  if (!command) return false;
  state.dispatch(command);
}
