import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src-shared/graph/document';
import { loadGraph } from '../../src-shared/graph/load';
import {
  copiedReroutes,
  insertReroutePoint,
  keepReroutesOfEdges,
  moveReroutePoint,
  removeReroutePoint,
  reroutePointsOf,
  withoutReroutesOf,
} from '../../src-shared/graph/reroutes';
import { LIMITS } from '../../src-shared/graph/schema';
import { writeGraph } from '../../src-shared/graph/write';

function twoDice(): GraphDocument {
  const loaded = loadGraph(readFileSync(new URL('../../examples/two-dice.convolab.json', import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.document;
}

/** two-dice's text with `reroutes` as meta.reroutes (raw JSON, so hostile values can be written). */
function twoDiceWith(reroutes: string): string {
  const text = readFileSync(new URL('../../examples/two-dice.convolab.json', import.meta.url), 'utf8');
  return text.replace('"title": "Two dice",', `"title": "Two dice", "reroutes": ${reroutes},`);
}

describe('reroute points in the graph file', () => {
  it('survive a save and a load, in order, each point on one line of the file', () => {
    let document = twoDice();
    document = insertReroutePoint(document, 'e3', 0, { x: 420, y: -60 });
    document = insertReroutePoint(document, 'e3', 1, { x: 520, y: -40 });
    document = insertReroutePoint(document, 'e5', 0, { x: 450.5, y: 600 });
    const text = writeGraph(document);
    expect(text).toContain('\n        { "x": 420, "y": -60 },\n        { "x": 520, "y": -40 }\n');
    const loaded = loadGraph(text);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(reroutePointsOf(loaded.document, 'e3')).toEqual([{ x: 420, y: -60 }, { x: 520, y: -40 }]);
    expect(reroutePointsOf(loaded.document, 'e5')).toEqual([{ x: 450.5, y: 600 }]);
    expect(reroutePointsOf(loaded.document, 'e1')).toEqual([]);
    // The rest of meta is untouched, and writing again gives the same bytes.
    expect(loaded.document.meta?.title).toBe('Two dice');
    expect(writeGraph(loaded.document)).toBe(text);
  });

  it('leave no trace in meta once the last point is gone', () => {
    const start = twoDice();
    const added = insertReroutePoint(start, 'e1', 0, { x: 10, y: 20 });
    expect(added.meta?.reroutes).toEqual({ e1: [{ x: 10, y: 20 }] });
    const removed = removeReroutePoint(added, 'e1', 0);
    expect(removed.meta).toEqual(start.meta);
    expect(Object.hasOwn(removed.meta!, 'reroutes')).toBe(false);
    expect(writeGraph(removed)).toBe(writeGraph(start));
  });

  const hostile: [string, string, RegExp][] = [
    ['not a map', '[1, 2]', /^meta\.reroutes: must be an object \(got a list of 2\)$/],
    ['a number for a wire', '{ "e1": 5 }', /^meta\.reroutes\.e1: must be a list \(got 5\)$/],
    ['a text coordinate', '{ "e1": [{ "x": "12", "y": 0 }] }', /^meta\.reroutes\.e1\[0\]\.x: must be a number \(got "12"\)$/],
    ['a point with a stray key', '{ "e1": [{ "x": 1, "y": 2, "z": 3 }] }', /^meta\.reroutes\.e1\[0\]\.z: unknown key \(a reroute point has x, y\)$/],
    ['a coordinate far off the canvas', '{ "e1": [{ "x": 1e300, "y": 0 }] }', /^meta\.reroutes\.e1\[0\]\.x: must be <= 1000000000/],
    ['NaN', '{ "e1": [{ "x": NaN, "y": 0 }] }', /NaN/],
    ['an empty edge id', '{ "": [] }', /^meta\.reroutes/],
  ];
  for (const [what, reroutes, error] of hostile) {
    it(`refuse ${what} with one line that says where`, () => {
      const loaded = loadGraph(twoDiceWith(reroutes));
      expect(loaded.ok).toBe(false);
      if (loaded.ok) return;
      expect(loaded.error).toMatch(error);
      expect(loaded.error).not.toContain('\n');
    });
  }

  it('refuse a wire with a million points in one line, naming the limit', () => {
    const points = `${'{"x":1,"y":0},'.repeat(999_999)}{"x":1,"y":0}`;
    const loaded = loadGraph(twoDiceWith(`{ "e1": [${points}] }`));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error).toBe(`meta.reroutes.e1: too many entries (1000000; the limit is ${LIMITS.reroutePoints})`);
    expect(loaded.errors).toHaveLength(1);
  });
});

describe('reading reroute points from a document in memory', () => {
  it('finds none where meta.reroutes is not a map of lists, and none under prototype names', () => {
    const base = twoDice();
    for (const reroutes of ['text', 5, null, [[{ x: 1, y: 2 }]], { e1: 'no' }, { e1: { 0: { x: 1, y: 1 } } }]) {
      const document = { ...base, meta: { reroutes } };
      expect(reroutePointsOf(document, 'e1')).toEqual([]);
      expect(reroutePointsOf(document, 'constructor')).toEqual([]);
      expect(reroutePointsOf(document, '__proto__')).toEqual([]);
    }
  });
});

describe('editing reroute points', () => {
  it('puts a point before the given index and refuses what the file could not hold', () => {
    const start = insertReroutePoint(insertReroutePoint(twoDice(), 'e3', 0, { x: 1, y: 1 }), 'e3', 1, { x: 3, y: 3 });
    expect(reroutePointsOf(insertReroutePoint(start, 'e3', 1, { x: 2, y: 2 }), 'e3')).toEqual([{ x: 1, y: 1 }, { x: 2, y: 2 }, { x: 3, y: 3 }]);
    expect(reroutePointsOf(insertReroutePoint(start, 'e3', 0, { x: 0, y: 0 }), 'e3')[0]).toEqual({ x: 0, y: 0 });
    for (const [edge, index, point] of [
      ['e3', 1, { x: Number.NaN, y: 0 }],
      ['e3', 1, { x: 0, y: Number.POSITIVE_INFINITY }],
      ['e3', 1, { x: 2e9, y: 0 }],
      ['e3', 3, { x: 0, y: 0 }],
      ['e3', -1, { x: 0, y: 0 }],
      ['e3', 0.5, { x: 0, y: 0 }],
      ['nope', 0, { x: 0, y: 0 }],
    ] as const) {
      expect(insertReroutePoint(start, edge, index, point)).toBe(start);
    }
    expect(moveReroutePoint(start, 'e3', 0, { x: Number.NaN, y: 0 })).toBe(start);
    expect(moveReroutePoint(start, 'e3', 0, { x: 1, y: 1 })).toBe(start);
    expect(moveReroutePoint(start, 'e3', 2, { x: 5, y: 5 })).toBe(start);
    expect(removeReroutePoint(start, 'e3', 2)).toBe(start);
  });

  it(`stops at ${LIMITS.reroutePoints} points on a wire, so what is saved loads again`, () => {
    let document = twoDice();
    for (let i = 0; i < LIMITS.reroutePoints + 5; i++) document = insertReroutePoint(document, 'e1', i, { x: i, y: 0 });
    expect(reroutePointsOf(document, 'e1')).toHaveLength(LIMITS.reroutePoints);
    expect(loadGraph(writeGraph(document)).ok).toBe(true);
  });
});

describe('reroute points kept in step with their wires', () => {
  const withPoints = (): GraphDocument => {
    let document = twoDice();
    document = insertReroutePoint(document, 'e1', 0, { x: 100, y: 50 });
    document = insertReroutePoint(document, 'e3', 0, { x: 450, y: 60 });
    return document;
  };

  it('drops the points of wires that are gone, and nothing else', () => {
    const before = withPoints();
    const after = { ...before, edges: before.edges.filter((edge) => edge.id !== 'e1') };
    const kept = keepReroutesOfEdges(before, after);
    expect(reroutePointsOf(kept, 'e1')).toEqual([]);
    expect(reroutePointsOf(kept, 'e3')).toEqual([{ x: 450, y: 60 }]);
    expect(keepReroutesOfEdges(before, { ...before, edges: [...before.edges] })).toEqual(before);
  });

  it('moves the points of a wire whose two ends moved by the same step, not of one whose one end moved', () => {
    const before = withPoints();
    const step = (ids: string[], dx: number, dy: number): GraphDocument => ({
      ...before,
      nodes: before.nodes.map((node) => (ids.includes(node.id) ? { ...node, position: { x: node.position!.x + dx, y: node.position!.y + dy } } : node)),
    });
    const both = keepReroutesOfEdges(before, step(['dieA', 'sum'], 30, -20));
    expect(reroutePointsOf(both, 'e1')).toEqual([{ x: 130, y: 30 }]);
    // e3 runs from sum to plot: only one end moved.
    expect(reroutePointsOf(both, 'e3')).toEqual([{ x: 450, y: 60 }]);
    const one = step(['dieA'], 30, -20);
    expect(keepReroutesOfEdges(before, one)).toBe(one);
  });

  it('forgets the points of named wires (a wire moved to other ends keeps its id, not its route)', () => {
    const before = withPoints();
    const after = withoutReroutesOf(before, ['e1', 'e9']);
    expect(reroutePointsOf(after, 'e1')).toEqual([]);
    expect(reroutePointsOf(after, 'e3')).toHaveLength(1);
    expect(withoutReroutesOf(before, ['e9'])).toBe(before);
  });

  it('copies the points of copied wires under their new ids, moved by the copy offset', () => {
    const copied = copiedReroutes(withPoints(), new Map([['e1', 'e20'], ['e2', 'e21']]), { x: 40, y: 40 });
    expect(copied).toEqual({ e20: [{ x: 140, y: 90 }] });
  });
});
