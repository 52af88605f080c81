import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILES } from '../../../examples/generate';
import type { GraphDocument, GraphNode } from '../../../src-shared/graph/document';
import { loadGraph } from '../../../src-shared/graph/load';
import { validateDocument } from '../../../src-shared/graph/validate';
import { copyNodes, findGraphText, pasteNodes } from '../../../src-renderer/files/clipboard';
import { framesOf, withFrames, type Frame } from '../../../src-shared/graph/frames';
import { applyCommand } from '../../../src-renderer/store/commands';

function example(file: string): GraphDocument {
  const loaded = loadGraph(readFileSync(join(import.meta.dirname, '../../../examples', file), 'utf8'));
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.document;
}

const dice = example('two-dice.convolab.json');
const empty: GraphDocument = { format: 'convolab.graph', version: 1, nodes: [], edges: [] };

function paste(document: GraphDocument, text: string, at?: { x: number; y: number }) {
  const result = pasteNodes(document, text, at);
  if (!result.ok) throw new Error(result.error);
  return { ...result, after: applyCommand(document, result.command) };
}

/** A node without its id and position: what must survive a copy and paste unchanged. */
function content(node: GraphNode): unknown {
  const { id: _id, position: _position, ...rest } = node;
  return rest;
}

describe('copy and paste of nodes', () => {
  it('copies the selected nodes and only the edges among them, as a graph file', () => {
    const text = copyNodes(dice, ['dieA', 'dieB', 'sum', 'plot'])!;
    const loaded = loadGraph(text);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.document.nodes.map((node) => node.id)).toEqual(['dieA', 'dieB', 'sum', 'plot']);
    expect(loaded.document.edges.map((edge) => `${edge.source}->${edge.target}`)).toEqual(['dieA->sum', 'dieB->sum', 'sum->plot']);
    expect(text.startsWith('{\n  "format": "convolab.graph",\n  "version": 2,')).toBe(true);
    expect(copyNodes(dice, [])).toBeUndefined();
    expect(copyNodes(dice, ['nothing-here'])).toBeUndefined();
  });

  it('pastes into an empty graph exactly what was copied, where it is asked to go', () => {
    const text = copyNodes(dice, dice.nodes.map((node) => node.id))!;
    const { after } = paste(empty, text, { x: 0, y: 0 });
    expect(after.nodes).toEqual(dice.nodes);
    expect(after.edges.map(({ id: _id, ...edge }) => edge)).toEqual(dice.edges.map(({ id: _id, ...edge }) => edge));
    const moved = paste(empty, text, { x: 500, y: -20 }).after;
    expect(moved.nodes.map((node) => node.position)).toEqual(dice.nodes.map((node) => ({ x: node.position!.x + 500, y: node.position!.y - 20 })));
  });

  it('asks the canvas where the copied nodes go, and moves the group there as one', () => {
    const ids = ['dieA', 'sum'];
    let asked: string[] = [];
    const result = pasteNodes(dice, copyNodes(dice, ids)!, (copied) => {
      asked = copied.map((node) => node.id);
      return { x: 1000, y: 700 };
    });
    if (!result.ok) throw new Error(result.error);
    expect(asked).toEqual(ids);
    const [a, b] = ids.map((id) => dice.nodes.find((node) => node.id === id)!.position!);
    const left = Math.min(a.x, b.x);
    const top = Math.min(a.y, b.y);
    expect(result.command.nodes.map((node) => node.position)).toEqual([
      { x: a.x - left + 1000, y: a.y - top + 700 },
      { x: b.x - left + 1000, y: b.y - top + 700 },
    ]);
  });

  it('copies the selected frames with the nodes, and pastes them moved with them under fresh ids, twice', () => {
    const frame: Frame = { id: 'frame1', label: 'Dice', color: '#3b82f6', x: -20, y: -40, width: 300, height: 500, collapsed: true, hiddenNodes: ['dieA', 'dieB', 'plot'] };
    const framed = withFrames(dice, [frame]);
    // Not selected, a frame stays behind.
    expect(JSON.parse(copyNodes(framed, ['dieA', 'dieB'])!).meta?.frames).toBeUndefined();
    const text = copyNodes(framed, ['dieA', 'dieB'], ['frame1'])!;
    const once = paste(framed, text, { x: 1000, y: 0 });
    const firstOf = (document: GraphDocument) => framesOf(document).slice(1);
    const left = Math.min(...['dieA', 'dieB'].map((id) => dice.nodes.find((node) => node.id === id)!.position!.x));
    const top = Math.min(...['dieA', 'dieB'].map((id) => dice.nodes.find((node) => node.id === id)!.position!.y));
    // What it hides is the pasted dice (the plot was not copied), moved as the dice moved.
    expect(firstOf(once.after)).toEqual([{ ...frame, id: 'frame2', x: frame.x - left + 1000, y: frame.y - top, hiddenNodes: once.nodes }]);
    const twice = paste(once.after, text);
    expect(framesOf(twice.after).map((each) => each.id)).toEqual(['frame1', 'frame2', 'frame3']);
    expect(twice.frames).toEqual(['frame3']);
    expect(framesOf(twice.after)[2]).toMatchObject({ x: frame.x + 40, y: frame.y + 40, hiddenNodes: twice.nodes });
    // A frame in pasted text without a box is left out, the nodes still pasted.
    const odd = JSON.parse(text) as { meta: { frames: unknown[] } };
    odd.meta.frames = [{ id: 'f', x: 'left', y: 0, width: 10, height: 10 }];
    const pastedOdd = paste(dice, JSON.stringify(odd));
    expect(pastedOdd.nodes).toHaveLength(2);
    expect(framesOf(pastedOdd.after)).toEqual([]);
  });

  it('gives pasted nodes and edges fresh ids, and wires them as the originals were', () => {
    const ids = ['dieA', 'dieB', 'sum', 'plot'];
    const { after, nodes: pasted, command } = paste(dice, copyNodes(dice, ids)!);
    expect(after.nodes).toHaveLength(dice.nodes.length + 4);
    expect(new Set(after.nodes.map((node) => node.id)).size).toBe(after.nodes.length);
    expect(new Set(after.edges.map((edge) => edge.id)).size).toBe(after.edges.length);
    for (const id of pasted) expect(dice.nodes.some((node) => node.id === id)).toBe(false);
    const original = new Map(ids.map((id, index) => [pasted[index], id]));
    command.nodes.forEach((node, index) => {
      const source = dice.nodes.find((n) => n.id === ids[index])!;
      expect(content(node)).toEqual(content(source));
      // No target position: 40 px down and right, so the copy does not hide the original.
      expect(node.position).toEqual({ x: source.position!.x + 40, y: source.position!.y + 40 });
    });
    const wiring = (edges: readonly GraphDocument['edges'][number][], rename: (id: string) => string) =>
      edges.map((edge) => `${rename(edge.source)}.${edge.sourceHandle}->${rename(edge.target)}.${edge.targetHandle}`).sort();
    expect(wiring(command.edges ?? [], (id) => original.get(id)!)).toEqual(
      wiring(dice.edges.filter((edge) => ids.includes(edge.source) && ids.includes(edge.target)), (id) => id),
    );
    expect(validateDocument(after)).toEqual([]);
  });

  it('round-trips any selection of any example, pasted twice, without an id collision', () => {
    const documents = EXAMPLE_FILES.map(example);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: documents.length - 1 }), fc.infiniteStream(fc.boolean()), (which, picks) => {
        const document = documents[which];
        const iterator = picks[Symbol.iterator]();
        const ids = document.nodes.filter(() => iterator.next().value).map((node) => node.id);
        const text = copyNodes(document, ids);
        if (!text) return ids.length === 0;
        const once = paste(document, text);
        const twice = paste(once.after, text);
        expect(twice.after.nodes).toHaveLength(document.nodes.length + 2 * ids.length);
        expect(new Set(twice.after.nodes.map((node) => node.id)).size).toBe(twice.after.nodes.length);
        expect(new Set(twice.after.edges.map((edge) => edge.id)).size).toBe(twice.after.edges.length);
        const among = document.edges.filter((edge) => ids.includes(edge.source) && ids.includes(edge.target)).length;
        expect(twice.after.edges).toHaveLength(document.edges.length + 2 * among);
        expect(validateDocument(twice.after)).toEqual([]);
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it('finds the graph in a chat message, fenced or in the middle of a sentence', () => {
    const text = copyNodes(dice, ['dieA', 'dieB', 'sum'])!;
    const fenced = `Here is the dice part, try it:\n\n\`\`\`json\n${text}\`\`\`\n\nThe sum is a triangle.`;
    expect(findGraphText(fenced)).toBe(text.trim());
    expect(paste(empty, fenced).nodes).toEqual(['dieA', 'dieB', 'sum']);
    const inline = `paste this ${text.replace(/\n\s*/g, ' ')} and press run`;
    expect(paste(empty, inline).nodes).toEqual(['dieA', 'dieB', 'sum']);
  });

  it('says in one line why a text holds no usable graph, and adds nothing', () => {
    expect(pasteNodes(dice, 'just some words')).toEqual({ ok: false, error: expect.stringMatching(/holds no Convolab nodes/) });
    expect(pasteNodes(dice, '{"format": "convolab.graph", "version": 1, "nodes": [ {"id": "a", }], "edges": []}')).toEqual({
      ok: false,
      error: expect.stringMatching(/^line 1, column \d+: /),
    });
    // A graph in a sentence is wrong at its place in the whole text pasted, not in the part read as JSON.
    expect(pasteNodes(dice, 'hello {not json}')).toEqual({ ok: false, error: 'line 1, column 8: expected a key in double quotes but found "n"' });
    expect(pasteNodes(dice, 'Try this:\n\n  {"format": "convolab.graph",\n   "nodes": [1,]}\nthanks')).toEqual({ ok: false, error: 'line 4, column 16: a comma before ] (JSON allows no trailing comma)' });
    expect(pasteNodes(dice, '{"format": "excalidraw", "elements": []}')).toEqual({ ok: false, error: expect.stringMatching(/^format: must be "convolab.graph"/) });
    expect(pasteNodes(dice, '{"format": "convolab.graph", "version": 1, "nodes": [], "edges": []}')).toEqual({ ok: false, error: 'the pasted graph has no nodes' });
    const badParam = copyNodes(dice, ['dieA'])!.replace('"faces": 6', '"faces": -3');
    const refused = pasteNodes(dice, badParam);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error).toMatch(/^nodes\[0\]\.params\.faces: /);
    expect(refused.ok ? '' : refused.error).not.toContain('\n');
  });
});
