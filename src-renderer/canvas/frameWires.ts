/**
 * Wires to nodes a collapsed frame hides: drawn to and from the frame's edges (inputs on its
 * left, outputs on its right), so the flow through a collapsed part of the graph stays in sight.
 * A wire between two nodes hidden in the same frame is hidden with them. The wire keeps its id
 * (selecting and deleting it still work); its ends cannot be dragged while they rest on a frame.
 */
import type { Edge } from '@xyflow/react';
import type { HiddenByFrames } from '../../src-shared/graph/frames';
import { FRAME_INPUTS, FRAME_OUTPUTS, FRAME_PREFIX } from './frameNodeIds';

export function routeWiresToFrames<E extends Edge>(edges: E[], hidden: HiddenByFrames): E[] {
  if (hidden.nodes.size === 0) return edges;
  return edges.map((edge) => {
    const from = hidden.nodes.get(edge.source);
    const to = hidden.nodes.get(edge.target);
    if (from === undefined && to === undefined) return edge;
    if (from !== undefined && from === to) return { ...edge, hidden: true };
    return {
      ...edge,
      ...(from !== undefined ? { source: FRAME_PREFIX + from, sourceHandle: FRAME_OUTPUTS } : {}),
      ...(to !== undefined ? { target: FRAME_PREFIX + to, targetHandle: FRAME_INPUTS } : {}),
      reconnectable: false,
    };
  });
}
