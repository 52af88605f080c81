import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeSpot, type Box } from '../../src-renderer/canvas/placement';

const size = { width: 240, height: 180 };

function clear(spot: { x: number; y: number }, taken: readonly Box[], gap: number): boolean {
  return taken.every(
    (b) => spot.x + size.width + gap <= b.x || b.x + b.width + gap <= spot.x || spot.y + size.height + gap <= b.y || b.y + b.height + gap <= spot.y,
  );
}

describe('freeSpot', () => {
  it('keeps the preferred point when nothing is there', () => {
    expect(freeSpot({ x: 100, y: 50 }, size, [{ x: 600, y: 600, width: 240, height: 180 }])).toEqual({ x: 100, y: 50 });
  });

  it('moves a node off one that sits exactly where it was asked to go', () => {
    const taken = [{ x: 0, y: 0, width: 240, height: 180 }];
    const spot = freeSpot({ x: 0, y: 0 }, size, taken, { gap: 24 });
    expect(clear(spot, taken, 24)).toBe(true);
    // The nearest free grid point: one node width plus the gap away, rounded up to the 40 grid.
    expect(Math.hypot(spot.x, spot.y)).toBeLessThanOrEqual(Math.hypot(280, 0) + 1e-9);
  });

  it('never overlaps any node, however crowded the canvas (property)', () => {
    const box = fc.record({
      x: fc.integer({ min: -800, max: 800 }),
      y: fc.integer({ min: -800, max: 800 }),
      width: fc.integer({ min: 40, max: 400 }),
      height: fc.integer({ min: 40, max: 400 }),
    });
    fc.assert(
      fc.property(fc.array(box, { maxLength: 25 }), fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }), (taken, x, y) => {
        const spot = freeSpot({ x, y }, size, taken, { gap: 24 });
        return clear(spot, taken, 24);
      }),
    );
  });
});
