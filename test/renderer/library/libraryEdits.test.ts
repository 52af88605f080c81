/**
 * Inserting a library block and updating instances from the library, as the pure functions the
 * editor's commands apply (src-renderer/library/libraryEdits.ts).
 */
import { describe, expect, it } from 'vitest';
import { blockKey, editBlockContent, renamePort } from '../../../src-shared/graph/blocks';
import type { BlockDefinition, GraphDocument } from '../../../src-shared/graph/document';
import { loadGraph } from '../../../src-shared/graph/load';
import { writeGraph } from '../../../src-shared/graph/write';
import { libraryBlockText, libraryName, libraryNameProblem, readLibraryBlock } from '../../../src-shared/library';
import { applyCommand } from '../../../src-renderer/store/commands';
import { insertLibraryBlockCommand, libraryUpdateFor, portSummary, updateBlockDefinition } from '../../../src-renderer/library/libraryEdits';
import { FFT_CONVOLUTION, fftConvolutionDocument, SQUARE } from '../../engine/block-documents';

function insertLibraryBlock(document: GraphDocument, definition: BlockDefinition, node: { id: string; position: { x: number; y: number }; params?: Record<string, number> }): GraphDocument {
  return applyCommand(document, insertLibraryBlockCommand(definition, node));
}

/** The FFT convolution graph as the loader gives it: its block under its true key. */
function loaded(): GraphDocument {
  const result = loadGraph(writeGraph(fftConvolutionDocument(16)));
  if (!result.ok) throw new Error(result.error);
  return result.document;
}

function library(definition: BlockDefinition, name = 'FFT convolution') {
  const read = readLibraryBlock(name, libraryBlockText(definition));
  if (!read.ok) throw new Error(read.error);
  return read.block;
}

describe('inserting a library block', () => {
  it('adds the definition under its content key and a block node that runs it; the document saves and loads again', () => {
    const start: GraphDocument = { format: 'convolab.graph', version: 2, nodes: [{ id: 'a', type: 'source.sequence' }], edges: [] };
    const next = insertLibraryBlock(start, FFT_CONVOLUTION, { id: 'block1', position: { x: 10, y: 20 }, params: { n: 32 } });
    const key = blockKey(FFT_CONVOLUTION);
    expect(next.nodes.at(-1)).toEqual({ id: 'block1', type: 'block', block: key, position: { x: 10, y: 20 }, params: { n: 32 } });
    expect(Object.keys(next.blocks ?? {})).toEqual([key]);
    const again = loadGraph(writeGraph(next));
    expect(again.ok, again.ok ? '' : again.error).toBe(true);
  });

  it('reuses the definition a document already has under that key: two instances, one block', () => {
    const start = loaded();
    const key = start.nodes.find((node) => node.id === 'conv')!.block!;
    expect(key).toBe(blockKey(FFT_CONVOLUTION));
    const next = insertLibraryBlock(start, structuredClone(FFT_CONVOLUTION), { id: 'conv2', position: { x: 0, y: 0 } });
    expect(next.blocks).toBe(start.blocks);
    expect(next.nodes.filter((node) => node.block === key).map((node) => node.id)).toEqual(['conv', 'conv2']);
  });

  it('changes nothing when the id is taken', () => {
    const start = loaded();
    expect(insertLibraryBlock(start, SQUARE, { id: 'conv', position: { x: 0, y: 0 } })).toBe(start);
  });
});

