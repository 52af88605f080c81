import { getBezierPath, Position } from '@xyflow/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curvesPath, distanceToCurve, insertionIndex, pointOnCurve, routedCurves, type WireEnds } from '../../src-renderer/canvas/routedPath';

const ends = (sx: number, sy: number, tx: number, ty: number): WireEnds => ({
  source: { x: sx, y: sy },
  sourcePosition: Position.Right,
  target: { x: tx, y: ty },
  targetPosition: Position.Left,
});

describe('a wire drawn through its reroute points', () => {
  it('without points is exactly React Flow default edge, forwards, backwards and on every side', () => {
    const cases: [number, number, Position, number, number, Position][] = [
      [0, 0, Position.Right, 300, 120, Position.Left],
      [400, 50, Position.Right, 10, 300, Position.Left],
      [5.5, 7.25, Position.Bottom, -80, 200, Position.Top],
      [0, 0, Position.Top, 60, -300, Position.Bottom],
    ];
    for (const [sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition] of cases) {
      const [expected] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
      const curves = routedCurves({ source: { x: sourceX, y: sourceY }, sourcePosition, target: { x: targetX, y: targetY }, targetPosition }, []);
      expect(curvesPath(curves)).toBe(expected);
    }
  });

  it('passes through every point in order, leaving the source and entering the target as React Flow does', () => {
    const wire = ends(0, 0, 600, 100);
    const points = [{ x: 200, y: -80 }, { x: 100, y: 300 }, { x: 450, y: 40 }];
    const curves = routedCurves(wire, points);
    expect(curves).toHaveLength(4);
    expect(curves.map((curve) => curve.to)).toEqual([...points, wire.target]);
    expect(curves.map((curve) => curve.from)).toEqual([wire.source, ...points]);
    const [first] = getBezierPath({ sourceX: 0, sourceY: 0, sourcePosition: Position.Right, targetX: 200, targetY: -80, targetPosition: Position.Left });
    expect(curvesPath(curves).startsWith(`${first} M200,-80`)).toBe(true);
    // Level through each point: the controls on either side of a point are on its row, one
    // before it and one after, so the wire has no corner there.
    for (let i = 0; i + 1 < curves.length; i++) {
      const point = curves[i]!.to;
      expect(curves[i]!.toControl.y).toBe(point.y);
      expect(curves[i + 1]!.fromControl.y).toBe(point.y);
      expect(curves[i]!.toControl.x).toBeLessThan(point.x);
      expect(curves[i + 1]!.fromControl.x).toBeGreaterThan(point.x);
    }
  });
});

describe('where a new reroute point goes', () => {
  it('is the stretch the double-click was on', () => {
    const wire = ends(0, 0, 900, 0);
    const points = [{ x: 300, y: 200 }, { x: 600, y: -200 }];
    const curves = routedCurves(wire, points);
    expect(insertionIndex(curves, pointOnCurve(curves[0]!, 0.5))).toBe(0);
    expect(insertionIndex(curves, pointOnCurve(curves[1]!, 0.3))).toBe(1);
    expect(insertionIndex(curves, { x: 880, y: 5 })).toBe(2);
    expect(insertionIndex(routedCurves(wire, []), { x: 450, y: 3 })).toBe(0);
  });

  it('follows the curve as drawn, not the straight line between the points', () => {
    // The first stretch runs backwards, so it swings out right of its source before it turns;
    // the second stretch's chord crosses that swing. A click on the swing is on the first
    // stretch as drawn, though nearer the second stretch's chord.
    const wire = ends(400, 0, 500, -50);
    const point = { x: 0, y: 300 };
    const curves = routedCurves(wire, [point]);
    const onSwing = pointOnCurve(curves[0]!, 0.2);
    const chord = (a: { x: number; y: number }, b: { x: number; y: number }) => {
      const length = Math.hypot(b.x - a.x, b.y - a.y);
      return Math.abs((b.x - a.x) * (a.y - onSwing.y) - (a.x - onSwing.x) * (b.y - a.y)) / length;
    };
    expect(chord(point, wire.target)).toBeLessThan(chord(wire.source, point));
    expect(distanceToCurve(curves[0]!, onSwing)).toBeLessThan(1);
    expect(distanceToCurve(curves[1]!, onSwing)).toBeGreaterThan(20);
    expect(insertionIndex(curves, onSwing)).toBe(0);
  });

  it('is the stretch under the pointer for any wire whose points run left to right', () => {
    const wires = fc.record({
      steps: fc.array(fc.record({ dx: fc.integer({ min: 80, max: 400 }), y: fc.integer({ min: -300, max: 300 }) }), { minLength: 1, maxLength: 6 }),
      t: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(wires, ({ steps, t, pick }) => {
        let x = 0;
        const stops = steps.map(({ dx, y }) => ({ x: (x += dx), y }));
        const target = stops.pop()!;
        const curves = routedCurves(ends(0, 0, target.x, target.y), stops);
        const stretch = pick % curves.length;
        return insertionIndex(curves, pointOnCurve(curves[stretch]!, t)) === stretch;
      }),
      { numRuns: 300 },
    );
  });
});
