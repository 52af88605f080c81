/**
 * Blocks inside blocks (issue 19 §1): the file (one top-level `blocks` map, Merkle keys recomputed
 * bottom up, cycles, depth and expansion bombs refused in one line each), the engine (flat ids
 * `outer/inner/node`, promoted params promoted again, bit for bit what the same nodes wired flat
 * compute, an error deep inside belongs to its node) and the edits (group a block with others,
 * ungroup, edit a block inside a block: every instance follows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockStatus } from '../../src-shared/engine/block-status';
import { Engine } from '../../src-shared/engine/engine';
import { blockDefinitionOf, blockKey, editBlockContent, groupAsBlock, portsOf, promoteParam, ungroupBlock, unpromoteParam } from '../../src-shared/graph/blocks';
import type { BlockDefinition, GraphDocument, GraphNode } from '../../src-shared/graph/document';
import { definitionAtPath, expandBlocks, expandedSize, MAX_BLOCK_DEPTH } from '../../src-shared/graph/expand';
import { loadGraph } from '../../src-shared/graph/load';
import { validateDocument } from '../../src-shared/graph/validate';
import { writeGraph } from '../../src-shared/graph/write';
import { flatSinkFileName } from '../../src-shared/io/sink-file-name';
import { readLibraryBlock } from '../../src-shared/library';
import { applyCommand } from '../../src-renderer/store/commands';
import { FFT_CONVOLUTION, OUTER, SQUARE, bytesOf, documentOf, links, nestedConvolutionDocument, nestedConvolutionFlat, node } from '../engine/block-documents';

function load(document: GraphDocument): GraphDocument {
  const result = loadGraph(JSON.stringify(document));
  if (!result.ok) throw new Error(result.error);
  return result.document;
}

function loadError(document: unknown): string {
  const result = loadGraph(JSON.stringify(document));
  return result.ok ? 'loaded' : result.error;
}

/** A chain of `levels` blocks, each holding `fan` instances of the one below, around one op.scale. */
function tower(levels: number, fan = 1): GraphDocument {
  const blocks: Record<string, BlockDefinition> = {
    k0: { title: 'Scale', nodes: [{ id: 's', type: 'op.scale' }], edges: [], inputs: [{ name: 'in', to: [{ node: 's', handle: 'in' }] }], outputs: [{ name: 'out', from: { node: 's', handle: 'out' } }] },
  };
  for (let level = 1; level < levels; level++) {
    const nodes: GraphNode[] = Array.from({ length: fan }, (_, i) => ({ id: `i${i}`, type: 'block', block: `k${level - 1}` }));
    blocks[`k${level}`] = {
      title: `Level ${level}`,
      nodes,
      edges: links(nodes.slice(1).map((inner, i) => [`i${i}`, 'out', inner.id, 'in'])),
      inputs: [{ name: 'in', to: [{ node: 'i0', handle: 'in' }] }],
      outputs: [{ name: 'out', from: { node: `i${fan - 1}`, handle: 'out' } }],
    };
  }
  return documentOf(
    [
      { id: 'src', type: 'source.sequence', params: { values: [1, 2, 3] } },
      { id: 'top', type: 'block', block: `k${levels - 1}` },
      { id: 'plot', type: 'sink.plot' },
    ],
    [
      ['src', 'out', 'top', 'in'],
      ['top', 'out', 'plot', 'in'],
    ],
    blocks,
  );
}

