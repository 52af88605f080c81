import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockDefinitionOf,
  blockKey,
  canonicalJson,
  groupedBlockTitle,
  editBlockContent,
  groupAsBlock,
  movePort,
  portsOf,
  promoteParam,
  renamePort,
  ungroupBlock,
  unpromoteParam,
  withBlocksNormalised,
} from '../../src-shared/graph/blocks';
import { BLOCK_TYPE, type BlockDefinition, type GraphDocument, type GraphEdge } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import { validateDocument } from '../../src-shared/graph/validate';
import { getNodeDefinition } from '../../src-shared/nodes/registry';

const examplesDir = join(import.meta.dirname, '../../examples');
const EXAMPLES: readonly { name: string; document: GraphDocument }[] = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.convolab.json'))
  .sort()
  .map((file) => {
    const loaded = loadGraph(readFileSync(join(examplesDir, file), 'utf8'));
    if (!loaded.ok) throw new Error(`${file}: ${loaded.error}`);
    return { name: file, document: loaded.document };
  })
  // Examples made of blocks are left out here: grouping blocks again is blocks-nesting.test.ts's.
  .filter((entry) => entry.document.blocks === undefined);

/** The key of the block node a grouping made. */
function blockDefinitionKey(result: { document: GraphDocument; node: string }): string {
  return result.document.nodes.find((node) => node.id === result.node)!.block!;
}

function example(name: string): GraphDocument {
  return EXAMPLES.find((entry) => entry.name === `${name}.convolab.json`)!.document;
}

function grouped(document: GraphDocument, ids: string[], options: { title?: string; id?: string } = {}): { document: GraphDocument; node: string } {
  const result = groupAsBlock(document, ids, options);
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** The FFT route of the 1-D convolution theorem as a block (two FFTs, the product, the IFFT). */
function fftRoute(): { document: GraphDocument; node: string } {
  return grouped(example('convolution-theorem'), ['fftA', 'fftB', 'product', 'back'], { title: 'FFT convolution' });
}

/** The picked nodes and every node on a path from one to another: what a block of them must hold. */
function hull(document: GraphDocument, picked: readonly string[]): string[] {
  const reach = (from: readonly string[], forward: boolean): Set<string> => {
    const seen = new Set<string>();
    const queue = [...from];
    for (let k = 0; k < queue.length; k++) {
      for (const edge of document.edges) {
        const [here, there] = forward ? [edge.source, edge.target] : [edge.target, edge.source];
        if (here === queue[k] && !seen.has(there)) {
          seen.add(there);
          queue.push(there);
        }
      }
    }
    return seen;
  };
  const below = reach(picked, true);
  const above = reach(picked, false);
  return document.nodes.map((node) => node.id).filter((id) => picked.includes(id) || (below.has(id) && above.has(id)));
}

const wiring = (edges: readonly GraphEdge[], rename: (id: string) => string = (id) => id): string[] =>
  edges.map((edge) => `${rename(edge.source)}.${edge.sourceHandle}->${rename(edge.target)}.${edge.targetHandle}`).sort();

describe('blockKey', () => {
  const definition = (): BlockDefinition => structuredClone(blockDefinitionOf(fftRoute().document, 'block1')!);

  it('is "b" and the first 16 hex digits of the SHA-256 of the sorted-key JSON', () => {
    const block = definition();
    const canonical = canonicalJson(block);
    expect(JSON.parse(canonical)).toEqual(block);
    expect(blockKey(block)).toBe('b' + createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 16));
  });

  it('does not depend on the order keys were written in', () => {
    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).reverse().map(([key, entry]) => [key, reversed(entry)]));
    };
    const block = definition();
    expect(JSON.stringify(reversed(block))).not.toBe(JSON.stringify(block));
    expect(blockKey(reversed(block) as BlockDefinition)).toBe(blockKey(block));
  });

  it('changes with any change of content: a param, a position, a title, a port name or order', () => {
    const base = definition();
    const key = blockKey(base);
    const changes: ((block: BlockDefinition) => void)[] = [
      (block) => (block.nodes[0]!.params = { ...block.nodes[0]!.params, n: 32 }),
      (block) => (block.nodes[1]!.position = { x: block.nodes[1]!.position!.x + 1, y: block.nodes[1]!.position!.y }),
      (block) => (block.title = 'Fast convolution'),
      (block) => (block.inputs[0]!.name = 'x'),
      (block) => block.inputs.reverse(),
      (block) => (block.description = 'FFT both, multiply, IFFT'),
    ];
    const keys = changes.map((change) => {
      const block = definition();
      change(block);
      return blockKey(block);
    });
    for (const other of keys) expect(other).not.toBe(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('differs for random distinct contents and agrees for equal ones', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (x, y) => {
        const a = definition();
        const b = definition();
        a.nodes[0]!.position = { x, y };
        b.nodes[0]!.position = { x, y };
        expect(blockKey(a)).toBe(blockKey(b));
        b.nodes[0]!.position = { x, y: y + 1 === y ? y * 2 + 1 : y + 1 };
        expect(blockKey(a)).not.toBe(blockKey(b));
      }),
      { numRuns: 50 },
    );
  });
});

