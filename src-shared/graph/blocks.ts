/**
 * Blocks (subgraphs) as data: a definition kept once in the document's `blocks` under its content
 * key, and `block` nodes that name it (docs/blocks.md). Everything here is a pure function of a
 * document: the editor's commands (group, ungroup, edit inside, promote, ports) call them, the
 * loader normalises keys with them, and validation sees a block node through `blockNodeDefinition`
 * as if it were a node type whose ports are the block's ports and whose params are its promoted ones.
 *
 * Every function is deterministic and returns the very same document when nothing changes, so the
 * editor's history records no empty steps.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { DataType } from '../data';
import { fail, type NodeDefinition, type OutputPortDefinition, type ParamDefinition, type PortDefinition } from '../nodes/define';
import { getNodeDefinition, NODE_DEFINITIONS } from '../nodes/registry';
import {
  BLOCK_ID_SEPARATOR,
  BLOCK_TYPE,
  type BlockDefinition,
  type BlockInput,
  type BlockOutput,
  type BlockParam,
  GRAPH_FORMAT,
  GRAPH_VERSION,
  type GraphDocument,
  type GraphEdge,
  type GraphMeta,
  type GraphNode,
  type Params,
} from './document';
import { definitionAtPath, definitionOf as blockDefinitionOf, expandedSize, hasBlockNodes, MAX_BLOCK_DEPTH, namedBlockKeys } from './expand';
import { type DefinitionLookup, buildGraph, inferOnGraph, outputKey } from './infer';
import { framesOf, withFrames, type Frame } from './frames';
import { uniqueId } from './ids';
import { type ReroutePoint, reroutePointsOf, withoutReroutesOf, withReroutePoints } from './reroutes';

/** What a block node shows as one port: its name and, where one type is certain, that type. */
export interface BlockPort {
  readonly name: string;
  readonly type?: DataType;
}

export interface BlockPorts {
  readonly inputs: BlockPort[];
  readonly outputs: BlockPort[];
}

export type GroupResult = { readonly ok: true; readonly document: GraphDocument; readonly node: string } | { readonly ok: false; readonly error: string };
/** `frames`: the frames the block held, back in the graph under these ids. */
export type UngroupResult = { readonly ok: true; readonly document: GraphDocument; readonly nodes: string[]; readonly frames: string[] } | { readonly ok: false; readonly error: string };

export type PortSide = 'input' | 'output';

/** The title a block takes when grouping is not told one. */
export const DEFAULT_BLOCK_TITLE = 'Block';

/** Kinds of node a grouped block's title names at most. */
const TITLE_KINDS = 3;

/**
 * The title a block grouped from `nodes` starts with: what it holds, in the order data flows
 * through it (`FFT ×2 + Multiply + IFFT`), so a newly grouped block says what it does until the
 * user names it. A block inside is named by its own title.
 */
export function groupedBlockTitle(document: GraphDocument, nodes: readonly GraphNode[]): string {
  const ids = new Set(nodes.map((node) => node.id));
  const inner = document.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
  // Kahn's order, ties in document order: sources before what they feed.
  const waiting = new Map(nodes.map((node) => [node.id, inner.filter((edge) => edge.target === node.id).length]));
  const ordered: GraphNode[] = [];
  while (ordered.length < nodes.length) {
    const next = nodes.find((node) => waiting.get(node.id) === 0) ?? nodes.find((node) => waiting.has(node.id))!;
    waiting.delete(next.id);
    ordered.push(next);
    for (const edge of inner) if (edge.source === next.id && waiting.has(edge.target)) waiting.set(edge.target, waiting.get(edge.target)! - 1);
  }
  const counts = new Map<string, number>();
  for (const node of ordered) {
    const title = isBlockNode(node) ? (blockDefinitionOf(document, node.id)?.title ?? DEFAULT_BLOCK_TITLE) : (getNodeDefinition(node.type)?.title ?? node.type);
    counts.set(title, (counts.get(title) ?? 0) + 1);
  }
  const named = [...counts].slice(0, TITLE_KINDS).map(([title, count]) => (count > 1 ? `${title} ×${count}` : title));
  return named.length === 0 ? DEFAULT_BLOCK_TITLE : named.join(' + ') + (counts.size > TITLE_KINDS ? ' + …' : '');
}

// ---------------------------------------------------------------------------------------------
// Keys

/**
 * JSON with every object's keys sorted and undefined entries left out: one text per content,
 * whatever order the keys were built or read in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((entry) => (entry === undefined ? 'null' : canonicalJson(entry))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * A definition's key: `b` and the first 16 hex digits of the SHA-256 of its canonical JSON. The
 * whole content counts (inner positions and meta too), so equal keys mean equal blocks.
 */
