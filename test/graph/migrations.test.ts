import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../src-shared/graph/load';
import { type JsonObject, migrate, migrations } from '../../src-shared/graph/migrations';
import { GRAPH_VERSION } from '../../src-shared/graph/document';
import type { JsonValue } from '../../src-shared/graph/json';
import { definitions } from './catalog';

describe('migrations', () => {
  it('has one step per version up to the current one', () => {
    expect(Object.keys(migrations)).toEqual(['1', '2']);
    expect(GRAPH_VERSION).toBe(3);
  });

  describe('step 1 → 2: kernels that omitted dims keep 2-D', () => {
    const step = migrations[1];
    const kernels = ['kernel.gaussian', 'kernel.box', 'kernel.identity', 'kernel.custom'];

    it('writes dims 2 into each adapting kernel without dims, with or without params, keeping its other params', () => {
      const before: JsonObject = {
        format: 'convolab.graph',
        version: 1,
        nodes: [
          { id: 'g', type: 'kernel.gaussian', params: { sigma: 3 } },
          { id: 'b', type: 'kernel.box' },
          { id: 'i', type: 'kernel.identity', params: {} },
          { id: 'c', type: 'kernel.custom', params: { values: [1, 2, 1] } },
        ],
        edges: [],
      };
      const after = step(before);
      expect(after.nodes).toEqual([
        { id: 'g', type: 'kernel.gaussian', params: { dims: 2, sigma: 3 } },
        { id: 'b', type: 'kernel.box', params: { dims: 2 } },
        { id: 'i', type: 'kernel.identity', params: { dims: 2 } },
        { id: 'c', type: 'kernel.custom', params: { dims: 2, values: [1, 2, 1] } },
      ]);
      expect(before.nodes).toEqual([
        { id: 'g', type: 'kernel.gaussian', params: { sigma: 3 } },
        { id: 'b', type: 'kernel.box' },
        { id: 'i', type: 'kernel.identity', params: {} },
        { id: 'c', type: 'kernel.custom', params: { values: [1, 2, 1] } },
      ]);
    });

    it('leaves a kernel that chose its dims, and every other node, as it was', () => {
      const nodes: JsonValue[] = [
        ...kernels.map((type, k) => ({ id: `k${k}`, type, params: { dims: 1 } })),
        { id: 'lap', type: 'kernel.laplacian' },
        { id: 'ramp', type: 'kernel.ramp', params: { size: 9 } },
        { id: 'f', type: 'source.function' },
        { id: 'c', type: 'op.convolve' },
      ];
      expect(step({ version: 1, nodes, edges: [] }).nodes).toEqual(nodes);
    });

    it('leaves what is not a node list or a params object for the checks after it', () => {
      expect(step({ version: 1, nodes: 'none' })).toEqual({ version: 1, nodes: 'none' });
      const odd: JsonValue[] = [null, 3, { id: 'g', type: 'kernel.gaussian', params: [1] }, { id: 'h', type: 7 }];
      expect(step({ version: 1, nodes: odd }).nodes).toEqual(odd);
    });

    it('is what loading a version-1 file runs: a dims-less Gaussian opens as 2-D, a version-2 one adapts', () => {
      const nodes = [{ id: 'g', type: 'kernel.gaussian', params: { sigma: 1 } }];
      const v1 = loadGraph(JSON.stringify({ format: 'convolab.graph', version: 1, nodes, edges: [] }));
      expect(v1).toMatchObject({ ok: true, document: { version: 3, nodes: [{ id: 'g', params: { dims: 2, sigma: 1 } }] } });
      const v2 = loadGraph(JSON.stringify({ format: 'convolab.graph', version: 2, nodes, edges: [] }));
      expect(v2).toMatchObject({ ok: true, document: { version: 3, nodes: [{ id: 'g', params: { sigma: 1 } }] } });
    });
  });

  describe('step 2 → 3: blocks are an addition, nothing changes', () => {
    it('returns the document as it was, whatever it holds', () => {
      const step = migrations[2]!;
      const documents: JsonObject[] = [
        { format: 'convolab.graph', version: 2, nodes: [{ id: 'g', type: 'kernel.gaussian' }], edges: [], meta: { title: 't' } },
        { version: 2, nodes: 'none' },
        {},
      ];
      for (const document of documents) {
        const copy = structuredClone(document);
        expect(step(document)).toEqual(copy);
      }
    });

    it('opens every version-2 file unchanged but for its version', () => {
      const file = { format: 'convolab.graph', version: 2, meta: { title: 'x' }, nodes: [{ id: 'g', type: 'kernel.gaussian', params: { sigma: 1 } }], edges: [] };
      expect(loadGraph(JSON.stringify(file))).toEqual({ ok: true, document: { ...file, version: 3 }, warnings: [] });
    });
  });

  it('runs an injected chain step by step, in order, setting the version after each', () => {
    const calls: string[] = [];
    const chain = {
      1: (document: JsonObject) => {
        calls.push(`1->2 saw version ${String(document.version)}`);
        return { ...document, renamed: document.old ?? null };
      },
      2: (document: JsonObject) => {
        calls.push(`2->3 saw version ${String(document.version)} and renamed=${String(document.renamed)}`);
        const { renamed: _renamed, old: _old, ...rest } = document;
        return rest;
      },
    };
    const result = migrate({ format: 'convolab.graph', version: 1, old: 'x' }, 1, 3, chain);
    expect(calls).toEqual(['1->2 saw version 1', '2->3 saw version 2 and renamed=x']);
    expect(result).toEqual({ ok: true, document: { format: 'convolab.graph', version: 3 } });
  });

  it('starts at the file’s version: a version-2 file skips step 1', () => {
    const calls: number[] = [];
    const chain = { 1: (d: JsonObject) => (calls.push(1), d), 2: (d: JsonObject) => (calls.push(2), d) };
    migrate({ version: 2 }, 2, 3, chain);
    expect(calls).toEqual([2]);
  });

  it('says which step is missing or failed', () => {
    expect(migrate({}, 1, 3, { 1: (d) => d })).toEqual({ ok: false, error: 'version 1: this Convolab cannot upgrade it (no step from 2 to 3)' });
    const failing = migrate({}, 1, 2, {
      1: () => {
        throw new Error('edges[0] has no target');
      },
    });
    expect(failing).toEqual({ ok: false, error: 'version 1: upgrading from 1 to 2 failed: edges[0] has no target' });
  });

  it('is what loadGraph runs on an older file before validating it', () => {
    // A pretend format 2 renamed a node's `kind` to `type`.
    const chain = {
      1: (document: JsonObject) => ({
        ...document,
        nodes: (document.nodes as JsonObject[]).map(({ kind, ...node }) => ({ ...node, type: kind ?? null })),
      }),
    };
    const text = JSON.stringify({ format: 'convolab.graph', version: 1, nodes: [{ id: 'a', kind: 'source.dice' }], edges: [] });
    const result = loadGraph(text, { definitions, migrations: chain, currentVersion: 2 });
    expect(result).toEqual({
      ok: true,
      document: { format: 'convolab.graph', version: 2, nodes: [{ id: 'a', type: 'source.dice' }], edges: [] },
      warnings: [],
    });
    expect(loadGraph(text, { definitions, migrations: {}, currentVersion: 2 })).toMatchObject({
      ok: false,
      error: 'version 1: this Convolab cannot upgrade it (no step from 1 to 2)',
    });
  });
});
