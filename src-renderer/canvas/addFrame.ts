/** The toolbar's Frame: a frame around the selected nodes, or an empty one in view. */
import type { useReactFlow } from '@xyflow/react';
import { FRAME_COLORS, framesOf, newFrameId } from '../../src-shared/graph/frames';
import { EMPTY_SELECTION, type EditorStore } from '../store/document';
import { nodeBoxes, viewCentre } from './flowPlacement';
import { userFramed } from './framing';
import { freeSpot, type Box } from './placement';

export function addFrameAroundSelection(store: EditorStore, flow: ReturnType<typeof useReactFlow>): void {
  const state = store.getState();
  const selected = flow.getNodes().filter((node) => state.selection.nodes.includes(node.id));
  let box: { x: number; y: number; width: number; height: number };
  if (selected.length > 0) {
    const bounds = flow.getNodesBounds(selected);
    box = { x: bounds.x - 24, y: bounds.y - 48, width: bounds.width + 48, height: bounds.height + 72 };
  } else {
    // An empty frame goes where it covers no node, so its label is not hidden behind one.
    const size = { width: 400, height: 260 };
    const centre = viewCentre(flow);
    box = { ...freeSpot({ x: centre.x - size.width / 2, y: centre.y - size.height / 2 }, size, nodeBoxes(flow)), ...size };
  }
  const frames = framesOf(state.document);
  const id = newFrameId(state.document);
  const color = FRAME_COLORS[frames.length % FRAME_COLORS.length]!;
  state.dispatch({ kind: 'addFrame', frame: { id, label: `Frame ${frames.length + 1}`, color, ...box } });
  state.setSelection({ ...EMPTY_SELECTION, frames: [id] });
  showTitleBar(flow, box);
}

/** The part of a frame's title bar that must be in sight to read its label and reach its buttons (flow units). */
const TITLE_BAR = { width: 240, height: 36 };

/**
 * Pans the view (at its zoom) by as little as brings the new frame's title bar into sight: a frame
 * around nodes at the top of the view reaches above them, and its label and buttons were left
 * out of sight behind the toolbar.
 */
function showTitleBar(flow: ReturnType<typeof useReactFlow>, box: Box): void {
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!pane) return;
  const margin = 8;
  const corner = flow.flowToScreenPosition({ x: box.x, y: box.y });
  const end = flow.flowToScreenPosition({ x: box.x + Math.min(box.width, TITLE_BAR.width), y: box.y + TITLE_BAR.height });
  const along = (start: number, stop: number, low: number, high: number): number => (start < low + margin ? low + margin - start : stop > high - margin ? Math.max(high - margin - stop, low + margin - start) : 0);
  const dx = along(corner.x, end.x, pane.left, pane.right);
  const dy = along(corner.y, end.y, pane.top, pane.bottom);
  if (dx === 0 && dy === 0) return;
  userFramed();
  const view = flow.getViewport();
  void flow.setViewport({ x: view.x + dx, y: view.y + dy, zoom: view.zoom }, { duration: 200 });
}
