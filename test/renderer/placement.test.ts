import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCopiesLike, nodeBoxes } from '../../src-renderer/canvas/flowPlacement';
import { freeSpot, groupSpot, pasteSpot, type Box } from '../../src-renderer/canvas/placement';

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

describe('pasteSpot', () => {
  const original = { x: 100, y: 100, width: 240, height: 200 };
  const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it('cascades repeated pastes of one node into free spots, none on the original or on another paste', () => {
    const taken: Box[] = [original];
    for (let i = 0; i < 6; i++) {
      const spot = pasteSpot(original, taken);
      const pasted = { ...spot, width: original.width, height: original.height };
      for (const other of taken) expect(overlap(pasted, other)).toBe(false);
      // Close by: within a few node sizes of the original.
      expect(Math.hypot(spot.x - original.x, spot.y - original.y)).toBeLessThan(4 * original.width);
      taken.push(pasted);
    }
  });

  it('goes to the pointer when the pointer is over free canvas', () => {
    expect(pasteSpot(original, [original], { x: 900, y: 40 })).toEqual({ x: 900, y: 40 });
  });

  it('moves off the original when the pointer is on it', () => {
    const spot = pasteSpot(original, [original], { x: 120, y: 110 });
    expect(overlap({ ...spot, width: 240, height: 200 }, original)).toBe(false);
  });

  describe('with the part of the canvas in sight', () => {
    const view: Box = { x: 0, y: 0, width: 900, height: 530 };
    const inside = (spot: { x: number; y: number }, box: Box = original): boolean =>
      spot.x >= view.x && spot.y >= view.y && spot.x + box.width <= view.x + view.width && spot.y + box.height <= view.y + view.height;

    it('keeps a pointer paste near the right or bottom edge in sight, not under the panels beyond', () => {
      for (const pointer of [{ x: 850, y: 230 }, { x: 400, y: 510 }, { x: 890, y: 520 }]) {
        const spot = pasteSpot(original, [original], pointer, view);
        expect(inside(spot)).toBe(true);
        expect(overlap({ ...spot, width: 240, height: 200 }, original)).toBe(false);
      }
      // Where it fits, the pointer is where it goes, as before.
      expect(pasteSpot(original, [original], { x: 500, y: 40 }, view)).toEqual({ x: 500, y: 40 });
    });

    it('brings a paste of originals scrolled out of sight into sight', () => {
      const far = { x: 3000, y: 2000, width: 240, height: 200 };
      expect(inside(pasteSpot(far, [far], undefined, view), far)).toBe(true);
    });

    it('cascades repeated pastes in sight while there is room, then goes wherever is free', () => {
      const taken: Box[] = [original];
      for (let i = 0; i < 12; i++) {
        const spot = pasteSpot(original, taken, { x: 850, y: 480 }, view);
        const pasted = { ...spot, width: original.width, height: original.height };
        for (const other of taken) expect(overlap(pasted, other)).toBe(false);
        // Beside the original, the view holds two more on the placement grid.
        if (i < 2) expect(inside(spot)).toBe(true);
        taken.push(pasted);
      }
    });

    it('puts a group larger than the view at its top-left, not off to the side of everything', () => {
      const big = { x: 0, y: 0, width: 2000, height: 1500 };
      expect(pasteSpot(big, [], { x: 700, y: 400 }, view)).toEqual({ x: 24, y: 24 });
    });
  });
});

describe('groupSpot', () => {
  const node = (x: number, y: number): Box => ({ x, y, width: 240, height: 180 });

  it('centres the block on the selection when that spot is free', () => {
    expect(groupSpot([node(0, 0), node(600, 0)], [node(0, 600)], size)).toEqual({ x: 300, y: 0 });
  });

  it('moves the block off a node left outside that sits at the selection\'s centre, to the nearest free spot', () => {
    const outside = [node(300, 0)];
    const spot = groupSpot([node(0, 0), node(600, 0)], outside, size);
    expect(clear(spot, outside, 24)).toBe(true);
    expect(spot).toEqual(freeSpot({ x: 300, y: 0 }, size, outside));
  });
});

describe('copies placed before their previews arrive', () => {
  type FakeNode = { id: string; type?: string; position: { x: number; y: number }; measured?: { width: number; height: number } };
  const fakeFlow = (nodes: FakeNode[]) =>
    ({ getNodes: () => nodes, getNode: (id: string) => nodes.find((node) => node.id === id) }) as unknown as Parameters<typeof nodeBoxes>[0];

  it('count a copy as large as its original until it has grown, so the next paste goes clear of it', () => {
    const original: FakeNode = { id: 'seq1', position: { x: 0, y: 0 }, measured: { width: 240, height: 230 } };
    // The copy is drawn at once, without its preview: shorter than it will be.
    const copy: FakeNode = { id: 'seq2', position: { x: 0, y: 270 }, measured: { width: 240, height: 120 } };
    const flow = fakeFlow([original, copy]);
    expect(nodeBoxes(flow)[1]!.height).toBe(120);
    expectCopiesLike(flow, ['seq1'], ['seq2']);
    expect(nodeBoxes(flow)[1]).toEqual({ id: 'seq2', x: 0, y: 270, width: 240, height: 230 });
    // Where a third paste would go, judged from these boxes, is clear of the copy's grown box.
    const spot = pasteSpot({ x: 0, y: 0, width: 240, height: 230 }, nodeBoxes(flow));
    expect(spot.y >= 270 + 230 || spot.y + 230 <= 270 || spot.x >= 240 || spot.x + 240 <= 0).toBe(true);
    // Grown (its preview came), the copy's own measure counts again, smaller or not.
    copy.measured = { width: 240, height: 240 };
    expect(nodeBoxes(flow)[1]!.height).toBe(240);
    copy.measured = { width: 240, height: 100 };
    expect(nodeBoxes(flow)[1]!.height).toBe(100);
  });
});
