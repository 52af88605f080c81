import { describe, expect, it } from 'vitest';
import { loadGraph, type LoadOptions } from '../../src-shared/graph/load';
import { writeGraph } from '../../src-shared/graph/write';
import { definitions, diceDocument, doc, edge, node } from './catalog';

const options: LoadOptions = { definitions };

function errorOf(file: unknown, extra: LoadOptions = {}): string {
  const text = typeof file === 'string' ? file : JSON.stringify(file, null, 2);
  const result = loadGraph(text, { ...options, ...extra });
  if (result.ok) throw new Error('expected the file to be refused');
  expect(result.errors[0]).toBe(result.error);
  expect(result.error).not.toContain('\n');
  return result.error;
}

function errorsOf(file: unknown): string[] {
  const result = loadGraph(JSON.stringify(file), options);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
}

function withFile(change: (file: Record<string, unknown>) => void): Record<string, unknown> {
  const file = JSON.parse(JSON.stringify(diceDocument())) as Record<string, unknown>;
  change(file);
  return file;
}

const nodesOf = (file: Record<string, unknown>) => file.nodes as Record<string, unknown>[];
const edgesOf = (file: Record<string, unknown>) => file.edges as Record<string, unknown>[];

describe('loadGraph accepts', () => {
  it('FORMAT.md’s example with its meta, labels, positions and viewport intact', () => {
    const result = loadGraph(JSON.stringify(diceDocument()), options);
    expect(result).toEqual({ ok: true, document: diceDocument(), warnings: [] });
  });

  it('a file with a byte order mark and without the optional parts', () => {
    const text = '\ufeff' + JSON.stringify({ format: 'convolab.graph', version: 1, nodes: [{ id: 'a', type: 'source.dice' }], edges: [] });
    const result = loadGraph(text, options);
    expect(result.ok && result.document.nodes).toEqual([{ id: 'a', type: 'source.dice' }]);
  });

  it('the real registry’s source.sequence and sink.plot without injected definitions', () => {
    const file = doc([node('s', 'source.sequence', { params: { values: [1, 2] } }), node('p', 'sink.plot')], [edge('s', 'p')]);
    expect(loadGraph(JSON.stringify(file))).toMatchObject({ ok: true });
  });
});

