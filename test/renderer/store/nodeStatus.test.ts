/**
 * What the dock says for a node that made no value: waiting (a file not chosen, an input not
 * wired) as the node and the inspector draw it, failed or skipped otherwise.
 */
import { describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument } from '../../../src-shared/graph/document';
import type { NodeReport } from '../../../src-shared/engine/engine';
import type { EditorState, NodeState } from '../../../src-renderer/store/document';
import { groupAsBlock } from '../../../src-shared/graph/blocks';
import { nodesInRun, whyNoValue } from '../../../src-renderer/store/nodeStatus';

function done(id: string, type: string, status: NodeReport['status'], error?: string): NodeState {
  return { status, report: { id, type, status, ms: 1, cached: false, ...(error ? { error } : {}) }, previews: {}, generation: 1 };
}

function stateWith(document: GraphDocument, nodeStates: Record<string, NodeState>): EditorState {
  return { document, nodeStates } as unknown as EditorState;
}

describe('whyNoValue', () => {
  const document: GraphDocument = {
    ...emptyDocument(),
    nodes: [
      { id: 'audio1', type: 'source.audio' },
      { id: 'scale1', type: 'op.scale' },
      { id: 'plot1', type: 'sink.plot' },
    ],
    edges: [{ id: 'e1', source: 'audio1', sourceHandle: 'out', target: 'plot1', targetHandle: 'in' }],
  };

  it('an Audio file just dropped, with no file chosen, is waiting for it, not failed', () => {
    const state = stateWith(document, { audio1: done('audio1', 'source.audio', 'error', 'no file chosen: choose a WAV file (path)') });
    expect(whyNoValue(state, 'audio1')).toEqual({ text: 'No value yet: audio1 is waiting (no file chosen: choose a WAV file (path))', waiting: true });
  });

  it('a node whose input is not wired is waiting; one that broke has failed; one after it was skipped', () => {
    const state = stateWith(document, {
      scale1: done('scale1', 'op.scale', 'error', 'input in is not connected: connect a signal, spectrum, image, spectrum2d or volume'),
      audio1: done('audio1', 'source.audio', 'error', 'cannot read a.wav: no such file'),
      plot1: done('plot1', 'sink.plot', 'skipped', 'skipped: input from audio1 has no value'),
    });
    expect(whyNoValue(state, 'scale1')).toMatchObject({ waiting: true });
    expect(whyNoValue(state, 'audio1')).toEqual({ text: 'No value: audio1 failed: cannot read a.wav: no such file', waiting: false });
    expect(whyNoValue(state, 'plot1')).toEqual({ text: 'No value: plot1 was skipped: input from audio1 has no value', waiting: false });
  });

  it('says nothing while a value may still come', () => {
    expect(whyNoValue(stateWith(document, {}), 'audio1')).toBeUndefined();
    expect(whyNoValue(stateWith(document, { audio1: done('audio1', 'source.audio', 'ok') }), 'audio1')).toBeUndefined();
  });
});

describe('nodesInRun (the status bar counts a run up to it)', () => {
  const chain: GraphDocument = {
    ...emptyDocument(),
    nodes: [
      { id: 'seq', type: 'source.sequence' },
      { id: 'scale', type: 'op.scale' },
      { id: 'abs', type: 'op.abs' },
      { id: 'plot', type: 'sink.plot' },
    ],
    edges: [
      { id: 'e1', source: 'seq', sourceHandle: 'out', target: 'scale', targetHandle: 'in' },
      { id: 'e2', source: 'scale', sourceHandle: 'out', target: 'abs', targetHandle: 'in' },
      { id: 'e3', source: 'abs', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
    ],
  };

  it('is the node count of a graph without blocks', () => {
    expect(nodesInRun(chain)).toBe(4);
  });

  it("counts a block's inner nodes, which each report done, not the block node once", () => {
    const grouped = groupAsBlock(chain, ['seq', 'scale', 'abs']);
    if (!grouped.ok) throw new Error(grouped.error);
    expect(grouped.document.nodes).toHaveLength(2);
    expect(nodesInRun(grouped.document)).toBe(4);
    const nested = groupAsBlock(grouped.document, [grouped.node, 'plot']);
    if (!nested.ok) throw new Error(nested.error);
    expect(nodesInRun(nested.document)).toBe(4);
  });
});
