/**
 * Align and distribute the selected nodes, as drawing programs do: pure arithmetic on boxes (a
 * node's position and drawn size) to new top-left corners; arrange.ts applies it as one move.
 */
import type { Position } from '../store/commands';
import type { Box } from './placement';
import { boundsOf } from './viewport';

export type Alignment = 'left' | 'centre' | 'right' | 'top' | 'middle' | 'bottom';
export type DistributeAxis = 'horizontal' | 'vertical';

export interface NodeBox extends Box {
  readonly id: string;
}

/** Gap between nodes that distribute spreads out because they overlap (flow units). */
export const DISTRIBUTE_MIN_GAP = 24;

/** Where each alignment puts a box along its axis: at 0 the start edges meet, ½ the centres, 1 the ends. */
const ALIGNED: Readonly<Record<Alignment, { readonly axis: 'x' | 'y'; readonly at: number }>> = {
  left: { axis: 'x', at: 0 },
  centre: { axis: 'x', at: 0.5 },
  right: { axis: 'x', at: 1 },
  top: { axis: 'y', at: 0 },
  middle: { axis: 'y', at: 0.5 },
  bottom: { axis: 'y', at: 1 },
};

/**
 * Each box moved along one axis onto the selection's common line: left, centre or right edges
 * onto the bounds' left edge, centre or right edge (top, middle, bottom likewise); the other axis
 * is kept.
 */
export function alignBoxes(boxes: readonly NodeBox[], alignment: Alignment): Record<string, Position> {
  const bounds = boundsOf(boxes);
  const out: Record<string, Position> = {};
  if (!bounds) return out;
  const { axis, at } = ALIGNED[alignment];
  const length = axis === 'x' ? 'width' : 'height';
  for (const box of boxes) {
    const moved = { x: box.x, y: box.y, [axis]: bounds[axis] + at * (bounds[length] - box[length]) };
    out[box.id] = { x: Math.round(moved.x), y: Math.round(moved.y) };
  }
  return out;
}

/**
 * The boxes spread along `axis` over the selection's extent with equal gaps between neighbours,
 * in their order along it (the first keeps its place, the last ends where the selection did).
 * When the boxes are wider than their span (they overlap), they are laid end to end from the
 * first with a small gap instead: distribute never makes them overlap more.
 */
export function distributeBoxes(boxes: readonly NodeBox[], axis: DistributeAxis): Record<string, Position> {
  const start = (box: Box): number => (axis === 'horizontal' ? box.x : box.y);
  const length = (box: Box): number => (axis === 'horizontal' ? box.width : box.height);
  const order = [...boxes].sort((a, b) => start(a) - start(b) || start(a) + length(a) - (start(b) + length(b)) || (a.id < b.id ? -1 : 1));
  const out: Record<string, Position> = {};
  const first = order[0];
  if (!first) return out;
  const end = Math.max(...order.map((box) => start(box) + length(box)));
  const total = order.reduce((sum, box) => sum + length(box), 0);
  const equalGap = order.length > 1 ? (end - start(first) - total) / (order.length - 1) : 0;
  const gap = equalGap >= 0 ? equalGap : DISTRIBUTE_MIN_GAP;
  let along = start(first);
  for (const box of order) {
    const at = Math.round(along);
    out[box.id] = axis === 'horizontal' ? { x: at, y: box.y } : { x: box.x, y: at };
    along += length(box) + gap;
  }
  return out;
}
