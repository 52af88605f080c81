/**
 * Every node type against the run's memory budget (issue 14): each is driven with extreme
 * in-range params (its declared min and max, huge starts on its input signals) and small valid
 * inputs, in a child process under a hard heap cap. An allocation that scales with a param or an
 * input must be reserved before it happens, so the child survives, the node is ok or has a
 * one-line error naming it, a separate branch of the same graph still runs, and the child's peak
 * RSS stays far below what an unreserved allocation of the declared ranges would take.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataType } from '../../src-shared/data';
import type { GraphDocument, GraphNode, ParamValue } from '../../src-shared/graph/document';
import type { NodeDefinition, ParamDefinition } from '../../src-shared/nodes/define';
import { NODE_DEFINITIONS } from '../../src-shared/nodes/registry';

const MIB = 1024 * 1024;
/** The engine's budget in the child: small, so what fits runs quickly. */
const MEMORY_LIMIT = 64 * MIB;
/** The child's hard V8 heap cap and the ceiling on its peak RSS (typed arrays live outside the heap). */
const HEAP_CAP_MB = 512;
const RSS_CAP = 640 * MIB;
/** Graphs per node type: all params at their max, all at their min, and random picks. */
const RANDOM_CASES = 2;
/**
 * Starts of the input signals: two at ±2e7 align on 4e7 samples, 640 MB for the union's three
 * arrays: ten times the budget, so a missing reservation shows, yet no danger to the machine
 * (the declared range, ±1e9, would ask for 48 GB unreserved).
 */
const HUGE_START = 2e7;
const STARTS = [-HUGE_START, -1e5, 0, 1e5, HUGE_START];

type Edge = [string, string, string, string];

/** Nodes that put a small valid value of `type` on `id`.out. */
function producer(id: string, type: DataType, start: number): { nodes: GraphNode[]; edges: Edge[] } {
  const sequence = (nodeId: string): GraphNode => ({ id: nodeId, type: 'source.sequence', params: { values: [1, 2, 3, 2], start } });
  const image = (nodeId: string): GraphNode => ({ id: nodeId, type: 'source.testImage', params: { pattern: 'disk', size: 8 } });
  switch (type) {
    case 'signal':
      return { nodes: [sequence(id)], edges: [] };
    case 'image':
      return { nodes: [image(id)], edges: [] };
    case 'spectrum':
      return { nodes: [sequence(`${id}_src`), { id, type: 'op.fft', params: {} }], edges: [[`${id}_src`, 'out', id, 'in']] };
    case 'spectrum2d':
      return { nodes: [image(`${id}_src`), { id, type: 'op.fft2d', params: {} }], edges: [[`${id}_src`, 'out', id, 'in']] };
    case 'value':
      return { nodes: [sequence(`${id}_src`), { id, type: 'op.stats', params: {} }], edges: [[`${id}_src`, 'out', id, 'in']] };
    case 'volume':
      return { nodes: [{ id, type: 'source.phantom3d', params: { pattern: 'sphere', size: 8 } }], edges: [] };
  }
}

/** A value of a param: `extreme` picks its max or min; undefined leaves the default. */
function paramArbitrary(param: ParamDefinition, extreme?: 'max' | 'min'): fc.Arbitrary<ParamValue | undefined> {
  switch (param.kind) {
    case 'number': {
      const candidates = [param.max ?? 1e9, ...(param.exclusiveMin ? [] : [param.min ?? -1e9]), param.default]
        .filter((value) => param.check?.(value) === undefined);
      if (extreme === 'max') return fc.constant(candidates[0] ?? param.default);
      if (extreme === 'min') return fc.constant(param.exclusiveMin ? param.default : candidates[1] ?? param.default);
      return fc.constantFrom(...candidates);
    }
    case 'enum':
      return fc.constantFrom(...param.options);
    case 'boolean':
      return fc.boolean();
    default:
      return fc.constant(undefined);
  }
}

interface Case {
  readonly type: string;
  readonly document: GraphDocument;
}

