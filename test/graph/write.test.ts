import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import { KEPT_LIST, NUMBERS_PER_LINE, writeGraph } from '../../src-shared/graph/write';
import { definitions, diceDocument, doc, edge, node } from './catalog';

const write = (document: GraphDocument): string => writeGraph(document, { definitions });

function reload(text: string): GraphDocument {
  const result = loadGraph(text, { definitions });
  if (!result.ok) throw new Error(result.error);
  return result.document;
}

/** Lines of `after` that are not at the same place in `before` (the files keep line counts here). */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return b.filter((line, i) => line !== a[i]);
}

describe('writeGraph', () => {
  it('writes FORMAT.md’s example in the fixed layout, byte for byte', () => {
    expect(write(diceDocument())).toBe(
      [
        '{',
        '  "format": "convolab.graph",',
        '  "version": 2,',
        '  "meta": {',
        '    "title": "Two dice",',
        '    "description": "P(sum = 7) = 1/6"',
        '  },',
        '  "nodes": [',
        '    {',
        '      "id": "dieA",',
        '      "type": "source.dice",',
        '      "position": { "x": 0, "y": 0 },',
        '      "params": {',
        '        "faces": 6',
        '      }',
        '    },',
        '    {',
        '      "id": "dieB",',
        '      "type": "source.dice",',
        '      "position": { "x": 0, "y": 160 }',
        '    },',
        '    {',
        '      "id": "sum",',
        '      "type": "op.convolve",',
        '      "position": { "x": 260, "y": 80 },',
        '      "params": {',
        '        "method": "direct"',
        '      }',
        '    },',
        '    {',
        '      "id": "plot",',
        '      "type": "sink.plot",',
        '      "position": { "x": 520, "y": 80 },',
        '      "label": "P(sum)"',
        '    }',
        '  ],',
        '  "edges": [',
        '    { "id": "e1", "source": "dieA", "sourceHandle": "out", "target": "sum", "targetHandle": "a" },',
        '    { "id": "e2", "source": "dieB", "sourceHandle": "out", "target": "sum", "targetHandle": "b" },',
        '    { "id": "e3", "source": "sum", "sourceHandle": "out", "target": "plot", "targetHandle": "in" }',
        '  ],',
        '  "viewport": { "x": 0, "y": 0, "zoom": 1 }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('gives identical bytes when a file it wrote is loaded and written again', () => {
    const document = diceDocument();
    document.nodes.push(node('k', 'kernel.custom', { label: 'Sobel "x" ✓', params: { values: [[1, 0, -1], [2, 0, -2], [1, 0, -1]] } }));
    document.nodes.push(node('s', 'source.sequence', { params: { values: Array.from({ length: 40 }, (_, i) => Math.sin(i)), start: -20 } }));
    document.meta = { title: 'τ', lesson: [{ text: 'Step 1', nodes: ['sum'] }], extra: { nested: [1, 'two'] } };
    const first = write(document);
    const second = write(reload(first));
    expect(second).toBe(first);
    expect(reload(first)).toEqual(document);
  });

  it('orders keys as the format says, whatever order the document holds them in', () => {
    const shuffled = {
      viewport: { zoom: 2, y: 1, x: 0 },
      edges: [{ targetHandle: 'in', target: 'p', sourceHandle: 'out', source: 's', id: 'e' }],
      nodes: [
        { params: { rate: 8, start: 1, values: [1] }, label: 'L', position: { y: 2, x: 1 }, type: 'source.sequence', id: 's' },
        { type: 'sink.plot', id: 'p' },
      ],
      meta: { description: 'd', title: 't' },
      version: 1,
      format: 'convolab.graph',
    } as unknown as GraphDocument;
    const text = write(shuffled);
    const order = (keys: string[]) => keys.map((key) => text.indexOf(`"${key}":`));
    const increasing = (positions: number[]) => positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]));
    expect(increasing(order(['format', 'version', 'meta', 'nodes', 'edges', 'viewport']))).toBe(true);
    expect(increasing(order(['title', 'description']))).toBe(true);
    expect(increasing(order(['id', 'type', 'position', 'label', 'params']))).toBe(true);
    // params in the definition's order: values, start, rate
    expect(increasing(order(['values', 'start', 'rate']))).toBe(true);
    expect(text).toContain('{ "id": "e", "source": "s", "sourceHandle": "out", "target": "p", "targetHandle": "in" }');
    expect(text).toContain('"viewport": { "x": 0, "y": 1, "zoom": 2 }');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('puts unknown params after the known ones, in their given order', () => {
    const document = doc([node('later', 'op.fromTheFuture', { params: { zeta: 1, alpha: 2 } }), node('s', 'source.sequence', { params: { z: 1, rate: 2, a: 3 } })]);
    const text = write(document);
    expect(text.indexOf('"zeta"')).toBeLessThan(text.indexOf('"alpha"'));
    expect(text.indexOf('"rate"')).toBeLessThan(text.indexOf('"z"'));
    expect(text.indexOf('"z"')).toBeLessThan(text.indexOf('"a"'));
  });

  it('writes numbers in shortest round-trip form', () => {
    const values = [0.1 + 0.2, 1e-7, 5e-324, 1.7976931348623157e308, 123456789012345680000, -0, 2 / 3, 100];
    const text = write(doc([node('s', 'source.sequence', { params: { values } })]));
    expect(text).toContain('"values": [0.30000000000000004, 1e-7, 5e-324, 1.7976931348623157e+308, 123456789012345680000, 0, 0.6666666666666666, 100]');
  });

  it('round-trips every finite double exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 40 }), (values) => {
        const document = doc([node('s', 'source.sequence', { params: { values } })]);
        const back = reload(write(document)).nodes[0].params!.values as number[];
        expect(back).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps small edits to small diffs: a value, a move, a param', () => {
    const document = diceDocument();
    document.nodes.push(node('s', 'source.sequence', { params: { values: Array.from({ length: 100 }, (_, i) => i) } }));
    const before = write(document);

    const edited = structuredClone(document);
    (edited.nodes[4].params!.values as number[])[50] = 0.5;
    expect(changedLines(before, write(edited))).toEqual(['          48, 49, 0.5, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,']);

    const moved = structuredClone(document);
    moved.nodes[1].position = { x: 10, y: 170 };
    expect(changedLines(before, write(moved))).toEqual(['      "position": { "x": 10, "y": 170 }']);

    const changed = structuredClone(document);
    changed.nodes[2].params = { method: 'fft' };
    expect(changedLines(before, write(changed))).toEqual(['        "method": "fft"']);
  });

  it('adds one line for one new edge', () => {
    const document = doc([node('a', 'source.sequence'), node('p', 'sink.plot')], [edge('a', 'p', 'in', 'out', 'e1')]);
    const before = write(document).split('\n');
    const after = write({ ...document, edges: [...document.edges, edge('a', 'p', 'in2', 'out', 'e2')] }).split('\n');
    expect(after.length).toBe(before.length + 1);
    expect(after.filter((line) => !before.includes(line))).toEqual([
      '    { "id": "e1", "source": "a", "sourceHandle": "out", "target": "p", "targetHandle": "in" },',
      '    { "id": "e2", "source": "a", "sourceHandle": "out", "target": "p", "targetHandle": "in2" }',
    ]);
  });

  it('writes empty graphs and empty lists compactly', () => {
    expect(write(doc([]))).toBe('{\n  "format": "convolab.graph",\n  "version": 2,\n  "nodes": [],\n  "edges": []\n}\n');
  });

  describe('a long list', () => {
    /** An array that counts the slices a writer takes of it (each line of numbers is one). */
    class CountingList extends Array<number> {
      slices = 0;
      override slice(start?: number, end?: number): number[] {
        this.slices++;
        return Array.prototype.slice.call(this, start, end) as number[];
      }
    }
    const countingList = (length: number): CountingList => {
      const list = new CountingList();
      for (let i = 0; i < length; i++) list.push(Math.sin(i) * 1000);
      return list;
    };

    it(`of ${KEPT_LIST} numbers or more is written out once while it holds the same numbers`, () => {
      const values = countingList(KEPT_LIST);
      const document = doc([node('s', 'source.sequence', { params: { values } })]);
      const first = write(document);
      expect(values.slices).toBe(KEPT_LIST / NUMBERS_PER_LINE);
      const kernelChanged = { ...document, nodes: [...document.nodes, node('k', 'kernel.gaussian', { params: { sigma: 3 } })] };
      const second = write(kernelChanged);
      expect(values.slices).toBe(KEPT_LIST / NUMBERS_PER_LINE);
      expect(second).toContain(first.slice(first.indexOf('"values"'), first.indexOf(']', first.indexOf('"values"'))));
      expect(reload(second).nodes[0].params!.values).toEqual([...values]);
    });

    it('changed in place is written anew, never from its old text', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(KEPT_LIST - 1), fc.oneof(fc.double({ noDefaultInfinity: true }), fc.constantFrom(-0, 0, NaN))), { minLength: 1, maxLength: 5 }),
          (changes) => {
            const values = Array.from({ length: KEPT_LIST }, (_, i) => i / 7);
            const document = doc([node('s', 'source.sequence', { params: { values } })]);
            write(document);
            for (const [at, value] of changes) values[at] = value;
            const fresh = Array.from(values);
            const expected = write(doc([node('s', 'source.sequence', { params: { values: fresh } })]));
            expect(write(document)).toBe(expected);
          },
        ),
        { numRuns: 100 },
      );
    });

    it('written at two depths (a node, and a node inside a block) is indented for each', () => {
      const values = Array.from({ length: KEPT_LIST }, (_, i) => i);
      const block = { title: 'Seq', nodes: [node('s', 'source.sequence', { params: { values } })], edges: [], inputs: [], outputs: [{ name: 'out', from: { node: 's', handle: 'out' } }] };
      // The same array at the top level and inside a block: one text each, at its own depth.
      const text = write(doc([node('top', 'source.sequence', { params: { values } }), node('b', 'block', { block: 'seq' })], [], { blocks: { seq: block } }));
      const firstLines = text.split('\n').filter((line) => line.trimStart().startsWith('0, 1, 2,'));
      expect(firstLines).toHaveLength(2);
      const indent = (line: string): number => line.length - line.trimStart().length;
      expect(indent(firstLines[1]!)).toBeGreaterThan(indent(firstLines[0]!));
      const back = reload(text);
      expect(back.nodes[0].params!.values).toEqual(values);
      expect(Object.values(back.blocks!)[0]!.nodes[0]!.params!.values).toEqual(values);
    });
  });
});
