/**
 * A thousand random valid graphs through the engine. Built from the registry as a user builds
 * them: random node types, every param within its declared range (sizes kept small so a thousand
 * runs fit in the suite), and edges only where canConnect allows. Every run must end with each
 * node ok or carrying its own one-line error (or skipped behind one) — never an exception, never
 * a value of the wrong shape, never a preview that cannot be made.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import { makePreview } from '../../src-shared/engine/preview';
import type { GraphDocument, GraphEdge, GraphNode, ParamValue } from '../../src-shared/graph/document';
import { checkParams } from '../../src-shared/graph/params';
import { canConnect, validateDocument } from '../../src-shared/graph/validate';
import type { NodeDefinition, ParamDefinition } from '../../src-shared/nodes/define';
import { getNodeDefinition, nodeTypes } from '../../src-shared/nodes/registry';

const definitions: NodeDefinition[] = nodeTypes().map((type) => getNodeDefinition(type)!);

/**
 * Upper bounds for params that set how much work a node does (sizes, lengths, counts, rates),
 * so that a thousand graphs run in seconds. Every other number keeps its declared range, clamped
 * to a few units either side of zero where that range is astronomically wide.
 */
const SMALL: Readonly<Record<string, number>> = {
  size: 40, length: 512, width: 40, height: 40, n: 512, angles: 16, detectors: 40, count: 4, faces: 12, radius: 6,
  rate: 2000, duration: 0.05, sigma: 4, stride: 4, index: 6, dx: 64, dy: 64, t0: 8, t1: 8,
};

const EXPRESSIONS = ['exp(-t) * (t >= 0)', 'sin(2 * pi * t)', 'sinc(t)', 't ^ 2 - 1', 'abs(t) < 1 ? 1 : 0', 'log(t)', '1 / t', 'x + 1', 'import("fs")', '', 'sqrt(-1)'];

function numberParam(param: Extract<ParamDefinition, { kind: 'number' }>): fc.Arbitrary<number> {
  const cap = SMALL[param.name] ?? 10;
  const min = Math.max(param.min ?? -cap, -cap);
  const max = Math.min(param.max ?? cap, Math.max(cap, param.min ?? -cap));
  const low = Math.min(min, max);
  if (param.integer) return fc.integer({ min: Math.ceil(low), max: Math.floor(Math.max(low, max)) });
  return fc.double({ min: low, max: Math.max(low, max), minExcluded: param.exclusiveMin === true && low === param.min, noNaN: true, noDefaultInfinity: true });
}

function paramArbitrary(param: ParamDefinition): fc.Arbitrary<ParamValue> {
  switch (param.kind) {
    case 'number':
      return numberParam(param);
    case 'enum':
      return fc.constantFrom(...param.options);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.oneof(fc.constantFrom(...EXPRESSIONS), fc.string({ maxLength: 12 }));
    case 'path':
      return fc.constantFrom('', 'missing.wav', '../outside.png', '/etc/passwd');
    case 'list':
      return fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: Math.max(1, param.minLength ?? 1), maxLength: Math.min(param.maxLength ?? 64, 64) });
    case 'matrix':
      return fc.oneof(
        fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 5 }).chain((columns) => fc.array(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 5 })),
      );
  }
}

/** A node of `definition` with each param given a random value or left at its default. */
function nodeArbitrary(definition: NodeDefinition): fc.Arbitrary<Record<string, ParamValue>> {
  const entries = definition.params.map((param) => fc.option(paramArbitrary(param), { freq: 2 }).map((value) => [param.name, value] as const));
  return fc.tuple(...entries).map((pairs) => {
    const params: Record<string, ParamValue> = {};
    for (const [name, value] of pairs) if (value !== null) params[name] = value;
    // A cross-param rule (weights as long as faces, t1 after t0) broken by chance: those params
    // go back to their defaults, so the graph stays valid as the editor would keep it.
    for (let problems = checkParams(definition, params); problems.length > 0; problems = checkParams(definition, params)) {
      const given = problems.filter((problem) => Object.hasOwn(params, problem.param));
      // A rule broken against a default (dims 1 with the default 2-D kernel): all to defaults.
      if (given.length === 0) return {};
      for (const problem of given) delete params[problem.param];
    }
    return params;
  });
}

