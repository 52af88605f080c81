import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../src-shared/graph/document';
import { loadGraph } from '../../../src-shared/graph/load';
import { reroutePointsOf } from '../../../src-shared/graph/reroutes';
import { writeGraph } from '../../../src-shared/graph/write';
import { copyNodes, pasteNodes } from '../../../src-renderer/files/clipboard';
import { applyCommand, duplicateCommand, type Command } from '../../../src-renderer/store/commands';
import { record, redo, startHistory, undo, type History } from '../../../src-renderer/store/history';

function twoDice(): GraphDocument {
  const loaded = loadGraph(readFileSync(new URL('../../../examples/two-dice.convolab.json', import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.document;
}

function play(start: GraphDocument, commands: readonly Command[]): History {
  return commands.reduce((history, command) => record(history, command), startHistory(start));
}

/** Two dice with two points on e3 (sum → plot) and one on e1 (dieA → sum). */
function routed(): GraphDocument {
  return play(twoDice(), [
    { kind: 'addReroute', edge: 'e3', index: 0, point: { x: 450, y: 40 } },
    { kind: 'addReroute', edge: 'e3', index: 1, point: { x: 520, y: 10 } },
    { kind: 'addReroute', edge: 'e1', index: 0, point: { x: 150, y: 60 } },
  ]).present;
}

describe('reroute commands', () => {
  it('add, move and remove points, each one undo entry, and undo and redo walk them back and forth', () => {
    const start = twoDice();
    let history = play(start, [
      { kind: 'addReroute', edge: 'e3', index: 0, point: { x: 450, y: 40 } },
      { kind: 'addReroute', edge: 'e3', index: 0, point: { x: 400, y: 80 } },
      { kind: 'moveReroute', edge: 'e3', index: 1, point: { x: 470, y: -20 } },
      { kind: 'removeReroute', edge: 'e3', index: 0 },
    ]);
    expect(history.past).toHaveLength(4);
    expect(reroutePointsOf(history.present, 'e3')).toEqual([{ x: 470, y: -20 }]);
    history = undo(history);
    expect(reroutePointsOf(history.present, 'e3')).toEqual([{ x: 400, y: 80 }, { x: 470, y: -20 }]);
    history = undo(history);
    expect(reroutePointsOf(history.present, 'e3')).toEqual([{ x: 400, y: 80 }, { x: 450, y: 40 }]);
    history = undo(undo(history));
    expect(history.present).toBe(start);
    history = redo(redo(history));
    expect(reroutePointsOf(history.present, 'e3')).toEqual([{ x: 400, y: 80 }, { x: 450, y: 40 }]);
  });

  it('record nothing when they change nothing: a drag back to where the point was, a point on no wire', () => {
    const start = routed();
    const history = play(start, [
      { kind: 'moveReroute', edge: 'e3', index: 0, point: { x: 450, y: 40 } },
      { kind: 'addReroute', edge: 'gone', index: 0, point: { x: 1, y: 1 } },
      { kind: 'removeReroute', edge: 'e3', index: 5 },
      { kind: 'addReroute', edge: 'e3', index: 0, point: { x: Number.NaN, y: 1 } },
    ]);
    expect(history.past).toHaveLength(0);
    expect(history.present).toBe(start);
  });
});

describe('reroute points follow the edits of their wires', () => {
  it('go with a deleted wire, and come back with it on undo', () => {
    const start = routed();
    let history = play(start, [{ kind: 'remove', edges: ['e3'] }]);
    expect(reroutePointsOf(history.present, 'e3')).toEqual([]);
    expect(reroutePointsOf(history.present, 'e1')).toHaveLength(1);
    expect(loadGraph(writeGraph(history.present)).ok).toBe(true);
    history = undo(history);
    expect(reroutePointsOf(history.present, 'e3')).toHaveLength(2);
  });

  it('go with a deleted node\'s wires', () => {
    const after = applyCommand(routed(), { kind: 'remove', nodes: ['plot'] });
    expect(reroutePointsOf(after, 'e3')).toEqual([]);
    expect(after.meta?.reroutes).toEqual({ e1: [{ x: 150, y: 60 }] });
  });

  it('go when a new wire replaces the one entering the same input', () => {
    const after = applyCommand(routed(), { kind: 'connect', edge: { id: 'e9', source: 'dieB', sourceHandle: 'out', target: 'sum', targetHandle: 'a' } });
    expect(after.edges.some((edge) => edge.id === 'e1')).toBe(false);
    expect(reroutePointsOf(after, 'e1')).toEqual([]);
    expect(reroutePointsOf(after, 'e9')).toEqual([]);
  });

  it('go when a wire\'s end is dragged to another port, though the wire keeps its id; stay when it is dropped where it was', () => {
    const start = routed();
    const moved = applyCommand(start, {
      kind: 'connect',
      edge: { id: 'e3', source: 'dieA', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
      replaces: 'e3',
    });
    expect(moved.edges.find((edge) => edge.id === 'e3')?.source).toBe('dieA');
    expect(reroutePointsOf(moved, 'e3')).toEqual([]);
    const same = applyCommand(start, { kind: 'connect', edge: start.edges.find((edge) => edge.id === 'e3')!, replaces: 'e3' });
    expect(reroutePointsOf(same, 'e3')).toEqual(reroutePointsOf(start, 'e3'));
  });

  it('move with a wire whose two ends are dragged together, in one undo entry with the nodes', () => {
    const start = routed();
    let history = play(start, [{ kind: 'move', nodes: { sum: { x: 320, y: 155 }, plot: { x: 620, y: 20 } } }]);
    expect(history.past).toHaveLength(1);
    expect(reroutePointsOf(history.present, 'e3')).toEqual([{ x: 470, y: 60 }, { x: 540, y: 30 }]);
    // e1 runs from dieA, which stayed: its point stays too.
    expect(reroutePointsOf(history.present, 'e1')).toEqual([{ x: 150, y: 60 }]);
    history = undo(history);
    expect(history.present).toBe(start);
  });

  it('move once, not twice, when a batch moves the nodes', () => {
    const after = applyCommand(routed(), {
      kind: 'batch',
      commands: [
        { kind: 'move', nodes: { sum: { x: 310, y: 135 }, plot: { x: 610, y: 0 } } },
        { kind: 'move', nodes: { sum: { x: 320, y: 135 }, plot: { x: 620, y: 0 } } },
      ],
    });
    expect(reroutePointsOf(after, 'e3')).toEqual([{ x: 470, y: 40 }, { x: 540, y: 10 }]);
  });

  it('are copied with duplicated nodes and the wires among them, moved by the same offset', () => {
    const start = routed();
    const command = duplicateCommand(start, ['sum', 'plot', 'p7'], { x: 40, y: 30 });
    expect(command?.kind).toBe('addNodes');
    const after = applyCommand(start, command!);
    const copy = after.edges.find((edge) => edge.source !== 'sum' && edge.target !== 'plot' && edge.targetHandle === 'in' && after.nodes.find((node) => node.id === edge.target)?.type === 'sink.plot');
    expect(copy).toBeDefined();
    expect(reroutePointsOf(after, copy!.id)).toEqual([{ x: 490, y: 70 }, { x: 560, y: 40 }]);
    // The originals keep theirs; e1's source was not copied, so nothing of it is.
    expect(reroutePointsOf(after, 'e3')).toEqual([{ x: 450, y: 40 }, { x: 520, y: 10 }]);
    expect(Object.keys(after.meta?.reroutes as object).sort()).toEqual(['e1', 'e3', copy!.id].sort());
    expect(loadGraph(writeGraph(after)).ok).toBe(true);
  });

  it('travel through copy and paste with the wires among the copied nodes, moved with them', () => {
    const start = routed();
    const text = copyNodes(start, ['sum', 'plot'])!;
    const pasted = pasteNodes(start, text, { x: 1000, y: 1000 });
    expect(pasted.ok).toBe(true);
    if (!pasted.ok) return;
    const after = applyCommand(start, pasted.command);
    const wire = pasted.command.edges![0]!;
    expect(pasted.command.edges).toHaveLength(1);
    // The copied nodes' top-left corner (sum at 300, plot at y 0) lands at (1000, 1000).
    expect(reroutePointsOf(after, wire.id)).toEqual([{ x: 1150, y: 1040 }, { x: 1220, y: 1010 }]);
    expect(reroutePointsOf(after, 'e3')).toEqual([{ x: 450, y: 40 }, { x: 520, y: 10 }]);
  });
});
