/**
 * Tidy up (src-renderer/canvas/layout.ts) and align/distribute (align.ts): pure functions from a
 * document, or boxes, to new positions. The properties are what a user sees: wires run left to
 * right, no node covers another, a frame still holds its nodes, a tidied selection stays where it
 * was, and one undo puts everything back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument } from '../../src-shared/graph/document';
import { framesOf, withFrames, type Frame } from '../../src-shared/graph/frames';
import { alignBoxes, distributeBoxes, DISTRIBUTE_MIN_GAP, type NodeBox } from '../../src-renderer/canvas/align';
import { FRAME_PADDING, tidyCommand, tidyLayout, type Size } from '../../src-renderer/canvas/layout';
import type { Box } from '../../src-renderer/canvas/placement';
import { applyCommand } from '../../src-renderer/store/commands';
import { record, startHistory, undo } from '../../src-renderer/store/history';

const FALLBACK: Size = { width: 240, height: 200 };

interface Spec {
  readonly nodes: readonly { id: string; x: number; y: number; width: number; height: number }[];
  readonly edges: readonly (readonly [string, string])[];
  readonly frames?: readonly Frame[];
}

function documentOf(spec: Spec): { document: GraphDocument; sizes: Map<string, Size> } {
  const document: GraphDocument = {
    ...emptyDocument(),
    nodes: spec.nodes.map((node) => ({ id: node.id, type: 'op.scale', position: { x: node.x, y: node.y } })),
    edges: spec.edges.map(([source, target], index) => ({ id: `e${index}`, source, sourceHandle: 'out', target, targetHandle: 'in' })),
  };
  const sizes = new Map(spec.nodes.map((node) => [node.id, { width: node.width, height: node.height }]));
  return { document: spec.frames ? withFrames(document, spec.frames) : document, sizes };
}

/** Every node's box in `document` (sizes as given). */
function boxesOf(document: GraphDocument, sizes: ReadonlyMap<string, Size>): Map<string, Box> {
  return new Map(document.nodes.map((node) => [node.id, { x: node.position!.x, y: node.position!.y, ...(sizes.get(node.id) ?? FALLBACK) }]));
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function within(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function overlapping(boxes: readonly [string, Box][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i][1], boxes[j][1])) out.push(`${boxes[i][0]}×${boxes[j][0]}`);
  return out;
}

function topLeft(boxes: Iterable<Box>): { x: number; y: number } {
  const list = [...boxes];
  return { x: Math.min(...list.map((box) => box.x)), y: Math.min(...list.map((box) => box.y)) };
}

/** A random DAG: edges only from a lower index to a higher one; sizes as nodes with previews have. */
const dagSpec: fc.Arbitrary<Spec> = fc
  .record({
    count: fc.integer({ min: 1, max: 12 }),
    sizes: fc.array(fc.record({ width: fc.integer({ min: 120, max: 360 }), height: fc.integer({ min: 60, max: 320 }) }), { minLength: 12, maxLength: 12 }),
    places: fc.array(fc.record({ x: fc.integer({ min: -3000, max: 3000 }), y: fc.integer({ min: -3000, max: 3000 }) }), { minLength: 12, maxLength: 12 }),
    pairs: fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 24 }),
  })
  .map(({ count, sizes, places, pairs }) => ({
    nodes: Array.from({ length: count }, (_, i) => ({ id: `n${i}`, ...places[i], ...sizes[i] })),
    edges: pairs
      .map(([a, b]) => [Math.min(a, b) % count, Math.max(a, b) % count] as const)
      .filter(([a, b]) => a < b)
      .map(([a, b]) => [`n${a}`, `n${b}`] as const),
  }));