describe('updating from the library', () => {
  it('offers an update only when the library block named after the title differs from what the instance runs', () => {
    const start = loaded();
    expect(libraryUpdateFor(start, 'conv', [library(FFT_CONVOLUTION)])).toBeUndefined();
    const edited = { ...FFT_CONVOLUTION, description: 'edited' };
    expect(libraryUpdateFor(start, 'conv', [library(edited)])?.key).toBe(blockKey(edited));
    expect(libraryUpdateFor(start, 'conv', [library(edited, 'Other name')])).toBeUndefined();
    expect(libraryUpdateFor(start, 'plot', [library(edited)])).toBeUndefined();
  });

  it('moves every instance of the old key to the new definition as one command, keeping values and wires that still fit', () => {
    const start = insertLibraryBlock(loaded(), FFT_CONVOLUTION, { id: 'conv2', position: { x: 0, y: 300 }, params: { n: 64 } });
    const oldKey = blockKey(FFT_CONVOLUTION);
    // The library's version: an inner node moved (content changes, ports and params the same).
    const moved: BlockDefinition = { ...FFT_CONVOLUTION, nodes: FFT_CONVOLUTION.nodes.map((node) => (node.id === 'back' ? { ...node, position: { x: 500, y: 50 } } : node)) };
    const next = applyCommand(start, { kind: 'updateBlock', key: oldKey, definition: moved });
    const newKey = blockKey(moved);
    expect(next.nodes.filter((node) => node.type === 'block').map((node) => [node.id, node.block, node.params])).toEqual([
      ['conv', newKey, { n: 16 }],
      ['conv2', newKey, { n: 64 }],
    ]);
    expect(Object.keys(next.blocks ?? {})).toEqual([newKey]);
    expect(next.edges).toEqual(start.edges);
  });

  it('drops the wires on ports and the values of params the new block no longer has, and names each', () => {
    const start = loaded();
    const oldKey = start.nodes.find((node) => node.id === 'conv')!.block!;
    // The library's version: port b renamed to kernel, and n no longer promoted.
    const renamedDocument = renamePort(start, 'conv', 'input', 1, 'kernel');
    const renamedKey = renamedDocument.nodes.find((node) => node.id === 'conv')!.block!;
    const { params: _promoted, ...unpromoted } = renamedDocument.blocks![renamedKey]!;
    const update = updateBlockDefinition(start, oldKey, unpromoted);
    expect(update.instances).toEqual(['conv']);
    expect(update.dropped).toEqual(['conv: param n', 'conv: wire into port b']);
    const conv = update.document.nodes.find((node) => node.id === 'conv')!;
    expect(conv.params).toBeUndefined();
    expect(update.document.edges.filter((edge) => edge.target === 'conv').map((edge) => edge.targetHandle)).toEqual(['a']);
    expect(update.document.edges.filter((edge) => edge.source === 'conv').map((edge) => edge.sourceHandle)).toEqual(['out']);
    const again = loadGraph(writeGraph(update.document));
    expect(again.ok, again.ok ? '' : again.error).toBe(true);
  });

  it('is the same document when the library holds what the instances run', () => {
    const start = loaded();
    const key = start.nodes.find((node) => node.id === 'conv')!.block!;
    expect(updateBlockDefinition(start, key, start.blocks![key]!).document).toBe(start);
    // An edit inside gives another key; updating back to the library's version restores the first.
    const edited = editBlockContent(start, 'conv', (inner) => ({ ...inner, nodes: inner.nodes.map((node) => (node.id === 'back' ? { ...node, position: { x: 1, y: 1 } } : node)) }));
    const editedKey = edited.nodes.find((node) => node.id === 'conv')!.block!;
    expect(editedKey).not.toBe(key);
    expect(updateBlockDefinition(edited, editedKey, FFT_CONVOLUTION).document.nodes.find((node) => node.id === 'conv')!.block).toBe(key);
  });
});

describe('the palette line of a block', () => {
  it('names its inputs and outputs', () => {
    expect(portSummary(FFT_CONVOLUTION)).toBe('a, b → out');
    expect(portSummary({ ...SQUARE, inputs: [] })).toBe('no inputs → out');
  });
});

describe('a block title as a library name', () => {
  it('makes any title a name the library takes', () => {
    const titles = ['FFT convolution', 'FFT / IFFT: n=2*k?', '..hidden', 'trailing. ', 'CON', '', '   ', 'tab\there', 'ü'.repeat(150), 'a<b>|c"d'];
    for (const title of titles) expect(libraryNameProblem(libraryName(title)), `${title} → ${libraryName(title)}`).toBeUndefined();
    expect(libraryName('FFT convolution')).toBe('FFT convolution');
    expect(libraryName('FFT / IFFT: n=2*k?')).toBe('FFT - IFFT- n=2-k-');
    expect(libraryName('')).toBe('Block');
    expect(libraryName('CON')).toBe('CON block');
  });
});
