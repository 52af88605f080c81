import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Box } from '../../src-renderer/canvas/placement';
import { boundsOf, READABLE_ZOOM, readableViewport, type Viewport } from '../../src-renderer/canvas/viewport';

const pane = { width: 900, height: 520 };

/** The box on screen (pane pixels) that a flow box is drawn in. */
function onScreen(box: Box, view: Viewport): Box {
  return { x: box.x * view.zoom + view.x, y: box.y * view.zoom + view.y, width: box.width * view.zoom, height: box.height * view.zoom };
}

function inside(box: Box, area: { width: number; height: number }): boolean {
  const eps = 1e-6;
  return box.x >= -eps && box.y >= -eps && box.x + box.width <= area.width + eps && box.y + box.height <= area.height + eps;
}

/** A row of `count` nodes 240 × 200 with 80 between them, like an example's left-to-right layout. */
function row(count: number, y = 0): Box[] {
  return Array.from({ length: count }, (_, i) => ({ x: i * 320, y, width: 240, height: 200 }));
}

describe('readableViewport', () => {
  it('shows a graph that fits at a readable zoom whole and centred', () => {
    const nodes = row(2);
    const all = boundsOf(nodes)!;
    const view = readableViewport(all, nodes[0], pane);
    expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(inside(onScreen(all, view), pane)).toBe(true);
    const shown = onScreen(all, view);
    expect(shown.x + shown.width / 2).toBeCloseTo(pane.width / 2, 6);
    expect(shown.y + shown.height / 2).toBeCloseTo(pane.height / 2, 6);
  });

  it('never magnifies a single node past 100 %', () => {
    const node = { x: 40, y: 40, width: 240, height: 200 };
    expect(readableViewport(node, node, pane).zoom).toBe(1);
  });

  it('frames the focus at a readable zoom when the whole graph would be tiny', () => {
    // Three rows of six: fitting everything would need about 0.4.
    const nodes = [...row(6, 0), ...row(6, 300), ...row(6, 600)];
    const all = boundsOf(nodes)!;
    const focus = boundsOf([nodes[0], nodes[6]])!;
    const view = readableViewport(all, focus, pane);
    expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(inside(onScreen(focus, view), pane)).toBe(true);
    // The window slides against the graph's left edge rather than showing empty canvas there.
    expect(onScreen(all, view).x).toBeGreaterThan(0);
    expect(onScreen(all, view).x).toBeLessThan(pane.width * 0.1);
  });

  it('keeps the primary node in sight when the focus is too large even at the readable zoom', () => {
    const nodes = row(12);
    const all = boundsOf(nodes)!;
    for (const primary of [nodes[0], nodes[7], nodes[11]]) {
      const view = readableViewport(all, all, pane, { primary });
      expect(view.zoom).toBe(READABLE_ZOOM);
      expect(inside(onScreen(primary, view), pane)).toBe(true);
    }
    // As much of the focus as fits: the window does not stray past its ends.
    const atEnd = readableViewport(all, all, pane, { primary: nodes[11] });
    const shown = onScreen(all, atEnd);
    expect(shown.x + shown.width).toBeGreaterThan(pane.width * 0.9);
    expect(shown.x + shown.width).toBeLessThanOrEqual(pane.width);
  });

  it('always gives a readable zoom that contains the focus when it fits at that zoom, else its primary node (property)', () => {
    const box = fc.record({
      x: fc.integer({ min: -3000, max: 3000 }),
      y: fc.integer({ min: -3000, max: 3000 }),
      width: fc.integer({ min: 60, max: 400 }),
      height: fc.integer({ min: 40, max: 400 }),
    });
    fc.assert(
      fc.property(fc.array(box, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 500, max: 1600 }), fc.integer({ min: 300, max: 900 }), (nodes, focusCount, width, height) => {
        const area = { width, height };
        const all = boundsOf(nodes)!;
        const focus = boundsOf(nodes.slice(0, focusCount))!;
        const view = readableViewport(all, focus, area, { primary: nodes[0] });
        if (view.zoom < READABLE_ZOOM - 1e-9) return false;
        const focusFits = focus.width * READABLE_ZOOM <= width * 0.9 && focus.height * READABLE_ZOOM <= height * 0.9;
        // The focus whole when it fits at a readable zoom; else at least its primary node.
        return inside(onScreen(focusFits ? focus : nodes[0], view), area);
      }),
    );
  });
});
