import { describe, expect, it } from 'vitest';
import { canConnect, inferTypes, validateDocument } from '../../src-shared/graph/validate';
import { definitions, diceDocument, doc, edge, node } from './catalog';

const options = { definitions };
const connect = (document: ReturnType<typeof doc>, source: string, target: string, targetHandle = 'in', sourceHandle = 'out') =>
  canConnect(document, { source, sourceHandle, target, targetHandle }, options);

describe('canConnect', () => {
  const graph = doc(
    [
      node('s', 'source.sequence'),
      node('fft', 'op.fft'),
      node('plot', 'sink.plot'),
      node('sum', 'op.convolve'),
      node('img', 'kernel.gaussian'),
      node('scale', 'op.scale'),
    ],
    [edge('s', 'fft', 'in', 'out', 'e0'), edge('s', 'plot', 'in', 'out', 'e1')],
  );

  it('allows an edge whose types fit, into a free input', () => {
    expect(connect(graph, 'fft', 'scale')).toEqual({ ok: true });
    expect(connect(graph, 's', 'sum', 'a')).toEqual({ ok: true });
    expect(connect(graph, 's', 'plot', 'in2')).toEqual({ ok: true });
  });

  it('refuses a type that does not fit, saying both types', () => {
    expect(connect(graph, 'fft', 'plot', 'in2')).toEqual({ ok: false, reason: 'plot.in2 takes a signal, but fft.out gives a spectrum' });
    expect(connect(graph, 'fft', 'sum', 'a')).toEqual({ ok: false, reason: 'sum.a takes a signal or image, but fft.out gives a spectrum' });
  });

  it('refuses a second edge into a taken input, saying which edge holds it', () => {
    expect(connect(graph, 'scale', 'plot')).toEqual({
      ok: false,
      reason: 'plot.in already takes s.out: an input takes one edge, remove that one first',
    });
  });

  it('refuses a cycle, naming it, and a node feeding itself', () => {
    const chain = doc(
      [node('a', 'op.scale'), node('b', 'op.scale'), node('c', 'op.scale')],
      [edge('a', 'b', 'in', 'out', 'e0'), edge('b', 'c', 'in', 'out', 'e1')],
    );
    expect(connect(chain, 'c', 'a')).toEqual({ ok: false, reason: 'that would make a cycle: c -> a -> b -> c' });
    expect(connect(chain, 'a', 'a')).toEqual({ ok: false, reason: 'a cannot feed itself: that would be a cycle' });
  });

  it('refuses a second generic input of another type than the first', () => {
    const withSignal = { ...graph, edges: [...graph.edges, edge('s', 'sum', 'a', 'out', 'e2')] };
    expect(connect(withSignal, 'img', 'sum', 'b')).toEqual({
      ok: false,
      reason: 'sum.b must carry the same type as sum.a (signal), but img.out gives an image',
    });
  });

  it('refuses an edge that would turn a generic output into a type its consumer does not take', () => {
    const feedsPlot = { ...graph, edges: [edge('sum', 'plot', 'in', 'out', 'e0')] };
    expect(connect(feedsPlot, 'img', 'sum', 'a')).toEqual({
      ok: false,
      reason: 'then sum.out would give an image, which plot.in does not take',
    });
    expect(connect(feedsPlot, 's', 'sum', 'a')).toEqual({ ok: true });
  });

  it('refuses handles and nodes that do not exist', () => {
    expect(connect(graph, 's', 'plot', 'x')).toEqual({ ok: false, reason: 'plot has no input x' });
    expect(connect(graph, 's', 'plot', 'in2', 'y')).toEqual({ ok: false, reason: 's has no output y' });
    expect(connect(graph, 'ghost', 'plot', 'in2')).toEqual({ ok: false, reason: 'there is no node ghost' });
  });
});

describe('inferTypes', () => {
  it('resolves generic outputs to their input types, and resolveType outputs from params', () => {
    const graph = doc(
      [
        node('dieA', 'source.dice'),
        node('sum', 'op.convolve'),
        node('lonely', 'op.convolve'),
        node('k1', 'kernel.gaussian', { params: { dims: 1 } }),
        node('k2', 'kernel.gaussian'),
        node('scaled', 'op.scale'),
        node('fft', 'op.fft'),
        node('sfft', 'op.scale'),
      ],
      [
        edge('dieA', 'sum', 'a'),
        edge('k2', 'scaled'),
        edge('k1', 'fft'),
        edge('fft', 'sfft'),
      ],
    );
    const types = inferTypes(graph, options);
    expect(types.get('sum.out')).toBe('signal');
    expect(types.get('lonely.out')).toBeUndefined();
    expect(types.get('k1.out')).toBe('signal');
    expect(types.get('k2.out')).toBe('image');
    expect(types.get('scaled.out')).toBe('image');
    expect(types.get('sfft.out')).toBe('spectrum');
  });

  it('passes types along a long chain in any document order', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`n${i}`, 'op.scale'));
    const edges = nodes.slice(1).map((_, i) => edge(`n${i + 1}`, `n${i}`));
    const graph = doc([...nodes, node('src', 'source.dice')], [...edges, edge('src', 'n199')]);
    expect(inferTypes(graph, options).get('n0.out')).toBe('signal');
  });
});

describe('validateDocument', () => {
  it('finds nothing wrong in a good document', () => {
    expect(validateDocument(diceDocument(), options)).toEqual([]);
  });

  it('checks an in-memory document the schema never saw', () => {
    const broken = diceDocument();
    broken.nodes[0].id = '';
    broken.edges.push(edge('sum', 'dieB', 'in', 'out', 'e9'));
    expect(validateDocument(broken, options)).toEqual([
      'nodes[0].id: must not be empty',
      'edges[0].source: no node "dieA"',
      'edges[3].targetHandle: node dieB has no input "in" (it has none)',
    ]);
  });

  it('names every cycle once, at the edge that closes it', () => {
    const graph = doc(
      [node('a', 'op.scale'), node('b', 'op.scale'), node('c', 'op.scale'), node('d', 'op.scale')],
      [edge('a', 'b', 'in', 'out', 'e0'), edge('b', 'a', 'in', 'out', 'e1'), edge('c', 'd', 'in', 'out', 'e2'), edge('d', 'c', 'in', 'out', 'e3')],
    );
    expect(validateDocument(graph, options)).toEqual(['edges[1]: cycle a -> b -> a', 'edges[3]: cycle c -> d -> c']);
  });

  it('handles a 20 000-node chain without recursion trouble', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => node(`n${i}`, 'op.scale'));
    const edges = nodes.slice(1).map((_, i) => edge(`n${i}`, `n${i + 1}`));
    edges.push(edge(`n${nodes.length - 1}`, 'n0', 'in', 'out', 'back'));
    const problems = validateDocument(doc(nodes, edges), options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe('edges[19999]: cycle n0 -> n1 -> n2 -> n3 -> n4 -> … 19991 more … -> n19996 -> n19997 -> n19998 -> n19999 -> n0');
  });
});
