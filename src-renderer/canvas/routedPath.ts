/**
 * The shape of a wire drawn through its reroute points (RoutedEdge.tsx): one cubic bezier per
 * stretch, from the source through each point in order to the target. The first stretch leaves
 * the source as React Flow's default edge does and the last enters the target likewise; at every
 * reroute point the wire passes level, left to right (as Blender's reroute), so the joins are smooth.
 * The control points are React Flow's own rule (getBezierPath in @xyflow/system, curvature 0.25),
 * so a wire without points is drawn exactly as before.
 */
import { Position } from '@xyflow/react';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** One cubic bezier stretch of a wire. */
export interface Curve {
  readonly from: Point;
  readonly fromControl: Point;
  readonly toControl: Point;
  readonly to: Point;
}

/** Where a wire starts and ends, and which side of its nodes it leaves and enters by. */
export interface WireEnds {
  readonly source: Point;
  readonly sourcePosition: Position;
  readonly target: Point;
  readonly targetPosition: Position;
}

const CURVATURE = 0.25;

/** React Flow's offset of a control point: half the distance ahead, a gentler loop behind. */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

/** The control point at `at` for a curve leaving by `side` towards `toward`. */
function control(side: Position, at: Point, toward: Point): Point {
  switch (side) {
    case Position.Left:
      return { x: at.x - controlOffset(at.x - toward.x), y: at.y };
    case Position.Right:
      return { x: at.x + controlOffset(toward.x - at.x), y: at.y };
    case Position.Top:
      return { x: at.x, y: at.y - controlOffset(at.y - toward.y) };
    case Position.Bottom:
      return { x: at.x, y: at.y + controlOffset(toward.y - at.y) };
  }
}

/** The stretches of a wire: one more than it has reroute points. */
export function routedCurves(ends: WireEnds, points: readonly Point[]): Curve[] {
  const stops = [ends.source, ...points, ends.target];
  const curves: Curve[] = [];
  for (let i = 0; i + 1 < stops.length; i++) {
    const from = stops[i]!;
    const to = stops[i + 1]!;
    const leaves = i === 0 ? ends.sourcePosition : Position.Right;
    const enters = i + 2 === stops.length ? ends.targetPosition : Position.Left;
    curves.push({ from, fromControl: control(leaves, from, to), toControl: control(enters, to, from), to });
  }
  return curves;
}

/** The SVG path of the stretches, one `M … C …` each (the same text as getBezierPath for one). */
export function curvesPath(curves: readonly Curve[]): string {
  return curves
    .map(({ from, fromControl, toControl, to }) => `M${from.x},${from.y} C${fromControl.x},${fromControl.y} ${toControl.x},${toControl.y} ${to.x},${to.y}`)
    .join(' ');
}

/** The point at `t` (0…1) along a stretch. */
export function pointOnCurve({ from, fromControl, toControl, to }: Curve, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return {
    x: a * from.x + b * fromControl.x + c * toControl.x + d * to.x,
    y: a * from.y + b * fromControl.y + c * toControl.y + d * to.y,
  };
}

/** Samples per stretch for hit testing: a stretch is drawn within a pixel of its 32-piece polyline. */
const SAMPLES = 32;

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** How far `at` is from a stretch as drawn. */
export function distanceToCurve(curve: Curve, at: Point): number {
  let nearest = Infinity;
  let previous = curve.from;
  for (let i = 1; i <= SAMPLES; i++) {
    const next = pointOnCurve(curve, i / SAMPLES);
    nearest = Math.min(nearest, distanceToSegment(at, previous, next));
    previous = next;
  }
  return nearest;
}

/**
 * Where a reroute point added at `at` goes in the wire's list: the index of the stretch nearest to
 * `at` (a point on the stretch from point i-1 to point i is put before point i), so the wire still
 * passes the other points in the order it did.
 */
export function insertionIndex(curves: readonly Curve[], at: Point): number {
  let best = 0;
  let bestDistance = Infinity;
  curves.forEach((curve, index) => {
    const distance = distanceToCurve(curve, at);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
