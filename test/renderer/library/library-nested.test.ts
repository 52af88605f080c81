/**
 * A block of blocks in My blocks (issue 19 §1): the library file holds the block node, its
 * definition and every definition it reaches (nothing else); reading it checks it as any graph
 * file (cycle, depth and bomb limits), inserting it adds the definitions inside (shared where the
 * document has their keys), and Update from library moves an instance to a version whose change
 * is deep inside, as one undo, dropping the definitions nothing names any more.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src-shared/engine/engine';
import { blockDefinitionOf, blockKey } from '../../../src-shared/graph/blocks';
import type { BlockDefinition, GraphDocument, GraphNode } from '../../../src-shared/graph/document';
import { loadGraph } from '../../../src-shared/graph/load';
import { validateDocument } from '../../../src-shared/graph/validate';
import { writeGraph } from '../../../src-shared/graph/write';
import { QuietHost } from '../quiet-host';
import { type LibraryBlock, libraryBlockText, listLibrary, readLibraryBlock } from '../../../src-shared/library';
import { insertFromLibrary, updateFromLibrary } from '../../../src-renderer/library/libraryActions';
import { insertLibraryBlockCommand, libraryUpdateFor, updateBlockDefinition } from '../../../src-renderer/library/libraryEdits';
import { libraryStore } from '../../../src-renderer/library/libraryStore';
import { applyCommand } from '../../../src-renderer/store/commands';
import { createEditorStore } from '../../../src-renderer/store/document';
import { createScopedStore } from '../../../src-renderer/store/scope';
import { FFT_CONVOLUTION, SQUARE, bytesOf, documentOf, fftConvolutionDocument, nestedConvolutionDocument, nestedConvolutionFlat, node } from '../../engine/block-documents';

function load(document: GraphDocument | string): GraphDocument {
  const result = loadGraph(typeof document === 'string' ? document : JSON.stringify(document));
  if (!result.ok) throw new Error(result.error);
  return result.document;
}

async function plotBytes(document: GraphDocument): Promise<number[]> {
  const engine = new Engine();
  expect((await engine.run(document)).status).toBe('done');
  expect(engine.outcome('plot')?.report.status).toBe('ok');
  return bytesOf(engine.outcome('plot')?.sink);
}

/** Block node `id` of `document` as Save to library writes it, read back as the palette lists it. */
function saved(document: GraphDocument, id: string, name: string): { text: string; block: LibraryBlock } {
  const instance = node(document, id);
  const text = libraryBlockText(blockDefinitionOf(document, instance)!, instance.params, document.blocks);
  const read = readLibraryBlock(name, text);
  if (!read.ok) throw new Error(read.error);
  return { text, block: read.block };
}

/** The two sources and the plot of the nested convolution graph, without the block between them. */
function emptyGraph(): GraphDocument {
  const { nodes } = nestedConvolutionDocument();
  return documentOf(nodes.filter((candidate) => candidate.type !== 'block'), []);
}

/** The same FFT convolution inside, changed where no port or param shows it: the library's newer version of the outer block differs deep inside only. */
const MOVED_INSIDE: BlockDefinition = { ...FFT_CONVOLUTION, nodes: FFT_CONVOLUTION.nodes.map((inner) => (inner.id === 'back' ? { ...inner, position: { x: 420, y: 60 } } : inner)) };

