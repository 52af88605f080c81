/**
 * A frame dragged on the canvas: React Flow reports the dragged nodes (frames among them, by
 * their `frame:` ids); the drag's move puts the frame where it was dropped, rounded, and what it
 * carries by the same whole delta, while what the drag moves by itself keeps its own place.
 */
import type { Node } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument } from '../../src-shared/graph/document';
import { withFrames } from '../../src-shared/graph/frames';
import { dragPlacement, drawCarried } from '../../src-renderer/canvas/frameDrag';
import { FRAME_PREFIX } from '../../src-renderer/canvas/frameNodeIds';

const size = () => ({ width: 100, height: 60 });

function document(): GraphDocument {
  return withFrames(
    {
      ...emptyDocument(),
      nodes: [
        { id: 'inside', type: 'op.scale', position: { x: 20, y: 40 } },
        { id: 'picked', type: 'op.scale', position: { x: 200, y: 40 } },
        { id: 'away', type: 'op.scale', position: { x: 900, y: 0 } },
      ],
    },
    [{ id: 'f1', label: 'F', color: '#345', x: 0, y: 0, width: 400, height: 300 }],
  );
}

function flowNode(id: string, x: number, y: number): Node {
  return { id, position: { x, y }, data: {} };
}

describe('dragging a frame on the canvas', () => {
  it('ends in one move: the frame rounded where it was dropped, its nodes by the same whole delta', () => {
    const dragged = [flowNode(`${FRAME_PREFIX}f1`, 30.4, -9.6), flowNode('picked', 333.2, 11.7)];
    const placement = dragPlacement(document(), dragged, size, true);
    expect(placement.frames).toEqual({ f1: { x: 30, y: -10 } });
    expect(placement.nodes.inside).toEqual({ x: 50, y: 30 });
    // A selected node dragged along goes where the pointer put it, not by the frame's delta as well.
    expect(placement.nodes.picked).toEqual({ x: 333, y: 12 });
    expect(placement.nodes.away).toBeUndefined();
  });

  it('moves nothing else when no frame is dragged', () => {
    const placement = dragPlacement(document(), [flowNode('inside', 60, 60)], size, true);
    expect(placement).toEqual({ nodes: { inside: { x: 60, y: 60 } }, frames: {} });
  });

  it('draws the carried nodes along mid-drag, and leaves the dragged ones to React Flow', () => {
    const dragged = [flowNode(`${FRAME_PREFIX}f1`, 10.5, 0)];
    const placement = dragPlacement(document(), dragged, size, false);
    const nodes = [flowNode(`${FRAME_PREFIX}f1`, 0, 0), flowNode('inside', 20, 40), flowNode('away', 900, 0)];
    const drawn = drawCarried(nodes, placement, dragged);
    expect(drawn.map((node) => node.position)).toEqual([{ x: 0, y: 0 }, { x: 30.5, y: 40 }, { x: 900, y: 0 }]);
    // Drawn again where they already are, the array is the same one (React Flow re-renders nothing).
    expect(drawCarried(drawn, placement, dragged)).toBe(drawn);
  });
});