function caseArbitrary(definition: NodeDefinition, extreme?: 'max' | 'min'): fc.Arbitrary<Case> {
  const params = fc.tuple(...definition.params.map((param) => paramArbitrary(param, extreme)));
  // Ports that share a generic type get one type between them.
  const shared = [...new Set(definition.inputs.filter((port) => port.generic).flatMap((port) => port.types))];
  // The extreme cases feed each port its first type (a signal where one is taken: the widest
  // union of two far-apart starts); the random ones any type it takes.
  const pick = <T,>(options: readonly T[]): fc.Arbitrary<T> => (extreme ? fc.constant(options[0]) : fc.constantFrom(...options));
  const genericType = shared.length > 0 ? pick(shared) : fc.constant(undefined);
  const types = fc.tuple(...definition.inputs.map((port) => pick(port.types)));
  const starts = fc.tuple(...definition.inputs.map(() => (extreme ? fc.constant(extreme === 'max' ? HUGE_START : -HUGE_START) : fc.constantFrom(...STARTS))));
  return fc.tuple(params, genericType, types, starts).map(([values, generic, portTypes, portStarts]) => {
    const nodes: GraphNode[] = [];
    const edges: Edge[] = [];
    definition.inputs.forEach((port, i) => {
      // Opposite starts on two inputs make the widest union (op.add's alignment).
      const start = i % 2 === 0 ? portStarts[i] : -portStarts[i];
      const type = port.generic && generic !== undefined && port.types.includes(generic) ? generic : portTypes[i];
      const made = producer(`in_${port.id}`, type, start);
      nodes.push(...made.nodes);
      edges.push(...made.edges, [`in_${port.id}`, 'out', 'node', port.id]);
    });
    const nodeParams: Record<string, ParamValue> = {};
    definition.params.forEach((param, i) => {
      if (values[i] !== undefined) nodeParams[param.name] = values[i]!;
    });
    nodes.push({ id: 'node', type: definition.type, params: nodeParams });
    // A branch apart from the node under test: it must still run whatever the node did.
    nodes.push({ id: 'probe', type: 'source.sequence', params: { values: [1, 2, 3] } });
    nodes.push({ id: 'probeScaled', type: 'op.scale', params: { factor: 2 } });
    edges.push(['probe', 'out', 'probeScaled', 'in']);
    const document: GraphDocument = {
      format: 'convolab.graph',
      version: 1,
      nodes,
      edges: edges.map(([source, sourceHandle, target, targetHandle], i) => ({ id: `e${i}`, source, sourceHandle, target, targetHandle })),
    };
    return { type: definition.type, document };
  });
}

function cases(): Case[] {
  const all: Case[] = [];
  NODE_DEFINITIONS.forEach((definition, index) => {
    for (const extreme of ['max', 'min'] as const) all.push(...fc.sample(caseArbitrary(definition, extreme), { numRuns: 1, seed: index }));
    all.push(...fc.sample(caseArbitrary(definition), { numRuns: RANDOM_CASES, seed: 1000 + index }));
  });
  return all;
}

interface Report {
  id: string;
  status: string;
  error?: string;
}

const folder = mkdtempSync(join(tmpdir(), 'convolab-budget-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('every node type under one memory budget', () => {
  it('survives extreme in-range params: a one-line error on the node, the rest runs, peak RSS under the cap', () => {
    const all = cases();
    const file = join(folder, 'cases.json');
    writeFileSync(file, JSON.stringify(all.map((one) => one.document)));
    const child = spawnSync(
      process.execPath,
      [`--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', 'test/engine/fixtures/budget-child.ts', file, String(MEMORY_LIMIT)],
      { encoding: 'utf8', cwd: process.cwd(), maxBuffer: 64 * MIB, timeout: 600_000 },
    );
    const lines = child.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    const started = lines.filter((line) => 'start' in line);
    const last = all[(started[started.length - 1]?.start as number | undefined) ?? 0];
    const crash = `child ended with ${child.status ?? child.signal}; last graph started: ${last?.type} ${JSON.stringify(last?.document.nodes.find((node) => node.id === 'node')?.params)}\n${child.stderr.slice(-2000)}`;
    expect(child.status, crash).toBe(0);

    const done = lines.filter((line) => 'done' in line);
    expect(done).toHaveLength(all.length);
    for (const line of done) {
      const one = all[line.done as number];
      const label = `${one.type} ${JSON.stringify(one.document.nodes.find((node) => node.id === 'node')?.params)}`;
      for (const report of line.reports as Report[]) {
        expect(['ok', 'error', 'skipped'], `${label}: ${report.id}`).toContain(report.status);
        if (report.error === undefined) continue;
        expect(report.error, `${label}: ${report.id}`).not.toMatch(/\n/);
        // An allocation the engine did not see coming fails like this, not as a clean refusal.
        expect(report.error, `${label}: ${report.id}`).not.toMatch(/allocation failed|Invalid typed array length|Invalid array length|out of memory/i);
        // The report names the node; the refusal itself does not (qa3), so it is not named twice.
        if (/limit/.test(report.error)) expect(report.error, label).toMatch(/^(?!node ).* over the [0-9.]+ [KMG]iB limit/);
      }
      const status = new Map((line.reports as Report[]).map((report) => [report.id, report.status]));
      expect(status.get('probe'), label).toBe('ok');
      expect(status.get('probeScaled'), label).toBe('ok');
    }
    const peak = lines.find((line) => 'maxRssBytes' in line)?.maxRssBytes as number;
    expect(peak).toBeGreaterThan(0);
    expect(peak, `peak RSS ${Math.round(peak / MIB)} MiB`).toBeLessThan(RSS_CAP);
  });
});