describe('the file: blocks inside blocks', () => {
  it('loads with every key recomputed bottom up: the outer key covers the inner key (Merkle)', () => {
    const document = load(nestedConvolutionDocument());
    const keys = Object.keys(document.blocks!);
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(blockKey(document.blocks![key]!)).toBe(key);
    const outer = blockDefinitionOf(document, 'outer')!;
    const innerKey = outer.nodes.find((candidate) => candidate.id === 'conv')!.block!;
    expect(document.blocks![innerKey]).toEqual(FFT_CONVOLUTION);
    // A change deep inside changes the inner key, and so the outer one.
    const changed = load(nestedConvolutionDocument(16, 3, { ...FFT_CONVOLUTION, title: 'FFT convolution, renamed' }));
    expect(node(changed, 'outer').block).not.toBe(node(document, 'outer').block);
  });

  it('writes only the definitions named from the top level down, and reads back the same bytes', () => {
    const document = load(nestedConvolutionDocument());
    const text = writeGraph(document);
    expect(text).toContain('\n  "version": 3,\n');
    expect(writeGraph(load(JSON.parse(text) as GraphDocument))).toBe(text);
    // The inner block's promoted value on the node inside the outer definition is kept.
    expect(text).toMatch(/"id": "conv",\n\s+"type": "block",\n\s+"block": "b[0-9a-f]{16}",[^]*"params": \{\n\s+"n": 8\n/);
  });

  it('refuses a cycle between two definitions, naming the keys and what to do', () => {
    const a: BlockDefinition = { ...SQUARE, nodes: [...SQUARE.nodes, { id: 'loop', type: 'block', block: 'bb' }] };
    const b: BlockDefinition = { ...SQUARE, title: 'B', nodes: [...SQUARE.nodes, { id: 'back', type: 'block', block: 'ba' }] };
    const document = documentOf([{ id: 'x', type: 'block', block: 'ba' }], [], { ba: a, bb: b });
    expect(loadError(document)).toBe('blocks.ba: the block contains itself (ba › bb › ba): a block cannot be inside itself, so remove the block node that names ba from it');
    // The engine, sent such a document past validation, refuses to expand it rather than loop.
    expect(expandBlocks(document).problem).toMatch(/contain themselves/);
  });

  it(`refuses nesting deeper than ${MAX_BLOCK_DEPTH}, and loads ${MAX_BLOCK_DEPTH} deep`, () => {
    expect(validateDocument(tower(MAX_BLOCK_DEPTH))).toEqual([]);
    expect(loadError(tower(MAX_BLOCK_DEPTH + 1))).toBe(
      `blocks.k8: blocks nest 9 deep here (k8 › k7 › k6 › k5 › k4 › k3 › k2 › k1 › k0), over the limit of ${MAX_BLOCK_DEPTH}: ungroup some of the blocks inside blocks`,
    );
  });

  it('refuses an expansion bomb counted through the nesting, without expanding it', () => {
    // 10 instances of 10 instances of … six levels: 100,000 nodes as it runs from a file of 51.
    const bomb = tower(6, 10);
    expect(expandedSize(bomb).nodes).toBe(100_002);
    expect(loadError(bomb)).toBe('nodes: with its 1 block instances expanded this graph has 100002 nodes (the limit is 10000): use fewer instances or smaller blocks');
    expect(expandBlocks(bomb).problem).toMatch(/would make 100002 nodes, over the limit of 10000/);
    expect(validateDocument(tower(4, 10))).toEqual([]);
  });

  it('checks a definition\'s inner graph with the blocks inside seen through their ports', () => {
    const broken: BlockDefinition = { ...OUTER, edges: links([['conv', 'nope', 'post', 'in']], 'o') };
    expect(loadError({ ...nestedConvolutionDocument(), blocks: { bouter: broken, bconv: FFT_CONVOLUTION } })).toMatch(/^blocks\.bouter\.edges\[0\]\.sourceHandle: .*nope/);
    const missing: BlockDefinition = { ...OUTER, nodes: [{ ...OUTER.nodes[0]!, block: 'bghost' }, OUTER.nodes[1]!] };
    expect(loadError({ ...nestedConvolutionDocument(), blocks: { bouter: missing } })).toBe('blocks.bouter.nodes[0].block: no block "bghost" in this file\'s "blocks"');
    // A promoted value on the inner block node follows the rules of the param it binds inside.
    const badValue: BlockDefinition = { ...OUTER, nodes: [{ ...OUTER.nodes[0]!, params: { n: -3 } }, OUTER.nodes[1]!] };
    expect(loadError({ ...nestedConvolutionDocument(), blocks: { bouter: badValue, bconv: FFT_CONVOLUTION } })).toMatch(/^blocks\.bouter\.nodes\[0\]\.params\.n: /);
  });

  it('a library file of a block of blocks is read with the blocks inside it, never without them', () => {
    const document = load(nestedConvolutionDocument());
    const only = { ...document, nodes: [{ ...node(document, 'outer'), id: 'block' }], edges: [] };
    const read = readLibraryBlock('Nested', writeGraph(only));
    if (!read.ok) throw new Error(read.error);
    expect(read.block.key).toBe(node(document, 'outer').block);
    expect(read.block.blocks).toEqual({ [blockKey(FFT_CONVOLUTION)]: FFT_CONVOLUTION });
  });

  it('any nesting of blocks loads, writes and loads again to the same text (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_BLOCK_DEPTH }), fc.integer({ min: 1, max: 3 }), (levels, fan) => {
        const document = load(tower(levels, fan));
        expect(expandedSize(document)).toMatchObject({ nodes: fan ** (levels - 1) + 2, depth: levels });
        const text = writeGraph(document);
        expect(writeGraph(load(JSON.parse(text) as GraphDocument))).toBe(text);
        expect(expandBlocks(document).document.nodes.filter((flat) => flat.type === 'op.scale')).toHaveLength(fan ** (levels - 1));
      }),
      { numRuns: 30 },
    );
  });
});

