import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockKey, groupAsBlock, promoteParam } from '../../src-shared/graph/blocks';
import { BLOCK_TYPE, type GraphDocument } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import { graphTextProblem, LIMITS } from '../../src-shared/graph/schema';
import { canConnect, validateDocument } from '../../src-shared/graph/validate';
import { writeGraph } from '../../src-shared/graph/write';
import { documentSchema } from '../../src-shared/protocol';
import { getNodeDefinition } from '../../src-shared/nodes/registry';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const examplesDir = join(import.meta.dirname, '../../examples');
const exampleFiles = readdirSync(examplesDir).filter((file) => file.endsWith('.convolab.json')).sort();

function load(text: string): GraphDocument {
  const result = loadGraph(text);
  if (!result.ok) throw new Error(result.error);
  return result.document;
}

/** The convolution theorem with its FFT route as a block whose `n` is promoted (both FFTs). */
function withBlock(): { document: GraphDocument; key: string } {
  const theorem = load(readFileSync(join(examplesDir, 'convolution-theorem.convolab.json'), 'utf8'));
  const grouped = groupAsBlock(theorem, ['fftA', 'fftB', 'product', 'back'], { title: 'FFT convolution' });
  if (!grouped.ok) throw new Error(grouped.error);
  let document = promoteParam(grouped.document, 'block1', { node: 'fftA', param: 'n' });
  document = promoteParam(document, 'block1', { node: 'fftB', param: 'n' }, 'n');
  return { document, key: document.nodes.find((node) => node.id === 'block1')!.block! };
}

/** The file of `withBlock` as JSON to break, and the error loading it after `change`. */
function errorAfter(change: (file: Json, key: string) => void): string {
  const { document, key } = withBlock();
  const file = JSON.parse(writeGraph(document)) as Json;
  change(file, key);
  const result = loadGraph(JSON.stringify(file));
  return result.ok ? 'loaded' : result.error;
}

describe('version 3 files', () => {
  it('writes every shipped example without blocks as version 2, byte for byte as it is', () => {
    for (const file of exampleFiles) {
      const text = readFileSync(join(examplesDir, file), 'utf8');
      // The examples made of blocks (fft-convolution-block, ct-reconstruction-block) are version 3.
      if (load(text).blocks !== undefined) continue;
      expect(text).toContain('"version": 2,');
      expect(writeGraph(load(text)), file).toBe(text);
    }
  });

  it('writes a graph with blocks as version 3, blocks after edges and before viewport, and reads it back the same', () => {
    const { document, key } = withBlock();
    const text = writeGraph(document);
    expect(text).toContain('\n  "version": 3,\n');
    const at = (key: string) => text.indexOf(`\n  "${key}": `);
    expect(at('edges')).toBeLessThan(at('blocks'));
    expect(at('blocks')).toBeLessThan(at('viewport'));
    expect(text).toContain(`"type": "block",\n      "block": "${key}",`);
    const again = load(text);
    expect(again).toEqual(document);
    expect(writeGraph(again)).toBe(text);
    expect(graphTextProblem(text)).toBeUndefined();
    expect(documentSchema.safeParse(again).success).toBe(true);
    expect(validateDocument(again)).toEqual([]);
  });

  it('writes only the definitions a block node names, by sorted key', () => {
    const { document, key } = withBlock();
    const other = { ...document.blocks![key]!, title: 'Another' };
    const otherKey = blockKey(other);
    const orphan = { ...document.blocks![key]!, title: 'Nobody uses me' };
    const both: GraphDocument = {
      ...document,
      nodes: [...document.nodes, { id: 'second', type: BLOCK_TYPE, block: otherKey }],
      blocks: { [key]: document.blocks![key]!, orphan, [otherKey]: other },
    };
    const written = JSON.parse(writeGraph(both)) as Json;
    expect(Object.keys(written.blocks)).toEqual([key, otherKey].sort());
  });

  it('is refused by a Convolab that reads version 2 with its "made by a newer Convolab" line', () => {
    const text = writeGraph(withBlock().document);
    expect(loadGraph(text, { currentVersion: 2 })).toMatchObject({ ok: false, error: 'version 3: made by a newer Convolab (this one reads up to 2): update Convolab to open it' });
  });

  it('opens a hand-edited key and re-points its instances to the true key', () => {
    const { document, key } = withBlock();
    const file = JSON.parse(writeGraph(document)) as Json;
    file.blocks = { mine: file.blocks[key] };
    file.nodes.find((node: Json) => node.id === 'block1').block = 'mine';
    const opened = load(JSON.stringify(file));
    expect(Object.keys(opened.blocks!)).toEqual([key]);
    expect(opened.nodes.find((node) => node.id === 'block1')!.block).toBe(key);
  });

  it('says which version a host must write, by whether the graph has blocks', () => {
    const text = writeGraph(withBlock().document);
    expect(graphTextProblem(text.replace('"version": 3', '"version": 2'))).toBe('version 2: a graph with blocks is written as version 3');
    const plain = readFileSync(join(examplesDir, 'two-dice.convolab.json'), 'utf8');
    expect(graphTextProblem(plain)).toBeUndefined();
    expect(graphTextProblem(plain.replace('"version": 2', '"version": 3'))).toBe('version 3: a graph without blocks is written as version 2');
  });
});

