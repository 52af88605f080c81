/**
 * Where nodes go on the canvas as React Flow shows it now: a new node at a free spot near the
 * view's centre, duplicates and pastes clear of every node already there (placement.ts decides,
 * from boxes; this file reads the boxes and the view from React Flow).
 */
import type { useReactFlow } from '@xyflow/react';
import type { GraphNode } from '../../src-shared/graph/document';
import { frameBox, type Frame } from '../../src-shared/graph/frames';
import { duplicateCommand } from '../store/commands';
import { EMPTY_SELECTION, type EditorStore } from '../store/document';
import { FRAME_PREFIX } from './frameNodeIds';
import { freeSpot, pasteSpot, PLACEMENT_GAP, type Box } from './placement';
import { boundsOf } from './viewport';

type Flow = ReturnType<typeof useReactFlow>;

/** The size a node takes before React Flow has measured it (a node with a preview). */
export const NEW_NODE_SIZE = { width: 240, height: 200 };

/**
 * Where a node added without a drop point should go: the free spot nearest `preferred` (flow
 * coordinates), clear of every node already on the canvas (frames may hold new nodes).
 */
export function placeNewNode(flow: Flow, preferred: { x: number; y: number }): { x: number; y: number } {
  const spot = freeSpot({ x: preferred.x - NEW_NODE_SIZE.width / 2, y: preferred.y - NEW_NODE_SIZE.height / 2 }, NEW_NODE_SIZE, nodeBoxes(flow));
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}

/**
 * Where a node the user placed at `corner` (flow coordinates: a double-click, Tab at the pointer,
 * a wire's end dropped on the canvas) goes: there, or where it covers a node, the free spot nearest.
 */
export function placeNodeAt(flow: Flow, corner: { x: number; y: number }): { x: number; y: number } {
  const spot = freeSpot({ x: Math.round(corner.x), y: Math.round(corner.y) }, NEW_NODE_SIZE, nodeBoxes(flow));
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}

/**
 * The sizes that copies (pasted, duplicated) will grow to: their originals' drawn sizes. A copy is
 * drawn at once but its preview comes with its first run, a moment later; until then it is
 * shorter than it will be, and a second paste placed by its early size would land on it.
 */
const grownSizes = new Map<string, { readonly width: number; readonly height: number }>();

/** Remembers that each of `copies` will be drawn as large as the original at the same index. */
export function expectCopiesLike(flow: Flow, originals: readonly string[], copies: readonly string[]): void {
  copies.forEach((copy, index) => {
    const original = originals[index];
    const drawn = original === undefined ? undefined : flow.getNode(original)?.measured;
    if (drawn?.width !== undefined && drawn.height !== undefined) grownSizes.set(copy, { width: drawn.width, height: drawn.height });
  });
}

/** The boxes the graph's nodes take on the canvas (flow coordinates; frames do not count), with their node's id. */
export function nodeBoxes(flow: Flow): (Box & { readonly id: string })[] {
  const nodes = flow.getNodes();
  const present = new Set(nodes.map((node) => node.id));
  for (const id of grownSizes.keys()) if (!present.has(id)) grownSizes.delete(id);
  return nodes
    .filter((node) => node.type !== 'frame')
    .map((node) => {
      const width = node.measured?.width ?? NEW_NODE_SIZE.width;
      const height = node.measured?.height ?? NEW_NODE_SIZE.height;
      const grown = grownSizes.get(node.id);
      // Once a copy has reached its original's size, its own measure is the truth again.
      if (grown && width >= grown.width && height >= grown.height) grownSizes.delete(node.id);
      return { id: node.id, x: node.position.x, y: node.position.y, width: Math.max(width, grown?.width ?? 0), height: Math.max(height, grown?.height ?? 0) };
    });
}

/** The centre of the visible canvas, in flow coordinates. */
export function viewCentre(flow: Flow): { x: number; y: number } {
  const bounds = document.querySelector('.react-flow')?.getBoundingClientRect();
  return flow.screenToFlowPosition(
    bounds ? { x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 } : { x: 400, y: 300 },
  );
}

/**
 * The part of the canvas in sight, in flow coordinates: the canvas element's box (the panels
 * around it, the inspector, palette and dock, are outside it). Undefined before it is laid out.
 */
export function visibleCanvas(flow: Flow): Box | undefined {
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!pane || pane.width === 0 || pane.height === 0) return undefined;
  const topLeft = flow.screenToFlowPosition({ x: pane.left, y: pane.top });
  const bottomRight = flow.screenToFlowPosition({ x: pane.right, y: pane.bottom });
  return { x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y };
}