describe('tidy up', () => {
  it('lays a DAG out with every wire running left to right, no node over another, at the old top-left (property)', () => {
    fc.assert(
      fc.property(dagSpec, (spec) => {
        const { document, sizes } = documentOf(spec);
        const after = applyCommand(document, tidyCommand(document, undefined, sizes, FALLBACK)!);
        const boxes = boxesOf(after, sizes);
        for (const edge of after.edges) {
          const source = boxes.get(edge.source)!;
          const target = boxes.get(edge.target)!;
          expect(source.x + source.width, `${edge.source} → ${edge.target}`).toBeLessThan(target.x);
        }
        expect(overlapping([...boxes])).toEqual([]);
        expect(topLeft(boxes.values())).toEqual(topLeft(boxesOf(document, sizes).values()));
      }),
      { numRuns: 60 },
    );
  });

  it('lays out only the selection, anchored at its old top-left, and leaves every other node where it was', () => {
    const { document, sizes } = documentOf({
      nodes: [
        { id: 'a', x: 900, y: 500, width: 200, height: 150 },
        { id: 'b', x: 400, y: 700, width: 200, height: 150 },
        { id: 'c', x: 650, y: 420, width: 200, height: 150 },
        { id: 'far', x: -2000, y: -2000, width: 200, height: 150 },
      ],
      edges: [['a', 'b'], ['b', 'c'], ['far', 'a']],
    });
    const command = tidyCommand(document, ['a', 'b', 'c'], sizes, FALLBACK)!;
    expect(command.kind).toBe('move');
    if (command.kind !== 'move') return;
    expect(Object.keys(command.nodes!).sort()).toEqual(['a', 'b', 'c']);
    const after = boxesOf(applyCommand(document, command), sizes);
    expect(after.get('far')).toEqual(boxesOf(document, sizes).get('far'));
    // The selection's old top-left: the leftmost (b, 400) and the topmost (c, 420).
    expect(topLeft(['a', 'b', 'c'].map((id) => after.get(id)!))).toEqual({ x: 400, y: 420 });
    expect(after.get('a')!.x + 200).toBeLessThan(after.get('b')!.x);
    expect(after.get('b')!.x + 200).toBeLessThan(after.get('c')!.x);
  });

  it('moves a tidied selection to the free spot nearest its old corner when it would land on another node', () => {
    const { document, sizes } = documentOf({
      nodes: [
        { id: 'a', x: 0, y: 0, width: 200, height: 150 },
        { id: 'b', x: 0, y: 200, width: 200, height: 150 },
        { id: 'c', x: 0, y: 400, width: 200, height: 150 },
        // Where the row a → b → c would go.
        { id: 'bystander', x: 300, y: 0, width: 200, height: 150 },
      ],
      edges: [['a', 'b'], ['b', 'c']],
    });
    const after = boxesOf(applyCommand(document, tidyCommand(document, ['a', 'b', 'c'], sizes, FALLBACK)!), sizes);
    const bystander = after.get('bystander')!;
    expect(bystander).toEqual(boxesOf(document, sizes).get('bystander'));
    for (const id of ['a', 'b', 'c']) expect(overlap(after.get(id)!, bystander), id).toBe(false);
    // Near: just below the bystander (150 + the 24 gap, on the 40 grid), not somewhere far off.
    const corner = topLeft(['a', 'b', 'c'].map((id) => after.get(id)!));
    expect(Math.hypot(corner.x, corner.y)).toBeLessThanOrEqual(200);
  });

  it('lays out a graph with a cycle without throwing: dagre turns one wire back, the rest run left to right', () => {
    const { document, sizes } = documentOf({
      nodes: ['a', 'b', 'c', 'd'].map((id, i) => ({ id, x: i * 10, y: 0, width: 200, height: 150 })),
      edges: [['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']],
    });
    const result = tidyLayout(document, undefined, sizes, FALLBACK);
    const boxes = new Map(Object.entries(result.nodes).map(([id, position]) => [id, { ...position, ...sizes.get(id)! }]));
    expect(boxes.size).toBe(4);
    for (const box of boxes.values()) expect(Number.isFinite(box.x) && Number.isFinite(box.y)).toBe(true);
    expect(overlapping([...boxes])).toEqual([]);
    const backwards = document.edges.filter((edge) => !(boxes.get(edge.source)!.x < boxes.get(edge.target)!.x));
    expect(backwards.length).toBe(1);
    expect(['e0', 'e1', 'e2']).toContain(backwards[0].id);
  });

  it('gives nodes React Flow has not measured the fallback size, so they do not overlap either', () => {
    const { document } = documentOf({
      nodes: ['a', 'b', 'c'].map((id) => ({ id, x: 0, y: 0, width: 0, height: 0 })),
      edges: [['a', 'c'], ['b', 'c']],
    });
    const result = tidyLayout(document, undefined, new Map(), FALLBACK);
    const boxes = Object.entries(result.nodes).map(([id, position]): [string, Box] => [id, { ...position, ...FALLBACK }]);
    expect(overlapping(boxes)).toEqual([]);
  });
});

