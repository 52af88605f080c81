import { describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument } from '../../src-shared/graph/document';
import { checkConnection, inferPortTypes } from '../../src-renderer/canvas/rules';

const graph: GraphDocument = {
  ...emptyDocument(),
  nodes: [
    { id: 'a', type: 'source.sequence' },
    { id: 'b', type: 'source.sequence' },
    { id: 'plot', type: 'sink.plot' },
  ],
  edges: [{ id: 'e1', source: 'a', sourceHandle: 'out', target: 'plot', targetHandle: 'in' }],
};

describe('connection rules', () => {
  it('allows a wire of a fitting type into a free input', () => {
    expect(checkConnection(graph, { source: 'b', sourceHandle: 'out', target: 'plot', targetHandle: 'in2' })).toEqual({ ok: true });
  });

  it('lets a wire into a taken input replace the old edge, and says which', () => {
    const check = checkConnection(graph, { source: 'b', sourceHandle: 'out', target: 'plot', targetHandle: 'in' });
    expect(check).toMatchObject({ ok: true, replaces: { id: 'e1' } });
  });

  it('refuses the same wire twice and a node feeding itself, with the reason', () => {
    expect(checkConnection(graph, { source: 'a', sourceHandle: 'out', target: 'plot', targetHandle: 'in' })).toEqual({
      ok: false,
      reason: 'already connected',
    });
    expect(checkConnection(graph, { source: 'a', sourceHandle: 'out', target: 'a', targetHandle: 'x' })).toMatchObject({ ok: false });
  });

  it('infers the type on each wired port', () => {
    const types = inferPortTypes(graph);
    expect(types.get('a.out')).toBe('signal');
    expect(types.get('plot.in')).toBe('signal');
  });
});
