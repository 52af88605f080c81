/**
 * A dragged frame carries what it holds (frames.ts says what that is): while the pointer moves,
 * the nodes and frames inside follow it on the canvas, and when it is released the frame and all
 * it carried become one move, one undo entry.
 */
import type { Node } from '@xyflow/react';
import type { GraphDocument } from '../../src-shared/graph/document';
import { frameDragPlacement, type Placement, type Position, type Size } from '../../src-shared/graph/frames';
import { FRAME_PREFIX } from './frameNodeIds';

/**
 * Where the drag of `dragged` (React Flow's dragged nodes, frames among them) puts everything:
 * the dragged nodes and frames where they are, and what the frames carry moved by their deltas.
 * Rounded, it is the move the drag ends with; unrounded, where the carried nodes are drawn mid-drag.
 */
export function dragPlacement(document: GraphDocument, dragged: readonly Node[], sizeOf: (nodeId: string) => Size, round: boolean): Placement {
  const nodes: Record<string, Position> = {};
  const frames: Record<string, Position> = {};
  for (const node of dragged) {
    const position = round ? { x: Math.round(node.position.x), y: Math.round(node.position.y) } : node.position;
    if (node.id.startsWith(FRAME_PREFIX)) frames[node.id.slice(FRAME_PREFIX.length)] = position;
    else nodes[node.id] = position;
  }
  if (Object.keys(frames).length === 0) return { nodes, frames };
  const carried = frameDragPlacement(document, frames, sizeOf, new Set(Object.keys(nodes)));
  return { nodes: { ...carried.nodes, ...nodes }, frames: { ...carried.frames, ...frames } };
}

/** `nodes` with the carried ones drawn where `placement` puts them (the dragged ones React Flow moves itself). */
export function drawCarried(nodes: Node[], placement: Placement, dragged: readonly Node[]): Node[] {
  const draggedIds = new Set(dragged.map((node) => node.id));
  let changed = false;
  const next = nodes.map((node) => {
    if (draggedIds.has(node.id)) return node;
    const isFrame = node.id.startsWith(FRAME_PREFIX);
    const position = isFrame ? placement.frames[node.id.slice(FRAME_PREFIX.length)] : placement.nodes[node.id];
    if (!position || (position.x === node.position.x && position.y === node.position.y)) return node;
    changed = true;
    return { ...node, position: { x: position.x, y: position.y } };
  });
  return changed ? next : nodes;
}
