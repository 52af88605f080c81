/**
 * The shape of a graph file of the current version as a zod schema (ComfyUI's way: read `version` first, then
 * validate with the schema of that version). Only the structure lives here; what needs the node
 * catalog (known types, params, handles, edge types, cycles) is in validate.ts.
 */
import * as z from '../zod-mini';
import { BLOCK_TYPE, GRAPH_FORMAT, GRAPH_VERSION, GRAPH_VERSION_WITHOUT_BLOCKS } from './document';
import { parseJson } from './json';
import { describeValue, formatPlace, type PathSegment } from './place';

export const LIMITS = {
  nodes: 10_000,
  edges: 100_000,
  idLength: 200,
  labelLength: 1000,
  metaTextLength: 100_000,
  /** Positions beyond this are a hostile or broken file, not a drawing. */
  coordinate: 1e9,
  maxZoom: 1000,
  /** Reroute points on one wire (reroutes.ts): enough to lead a wire anywhere. */
  reroutePoints: 100,
  /**
   * Block definitions in one file (docs/blocks.md). Their inner nodes also count toward `nodes`
   * as the engine runs them: every instance's, in total (validate.ts).
   */
  blocks: 1000,
} as const;

const id = z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength));
const coordinate = z.number().check(z.gte(-LIMITS.coordinate), z.lte(LIMITS.coordinate));
const position = z.strictObject({ x: coordinate, y: coordinate });
const text = (max: number, min?: number) => z.string().check(...(min !== undefined ? [z.minLength(min)] : []), z.maxLength(max));
const list = <T extends z.core.SomeType>(item: T, max: number, min?: number) => z.array(item).check(...(min !== undefined ? [z.minLength(min)] : []), z.maxLength(max));

export const nodeSchema = z.strictObject({
  id,
  type: text(LIMITS.idLength, 1),
  position: z.optional(position),
  label: z.optional(text(LIMITS.labelLength)),
  // Param values are checked against the node's definition (validate.ts), which words it better.
  params: z.optional(z.record(z.string(), z.unknown())),
  /** The key of a block node's definition in `blocks` (validate.ts checks which nodes may have it). */
  block: z.optional(id),
});

export const edgeSchema = z.strictObject({ id, source: id, sourceHandle: id, target: id, targetHandle: id });

/** A lesson step (lesson.ts): a short text and the ids of the nodes it reveals or highlights. */
const lessonStep = z.strictObject({
  text: text(LIMITS.metaTextLength, 1),
  nodes: z.optional(list(id, LIMITS.nodes)),
});

export const metaSchema = z.looseObject({
  title: z.optional(text(LIMITS.labelLength)),
  description: z.optional(text(LIMITS.metaTextLength)),
  lesson: z.optional(list(lessonStep, 1000)),
  /** Reroute points by edge id (reroutes.ts); points of an edge the graph lacks are ignored. */
  reroutes: z.optional(z.record(id, list(position, LIMITS.reroutePoints))),
});

const portEnd = z.strictObject({ node: id, handle: id });

/** A block definition (docs/blocks.md); what needs the catalog (handles, kinds, types) is validate.ts's. */
export const blockDefinitionSchema = z.strictObject({
  title: text(LIMITS.labelLength, 1),
  description: z.optional(text(LIMITS.metaTextLength)),
  nodes: list(nodeSchema, LIMITS.nodes),
  edges: list(edgeSchema, LIMITS.edges),
  inputs: list(z.strictObject({ name: id, to: list(portEnd, LIMITS.nodes, 1) }), LIMITS.edges),
  outputs: list(z.strictObject({ name: id, from: portEnd }), LIMITS.edges),
  params: z.optional(list(z.strictObject({ name: id, bind: list(z.strictObject({ node: id, param: id }), LIMITS.nodes, 1) }), LIMITS.edges)),
  meta: z.optional(metaSchema),
});

const blocksSchema = z.record(id, blockDefinitionSchema).check(
  z.superRefine((blocks, context) => {
    const count = Object.keys(blocks).length;
    if (count > LIMITS.blocks) context.addIssue({ code: 'custom', message: `too many entries (${count}; the limit is ${LIMITS.blocks})` });
  }),
);

export const graphDocumentSchema = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.number().check(z.int()),
  meta: z.optional(metaSchema),
  nodes: list(nodeSchema, LIMITS.nodes),
  edges: list(edgeSchema, LIMITS.edges),
  blocks: z.optional(blocksSchema),
  viewport: z.optional(z.strictObject({ x: coordinate, y: coordinate, zoom: z.number().check(z.gt(0), z.lte(LIMITS.maxZoom)) })),
});