describe('groupAsBlock and ungroupBlock', () => {
  it('titles a new block by what it holds, in the order data flows, until the user names it', () => {
    const theorem = example('convolution-theorem');
    const pick = (ids: string[]) => ids.map((id) => theorem.nodes.find((node) => node.id === id)!);
    // Listed against the flow (the IFFT first): the title still reads from source to sink.
    expect(groupedBlockTitle(theorem, pick(['back', 'product', 'fftB', 'fftA']))).toBe('FFT ×2 + Multiply + Inverse FFT');
    expect(grouped(theorem, ['fftA', 'fftB']).document.blocks![blockDefinitionKey(grouped(theorem, ['fftA', 'fftB']))]!.title).toBe('FFT ×2');
    // More than three kinds: the first three, and an ellipsis.
    expect(groupedBlockTitle(theorem, pick(['a', 'fftA', 'product', 'back', 'plot']))).toBe('Sequence + FFT + Multiply + …');
    // A block inside is named by its own title; a title given wins.
    const route = grouped(theorem, ['fftA', 'fftB', 'product', 'back'], { title: 'FFT convolution', id: 'route' });
    const outer = grouped(route.document, ['a', 'route'], { id: 'outer' });
    expect(blockDefinitionOf(outer.document, 'outer')!.title).toBe('Sequence + FFT convolution');
  });

  it('collapses the FFT route into one block node with a port per crossing wire', () => {
    const before = example('convolution-theorem');
    const { document, node } = fftRoute();
    const block = document.nodes.find((candidate) => candidate.id === node)!;
    expect(block.type).toBe(BLOCK_TYPE);
    expect(document.nodes.map((candidate) => candidate.id)).toEqual(['a', 'b', 'direct', 'block1', 'spectrum', 'plot', 'check', 'table']);
    const definition = blockDefinitionOf(document, block)!;
    expect(Object.keys(document.blocks!)).toEqual([block.block]);
    expect(block.block).toBe(blockKey(definition));
    // a → fftA.in and b → fftB.in cross in; product → spectrum and back → plot, check cross out.
    expect(definition.inputs).toEqual([
      { name: 'in', to: [{ node: 'fftA', handle: 'in' }] },
      { name: 'in2', to: [{ node: 'fftB', handle: 'in' }] },
    ]);
    expect(definition.outputs).toEqual([
      { name: 'out', from: { node: 'product', handle: 'out' } },
      { name: 'out2', from: { node: 'back', handle: 'out' } },
    ]);
    expect(wiring(document.edges)).toEqual(
      [
        'a.out->direct.a',
        'b.out->direct.b',
        'a.out->block1.in',
        'b.out->block1.in2',
        'block1.out->spectrum.in',
        'direct.out->plot.in',
        'block1.out2->plot.in2',
        'direct.out->check.a',
        'block1.out2->check.b',
        'check.out->table.in',
      ].sort(),
    );
    expect(wiring(definition.edges)).toEqual(['fftA.out->product.a', 'fftB.out->product.b', 'product.out->back.in'].sort());
    // The block stands at the centre of what it replaced.
    const positions = before.nodes.filter((candidate) => ['fftA', 'fftB', 'product', 'back'].includes(candidate.id)).map((candidate) => candidate.position!);
    expect(block.position).toEqual({
      x: (Math.min(...positions.map((p) => p.x)) + Math.max(...positions.map((p) => p.x))) / 2,
      y: (Math.min(...positions.map((p) => p.y)) + Math.max(...positions.map((p) => p.y))) / 2,
    });
  });

  it('makes one port of an outer output that feeds several selected inputs', () => {
    const before = example('convolution-theorem');
    const { document } = grouped(before, ['direct', 'fftA']);
    const definition = blockDefinitionOf(document, 'block1')!;
    expect(definition.inputs).toEqual([
      { name: 'a', to: [{ node: 'direct', handle: 'a' }, { node: 'fftA', handle: 'in' }] },
      { name: 'b', to: [{ node: 'direct', handle: 'b' }] },
    ]);
    expect(document.edges.filter((edge) => edge.target === 'block1').map((edge) => `${edge.source}->${edge.targetHandle}`)).toEqual(['a->a', 'b->b']);
  });

  it('gives each port the type of its inner end', () => {
    const { document } = fftRoute();
    const fft = getNodeDefinition('op.fft')!;
    const ports = portsOf(document, 'block1')!;
    expect(ports.inputs.map((port) => port.name)).toEqual(['in', 'in2']);
    expect(fft.inputs[0]!.types).toHaveLength(1);
    expect(ports.inputs.map((port) => port.type)).toEqual([fft.inputs[0]!.types[0], fft.inputs[0]!.types[0]]);
    expect(ports.outputs[0]!.type).toBe(fft.outputs[0]!.types[0]);
    expect(portsOf(document, 'a')).toBeUndefined();
  });

  it('leaves the type of an output open when a kernel inside adapts to what the block meets outside', () => {
    // Flat, the Gaussian (dims auto) takes 1-D from the signal it is convolved with; inside the
    // block nothing asks it, so only the signal outside can decide, and the plot must be allowed.
    const flat: GraphDocument = {
      format: 'convolab.graph',
      version: 3,
      nodes: [
        { id: 'x', type: 'source.sequence', params: { values: [1, 2, 3] } },
        { id: 'gauss', type: 'kernel.gaussian' },
        { id: 'smooth', type: 'op.convolve' },
        { id: 'plot', type: 'sink.plot' },
      ],
      edges: [
        { id: 'e1', source: 'x', sourceHandle: 'out', target: 'smooth', targetHandle: 'a' },
        { id: 'e2', source: 'gauss', sourceHandle: 'out', target: 'smooth', targetHandle: 'b' },
        { id: 'e3', source: 'smooth', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
      ],
    };
    expect(validateDocument(flat)).toEqual([]);
    const { document } = grouped(flat, ['gauss', 'smooth']);
    expect(validateDocument(document)).toEqual([]);
    expect(portsOf(document, 'block1')!.outputs).toEqual([{ name: 'out' }]);
  });

  it('moves the reroute points of wires inside into the block and brings them back in place', () => {
    const theorem = example('convolution-theorem');
    const points = { e8: [{ x: 700, y: 200 }, { x: 720, y: 260 }], e10: [{ x: 900, y: 100 }], e1: [{ x: 200, y: -100 }] };
    const before: GraphDocument = { ...theorem, meta: { ...theorem.meta, reroutes: points } };
    const group = grouped(before, ['fftA', 'fftB', 'product', 'back']);
    const selected = before.nodes.filter((node) => ['fftA', 'fftB', 'product', 'back'].includes(node.id));
    const corner = { x: Math.min(...selected.map((node) => node.position!.x)), y: Math.min(...selected.map((node) => node.position!.y)) };
    expect(blockDefinitionOf(group.document, 'block1')!.meta).toEqual({ reroutes: { e8: points.e8.map((p) => ({ x: p.x - corner.x, y: p.y - corner.y })) } });
    // A wire outside keeps its points; one that now ends at the block loses them (its path changed).
    expect(group.document.meta!.reroutes).toEqual({ e1: points.e1 });
    const back = ungroupBlock(group.document, 'block1');
    expect(back.ok && back.document.meta!.reroutes).toEqual({ e1: points.e1, e8: points.e8 });
  });

  it('refuses an empty selection and an unknown node, leaving the graph as it was; a block node in the selection nests', () => {
    const document = fftRoute().document;
    expect(groupAsBlock(document, [])).toEqual({ ok: false, error: 'select at least one node to group as a block' });
    expect(groupAsBlock(document, ['nope'])).toMatchObject({ ok: false, error: expect.stringContaining('nope') });
    const nested = groupAsBlock(document, ['block1', 'a']);
    if (!nested.ok) throw new Error(nested.error);
    const outer = nested.document.blocks![nested.document.nodes.find((node) => node.id === nested.node)!.block!]!;
    expect(outer.nodes.map((node) => node.type)).toEqual(['source.sequence', 'block']);
    expect(validateDocument(nested.document)).toEqual([]);
  });

  it('names the block in lesson steps that named a grouped node, and ungrouping names the nodes again', () => {
    const before = example('convolution-theorem');
    const { document } = fftRoute();
    const lesson = document.meta!.lesson!;
    expect(lesson[1]!.nodes).toEqual(['block1']);
    expect(lesson[2]!.nodes).toEqual(['block1', 'spectrum']);
    const back = ungroupBlock(document, 'block1');
    expect(back.ok && back.document.meta!.lesson![1]!.nodes).toEqual(['fftA', 'fftB', 'product', 'back']);
    expect(before.meta!.lesson![1]!.nodes).toEqual(['fftA', 'fftB']);
  });

  it('group then ungroup restores an equivalent graph, over random selections of every shipped example', () => {
    const arbitrary = fc.integer({ min: 0, max: EXAMPLES.length - 1 }).chain((index) =>
      fc.tuple(fc.constant(index), fc.subarray(EXAMPLES[index]!.document.nodes.map((node) => node.id), { minLength: 1 })),
    );
    fc.assert(
      fc.property(arbitrary, ([index, picked]) => {
        const before = EXAMPLES[index]!.document;
        // What lies on a path from a picked node to a picked node must go into the block too,
        // or the block would feed itself; grouping the picked nodes alone is refused, naming one.
        const selection = hull(before, picked);
        if (selection.length > picked.length) {
          const refused = groupAsBlock(before, picked);
          expect(refused.ok).toBe(false);
          const culprit = !refused.ok ? refused.error.split(' ')[0]! : '';
          expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('takes from the selection and feeds it back') });
          expect(selection.filter((id) => !picked.includes(id))).toContain(culprit);
        }
        const group = grouped(before, selection);
        expect(validateDocument(group.document)).toEqual([]);
        const definition = blockDefinitionOf(group.document, group.node)!;
        // A port per crossing wire: every wire into the selection reaches one port end.
        const inside = new Set(selection);
        const crossingIn = before.edges.filter((edge) => !inside.has(edge.source) && inside.has(edge.target));
        const crossingOut = before.edges.filter((edge) => inside.has(edge.source) && !inside.has(edge.target));
        expect(definition.inputs.flatMap((port) => port.to)).toHaveLength(crossingIn.length);
        expect(definition.inputs).toHaveLength(new Set(crossingIn.map((edge) => `${edge.source}.${edge.sourceHandle}`)).size);
        expect(definition.outputs).toHaveLength(new Set(crossingOut.map((edge) => `${edge.source}.${edge.sourceHandle}`)).size);
        expect(group.document.edges.filter((edge) => edge.source === group.node)).toHaveLength(crossingOut.length);

        const back = ungroupBlock(group.document, group.node);
        if (!back.ok) throw new Error(back.error);
        expect(back.document.blocks).toBeUndefined();
        const innerIds = before.nodes.filter((node) => inside.has(node.id)).map((node) => node.id);
        const rename = new Map(innerIds.map((id, k) => [id, back.nodes[k]!]));
        const renamed = (id: string): string => rename.get(id) ?? id;
        expect(back.document.nodes.map((node) => node.id).sort()).toEqual(before.nodes.map((node) => renamed(node.id)).sort());
        for (const node of before.nodes) {
          const after = back.document.nodes.find((candidate) => candidate.id === renamed(node.id))!;
          expect(after.type).toBe(node.type);
          expect(after.params).toEqual(node.params);
          expect(after.label).toEqual(node.label);
          if (node.position) {
            expect(after.position!.x).toBeCloseTo(node.position.x, 6);
            expect(after.position!.y).toBeCloseTo(node.position.y, 6);
          }
        }
        expect(wiring(back.document.edges)).toEqual(wiring(before.edges, renamed));
      }),
      { numRuns: 120 },
    );
  });

  it('ungroups a block whose inner ids are taken outside with fresh ids, wired the same', () => {
    const { document } = grouped(example('convolution-theorem'), ['fftA', 'product']);
    // Put a second node called fftA beside the block: the inner fftA must come back under another id.
    const taken: GraphDocument = { ...document, nodes: [...document.nodes, { id: 'fftA', type: 'op.fft' }] };
    const back = ungroupBlock(taken, 'block1');
    if (!back.ok) throw new Error(back.error);
    expect(back.nodes).toEqual(['fftA1', 'product']);
    expect(wiring(back.document.edges).filter((wire) => wire.includes('fftA1'))).toEqual(['a.out->fftA1.in', 'fftA1.out->product.a']);
  });
});

