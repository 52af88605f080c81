/**
 * Frames that hold their nodes, as a model: a dragged frame carries what lies within it (one move,
 * one undo entry), membership is geometry (a node dragged out stays behind), and a collapsed frame
 * hides what it held, keeps that in the file, and opens again to exactly the document before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument, type GraphNode } from '../../src-shared/graph/document';
import {
  collapsePatch,
  EXPAND_PATCH,
  frameContents,
  frameDragPlacement,
  framesGoingWith,
  framesOf,
  hiddenByFrames,
  withFrames,
  type Frame,
  type Size,
} from '../../src-shared/graph/frames';
import { blockDefinitionOf, innerDocument } from '../../src-shared/graph/blocks';
import { loadGraph } from '../../src-shared/graph/load';
import { writeGraph } from '../../src-shared/graph/write';
import { applyCommand, duplicateCommand } from '../../src-renderer/store/commands';
import { record, redo, startHistory, undo } from '../../src-renderer/store/history';

const SIZE: Size = { width: 100, height: 60 };
const sizeOf = (): Size => SIZE;

function scale(id: string, x: number, y: number): GraphNode {
  return { id, type: 'op.scale', position: { x, y } };
}

function frame(id: string, x: number, y: number, width: number, height: number, extra: Partial<Frame> = {}): Frame {
  return { id, label: id, color: '#345', x, y, width, height, ...extra };
}

/**
 * inside1 and inside2 lie within f1 (0,0 400×300); straddle crosses its right edge; outside is
 * far away; f2 is a small frame inside f1.
 */
function sample(): GraphDocument {
  const document: GraphDocument = {
    ...emptyDocument(),
    nodes: [scale('inside1', 20, 40), scale('inside2', 200, 200), scale('straddle', 350, 40), scale('outside', 900, 900)],
    edges: [
      { id: 'e1', source: 'inside1', sourceHandle: 'out', target: 'inside2', targetHandle: 'in' },
      { id: 'e2', source: 'inside2', sourceHandle: 'out', target: 'outside', targetHandle: 'in' },
    ],
  };
  return withFrames(document, [frame('f1', 0, 0, 400, 300), frame('f2', 180, 180, 150, 100)]);
}

function positionOf(document: GraphDocument, id: string): { x: number; y: number } {
  return document.nodes.find((node) => node.id === id)!.position!;
}

function frameOf(document: GraphDocument, id: string): Frame {
  return framesOf(document).find((f) => f.id === id)!;
}