export function blockKey(definition: BlockDefinition): string {
  return 'b' + bytesToHex(sha256(utf8ToBytes(canonicalJson(definition)))).slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// Reading

export function isBlockNode(node: GraphNode): boolean {
  return node.type === BLOCK_TYPE;
}

// One home for these (expand.ts, which the type inference imports without a cycle); re-exported
// here for the editor and the library, which think in blocks.
export { blockDefinitionOf, definitionAtPath, hasBlockNodes, namedBlockKeys };

/**
 * A definition's inner graph as a document of its own, which edits and checks work on. A block
 * inside it names its definition in the one top-level map, so that map (`blocks`, the outer
 * document's) comes along when the definition has block nodes.
 */
export function innerDocument(definition: BlockDefinition, blocks?: Readonly<Record<string, BlockDefinition>>): GraphDocument {
  const document: GraphDocument = { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: definition.nodes, edges: definition.edges };
  if (definition.meta !== undefined) document.meta = definition.meta;
  if (blocks !== undefined && definition.nodes.some(isBlockNode)) document.blocks = blocks as Record<string, BlockDefinition>;
  return document;
}

/**
 * The definition with each block node inside it seen as a node type of its own (blockAwareView),
 * and the lookup that knows those types, so what asks an inner node's ports or params asks a
 * block inside like any node. `depth` counts the levels already seen: past MAX_BLOCK_DEPTH (a
 * cycle a file claims) the blocks inside stay of type `block`, which no lookup knows.
 */
function viewed(definition: BlockDefinition, lookup: DefinitionLookup, blocks: Readonly<Record<string, BlockDefinition>> | undefined, depth: number): { definition: BlockDefinition; lookup: DefinitionLookup } {
  if (blocks === undefined || depth > MAX_BLOCK_DEPTH || !definition.nodes.some(isBlockNode)) return { definition, lookup };
  const view = blockAwareView(innerDocument(definition, blocks), lookup, depth + 1);
  return { definition: { ...definition, nodes: view.document.nodes }, lookup: view.lookup };
}

/** The types an input port takes: what every inner input it feeds takes. */
function inputTypes(definition: BlockDefinition, port: BlockInput, lookup: DefinitionLookup): DataType[] | undefined {
  let types: DataType[] | undefined;
  for (const end of port.to) {
    const inner = innerPort(definition, end.node, end.handle, 'input', lookup);
    if (!inner) continue;
    types = types === undefined ? [...inner.types] : types.filter((type) => inner.types.includes(type));
  }
  return types;
}

function innerPort(definition: BlockDefinition, nodeId: string, handle: string, side: PortSide, lookup: DefinitionLookup): PortDefinition | undefined {
  const node = definition.nodes.find((candidate) => candidate.id === nodeId);
  const nodeDefinition = node === undefined ? undefined : lookup(node.type);
  return (side === 'input' ? nodeDefinition?.inputs : nodeDefinition?.outputs)?.find((port) => port.id === handle);
}

/**
 * The types an output port may carry: the type its inner output carries inside the block when
 * that is certain there, else every type the inner port allows. An output that adapts to what it
 * feeds (a kernel with dims auto) or that depends on an input port is not certain inside: what
 * the block meets outside decides it.
 */
function outputTypes(definition: BlockDefinition, port: BlockOutput, lookup: DefinitionLookup, inferred: Map<string, DataType | undefined>): DataType[] | undefined {
  const inner = innerPort(definition, port.from.node, port.from.handle, 'output', lookup) as OutputPortDefinition | undefined;
  if (!inner) return undefined;
  const type = inner.adapts ? undefined : inferred.get(outputKey(port.from.node, port.from.handle));
  return type !== undefined && inner.types.includes(type) ? [type] : [...inner.types];
}

/**
 * The types inside a block that are certain there. A kernel with dims auto that nothing inside
 * asks a shape of takes its fallback inside, but what the block meets outside may ask another:
 * then nothing inside counts as certain, and the ports offer every type their inner ends allow.
 */
function innerTypes(definition: BlockDefinition, lookup: DefinitionLookup): Map<string, DataType | undefined> {
  const inference = inferOnGraph(buildGraph(innerDocument(definition), lookup));
  for (const adapted of inference.adapted.values()) if (!('conflict' in adapted) && adapted.askedBy === undefined) return new Map();
  return inference.types;
}

/** A block node's ports, in the order its face shows them; undefined for any other node. */
export function portsOf(document: GraphDocument, node: GraphNode | string, lookup: DefinitionLookup = getNodeDefinition): BlockPorts | undefined {
  const found = blockDefinitionOf(document, node);
  if (!found) return undefined;
  const seen = viewed(found, lookup, document.blocks, 0);
  const definition = seen.definition;
  lookup = seen.lookup;
  const inferred = innerTypes(definition, lookup);
  const single = (types: DataType[] | undefined): BlockPort['type'] => (types?.length === 1 ? types[0] : undefined);
  return {
    inputs: definition.inputs.map((port) => withType(port.name, single(inputTypes(definition, port, lookup)))),
    outputs: definition.outputs.map((port) => withType(port.name, single(outputTypes(definition, port, lookup, inferred)))),
  };
}

function withType(name: string, type: DataType | undefined): BlockPort {
  return type === undefined ? { name } : { name, type };
}

/** The param a promoted param stands for: the first bound inner param's definition. */
export function promotedParamDefinition(
  given: BlockDefinition,
  param: BlockParam,
  lookup: DefinitionLookup = getNodeDefinition,
  blocks?: Readonly<Record<string, BlockDefinition>>,
  depth = 0,
): ParamDefinition | undefined {
  const seen = viewed(given, lookup, blocks, depth);
  const definition = seen.definition;
  lookup = seen.lookup;
  const first = param.bind[0];
  if (!first) return undefined;
  const node = definition.nodes.find((candidate) => candidate.id === first.node);
  const inner = node === undefined ? undefined : lookup(node.type)?.params.find((candidate) => candidate.name === first.param);
  if (!inner || !node) return undefined;
  // The face shows what the inner node holds until the instance sets its own value.
  const held = node.params && Object.hasOwn(node.params, first.param) ? node.params[first.param] : inner.default;
  return { ...inner, name: param.name, default: held, visible: undefined, inline: false } as ParamDefinition;
}

/**
 * A block seen as a node type: its ports are the block's ports (types as `portsOf` decides them)
 * and its params are its promoted params, each with the rules of the inner param it binds. The
 * validator checks block nodes with it, and a view can draw one from it like any node. It never
 * computes: the engine runs a block as its inner nodes.
 */
export function blockNodeDefinition(
  given: BlockDefinition,
  lookup: DefinitionLookup = getNodeDefinition,
  blocks?: Readonly<Record<string, BlockDefinition>>,
  depth = 0,
): NodeDefinition {
  // A block inside is seen through its own ports and promoted params, as this one is outside.
  const seen = viewed(given, lookup, blocks, depth);
  const definition = seen.definition;
  lookup = seen.lookup;
  const inferred = innerTypes(definition, lookup);
  // A port whose inner end is of a type this Convolab does not know (a placeholder) may carry anything.
  const inputs: PortDefinition[] = definition.inputs.map((port) => ({ id: port.name, types: inputTypes(definition, port, lookup) ?? anyType() }));
  const outputs: OutputPortDefinition[] = definition.outputs.map((port) => ({ id: port.name, types: outputTypes(definition, port, lookup, inferred) ?? anyType() }));
  const params = (definition.params ?? []).flatMap((param) => promotedParamDefinition(definition, param, lookup) ?? []);
  return {
    type: BLOCK_TYPE,
    title: definition.title,
    category: 'operation',
    doc: definition.description ?? '',
    inputs,
    outputs,
    params,
    compute: () => fail('a block runs as its inner nodes'),
  };
}

/** Every data type some port of the catalog carries. */
function anyType(): DataType[] {
  return [...new Set(NODE_DEFINITIONS.flatMap((definition) => [...definition.inputs, ...definition.outputs].flatMap((port) => port.types)))];
}

/** The type a block node takes in `blockAwareView`: one per definition, never a type of the catalog. */
export function blockViewType(key: string): string {
  return `${BLOCK_TYPE}\u0000${key}`;
}

/**
 * The document as the graph checks see it: each block node a node of its own type whose
 * definition is `blockNodeDefinition` of its block, so handles, one edge per input, types and
 * cycles are checked through the block's ports by the same code as any node. A block node whose
 * key names no definition keeps type `block`, which the lookup does not know.
 */
export function blockAwareView(document: GraphDocument, lookup: DefinitionLookup = getNodeDefinition, depth = 0): { document: GraphDocument; lookup: DefinitionLookup } {
  if (!hasBlockNodes(document) || depth > MAX_BLOCK_DEPTH) return { document, lookup };
  const definitions = new Map<string, NodeDefinition>();
  const nodes = document.nodes.map((node) => {
    const definition = blockDefinitionOf(document, node);
    if (!definition) return node;
    const type = blockViewType(node.block!);
    if (!definitions.has(type)) definitions.set(type, blockNodeDefinition(definition, lookup, document.blocks, depth));
    return { ...node, type };
  });
  return { document: { ...document, nodes }, lookup: (type) => definitions.get(type) ?? lookup(type) };
}

// ---------------------------------------------------------------------------------------------
// Normalising

/**
 * The document with every definition under its true key, block nodes re-pointed, definitions of
 * equal content merged, definitions no block node names dropped, keys sorted; `blocks` is absent
 * when no block node is left. A block node whose key names no definition is left for validation
 * to report.
 */
export function withBlocksNormalised(document: GraphDocument): GraphDocument {
  const blocks = document.blocks;
  if (blocks === undefined && !hasBlockNodes(document)) return document;
  // Bottom up: a definition's key covers the keys its block nodes name (a Merkle tree), so
  // those are made true first and the definition re-pointed to them before it is hashed.
  const trueKeys = new Map<string, string>();
  const rewritten = new Map<string, BlockDefinition>();
  const visiting = new Set<string>();
  const settle = (key: string): string => {
    const known = trueKeys.get(key);
    if (known !== undefined) return known;
    // A cycle (refused by validation before this runs) or a missing key: left as the file has it.
    if (!Object.hasOwn(blocks ?? {}, key) || visiting.has(key)) return key;
    visiting.add(key);
    let definition = blocks![key]!;
    let changed = false;
    const nodes = definition.nodes.map((node) => {
      if (!isBlockNode(node) || typeof node.block !== 'string') return node;
      const inner = settle(node.block);
      if (inner === node.block) return node;
      changed = true;
      return { ...node, block: inner };
    });
    if (changed) definition = { ...definition, nodes };
    visiting.delete(key);
    const trueKey = blockKey(definition);
    trueKeys.set(key, trueKey);
    rewritten.set(key, definition);
    return trueKey;
  };
  for (const key of Object.keys(blocks ?? {})) settle(key);
  const settled = blocks === undefined ? undefined : Object.fromEntries(Object.keys(blocks).map((key) => [key, rewritten.get(key) ?? blocks[key]!]));
  const changedDefinitions = settled !== undefined && Object.keys(settled).some((key) => settled[key] !== blocks![key]);
  return withBlocksTidied(changedDefinitions ? { ...document, blocks: settled } : document, trueKeys);
}

/**
 * The document with block nodes re-pointed by `trueKeys` (file key → true key; absent: kept),
 * only the definitions they name, keys sorted. The edits here compute the key of each definition
 * they write, so they tidy without hashing every other definition again.
 */
function withBlocksTidied(document: GraphDocument, trueKeys: ReadonlyMap<string, string> = new Map()): GraphDocument {
  const blocks = document.blocks;
  if (blocks === undefined && !hasBlockNodes(document)) return document;
  // The definition under each true key: the first of equal content.
  const byTrueKey = new Map<string, BlockDefinition>();
  for (const key of Object.keys(blocks ?? {})) {
    const trueKey = trueKeys.get(key) ?? key;
    if (!byTrueKey.has(trueKey)) byTrueKey.set(trueKey, blocks![key]!);
  }
  let nodesChanged = false;
  const nodes = document.nodes.map((node) => {
    if (!isBlockNode(node) || typeof node.block !== 'string') return node;
    const key = trueKeys.get(node.block);
    if (key === undefined || key === node.block) return node;
    nodesChanged = true;
    return { ...node, block: key };
  });
  // Definitions named at the top level, and those their block nodes name in turn.
  const used = new Map<string, BlockDefinition>();
  const visit = (from: readonly GraphNode[]): void => {
    for (const node of from) {
      if (!isBlockNode(node) || typeof node.block !== 'string' || used.has(node.block)) continue;
      const definition = byTrueKey.get(node.block);
      if (definition === undefined) continue;
      used.set(node.block, definition);
      visit(definition.nodes);
    }
  };
  visit(nodes);
  const keys = [...used.keys()].sort();
  const sameBlocks = blocks !== undefined && keys.length > 0 && sameKeyOrder(Object.keys(blocks), keys) && keys.every((key) => blocks[key] === used.get(key));
  if (!nodesChanged && sameBlocks) return document;
  const result: GraphDocument = { ...document, nodes: nodesChanged ? nodes : document.nodes };
  delete result.blocks;
  if (keys.length > 0) result.blocks = Object.fromEntries(keys.map((key) => [key, used.get(key)!]));
  return withTopKeyOrder(result);
}

function sameKeyOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/** The document's keys in the format's order (blocks after edges), so a spread result reads as a file would. */
function withTopKeyOrder(document: GraphDocument): GraphDocument {
  const { format, version, meta, nodes, edges, blocks, viewport, ...rest } = document;
  const ordered: GraphDocument = { format, version } as GraphDocument;
  if (meta !== undefined) ordered.meta = meta;
  ordered.nodes = nodes;
  ordered.edges = edges;
  if (blocks !== undefined) ordered.blocks = blocks;
  if (viewport !== undefined) ordered.viewport = viewport;
  return Object.assign(ordered, rest);
}

// ---------------------------------------------------------------------------------------------
// Group and ungroup

function centreOf(nodes: readonly GraphNode[]): { x: number; y: number } | undefined {
  const placed = nodes.flatMap((node) => (node.position ? [node.position] : []));
  if (placed.length === 0) return undefined;
  const xs = placed.map((point) => point.x);
  const ys = placed.map((point) => point.y);
  return { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
}

function cornerOf(nodes: readonly GraphNode[]): { x: number; y: number } {
  const placed = nodes.flatMap((node) => (node.position ? [node.position] : []));
  if (placed.length === 0) return { x: 0, y: 0 };
  return { x: Math.min(...placed.map((point) => point.x)), y: Math.min(...placed.map((point) => point.y)) };
}

function shifted(node: GraphNode, dx: number, dy: number): GraphNode {
  if (!node.position || (dx === 0 && dy === 0)) return node;
  return { ...node, position: { x: node.position.x + dx, y: node.position.y + dy } };
}

/** `name`, else `name2`, `name3`, … the first not in `taken`. */
function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name}${n}`)) return `${name}${n}`;
}

/** A fresh id for `id` where it is taken: its stem without trailing digits, numbered. */
function freshId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  return uniqueId(id.replace(/[0-9]+$/, '') || 'node', taken);
}

/** The lesson with each listed id replaced by what `replace` gives (none, one or several), duplicates dropped. */
function withLessonIds(meta: GraphMeta | undefined, replace: (id: string) => readonly string[] | undefined): GraphMeta | undefined {
  const lesson = meta?.lesson;
  if (!meta || !Array.isArray(lesson) || !lesson.some((step) => step.nodes?.some((id) => replace(id) !== undefined))) return meta;
  return {
    ...meta,
    lesson: lesson.map((step) => {
      if (!step.nodes?.some((id) => replace(id) !== undefined)) return step;
      const nodes = [...new Set(step.nodes.flatMap((id) => replace(id) ?? [id]))];
      const { nodes: _old, ...rest } = step;
      return nodes.length > 0 ? { ...rest, nodes } : rest;
    }),
  };
}

function setMeta(document: GraphDocument, meta: GraphMeta | undefined): GraphDocument {
  if (meta === document.meta) return document;
  const result = { ...document };
  if (meta === undefined) delete result.meta;
  else result.meta = meta;
  return result;
}

/** `frame` moved by (dx, dy), its id and what it hides (when collapsed) renamed by `renameFrame` and `renameNode`. */
function movedFrame(frame: Frame, dx: number, dy: number, renameNode: (id: string) => string, renameFrame: (id: string) => string): Frame {
  const { hiddenNodes, hiddenFrames } = frame;
  const renamed = (list: readonly unknown[], rename: (id: string) => string) => list.map((id) => (typeof id === 'string' ? rename(id) : id)) as string[];
  return {
    ...frame,
    id: renameFrame(frame.id),
    x: frame.x + dx,
    y: frame.y + dy,
    // A hand-edited file may hold anything there: only lists are renamed.
    ...(Array.isArray(hiddenNodes) ? { hiddenNodes: renamed(hiddenNodes, renameNode) } : {}),
    ...(Array.isArray(hiddenFrames) ? { hiddenFrames: renamed(hiddenFrames, renameFrame) } : {}),
  };
}

/**
 * Collapses the selected nodes into one block node placed at their centre. Each wire that crossed
 * the selection's border becomes a port named after the inner handle (`in`, `in2`, …); an outer
 * output that fed several selected inputs becomes one port feeding them all, and an inner output
 * that fed several outer inputs one port. Outer wires attach to the ports; wires inside move into
 * the block with their reroute points; lesson steps naming a selected node name the block.
 * `frames` go into the block with the nodes (the editor names the selected frames that hold only
 * selected nodes), so no frame is left behind empty and ungrouping brings them back.
 */
export function groupAsBlock(
  document: GraphDocument,
  nodeIds: readonly string[],
  options: { title?: string; id?: string; position?: { x: number; y: number }; frames?: readonly string[] } = {},
): GroupResult {
  const selected = new Set(nodeIds);
  if (selected.size === 0) return { ok: false, error: 'select at least one node to group as a block' };
  const byId = new Map(document.nodes.map((node) => [node.id, node]));
  for (const id of selected) {
    const node = byId.get(id);
    if (!node) return { ok: false, error: `there is no node ${id}` };
  }
  const slashed = document.nodes.find((node) => node.id.includes(BLOCK_ID_SEPARATOR));
  if (slashed) return { ok: false, error: `node ${slashed.id}: an id with "${BLOCK_ID_SEPARATOR}" cannot be in a graph with blocks (rename it first)` };
  const blockId = options.id ?? uniqueId('block', new Set(document.nodes.map((node) => node.id)));
  if (byId.has(blockId) && !selected.has(blockId)) return { ok: false, error: `the id ${blockId} is taken` };
  if (blockId.includes(BLOCK_ID_SEPARATOR) || blockId === '') return { ok: false, error: `a block node's id must not be empty nor contain "${BLOCK_ID_SEPARATOR}"` };

  const loop = wayBack(document, selected);
  if (loop !== undefined) return { ok: false, error: `${loop} takes from the selection and feeds it back: select ${loop} too, or fewer nodes` };

  const innerNodes = document.nodes.filter((node) => selected.has(node.id));
  const corner = cornerOf(innerNodes);

  const { innerEdges, inputs, outputs, outerEdges } = crossings(document, selected, blockId);

  // Points of wires inside move into the block; a wire that now ends at a port loses its points (its path changed).
  const innerReroutes: Record<string, ReroutePoint[]> = {};
  for (const edge of innerEdges) {
    const points = reroutePointsOf(document, edge.id);
    if (points.length > 0) innerReroutes[edge.id] = points.map((point) => ({ x: point.x - corner.x, y: point.y - corner.y }));
  }
  const rewired = document.edges.filter((edge) => selected.has(edge.source) || selected.has(edge.target)).map((edge) => edge.id);

  const definition: BlockDefinition = {
    title: options.title ?? groupedBlockTitle(document, innerNodes),
    nodes: innerNodes.map((node) => shifted(node, -corner.x, -corner.y)),
    edges: innerEdges,
    inputs,
    outputs,
  };
  const framesIn = new Set(options.frames ?? []);
  const allFrames = framesOf(document);
  const same = (id: string): string => id;
  const innerFrames = allFrames.filter((frame) => framesIn.has(frame.id)).map((frame) => movedFrame(frame, -corner.x, -corner.y, same, same));
  const innerMeta = {
    ...(Object.keys(innerReroutes).length > 0 ? { reroutes: innerReroutes } : {}),
    ...(innerFrames.length > 0 ? { frames: innerFrames } : {}),
  };
  if (Object.keys(innerMeta).length > 0) definition.meta = innerMeta;
  const key = blockKey(definition);

  const blockNode: GraphNode = { id: blockId, type: BLOCK_TYPE, block: key };
  // The editor, which knows how large nodes are drawn, may choose a free spot (canvas/placement.ts).
  const centre = options.position ?? centreOf(innerNodes);
  if (centre) blockNode.position = { x: centre.x, y: centre.y };
  // The block takes the place of the first selected node, so the order of the rest is kept.
  const nodes: GraphNode[] = [];
  for (const node of document.nodes) {
    if (!selected.has(node.id)) nodes.push(node);
    else if (!nodes.includes(blockNode)) nodes.push(blockNode);
  }
  let result: GraphDocument = withoutReroutesOf({ ...document, nodes, edges: outerEdges, blocks: { ...document.blocks, [key]: definition } }, rewired);
  result = setMeta(result, withLessonIds(result.meta, (id) => (selected.has(id) ? [blockId] : undefined)));
  if (innerFrames.length > 0) result = withFrames(result, allFrames.filter((frame) => !framesIn.has(frame.id)));
  // A block of blocks is one level deeper than the deepest block it takes in.
  const depth = expandedSize(innerDocument(definition, document.blocks)).depth + 1;
  if (depth > MAX_BLOCK_DEPTH) return { ok: false, error: `the block would nest ${depth} deep, over the limit of ${MAX_BLOCK_DEPTH}: ungroup one of the blocks in the selection first` };
  return { ok: true, document: withBlocksTidied(result), node: blockId };
}