const KEYS: Readonly<Record<string, string>> = {
  file: 'format, version, meta, nodes, edges, blocks, viewport',
  node: 'id, type, block, position, label, params',
  block: 'title, description, nodes, edges, inputs, outputs, params, meta',
  input: 'name, to',
  output: 'name, from',
  param: 'name, bind',
  end: 'node, handle',
  bind: 'node, param',
  edge: 'id, source, sourceHandle, target, targetHandle',
  point: 'x, y',
  viewport: 'x, y, zoom',
  lessonStep: 'text, nodes',
};

function whatHolds(path: readonly PathSegment[]): string {
  const [first, , third] = path;
  if (path.length === 0) return `a graph file has ${KEYS.file}`;
  if (first === 'blocks' && path.length > 2) return whatHoldsInBlock(path.slice(2));
  if (first === 'nodes' && path.length === 2) return `a node has ${KEYS.node}`;
  if (first === 'edges' && path.length === 2) return `an edge has ${KEYS.edge}`;
  if (first === 'nodes' && third === 'position') return `a position has ${KEYS.point}`;
  if (first === 'viewport') return `the viewport has ${KEYS.viewport}`;
  if (first === 'meta' && path[1] === 'lesson' && path.length === 3) return `a lesson step has ${KEYS.lessonStep}`;
  if (first === 'meta' && path[1] === 'reroutes' && path.length === 4) return `a reroute point has ${KEYS.point}`;
  return 'not part of the format';
}

/** What holds a key inside a block definition, `path` from the definition on. */
function whatHoldsInBlock(path: readonly PathSegment[]): string {
  const [first, , third] = path;
  if (path.length === 0) return `a block has ${KEYS.block}`;
  if (first === 'inputs' && path.length === 2) return `an input port has ${KEYS.input}`;
  if (first === 'inputs' && third === 'to') return `a port end has ${KEYS.end}`;
  if (first === 'outputs' && path.length === 2) return `an output port has ${KEYS.output}`;
  if (first === 'outputs' && third === 'from') return `a port end has ${KEYS.end}`;
  if (first === 'params' && path.length === 2) return `a promoted param has ${KEYS.param}`;
  if (first === 'params' && third === 'bind') return `a bound param has ${KEYS.bind}`;
  return first === 'nodes' || first === 'edges' || first === 'meta' ? whatHolds(path) : 'not part of the format';
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  int: 'a whole number',
  record: 'an object',
};

/** One zod issue as a message in FORMAT.md's style, `place: what is wrong (got …)`. */
export function describeIssue(issue: z.core.$ZodIssue, root: unknown): string[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  const place = formatPlace(path);
  const got = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${formatPlace([...path, key])}: unknown key (${whatHolds(path)})`);
    case 'invalid_type':
      if (got === undefined) return [`${place}: missing`];
      return [`${place}: must be ${TYPE_WORDS[issue.expected] ?? issue.expected} (got ${describeValue(got)})`];
    case 'invalid_value':
      return [`${place}: must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')} (got ${describeValue(got)})`];
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return [`${place}: must not be empty`];
      if (issue.origin === 'number') {
        return [`${place}: must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)} (got ${describeValue(got)})`];
      }
      return [`${place}: too short (at least ${String(issue.minimum)})`];
    case 'too_big':
      if (issue.origin === 'number') return [`${place}: must be <= ${String(issue.maximum)} (got ${describeValue(got)})`];
      if (issue.origin === 'array') {
        const count = Array.isArray(got) ? got.length : '?';
        return [`${place}: too many entries (${count}; the limit is ${String(issue.maximum)})`];
      }
      return [`${place}: too long (at most ${String(issue.maximum)} characters)`];
    default:
      if (path.length === 1 && path[0] === 'version') return [`version: must be a whole number (got ${describeValue(got)})`];
  }
  return [`${place}: ${issue.message}`];
}

/**
 * Why `text` is not a graph file of the current version by its structure — JSON, format, version
 * and the schema — or undefined when it is one. The catalog is not consulted: this is what a host
 * checks before it writes text as a graph file, and a document in the editor may break a catalog
 * rule for a while (t1 below t0) and must still save.
 */
export function graphTextProblem(text: string): string | undefined {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed.error;
  if (parsed.errors.length > 0) return parsed.errors[0];
  const root = parsed.value;
  const shape = graphDocumentSchema.safeParse(root);
  if (!shape.success) {
    const issue = shape.error.issues[0]!;
    return describeIssue(issue, root)[0] ?? 'file: not a Convolab graph';
  }
  const blocks = shape.data.nodes.some((node) => node.type === BLOCK_TYPE);
  const version = blocks ? GRAPH_VERSION : GRAPH_VERSION_WITHOUT_BLOCKS;
  if (shape.data.version !== version) {
    return `version ${shape.data.version}: a graph ${blocks ? 'with' : 'without'} blocks is written as version ${version}`;
  }
  return undefined;
}
