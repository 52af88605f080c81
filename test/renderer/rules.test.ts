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
      reason: 'a.out already feeds plot.in',
    });
    expect(checkConnection(graph, { source: 'a', sourceHandle: 'out', target: 'a', targetHandle: 'x' })).toMatchObject({ ok: false });
  });

  it('refuses a wire that would close a cycle, naming the path, even into a taken input', () => {
    const chain: GraphDocument = {
      ...emptyDocument(),
      nodes: [
        { id: 'a', type: 'source.sequence' },
        { id: 's1', type: 'op.scale' },
        { id: 's2', type: 'op.scale' },
      ],
      edges: [
        { id: 'e1', source: 'a', sourceHandle: 'out', target: 's1', targetHandle: 'in' },
        { id: 'e2', source: 's1', sourceHandle: 'out', target: 's2', targetHandle: 'in' },
      ],
    };
    const check = checkConnection(chain, { source: 's2', sourceHandle: 'out', target: 's1', targetHandle: 'in' });
    expect(check).toMatchObject({ ok: false, reason: expect.stringContaining('cycle') });
  });

  it('infers the type on each wired port', () => {
    const types = inferPortTypes(graph);
    expect(types.get('a.out')).toBe('signal');
    expect(types.get('plot.in')).toBe('signal');
  });
});
