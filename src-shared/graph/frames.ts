/**
 * Frames: labelled, coloured boxes drawn behind nodes, for annotating a graph. A document keeps
 * them in `meta.frames`; readers that do not know frames ignore them (the format leaves `meta`
 * open), so the format version stays 1. A frame holds the nodes whose boxes lie within its box:
 * dragging it carries them, and collapsing it hides them (wires to them then end at the frame).
 */
import type { GraphDocument } from './document';
import { uniqueId } from './ids';

/** A labelled, coloured box drawn behind nodes, for annotating; kept in `meta.frames`. */
export interface Frame {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Drawn as its title bar alone, hiding what it held when it collapsed (kept in the file). */
  readonly collapsed?: boolean;
  /**
   * What a collapsed frame hides. Stored rather than worked out from geometry: node sizes are
   * the view's, unknown for nodes never drawn since the file opened, and a node placed later
   * below a collapsed frame's title bar must stay in sight. Absent on an open frame.
   */
  readonly hiddenNodes?: readonly string[];
  readonly hiddenFrames?: readonly string[];
}

/** The colours a new frame takes in turn (and a frame's swatch cycles through). */
export const FRAME_COLORS = ['#3b82f6', '#22c55e', '#eab308', '#ef4444', '#a855f7', '#64748b'];

export function framesOf(document: GraphDocument): readonly Frame[] {
  const frames = document.meta?.frames;
  return Array.isArray(frames) ? (frames as Frame[]) : [];
}

/** `document` with `frames` as its frames; `meta` is dropped once nothing is left in it. */
export function withFrames(document: GraphDocument, frames: readonly Frame[]): GraphDocument {
  const meta = { ...document.meta };
  if (frames.length > 0) meta.frames = frames;
  else delete meta.frames;
  const { meta: _old, ...rest } = document;
  return Object.keys(meta).length > 0 ? { ...rest, meta } : rest;
}

export function newFrameId(document: GraphDocument): string {
  return uniqueId('frame', new Set(framesOf(document).map((frame) => frame.id)));
}

/** A box on the canvas (flow coordinates). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type Size = { readonly width: number; readonly height: number };
export type Position = { readonly x: number; readonly y: number };

/** How tall a collapsed frame is drawn: its title bar alone (the renderer's CSS draws it so). */
export const COLLAPSED_FRAME_HEIGHT = 30;

/** A frame's box as drawn: a collapsed frame is its title bar. */
export function frameBox(frame: Frame): Box {
  return { x: frame.x, y: frame.y, width: frame.width, height: frame.collapsed ? COLLAPSED_FRAME_HEIGHT : frame.height };
}