/** Moves the view (at its zoom) so that `box` (flow coordinates) is in sight, when it is partly (or, asked so, wholly) out of it. */
export function bringIntoView(flow: Flow, box: Box, only: 'partly hidden' | 'wholly hidden' = 'partly hidden'): void {
  // Without a page (the store driven by a test) there is no view to move.
  if (typeof document === 'undefined') return;
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!pane) return;
  const topLeft = flow.flowToScreenPosition({ x: box.x, y: box.y });
  const bottomRight = flow.flowToScreenPosition({ x: box.x + box.width, y: box.y + box.height });
  const partly = topLeft.x < pane.left || topLeft.y < pane.top || bottomRight.x > pane.right || bottomRight.y > pane.bottom;
  const wholly = bottomRight.x < pane.left || bottomRight.y < pane.top || topLeft.x > pane.right || topLeft.y > pane.bottom;
  if (only === 'wholly hidden' ? wholly : partly) {
    void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: flow.getZoom(), duration: 200 });
  }
}

/**
 * How far Duplicate moves the copies: to the free spot nearest just below the selection (its
 * nodes and frames), so the copies cover neither the originals nor anything else; the view
 * follows when they land outside it.
 */
function duplicateOffset(flow: Flow, ids: readonly string[], frameIds: readonly string[]): { x: number; y: number } {
  const flowIds = new Set([...ids, ...frameIds.map((id) => FRAME_PREFIX + id)]);
  const chosen = flow.getNodes().filter((node) => flowIds.has(node.id));
  if (chosen.length === 0) return { x: 40, y: 40 };
  const bounds = flow.getNodesBounds(chosen);
  const spot = freeSpot({ x: bounds.x, y: bounds.y + bounds.height + PLACEMENT_GAP }, bounds, nodeBoxes(flow));
  bringIntoView(flow, { ...bounds, x: spot.x, y: spot.y });
  return { x: Math.round(spot.x - bounds.x), y: Math.round(spot.y - bounds.y) };
}

/**
 * Duplicate (Ctrl+D, the node menu): copies of the selected nodes, and of the frames selected with
 * them as copy and paste carries them, selected, clear of the rest.
 */
export function duplicateSelection(store: EditorStore, flow: Flow): void {
  const state = store.getState();
  const { nodes: ids, frames } = state.selection;
  const command = duplicateCommand(state.document, ids, duplicateOffset(flow, ids, frames), frames);
  if (command?.kind !== 'addNodes') return;
  state.dispatch(command);
  // duplicateCommand copies in the document's order.
  const originals = state.document.nodes.filter((node) => ids.includes(node.id)).map((node) => node.id);
  expectCopiesLike(flow, originals, command.nodes.map((node) => node.id));
  state.setSelection({ ...EMPTY_SELECTION, nodes: command.nodes.map((node) => node.id), frames: (command.frames ?? []).map((frame) => frame.id) });
}

/**
 * Where pasted nodes go (their top-left corner, flow coordinates): the free spot nearest the
 * pointer when it is over the canvas (`pointer`, screen coordinates), else nearest just off where
 * they were copied from (the view's middle for nodes from another graph); never on a node already
 * there, so repeated pastes cascade; and in sight, not under the panels beside the canvas, with
 * the `frames` pasted around them.
 */
export function pastePosition(flow: Flow, pasted: readonly GraphNode[], pointer: { x: number; y: number } | undefined, frames: readonly Frame[] = []): { x: number; y: number } {
  const nodes = boundsOf(
    pasted.map((node) => {
      // A paste within the same graph knows the copied nodes' drawn sizes; others get the usual guess.
      const drawn = flow.getNode(node.id)?.measured;
      return {
        x: node.position?.x ?? 0,
        y: node.position?.y ?? 0,
        width: drawn?.width ?? NEW_NODE_SIZE.width,
        height: drawn?.height ?? NEW_NODE_SIZE.height,
      };
    }),
  )!;
  // The frames reach beyond the nodes (a title bar above them): the whole is what must be in sight.
  const group = boundsOf([nodes, ...frames.map(frameBox)])!;
  // Nodes copied from another graph have no originals here: they go to the upper middle of the view.
  const fromHere = pasted.some((node) => flow.getNode(node.id) !== undefined);
  let preferred = pointer ? flow.screenToFlowPosition(pointer) : undefined;
  if (!preferred && !fromHere) {
    const centre = viewCentre(flow);
    preferred = { x: centre.x - group.width / 2, y: centre.y - group.height / 2 };
  }
  const spot = pasteSpot(group, nodeBoxes(flow), preferred, visibleCanvas(flow));
  // The paste lands in sight where the view has room; where it has none, the view follows it.
  bringIntoView(flow, { ...group, x: spot.x, y: spot.y });
  return { x: Math.round(spot.x + nodes.x - group.x), y: Math.round(spot.y + nodes.y - group.y) };
}
