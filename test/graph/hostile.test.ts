/**
 * Graph files from strangers, thousands of them, through the loader the app uses (the real node
 * registry): mutated, truncated, huge, deeply nested, with literal NaN and Infinity, and with
 * `__proto__`, `constructor` and `prototype` keys at every level. The contract: a document or a
 * one-line validation error comes back, never a throw, never a polluted prototype; no file takes
 * more than a second (a hang guard, not a speed test: `npm run bench` measures speed); and a batch
 * leaves the heap where it found it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadGraph, type LoadResult } from '../../src-shared/graph/load';
import { validateDocument } from '../../src-shared/graph/validate';
import { writeGraph } from '../../src-shared/graph/write';

const examplesFolder = new URL('../../examples/', import.meta.url);
const examples = readdirSync(examplesFolder)
  .filter((name) => name.endsWith('.convolab.json'))
  .map((name) => readFileSync(new URL(name, examplesFolder), 'utf8'));

/**
 * Far above any real load: only a hang or a blow-up trips it (a pass quadratic in 100,000 edges
 * is 10^10 steps, minutes). Measured in CPU time of this process, so that other work on a shared
 * machine counts less against a file; but not nothing (caches and cores are shared, and the
 * process's own helper threads count): with a CPU hog on both cores the 100,000 dangling edges
 * took 1,000 ms where they take about 300 alone, so the guard is ten times that.
 */
const HANG_MS = 10_000;

let slowest = 0;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Loads one hostile text and checks the contract; returns the result for further checks. */
function loadGuarded(text: string, what = 'one file'): LoadResult {
  const started = cpuMs();
  let result: LoadResult;
  try {
    result = loadGraph(text);
  } catch (error) {
    throw new Error(`loadGraph threw on a hostile file: ${String(error)}`);
  }
  const ms = cpuMs() - started;
  slowest = Math.max(slowest, ms);
  expect(ms, `${what} took ${ms.toFixed(0)} ms of CPU`).toBeLessThan(HANG_MS);
  if (result.ok) {
    expect(validateDocument(result.document)).toEqual([]);
    for (const node of result.document.nodes) {
      if (node.params) expect(Object.getPrototypeOf(node.params) === Object.prototype || Object.getPrototypeOf(node.params) === null).toBe(true);
    }
  } else {
    expect(result.error).toMatch(/\S/);
    expect(result.error).not.toMatch(/[\n\r]/);
    expect(result.error.length).toBeLessThan(2000);
    expect(result.error).not.toMatch(/could not be read/);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  return result;
}

/** Tokens that break JSON or the format in interesting ways. */
const TOKENS = [
  'NaN', 'Infinity', '-Infinity', 'undefined', 'null', 'true', '1e999', '-1e999', '1e-999', '0x10', '01', '.5', '-', '+1',
  '"__proto__"', '"constructor"', '"prototype"', '{"__proto__": {"polluted": 1}}', '{"constructor": {"prototype": {"polluted": 1}}}',
  '[', ']', '{', '}', ',', ':', '"', "'", '\\', '\\u0000', '\u0000', '\ud800', '\ufeff', '//', '/*', '\n', ' ', '[[[[[[[[', '{"a":{"a":{"a":',
  '"' + 'x'.repeat(300) + '"', '9'.repeat(400), '[' + '1,'.repeat(500) + '1]',
];

type Edit = { at: number; kind: number; token: number; span: number };
const edit: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), kind: fc.nat({ max: 4 }), token: fc.nat({ max: TOKENS.length - 1 }), span: fc.integer({ min: 1, max: 40 }) });

function mutate(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const { at, kind, token, span } of edits) {
    const i = at % (out.length + 1);
    const piece = TOKENS[token];
    if (kind === 0) out = out.slice(0, i) + piece + out.slice(i);
    else if (kind === 1) out = out.slice(0, i) + out.slice(i + span);
    else if (kind === 2) out = out.slice(0, i) + piece + out.slice(i + span);
    else if (kind === 3) out = out.slice(0, i) + out.slice(i, i + span).repeat(3) + out.slice(i + span);
    else out = out.slice(0, i);
  }
  return out;
}

/** Every value position of a file: the offsets where a JSON value starts after `:` or `[` or `,`. */
function valueStarts(text: string): number[] {
  const starts: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ':' || c === '[' || (c === ',' && /^\s*[-\d"[{tfn]/.test(text.slice(i + 1, i + 8)) && !/^\s*"[^"]*"\s*:/.test(text.slice(i + 1, i + 200)))) {
      let j = i + 1;
      while (text[j] === ' ' || text[j] === '\n') j++;
      starts.push(j);
    }
  }
  return starts;
}

