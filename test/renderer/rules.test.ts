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

  it('refuses a second wire into a taken input, naming the wire there and how to move it', () => {
    const check = checkConnection(graph, { source: 'b', sourceHandle: 'out', target: 'plot', targetHandle: 'in' });
    expect(check).toEqual({
      ok: false,
      reason: "plot.in already takes a.out: an input takes one wire; drag that wire's end off it (or delete the wire) first",
    });
  });

  it('names a labelled input as the node shows it (Convolve’s b is its kernel input)', () => {
    const convolve: GraphDocument = {
      ...emptyDocument(),
      nodes: [{ id: 'g1', type: 'kernel.gaussian' }, { id: 'g2', type: 'kernel.box' }, { id: 'convolve1', type: 'op.convolve' }],
      edges: [{ id: 'e1', source: 'g1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'b' }],
    };
    expect(checkConnection(convolve, { source: 'g2', sourceHandle: 'out', target: 'convolve1', targetHandle: 'b' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^convolve1's kernel input \(b\) already takes g1\.out: /),
    });
  });

  it('colours a kernel with dims auto by what it feeds: a signal into Convolve beside a Function', () => {
    const filter: GraphDocument = {
      ...emptyDocument(),
      nodes: [{ id: 'f', type: 'source.function' }, { id: 'g', type: 'kernel.gaussian' }, { id: 'c', type: 'op.convolve' }, { id: 'lonely', type: 'kernel.gaussian' }],
      edges: [
        { id: 'e1', source: 'f', sourceHandle: 'out', target: 'c', targetHandle: 'a' },
        { id: 'e2', source: 'g', sourceHandle: 'out', target: 'c', targetHandle: 'b' },
      ],
    };
    const types = inferPortTypes(filter);
    expect([types.get('g.out'), types.get('c.b'), types.get('c.out'), types.get('lonely.out')]).toEqual(['signal', 'signal', 'signal', 'image']);
  });

  it('judges a wire whose end is being dragged (a reconnect) on the graph without that wire', () => {
    // Moving e1's source end from a to b: the input it enters is free once e1 does not count.
    expect(checkConnection(graph, { source: 'b', sourceHandle: 'out', target: 'plot', targetHandle: 'in' }, 'e1')).toEqual({ ok: true });
    // Moving its target end to in2 leaves in free, so the same wire may go there.
    expect(checkConnection(graph, { source: 'a', sourceHandle: 'out', target: 'plot', targetHandle: 'in2' }, 'e1')).toEqual({ ok: true });
  });

  it('refuses the same wire twice and a node feeding itself, with the reason', () => {
    expect(checkConnection(graph, { source: 'a', sourceHandle: 'out', target: 'plot', targetHandle: 'in' })).toEqual({
      ok: false,
      reason: 'a.out already feeds plot.in',
    });
    expect(checkConnection(graph, { source: 'a', sourceHandle: 'out', target: 'a', targetHandle: 'x' })).toMatchObject({ ok: false });
  });

  it('refuses a wire that would close a cycle, naming the path', () => {
    const chain: GraphDocument = {
      ...emptyDocument(),
      nodes: [
        { id: 'a', type: 'source.sequence' },
        { id: 'sum', type: 'op.add' },
        { id: 's1', type: 'op.scale' },
      ],
      edges: [
        { id: 'e1', source: 'a', sourceHandle: 'out', target: 'sum', targetHandle: 'a' },
        { id: 'e2', source: 'sum', sourceHandle: 'out', target: 's1', targetHandle: 'in' },
      ],
    };
    const check = checkConnection(chain, { source: 's1', sourceHandle: 'out', target: 'sum', targetHandle: 'b' });
    expect(check).toEqual({ ok: false, reason: 'that would make a cycle: s1 -> sum -> s1' });
  });

  it('names the taken input before a cycle: the wire there has to move first either way', () => {
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
    expect(check).toMatchObject({ ok: false, reason: expect.stringContaining('s1.in already takes a.out') });
    // Moving e1's end instead is judged without e1, and then the cycle is what stops it.
    expect(checkConnection(chain, { source: 's2', sourceHandle: 'out', target: 's1', targetHandle: 'in' }, 'e1')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('cycle'),
    });
  });

  it('infers the type on each wired port', () => {
    const types = inferPortTypes(graph);
    expect(types.get('a.out')).toBe('signal');
    expect(types.get('plot.in')).toBe('signal');
  });
});
