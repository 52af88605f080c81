/**
 * Dropping a node type dragged from the palette: the node's corner lands under the pointer, at
 * any zoom (React Flow's screenToFlowPosition accounts for the pane's place, pan and zoom).
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, type DragEvent } from 'react';
import { insertFromLibrary } from '../library/libraryActions';
import { LIBRARY_MIME, libraryBlockNamed } from '../library/libraryStore';
import { useEditorStore } from '../store/context';
import { EMPTY_SELECTION } from '../store/document';

export const PALETTE_MIME = 'application/x-convolab-node-type';

/**
 * The top-left corner (flow coordinates) of a node dropped with the pointer at `flowPoint`: the
 * corner itself, as quick add places nodes, rounded down so the pointer is never outside the node.
 */
export function dropCorner(flowPoint: { x: number; y: number }): { x: number; y: number } {
  return { x: Math.floor(flowPoint.x), y: Math.floor(flowPoint.y) };
}

export function useDropFromPalette(): { onDragOver: (event: DragEvent) => void; onDrop: (event: DragEvent) => void } {
  const store = useEditorStore();
  const flow = useReactFlow();
  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME) || event.dataTransfer.types.includes(LIBRARY_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME);
      const block = libraryBlockNamed(event.dataTransfer.getData(LIBRARY_MIME));
      if (!type && !block) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // A block from My blocks: its definition joins the document's blocks.
      if (block) return void insertFromLibrary(store, block, dropCorner(at));
      const id = store.getState().addNode(type, dropCorner(at));
      store.getState().setSelection({ ...EMPTY_SELECTION, nodes: [id] });
    },
    [flow, store],
  );
  return { onDragOver, onDrop };
}
