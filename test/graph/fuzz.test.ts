import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadGraph, type LoadResult } from '../../src-shared/graph/load';
import { validateDocument } from '../../src-shared/graph/validate';
import { writeGraph } from '../../src-shared/graph/write';
import { definitions, diceDocument } from './catalog';

const base = writeGraph(diceDocument(), { definitions });

/** CPU milliseconds this process has used: unlike the wall clock, a busy machine does not stretch it. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Loads and checks the contract: a result of the right shape, never a throw, and no runaway work
 * (a CPU-time budget generous enough for a loaded machine, far below what a super-linear parse
 * of these inputs would take).
 */
function loadChecked(text: string, budgetMs = 500): LoadResult {
  const started = cpuMs();
  const result = loadGraph(text, { definitions });
  expect(cpuMs() - started).toBeLessThan(4 * budgetMs);
  if (result.ok) {
    expect(validateDocument(result.document, { definitions })).toEqual([]);
    const written = writeGraph(result.document, { definitions });
    const again = loadGraph(written, { definitions });
    expect(again.ok && writeGraph(again.document, { definitions })).toBe(written);
  } else {
    expect(typeof result.error).toBe('string');
    expect(result.error.length).toBeGreaterThan(0);
    expect(result.error).not.toContain('\n');
    expect(result.errors[0]).toBe(result.error);
    expect(result.errors.length).toBeLessThanOrEqual(51);
  }
  return result;
}

/** A JSON value somewhere in the dice file replaced by an arbitrary one. */
function replaceAt(root: unknown, pick: number, replacement: unknown): unknown {
  const slots: { holder: Record<string | number, unknown>; key: string | number }[] = [];
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    for (const key of Object.keys(value)) {
      slots.push({ holder: value as Record<string, unknown>, key });
      walk((value as Record<string, unknown>)[key]);
    }
  };
  walk(root);
  const slot = slots[pick % slots.length];
  slot.holder[slot.key] = replacement;
  return root;
}

describe('loadGraph on hostile input', () => {
  it('survives truncation at every position', () => {
    for (let cut = 0; cut < base.length; cut++) loadChecked(base.slice(0, cut));
  });

  it('survives random edits of the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 }),
        (edits) => {
          let text = base;
          for (const [at, kind, insert] of edits) {
            const i = at % (text.length + 1);
            if (kind === 0) text = text.slice(0, i) + insert + text.slice(i);
            else if (kind === 1) text = text.slice(0, i) + text.slice(i + insert.length + 1);
            else if (kind === 2) text = text.slice(0, i) + insert + text.slice(i + insert.length);
            else text = text.slice(0, i) + '{["'.charAt(insert.length % 3) + text.slice(i);
          }
          loadChecked(text);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives any JSON value put anywhere in a valid file', () => {
    fc.assert(
      fc.property(fc.nat(), fc.jsonValue({ maxDepth: 4 }), (pick, value) => {
        const root = JSON.parse(base) as unknown;
        loadChecked(JSON.stringify(replaceAt(root, pick, value)));
      }),
      { numRuns: 400 },
    );
  });

  it('survives hostile keys put anywhere', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'), (pick, key) => {
        const text = base.replace(/"(\w+)": /g, (match, name: string, offset: number) => (offset % 97 === pick % 97 ? `"${key}": 1, "${name}": ` : match));
        loadChecked(text);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });

  it('refuses 100 000 levels of nesting fast', () => {
    for (const open of ['[', '{"a":']) {
      const text = `{"format": "convolab.graph", "version": 1, "meta": {"x": ${open.repeat(100_000)}`;
      const result = loadChecked(text, 200);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/nested deeper than 64 levels/);
      const closed = loadChecked(open === '[' ? '['.repeat(100_000) + ']'.repeat(100_000) : text, 200);
      expect(closed.ok).toBe(false);
    }
  });

  it('handles giant arrays and strings without hanging', () => {
    const sequence = (count: number) =>
      `{"format":"convolab.graph","version":1,"nodes":[{"id":"s","type":"source.sequence","params":{"values":[${new Array(count).fill('1.5').join(',')}]}}],"edges":[]}`;
    const million = loadChecked(sequence(1_000_000), 3000);
    expect(million.ok && (million.document.nodes[0].params!.values as number[]).length).toBe(1_000_000);
    const over = loadChecked(sequence(1_000_001), 3000);
    expect(!over.ok && over.error).toBe('nodes[0].params.values: must hold at most 1000000 numbers (got 1000001)');

    const nodes = `[${new Array(200_000).fill('{"id":"x","type":"source.dice"}').join(',')}]`;
    const many = loadChecked(`{"format":"convolab.graph","version":1,"nodes":${nodes},"edges":[]}`, 3000);
    expect(!many.ok && many.error).toBe('nodes: too many entries (200000; the limit is 10000)');

    const label = loadChecked(base.replace('"P(sum)"', JSON.stringify('x'.repeat(5_000_000))), 3000);
    expect(!label.ok && label.error).toBe('nodes[3].label: too long (at most 1000 characters)');
  });

  it('refuses a file over the size limit before parsing it', () => {
    const huge = ' '.repeat(50 * 1024 * 1024 + 1);
    const result = loadChecked(huge, 500);
    expect(!result.ok && result.error).toBe('file: 50.0 MB is over the 50.0 MB limit for a graph file');
  });
});