/** The extent of the JSON value starting at `start` (a number, string, literal, array or object). */
function valueEnd(text: string, start: number): number {
  const c = text[start];
  if (c === '"') {
    let i = start + 1;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return i + 1;
  }
  if (c === '[' || c === '{') {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const d = text[i];
      if (inString) {
        if (d === '\\') i++;
        else if (d === '"') inString = false;
      } else if (d === '"') inString = true;
      else if (d === '[' || d === '{') depth++;
      else if (d === ']' || d === '}') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  }
  let i = start;
  while (i < text.length && !/[,\]}\s]/.test(text[i])) i++;
  return i;
}

describe('loading thousands of hostile graph files', () => {
  it('gives only validation errors for mutated files (thousands of edits of every example)', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (which, edits) => {
        loadGuarded(mutate(examples[which], edits));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives only validation errors for every example cut short anywhere', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (which, fraction) => {
        // Cut before the closing brace: every such file is incomplete.
        const text = examples[which].trimEnd();
        const result = loadGuarded(text.slice(0, Math.floor(fraction * (text.length - 1))));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses the literal tokens NaN, Infinity, -Infinity and undefined at every value position, with line and column', () => {
    const text = examples.find((example) => example.includes('"source.dice"'))!;
    const starts = valueStarts(text);
    expect(starts.length).toBeGreaterThan(40);
    for (const start of starts) {
      for (const token of ['NaN', 'Infinity', '-Infinity', 'undefined']) {
        const result = loadGuarded(text.slice(0, start) + token + text.slice(valueEnd(text, start)));
        expect(result.ok, `${token} at ${start}`).toBe(false);
        expect(!result.ok && result.error).toMatch(/^line \d+, column \d+: /);
      }
    }
  });

  it('reports numbers that overflow to Infinity (1e999) at their place instead of loading them', () => {
    const text = examples.find((example) => example.includes('"source.sequence"'))!;
    const result = loadGuarded(text.replace(/("values": \[)\s*[-\d.e]+/, '$1 1e999'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^nodes\[\d+\]\.params\.values\[0\]: .*(finite|Infinity)/i);
  });

  it('refuses a key written twice in one object (JSON.parse keeps the last, other readers the first), at its place', () => {
    const text = examples.find((example) => example.includes('"source.dice"'))!;
    const objects = [...text.matchAll(/\{\s*"([^"]+)": /g)];
    expect(objects.length).toBeGreaterThan(10);
    for (const match of objects) {
      const key = match[1]!;
      // The object's first key written again at its start: `{"id": "x", "id": …}` and so on, at every level.
      const at = match.index + match[0].indexOf('"');
      const twice = `${text.slice(0, at)}"${key}": null, ${text.slice(at)}`;
      const result = loadGuarded(twice);
      expect(result.ok, key).toBe(false);
      const line = twice.slice(0, at + `"${key}": null, `.length).split('\n').length;
      expect(!result.ok && result.error).toMatch(new RegExp(`^line ${line}, column \\d+: the key ${JSON.stringify(JSON.stringify(key)).slice(1, -1)} is written twice in one object`));
    }
    // The same key in two objects, and a key spelled with an escape, are no duplicates; the same key escaped is one.
    expect(loadGuarded('{"format": "convolab.graph", "version": 3, "nodes": [], "edges": [], "meta": {"a": {"title": 1}, "b": {"title": 2}, "c\\"d": 3}}').ok).toBe(true);
    expect(loadGuarded('{"format": "convolab.graph", "version": 3, "nodes": [], "edges": [], "n\\u006fdes": []}')).toMatchObject({ ok: false, error: expect.stringMatching(/^line 1, column 70: the key "nodes" is written twice/) });
  });

  it('drops __proto__, constructor and prototype put into every object at every level, and nothing reaches a prototype', () => {
    for (const example of examples) {
      // Every `{` of the file that opens an object gets the three keys, each holding a payload.
      const payload = '{"polluted": true, "toString": 1, "__proto__": {"polluted": true}}';
      const keys = ['__proto__', 'constructor', 'prototype'].map((key) => `"${key}": ${payload}, `).join('');
      let everywhere = '';
      let inString = false;
      let objects = 0;
      for (let i = 0; i < example.length; i++) {
        const c = example[i];
        everywhere += c;
        if (inString) {
          if (c === '\\') everywhere += example[++i];
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{') {
          everywhere += keys;
          objects++;
        }
      }
      expect(objects).toBeGreaterThan(5);
      const result = loadGuarded(everywhere);
      const clean = loadGraph(example);
      expect(clean.ok).toBe(true);
      // The keys are dropped with a warning each; what is left is the example itself.
      expect(result.ok).toBe(true);
      if (result.ok && clean.ok) {
        expect(writeGraph(result.document)).toBe(writeGraph(clean.document));
        expect(result.warnings.filter((warning) => /reserved name/.test(warning)).length).toBeGreaterThanOrEqual(objects * 3);
        const walk = (value: unknown): void => {
          if (value === null || typeof value !== 'object') return;
          for (const key of ['__proto__', 'constructor', 'prototype']) expect(Object.hasOwn(value, key), key).toBe(false);
          expect([Object.prototype, Array.prototype, null]).toContain(Object.getPrototypeOf(value));
          for (const inner of Object.values(value)) walk(inner);
        };
        walk(result.document);
      }
    }
  });

  it('refuses 100 000 levels of nesting at every place of a file, closed or not', () => {
    const text = examples[0];
    const places = valueStarts(text).filter((_, i) => i % 7 === 0);
    expect(places.length).toBeGreaterThan(3);
    for (const start of places) {
      for (const [open, close] of [['[', ']'], ['{"a":', '}']] as const) {
        const nested = open.repeat(100_000) + '1' + close.repeat(100_000);
        const closed = loadGuarded(text.slice(0, start) + nested + text.slice(valueEnd(text, start)));
        expect(!closed.ok && closed.error).toMatch(/nested deeper than 64 levels/);
        const unclosed = loadGuarded(text.slice(0, start) + open.repeat(100_000));
        expect(unclosed.ok).toBe(false);
      }
    }
  });

  it('refuses giant arrays, giant strings, giant numbers and giant objects in one line each', () => {
    const base = JSON.parse(examples[0]) as { nodes: { id: string; type: string; params?: Record<string, unknown> }[] };
    const withNode = (node: object): string => JSON.stringify({ ...base, nodes: [...base.nodes, node] });
    const cases: [string, string, RegExp][] = [
      ['a list of 1.1 million numbers', withNode({ id: 'big', type: 'source.sequence', params: { values: new Array(1_100_000).fill(0.5) } }), /values: must hold at most 1000000 numbers/],
      ['a kernel of 1001 × 1000 cells', withNode({ id: 'k', type: 'kernel.custom', params: { values: new Array(1001).fill(new Array(1000).fill(1)) } }), /nodes\[\d+\]\.params\.values: must hold at most 1000000 numbers/],
      ['a 20-million-character label', withNode({ id: 'l', type: 'source.dice', label: 'x'.repeat(20_000_000) }), /label: too long/],
      ['a 100 000-character id', withNode({ id: 'i'.repeat(100_000), type: 'source.dice' }), /id: too long/],
      ['a number of 100 000 digits', withNode({ id: 'n', type: 'source.dice', params: { faces: 0 } }).replace('"faces":0', `"faces":${'9'.repeat(100_000)}`), /faces: number too large/],
      ['params with a million keys (17 MB)', withNode({ id: 'p', type: 'source.dice', params: Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [`k${i}`, i])) }), /^line 1, column \d+: an object with more than 10000 keys/],
      ['110 000 edges', JSON.stringify({ ...base, edges: Array.from({ length: 110_000 }, (_, i) => ({ id: `e${i}`, source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' })) }), /edges: too many entries/],
      ['100 000 edges to nodes that do not exist', JSON.stringify({ ...base, edges: Array.from({ length: 100_000 }, (_, i) => ({ id: `e${i}`, source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' })) }), /^edges\[0\]\.source: no node "a"/],
      ['10 000 nodes, each with a bad param', JSON.stringify({ ...base, nodes: Array.from({ length: 10_000 }, (_, i) => ({ id: `n${i}`, type: 'source.dice', params: { faces: -1 } })) }), /^nodes\[0\]\.params\.faces: must be >= 1/],
      ['a file over 50 MB', ' '.repeat(50 * 1024 * 1024 + 10) + examples[0], /over the 50\.0 MB limit/],
    ];
    for (const [what, text, error] of cases) {
      const result = loadGuarded(text, what);
      expect(result.ok, what).toBe(false);
      expect(!result.ok && result.error, what).toMatch(error);
    }
  });

  it('keeps the heap flat over a batch of 2000 hostile files', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const batch = (seed: number) =>
      fc.assert(
        fc.property(fc.nat({ max: examples.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
          loadGuarded(mutate(examples[which], edits));
        }),
        { numRuns: 1000, seed },
      );
    // One batch first, so that what a first run caches (compiled regexps, zod's lazy schemas) is in place.
    batch(1);
    gc();
    const before = process.memoryUsage().heapUsed;
    batch(2);
    batch(3);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Generous: a leak of even one small copy per file (about 10 KB) would be 20 MB.
    expect(grown, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB`).toBeLessThan(16 * 1024 * 1024);
    expect(slowest).toBeLessThan(HANG_MS);
  });
});
