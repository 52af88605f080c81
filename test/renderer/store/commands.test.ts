import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../../src-shared/graph/load';
import { writeGraph } from '../../../src-shared/graph/write';
import { connectionFixes } from '../../../src-shared/graph/fixes';
import { applyCommand, fixCommand } from '../../../src-renderer/store/commands';
import { record, redo, startHistory, undo } from '../../../src-renderer/store/history';

function example(name: string) {
  const loaded = loadGraph(readFileSync(new URL(`../../../examples/${name}.convolab.json`, import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.document;
}

const param = (document: ReturnType<typeof example>, id: string, name: string) => document.nodes.find((n) => n.id === id)?.params?.[name];

describe('a batch command', () => {
  it('applies its commands in order as one undo entry, and one undo takes all of them back', () => {
    const start = example('convolution-theorem-too-small');
    let history = startHistory(start);
    history = record(history, {
      kind: 'batch',
      commands: [
        { kind: 'setParam', node: 'fftA', name: 'size', value: 'custom' },
        { kind: 'setParam', node: 'fftA', name: 'n', value: 9 },
        { kind: 'setParam', node: 'fftB', name: 'n', value: 9 },
      ],
    });
    expect(history.past).toHaveLength(1);
    expect([param(history.present, 'fftA', 'size'), param(history.present, 'fftA', 'n'), param(history.present, 'fftB', 'n')]).toEqual(['custom', 9, 9]);
    history = undo(history);
    expect(history.present).toBe(start);
    expect(history.past).toHaveLength(0);
  });

  it('records nothing when none of its commands changes anything', () => {
    const start = example('convolution-theorem-too-small');
    const history = record(startHistory(start), { kind: 'batch', commands: [{ kind: 'setParam', node: 'fftB', name: 'n', value: 6 }] });
    expect(history.past).toHaveLength(0);
    expect(applyCommand(start, { kind: 'batch', commands: [] })).toBe(start);
  });
});

describe('removing nodes a lesson names', () => {
  it('takes them out of the lesson so the saved file still loads, and undo brings them back', () => {
    const start = { ...example('two-dice'), meta: { title: 'dice', lesson: [{ text: 'the dice', nodes: ['dieA', 'dieB'] }, { text: 'the sum', nodes: ['sum'] }] } };
    let history = record(startHistory(start), { kind: 'remove', nodes: ['dieB', 'sum'] });
    expect(history.present.meta?.lesson).toEqual([{ text: 'the dice', nodes: ['dieA'] }, { text: 'the sum' }]);
    expect(loadGraph(writeGraph(history.present))).toMatchObject({ ok: true });
    history = undo(history);
    expect(history.present.meta?.lesson).toEqual(start.meta.lesson);
  });
});

describe('a one-click fix', () => {
  it('is one undo entry however many edits it makes: a param, a new wire, and both undone at once', () => {
    const start = {
      ...example('two-dice'),
      nodes: [
        { id: 'function1', type: 'source.function' },
        { id: 'gaussian1', type: 'kernel.gaussian', params: { dims: 2 } },
        { id: 'convolve1', type: 'op.convolve' },
      ],
      edges: [{ id: 'e1', source: 'function1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'a' }],
    };
    const [fix] = connectionFixes(start, { source: 'gaussian1', sourceHandle: 'out', target: 'convolve1', targetHandle: 'b' });
    expect(fix.edits.map((edit) => edit.kind)).toEqual(['setParam', 'connect']);
    let history = record(startHistory(start), fixCommand(fix));
    expect(history.past).toHaveLength(1);
    expect(history.present.edges).toHaveLength(2);
    expect(param(history.present, 'gaussian1', 'dims')).not.toBe(2);
    const fixed = history.present;
    history = undo(history);
    expect(history.present).toBe(start);
    history = redo(history);
    expect(history.present).toBe(fixed);
  });
});