describe('a dragged frame carries its nodes', () => {
  it('moves the nodes and frames within it by its delta, and leaves the rest where they were', () => {
    const before = sample();
    const placement = frameDragPlacement(before, { f1: { x: 50, y: -30 } }, sizeOf);
    const after = applyCommand(before, { kind: 'move', ...placement });
    expect(positionOf(after, 'inside1')).toEqual({ x: 70, y: 10 });
    expect(positionOf(after, 'inside2')).toEqual({ x: 250, y: 170 });
    expect(frameOf(after, 'f1')).toMatchObject({ x: 50, y: -30, width: 400, height: 300 });
    expect(frameOf(after, 'f2')).toMatchObject({ x: 230, y: 150 });
    // A node only partly inside is not held (its right edge passes the frame's).
    expect(positionOf(after, 'straddle')).toEqual({ x: 350, y: 40 });
    expect(positionOf(after, 'outside')).toEqual({ x: 900, y: 900 });
  });

  it('is one undo entry: one undo puts the frame and every node it carried back', () => {
    const before = sample();
    const placement = frameDragPlacement(before, { f1: { x: 50, y: -30 } }, sizeOf);
    const dragged = record(startHistory(before), { kind: 'move', ...placement });
    expect(dragged.past).toHaveLength(1);
    expect(positionOf(dragged.present, 'inside1')).not.toEqual(positionOf(before, 'inside1'));
    expect(undo(dragged).present).toEqual(before);
  });

  it('holds by geometry: a node dragged out stays behind, a node dragged in comes along', () => {
    const out = applyCommand(sample(), { kind: 'move', nodes: { inside1: { x: 600, y: 40 }, outside: { x: 30, y: 120 } } });
    expect([...frameContents(out, 'f1', sizeOf).nodes].sort()).toEqual(['inside2', 'outside']);
    const after = applyCommand(out, { kind: 'move', ...frameDragPlacement(out, { f1: { x: 10, y: 0 } }, sizeOf) });
    expect(positionOf(after, 'inside1')).toEqual({ x: 600, y: 40 });
    expect(positionOf(after, 'outside')).toEqual({ x: 40, y: 120 });
  });

  it('judges by the sizes the view measured: a node drawn taller than the frame is not inside', () => {
    const tall = (id: string): Size => (id === 'inside1' ? { width: 100, height: 400 } : SIZE);
    expect(frameContents(sample(), 'f1', tall).nodes).not.toContain('inside1');
    expect(frameContents(sample(), 'f1', sizeOf).nodes).toContain('inside1');
  });

  it('does not move twice what the drag moves itself (a selected node dragged with its frame)', () => {
    const placement = frameDragPlacement(sample(), { f1: { x: 50, y: 0 } }, sizeOf, new Set(['inside1']));
    expect(placement.nodes.inside1).toBeUndefined();
    expect(placement.nodes.inside2).toEqual({ x: 250, y: 200 });
  });

  it('moves every node it holds by exactly the frame delta, for any layout and any drag', () => {
    const layout = fc.array(fc.record({ x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(layout, fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }), (spots, dx, dy) => {
        const nodes = spots.map((spot, index) => scale(`scale${index + 1}`, spot.x, spot.y));
        const before = withFrames({ ...emptyDocument(), nodes }, [frame('f1', -200, -200, 400, 400)]);
        const after = applyCommand(before, { kind: 'move', ...frameDragPlacement(before, { f1: { x: -200 + dx, y: -200 + dy } }, sizeOf) });
        for (const node of nodes) {
          const { x, y } = node.position!;
          const inside = x >= -200 && y >= -200 && x + SIZE.width <= 200 && y + SIZE.height <= 200;
          expect(positionOf(after, node.id)).toEqual(inside ? { x: x + dx, y: y + dy } : { x, y });
        }
        expect(undo(record(startHistory(before), { kind: 'move', ...frameDragPlacement(before, { f1: { x: -200 + dx, y: -200 + dy } }, sizeOf) })).present).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a collapsed frame', () => {
  function collapsed(document = sample()): GraphDocument {
    return applyCommand(document, { kind: 'updateFrame', id: 'f1', patch: collapsePatch(document, 'f1', sizeOf) });
  }

  it('hides what it held, inner frames and their nodes too, and draws them as itself', () => {
    const hidden = hiddenByFrames(collapsed());
    expect(Object.fromEntries(hidden.nodes)).toEqual({ inside1: 'f1', inside2: 'f1' });
    expect(Object.fromEntries(hidden.frames)).toEqual({ f2: 'f1' });
    expect(frameOf(collapsed(), 'f1')).toMatchObject({ collapsed: true });
  });

  it('keeps nodes placed later below its title bar in sight (what it hides was decided when it collapsed)', () => {
    const later = applyCommand(collapsed(), { kind: 'addNodes', nodes: [scale('later', 100, 100)] });
    expect(hiddenByFrames(later).nodes.has('later')).toBe(false);
  });

  it('opens again to exactly the document it collapsed from, and undo of the collapse is one step', () => {
    const before = sample();
    const history = record(startHistory(before), { kind: 'updateFrame', id: 'f1', patch: collapsePatch(before, 'f1', sizeOf) });
    expect(history.past).toHaveLength(1);
    expect(undo(history).present).toEqual(before);
    const reopened = applyCommand(history.present, { kind: 'updateFrame', id: 'f1', patch: EXPAND_PATCH });
    expect(reopened).toEqual(before);
    expect(Object.keys(frameOf(reopened, 'f1')).sort()).toEqual(['color', 'height', 'id', 'label', 'width', 'x', 'y']);
  });

  it('carries what it hides when dragged, without asking the view for sizes', () => {
    const document = collapsed();
    const noSizes = (): Size => {
      throw new Error('a collapsed frame holds what it hid, whatever the view measures');
    };
    const after = applyCommand(document, { kind: 'move', ...frameDragPlacement(document, { f1: { x: 100, y: 100 } }, noSizes) });
    expect(positionOf(after, 'inside1')).toEqual({ x: 120, y: 140 });
    expect(frameOf(after, 'f2')).toMatchObject({ x: 280, y: 280 });
    expect(positionOf(after, 'outside')).toEqual({ x: 900, y: 900 });
    // Opened where it was dropped, it holds the same nodes as before the drag.
    const reopened = applyCommand(after, { kind: 'updateFrame', id: 'f1', patch: EXPAND_PATCH });
    expect([...frameContents(reopened, 'f1', sizeOf).nodes].sort()).toEqual(['inside1', 'inside2']);
  });

  it('gives views the same hidden set after an edit that hides nothing new, and a new one after one that does', () => {
    const document = collapsed();
    const hidden = hiddenByFrames(document);
    expect(hiddenByFrames(applyCommand(document, { kind: 'setParam', node: 'outside', name: 'factor', value: 3 }))).toBe(hidden);
    expect(hiddenByFrames(applyCommand(document, { kind: 'remove', nodes: ['inside1'] }))).not.toBe(hidden);
  });

  it('is kept in the file, and read back collapsed', () => {
    const text = writeGraph(collapsed());
    const loaded = loadGraph(text);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(frameOf(loaded.document, 'f1')).toMatchObject({ collapsed: true, hiddenNodes: ['inside1', 'inside2'], hiddenFrames: ['f2'] });
    expect(hiddenByFrames(loaded.document).nodes.get('inside2')).toBe('f1');
  });

  it('forgets a deleted node, so a new node given its id is not hidden', () => {
    const without = applyCommand(collapsed(), { kind: 'remove', nodes: ['inside1'] });
    expect(frameOf(without, 'f1').hiddenNodes).toEqual(['inside2']);
    const again = applyCommand(without, { kind: 'addNodes', nodes: [scale('inside1', 600, 600)] });
    expect(hiddenByFrames(again).nodes.has('inside1')).toBe(false);
  });

  it('deleted, leaves its nodes in place and in sight', () => {
    const without = applyCommand(collapsed(), { kind: 'remove', frames: ['f1'] });
    expect(without.nodes.map((node) => node.id)).toEqual(['inside1', 'inside2', 'straddle', 'outside']);
    expect(positionOf(without, 'inside1')).toEqual({ x: 20, y: 40 });
    expect(hiddenByFrames(without).nodes.size).toBe(0);
  });

  it('from a hand-edited file: lists that are not lists, unknown ids or a loop hide nothing they should not', () => {
    const nodes = [scale('a', 0, 0), scale('b', 0, 0)];
    const odd = withFrames({ ...emptyDocument(), nodes }, [
      { ...frame('f1', 0, 0, 10, 10), collapsed: true, hiddenNodes: 'a' as unknown as string[] },
      { ...frame('f2', 0, 0, 10, 10), collapsed: true, hiddenNodes: ['b', 'ghost', 7 as unknown as string], hiddenFrames: ['f3'] },
      { ...frame('f3', 0, 0, 10, 10), collapsed: true, hiddenFrames: ['f2'] },
    ]);
    const hidden = hiddenByFrames(odd);
    expect([...hidden.nodes.keys()]).toEqual(['b']);
    // f2 and f3 hide each other: neither is hidden, so neither can be lost.
    expect(hidden.frames.size).toBe(0);
    expect(() => applyCommand(odd, { kind: 'remove', nodes: ['a'] })).not.toThrow();
  });
});

describe('frames grouped as a block with their nodes', () => {
  const everything = { nodes: ['inside1', 'inside2'], frames: ['f1', 'f2'] };

  it('go when selected and holding only selected nodes; a frame that still holds a node outside stays', () => {
    expect(framesGoingWith(sample(), everything.nodes, everything.frames, sizeOf)).toEqual(['f1', 'f2']);
    // inside2 (held by f2, and so by f1) stays out: both frames stay.
    expect(framesGoingWith(sample(), ['inside1'], ['f1', 'f2'], sizeOf)).toEqual([]);
    // f2 holds only inside2; f1 also holds inside1, which stays out.
    expect(framesGoingWith(sample(), ['inside2'], ['f1', 'f2'], sizeOf)).toEqual(['f2']);
    // A frame a selected one holds goes with it, as a drag of it carries it …
    expect(framesGoingWith(sample(), everything.nodes, ['f1'], sizeOf)).toEqual(['f1', 'f2']);
    // … but a frame neither selected nor held by a selected one never goes, even when all it holds does.
    expect(framesGoingWith(sample(), everything.nodes, ['f2'], sizeOf)).toEqual(['f2']);
    expect(framesGoingWith(sample(), everything.nodes, [], sizeOf)).toEqual([]);
  });

  it('leave no empty frame behind: they are inside the block, around the same nodes, and ungroup brings them back in place', () => {
    const before = sample();
    const grouped = applyCommand(before, { kind: 'group', id: 'block1', ...everything });
    expect(framesOf(grouped)).toEqual([]);
    const inside = innerDocument(blockDefinitionOf(grouped, 'block1')!);
    expect(framesOf(inside).map((f) => f.id)).toEqual(['f1', 'f2']);
    expect(frameContents(inside, 'f1', sizeOf)).toEqual({ nodes: ['inside1', 'inside2'], frames: ['f2'] });
    // Saved and opened again, the block keeps them.
    const reloaded = loadGraph(writeGraph(grouped));
    if (!reloaded.ok) throw new Error(reloaded.error);
    expect(framesOf(innerDocument(blockDefinitionOf(reloaded.document, 'block1')!))).toEqual(framesOf(inside));

    const back = applyCommand(grouped, { kind: 'ungroup', node: 'block1' });
    expect(framesOf(back)).toEqual(framesOf(before));
    expect(back.nodes.map((node) => [node.id, node.position])).toEqual(expect.arrayContaining(before.nodes.map((node) => [node.id, node.position])));
    // Grouped again, nothing is left behind again.
    expect(framesOf(applyCommand(back, { kind: 'group', id: 'block1', ...everything }))).toEqual([]);
  });

  it('come back under fresh ids when the graph has taken theirs meanwhile, a collapsed one still hiding its nodes', () => {
    const closed = applyCommand(sample(), { kind: 'updateFrame', id: 'f2', patch: collapsePatch(sample(), 'f2', sizeOf) });
    const grouped = applyCommand(closed, { kind: 'group', id: 'block1', ...everything });
    const taken = applyCommand(grouped, { kind: 'addFrame', frame: frame('f2', 2000, 2000, 50, 50) });
    const back = applyCommand(taken, { kind: 'ungroup', node: 'block1' });
    expect(framesOf(back).map((f) => f.id)).toEqual(['f2', 'f1', 'f3']);
    expect(frameOf(back, 'f3')).toMatchObject({ collapsed: true, hiddenNodes: ['inside2'], x: 180, y: 180 });
    expect(hiddenByFrames(back).nodes.get('inside2')).toBe('f3');
    // The new f2 hides nothing it did not hide before.
    expect(frameOf(back, 'f2')).toEqual(frame('f2', 2000, 2000, 50, 50));
  });

  it('undo puts the frames back outside and redo takes them in again, one step each', () => {
    const before = sample();
    const grouped = record(startHistory(before), { kind: 'group', id: 'block1', ...everything });
    const undone = undo(grouped);
    expect(undone.present).toBe(before);
    expect(redo(undone).present).toEqual(grouped.present);
    expect(framesOf(redo(undone).present)).toEqual([]);
  });
});

describe('a frame duplicated with its nodes (Ctrl+D)', () => {
  it('is copied with them, moved by the same offset under a fresh id, and its copy holds the copies', () => {
    const before = sample();
    const command = duplicateCommand(before, ['inside1', 'inside2'], { x: 0, y: 500 }, ['f1', 'f2'])!;
    const after = applyCommand(before, command);
    expect(framesOf(after).map((f) => f.id)).toEqual(['f1', 'f2', 'frame1', 'frame2']);
    expect(frameOf(after, 'frame1')).toEqual({ ...frame('f1', 0, 500, 400, 300), id: 'frame1' });
    const copies = after.nodes.slice(before.nodes.length).map((node) => node.id);
    expect(copies).toHaveLength(2);
    expect(frameContents(after, 'frame1', sizeOf)).toEqual({ nodes: copies, frames: ['frame2'] });
    // The originals are as they were, and one undo takes every copy away.
    expect(framesOf(after).slice(0, 2)).toEqual(framesOf(before));
    expect(undo(record(startHistory(before), command)).present).toBe(before);
  });

  it('collapsed, hides the copies of what the original hides', () => {
    const closed = applyCommand(sample(), { kind: 'updateFrame', id: 'f2', patch: collapsePatch(sample(), 'f2', sizeOf) });
    const after = applyCommand(closed, duplicateCommand(closed, ['inside2'], { x: 0, y: 500 }, ['f2'])!);
    const copy = after.nodes.at(-1)!.id;
    expect(frameOf(after, 'frame1')).toMatchObject({ collapsed: true, hiddenNodes: [copy], y: 680 });
    expect(hiddenByFrames(after).nodes.get(copy)).toBe('frame1');
  });

  it('without frames selected, copies nodes alone', () => {
    expect(framesOf(applyCommand(sample(), duplicateCommand(sample(), ['inside1'], { x: 0, y: 500 })!))).toEqual(framesOf(sample()));
  });
});
