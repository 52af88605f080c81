/**
 * Reroute points: points a wire is drawn through, in order, so a user can lead it around nodes
 * (Blender's reroute, ComfyUI's). A document keeps them in `meta.reroutes`, a map from an edge's
 * id to its points in flow coordinates:
 *
 *   "meta": { "reroutes": { "e3": [{ "x": 420, "y": 160 }, { "x": 520, "y": 240 }] } }
 *
 * Readers that do not know reroutes ignore them (the format leaves `meta` open), so the format
 * version stays; the schema (schema.ts) refuses a malformed map with its place. Points belong to
 * their edge: when the edge goes or is replaced, its points go too (`keepReroutesOfEdges`).
 * They are drawing only: the engine never reads them.
 */
import type { GraphDocument } from './document';
import { LIMITS } from './schema';

export interface ReroutePoint {
  readonly x: number;
  readonly y: number;
}

/** Each edge's points, by edge id; an edge without points has no entry. */
export type Reroutes = Readonly<Record<string, readonly ReroutePoint[]>>;

const NO_POINTS: readonly ReroutePoint[] = [];
const NO_REROUTES: Reroutes = {};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A point the file format can hold: finite, within the format's coordinate range. */
export function isReroutePoint(value: unknown): value is ReroutePoint {
  if (!isRecord(value)) return false;
  const { x, y } = value;
  return typeof x === 'number' && typeof y === 'number' && Math.abs(x) <= LIMITS.coordinate && Math.abs(y) <= LIMITS.coordinate;
}

export function reroutesOf(document: GraphDocument): Reroutes {
  const reroutes = document.meta?.reroutes;
  return isRecord(reroutes) ? (reroutes as Reroutes) : NO_REROUTES;
}

/** The points `edgeId` is drawn through, in order (the same array while they do not change). */
export function reroutePointsOf(document: GraphDocument, edgeId: string): readonly ReroutePoint[] {
  const reroutes = reroutesOf(document);
  // Own entries only: an edge named `constructor` must not find Object's.
  if (!Object.hasOwn(reroutes, edgeId)) return NO_POINTS;
  const points = reroutes[edgeId];
  return Array.isArray(points) ? points : NO_POINTS;
}

function withReroutes(document: GraphDocument, reroutes: Reroutes): GraphDocument {
  const meta = { ...document.meta };
  if (Object.keys(reroutes).length > 0) meta.reroutes = reroutes;
  else delete meta.reroutes;
  const { meta: _old, ...rest } = document;
  return Object.keys(meta).length > 0 ? { ...rest, meta } : rest;
}

/** `document` with `points` as the points of `edgeId` (none: the entry goes). */
export function withReroutePoints(document: GraphDocument, edgeId: string, points: readonly ReroutePoint[]): GraphDocument {
  const { [edgeId]: _old, ...others } = reroutesOf(document);
  return withReroutes(document, points.length > 0 ? { ...others, [edgeId]: points } : others);
}

/**
 * `document` with a point added to `edgeId` before its `index`-th point (the count: at the end).
 * The very same document when the edge does not exist, the point is not one the file can hold,
 * the index is outside the list or the wire has as many points as it may.
 */
export function insertReroutePoint(document: GraphDocument, edgeId: string, index: number, point: ReroutePoint): GraphDocument {
  const points = reroutePointsOf(document, edgeId);
  if (!document.edges.some((edge) => edge.id === edgeId) || !isReroutePoint(point)) return document;
  if (!Number.isInteger(index) || index < 0 || index > points.length || points.length >= LIMITS.reroutePoints) return document;
  return withReroutePoints(document, edgeId, [...points.slice(0, index), { x: point.x, y: point.y }, ...points.slice(index)]);
}

/** `document` with the `index`-th point of `edgeId` at `point`; the same document when nothing changes. */
export function moveReroutePoint(document: GraphDocument, edgeId: string, index: number, point: ReroutePoint): GraphDocument {
  const points = reroutePointsOf(document, edgeId);
  const old = points[index];
  if (old === undefined || !isReroutePoint(point) || (old.x === point.x && old.y === point.y)) return document;
  return withReroutePoints(document, edgeId, points.map((each, i) => (i === index ? { x: point.x, y: point.y } : each)));
}

/** `document` without the `index`-th point of `edgeId`; the same document when there is none. */
export function removeReroutePoint(document: GraphDocument, edgeId: string, index: number): GraphDocument {
  const points = reroutePointsOf(document, edgeId);
  if (points[index] === undefined) return document;
  return withReroutePoints(document, edgeId, points.filter((_, i) => i !== index));
}

/** `document` without the points of these edges (an edge replaced under the same id starts bare). */
export function withoutReroutesOf(document: GraphDocument, edgeIds: Iterable<string>): GraphDocument {
  const reroutes = reroutesOf(document);
  const gone = [...edgeIds].filter((id) => Object.hasOwn(reroutes, id));
  if (gone.length === 0) return document;
  const kept = { ...reroutes };
  for (const id of gone) delete kept[id];
  return withReroutes(document, kept);
}

/**
 * `after` (an edit of `before`) with its reroutes kept in step with its edges and nodes: the points
 * of edges that are gone are dropped, and a wire whose two ends moved by the same step (a dragged
 * selection, a moved frame) has its points moved along, so its drawing keeps its shape. The very
 * same `after` when nothing needs to change.
 */
export function keepReroutesOfEdges(before: GraphDocument, after: GraphDocument): GraphDocument {
  const reroutes = reroutesOf(after);
  const ids = Object.keys(reroutes);
  if (ids.length === 0 || (before.edges === after.edges && before.nodes === after.nodes)) return after;
  const edges = new Map(after.edges.map((edge) => [edge.id, edge]));
  const moved = before.nodes === after.nodes ? undefined : nodeSteps(before, after);
  let changed = false;
  const kept: Record<string, readonly ReroutePoint[]> = {};
  for (const id of ids) {
    const edge = edges.get(id);
    if (edge === undefined) {
      changed = true;
      continue;
    }
    const source = moved?.get(edge.source);
    const target = moved?.get(edge.target);
    const points = reroutePointsOf(after, id);
    if (source && target && source.x === target.x && source.y === target.y && points.length > 0) {
      changed = true;
      kept[id] = points.map((point) => ({ x: point.x + source.x, y: point.y + source.y }));
    } else {
      kept[id] = reroutes[id]!;
    }
  }
  return changed ? withReroutes(after, kept) : after;
}

/** How far each node that moved between `before` and `after` moved. */
function nodeSteps(before: GraphDocument, after: GraphDocument): Map<string, ReroutePoint> {
  const old = new Map(before.nodes.map((node) => [node.id, node]));
  const steps = new Map<string, ReroutePoint>();
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    if (previous === undefined || previous === node || previous.position === node.position) continue;
    const from = previous.position ?? { x: 0, y: 0 };
    const to = node.position ?? { x: 0, y: 0 };
    if (from.x !== to.x || from.y !== to.y) steps.set(node.id, { x: to.x - from.x, y: to.y - from.y });
  }
  return steps;
}

/** The points of `edgeIds` (old id → new id), moved by `offset`: what a copy of those wires keeps. */
export function copiedReroutes(document: GraphDocument, edgeIds: ReadonlyMap<string, string>, offset: ReroutePoint): Reroutes {
  const copied: Record<string, readonly ReroutePoint[]> = {};
  for (const [from, to] of edgeIds) {
    const points = reroutePointsOf(document, from);
    if (points.length > 0) copied[to] = points.map((point) => ({ x: point.x + offset.x, y: point.y + offset.y }));
  }
  return copied;
}