describe('running blocks inside blocks', () => {
  it('names inner nodes outer/inner/node, owned by the top-level block node; promoted values reach through both levels', () => {
    const { document, owners } = expandBlocks(load(nestedConvolutionDocument(16, 3)));
    expect(document.nodes.map((flat) => flat.id)).toEqual(['a', 'b', 'outer/conv/fftA', 'outer/conv/fftB', 'outer/conv/product', 'outer/conv/back', 'outer/post', 'plot']);
    expect(new Set(owners.values())).toEqual(new Set(['outer']));
    expect(node(document, 'outer/conv/fftA').params).toMatchObject({ n: 16 });
    expect(node(document, 'outer/post').params).toEqual({ factor: 3 });
    const wires = document.edges.map((edge) => `${edge.source}.${edge.sourceHandle}->${edge.target}.${edge.targetHandle}`);
    expect(wires).toEqual(expect.arrayContaining(['a.out->outer/conv/fftA.in', 'outer/conv/back.out->outer/post.in', 'outer/post.out->plot.in']));
    expect(new Set(document.edges.map((edge) => edge.id)).size).toBe(document.edges.length);
  });

  it('computes bit for bit what the same nodes wired flat compute', async () => {
    const nested = new Engine();
    expect((await nested.run(load(nestedConvolutionDocument(16, 3)))).status).toBe('done');
    const flat = new Engine();
    expect((await flat.run(nestedConvolutionFlat(16, 3))).status).toBe('done');
    expect(nested.outcome('plot')?.report.status).toBe('ok');
    expect(bytesOf(nested.outcome('plot')?.sink)).toEqual(bytesOf(flat.outcome('plot')?.sink));
    expect(bytesOf(nested.outcome('outer/conv/back')?.outputs.out)).toEqual(bytesOf(flat.outcome('back')?.outputs.out));
  });

  it('an error deep inside belongs to that inner node; the outer block shows it by its path inside', async () => {
    const document = load(nestedConvolutionDocument(4, 3));
    const engine = new Engine();
    await engine.run(document);
    expect(engine.outcome('outer/conv/fftA')?.report.status).toBe('error');
    expect(engine.outcome('outer/post')?.report.status).toBe('skipped');
    const status = blockStatus(document, 'outer', (flat) => engine.outcome(flat)?.report);
    expect(status?.status).toBe('error');
    expect(status?.failed).toBe('outer/conv/fftA');
    expect(status?.error).toMatch(/^conv\/fftA: /);
    // The outer block's preview is the scale's, the plain node behind its first output.
    expect(status?.preview).toEqual({ node: 'outer/post', port: 'out' });
  });

  it('a sink inside a block inside a block gets one file name rule: every part of its flat id, joined by dots', () => {
    expect(flatSinkFileName('outer/conv/seen', 'outer')).toBe('outer.conv.seen');
    expect(flatSinkFileName('conv/seen', 'conv')).toBe('conv.seen');
    expect(flatSinkFileName('o k/in ner/v', 'o k')).toBe('o_k.in_ner.v');
  });
});