/**
 * The wires of a grouping: those inside the selection, the ports the crossing ones become (one
 * per outer output feeding in, one per inner output feeding out) and the outer wires, attached
 * to the ports, in document order.
 */
function crossings(document: GraphDocument, selected: ReadonlySet<string>, blockId: string): { innerEdges: GraphEdge[]; inputs: BlockInput[]; outputs: BlockOutput[]; outerEdges: GraphEdge[] } {
  const innerEdges: GraphEdge[] = [];
  const inputs: BlockInput[] = [];
  const outputs: BlockOutput[] = [];
  const inputBySource = new Map<string, BlockInput>();
  const outputBySource = new Map<string, BlockOutput>();
  const inputNames = new Set<string>();
  const outputNames = new Set<string>();
  const outerEdges: GraphEdge[] = [];
  for (const edge of document.edges) {
    const from = selected.has(edge.source), to = selected.has(edge.target);
    if (from && to) {
      innerEdges.push(edge);
    } else if (!from && to) {
      const key = `${edge.source}\u0000${edge.sourceHandle}`;
      let port = inputBySource.get(key);
      const first = port === undefined;
      if (!port) {
        port = { name: uniqueName(edge.targetHandle, inputNames), to: [] };
        inputNames.add(port.name);
        inputs.push(port);
        inputBySource.set(key, port);
      }
      port.to.push({ node: edge.target, handle: edge.targetHandle });
      if (first) outerEdges.push({ ...edge, target: blockId, targetHandle: port.name });
    } else if (from && !to) {
      const key = `${edge.source}\u0000${edge.sourceHandle}`;
      let port = outputBySource.get(key);
      if (!port) {
        port = { name: uniqueName(edge.sourceHandle, outputNames), from: { node: edge.source, handle: edge.sourceHandle } };
        outputNames.add(port.name);
        outputs.push(port);
        outputBySource.set(key, port);
      }
      outerEdges.push({ ...edge, source: blockId, sourceHandle: port.name });
    } else outerEdges.push(edge);
  }

  return { innerEdges, inputs, outputs, outerEdges };
}

