/**
 * Collapsing and opening a frame (its chevron, a double-click on its title bar), and what a
 * collapsed frame shows of the nodes it hides: how many, and which of them failed.
 */
import type { useReactFlow } from '@xyflow/react';
import { collapsePatch, EXPAND_PATCH, framesOf, hiddenByFrames, type Size } from '../../src-shared/graph/frames';
import type { EditorState, EditorStore } from '../store/document';
import { shownStatus, unconnectedInputs } from '../store/nodeStatus';
import { NEW_NODE_SIZE } from './flowPlacement';

type Flow = ReturnType<typeof useReactFlow>;

/** A node's size as drawn (React Flow measures it), or the usual guess before it is measured. */
export function drawnSizes(flow: Flow): (nodeId: string) => Size {
  return (nodeId) => {
    const measured = flow.getNode(nodeId)?.measured;
    return { width: measured?.width ?? NEW_NODE_SIZE.width, height: measured?.height ?? NEW_NODE_SIZE.height };
  };
}

/** Collapses an open frame or opens a collapsed one: one undo entry. Hidden nodes leave the selection. */
export function toggleFrame(store: EditorStore, flow: Flow, frameId: string): void {
  const state = store.getState();
  const frame = framesOf(state.document).find((f) => f.id === frameId);
  if (!frame) return;
  const patch = frame.collapsed ? EXPAND_PATCH : collapsePatch(state.document, frameId, drawnSizes(flow));
  state.dispatch({ kind: 'updateFrame', id: frameId, patch });
  // Keys (Delete, Duplicate) must not act on nodes the user cannot see.
  const hidden = hiddenByFrames(store.getState().document);
  const { selection } = store.getState();
  const nodes = selection.nodes.filter((id) => !hidden.nodes.has(id));
  const frames = selection.frames.filter((id) => !hidden.frames.has(id));
  if (nodes.length !== selection.nodes.length || frames.length !== selection.frames.length) state.setSelection({ nodes, frames });
}

/** How many nodes a collapsed frame hides (those inside frames it hides included). */
export function hiddenCount(state: EditorState, frameId: string): number {
  let count = 0;
  for (const drawnAs of hiddenByFrames(state.document).nodes.values()) if (drawnAs === frameId) count++;
  return count;
}

/**
 * The hidden nodes of a collapsed frame that failed, as `id, id` (a string, so a selector's result
 * compares by value): the engine still runs them, and their errors must not vanish with them.
 */
export function hiddenFailures(state: EditorState, frameId: string): string {
  const failing: string[] = [];
  for (const [id, drawnAs] of hiddenByFrames(state.document).nodes) {
    // Only an error can be one (a node waiting for an input reports an error too): look no further at the rest.
    if (drawnAs !== frameId || state.nodeStates[id]?.status !== 'error') continue;
    const unconnected = unconnectedInputs(state, id);
    if (shownStatus(state.nodeStates[id], unconnected ? unconnected.split(',') : []) === 'error') failing.push(id);
  }
  return failing.join(', ');
}
