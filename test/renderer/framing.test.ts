import type { Node, ReactFlowInstance } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { framingViewport } from '../../src-renderer/canvas/framing';

/** A canvas of two drawn nodes, one under the other, taller than the pane at zoom 1. */
function flowOf(nodes: { id: string; y: number; height: number }[]): ReactFlowInstance {
  const drawn = nodes.map((node): Node => ({ id: node.id, type: 'generic', position: { x: 0, y: node.y }, data: {}, measured: { width: 240, height: node.height } }));
  return { getNodes: () => drawn } as unknown as ReactFlowInstance;
}

describe('framing a canvas whose top is covered', () => {
  const flow = flowOf([{ id: 'a', y: 0, height: 200 }, { id: 'b', y: 270, height: 200 }]);
  const pane = { width: 900, height: 520 };
  const request = { shown: new Set(['a', 'b']), focus: ['a', 'b'] };

  it('keeps every node below what covers the top, and all of it inside the pane', () => {
    for (const coveredTop of [0, 44, 120]) {
      const viewport = framingViewport(flow, pane, { ...request, coveredTop })!;
      const top = 0 * viewport.zoom + viewport.y;
      const bottom = 470 * viewport.zoom + viewport.y;
      expect(top).toBeGreaterThanOrEqual(coveredTop);
      expect(bottom).toBeLessThanOrEqual(pane.height);
    }
  });

  it('frames as before when nothing covers it, where the first node starts in the covered band', () => {
    const plain = framingViewport(flow, pane, request)!;
    expect(plain.y).toBeLessThan(44);
    expect(framingViewport(flow, pane, { ...request, coveredTop: 0 })).toEqual(plain);
  });
});
