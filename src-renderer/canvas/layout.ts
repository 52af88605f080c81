/**
 * Tidy up: nodes laid out left to right by data flow with dagre's layered layout (a source's
 * column before its targets', crossings minimised), each node at its drawn size. Frames are
 * respected: the nodes a frame holds are laid out as one cluster (dagre's compound graph), and the
 * frame is then moved and resized around them. Pure: a document, the nodes to lay out and their
 * sizes in, positions out; arrange.ts reads the sizes from React Flow and dispatches the result.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphDocument } from '../../src-shared/graph/document';
import { framesOf, type Frame } from '../../src-shared/graph/frames';
import type { Command, Position } from '../store/commands';
import { freeSpot, overlaps, type Box } from './placement';
import { boundsOf } from './viewport';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * Room a frame keeps around the nodes it holds: its label bar above them, a margin elsewhere (as
 * the toolbar's Frame draws one around a selection).
 */
export const FRAME_PADDING = { left: 24, right: 24, top: 48, bottom: 24 } as const;

/**
 * Gaps between laid-out nodes (flow units). Columns stay far enough apart for wires to be read;
 * `edgesep` is also the gap dagre keeps between a cluster's border and what lies beside it, so it
 * must hold a frame's label bar.
 */
const SPACING = { ranksep: 96, nodesep: 48, edgesep: FRAME_PADDING.top } as const;

export interface TidyResult {
  /** The laid-out nodes' new top-left corners. */
  readonly nodes: Readonly<Record<string, Position>>;
  /** Frames that hold laid-out nodes, moved and resized to hold them. */
  readonly frames: Readonly<Record<string, Box>>;
}