/** Frame `id` drawn around `members` (boxes) as the toolbar's Frame does. */
function frameAround(id: string, members: readonly Box[]): Frame {
  const x = Math.min(...members.map((box) => box.x)) - FRAME_PADDING.left;
  const y = Math.min(...members.map((box) => box.y)) - FRAME_PADDING.top;
  const right = Math.max(...members.map((box) => box.x + box.width)) + FRAME_PADDING.right;
  const bottom = Math.max(...members.map((box) => box.y + box.height)) + FRAME_PADDING.bottom;
  return { id, label: id, color: '#3b82f6', x, y, width: right - x, height: bottom - y };
}

/**
 * Nodes in up to two frames (each frame's nodes in a row of its own, far from the others), the
 * rest loose, wired as a random DAG.
 */
const framedSpec: fc.Arbitrary<{ spec: Spec; members: Record<string, string[]> }> = fc
  .record({ dag: dagSpec, groups: fc.array(fc.constantFrom(0, 1, 2), { minLength: 12, maxLength: 12 }) })
  .map(({ dag, groups }) => {
    const members: Record<string, string[]> = { A: [], B: [] };
    const nodes = dag.nodes.map((node, i) => {
      const group = groups[i];
      if (group === 0) return { ...node, y: 5000 + i * 400 };
      const frame = group === 1 ? 'A' : 'B';
      members[frame].push(node.id);
      // Each frame's nodes side by side in a band of their own (frames far apart, never nested).
      return { ...node, x: i * 400, y: group === 1 ? 0 : 2000 };
    });
    const frames = Object.entries(members)
      .filter(([, ids]) => ids.length > 0)
      .map(([id, ids]) => frameAround(id, nodes.filter((node) => ids.includes(node.id))));
    return { spec: { ...dag, nodes, frames }, members };
  });