describe('saving a block of blocks to My blocks and inserting it', () => {
  it('writes the block node, its definition and the definition inside, and reads back both', () => {
    const document = load(nestedConvolutionDocument(16, 3));
    const { text, block } = saved(document, 'outer', 'Convolve and scale');
    const outerKey = node(document, 'outer').block!;
    const innerKey = blockKey(FFT_CONVOLUTION);
    // An ordinary graph file of one block node: it opens as a graph, and holds exactly the two definitions.
    const opened = load(text);
    expect(opened.nodes).toEqual([{ id: 'block', type: 'block', block: outerKey, position: { x: 0, y: 0 }, params: { n: 16, gain: 3 } }]);
    expect(Object.keys(opened.blocks ?? {})).toEqual([innerKey, outerKey].sort());
    expect(block.key).toBe(outerKey);
    expect(block.definition).toEqual(document.blocks![outerKey]);
    expect(block.blocks).toEqual({ [innerKey]: FFT_CONVOLUTION });
    expect(block.params).toEqual({ n: 16, gain: 3 });
    // The document's other definitions are not written: only what the saved block reaches.
    const withOther = load({ ...nestedConvolutionDocument(16, 3), nodes: [...nestedConvolutionDocument(16, 3).nodes, { id: 'sq', type: 'block', block: 'bsq' }], blocks: { ...nestedConvolutionDocument().blocks, bsq: { ...FFT_CONVOLUTION, title: 'Other' } } });
    expect(Object.keys(withOther.blocks ?? {})).toHaveLength(3);
    expect(saved(withOther, 'outer', 'Convolve and scale').text).toBe(text);
  });

  it('inserted into a new graph and wired, computes bit for bit what the graph it was saved from computes', async () => {
    const original = load(nestedConvolutionDocument(16, 3));
    const { block } = saved(original, 'outer', 'Convolve and scale');
    let document = applyCommand(emptyGraph(), insertLibraryBlockCommand(block.definition, { id: 'outer', position: { x: 200, y: 0 }, ...(block.params ? { params: block.params } : {}) }, block.blocks));
    for (const [source, sourceHandle, target, targetHandle, id] of [['a', 'out', 'outer', 'a', 'w1'], ['b', 'out', 'outer', 'b', 'w2'], ['outer', 'out', 'plot', 'in', 'w3']] as const) {
      document = applyCommand(document, { kind: 'connect', edge: { id, source, sourceHandle, target, targetHandle } });
    }
    expect(Object.keys(document.blocks ?? {}).sort()).toEqual(Object.keys(original.blocks ?? {}).sort());
    expect(validateDocument(document)).toEqual([]);
    // Saved and opened again, as a user would.
    const reopened = load(writeGraph(document));
    const bytes = await plotBytes(reopened);
    expect(bytes).toEqual(await plotBytes(original));
    expect(bytes).toEqual(await plotBytes(nestedConvolutionFlat(16, 3)));
  });

  it('shares a definition inside that the document has already, and nests inside an opened block', () => {
    const { block } = saved(load(nestedConvolutionDocument(16, 3)), 'outer', 'Convolve and scale');
    const start = load(fftConvolutionDocument(16));
    expect(Object.keys(start.blocks ?? {})).toEqual([blockKey(FFT_CONVOLUTION)]);
    const command = insertLibraryBlockCommand(block.definition, { id: 'outer', position: { x: 0, y: 400 } }, block.blocks);
    const next = applyCommand(start, command);
    // The FFT convolution is kept once: the top-level instance and the one inside the new block share it.
    expect(Object.keys(next.blocks ?? {}).sort()).toEqual([blockKey(FFT_CONVOLUTION), block.key].sort());
    expect(next.blocks![blockKey(FFT_CONVOLUTION)]).toBe(start.blocks![blockKey(FFT_CONVOLUTION)]);
    expect(validateDocument(next)).toEqual([]);
    // Inside the opened block `conv` it would hold itself (every instance of conv follows an edit,
    // the one inside the inserted block too): nothing is added.
    expect(applyCommand(start, { kind: 'inBlock', instance: 'conv', command })).toBe(start);
    // Inside an opened block of another content: three levels, every definition in the one map.
    const wrapped = load({ ...start, nodes: [...start.nodes, { id: 'wrap', type: 'block', block: 'bsq' }], blocks: { ...start.blocks, bsq: SQUARE } });
    const inside = applyCommand(wrapped, { kind: 'inBlock', instance: 'wrap', command });
    expect(inside).not.toBe(wrapped);
    expect(blockDefinitionOf(inside, 'wrap')!.nodes.find((inner) => inner.id === 'outer')?.block).toBe(block.key);
    expect(Object.keys(inside.blocks ?? {})).toHaveLength(3);
    expect(validateDocument(load(writeGraph(inside)))).toEqual([]);
  });
});