describe('editing a block', () => {
  function twoInstances(): GraphDocument {
    const { document } = fftRoute();
    const block = document.nodes.find((node) => node.id === 'block1')!;
    return { ...document, nodes: [...document.nodes, { ...block, id: 'block2', position: { x: 0, y: 900 } }] };
  }

  it('changes every instance of the same key, and only the definition it edits', () => {
    const document = twoInstances();
    const oldKey = document.nodes.find((node) => node.id === 'block1')!.block!;
    const edited = editBlockContent(document, 'block2', (inner) => ({
      ...inner,
      nodes: inner.nodes.map((node) => (node.id === 'fftA' ? { ...node, params: { ...node.params, n: 32 } } : node)),
    }));
    const keys = edited.nodes.filter((node) => node.type === BLOCK_TYPE).map((node) => node.block);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[0]).not.toBe(oldKey);
    expect(Object.keys(edited.blocks!)).toEqual([keys[0]]);
    expect(edited.blocks![keys[0]!]!.nodes.find((node) => node.id === 'fftA')!.params!.n).toBe(32);
    expect(blockKey(edited.blocks![keys[0]!]!)).toBe(keys[0]);
    expect(edited.edges).toEqual(document.edges);
  });

  it('returns the same document when the edit changes nothing', () => {
    const document = twoInstances();
    expect(editBlockContent(document, 'block1', (inner) => inner)).toBe(document);
    expect(editBlockContent(document, 'block1', (inner) => ({ ...inner, nodes: inner.nodes.map((node) => ({ ...node })) }))).toBe(document);
    expect(editBlockContent(document, 'a', () => ({ ...document, nodes: [] }))).toBe(document);
    expect(withBlocksNormalised(document)).toBe(document);
  });

  it('drops a port whose inner end vanished, with the outer wires on it', () => {
    const document = twoInstances();
    const edited = editBlockContent(document, 'block1', (inner) => ({
      ...inner,
      nodes: inner.nodes.filter((node) => node.id !== 'fftB'),
      edges: inner.edges.filter((edge) => edge.source !== 'fftB'),
    }));
    expect(portsOf(edited, 'block1')!.inputs.map((port) => port.name)).toEqual(['in']);
    expect(edited.edges.some((edge) => edge.target === 'block1' && edge.targetHandle === 'in2')).toBe(false);
    expect(edited.edges.filter((edge) => edge.target === 'block1').map((edge) => edge.id)).toEqual(['e3']);
    expect(edited.edges).toHaveLength(document.edges.length - 1);
  });

  it('promotes a param, binds a second one of its kind to it, and ungrouping writes its value into both', () => {
    let document = twoInstances();
    document = promoteParam(document, 'block1', { node: 'fftA', param: 'n' });
    document = promoteParam(document, 'block1', { node: 'fftB', param: 'n' }, 'n');
    const definition = blockDefinitionOf(document, 'block1')!;
    expect(definition.params).toEqual([{ name: 'n', bind: [{ node: 'fftA', param: 'n' }, { node: 'fftB', param: 'n' }] }]);
    expect(blockDefinitionOf(document, 'block2')).toBe(definition);
    // Promoting again, or onto a param of another kind, changes nothing.
    expect(promoteParam(document, 'block1', { node: 'fftA', param: 'n' }, 'm')).toBe(document);
    expect(promoteParam(document, 'block1', { node: 'fftA', param: 'size' }, 'n')).toBe(document);
    expect(promoteParam(document, 'block1', { node: 'fftA', param: 'nonsense' })).toBe(document);

    document = { ...document, nodes: document.nodes.map((node) => (node.id === 'block1' ? { ...node, params: { n: 64 } } : node)) };
    const back = ungroupBlock(document, 'block1');
    if (!back.ok) throw new Error(back.error);
    const n = (id: string) => back.document.nodes.find((node) => node.id === id)!.params!.n;
    expect([n('fftA'), n('fftB')]).toEqual([64, 64]);
    // block2 still names the definition, so it stays.
    expect(blockDefinitionOf(back.document, 'block2')).toEqual(definition);
  });

  it('unpromoting keeps what the instance computes: its value goes into the bound params', () => {
    let document = promoteParam(twoInstances(), 'block1', { node: 'fftA', param: 'n' });
    document = { ...document, nodes: document.nodes.map((node) => (node.id === 'block1' ? { ...node, params: { n: 64 } } : node)) };
    const after = unpromoteParam(document, 'block1', 'n');
    const definition = blockDefinitionOf(after, 'block1')!;
    expect(definition.params).toBeUndefined();
    expect(definition.nodes.find((node) => node.id === 'fftA')!.params!.n).toBe(64);
    expect(after.nodes.find((node) => node.id === 'block1')!.params).toBeUndefined();
    expect(unpromoteParam(after, 'block1', 'n')).toBe(after);
  });

  it('renames a port and the handles of the outer wires on it, for every instance', () => {
    let document = twoInstances();
    document = { ...document, edges: [...document.edges, { id: 'x1', source: 'a', sourceHandle: 'out', target: 'block2', targetHandle: 'in' }] };
    const after = renamePort(document, 'block1', 'input', 0, 'signal a');
    expect(portsOf(after, 'block2')!.inputs.map((port) => port.name)).toEqual(['signal a', 'in2']);
    expect(after.edges.filter((edge) => edge.source === 'a' && edge.target.startsWith('block')).map((edge) => `${edge.target}.${edge.targetHandle}`)).toEqual([
      'block1.signal a',
      'block2.signal a',
    ]);
    // A name another port has, or an empty one, changes nothing.
    expect(renamePort(after, 'block1', 'input', 0, 'in2')).toBe(after);
    expect(renamePort(after, 'block1', 'input', 0, '')).toBe(after);
    expect(renamePort(after, 'block1', 'output', 5, 'x')).toBe(after);
  });

  it('moves a port, which keeps the wiring and changes the key', () => {
    const document = twoInstances();
    const after = movePort(document, 'block1', 'output', 1, 0);
    expect(portsOf(after, 'block1')!.outputs.map((port) => port.name)).toEqual(['out2', 'out']);
    expect(after.nodes.find((node) => node.id === 'block1')!.block).not.toBe(document.nodes.find((node) => node.id === 'block1')!.block);
    expect(after.edges).toEqual(document.edges);
    expect(movePort(document, 'block1', 'output', 0, 0)).toBe(document);
    expect(movePort(document, 'block1', 'output', 0, 2)).toBe(document);
  });
});

