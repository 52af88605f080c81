/** The toolbar's Frame: a frame around the selected nodes, or an empty one in view. */
import type { useReactFlow } from '@xyflow/react';
import { FRAME_COLORS, framesOf, newFrameId } from '../../src-shared/graph/frames';
import { EMPTY_SELECTION, type EditorStore } from '../store/document';
import { nodeBoxes, viewCentre } from './flowPlacement';
import { freeSpot } from './placement';

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
}
