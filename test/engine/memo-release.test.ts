/**
 * The memo holds one output per node (issue 17, "Memory"): a node re-run with a new param lets
 * go of its last output, so nothing grows across param changes. Checked on the bytes themselves:
 * a weak reference to each replaced output's buffer must be cleared by a full collection.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';

const CHANGES = 1000;
const SAMPLES = 4096;

function chain(factor: number, withTail = true): GraphDocument {
  const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
  const edge = (id: string, source: string, target: string) => ({ id, source, sourceHandle: 'out', target, targetHandle: 'in' });
  return {
    format: 'convolab.graph',
    version: 1,
    nodes: [
      node('x', 'source.function', { shape: 'noise', t0: 0, t1: (SAMPLES - 1) / SAMPLES, rate: SAMPLES, seed: 2 }),
      node('scaled', 'op.scale', { factor }),
      ...(withTail ? [node('rectified', 'op.abs'), node('plot', 'sink.plot')] : []),
    ],
    edges: [edge('e1', 'x', 'scaled'), ...(withTail ? [edge('e2', 'scaled', 'rectified'), edge('e3', 'rectified', 'plot')] : [])],
  } as GraphDocument;
}

/** Collects garbage after the current job, so the weak references of this one may be cleared. */
async function collect(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
}

const bufferOf = (value: Value | undefined): ArrayBufferLike => {
  if (value?.kind !== 'signal') throw new Error('expected a signal');
  return value.data.buffer;
};

describe('the memo across param changes', () => {
  it(`holds one output per node through ${CHANGES} param changes and frees every replaced one`, async () => {
    const engine = new Engine();
    const replaced: WeakRef<ArrayBufferLike>[] = [];
    let heldAfterFirst = 0;
    for (let i = 0; i < CHANGES; i++) {
      const result = await engine.run(chain(1 + i / CHANGES), {
        onNodeDone: (outcome) => {
          if (outcome.report.id !== 'x' && outcome.report.id !== 'plot' && !outcome.report.cached) replaced.push(new WeakRef(bufferOf(outcome.outputs.out)));
        },
      });
      expect(result.reports.every((report) => report.status === 'ok')).toBe(true);
      if (i === 0) heldAfterFirst = engine.heldBytes();
    }
    // Three signals of SAMPLES f64 samples: the source, the scaled one and the rectified one.
    expect(heldAfterFirst).toBe(3 * 8 * SAMPLES);
    expect(engine.heldBytes()).toBe(heldAfterFirst);
    expect(replaced).toHaveLength(2 * CHANGES);
    await collect();
    const alive = replaced.filter((ref) => ref.deref() !== undefined).length;
    // Only the last run's two recomputed outputs are still referenced (by the memo).
    expect(alive).toBe(2);
    expect(replaced.at(-1)!.deref()).toBe(bufferOf(engine.outcome('rectified')!.outputs.out));
  });

  it('lets go of the outputs of nodes removed from the document', async () => {
    const engine = new Engine();
    let tail: WeakRef<ArrayBufferLike> | undefined;
    await engine.run(chain(2), { onNodeDone: (outcome) => { if (outcome.report.id === 'rectified') tail = new WeakRef(bufferOf(outcome.outputs.out)); } });
    expect(engine.heldBytes()).toBe(3 * 8 * SAMPLES);
    await engine.run(chain(2, false));
    expect(engine.heldBytes()).toBe(2 * 8 * SAMPLES);
    expect(engine.outcome('rectified')).toBeUndefined();
    await collect();
    expect(tail?.deref()).toBeUndefined();
  });
});