export function boxWithin(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/** Ids in a frame's list, whatever a hand-edited file put there (only strings count). */
function idList(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** What the collapsed frames hide, each node and frame mapped to the visible collapsed frame it is drawn as. */
export interface HiddenByFrames {
  readonly nodes: ReadonlyMap<string, string>;
  readonly frames: ReadonlyMap<string, string>;
}

const hiddenCache = new WeakMap<GraphDocument, HiddenByFrames>();

/**
 * What the collapsed frames of `document` hide. A frame collapsed inside another collapsed frame
 * is hidden too, so everything maps to the outermost collapsed frame still drawn. Lists that
 * loop (only a hand-edited file has them) hide nothing of the loop's frames, rather than lose them.
 */
export function hiddenByFrames(document: GraphDocument): HiddenByFrames {
  const cached = hiddenCache.get(document);
  if (cached) return cached;
  const frames = framesOf(document);
  const present = new Set(frames.map((frame) => frame.id));
  const parent = new Map<string, string>();
  for (const frame of frames) {
    if (!frame.collapsed) continue;
    for (const id of idList(frame.hiddenFrames)) if (present.has(id) && id !== frame.id && !parent.has(id)) parent.set(id, frame.id);
  }
  // The outermost collapsed frame above `id`, or undefined when the walk up loops.
  const root = (id: string): string | undefined => {
    let current = id;
    for (let steps = 0; steps <= frames.length; steps++) {
      const up = parent.get(current);
      if (up === undefined) return current;
      current = up;
    }
    return undefined;
  };
  const hiddenFrames = new Map<string, string>();
  for (const id of parent.keys()) {
    const top = root(id);
    if (top !== undefined) hiddenFrames.set(id, top);
  }
  const nodeIds = new Set(document.nodes.map((node) => node.id));
  const hiddenNodes = new Map<string, string>();
  for (const frame of frames) {
    if (!frame.collapsed) continue;
    const drawnAs = hiddenFrames.get(frame.id) ?? frame.id;
    for (const id of idList(frame.hiddenNodes)) if (nodeIds.has(id) && !hiddenNodes.has(id)) hiddenNodes.set(id, drawnAs);
  }
  // The same object while what is hidden stays the same, so views that depend on it (the
  // canvas's nodes and wires) are not rebuilt by edits that hide nothing new (a param set).
  const result = sameHidden(lastHidden, hiddenNodes, hiddenFrames) ? lastHidden : { nodes: hiddenNodes, frames: hiddenFrames };
  lastHidden = result;
  hiddenCache.set(document, result);
  return result;
}

let lastHidden: HiddenByFrames = { nodes: new Map(), frames: new Map() };

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

function sameHidden(previous: HiddenByFrames, nodes: ReadonlyMap<string, string>, frames: ReadonlyMap<string, string>): boolean {
  return sameMap(previous.nodes, nodes) && sameMap(previous.frames, frames);
}

/** What a frame holds: the nodes and frames a drag of it carries, and a collapse hides. */
export interface FrameContents {
  readonly nodes: readonly string[];
  readonly frames: readonly string[];
}

/**
 * What `frameId` holds now. An open frame holds the visible nodes and frames whose boxes lie
 * within its box (membership is geometry, so a node dragged in or out joins or leaves; node
 * sizes are the view's, hence `sizeOf`), and whatever collapsed frames among them hide. A
 * collapsed frame holds what it hid when it collapsed.
 */
export function frameContents(document: GraphDocument, frameId: string, sizeOf: (nodeId: string) => Size): FrameContents {
  const frames = framesOf(document);
  const frame = frames.find((f) => f.id === frameId);
  if (!frame) return { nodes: [], frames: [] };
  const hidden = hiddenByFrames(document);
  const nodes = new Set<string>();
  const held = new Set<string>();
  const addHidden = (collapsed: Frame): void => {
    for (const [id, drawnAs] of hidden.nodes) if (drawnAs === collapsed.id) nodes.add(id);
    for (const [id, drawnAs] of hidden.frames) if (drawnAs === collapsed.id) held.add(id);
  };
  if (frame.collapsed) {
    addHidden(frame);
    return { nodes: [...nodes], frames: [...held] };
  }
  const outer = frameBox(frame);
  for (const node of document.nodes) {
    if (hidden.nodes.has(node.id)) continue;
    const position = node.position ?? { x: 0, y: 0 };
    if (boxWithin({ ...position, ...sizeOf(node.id) }, outer)) nodes.add(node.id);
  }
  for (const other of frames) {
    if (other.id === frame.id || hidden.frames.has(other.id) || !boxWithin(frameBox(other), outer)) continue;
    held.add(other.id);
    if (other.collapsed) addHidden(other);
  }
  return { nodes: [...nodes], frames: [...held] };
}

/**
 * Which frames go with `nodeIds` when those become one thing (grouped as a block): each of
 * `frameIds` (the selected frames), and each frame one of them holds, whose every node is among
 * the nodes and whose every frame goes too. A frame that still holds a node outside stays where
 * it is; one that would be left empty goes, so grouping leaves no empty frame behind (and
 * ungrouping brings it back).
 */
export function framesGoingWith(document: GraphDocument, nodeIds: readonly string[], frameIds: readonly string[], sizeOf: (nodeId: string) => Size): string[] {
  const nodes = new Set(nodeIds);
  const contents = new Map<string, FrameContents>();
  // The selected frames and what they hold, as a drag of them carries it.
  const queue = [...frameIds];
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k]!;
    if (contents.has(id)) continue;
    const held = frameContents(document, id, sizeOf);
    contents.set(id, held);
    queue.push(...held.frames);
  }
  const going = new Set([...contents].filter(([, held]) => held.nodes.every((id) => nodes.has(id))).map(([id]) => id));
  // A frame holding a frame that stays stays too; repeated until nothing more drops out.
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of going) {
      if (contents.get(id)!.frames.every((inner) => going.has(inner))) continue;
      going.delete(id);
      changed = true;
    }
  }
  return framesOf(document).filter((frame) => going.has(frame.id)).map((frame) => frame.id);
}