describe('withBlocksNormalised', () => {
  it('re-keys a hand-edited key, merges equal definitions, drops orphans and sorts keys', () => {
    const { document } = fftRoute();
    const key = document.nodes.find((node) => node.id === 'block1')!.block!;
    const definition = document.blocks![key]!;
    const orphan: BlockDefinition = { ...definition, title: 'unused' };
    const handEdited: GraphDocument = {
      ...document,
      nodes: [...document.nodes.map((node) => (node.id === 'block1' ? { ...node, block: 'zzz' } : node)), { id: 'block2', type: BLOCK_TYPE, block: 'mine' }],
      blocks: { zzz: definition, orphan, mine: structuredClone(definition) },
    };
    const normal = withBlocksNormalised(handEdited);
    expect(normal.nodes.filter((node) => node.type === BLOCK_TYPE).map((node) => node.block)).toEqual([key, key]);
    expect(Object.keys(normal.blocks!)).toEqual([key]);
    expect(withBlocksNormalised(normal)).toBe(normal);
    const keys = Object.keys(withBlocksNormalised({ ...handEdited, blocks: { zzz: definition, orphan, mine: orphan } }).blocks!);
    expect(keys).toEqual([key, blockKey(orphan)].sort());
  });

  it('leaves a document without blocks untouched and drops blocks nobody names', () => {
    const plain = example('two-dice');
    expect(withBlocksNormalised(plain)).toBe(plain);
    const { document } = fftRoute();
    const withoutInstances = { ...document, nodes: document.nodes.filter((node) => node.type !== BLOCK_TYPE) };
    expect(withBlocksNormalised(withoutInstances).blocks).toBeUndefined();
  });
});
