import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportPython, pythonIdentifiers, pythonLiteral, pythonString } from '../../src-shared/export/python';
import { PYTHON_HELPERS } from '../../src-shared/export/python-helpers';
import { NOT_PORTED, PYTHON_NODES } from '../../src-shared/export/python-nodes';
import type { GraphDocument } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import { writeGraph } from '../../src-shared/graph/write';
import { getNodeDefinition, nodeTypes } from '../../src-shared/nodes/registry';

function load(text: string): GraphDocument {
  const loaded = loadGraph(text);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.document;
}

function example(name: string): GraphDocument {
  return load(readFileSync(`examples/${name}.convolab.json`, 'utf8'));
}

/** Reads a Python string literal as Python would (the escapes pythonString writes, and no others). */
function readPythonString(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  return literal.slice(1, -1).replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|["\\])/g, (_all, escape: string) =>
    escape === '"' || escape === '\\' ? escape : String.fromCodePoint(parseInt(escape.slice(1), 16)),
  );
}

/** A document of these nodes and links (edges e0, e1, …). */
function documentOf(nodes: GraphDocument['nodes'], links: [string, string, string, string][]): GraphDocument {
  return load(
    JSON.stringify({
      format: 'convolab.graph',
      version: 2,
      nodes,
      edges: links.map(([source, sourceHandle, target, targetHandle], i) => ({ id: `e${i}`, source, sourceHandle, target, targetHandle })),
    }),
  );
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

describe('export as Python', () => {
  it('writes the same script for the same graph, and for the graph saved and read back', () => {
    for (const file of readdirSync('examples').filter((name) => name.endsWith('.convolab.json'))) {
      const document = load(readFileSync(`examples/${file}`, 'utf8'));
      const first = exportPython(document, file).text;
      expect(exportPython(document, file).text, file).toBe(first);
      expect(exportPython(load(writeGraph(document)), file).text, file).toBe(first);
    }
  });

  it('gives each node type a function whose parameters are its input ports, then its params, in the definition\'s order', () => {
    for (const [type, entry] of Object.entries(PYTHON_NODES)) {
      const definition = getNodeDefinition(type);
      expect(definition, type).toBeDefined();
      const signature = /^def (\w+)\(([^)]*)\):/.exec(entry.source);
      expect(signature?.[1], type).toBe(entry.name);
      const parameters = signature![2]!.split(',').map((part) => part.trim().replace(/=.*$/, '')).filter((part) => part !== '');
      const ports = definition!.inputs.map((port) => (port.id === 'in' ? 'in_' : port.id));
      const params = definition!.category === 'sink' ? [] : definition!.params.map((param) => param.name);
      expect(parameters, type).toEqual([...ports, ...params]);
      for (const need of entry.needs) expect(PYTHON_HELPERS[need], `${type} needs ${need}`).toBeDefined();
    }
    for (const [name, helper] of Object.entries(PYTHON_HELPERS)) {
      expect(helper.source, name).toMatch(new RegExp(`^(@dataclass\\n)?(def|class) ${name}\\b`));
      for (const need of helper.needs) expect(PYTHON_HELPERS[need], `${name} needs ${need}`).toBeDefined();
    }
  });

  it('ports every node type or says why not, so a new node type needs a decision', () => {
    for (const type of nodeTypes()) expect(PYTHON_NODES[type] !== undefined || NOT_PORTED[type] !== undefined, type).toBe(true);
    for (const type of Object.keys(NOT_PORTED)) expect(PYTHON_NODES[type], type).toBeUndefined();
  });

  it('has every node type it ports exercised by an example or the coverage graph the CLI test runs', () => {
    const coverage = load(readFileSync('test/fixtures/python-export/coverage.convolab.json', 'utf8'));
    expect(exportPython(coverage).unsupported).toEqual([]);
    const used = new Set(coverage.nodes.map((node) => node.type));
    for (const file of readdirSync('examples').filter((name) => name.endsWith('.convolab.json'))) {
      for (const node of load(readFileSync(`examples/${file}`, 'utf8')).nodes) used.add(node.type);
    }
    expect(Object.keys(PYTHON_NODES).filter((type) => !used.has(type))).toEqual([]);
  });

  it('emits each function once and one line per node, in the order the engine runs them', () => {
    const { text, unsupported } = exportPython(example('two-dice'), 'two-dice.convolab.json');
    expect(unsupported).toEqual([]);
    expect(text.match(/^def source_dice\(/gm)).toHaveLength(1);
    expect(text.match(/^def op_sample\(/gm)).toHaveLength(1);
    const body = text.slice(text.indexOf('def run_graph'), text.indexOf('    return sinks'));
    const calls = body.split('\n').filter((line) => /^ {4}\S/.test(line) && !line.trimStart().startsWith('#') && !line.includes('"""') && line.trim() !== 'sinks = {}');
    expect(calls).toEqual([
      '    dieA = source_dice(faces=6, weights=None)',
      '    dieB = source_dice(faces=6, weights=None)',
      '    sum = op_convolve(dieA, dieB, method="direct", mode="full", boundary="zero", stride=1, integral=False)',
      '    sinks["plot"] = sink_plot(sum)',
      '    p7 = op_sample(sum, index=7)',
      '    sixth = source_sequence(values=[0.16666666666666666], start=0, rate=1)',
      '    expected = op_sample(sixth, index=0)',
      '    check_ = op_compare(p7, expected, tolerance=1e-12)',
      '    sinks["table"] = sink_value(check_)',
    ]);
    const functions = [...text.matchAll(/^def ((source|kernel|op|sink)_\w+)\(/gm)].map((match) => match[1]);
    expect(functions).toEqual(['source_dice', 'op_convolve', 'sink_plot', 'op_sample', 'source_sequence', 'op_compare', 'sink_value']);
  });

  it('names every node it cannot compute, and the script raises NotImplementedError there', () => {
    const { text, unsupported } = exportPython(example('ct-3d-sparse'), 'ct-3d-sparse.convolab.json');
    expect(unsupported.map((node) => node.id)).toEqual(['phantom', 'fullScan', 'fullFdk', 'sparseScan', 'sparseFdk', 'unet', 'dc']);
    expect(text).toContain('    phantom = not_exported("phantom", "source.phantom3d", ');
    expect(text).toMatch(/raise NotImplementedError\(f"node \{node!r\} \(\{node_type\}\): \{reason\}"\)/);
    // Convolab passes a function extra arguments it ignores; the port does not guess.
    const expression = exportPython(documentOf([{ id: 'f', type: 'source.function', params: { shape: 'expression', expression: 'sin(t, 2)' } }, { id: 'p', type: 'sink.plot' }], [['f', 'out', 'p', 'in']]));
    expect(expression.unsupported).toEqual([{ id: 'f', type: 'source.function', reason: 'expression: sin with 2 arguments has no numpy form here' }]);
    const jpeg = exportPython(documentOf([{ id: 'photo', type: 'source.image', params: { path: 'cat.JPG' } }, { id: 'v', type: 'sink.image' }], [['photo', 'out', 'v', 'in']]));
    expect(jpeg.unsupported).toEqual([{ id: 'photo', type: 'source.image', reason: 'reading JPEG needs an image library beyond numpy and scipy, so it is not ported' }]);
  });

  it('gives an adaptive kernel the dims the engine runs it with', () => {
    const document = documentOf(
      [
        { id: 'x', type: 'source.sequence' },
        { id: 'k', type: 'kernel.gaussian', params: { sigma: 1 } },
        { id: 'c', type: 'op.convolve' },
        { id: 'image', type: 'source.testImage', params: { size: 8 } },
        { id: 'k2', type: 'kernel.box' },
        { id: 'c2', type: 'op.convolve' },
        { id: 'p', type: 'sink.plot' },
        { id: 'v', type: 'sink.image' },
      ],
      [['x', 'out', 'c', 'a'], ['k', 'out', 'c', 'b'], ['c', 'out', 'p', 'in'], ['image', 'out', 'c2', 'a'], ['k2', 'out', 'c2', 'b'], ['c2', 'out', 'v', 'in']],
    );
    const { text } = exportPython(document);
    expect(text).toContain('    k = kernel_gaussian(dims=1, sigma=1, radius=0, normalize=True)');
    expect(text).toContain('    k2 = kernel_box(dims=2, size=3)');
  });

  it('holds a sink computed from images to float32 agreement and the rest to 1e-9', () => {
    const { text } = exportPython(example('ct-reconstruction'));
    expect(text).toContain('    "reconView": ("reconView", 0.00001),');
    expect(text).toContain('    "table": ("table", 0.00001),'); // compares the float32 phantom with the reconstruction
    expect(text).toContain('    "rampPlot": ("rampPlot", 1e-9),');
  });
});

describe('what the file says never becomes code', () => {
  it('writes any text as a printable-ASCII Python string literal that reads back as the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const literal = pythonString(text);
        expect(literal).toMatch(/^"([\x20-\x7e])*"$/);
        // Every quote inside is escaped, so the literal ends where it says.
        expect(literal.slice(1, -1).replace(/\\\\/g, '')).not.toMatch(/(^|[^\\])"/);
        expect(readPythonString(literal)).toBe(text);
      }),
      { numRuns: 500 },
    );
    expect(pythonString('a"b\\c\nd\u2028e\u{1F600}')).toBe('"a\\"b\\\\c\\x0ad\\u2028e\\U0001f600"');
  });

  it('writes an expression as numpy code made only of numbers, t and a fixed vocabulary, with the text beside it as a comment', () => {
    const texts = ['exp(-t) * (t >= 0)', '2t^2 % 3 + (t > 0.5 ? sin(pi*t) : e)', 'min(t, 1, -t) + hypot(t, 2) + round(t) + sinc(t) + mod(t, 2)', 'sqrt(-1) + 1e300 * 1e300'];
    for (const text of texts) {
      const { text: script } = exportPython(documentOf([{ id: 'f', type: 'source.function', params: { shape: 'expression', expression: text } }, { id: 'p', type: 'sink.plot' }], [['f', 'out', 'p', 'in']]));
      const line = script.split('\n').find((row) => row.startsWith('    f = source_function('))!;
      const code = /expression=lambda t: (.*), t0=/.exec(line)![1]!;
      const words = new Set(code.replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/g, '0').match(/[A-Za-z_][A-Za-z0-9_.]*/g));
      for (const word of words) expect(word, text).toMatch(/^(t|np\.\w+|math\.(pi|e|inf|nan))$/);
      expect(script).toContain(`    # expression: ${text}\n${line}`);
    }
  });

  it('writes params as Python literals', () => {
    expect(pythonLiteral([1, -2.5, 1e-9])).toBe('[1, -2.5, 1e-9]');
    expect(pythonLiteral([[1, 2], [3, 4]])).toBe('[[1, 2], [3, 4]]');
    expect(pythonLiteral(true)).toBe('True');
    expect(pythonLiteral(undefined)).toBe('None');
    expect(pythonLiteral('x"); import os; ("')).toBe('"x\\"); import os; (\\""');
  });

  it('turns ids into distinct identifiers that are no keyword and hide no name the script uses', () => {
    const ids = ['a-b', 'a_b', 'a b', '2x', '', 'class', 'np', 'sinks', 'op_convolve', 'Signal', 'run_graph', 'é', 'x"); import os; ("', 'lambda'];
    const names = pythonIdentifiers(ids);
    const values = ids.map((id) => names.get(id)!);
    expect(new Set(values).size).toBe(ids.length);
    for (const name of values) expect(name).toMatch(IDENTIFIER);
    for (const taken of ['class', 'np', 'sinks', 'op_convolve', 'Signal', 'run_graph', 'lambda']) expect(values).not.toContain(taken);
    expect(names.get('a-b')).toBe('a_b');
    expect(names.get('a_b')).toBe('a_b_2');
    expect(names.get('2x')).toBe('node_2x');
  });

  it('keeps hostile ids, labels and titles inside string literals and escaped comments', () => {
    const hostile = 'x"); __import__("os").system("touch pwned"); ("';
    const document = documentOf(
      [
        { id: hostile, type: 'source.sequence', label: 'label\nimport os\u2028os.system("x")' },
        { id: `${hostile}\\`, type: 'sink.plot', label: '"""' },
      ],
      [[hostile, 'out', `${hostile}\\`, 'in']],
    );
    const withTitle = { ...document, meta: { title: 'T"""\nimport os' } };
    const { text } = exportPython(withTitle, 'evil"""\n.convolab.json');
    const body = text.slice(text.indexOf('def run_graph'), text.indexOf('    return sinks'));
    const lines = body.split('\n').slice(3, -1);
    expect(lines).toEqual([
      '    # label\\u000Aimport os\\u2028os.system("x")',
      `    x______import____os___system__touch_pwned______ = source_sequence(values=[1, 2, 3], start=0, rate=1)`,
      '    # """',
      `    sinks[${pythonString(`${hostile}\\`)}] = sink_plot(x______import____os___system__touch_pwned______)`,
    ]);
    expect(text).toContain(`TITLE = ${pythonString('T"""\nimport os')}`);
    expect(text.split('\n')[1]).toBe('"""evil____.convolab.json, exported from Convolab as a numpy/scipy script.');
    // Nothing of the hostile text appears outside a literal or a comment.
    expect(text.split('\n').filter((line) => line.includes('system(') && !line.trimStart().startsWith('#') && !line.includes('\\"'))).toEqual([]);
  });
});