describe('tidy up with frames', () => {
  it('keeps each frame around its nodes, clear of other nodes and frames, wires still left to right (property)', () => {
    fc.assert(
      fc.property(framedSpec, ({ spec, members }) => {
        const { document, sizes } = documentOf(spec);
        const after = applyCommand(document, tidyCommand(document, undefined, sizes, FALLBACK)!);
        const boxes = boxesOf(after, sizes);
        const frames = framesOf(after);
        for (const frame of frames) {
          const inside = members[frame.id];
          for (const id of inside) expect(within(boxes.get(id)!, frame), `${id} in ${frame.id}`).toBe(true);
          for (const [id, box] of boxes) if (!inside.includes(id)) expect(overlap(box, frame), `${id} over ${frame.id}`).toBe(false);
        }
        expect(overlapping(frames.map((frame) => [frame.id, frame]))).toEqual([]);
        expect(overlapping([...boxes])).toEqual([]);
        for (const edge of after.edges) expect(boxes.get(edge.source)!.x, `${edge.source} → ${edge.target}`).toBeLessThan(boxes.get(edge.target)!.x);
      }),
      { numRuns: 60 },
    );
  });

  it('resizes a frame whose nodes moved as one batch, and leaves alone a frame holding none of the laid-out nodes', () => {
    const row = (ids: string[], y: number) => ids.map((id, i) => ({ id, x: i * 30, y, width: 200, height: 150 }));
    const nodes = [...row(['a', 'b', 'c'], 0), ...row(['p', 'q'], 3000)];
    const inFrame = frameAround('F', nodes.slice(0, 3));
    const untouched = frameAround('G', nodes.slice(3));
    const { document, sizes } = documentOf({ nodes, edges: [['a', 'b'], ['b', 'c'], ['p', 'q']], frames: [inFrame, untouched] });

    const command = tidyCommand(document, ['a', 'b', 'c'], sizes, FALLBACK)!;
    expect(command.kind).toBe('batch');
    const after = applyCommand(document, command);
    const frame = framesOf(after).find((candidate) => candidate.id === 'F')!;
    // Three nodes in a row are wider than three stacked on top of each other, as they were.
    expect(frame.width).toBeGreaterThan(inFrame.width);
    const boxes = boxesOf(after, sizes);
    for (const id of ['a', 'b', 'c']) expect(within(boxes.get(id)!, frame)).toBe(true);
    expect(framesOf(after).find((candidate) => candidate.id === 'G')).toEqual(untouched);
    expect(boxes.get('p')).toEqual(boxesOf(document, sizes).get('p'));
  });

  it('keeps a frame inside a frame around its nodes, and the outer one around both', () => {
    const nodes = [
      { id: 'a', x: 0, y: 0, width: 200, height: 150 },
      { id: 'b', x: 60, y: 40, width: 200, height: 150 },
      { id: 'c', x: 600, y: 0, width: 200, height: 150 },
      { id: 'd', x: 1600, y: 0, width: 200, height: 150 },
    ];
    const inner = frameAround('inner', nodes.slice(0, 2));
    const outer = frameAround('outer', [inner, nodes[2]]);
    const { document, sizes } = documentOf({ nodes, edges: [['a', 'b'], ['b', 'c'], ['c', 'd']], frames: [inner, outer] });
    const after = applyCommand(document, tidyCommand(document, undefined, sizes, FALLBACK)!);
    const boxes = boxesOf(after, sizes);
    const frames = new Map(framesOf(after).map((frame) => [frame.id, frame]));
    for (const id of ['a', 'b']) expect(within(boxes.get(id)!, frames.get('inner')!)).toBe(true);
    expect(within(frames.get('inner')!, frames.get('outer')!)).toBe(true);
    expect(within(boxes.get('c')!, frames.get('outer')!)).toBe(true);
    expect(overlap(boxes.get('d')!, frames.get('outer')!)).toBe(false);
    expect(overlap(boxes.get('c')!, frames.get('inner')!)).toBe(false);
  });

  it('is one undo entry: one undo puts every node and frame back', () => {
    const nodes = [
      { id: 'a', x: 500, y: 0, width: 200, height: 150 },
      { id: 'b', x: 0, y: 300, width: 200, height: 150 },
      { id: 'c', x: 1000, y: 900, width: 200, height: 150 },
    ];
    const { document, sizes } = documentOf({ nodes, edges: [['a', 'b'], ['b', 'c']], frames: [frameAround('F', nodes.slice(0, 2))] });
    const tidied = record(startHistory(document), tidyCommand(document, undefined, sizes, FALLBACK)!);
    expect(tidied.past).toHaveLength(1);
    expect(tidied.present).not.toEqual(document);
    expect(framesOf(tidied.present)[0]).not.toEqual(framesOf(document)[0]);
    const undone = undo(tidied);
    expect(undone.present).toEqual(document);
    expect(undone.past).toHaveLength(0);
  });
});