interface Plan {
  readonly types: number[];
  readonly params: Record<string, ParamValue>[];
  /** Per node, per input: which candidate output to try first, or -1 to leave it open. */
  readonly wiring: number[][];
}

const plan: fc.Arbitrary<Plan> = fc
  .array(fc.nat({ max: definitions.length - 1 }), { minLength: 1, maxLength: 8 })
  .chain((types) =>
    fc.record({
      types: fc.constant(types),
      params: fc.tuple(...types.map((t) => nodeArbitrary(definitions[t]))),
      wiring: fc.tuple(...types.map((t) => fc.array(fc.integer({ min: -1, max: 50 }), { minLength: definitions[t].inputs.length, maxLength: definitions[t].inputs.length }))),
    }),
  );

/** Small registry chains that give each data type, for an input no earlier node can feed. */
const FEEDERS: Readonly<Record<string, readonly GraphNode[]>> = {
  signal: [{ id: 'x', type: 'source.sequence', params: { values: [1, -2, 3, 0.5] } }],
  image: [{ id: 'x', type: 'source.testImage', params: { pattern: 'disk', size: 16 } }],
  spectrum: [{ id: 'x', type: 'source.sequence', params: { values: [1, 2, 3, 4] } }, { id: 'x', type: 'op.fft' }],
  spectrum2d: [{ id: 'x', type: 'source.testImage', params: { pattern: 'bars', size: 16 } }, { id: 'x', type: 'op.fft2d' }],
  value: [{ id: 'x', type: 'source.sequence', params: { values: [2, 4] } }, { id: 'x', type: 'op.stats' }],
  volume: [{ id: 'x', type: 'source.phantom3d', params: { pattern: 'sphere', size: 8 } }],
};

/** Inputs that take one kind of a type: measured projections (a volume made by op.conebeam). */
const PROJECTIONS: readonly GraphNode[] = [
  { id: 'x', type: 'source.phantom3d', params: { pattern: 'sphere', size: 8 } },
  { id: 'x', type: 'op.conebeam', params: { views: 6 } },
];
const PORT_FEEDERS: Readonly<Record<string, readonly GraphNode[]>> = {
  'op.fdk.in': PROJECTIONS,
  'op.dataConsistency.p': PROJECTIONS,
};

/**
 * The document a plan describes: nodes in order, each input wired to an earlier output where
 * canConnect allows, else to a small feeder chain of the input's type (also only where allowed).
 */
function build(p: Plan): GraphDocument {
  let document: GraphDocument = { format: 'convolab.graph', version: 1, nodes: [], edges: [] };
  const connect = (connection: Omit<GraphEdge, 'id'>): boolean => {
    if (!canConnect(document, connection).ok) return false;
    document = { ...document, edges: [...document.edges, { id: `e${document.edges.length}`, ...connection }] };
    return true;
  };
  p.types.forEach((t, i) => {
    const definition = definitions[t];
    const node: GraphNode = { id: `n${i}`, type: definition.type, position: { x: i * 200, y: 0 }, ...(Object.keys(p.params[i]).length ? { params: p.params[i] } : {}) };
    const earlier = document.nodes.filter((other) => other.id.startsWith('n'));
    document = { ...document, nodes: [...document.nodes, node] };
    definition.inputs.forEach((input, k) => {
      const first = p.wiring[i][k];
      if (first < 0) return;
      const candidates = earlier.flatMap((source) => getNodeDefinition(source.type)!.outputs.map((output) => ({ source: source.id, sourceHandle: output.id })));
      for (let c = 0; c < candidates.length; c++) {
        if (connect({ ...candidates[(first + c) % candidates.length], target: node.id, targetHandle: input.id })) return;
      }
      for (const type of input.types) {
        const chain = (PORT_FEEDERS[`${definition.type}.${input.id}`] ?? FEEDERS[type]).map((feeder, f) => ({ ...feeder, id: `f${i}_${k}_${f}` }));
        const last = chain[chain.length - 1];
        const before = document;
        document = { ...document, nodes: [...document.nodes, ...chain] };
        chain.slice(1).forEach((feeder, f) => connect({ source: chain[f].id, sourceHandle: 'out', target: feeder.id, targetHandle: 'in' }));
        if (connect({ source: last.id, sourceHandle: 'out', target: node.id, targetHandle: input.id })) return;
        document = before;
      }
    });
  });
  return document;
}