describe('a broken or hostile block file is refused with its place', () => {
  const node = (file: Json, id: string) => file.nodes.find((candidate: Json) => candidate.id === id);

  it('names a block only from a block node, and only an existing one', () => {
    expect(errorAfter((file, key) => (file.nodes[0].block = key))).toBe('nodes[0].block: only a node of type "block" names a block (this one is source.sequence)');
    expect(errorAfter((file) => delete node(file, 'block1').block)).toBe('nodes[3].block: missing: a block node names its definition in "blocks"');
    expect(errorAfter((file) => (node(file, 'block1').block = 'bnope'))).toBe('nodes[3].block: no block "bnope" in this file\'s "blocks"');
  });

  it('refuses a block that contains itself (a cycle a hand-edited file claims), naming the keys and what to do', () => {
    const { key } = withBlock();
    expect(errorAfter((file, k) => file.blocks[k].nodes.push({ id: 'inner', type: 'block', block: k }))).toBe(
      `blocks.${key}: the block contains itself (${key} › ${key}): a block cannot be inside itself, so remove the block node that names ${key} from it`,
    );
  });

  it('checks the inner graph by the top level rules, under the block\'s place', () => {
    expect(errorAfter((file, key) => (file.blocks[key].nodes[0].params.n = -4))).toMatch(/^blocks\.b[0-9a-f]{16}\.nodes\[0\]\.params\.n: must be >= ?\d/);
    expect(errorAfter((file, key) => (file.blocks[key].nodes[0].type = 'op.nothing'))).toMatch(/^blocks\.b[0-9a-f]{16}\.nodes\[0\]\.type: unknown node type "op.nothing"$/);
    expect(errorAfter((file, key) => file.blocks[key].edges.push({ id: 'loop', source: 'back', sourceHandle: 'out', target: 'fftA', targetHandle: 'in' }))).toMatch(
      /^blocks\.b[0-9a-f]{16}\.edges\[3\]: cycle fftA -> product -> back -> fftA$/,
    );
  });

  it('checks the ports: ends that exist, inputs not fed inside, names of their own', () => {
    const place = (key: string) => `blocks.${key}`;
    expect(errorAfter((file, key) => (file.blocks[key].inputs[0].to[0].node = 'ghost'))).toMatch(/\.inputs\[0\]\.to\[0\]\.node: no node "ghost" in this block$/);
    const key = withBlock().key;
    expect(errorAfter((file, k) => (file.blocks[k].inputs[0].to[0].handle = 'zz'))).toBe(`${place(key)}.inputs[0].to[0].handle: node fftA has no input "zz" (it has in)`);
    expect(errorAfter((file, k) => (file.blocks[k].inputs[0].to = [{ node: 'product', handle: 'a' }]))).toBe(
      `${place(key)}.inputs[0].to[0]: product.a is fed inside the block (edges[0]): a port cannot feed it too`,
    );
    expect(errorAfter((file, k) => (file.blocks[k].outputs[0].from.handle = 'x'))).toBe(`${place(key)}.outputs[0].from.handle: node product has no output "x" (it has out)`);
    expect(errorAfter((file, k) => (file.blocks[k].inputs[1].name = 'in'))).toBe(`${place(key)}.inputs[1].name: "in" is also the name of inputs[0]: a block's inputs need names of their own`);
    expect(errorAfter((file, k) => (file.blocks[k].inputs[0].name = ''))).toBe(`${place(key)}.inputs[0].name: must not be empty`);
    expect(errorAfter((file, k) => (file.blocks[k].outputs[0].extra = 1))).toBe(`${place(key)}.outputs[0].extra: unknown key (an output port has name, from)`);
  });

  it('checks promoted params: binds that exist, of one kind', () => {
    const { key } = withBlock();
    expect(errorAfter((file, k) => file.blocks[k].params[0].bind.push({ node: 'back', param: 'nothing' }))).toMatch(
      new RegExp(`^blocks\\.${key}\\.params\\[0\\]\\.bind\\[2\\]\\.param: node back has no param "nothing" \\(it has `),
    );
    expect(errorAfter((file, k) => (file.blocks[k].params[0].bind[1].param = 'size'))).toBe(
      `blocks.${key}.params[0].bind[1]: fftB.size is a enum param but fftA.n is a number: a promoted param binds params of one kind`,
    );
  });

  it('checks a block node\'s params (promoted names only, values by the bound param\'s rules) and its wires (port names, types)', () => {
    expect(errorAfter((file) => (node(file, 'block1').params = { sigma: 1 }))).toBe('nodes[3].params.sigma: unknown param for block (it has n)');
    expect(errorAfter((file) => (node(file, 'block1').params = { n: -4 }))).toMatch(/^nodes\[3\]\.params\.n: must be >= ?\d/);
    expect(errorAfter((file) => (file.edges.find((edge: Json) => edge.target === 'block1').targetHandle = 'zz'))).toMatch(
      /^edges\[\d+\]\.targetHandle: node block1 has no input "zz" \(it has in, in2\)$/,
    );
    // The block's first output carries the product (a spectrum); the plot takes signals.
    expect(
      errorAfter((file) => {
        const edge = file.edges.find((candidate: Json) => candidate.source === 'block1' && candidate.target === 'plot');
        edge.sourceHandle = 'out';
      }),
    ).toMatch(/^edges\[\d+\]: plot(\.in2|'s .* input \(in2\)) takes a signal, but block1\.out gives a spectrum$/);
  });

  it('keeps "/" for the nodes inside blocks', () => {
    expect(
      errorAfter((file) => {
        node(file, 'a').id = 'x/a';
        for (const edge of file.edges) if (edge.source === 'a') edge.source = 'x/a';
        for (const step of file.meta.lesson) if (step.nodes) step.nodes = step.nodes.map((id: string) => (id === 'a' ? 'x/a' : id));
      }),
    ).toBe('nodes[0].id: "x/a" contains "/", which a graph with blocks keeps for the nodes inside blocks: rename it');
    expect(errorAfter((file, key) => (file.blocks[key].nodes[2].id = 'p/q'))).toMatch(/^blocks\.b[0-9a-f]{16}\.nodes\[2\]\.id: "p\/q" contains "\/"/);
  });

  it(`refuses more than ${LIMITS.blocks} definitions`, () => {
    expect(
      errorAfter((file, key) => {
        for (let k = 0; k <= LIMITS.blocks; k++) file.blocks[`extra${k}`] = { ...file.blocks[key], title: `copy ${k}` };
      }),
    ).toBe(`blocks: too many entries (${LIMITS.blocks + 2}; the limit is ${LIMITS.blocks})`);
  });

  it('refuses 1,000 instances of a 10,000-node block by counting, before checking any node', () => {
    const inner = Array.from({ length: LIMITS.nodes }, (_, i) => ({ id: `n${i}`, type: 'source.sequence', params: { values: [1] } }));
    // A broken param deep inside: a check that walked the block would report it instead.
    inner[LIMITS.nodes - 1]!.params = { values: 'x' as unknown as number[] };
    const instances = Array.from({ length: 1000 }, (_, i) => ({ id: `i${i}`, type: 'block', block: 'bomb' }));
    const text = JSON.stringify({
      format: 'convolab.graph',
      version: 3,
      nodes: instances,
      edges: [],
      blocks: { bomb: { title: 'bomb', nodes: inner, edges: [], inputs: [], outputs: [] } },
    });
    let lookups = 0;
    const definitions = (type: string) => (lookups++, getNodeDefinition(type));
    const result = loadGraph(text, { definitions });
    expect(result).toMatchObject({
      ok: false,
      error: 'nodes: with its 1000 block instances expanded this graph has 10000000 nodes (the limit is 10000): use fewer instances or smaller blocks',
    });
    expect(lookups).toBeLessThan(LIMITS.nodes);
  });
});

describe('canConnect through a block node', () => {
  it('knows its ports, which are free and what they carry', () => {
    const { document: grouped } = withBlock();
    const document: GraphDocument = { ...grouped, nodes: [...grouped.nodes, { id: 'extra', type: 'sink.plot' }] };
    const connect = (sourceHandle: string) => canConnect(document, { source: 'block1', sourceHandle, target: 'extra', targetHandle: 'in' });
    expect(connect('out2')).toEqual({ ok: true });
    expect(connect('out')).toEqual({ ok: false, reason: 'extra.in takes a signal, but block1.out gives a spectrum: for a spectrum use Spectrum plot (sink.spectrum)' });
    expect(connect('nope')).toEqual({ ok: false, reason: 'block1 has no output nope' });
    expect(canConnect(document, { source: 'b', sourceHandle: 'out', target: 'block1', targetHandle: 'in' })).toMatchObject({ ok: false, reason: expect.stringContaining('block1.in already takes a.out') });
  });
});

describe('docs/blocks.md', () => {
  it('shows a file that opens, and a message as the loader words it', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/blocks.md'), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const opened = load(example);
    const key = opened.nodes.find((node) => node.id === 'conv1')!.block!;
    expect(key).toBe(blockKey(opened.blocks![key]!));
    expect(validateDocument(opened)).toEqual([]);
    const file = JSON.parse(example) as Json;
    file.blocks.b0a1b2c3d4e5f6a7b.nodes[0].params.n = -4;
    const quoted = /`(blocks\.b0a1b2c3d4e5f6a7b\.nodes\[0\]\.params\.n: [^`]*)`/.exec(doc)![1];
    expect(loadGraph(JSON.stringify(file))).toMatchObject({ ok: false, error: quoted });
  });
});

describe('a block holding a node of a type this Convolab does not know', () => {
  it('opens with allowUnknownTypes, its ports open to any wire, and warns at the inner place', () => {
    const { document, key } = withBlock();
    const file = JSON.parse(writeGraph(document)) as Json;
    file.blocks[key].nodes[0].type = 'op.fromTheFuture';
    expect(loadGraph(JSON.stringify(file))).toMatchObject({ ok: false, error: `blocks.${key}.nodes[0].type: unknown node type "op.fromTheFuture"` });
    const opened = loadGraph(JSON.stringify(file), { allowUnknownTypes: true });
    expect(opened).toMatchObject({ ok: true, warnings: [`blocks.${key}.nodes[0].type: unknown node type "op.fromTheFuture": kept as a placeholder that does not run`] });
  });
});

describe('any value anywhere in a file with blocks', () => {
  /** Every place in `root` that holds a value, as holder and key. */
  function slots(root: unknown): { holder: Record<string | number, unknown>; key: string | number }[] {
    const found: { holder: Record<string | number, unknown>; key: string | number }[] = [];
    const walk = (value: unknown): void => {
      if (value === null || typeof value !== 'object') return;
      for (const key of Object.keys(value)) {
        found.push({ holder: value as Record<string, unknown>, key });
        walk((value as Record<string, unknown>)[key]);
      }
    };
    walk(root);
    return found;
  }

  it('opens to a valid graph that writes back the same, or is refused in located lines, never throwing', () => {
    const text = writeGraph(withBlock().document);
    fc.assert(
      fc.property(fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('block', 'bnope', 'a/b', '', 'fftA', 'in', 'n', -1, 0, 1e9)), (pick, replacement) => {
        const file = JSON.parse(text) as Json;
        // Most of the places to break are the block's: pick among them twice as often.
        const places = slots(file);
        const inBlocks = slots(file.blocks);
        const slot = pick % 3 === 0 ? places[pick % places.length]! : inBlocks[pick % inBlocks.length]!;
        slot.holder[slot.key] = replacement;
        const result = loadGraph(JSON.stringify(file));
        if (result.ok) {
          expect(validateDocument(result.document)).toEqual([]);
          const written = writeGraph(result.document);
          expect(writeGraph(load(written))).toBe(written);
        } else {
          expect(result.error).not.toContain('\n');
          expect(result.error).toMatch(/^[A-Za-z"[]/);
          expect(result.errors[0]).toBe(result.error);
        }
      }),
      { numRuns: 300 },
    );
  });
});