describe('align and distribute', () => {
  const boxes: NodeBox[] = [
    { id: 'a', x: 10, y: 100, width: 100, height: 50 },
    { id: 'b', x: 300, y: 20, width: 200, height: 80 },
    { id: 'c', x: 120, y: 400, width: 50, height: 120 },
  ];
  // The selection's bounds: x 10…500 (centre 255), y 20…520 (middle 270).

  it('aligns edges and centres on the selection bounds, keeping the other axis', () => {
    expect(alignBoxes(boxes, 'left')).toEqual({ a: { x: 10, y: 100 }, b: { x: 10, y: 20 }, c: { x: 10, y: 400 } });
    expect(alignBoxes(boxes, 'right')).toEqual({ a: { x: 400, y: 100 }, b: { x: 300, y: 20 }, c: { x: 450, y: 400 } });
    expect(alignBoxes(boxes, 'centre')).toEqual({ a: { x: 205, y: 100 }, b: { x: 155, y: 20 }, c: { x: 230, y: 400 } });
    expect(alignBoxes(boxes, 'top')).toEqual({ a: { x: 10, y: 20 }, b: { x: 300, y: 20 }, c: { x: 120, y: 20 } });
    expect(alignBoxes(boxes, 'bottom')).toEqual({ a: { x: 10, y: 470 }, b: { x: 300, y: 440 }, c: { x: 120, y: 400 } });
    expect(alignBoxes(boxes, 'middle')).toEqual({ a: { x: 10, y: 245 }, b: { x: 300, y: 230 }, c: { x: 120, y: 210 } });
  });

  it('distributes with equal gaps in the order along the axis, over the same extent', () => {
    // Horizontally: a (10…110), c (120…170), b (300…500); widths 350 over 490 leave 140: gaps of 70.
    expect(distributeBoxes(boxes, 'horizontal')).toEqual({ a: { x: 10, y: 100 }, c: { x: 180, y: 400 }, b: { x: 300, y: 20 } });
    // Vertically: b (20…100), a (100…150), c (400…520); heights 250 over 500 leave 250: gaps of 125.
    expect(distributeBoxes(boxes, 'vertical')).toEqual({ b: { x: 300, y: 20 }, a: { x: 10, y: 225 }, c: { x: 120, y: 400 } });
  });

  it('gives equal gaps for any boxes that have room, and spreads overlapping ones apart (property)', () => {
    const box = fc.record({ x: fc.integer({ min: -2000, max: 2000 }), y: fc.integer({ min: -2000, max: 2000 }), width: fc.integer({ min: 20, max: 400 }), height: fc.integer({ min: 20, max: 400 }) });
    fc.assert(
      fc.property(fc.array(box, { minLength: 3, maxLength: 10 }), (list) => {
        const named = list.map((b, i) => ({ ...b, id: `n${i}` }));
        const moved = distributeBoxes(named, 'horizontal');
        const after = named.map((b) => ({ ...b, ...moved[b.id] })).sort((p, q) => p.x - q.x);
        const gaps = after.slice(1).map((b, i) => b.x - (after[i].x + after[i].width));
        for (const b of after) expect(b.y).toBe(named.find((n) => n.id === b.id)!.y);
        // Rounding each position to whole units may make two gaps differ by one.
        expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(-1);
        const room = Math.max(...named.map((b) => b.x + b.width)) - Math.min(...named.map((b) => b.x)) - named.reduce((sum, b) => sum + b.width, 0);
        if (room < 0) expect(gaps.every((gap) => Math.abs(gap - DISTRIBUTE_MIN_GAP) <= 1)).toBe(true);
        else expect(after[0].x).toBe(Math.min(...named.map((b) => b.x)));
      }),
    );
  });

  it('is one move: one undo puts the aligned nodes back', () => {
    const { document } = documentOf({ nodes: boxes, edges: [] });
    const aligned = record(startHistory(document), { kind: 'move', nodes: alignBoxes(boxes, 'top') });
    expect(aligned.present.nodes.map((node) => node.position!.y)).toEqual([20, 20, 20]);
    expect(undo(aligned).present).toEqual(document);
  });
});