/** A chain of `levels` definitions, each `fan` instances of the one below, around one op.scale; one block node of the top one. */
function towerFile(levels: number, fan: number): string {
  const blocks: Record<string, BlockDefinition> = {
    k0: { title: 'Scale', nodes: [{ id: 's', type: 'op.scale' }], edges: [], inputs: [{ name: 'in', to: [{ node: 's', handle: 'in' }] }], outputs: [{ name: 'out', from: { node: 's', handle: 'out' } }] },
  };
  for (let level = 1; level < levels; level++) {
    const nodes: GraphNode[] = Array.from({ length: fan }, (_, i) => ({ id: `i${i}`, type: 'block', block: `k${level - 1}` }));
    blocks[`k${level}`] = {
      title: `Level ${level}`,
      nodes,
      edges: nodes.slice(1).map((inner, i) => ({ id: `e${i}`, source: `i${i}`, sourceHandle: 'out', target: inner.id, targetHandle: 'in' })),
      inputs: [{ name: 'in', to: [{ node: 'i0', handle: 'in' }] }],
      outputs: [{ name: 'out', from: { node: `i${fan - 1}`, handle: 'out' } }],
    };
  }
  return JSON.stringify({ format: 'convolab.graph', version: 3, nodes: [{ id: 'block', type: 'block', block: `k${levels - 1}` }], edges: [], blocks });
}

