/**
 * The memo compares a node's params with those it last computed with (engine.ts
 * `sameParamValue`) instead of writing them out as text into its key: a graph holding a
 * million-value sequence reuses the sequence at every change elsewhere, and recomputes it when
 * any one value changes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Signal } from '../../src-shared/data';
import { Engine, sameParamValue, type NodeReport } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the memo\'s comparison of params', () => {
  it('takes equal values in new objects, whatever the key order, as the same', () => {
    expect(sameParamValue({ values: [1, 2, 3], sigma: 2 }, { sigma: 2, values: [1, 2, 3] })).toBe(true);
    expect(sameParamValue({ values: [[1, 2], [3, 4]] }, { values: [[1, 2], [3, 4]] })).toBe(true);
    expect(sameParamValue({ values: [[[1], [2]], [[3], [4]]] }, { values: [[[1], [2]], [[3], [4]]] })).toBe(true);
    expect(sameParamValue({ shape: 'gaussian', normalize: true }, { normalize: true, shape: 'gaussian' })).toBe(true);
    expect(sameParamValue({}, {})).toBe(true);
  });

  it('tells apart what computes differently', () => {
    const long = Array.from({ length: 100_000 }, (_, i) => i / 7);
    expect(sameParamValue({ values: long }, { values: [...long.slice(0, -1), 1] })).toBe(false);
    expect(sameParamValue({ values: long }, { values: long.slice(1) })).toBe(false);
    expect(sameParamValue({ values: [[1, 2], [3, 4]] }, { values: [[1, 2], [3, 5]] })).toBe(false);
    expect(sameParamValue({ values: [[1, 2], [3, 4]] }, { values: [1, 2, 3, 4] })).toBe(false);
    expect(sameParamValue({ values: [1, 2] }, { values: { 0: 1, 1: 2 } })).toBe(false);
    expect(sameParamValue({ n: 1 }, { n: '1' })).toBe(false);
    expect(sameParamValue({ on: true }, { on: 1 })).toBe(false);
    // A key held as undefined is not a key left out, and neither is null.
    expect(sameParamValue({ origin: undefined }, {})).toBe(false);
    expect(sameParamValue({ origin: null }, { origin: undefined })).toBe(false);
    expect(sameParamValue({ a: 1 }, { b: 1 })).toBe(false);
    // NaN is never the same: a node given one computes again rather than reuse a stale outcome.
    expect(sameParamValue({ x: Number.NaN }, { x: Number.NaN })).toBe(false);
  });
});

describe('a graph holding a million-value sequence', () => {
  const values = Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i / 100));
  const doc = (sequence: number[], factor: number): GraphDocument => ({
    format: 'convolab.graph',
    version: 3,
    nodes: [
      { id: 'seq', type: 'source.sequence', params: { values: sequence } },
      { id: 'scale', type: 'op.scale', params: { factor } },
      { id: 'plot', type: 'sink.plot' },
    ],
    edges: [
      { id: 'e1', source: 'seq', sourceHandle: 'out', target: 'scale', targetHandle: 'in' },
      { id: 'e2', source: 'scale', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
    ],
  });
  const report = (reports: readonly NodeReport[], id: string): NodeReport => reports.find((entry) => entry.id === id)!;

  it('reuses the sequence at a change elsewhere, as a copy of it would be (the worker gets copies), and writes no param out as text', async () => {
    const engine = new Engine();
    await engine.run(doc(values, 2));
    const first = engine.outcome('seq')!.outputs.out;
    const stringify = vi.spyOn(JSON, 'stringify');
    const again = await engine.run(doc([...values], 3));
    expect(again.status).toBe('done');
    expect(report(again.reports, 'seq').cached).toBe(true);
    expect(report(again.reports, 'scale').cached).toBe(false);
    expect(engine.outcome('seq')!.outputs.out).toBe(first);
    expect((engine.outcome('scale')!.outputs.out as Signal).data[999_999]).toBeCloseTo(3 * values[999_999]!, 12);
    // The memo's key holds no param: nothing of a million values was written out, whole or value by value.
    const long = (value: unknown): boolean =>
      Array.isArray(value) ? value.length > 1000 : typeof value === 'object' && value !== null && Object.values(value).some((entry) => long(entry));
    expect(stringify.mock.calls.filter(([value]) => long(value))).toEqual([]);
    expect(stringify.mock.calls.length).toBeLessThan(1000);
  });

  it('computes the sequence again when its last value changes', async () => {
    const engine = new Engine();
    await engine.run(doc(values, 2));
    const changed = [...values];
    changed[999_999] = 42;
    const again = await engine.run(doc(changed, 2));
    expect(report(again.reports, 'seq').cached).toBe(false);
    expect(report(again.reports, 'scale').cached).toBe(false);
    expect((engine.outcome('scale')!.outputs.out as Signal).data[999_999]).toBe(84);
  });
});
