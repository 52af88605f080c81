/**
 * Showing one node (a Find step, a click on the status bar's error count): it is selected, and the
 * view moves only as much as it must. A node already in view at a readable zoom stays where it
 * is; one off screen is centred at the zoom the user chose; only a zoom too small to read (or too
 * large to hold the node) changes, to the node's natural size or what fits. The move is animated
 * briefly so the eye can follow where the view went.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditorStore } from '../store/context';
import { hiddenByFrames } from '../../src-shared/graph/frames';
import { EMPTY_SELECTION } from '../store/document';
import { FRAME_PREFIX } from './frameNodeIds';
import type { Box } from './placement';
import { READABLE_ZOOM, type Viewport } from './viewport';

/** The room kept between the node and the pane's edges, as a fraction of the pane on each side. */
const MARGIN = 0.08;
/** A node shown from a zoom too small to read is shown at its natural size (or what fits). */
const SHOW_ZOOM = 1;
/** The canvas's zoom limits (Canvas.tsx's minZoom and maxZoom). */
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 4;
/** How long the view takes to move (ms): long enough to see which way it went. */
export const FRAME_NODE_MS = 250;
/** A node's size before React Flow has measured it (the node's CSS width; a typical height). */
const UNMEASURED = { width: 238, height: 160 };

/**
 * The viewport that shows `box` (flow units) in a pane of `pane` pixels, starting from
 * `viewport`; undefined when the node is already in view, clear of the edges, at a readable zoom.
 */
export function nodeViewport(box: Box, viewport: Viewport, pane: { width: number; height: number }): Viewport | undefined {
  const roomX = pane.width * (1 - 2 * MARGIN);
  const roomY = pane.height * (1 - 2 * MARGIN);
  const fitsAt = (zoom: number): boolean => box.width * zoom <= roomX && box.height * zoom <= roomY;
  const keepZoom = viewport.zoom >= READABLE_ZOOM && fitsAt(viewport.zoom);
  if (keepZoom) {
    const left = box.x * viewport.zoom + viewport.x;
    const top = box.y * viewport.zoom + viewport.y;
    const inside =
      left >= pane.width * MARGIN &&
      top >= pane.height * MARGIN &&
      left + box.width * viewport.zoom <= pane.width * (1 - MARGIN) &&
      top + box.height * viewport.zoom <= pane.height * (1 - MARGIN);
    if (inside) return undefined;
  }
  const fitting = Math.min(roomX / Math.max(box.width, 1), roomY / Math.max(box.height, 1));
  const zoom = keepZoom ? viewport.zoom : Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min(fitting, Math.max(viewport.zoom, SHOW_ZOOM))));
  return {
    x: pane.width / 2 - (box.x + box.width / 2) * zoom,
    y: pane.height / 2 - (box.y + box.height / 2) * zoom,
    zoom,
  };
}

/**
 * Selects a node (alone) and brings it into view (see nodeViewport), or the collapsed frame that
 * hides it; Find adds no undo entry.
 */
export function useFrameNode(): (id: string) => void {
  const editor = useEditorStore();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  return useCallback(
    (id: string) => {
      // A node a collapsed frame hides is shown as that frame, selected in its stead: a hidden
      // node selected would be deleted or copied by keys acting on what the user cannot see.
      const hiddenBy = hiddenByFrames(editor.getState().document).nodes.get(id);
      editor.getState().setSelection(hiddenBy === undefined ? { ...EMPTY_SELECTION, nodes: [id] } : { ...EMPTY_SELECTION, frames: [hiddenBy] });
      const node = flow.getInternalNode(hiddenBy === undefined ? id : FRAME_PREFIX + hiddenBy);
      if (!node || node.hidden) return;
      const { width, height } = flowStore.getState();
      const box = {
        ...node.internals.positionAbsolute,
        width: node.measured.width ?? UNMEASURED.width,
        height: node.measured.height ?? UNMEASURED.height,
      };
      const viewport = nodeViewport(box, flow.getViewport(), { width, height });
      if (viewport) void flow.setViewport(viewport, { duration: FRAME_NODE_MS });
    },
    [editor, flow, flowStore],
  );
}