/**
 * A node outside the selection that something selected feeds and that feeds something selected,
 * if there is one: grouped, the block would feed itself through it (a cycle).
 */
function wayBack(document: GraphDocument, selected: ReadonlySet<string>): string | undefined {
  const outgoing = new Map<string, string[]>();
  for (const edge of document.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  const downstream = new Set<string>();
  const queue = document.edges.filter((edge) => selected.has(edge.source) && !selected.has(edge.target)).map((edge) => edge.target);
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k]!;
    if (downstream.has(id)) continue;
    downstream.add(id);
    for (const target of outgoing.get(id) ?? []) if (!selected.has(target)) queue.push(target);
  }
  return document.edges.find((edge) => downstream.has(edge.source) && selected.has(edge.target))?.source;
}

/**
 * Puts a block node's inner nodes back in its place (centred where it stands; fresh ids where an
 * id is taken), with the instance's promoted values written into the params they bind, every wire
 * restored through the ports, and the block's reroute points. The definition goes when no other
 * instance names it.
 */
export function ungroupBlock(document: GraphDocument, nodeId: string): UngroupResult {
  const index = document.nodes.findIndex((node) => node.id === nodeId);
  const instance = document.nodes[index];
  if (!instance) return { ok: false, error: `there is no node ${nodeId}` };
  if (!isBlockNode(instance)) return { ok: false, error: `${nodeId} is not a block` };
  const definition = blockDefinitionOf(document, instance);
  if (!definition) return { ok: false, error: `${nodeId} names the block ${String(instance.block)}, which this graph lacks` };

  const takenNodes = new Set(document.nodes.filter((node) => node.id !== nodeId).map((node) => node.id));
  const ids = new Map<string, string>();
  for (const node of definition.nodes) {
    const id = freshId(node.id, takenNodes);
    takenNodes.add(id);
    ids.set(node.id, id);
  }
  const innerCentre = centreOf(definition.nodes);
  const dx = instance.position && innerCentre ? instance.position.x - innerCentre.x : 0;
  const dy = instance.position && innerCentre ? instance.position.y - innerCentre.y : 0;
  const values = promotedValues(definition, instance.params);
  const innerNodes = definition.nodes.map((node) => {
    const set = values.get(node.id);
    const params: Params | undefined = set ? { ...node.params, ...set } : node.params;
    const placed = shifted(node, dx, dy);
    const result: GraphNode = { ...placed, id: ids.get(node.id)! };
    if (params !== undefined) result.params = params;
    return result;
  });

  const takenEdges = new Set(document.edges.filter((edge) => edge.source !== nodeId && edge.target !== nodeId).map((edge) => edge.id));
  const fresh = (id: string): string => {
    const result = freshId(id, takenEdges);
    takenEdges.add(result);
    return result;
  };
  const edges: GraphEdge[] = [];
  for (const edge of document.edges) {
    if (edge.target === nodeId) {
      const port = definition.inputs.find((candidate) => candidate.name === edge.targetHandle);
      port?.to.forEach((end, k) => edges.push({ ...edge, id: k === 0 ? fresh(edge.id) : fresh('e'), target: ids.get(end.node) ?? end.node, targetHandle: end.handle }));
    } else if (edge.source === nodeId) {
      const port = definition.outputs.find((candidate) => candidate.name === edge.sourceHandle);
      if (port) edges.push({ ...edge, id: fresh(edge.id), source: ids.get(port.from.node) ?? port.from.node, sourceHandle: port.from.handle });
    } else edges.push(edge);
  }
  const edgeIds = new Map<string, string>();
  for (const edge of definition.edges) {
    const id = fresh(edge.id);
    edgeIds.set(edge.id, id);
    edges.push({ ...edge, id, source: ids.get(edge.source) ?? edge.source, target: ids.get(edge.target) ?? edge.target });
  }

  const nodes = [...document.nodes.slice(0, index), ...innerNodes, ...document.nodes.slice(index + 1)];
  const newIds = innerNodes.map((node) => node.id);
  // The block's wires carried no points outside; its inner wires' points come back where they were.
  let result: GraphDocument = withoutReroutesOf({ ...document, nodes, edges }, document.edges.filter((edge) => edge.source === nodeId || edge.target === nodeId).map((edge) => edge.id));
  const inner = innerDocument(definition);
  for (const edge of definition.edges) {
    const points = reroutePointsOf(inner, edge.id);
    if (points.length > 0) result = withReroutePoints(result, edgeIds.get(edge.id)!, points.map((point) => ({ x: point.x + dx, y: point.y + dy })));
  }
  result = setMeta(result, withLessonIds(result.meta, (id) => (id === nodeId ? newIds : undefined)));
  // The frames grouped with the nodes come back around them, under ids the graph does not have.
  // Only frames that are frames (a hand-edited definition may hold anything in its meta).
  const innerFrames = framesOf(inner).filter((frame) => typeof frame === 'object' && frame !== null && typeof frame.id === 'string' && Number.isFinite(frame.x) && Number.isFinite(frame.y));
  const frameIds = new Map<string, string>();
  if (innerFrames.length > 0) {
    const outerFrames = framesOf(result);
    const takenFrames = new Set(outerFrames.map((frame) => frame.id));
    for (const frame of innerFrames) {
      const id = freshId(frame.id, takenFrames);
      takenFrames.add(id);
      frameIds.set(frame.id, id);
    }
    const restored = innerFrames.map((frame) => movedFrame(frame, dx, dy, (id) => ids.get(id) ?? id, (id) => frameIds.get(id) ?? id));
    result = withFrames(result, [...outerFrames, ...restored]);
  }
  return { ok: true, document: withBlocksTidied(result), nodes: newIds, frames: [...frameIds.values()] };
}

