import { describe, expect, it } from 'vitest';
import type { Value } from '../../src-shared/data';
import { makePreview } from '../../src-shared/engine/preview';
import type { HostApi, HostEventListener } from '../../src-shared/protocol';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { verdictOf } from '../../src-shared/nodes/verdict';
import { createEditorStore } from '../../src-renderer/store/document';
import { checksWith, previewVerdictField, verdictOfNode } from '../../src-renderer/store/verdicts';
import { sig, value } from '../nodes/harness';

const compare = getNodeDefinition('op.compare')!;

describe('the verdict of a check comes from its definition', () => {
  it('op.compare declares `match` as its verdict; a node that is no check declares none', () => {
    expect(compare.outputs[0].verdict).toBe('match');
    expect(getNodeDefinition('op.stats')!.outputs.every((port) => port.verdict === undefined)).toBe(true);
  });

  it('the real Compare of unequal inputs fails, of equal inputs passes, and within its tolerance passes', async () => {
    const unequal = await value('op.compare', { a: sig([1, 2, 3]), b: sig([1, 2, 4]) });
    expect(verdictOf(compare, { out: unequal })).toBe('fail');
    const equal = await value('op.compare', { a: sig([1, 2, 3]), b: sig([1, 2, 3]) });
    expect(verdictOf(compare, { out: equal })).toBe('pass');
    // relError = 1/3: a tolerance of 0.5 lets it pass.
    const tolerated = await value('op.compare', { a: sig([1, 2, 3]), b: sig([1, 2, 4]) }, { tolerance: 0.5 });
    expect(verdictOf(compare, { out: tolerated })).toBe('pass');
    // The preview the canvas gets says the same.
    expect(verdictOf(compare, { out: makePreview(unequal) })).toBe('fail');
  });

  it('a record of numbers from a node that is no check has no verdict, even with a field named match', async () => {
    const stats = await value('op.stats', { in: sig([1, 2]) });
    expect(verdictOf(getNodeDefinition('op.stats')!, { out: stats })).toBeUndefined();
    expect(verdictOf(getNodeDefinition('op.stats')!, { out: { kind: 'value', fields: { match: 0 } } })).toBeUndefined();
  });
});

describe('verdicts in the editor', () => {
  function editor() {
    let listener: HostEventListener | undefined;
    const host = {
      run: () => Promise.resolve({ runId: 1 }),
      cancel: () => Promise.resolve(),
      onEvent: (next: HostEventListener) => ((listener = next), () => undefined),
    } as unknown as HostApi;
    const store = createEditorStore(host);
    const report = (id: string, type: string, out: Value | undefined, error?: string) =>
      listener!({
        kind: 'nodesDone',
        runId: 1,
        nodes: [
          {
            report: { id, type, status: error ? 'error' : 'ok', ms: 1, cached: false, ...(error ? { error } : {}) },
            previews: out ? { out: makePreview(out) } : {},
            previewVersion: 1,
          },
        ],
      });
    return { store, report };
  }

  it('lists failed and passed checks in document order; a Compare that errs is neither', async () => {
    const { store, report } = editor();
    const state = () => store.getState();
    state().dispatch({
      kind: 'addNodes',
      nodes: [
        { id: 'check2', type: 'op.compare', position: { x: 0, y: 0 } },
        { id: 'check1', type: 'op.compare', position: { x: 0, y: 200 } },
        { id: 'check3', type: 'op.compare', position: { x: 0, y: 400 } },
        { id: 'stats', type: 'op.stats', position: { x: 0, y: 600 } },
      ],
    });
    report('check2', 'op.compare', await value('op.compare', { a: sig([1, 2, 3]), b: sig([0, 2, 3]) }));
    report('check1', 'op.compare', await value('op.compare', { a: sig([1]), b: sig([1]) }));
    report('check3', 'op.compare', undefined, 'a and b must carry the same type (got signal and image)');
    report('stats', 'op.stats', { kind: 'value', fields: { match: 0 } });
    expect(checksWith(state(), 'fail')).toBe('check2');
    expect(checksWith(state(), 'pass')).toBe('check1');
    expect(verdictOfNode('op.compare', state().nodeStates.check3)).toBeUndefined();

    // Fixed: the next report passes, and nothing fails any more.
    report('check2', 'op.compare', await value('op.compare', { a: sig([1, 2, 3]), b: sig([1, 2, 3]) }));
    expect(checksWith(state(), 'fail')).toBe('');
    expect(checksWith(state(), 'pass')).toBe('check2,check1');
    // A removed check no longer counts.
    state().dispatch({ kind: 'remove', nodes: ['check1'] });
    expect(checksWith(state(), 'pass')).toBe('check2');
  });

  it('a value table fed by a Compare shows its verdict field; one fed by Statistics does not', () => {
    const { store } = editor();
    store.getState().dispatch({
      kind: 'addNodes',
      nodes: [
        { id: 'check', type: 'op.compare', position: { x: 0, y: 0 } },
        { id: 'stats', type: 'op.stats', position: { x: 0, y: 200 } },
        { id: 'table1', type: 'sink.value', position: { x: 300, y: 0 } },
        { id: 'table2', type: 'sink.value', position: { x: 300, y: 200 } },
      ],
      edges: [
        { id: 'e1', source: 'check', sourceHandle: 'out', target: 'table1', targetHandle: 'in' },
        { id: 'e2', source: 'stats', sourceHandle: 'out', target: 'table2', targetHandle: 'in' },
      ],
    });
    expect(previewVerdictField(store.getState(), 'check')).toBe('match');
    expect(previewVerdictField(store.getState(), 'table1')).toBe('match');
    expect(previewVerdictField(store.getState(), 'table2')).toBeUndefined();
    expect(previewVerdictField(store.getState(), 'stats')).toBeUndefined();
  });
});
