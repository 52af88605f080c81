import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../src-shared/graph/load';
import { type JsonObject, migrate, migrations } from '../../src-shared/graph/migrations';
import { definitions } from './catalog';

describe('migrations', () => {
  it('has no step yet: version 1 is the first format', () => {
    expect(Object.keys(migrations)).toEqual([]);
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