/** The value is what its kind says: arrays as long as its sizes, sizes whole and positive. */
function wellFormed(value: Value): boolean {
  switch (value.kind) {
    case 'signal':
      return value.data instanceof Float64Array && Number.isFinite(value.rate) && value.rate > 0;
    case 'spectrum':
      return value.re.length === value.im.length && value.rate > 0;
    case 'image':
      return Number.isInteger(value.width) && Number.isInteger(value.height) && value.width > 0 && value.height > 0 && value.data.length === value.width * value.height * value.channels;
    case 'volume':
      return [value.width, value.height, value.depth].every((side) => Number.isInteger(side) && side > 0) && value.data.length === value.width * value.height * value.depth * value.channels;
    case 'spectrum2d':
      return value.re.length === value.width * value.height && value.im.length === value.re.length;
    case 'value':
      return Object.values(value.fields).every((field) => typeof field === 'number');
  }
}

describe('random valid graphs through the engine', () => {
  it('1,000 graphs built from the registry end with every node ok, or in error with its own one-line message', async () => {
    const seenTypes = new Set<string>();
    const okTypes = new Set<string>();
    let nodes = 0;
    let ok = 0;
    let edges = 0;
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const document = build(p);
        expect(validateDocument(document)).toEqual([]);
        const engine = new Engine({
          // As the host: files are read through its rules; here none exists.
          readFile: async (path) => {
            throw new Error(`cannot read ${path}: no such file`);
          },
        });
        const result = await engine.run(document);
        expect(result.status).toBe('done');
        expect(result.reports.map((report) => report.id).sort()).toEqual(document.nodes.map((node) => node.id).sort());
        for (const report of result.reports) {
          seenTypes.add(report.type);
          nodes++;
          expect(['ok', 'error', 'skipped']).toContain(report.status);
          if (report.status === 'ok') {
            ok++;
            okTypes.add(report.type);
            const outcome = engine.outcome(report.id)!;
            for (const value of [...Object.values(outcome.outputs), ...(outcome.sink ? [outcome.sink] : [])]) {
              expect(wellFormed(value), `${report.id} (${report.type}) gave a malformed ${value.kind}`).toBe(true);
              expect(() => makePreview(value)).not.toThrow();
            }
          } else {
            expect(report.error, `${report.id} (${report.type})`).toMatch(/\S/);
            expect(report.error, `${report.id} (${report.type})`).not.toMatch(/[\r\n]/);
            expect(report.error).not.toMatch(/is not a function|Cannot read propert|undefined is not|of undefined|of null/);
          }
        }
        edges += document.edges.length;
      }),
      { numRuns: 1000 },
    );
    // The thousand graphs did exercise the catalog: every type was drawn, most nodes ran.
    expect([...seenTypes].sort()).toEqual(definitions.map((definition) => definition.type).sort());
    expect(ok / nodes).toBeGreaterThan(0.75);
    // All but the file nodes (source.volume reads a scan, op.unet3d its weights), which have no file to read or write here.
    for (const definition of definitions) {
      if (!okTypes.has(definition.type)) expect(['sink.file', 'source.audio', 'source.image', 'source.volume', 'op.unet3d'], `${definition.type} never ran ok`).toContain(definition.type);
    }
    expect(edges).toBeGreaterThan(1000);
  });
});