describe('editing blocks inside blocks', () => {
  it('groups a block node with other nodes into a block of blocks that computes the same', async () => {
    const flat = load(nestedConvolutionDocument(16, 1));
    const opened = ungroupBlock(flat, 'outer');
    if (!opened.ok) throw new Error(opened.error);
    // Ungrouping the outer block restores its inner block node, with the promoted value written into it.
    expect(opened.nodes).toEqual(['conv', 'post']);
    expect(node(opened.document, 'conv')).toMatchObject({ type: 'block', params: { n: 16 } });
    expect(validateDocument(opened.document)).toEqual([]);
    const grouped = groupAsBlock(opened.document, ['conv', 'post'], { id: 'again' });
    if (!grouped.ok) throw new Error(grouped.error);
    expect(validateDocument(grouped.document)).toEqual([]);
    expect(definitionAtPath(grouped.document, 'again/conv')).toEqual(FFT_CONVOLUTION);
    const before = new Engine();
    await before.run(flat);
    const after = new Engine();
    await after.run(grouped.document);
    expect(bytesOf(after.outcome('plot')?.sink)).toEqual(bytesOf(before.outcome('plot')?.sink));
  });

  it('refuses a grouping that would nest past the limit, in one line', () => {
    const deep = load(tower(MAX_BLOCK_DEPTH));
    const result = groupAsBlock(deep, ['top']);
    expect(result).toEqual({ ok: false, error: `the block would nest 9 deep, over the limit of ${MAX_BLOCK_DEPTH}: ungroup one of the blocks in the selection first` });
  });

  it('an edit inside a block inside a block changes every instance of the inner block, wherever it is', () => {
    const base = load(nestedConvolutionDocument());
    const innerKey = blockDefinitionOf(base, 'outer')!.nodes[0]!.block!;
    // One more instance of the inner block at the top level, one more of the outer.
    const document: GraphDocument = {
      ...base,
      nodes: [...base.nodes, { id: 'alone', type: 'block', block: innerKey }, { id: 'twin', type: 'block', block: node(base, 'outer').block! }],
    };
    const next = editBlockContent(document, 'outer/conv', (inner) => applyCommand(inner, { kind: 'move', nodes: { product: { x: 7, y: 7 } } }));
    const newInner = blockDefinitionOf(next, 'alone')!;
    expect(newInner.nodes.find((candidate) => candidate.id === 'product')!.position).toEqual({ x: 7, y: 7 });
    expect(definitionAtPath(next, 'outer/conv')).toBe(newInner);
    expect(definitionAtPath(next, 'twin/conv')).toBe(newInner);
    expect(node(next, 'outer').block).toBe(node(next, 'twin').block);
    expect(node(next, 'outer').block).not.toBe(node(document, 'outer').block);
    // The old definitions are gone: the file carries only what some block node names.
    expect(Object.keys(next.blocks!).sort()).toEqual([node(next, 'alone').block!, node(next, 'outer').block!].sort());
  });

  it('an inBlock command inside an inBlock command edits the block at that path, as one edit', () => {
    const document = load(nestedConvolutionDocument());
    const next = applyCommand(document, { kind: 'inBlock', instance: 'outer', command: { kind: 'inBlock', instance: 'conv', command: { kind: 'move', nodes: { back: { x: 999, y: 1 } } } } });
    expect(definitionAtPath(next, 'outer/conv')!.nodes.find((candidate) => candidate.id === 'back')!.position).toEqual({ x: 999, y: 1 });
    expect(validateDocument(next)).toEqual([]);
    // Renaming a port of the inner block renames the outer block's port end at it too.
    const renamed = applyCommand(document, { kind: 'inBlock', instance: 'outer', command: { kind: 'renamePort', instance: 'conv', side: 'input', index: 0, name: 'x' } });
    expect(blockDefinitionOf(renamed, 'outer')!.inputs[0]!.to).toEqual([{ node: 'conv', handle: 'x' }]);
    expect(validateDocument(renamed)).toEqual([]);
  });

  it('a promoted param of an inner block is promoted to the outer face, and unpromoted again', () => {
    const document = load(nestedConvolutionDocument());
    const stripped = unpromoteParam(document, 'outer', 'n');
    expect(blockDefinitionOf(stripped, 'outer')!.params!.map((param) => param.name)).toEqual(['gain']);
    // The value the outer instance set is written into the inner block node's promoted value.
    expect(blockDefinitionOf(stripped, 'outer')!.nodes[0]!.params).toEqual({ n: 16 });
    const again = promoteParam(stripped, 'outer', { node: 'conv', param: 'n' }, 'size');
    expect(blockDefinitionOf(again, 'outer')!.params!.map((param) => param.name)).toEqual(['gain', 'size']);
    expect(validateDocument({ ...again, nodes: again.nodes.map((candidate) => (candidate.id === 'outer' ? { ...candidate, params: { size: 32 } } : candidate)) })).toEqual([]);
    expect(expandBlocks({ ...again, nodes: again.nodes.map((candidate) => (candidate.id === 'outer' ? { ...candidate, params: { size: 32 } } : candidate)) }).document.nodes.find((flat) => flat.id === 'outer/conv/fftB')!.params).toMatchObject({ n: 32 });
    // The outer block's ports carry what the inner block's carry.
    expect(portsOf(document, 'outer')).toEqual({ inputs: [{ name: 'a', type: 'signal' }, { name: 'b', type: 'signal' }], outputs: [{ name: 'out', type: 'signal' }] });
  });

  it('any grouping of a block with other nodes validates and computes bit for bit what the graph computed flat; ungrouping both levels gives a valid graph back (fast-check)', async () => {
    const theorem = loadGraph(readFileSync(join(import.meta.dirname, '../../examples/convolution-theorem.convolab.json'), 'utf8'));
    if (!theorem.ok) throw new Error(theorem.error);
    const flat = new Engine();
    await flat.run(theorem.document);
    const expected = bytesOf(flat.outcome('plot')?.sink);
    const ids = theorem.document.nodes.map((candidate) => candidate.id);
    let nested = 0;
    await fc.assert(
      fc.asyncProperty(fc.subarray(ids, { minLength: 1 }), fc.subarray(ids), async (first, second) => {
        const inner = groupAsBlock(theorem.document, first, { id: 'inner' });
        if (!inner.ok) return;
        const outer = groupAsBlock(inner.document, ['inner', ...second.filter((id) => !first.includes(id))], { id: 'outer' });
        if (!outer.ok) return;
        nested++;
        expect(validateDocument(outer.document)).toEqual([]);
        const engine = new Engine();
        await engine.run(outer.document);
        const plot = [...expandBlocks(outer.document).document.nodes].find((flatNode) => flatNode.id.split('/').pop() === 'plot')!;
        expect(bytesOf(engine.outcome(plot.id)?.sink)).toEqual(expected);
        const once = ungroupBlock(outer.document, 'outer');
        if (!once.ok) throw new Error(once.error);
        expect(validateDocument(once.document)).toEqual([]);
        const twice = ungroupBlock(once.document, 'inner');
        if (!twice.ok) throw new Error(twice.error);
        expect(validateDocument(twice.document)).toEqual([]);
        expect(twice.document.blocks).toBeUndefined();
      }),
      { numRuns: 60 },
    );
    // About a quarter of the random pairs nest (a selection a wire leaves and re-enters is refused,
    // as it should be); the property is not vacuous when some do (none of 60 is a 1-in-10^6 chance).
    expect(nested).toBeGreaterThan(0);
  });
});