/** Inner node id → the params an instance's promoted values set on it. */
function promotedValues(definition: BlockDefinition, params: Params | undefined): Map<string, Params> {
  const values = new Map<string, Params>();
  for (const param of definition.params ?? []) {
    if (!params || !Object.hasOwn(params, param.name)) continue;
    for (const bind of param.bind) {
      const set = values.get(bind.node) ?? {};
      set[bind.param] = params[param.name]!;
      values.set(bind.node, set);
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Editing a definition

interface Renames {
  /** Old port or param name → new name, or undefined where it was dropped. Names absent keep theirs. */
  readonly inputs?: ReadonlyMap<string, string | undefined>;
  readonly outputs?: ReadonlyMap<string, string | undefined>;
  readonly params?: ReadonlyMap<string, string | undefined>;
}

function renamed(map: ReadonlyMap<string, string | undefined> | undefined, name: string): string | undefined {
  return map && map.has(name) ? map.get(name) : name;
}

/**
 * `nodes` and `edges` with the block nodes of `key` re-pointed to `nextKey`: their promoted
 * values and the wires on their ports follow the renames; wires on dropped ports go (`dropped`).
 */
function followInstances(nodes: readonly GraphNode[], edges: readonly GraphEdge[], key: string, nextKey: string, renames: Renames): { nodes: GraphNode[]; edges: GraphEdge[]; instances: Set<string>; dropped: Set<string> } {
  const instances = new Set(nodes.filter((node) => isBlockNode(node) && node.block === key).map((node) => node.id));
  const nextNodes = nodes.map((node) => {
    if (!instances.has(node.id)) return node;
    const result: GraphNode = { ...node, block: nextKey };
    if (node.params !== undefined) {
      const params: Params = {};
      for (const [name, value] of Object.entries(node.params)) {
        const to = renamed(renames.params, name);
        if (to !== undefined) params[to] = value;
      }
      if (Object.keys(params).length > 0) result.params = params;
      else delete result.params;
    }
    return result;
  });
  const nextEdges: GraphEdge[] = [];
  const dropped = new Set<string>();
  for (const edge of edges) {
    let next = edge;
    if (instances.has(edge.target)) {
      const handle = renamed(renames.inputs, edge.targetHandle);
      if (handle === undefined) {
        dropped.add(edge.id);
        continue;
      }
      if (handle !== edge.targetHandle) next = { ...next, targetHandle: handle };
    }
    if (instances.has(edge.source)) {
      const handle = renamed(renames.outputs, edge.sourceHandle);
      if (handle === undefined) {
        dropped.add(edge.id);
        continue;
      }
      if (handle !== edge.sourceHandle) next = { ...next, sourceHandle: handle };
    }
    nextEdges.push(next);
  }
  return { nodes: nextNodes, edges: nextEdges, instances, dropped };
}

/**
 * A definition whose blocks inside (`instances`, now running the block that `renames` describes)
 * changed: its ports and promoted params follow the renames of theirs, and what they dropped
 * goes, a port left without ends with it. Returns the new definition and its own renames.
 */
function followedDefinition(definition: BlockDefinition, nodes: GraphNode[], edges: GraphEdge[], dropped: ReadonlySet<string>, instances: ReadonlySet<string>, renames: Renames): { next: BlockDefinition; renames: Renames } {
  const inputNames = new Map<string, string | undefined>();
  const inputs: BlockInput[] = [];
  for (const port of definition.inputs) {
    const to = port.to.flatMap((end) => {
      if (!instances.has(end.node)) return [end];
      const handle = renamed(renames.inputs, end.handle);
      return handle === undefined ? [] : [handle === end.handle ? end : { ...end, handle }];
    });
    if (to.length === 0) inputNames.set(port.name, undefined);
    else inputs.push(to.length === port.to.length && to.every((end, k) => end === port.to[k]) ? port : { ...port, to });
  }
  const outputNames = new Map<string, string | undefined>();
  const outputs: BlockOutput[] = [];
  for (const port of definition.outputs) {
    const handle = instances.has(port.from.node) ? renamed(renames.outputs, port.from.handle) : port.from.handle;
    if (handle === undefined) outputNames.set(port.name, undefined);
    else outputs.push(handle === port.from.handle ? port : { ...port, from: { ...port.from, handle } });
  }
  const paramNames = new Map<string, string | undefined>();
  const params: BlockParam[] = [];
  for (const param of definition.params ?? []) {
    const bind = param.bind.flatMap((end) => {
      if (!instances.has(end.node)) return [end];
      const name = renamed(renames.params, end.param);
      return name === undefined ? [] : [{ ...end, param: name }];
    });
    if (bind.length === 0) paramNames.set(param.name, undefined);
    else params.push({ ...param, bind });
  }
  let inner: GraphDocument = { ...innerDocument(definition), nodes, edges };
  if (dropped.size > 0) inner = withoutReroutesOf(inner, dropped);
  const next: BlockDefinition = { ...definition, nodes: inner.nodes, edges: inner.edges, inputs, outputs };
  if (params.length > 0) next.params = params;
  else delete next.params;
  if (inner.meta !== undefined && Object.keys(inner.meta).length > 0) next.meta = inner.meta;
  else delete next.meta;
  return { next, renames: { inputs: inputNames, outputs: outputNames, params: paramNames } };
}

/**
 * The document with the definition under `key` replaced by `next`: every instance of `key`
 * follows (its block key, its outer wires' handles, its promoted values), wires on dropped ports
 * and values of dropped params go. That holds inside blocks too: a definition holding an instance
 * of `key` is replaced in turn, so its own instances follow, up to the top level.
 */
function replaceDefinition(document: GraphDocument, key: string, next: BlockDefinition, renames: Renames, depth = 0): GraphDocument {
  const nextKey = blockKey(next);
  // Equal content, equal key: nothing an instance or a wire sees has changed.
  if (nextKey === key) return document;
  const top = followInstances(document.nodes, document.edges, key, nextKey, renames);
  let result = withoutReroutesOf({ ...document, nodes: top.nodes, edges: top.edges, blocks: { ...document.blocks, [nextKey]: next } }, top.dropped);
  // Each replacement takes one definition off the list of those holding `key` (it may add others that hold the definition replaced).
  const holding = (): string | undefined =>
    [...namedBlockKeys(result)].find((outerKey) => outerKey !== nextKey && result.blocks![outerKey]!.nodes.some((node) => isBlockNode(node) && node.block === key));
  if (depth <= MAX_BLOCK_DEPTH) {
    const done = new Set<string>();
    for (let outerKey = holding(); outerKey !== undefined && !done.has(outerKey); outerKey = holding()) {
      done.add(outerKey);
      const outer = result.blocks![outerKey]!;
      const inside = followInstances(outer.nodes, outer.edges, key, nextKey, renames);
      const followed = followedDefinition(outer, inside.nodes, inside.edges, inside.dropped, inside.instances, renames);
      result = replaceDefinition(result, outerKey, followed.next, followed.renames, depth + 1);
    }
  }
  return withBlocksTidied(result);
}

/** The block node at `instance` (a path: `outer/inner` is block node `inner` inside `outer`'s block), its key and definition. */
function instanceKey(document: GraphDocument, instance: string): { key: string; definition: BlockDefinition; node: GraphNode } | undefined {
  const cut = instance.lastIndexOf(BLOCK_ID_SEPARATOR);
  const nodes = cut < 0 ? document.nodes : definitionAtPath(document, instance.slice(0, cut))?.nodes;
  const node = nodes?.find((candidate) => candidate.id === instance.slice(cut + 1));
  const definition = node === undefined ? undefined : blockDefinitionOf(document, node);
  return definition ? { key: node!.block!, definition, node: node! } : undefined;
}

/**
 * Applies `edit` to a block's inner graph, given as a document of its own (nodes, edges, meta),
 * and makes every instance of that block follow: the definition takes its new key. Port ends
 * whose node or handle vanished, and input ends an inner wire now feeds, are dropped; a port left
 * without ends goes, with the outer wires on it; a promoted param keeps the binds that still name
 * a param of their node.
 */
export function editBlockContent(document: GraphDocument, instance: string, edit: (inner: GraphDocument) => GraphDocument, lookup: DefinitionLookup = getNodeDefinition): GraphDocument {
  const found = instanceKey(document, instance);
  if (!found) return document;
  const { key, definition } = found;
  const before = innerDocument(definition, document.blocks);
  const after = edit(before);
  if (after === before) return document;
  // Blocks made or pasted inside (a group, a paste of block nodes) join the one top-level map.
  let outer = document;
  if (after.blocks !== undefined && after.blocks !== document.blocks && Object.keys(after.blocks).some((added) => !Object.hasOwn(document.blocks ?? {}, added))) {
    outer = { ...document, blocks: { ...document.blocks, ...after.blocks } };
  }
  // A block inside is asked for its ports and params as any node is.
  const view = blockAwareView(after, lookup);
  lookup = view.lookup;
  const nodes = new Map(view.document.nodes.map((node) => [node.id, node]));
  const hasPort = (end: { node: string; handle: string }, side: PortSide): boolean => {
    const node = nodes.get(end.node);
    if (!node) return false;
    const nodeDefinition = lookup(node.type);
    return !nodeDefinition || (side === 'input' ? nodeDefinition.inputs : nodeDefinition.outputs).some((port) => port.id === end.handle);
  };
  const fed = new Set(after.edges.map((edge) => `${edge.target}\u0000${edge.targetHandle}`));
  const inputNames = new Map<string, string | undefined>();
  const inputs: BlockInput[] = [];
  for (const port of definition.inputs) {
    const to = port.to.filter((end) => hasPort(end, 'input') && !fed.has(`${end.node}\u0000${end.handle}`));
    if (to.length === 0) inputNames.set(port.name, undefined);
    else inputs.push(to.length === port.to.length ? port : { ...port, to });
  }
  const outputNames = new Map<string, string | undefined>();
  const outputs: BlockOutput[] = [];
  for (const port of definition.outputs) {
    if (hasPort(port.from, 'output')) outputs.push(port);
    else outputNames.set(port.name, undefined);
  }
  const paramNames = new Map<string, string | undefined>();
  const params: BlockParam[] = [];
  for (const param of definition.params ?? []) {
    const bind = param.bind.filter((end) => {
      const node = nodes.get(end.node);
      const nodeDefinition = node === undefined ? undefined : lookup(node.type);
      return node !== undefined && (!nodeDefinition || nodeDefinition.params.some((candidate) => candidate.name === end.param));
    });
    if (bind.length === 0) paramNames.set(param.name, undefined);
    else params.push(bind.length === param.bind.length ? param : { ...param, bind });
  }

  const next: BlockDefinition = { ...definition, nodes: after.nodes, edges: after.edges, inputs, outputs };
  if (params.length > 0) next.params = params;
  else delete next.params;
  if (after.meta !== undefined && Object.keys(after.meta).length > 0) next.meta = after.meta;
  else delete next.meta;
  return replaceDefinition(outer, key, next, { inputs: inputNames, outputs: outputNames, params: paramNames });
}

/**
 * Puts inner param `target` on the block's face under `name` (default: the param's own name,
 * numbered if taken). Naming a promoted param that exists binds the inner param to it too, when
 * both are of one kind — that is how one `n` sets both FFTs and the IFFT. Unchanged when the
 * param does not exist, is promoted already, or the kinds differ.
 */
export function promoteParam(document: GraphDocument, instance: string, target: { node: string; param: string }, name?: string, lookup: DefinitionLookup = getNodeDefinition): GraphDocument {
  const found = instanceKey(document, instance);
  if (!found) return document;
  const { key, definition } = found;
  // A promoted param of a block inside can be promoted again, to this block's face.
  const seen = viewed(definition, lookup, document.blocks, 0);
  const node = seen.definition.nodes.find((candidate) => candidate.id === target.node);
  const param = node === undefined ? undefined : seen.lookup(node.type)?.params.find((candidate) => candidate.name === target.param);
  if (!param) return document;
  const promoted = definition.params ?? [];
  if (promoted.some((candidate) => candidate.bind.some((end) => end.node === target.node && end.param === target.param))) return document;
  const existing = name === undefined ? undefined : promoted.find((candidate) => candidate.name === name);
  let params: BlockParam[];
  if (existing) {
    if (promotedParamDefinition(definition, existing, lookup, document.blocks)?.kind !== param.kind) return document;
    params = promoted.map((candidate) => (candidate === existing ? { ...candidate, bind: [...candidate.bind, { node: target.node, param: target.param }] } : candidate));
  } else {
    if (name !== undefined && name.trim() === '') return document;
    const chosen = name ?? uniqueName(target.param, new Set(promoted.map((candidate) => candidate.name)));
    params = [...promoted, { name: chosen, bind: [{ node: target.node, param: target.param }] }];
  }
  return replaceDefinition(document, key, { ...definition, params }, {});
}

/**
 * Takes a promoted param off the block's face. The value this instance set is written into the
 * inner params it bound, so what this instance computes does not change; other instances of the
 * block then compute with that value too.
 */
export function unpromoteParam(document: GraphDocument, instance: string, name: string): GraphDocument {
  const found = instanceKey(document, instance);
  if (!found) return document;
  const { key, definition } = found;
  const param = definition.params?.find((candidate) => candidate.name === name);
  if (!param) return document;
  const node = found.node;
  const value = node.params && Object.hasOwn(node.params, name) ? node.params[name] : undefined;
  const nodes = value === undefined
    ? definition.nodes
    : definition.nodes.map((inner) => {
        const binds = param.bind.filter((end) => end.node === inner.id);
        if (binds.length === 0) return inner;
        const params: Params = { ...inner.params };
        for (const end of binds) params[end.param] = value;
        return { ...inner, params };
      });
  const params = definition.params!.filter((candidate) => candidate !== param);
  const next: BlockDefinition = { ...definition, nodes };
  if (params.length > 0) next.params = params;
  else delete next.params;
  return replaceDefinition(document, key, next, { params: new Map([[name, undefined]]) });
}

/**
 * Renames port `index` of one side; the outer wires on it (of every instance) follow. Unchanged
 * when the name is empty or another port of that side has it.
 */
export function renamePort(document: GraphDocument, instance: string, side: PortSide, index: number, name: string): GraphDocument {
  const found = instanceKey(document, instance);
  if (!found) return document;
  const { key, definition } = found;
  const ports: readonly (BlockInput | BlockOutput)[] = side === 'input' ? definition.inputs : definition.outputs;
  const port = ports[index];
  if (!port || name === '' || name === port.name || name.includes('\u0000') || ports.some((other) => other.name === name)) return document;
  const renames = new Map([[port.name, name]]);
  if (side === 'input') {
    const inputs = definition.inputs.map((candidate, i) => (i === index ? { ...candidate, name } : candidate));
    return replaceDefinition(document, key, { ...definition, inputs }, { inputs: renames });
  }
  const outputs = definition.outputs.map((candidate, i) => (i === index ? { ...candidate, name } : candidate));
  return replaceDefinition(document, key, { ...definition, outputs }, { outputs: renames });
}

/** Moves port `from` of one side to place `to` (the order the block node shows them in). */
export function movePort(document: GraphDocument, instance: string, side: PortSide, from: number, to: number): GraphDocument {
  const found = instanceKey(document, instance);
  if (!found) return document;
  const { key, definition } = found;
  const ports: readonly (BlockInput | BlockOutput)[] = side === 'input' ? definition.inputs : definition.outputs;
  if (from === to || !Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0 || from >= ports.length || to >= ports.length) return document;
  const moved = [...ports];
  const [port] = moved.splice(from, 1);
  moved.splice(to, 0, port!);
  const next = side === 'input' ? { ...definition, inputs: moved as BlockInput[] } : { ...definition, outputs: moved as BlockOutput[] };
  return replaceDefinition(document, key, next, {});
}
