import { describe, expect, it } from 'vitest';
import type { GraphDocument, GraphNode } from '../../src-shared/graph/document';
import { hiddenByFrames } from '../../src-shared/graph/frames';
import { mirroredNodes, type MirrorSource } from '../../src-renderer/canvas/useFlowMirror';

function chain(count: number): GraphNode[] {
  return Array.from({ length: count }, (_, i) => ({ id: `k${i}`, type: 'kernel.gaussian', position: { x: i * 200, y: 0 }, params: { sigma: 1 + i } }));
}

function source(nodes: GraphNode[], selected: string[] = []): MirrorSource {
  const document: GraphDocument = { format: 'convolab.graph', version: 3, nodes, edges: [] };
  return { documentNodes: nodes, frames: [], hidden: hiddenByFrames(document), selection: { nodes: selected, frames: [] }, stage: undefined };
}

describe("the canvas's mirror of the document", () => {
  it('keeps the object of every node whose drawing did not change, so React Flow re-draws only what did', () => {
    const nodes = chain(300);
    const first = mirroredNodes([], source(nodes));
    expect(first).toHaveLength(300);

    // A param change: no node's drawing changes.
    const changed = nodes.map((node) => (node.id === 'k7' ? { ...node, params: { sigma: 99 } } : node));
    const afterParam = mirroredNodes(first, source(changed));
    expect(afterParam.filter((node, i) => node !== first[i])).toEqual([]);

    // A move and a selection: those two nodes only, with what they now are.
    const moved = changed.map((node) => (node.id === 'k3' ? { ...node, position: { x: 5, y: 6 } } : node));
    const afterMove = mirroredNodes(afterParam, source(moved, ['k9']));
    const renewed = afterMove.filter((node, i) => node !== afterParam[i]);
    expect(renewed.map((node) => node.id)).toEqual(['k3', 'k9']);
    expect(renewed[0]!.position).toEqual({ x: 5, y: 6 });
    expect(renewed[1]!.selected).toBe(true);
  });
});