/**
 * A frame as copied with some nodes: what a collapsed one hides kept only among them, renamed by
 * `renameNode` and `renameFrame` (undefined: not copied).
 */
export function frameAmong(frame: Frame, renameNode: (id: string) => string | undefined, renameFrame: (id: string) => string | undefined): Frame {
  const { hiddenNodes, hiddenFrames, ...rest } = frame;
  const nodes = idList(hiddenNodes).flatMap((id) => renameNode(id) ?? []);
  const frames = idList(hiddenFrames).flatMap((id) => renameFrame(id) ?? []);
  return { ...rest, ...(hiddenNodes !== undefined ? { hiddenNodes: nodes } : {}), ...(hiddenFrames !== undefined ? { hiddenFrames: frames } : {}) };
}

/**
 * Copies of `frames` for `document` (pasted or duplicated with nodes the copies rename by
 * `renameNode`): each under an id the document does not have, moved by `offset`, what a collapsed
 * one hides kept among the copies. Only frames that are boxes (a pasted text is anyone's).
 */
export function copiedFrames(document: GraphDocument, frames: readonly Frame[], renameNode: (id: string) => string | undefined, offset: Position): Frame[] {
  const isBox = (frame: Frame): boolean =>
    typeof frame === 'object' && frame !== null && [frame.x, frame.y, frame.width, frame.height].every((n) => typeof n === 'number' && Number.isFinite(n));
  const boxes = frames.filter(isBox);
  const taken = new Set(framesOf(document).map((frame) => frame.id));
  const ids = new Map<string, string>();
  for (const frame of boxes) {
    const id = uniqueId('frame', taken);
    taken.add(id);
    ids.set(frame.id, id);
  }
  return boxes.map((frame) => ({ ...frameAmong(frame, renameNode, (id) => ids.get(id)), id: ids.get(frame.id)!, x: frame.x + offset.x, y: frame.y + offset.y }));
}

/** Positions for a move: nodes and frames by id. */
export interface Placement {
  readonly nodes: Readonly<Record<string, Position>>;
  readonly frames: Readonly<Record<string, Position>>;
}

/**
 * Where a drag of frames to `targets` puts them and everything they hold: each frame's contents
 * (as `document` has them, before the drag) move by that frame's delta. `exclude` names what the
 * drag moves by itself (selected nodes dragged along), which keeps its own place.
 */
export function frameDragPlacement(
  document: GraphDocument,
  targets: Readonly<Record<string, Position>>,
  sizeOf: (nodeId: string) => Size,
  exclude: ReadonlySet<string> = new Set(),
): Placement {
  const frames = new Map(framesOf(document).map((frame) => [frame.id, frame]));
  const nodeById = new Map(document.nodes.map((node) => [node.id, node]));
  const nodes: Record<string, Position> = {};
  const framePositions: Record<string, Position> = { ...targets };
  for (const [frameId, target] of Object.entries(targets)) {
    const frame = frames.get(frameId);
    if (!frame) continue;
    const dx = target.x - frame.x;
    const dy = target.y - frame.y;
    const contents = frameContents(document, frameId, sizeOf);
    for (const id of contents.nodes) {
      if (exclude.has(id) || nodes[id]) continue;
      const position = nodeById.get(id)?.position ?? { x: 0, y: 0 };
      nodes[id] = { x: position.x + dx, y: position.y + dy };
    }
    for (const id of contents.frames) {
      const inner = frames.get(id);
      if (!inner || framePositions[id]) continue;
      framePositions[id] = { x: inner.x + dx, y: inner.y + dy };
    }
  }
  return { nodes, frames: framePositions };
}

/**
 * The patch that collapses a frame: the nodes and frames it holds now are hidden until it opens
 * again; they keep their places, so opening it restores exactly what was there.
 */
export function collapsePatch(document: GraphDocument, frameId: string, sizeOf: (nodeId: string) => Size): Partial<Omit<Frame, 'id'>> {
  const contents = frameContents(document, frameId, sizeOf);
  return { collapsed: true, hiddenNodes: contents.nodes, hiddenFrames: contents.frames };
}

/** The patch that opens a collapsed frame (the keys go: an open frame's file entry is as before). */
export const EXPAND_PATCH: Partial<Omit<Frame, 'id'>> = { collapsed: undefined, hiddenNodes: undefined, hiddenFrames: undefined };