describe('reading hostile library files of blocks of blocks', () => {
  it('skips a cycle, a bomb and nesting past the limit with one line each, and lists the rest', async () => {
    const good = saved(load(nestedConvolutionDocument(16, 3)), 'outer', 'Convolve and scale').text;
    // Two definitions that name each other: neither can be expanded.
    const cycle = JSON.parse(good) as { blocks: Record<string, BlockDefinition> };
    const [first, second] = Object.keys(cycle.blocks);
    cycle.blocks[first!]!.nodes.push({ id: 'back2', type: 'block', block: second! });
    cycle.blocks[second!]!.nodes.push({ id: 'back1', type: 'block', block: first! });
    const texts: Record<string, string> = {
      Bomb: towerFile(6, 10),
      Cycle: JSON.stringify(cycle),
      Deep: towerFile(9, 1),
      Good: good,
      Tower: towerFile(4, 3),
    };
    const reads: string[] = [];
    const listing = await listLibrary(Object.entries(texts).map(([name, text]) => ({ name, read: () => (reads.push(name), Promise.resolve(text)) })));
    expect(reads.sort()).toEqual(Object.keys(texts).sort());
    expect(listing.blocks.map((block) => block.name)).toEqual(['Good', 'Tower']);
    expect(Object.keys(listing.blocks[1]!.blocks ?? {})).toHaveLength(3);
    expect(listing.skipped).toHaveLength(3);
    const line = (name: string): string => listing.skipped.find((entry) => entry.startsWith(`My blocks: ${name}.convolab.json skipped: `)) ?? 'none';
    expect(line('Bomb')).toBe('My blocks: Bomb.convolab.json skipped: nodes: with its 1 block instances expanded this graph has 100000 nodes (the limit is 10000): use fewer instances or smaller blocks');
    expect(line('Cycle')).toMatch(/^My blocks: Cycle\.convolab\.json skipped: blocks\.\w+: the block contains itself \(/);
    expect(line('Deep')).toMatch(/^My blocks: Deep\.convolab\.json skipped: blocks\.k8: blocks nest 9 deep here \(k8 › k7 › .* › k0\), over the limit of 8/);
    for (const entry of listing.skipped) expect(entry).not.toContain('\n');
  });
});

describe('inserting a block of blocks from the palette inside an opened block', () => {
  it('adds it inside another block, and refuses it with one line inside a block it holds', () => {
    const { block } = saved(load(nestedConvolutionDocument(16, 3)), 'outer', 'Convolve and scale');
    const start = load(fftConvolutionDocument(16));
    const document = load({ ...start, nodes: [...start.nodes, { id: 'wrap', type: 'block', block: 'bsq' }], blocks: { ...start.blocks, bsq: SQUARE } });
    const root = createEditorStore(new QuietHost());
    root.getState().replaceDocument(document);

    root.getState().setOpenBlock('conv');
    const conv = createScopedStore(root, 'conv');
    const stopConv = conv.follow();
    expect(insertFromLibrary(conv.store, block, { x: 0, y: 0 })).toBeUndefined();
    expect(root.getState().document).toBe(document);
    expect(root.getState().history.past).toHaveLength(0);
    expect(root.getState().notice).toMatchObject({ level: 'error', text: expect.stringMatching(/^My blocks: “Convolve and scale” was not added here: inside this block it would hold itself, .*insert it outside the block instead$/) });
    stopConv();

    root.getState().setOpenBlock('wrap');
    const wrap = createScopedStore(root, 'wrap');
    const stopWrap = wrap.follow();
    const id = insertFromLibrary(wrap.store, block, { x: 0, y: 0 });
    expect(id).toBeDefined();
    expect(wrap.store.getState().document.nodes.find((inner) => inner.id === id)?.block).toBe(block.key);
    expect(wrap.store.getState().selection.nodes).toEqual([id]);
    expect(root.getState().history.past).toHaveLength(1);
    stopWrap();
  });
});

describe('updating an instance of a block of blocks from My blocks', () => {
  it('moves it to the version changed deep inside, with its definition inside, as one undo; the old ones go', async () => {
    const start = load(nestedConvolutionDocument(16, 3));
    const oldOuter = node(start, 'outer').block!;
    const { block } = saved(load(nestedConvolutionDocument(16, 3, MOVED_INSIDE)), 'outer', 'Convolve and scale');
    // Only the block inside differs, yet the outer key differs too (keys cover what is inside).
    expect(block.key).not.toBe(oldOuter);
    expect(libraryUpdateFor(start, 'outer', [block])).toBe(block);

    const store = createEditorStore(new QuietHost());
    store.getState().replaceDocument(start);
    libraryStore.setState({ blocks: [block], skipped: [] });
    updateFromLibrary(store, 'outer');
    const { document, history } = store.getState();
    expect(history.past).toHaveLength(1);
    expect(node(document, 'outer')).toMatchObject({ block: block.key, params: { n: 16, gain: 3 } });
    expect(document.edges).toEqual(start.edges);
    // The old outer block and the FFT convolution it held are no longer named: only the new two are kept.
    expect(Object.keys(document.blocks ?? {}).sort()).toEqual([block.key, blockKey(MOVED_INSIDE)].sort());
    expect(libraryUpdateFor(document, 'outer', [block])).toBeUndefined();
    expect(validateDocument(document)).toEqual([]);
    expect(await plotBytes(load(writeGraph(document)))).toEqual(await plotBytes(start));

    store.getState().undo();
    expect(store.getState().document).toBe(start);
  });

  it('keeps an old definition inside that another instance still runs', () => {
    // The FFT convolution at the top level too: after the update it is still named there.
    const nested = nestedConvolutionDocument(16, 3);
    const start = load({ ...nested, nodes: [...nested.nodes, { id: 'conv', type: 'block', block: 'bconv', params: { n: 8 } }] });
    const { block } = saved(load(nestedConvolutionDocument(16, 3, MOVED_INSIDE)), 'outer', 'Convolve and scale');
    const update = updateBlockDefinition(start, node(start, 'outer').block!, block.definition, block.blocks);
    expect(update.instances).toEqual(['outer']);
    expect(update.dropped).toEqual([]);
    expect(Object.keys(update.document.blocks ?? {}).sort()).toEqual([block.key, blockKey(MOVED_INSIDE), blockKey(FFT_CONVOLUTION)].sort());
    expect(node(update.document, 'conv').block).toBe(blockKey(FFT_CONVOLUTION));
    expect(validateDocument(update.document)).toEqual([]);
  });
});