function within(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function area(box: Box): number {
  return box.width * box.height;
}

/** The smallest of `frames` (other than `self`) that `box` lies within: what holds it. */
function holder(box: Box, frames: readonly Frame[], self?: Frame): Frame | undefined {
  let best: Frame | undefined;
  for (const frame of frames) {
    if (frame === self || !within(box, frame)) continue;
    // A frame holds another only when it is larger: two frames of one box do not hold each other.
    if (self && area(frame) <= area(self)) continue;
    if (!best || area(frame) < area(best)) best = frame;
  }
  return best;
}

/**
 * Lays out `ids` (every node when undefined) left to right by data flow. The result's top-left
 * corner is where the laid-out nodes' was, so a tidied selection stays where the user was looking
 * (or at the free spot nearest it, when the block would land on nodes outside the selection).
 * `sizes` gives each node's drawn size; a node missing from it counts as `fallback`.
 */
export function tidyLayout(
  document: GraphDocument,
  ids: readonly string[] | undefined,
  sizes: ReadonlyMap<string, Size>,
  fallback: Size,
): TidyResult {
  const chosen = new Set(ids ?? document.nodes.map((node) => node.id));
  const boxes = new Map<string, Box>();
  for (const node of document.nodes) {
    const size = sizes.get(node.id) ?? fallback;
    boxes.set(node.id, { x: node.position?.x ?? 0, y: node.position?.y ?? 0, width: size.width, height: size.height });
  }
  // Dagre orders each column starting from the order nodes are given in: top to bottom as they were.
  const laid = document.nodes
    .filter((node) => chosen.has(node.id))
    .map((node) => node.id)
    .sort((a, b) => boxes.get(a)!.y - boxes.get(b)!.y || boxes.get(a)!.x - boxes.get(b)!.x);
  if (laid.length === 0) return { nodes: {}, frames: {} };

  const frames = framesOf(document);
  const frameOf = new Map<string, Frame | undefined>(document.nodes.map((node) => [node.id, holder(boxes.get(node.id)!, frames)]));
  const parentOf = new Map<Frame, Frame | undefined>(frames.map((frame) => [frame, holder(frame, frames, frame)]));
  // The frames that hold a laid-out node, directly or through a frame inside them.
  const active = new Set<Frame>();
  for (const id of laid) {
    for (let frame = frameOf.get(id); frame && !active.has(frame); frame = parentOf.get(frame)) active.add(frame);
  }

  const positions = place(document, laid, boxes, frameOf, parentOf, active);
  const after = boundsOf(laid.map((id) => ({ ...boxes.get(id)!, ...positions.get(id)! })))!;
  const corner = blockCorner(
    laid.map((id) => boxes.get(id)!),
    laid.map((id) => ({ ...boxes.get(id)!, x: positions.get(id)!.x - after.x, y: positions.get(id)!.y - after.y })),
    document.nodes.filter((node) => !chosen.has(node.id)).map((node) => boxes.get(node.id)!),
  );
  const nodes: Record<string, Position> = {};
  for (const id of laid) {
    const position = positions.get(id)!;
    nodes[id] = { x: Math.round(position.x - after.x + corner.x), y: Math.round(position.y - after.y + corner.y) };
  }
  return { nodes, frames: frameBoxes(document, nodes, boxes, frameOf, parentOf, active) };
}

/**
 * Where the laid-out block's top-left corner goes: where the nodes' was (`old` boxes), unless the
 * block (`laidOut`, relative to its corner) would then cover a node left where it is; then the free
 * spot nearest that corner, so a tidied selection lands on nothing else.
 */
function blockCorner(old: readonly Box[], laidOut: readonly Box[], others: readonly Box[]): Position {
  const anchor = boundsOf(old)!;
  const covers = laidOut.some((box) => others.some((other) => overlaps({ ...box, x: box.x + anchor.x, y: box.y + anchor.y }, other, 0)));
  if (!covers) return { x: anchor.x, y: anchor.y };
  return freeSpot(anchor, boundsOf(laidOut)!, others);
}

/** Dagre's positions (top-left corners, in dagre's own origin) for `laid`. */
function place(
  document: GraphDocument,
  laid: readonly string[],
  boxes: ReadonlyMap<string, Box>,
  frameOf: ReadonlyMap<string, Frame | undefined>,
  parentOf: ReadonlyMap<Frame, Frame | undefined>,
  active: ReadonlySet<Frame>,
): Map<string, Position> {
  const run = (clusters: boolean): Map<string, Position> => {
    const graph = new Graph({ compound: clusters });
    graph.setGraph({ rankdir: 'LR', ...SPACING });
    graph.setDefaultEdgeLabel(() => ({}));
    // Node and frame ids may be any strings: each kind gets its own prefix in dagre's one namespace.
    const node = (id: string): string => `n:${id}`;
    const cluster = (frame: Frame): string => `f:${frame.id}`;
    for (const id of laid) graph.setNode(node(id), { width: boxes.get(id)!.width, height: boxes.get(id)!.height });
    if (clusters) {
      for (const frame of active) graph.setNode(cluster(frame), {});
      for (const frame of active) {
        const parent = parentOf.get(frame);
        if (parent) graph.setParent(cluster(frame), cluster(parent));
      }
      for (const id of laid) {
        const frame = frameOf.get(id);
        if (frame) graph.setParent(node(id), cluster(frame));
      }
    }
    const inLayout = new Set(laid);
    for (const edge of document.edges) {
      if (!inLayout.has(edge.source) || !inLayout.has(edge.target)) continue;
      // Two wires between the same nodes pull them together twice as hard.
      const label = graph.edge(node(edge.source), node(edge.target)) as { weight?: number } | undefined;
      graph.setEdge(node(edge.source), node(edge.target), { weight: (label?.weight ?? 0) + 1 });
    }
    layout(graph);
    const out = new Map<string, Position>();
    for (const id of laid) {
      const { x, y, width, height } = graph.node(node(id)) as { x: number; y: number; width: number; height: number };
      out.set(id, { x: x - width / 2, y: y - height / 2 });
    }
    return out;
  };
  if (active.size === 0) return run(false);
  try {
    return run(true);
  } catch {
    // Dagre's compound layout has known failures on some cluster shapes; a flat layout still tidies
    // (the frames are then fitted around their nodes wherever those landed).
    return run(false);
  }
}

/**
 * The boxes of the frames that hold laid-out nodes: around everything each holds after the layout
 * (laid-out nodes where they went, others where they were, frames inside it as they now are).
 */
function frameBoxes(
  document: GraphDocument,
  moved: Readonly<Record<string, Position>>,
  boxes: ReadonlyMap<string, Box>,
  frameOf: ReadonlyMap<string, Frame | undefined>,
  parentOf: ReadonlyMap<Frame, Frame | undefined>,
  active: ReadonlySet<Frame>,
): Record<string, Box> {
  const held = new Map<Frame, Box[]>();
  const hold = (frame: Frame | undefined, box: Box): void => {
    if (frame && active.has(frame)) held.set(frame, [...(held.get(frame) ?? []), box]);
  };
  for (const node of document.nodes) hold(frameOf.get(node.id), { ...boxes.get(node.id)!, ...moved[node.id] });
  const out: Record<string, Box> = {};
  const boxOf = (frame: Frame): Box => {
    const done = out[frame.id];
    if (done) return done;
    const inner = [...active].filter((other) => parentOf.get(other) === frame).map(boxOf);
    const bounds = boundsOf([...(held.get(frame) ?? []), ...inner])!;
    const box = {
      x: Math.round(bounds.x - FRAME_PADDING.left),
      y: Math.round(bounds.y - FRAME_PADDING.top),
      width: Math.round(bounds.width + FRAME_PADDING.left + FRAME_PADDING.right),
      height: Math.round(bounds.height + FRAME_PADDING.top + FRAME_PADDING.bottom),
    };
    out[frame.id] = box;
    return box;
  };
  for (const frame of active) boxOf(frame);
  return out;
}

/**
 * Tidy up as one edit: one `move` of the nodes, or, when frames change too, one `batch` of that
 * move and each frame's new box (`updateFrame`, which sets a frame's box and nothing else, as a
 * resize by hand does). Undefined when there is nothing to lay out.
 */
export function tidyCommand(
  document: GraphDocument,
  ids: readonly string[] | undefined,
  sizes: ReadonlyMap<string, Size>,
  fallback: Size,
): Command | undefined {
  const result = tidyLayout(document, ids, sizes, fallback);
  if (Object.keys(result.nodes).length === 0) return undefined;
  const frames = new Map(framesOf(document).map((frame) => [frame.id, frame]));
  const changed = Object.entries(result.frames).filter(([id, box]) => {
    const frame = frames.get(id);
    return frame !== undefined && (frame.x !== box.x || frame.y !== box.y || frame.width !== box.width || frame.height !== box.height);
  });
  const move: Command = { kind: 'move', nodes: result.nodes };
  if (changed.length === 0) return move;
  return { kind: 'batch', commands: [move, ...changed.map(([id, box]): Command => ({ kind: 'updateFrame', id, patch: { ...box } }))] };
}
