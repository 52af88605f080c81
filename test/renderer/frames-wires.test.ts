/**
 * What a collapsed frame shows of the nodes it hides: wires to them end at the frame's edges
 * (not dropped), and their failures as a count on the frame, since the engine still runs them.
 */
import type { Edge } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { NodeReport } from '../../src-shared/engine/engine';
import { emptyDocument, type GraphDocument } from '../../src-shared/graph/document';
import { collapsePatch, hiddenByFrames, withFrames } from '../../src-shared/graph/frames';
import { applyCommand } from '../../src-renderer/store/commands';
import type { EditorState, NodeState } from '../../src-renderer/store/document';
import { hiddenCount, hiddenFailures } from '../../src-renderer/canvas/frameCollapse';
import { FRAME_INPUTS, FRAME_OUTPUTS, FRAME_PREFIX } from '../../src-renderer/canvas/frameNodeIds';
import { routeWiresToFrames } from '../../src-renderer/canvas/frameWires';

/** sequence1 → scale1 → scale2 → plot1, with scale1 and scale2 in frame f1, which collapses. */
function collapsedChain(): GraphDocument {
  const open = withFrames(
    {
      ...emptyDocument(),
      nodes: [
        { id: 'sequence1', type: 'source.sequence', position: { x: -400, y: 0 } },
        { id: 'scale1', type: 'op.scale', position: { x: 20, y: 40 } },
        { id: 'scale2', type: 'op.scale', position: { x: 200, y: 40 } },
        { id: 'plot1', type: 'sink.plot', position: { x: 800, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'sequence1', sourceHandle: 'out', target: 'scale1', targetHandle: 'in' },
        { id: 'e2', source: 'scale1', sourceHandle: 'out', target: 'scale2', targetHandle: 'in' },
        { id: 'e3', source: 'scale2', sourceHandle: 'out', target: 'plot1', targetHandle: 'in' },
      ],
    },
    [{ id: 'f1', label: 'Gain', color: '#345', x: 0, y: 0, width: 400, height: 200 }],
  );
  return applyCommand(open, { kind: 'updateFrame', id: 'f1', patch: collapsePatch(open, 'f1', () => ({ width: 120, height: 80 })) });
}

function flowEdges(document: GraphDocument): Edge[] {
  return document.edges.map((edge) => ({ ...edge }));
}

describe('wires of a collapsed frame', () => {
  it('end at the frame: into its left edge, out of its right edge; a wire inside it hides with its nodes', () => {
    const document = collapsedChain();
    const routed = routeWiresToFrames(flowEdges(document), hiddenByFrames(document));
    const byId = new Map(routed.map((edge) => [edge.id, edge]));
    expect(byId.get('e1')).toMatchObject({ source: 'sequence1', sourceHandle: 'out', target: `${FRAME_PREFIX}f1`, targetHandle: FRAME_INPUTS, reconnectable: false });
    expect(byId.get('e3')).toMatchObject({ source: `${FRAME_PREFIX}f1`, sourceHandle: FRAME_OUTPUTS, target: 'plot1', targetHandle: 'in', reconnectable: false });
    expect(byId.get('e2')?.hidden).toBe(true);
    // None is dropped: each wire keeps its id, so it can still be selected and deleted.
    expect(routed.map((edge) => edge.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('are left as they are (the same array) when no frame is collapsed', () => {
    const document = applyCommand(collapsedChain(), { kind: 'remove', frames: ['f1'] });
    const edges = flowEdges(document);
    expect(routeWiresToFrames(edges, hiddenByFrames(document))).toBe(edges);
  });
});

describe('a collapsed frame counts what it hides', () => {
  function stateWith(document: GraphDocument, nodeStates: Record<string, NodeState>): EditorState {
    return { document, nodeStates } as unknown as EditorState;
  }
  function done(id: string, status: NodeReport['status'], error?: string): NodeState {
    return { status, report: { id, type: 'op.scale', status, ms: 1, cached: false, ...(error ? { error } : {}) }, previews: {}, generation: 1 };
  }

  it('names the hidden nodes that failed, and not the ones that ran or only wait for an input', () => {
    const document = collapsedChain();
    expect(hiddenCount(stateWith(document, {}), 'f1')).toBe(2);
    expect(hiddenFailures(stateWith(document, { scale1: done('scale1', 'ok'), scale2: done('scale2', 'ok') }), 'f1')).toBe('');
    expect(hiddenFailures(stateWith(document, { scale1: done('scale1', 'error', 'factor: must be finite'), scale2: done('scale2', 'ok') }), 'f1')).toBe('scale1');
    // A node whose input is not wired waits; it has not failed.
    const unwired = applyCommand(document, { kind: 'remove', edges: ['e1'] });
    expect(hiddenFailures(stateWith(unwired, { scale1: done('scale1', 'error', 'input in is not connected') }), 'f1')).toBe('');
    // A node outside the frame is the frame's business no more than any other's.
    expect(hiddenFailures(stateWith(document, { plot1: done('plot1', 'error', 'broken') }), 'f1')).toBe('');
  });
});