describe('loadGraph refuses, naming the place in one line', () => {
  it('a JSON syntax error, with line and column', () => {
    expect(errorOf('{\n  "format": "convolab.graph",\n  "version": 1,,\n}')).toBe('line 3, column 16: expected a key in double quotes but found ","');
    expect(errorOf('{"nodes": [1, 2,]}')).toBe('line 1, column 17: a comma before ] (JSON allows no trailing comma)');
    expect(errorOf("{'format': 1}")).toBe('line 1, column 2: expected a key in double quotes but found "\'"');
    expect(errorOf('{"x": NaN}')).toBe('line 1, column 7: JSON has no NaN, Infinity or undefined: write a number');
    expect(errorOf('{"format": "convolab.graph"')).toBe('line 1, column 28: expected , or } but found the end of the file');
    expect(errorOf('{"a": "one\ntwo"}')).toBe('line 1, column 11: a line break inside a text value (write \\n)');
    // Whatever character the file has at the error, the message stays on one line.
    expect(errorOf('{"a": "one\\\ntwo"}')).toBe('line 1, column 11: unknown escape: \\ before a line break (write \\\\ for a backslash)');
    expect(errorOf('{"a": "one\\qtwo"}')).toBe('line 1, column 11: unknown escape: \\ before "q" (write \\\\ for a backslash)');
    expect(errorOf('{"a": 1\u2028}')).toBe('line 1, column 8: expected , or } but found the control character U+2028');
    expect(errorOf('{} {}')).toBe('line 1, column 4: more text after the end of the JSON value: "{"');
  });

  it('an empty file', () => {
    expect(errorOf('  \n')).toBe('line 1, column 1: the file is empty');
  });

  it('JSON that is not an object', () => {
    expect(errorOf('[1, 2]')).toBe('file: must be a JSON object with "format": "convolab.graph" (got a list of 2)');
  });

  it('a missing or foreign format', () => {
    expect(errorOf({ version: 1, nodes: [], edges: [] })).toBe('format: missing: this is not a Convolab graph file');
    expect(errorOf({ format: 'excalidraw', version: 1 })).toBe('format: must be "convolab.graph" (got "excalidraw"): this is not a Convolab graph file');
  });

  it('a version that is missing, not a whole number, too new or below 1', () => {
    expect(errorOf({ format: 'convolab.graph', nodes: [], edges: [] })).toBe('version: missing');
    expect(errorOf({ format: 'convolab.graph', version: '1', nodes: [], edges: [] })).toBe('version: must be a whole number (got "1")');
    expect(errorOf({ format: 'convolab.graph', version: 1.5, nodes: [], edges: [] })).toBe('version: must be a whole number (got 1.5)');
    expect(errorOf({ format: 'convolab.graph', version: 7, nodes: 'whatever' })).toBe('version 7: made by a newer Convolab (this one reads up to 3): update Convolab to open it');
    expect(errorOf({ format: 'convolab.graph', version: 0, nodes: [], edges: [] })).toBe('version 0: not a version of the format (they start at 1)');
  });

  it('missing nodes or edges', () => {
    expect(errorsOf({ format: 'convolab.graph', version: 1 })).toEqual(['nodes: missing', 'edges: missing']);
  });

  it('a node without an id or type, or with an empty id', () => {
    expect(errorOf(withFile((f) => delete nodesOf(f)[1].id))).toBe('nodes[1].id: missing');
    expect(errorOf(withFile((f) => delete nodesOf(f)[2].type))).toBe('nodes[2].type: missing');
    expect(errorOf(withFile((f) => (nodesOf(f)[0].id = '')))).toBe('nodes[0].id: must not be empty');
    expect(errorOf(withFile((f) => (nodesOf(f)[0].id = 7)))).toBe('nodes[0].id: must be text (got 7)');
  });

  it('an unknown key (a typo must not silently drop what it held)', () => {
    expect(errorOf(withFile((f) => (nodesOf(f)[2].parms = { method: 'fft' })))).toBe(
      'nodes[2].parms: unknown key (a node has id, type, block, position, label, params)',
    );
    expect(errorOf(withFile((f) => (edgesOf(f)[0].from = 'x')))).toBe(
      'edges[0].from: unknown key (an edge has id, source, sourceHandle, target, targetHandle)',
    );
    expect(errorOf(withFile((f) => (f.extra = 1)))).toBe('extra: unknown key (a graph file has format, version, meta, nodes, edges, blocks, viewport)');
  });

  it('an unknown node type', () => {
    const file = withFile((f) => nodesOf(f).push({ id: 'x', type: 'op.foo' }));
    expect(errorOf(file)).toBe('nodes[4].type: unknown node type "op.foo"');
  });

  it('an unknown param, a wrong param type, an out-of-range param', () => {
    expect(errorOf(withFile((f) => nodesOf(f).push({ id: 'g', type: 'kernel.gaussian', params: { sigma: -1 } })))).toBe(
      'nodes[4].params.sigma: must be > 0 (got -1)',
    );
    expect(errorOf(withFile((f) => (nodesOf(f)[0].params = { faces: '6' })))).toBe('nodes[0].params.faces: must be a number (got "6")');
    expect(errorOf(withFile((f) => (nodesOf(f)[0].params = { faces: 2.5 })))).toBe('nodes[0].params.faces: must be a whole number (got 2.5)');
    expect(errorOf(withFile((f) => (nodesOf(f)[2].params = { method: 'magic' })))).toBe(
      'nodes[2].params.method: must be one of auto, direct, fft, overlap-add (got "magic")',
    );
    expect(errorOf(withFile((f) => (nodesOf(f)[2].params = { methd: 'fft' })))).toBe(
      'nodes[2].params.methd: unknown param for op.convolve (it has method, mode)',
    );
  });

  it('duplicate node ids and duplicate edge ids', () => {
    expect(errorOf(withFile((f) => (nodesOf(f)[1].id = 'dieA')))).toBe('nodes[1].id: duplicate id "dieA" (also nodes[0])');
    expect(errorOf(withFile((f) => (edgesOf(f)[2].id = 'e1')))).toBe('edges[2].id: duplicate id "e1" (also edges[0])');
  });

  it('a node or edge id that names a built-in property of JavaScript objects (a pasted "__proto__" blanked the editor)', () => {
    expect(errorOf(withFile((f) => ((nodesOf(f)[0].id = '__proto__'), (edgesOf(f)[0].source = '__proto__'))))).toBe(
      'nodes[0].id: "__proto__" is the name of a built-in property of JavaScript objects, which Convolab cannot use as an id: rename it',
    );
    expect(errorOf(withFile((f) => ((nodesOf(f)[1].id = 'constructor'), (edgesOf(f)[1].source = 'constructor'))))).toContain('nodes[1].id: "constructor" is the name of a built-in');
    expect(errorOf(withFile((f) => (edgesOf(f)[2].id = 'toString')))).toContain('edges[2].id: "toString" is the name of a built-in');
    // Only the names themselves: ids that contain them are as good as any.
    expect(loadGraph(JSON.stringify(withFile((f) => ((nodesOf(f)[0].id = 'constructor1'), (edgesOf(f)[0].source = 'constructor1')))), options).ok).toBe(true);
  });

  it('an edge from or to a node that does not exist', () => {
    expect(errorOf(withFile((f) => (edgesOf(f)[0].source = 'dieC')))).toBe('edges[0].source: no node "dieC"');
    expect(errorOf(withFile((f) => (edgesOf(f)[2].target = 'plott')))).toBe('edges[2].target: no node "plott"');
  });

  it('an edge to or from a handle the node does not have', () => {
    expect(errorOf(withFile((f) => (edgesOf(f)[2].targetHandle = 'x')))).toBe('edges[2].targetHandle: node plot has no input "x" (it has in, in2, in3)');
    expect(errorOf(withFile((f) => (edgesOf(f)[0].sourceHandle = 'in')))).toBe('edges[0].sourceHandle: node dieA has no output "in" (it has out)');
  });

  it('a second edge into one input', () => {
    expect(errorOf(withFile((f) => (edgesOf(f)[1].targetHandle = 'a')))).toBe('edges[1]: input sum.a already has an edge (edges[0])');
  });

  it('an edge whose data types do not fit', () => {
    const file = doc(
      [node('s', 'source.sequence'), node('fft', 'op.fft'), node('plot', 'sink.plot')],
      [edge('s', 'fft', 'in', 'out', 'e0'), edge('fft', 'plot', 'in', 'out', 'e1')],
    );
    expect(errorOf(file)).toBe('edges[1]: plot.in takes a signal, but fft.out gives a spectrum');
  });

  it('generic inputs of one node that carry different types', () => {
    const file = doc(
      [node('s', 'source.sequence'), node('k', 'kernel.gaussian'), node('sum', 'op.convolve')],
      [edge('s', 'sum', 'a', 'out', 'e0'), edge('k', 'sum', 'b', 'out', 'e1')],
    );
    expect(errorOf(file)).toBe('edges[1]: sum.b must carry the same type as sum.a (signal), but k.out gives an image');
  });

  it('a generic output whose resolved type does not fit downstream (types flow through T)', () => {
    const file = doc(
      [node('k', 'kernel.gaussian'), node('s2', 'kernel.gaussian'), node('sum', 'op.convolve'), node('plot', 'sink.plot')],
      [edge('k', 'sum', 'a', 'out', 'e0'), edge('s2', 'sum', 'b', 'out', 'e1'), edge('sum', 'plot', 'in', 'out', 'e2')],
    );
    expect(errorOf(file)).toBe('edges[2]: plot.in takes a signal, but sum.out gives an image');
    // resolveType follows params: 1-D Gaussians make signals, and then the same graph is fine.
    const oneD = JSON.parse(JSON.stringify(file)) as typeof file;
    for (const n of oneD.nodes.slice(0, 2)) n.params = { dims: 1 };
    expect(loadGraph(JSON.stringify(oneD), options)).toMatchObject({ ok: true });
  });

  it('a cycle, naming its nodes', () => {
    const file = doc(
      [node('s', 'source.sequence'), node('sum', 'op.convolve'), node('fft', 'op.scale')],
      [edge('s', 'sum', 'a', 'out', 'e0'), edge('sum', 'fft', 'in', 'out', 'e1'), edge('fft', 'sum', 'b', 'out', 'e2')],
    );
    expect(errorOf(file)).toBe('edges[2]: cycle sum -> fft -> sum');
  });

  it('positions and viewports that are not finite, huge or of the wrong shape', () => {
    expect(errorOf(withFile((f) => (nodesOf(f)[3].position = { x: 'left', y: 0 })))).toBe('nodes[3].position.x: must be a number (got "left")');
    expect(errorOf(withFile((f) => (nodesOf(f)[3].position = { x: 1e300, y: 0 })))).toBe('nodes[3].position.x: must be <= 1000000000 (got 1e+300)');
    expect(errorOf(withFile((f) => (f.viewport = { x: 0, y: 0, zoom: 0 })))).toBe('viewport.zoom: must be > 0 (got 0)');
    expect(errorOf(withFile((f) => (f.viewport = { x: 0, y: 0 })))).toBe('viewport.zoom: missing');
    const overflow = JSON.stringify(diceDocument()).replace('"x":520', '"x":1e999');
    expect(errorOf(overflow)).toBe('nodes[3].position.x: number too large (JSON reads it as Infinity)');
  });

  it('a label or meta of the wrong type', () => {
    expect(errorOf(withFile((f) => (nodesOf(f)[3].label = 42)))).toBe('nodes[3].label: must be text (got 42)');
    expect(errorOf(withFile((f) => (f.meta = { title: ['a'] })))).toBe('meta.title: must be text (got a list of 1)');
  });

  it('a file over the size limit, and nesting deeper than the limit', () => {
    expect(errorOf(JSON.stringify(diceDocument()), { limits: { maxLength: 100 } })).toMatch(/^file: 0\.0 MB is over the 0\.0 MB limit/);
    expect(errorOf('{"meta": {"deep": ' + '['.repeat(100) + ']'.repeat(100) + '}}')).toBe(
      'line 1, column 81: nested deeper than 64 levels (a graph file needs far fewer)',
    );
  });

  it('more nodes than the limit', () => {
    const nodes = Array.from({ length: 10_001 }, (_, i) => ({ id: `n${i}`, type: 'source.dice' }));
    expect(errorOf({ format: 'convolab.graph', version: 1, nodes, edges: [] })).toBe('nodes: too many entries (10001; the limit is 10000)');
  });

  it('lists every problem, capped, with the first as error', () => {
    const nodes = Array.from({ length: 80 }, (_, i) => ({ id: `n${i}`, type: 'source.dice', params: { faces: 0 } }));
    const result = loadGraph(JSON.stringify({ format: 'convolab.graph', version: 1, nodes, edges: [] }), options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(51);
    expect(result.errors[1]).toBe('nodes[1].params.faces: must be >= 1 (got 0)');
    expect(result.errors[50]).toBe('… and 30 more');
  });
});

describe('hostile keys', () => {
  it('never lets __proto__, constructor or prototype reach an object', () => {
    const text =
      '{"format": "convolab.graph", "version": 1, "__proto__": {"polluted": 1},' +
      ' "meta": {"title": "t", "constructor": {"prototype": {"polluted": 1}}},' +
      ' "nodes": [{"id": "a", "type": "source.dice", "params": {"__proto__": {"faces": 99}, "faces": 3}}], "edges": []}';
    const result = loadGraph(text, options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const { document } = result;
    for (const object of [document, document.meta!, document.nodes[0], document.nodes[0].params!]) {
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect(Object.hasOwn(object, '__proto__')).toBe(false);
      expect(Object.hasOwn(object, 'constructor')).toBe(false);
    }
    expect(document.nodes[0].params).toEqual({ faces: 3 });
    expect({ ...document.nodes[0].params }.faces).toBe(3);
    expect(result.warnings).toEqual([
      '__proto__: ignored (a reserved name, never read from a file)',
      'meta.constructor: ignored (a reserved name, never read from a file)',
      'nodes[0].params.__proto__: ignored (a reserved name, never read from a file)',
    ]);
  });
});

describe('unknown node types', () => {
  const file = doc(
    [node('s', 'source.sequence'), node('later', 'op.fromTheFuture', { params: { strength: 2, rows: [[1, 2], [3, 4]] } }), node('plot', 'sink.plot')],
    [edge('s', 'later', 'x', 'out', 'e0'), edge('later', 'plot', 'in', 'y', 'e1')],
  );

  it('are an error by default (FORMAT.md: type must be a known node type)', () => {
    expect(errorOf(file)).toBe('nodes[1].type: unknown node type "op.fromTheFuture"');
  });

  it('are kept as placeholders with allowUnknownTypes, and written back unchanged', () => {
    const result = loadGraph(JSON.stringify(file), { ...options, allowUnknownTypes: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual(['nodes[1].type: unknown node type "op.fromTheFuture": kept as a placeholder that does not run']);
    expect(result.document).toEqual(file);
    const written = writeGraph(result.document, { definitions });
    const again = loadGraph(written, { ...options, allowUnknownTypes: true });
    expect(again.ok && writeGraph(again.document, { definitions })).toBe(written);
  });

  it('still need params shaped like params', () => {
    const bad = doc([node('later', 'op.fromTheFuture', { params: { nested: { a: 1 } as never } })]);
    expect(errorOf(bad, { allowUnknownTypes: true })).toBe(
      'nodes[0].params.nested: must be a number, text, true/false, a list of numbers or a list of rows (got an object)',
    );
  });
});

describe('meta.lesson', () => {
  it('refuses a lesson step that names a node the graph lacks, saying where', () => {
    const file = { ...diceDocument(), meta: { title: 'x', lesson: [{ text: 'look', nodes: ['sum', 'gone'] }] } };
    expect(errorOf(file)).toBe('meta.lesson[0].nodes[1]: no node "gone" in this graph (name a node id, or remove it from the step)');
  });
});

describe('against the real node registry', () => {
  it('loads FORMAT.md’s example and refuses a spectrum wired into a plot', () => {
    expect(loadGraph(JSON.stringify(diceDocument()))).toMatchObject({ ok: true, warnings: [] });
    const file = doc(
      [node('s', 'source.sequence'), node('fft', 'op.fft'), node('plot', 'sink.plot')],
      [edge('s', 'fft', 'in', 'out', 'e0'), edge('fft', 'plot', 'in', 'out', 'e1')],
    );
    expect(loadGraph(JSON.stringify(file))).toMatchObject({ ok: false, error: 'edges[1]: plot.in takes a signal, but fft.out gives a spectrum' });
  });
});
