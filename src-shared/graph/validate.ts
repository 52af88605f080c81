/**
 * The checks that need the node catalog (FORMAT.md, "Rules"): unique ids, known types, params,
 * edges between existing handles, one edge per input, data types that fit (generic `T` ports and
 * `resolveType` included), no cycles. Every message names its place, e.g.
 * `edges[5]: plot.in takes a signal, but fft.out gives a spectrum`.
 *
 * `validateDocument` checks a whole document (the loader and the CLI); `canConnect` checks one
 * connection the user is dragging (the canvas), worded for a tooltip; `inferTypes` tells which
 * data type each output carries, so a generic output shows the type of what feeds it (and which
 * shape a kernel with dims auto takes: infer.ts).
 *
 * Ports are named as the node face shows them: `convolve1.a`, or where the face shows a label,
 * `convolve1's kernel input (b)` (`describeInput`, `describeOutput`).
 */
import type { DataType } from '../data';
import type { NodeDefinition, PortDefinition } from '../nodes/define';
import { getNodeDefinition, nodeTypes } from '../nodes/registry';
import { BLOCK_ID_SEPARATOR, BLOCK_TYPE, type GraphDocument, type GraphEdge, type ParamValue } from './document';
import { type DefinitionLookup, type Graph, type Inference, buildGraph, describeInput, describeOutput, handleProblem, inferDocument, inferOnGraph, outputKey } from './infer';
import { expandedSizeProblem, definitionProblems, promotedValueProblems } from './blocks-check';
import { blockAwareView, isBlockNode } from './blocks';
import { expandBlocks } from './expand';
import { lessonProblems } from './lesson';
import { checkParams } from './params';
import { article, describeValue, formatPlace, listWords } from './place';
import { findControlCharacter } from './printable';
import { typeHint } from './type-hints';

export type { DefinitionLookup } from './infer';
export { describeInput, describeOutput, outputKey } from './infer';

export interface ValidateOptions {
  /** Where node types are looked up (the registry unless a test brings its own). */
  readonly definitions?: DefinitionLookup;
  /**
   * Keep nodes of unknown types as placeholders (Node-RED's way: re-saving does not lose them),
   * reporting each as a warning instead of an error. Their params and handles cannot be checked.
   */
  readonly allowUnknownTypes?: boolean;
}

export interface ValidationReport {
  readonly errors: string[];
  readonly warnings: string[];
}

export interface Connection {
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
  readonly targetHandle: string;
}

export type ConnectionCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Every problem of an in-memory document, one line each; empty when it is fine. */
export function validateDocument(document: GraphDocument, options: ValidateOptions = {}): string[] {
  return checkDocument(document, options).errors;
}

/**
 * The data type each output carries (`nodeId.port` → type), following edges in topological
 * order: a generic (`T`) output takes the type of its node's generic inputs, an output with
 * `resolveType` asks it. `undefined` where nothing decides it yet (e.g. an unconnected `T`).
 * Seen through blocks (infer.ts `inferDocument`): a block node's output carries what the inner
 * output behind it carries once the block runs with what feeds it, so a block that passes an
 * image through a generic node gives an image, not "any type".
 */
export function inferTypes(document: GraphDocument, options: ValidateOptions = {}): Map<string, DataType | undefined> {
  return inferDocument(document, options.definitions ?? getNodeDefinition).types;
}

/**
 * Whether the user may draw this edge, and if not why, in words for a tooltip. Checks the nodes
 * and handles exist, the input is free, the types fit (generic ports too, and what a generic
 * output downstream would turn into) and that the edge makes no cycle.
 */
export function canConnect(graphDocument: GraphDocument, connection: Connection, options: ValidateOptions = {}): ConnectionCheck {
  // A block node is checked through its ports, as a node of its own type (blocks.ts).
  const { document, lookup } = blockAwareView(graphDocument, options.definitions ?? getNodeDefinition);
  const { source, sourceHandle, target, targetHandle } = connection;
  const sourceNode = document.nodes.find((node) => node.id === source);
  const targetNode = document.nodes.find((node) => node.id === target);
  if (!sourceNode) return refuse(`there is no node ${source}`);
  if (!targetNode) return refuse(`there is no node ${target}`);
  if (source === target) return refuse(`${source} cannot feed itself: that would be a cycle`);
  const sourceDefinition = lookup(sourceNode.type);
  const targetDefinition = lookup(targetNode.type);
  const output = sourceDefinition?.outputs.find((port) => port.id === sourceHandle);
  const input = targetDefinition?.inputs.find((port) => port.id === targetHandle);
  if (sourceDefinition && !output) return refuse(`${source} has no output ${sourceHandle}`);
  if (targetDefinition && !input) return refuse(`${target} has no input ${targetHandle}`);

  const into = describeInput(target, input, targetHandle);
  const from = describeOutput(source, output, sourceHandle);
  const taken = document.edges.find((edge) => edge.target === target && edge.targetHandle === targetHandle);
  if (taken) {
    if (taken.source === source && taken.sourceHandle === sourceHandle) return refuse(`${from} already feeds ${into}`);
    return refuse(`${into} already takes ${outputWords(document, taken, lookup)}: an input takes one edge, remove that one first`);
  }

  const graph = buildGraph(document, lookup);
  const cycle = findPath(graph, target, source);
  if (cycle) return refuse(`that would make a cycle: ${describePath([source, ...cycle])}`);

  // Types are judged on the graph with the edge: a kernel with dims auto takes the type of
  // what it feeds, this edge included. They are inferred through blocks (what a block's output
  // carries depends on what feeds it), and checked at the block's ports.
  const edge: GraphEdge = { id: '\u0000new', ...connection };
  const after = buildGraph({ ...document, edges: [...document.edges, edge] }, lookup);
  const rawLookup = options.definitions ?? getNodeDefinition;
  const afterInference = inferDocument({ ...graphDocument, edges: [...graphDocument.edges, edge] }, rawLookup);
  const types = afterInference.types;
  if (output && input) {
    const given = possibleTypes(output, types.get(outputKey(source, sourceHandle)));
    const fits = given.filter((type) => input.types.includes(type));
    const hint = (wanted: readonly DataType[]): string =>
      typeHint({ source: sourceNode, sourceDefinition, targetDefinition, given, wanted, kernels: kernelDefinitions(rawLookup) }, rawLookup);
    if (fits.length === 0) return refuse(`${into} takes ${typeWords(input.types)}, but ${from} gives ${typeWords(given)}${hint(input.types)}`);
    if (input.generic) {
      for (const other of graph.incoming.get(target) ?? []) {
        const otherPort = targetDefinition?.inputs.find((port) => port.id === other.targetHandle);
        if (!otherPort?.generic) continue;
        const otherType = types.get(outputKey(other.source, other.sourceHandle));
        if (otherType !== undefined && !fits.includes(otherType)) {
          return refuse(`${into} must carry the same type as ${describeInput(target, otherPort, other.targetHandle)} (${otherType}), but ${from} gives ${typeWords(given)}${hint([otherType])}`);
        }
      }
    }
  }

  const beforeInference = inferDocument(graphDocument, rawLookup);
  for (const adapted of afterInference.adapted.values()) {
    const was = beforeInference.adapted.get(adapted.node);
    if ('conflict' in adapted && !(was && 'conflict' in was)) return refuse(adapted.conflict);
  }

  // What feeds a block reaches its inner nodes: refuse an edge that breaks a wire inside one.
  const inside = new Set(insideBlockProblems(graphDocument, rawLookup, beforeInference).map((problem) => problem.message));
  for (const problem of insideBlockProblems({ ...graphDocument, edges: [...graphDocument.edges, edge] }, rawLookup, afterInference)) {
    if (!inside.has(problem.message)) return refuse(`inside block ${problem.owner}, ${problem.message}`);
  }

  // A generic node downstream may change type with this edge: refuse if that breaks an edge.
  const before = new Set(typeProblems(graph, beforeInference.types).map((problem) => problem.edge));
  for (const problem of typeProblems(after, types)) {
    if (problem.edge === document.edges.length || before.has(problem.edge)) continue;
    const broken = after.edges.find((candidate) => candidate.index === problem.edge)!;
    const changed = types.get(outputKey(broken.source, broken.sourceHandle));
    return refuse(
      `then ${outputWords(document, broken, lookup)} would give ${changed ? article(changed) : 'another type'}, which ${inputWords(document, broken, lookup)} does not take`,
    );
  }
  return { ok: true };
}

/** The output an edge leaves, named as its node shows it. */
function outputWords(document: GraphDocument, edge: GraphEdge, lookup: DefinitionLookup): string {
  const type = document.nodes.find((node) => node.id === edge.source)?.type;
  const port = type === undefined ? undefined : lookup(type)?.outputs.find((candidate) => candidate.id === edge.sourceHandle);
  return describeOutput(edge.source, port, edge.sourceHandle);
}

/** The input an edge enters, named as its node shows it. */
function inputWords(document: GraphDocument, edge: GraphEdge, lookup: DefinitionLookup): string {
  const type = document.nodes.find((node) => node.id === edge.target)?.type;
  const port = type === undefined ? undefined : lookup(type)?.inputs.find((candidate) => candidate.id === edge.targetHandle);
  return describeInput(edge.target, port, edge.targetHandle);
}

/** `a -> b -> a`; a long path keeps its first and last few nodes so the message stays one short line. */
function describePath(nodes: readonly string[]): string {
  if (nodes.length <= 12) return nodes.join(' -> ');
  return [...nodes.slice(0, 5), `… ${nodes.length - 10} more …`, ...nodes.slice(-5)].join(' -> ');
}

function refuse(reason: string): ConnectionCheck {
  return { ok: false, reason };
}

/**
 * Errors and warnings of a document (the loader adds the warnings to its result). A document
 * with blocks is checked in two rounds: the definitions and what names them first (each
 * definition once, however many instances it has), then the graph with each block node seen
 * through its ports; the second round only runs when the first found nothing, so a broken block
 * is reported at its own place rather than as the wires it breaks outside.
 */
export function checkDocument(document: GraphDocument, options: ValidateOptions = {}): ValidationReport {
  if (document.blocks === undefined && !document.nodes.some((node) => isBlockNode(node) || node.block !== undefined)) return checkGraph(document, options);
  const lookup = options.definitions ?? getNodeDefinition;
  const first = checkBlocks(document, options);
  if (first.errors.length > 0) return first;
  const view = blockAwareView(document, lookup);
  // Types come from the document run as its inner nodes, so a wire out of a block is checked
  // against what the block really gives with what feeds it.
  const inference = inferDocument(document, lookup);
  const report = checkGraph(view.document, { ...options, definitions: view.lookup }, inference);
  const errors = [...report.errors, ...promotedValueProblems(document, lookup)];
  // Only the graph as it runs shows what an input port's type does inside (through generic nodes).
  if (errors.length === 0) {
    const owners = new Map(document.nodes.map((node, i) => [node.id, i]));
    for (const problem of insideBlockProblems(document, lookup, inference)) errors.push(`nodes[${owners.get(problem.owner)}]: inside block ${problem.owner}, ${problem.message}`);
  }
  return { errors: [...new Set(errors)], warnings: [...first.warnings, ...report.warnings] };
}

/**
 * Ids name entries of the editor's tables of nodes and wires (states, previews, reroute points);
 * an id that is the name of a property every JavaScript object has (`__proto__`, `constructor`,
 * `toString`…) would find that property where no entry is, and a pasted node named so once
 * blanked the editor's window.
 */
function isObjectBuiltin(id: string): boolean {
  return id in Object.prototype;
}

const BUILTIN_ID = 'is the name of a built-in property of JavaScript objects, which Convolab cannot use as an id: rename it';

/**
 * The checks of one graph (the top level, or a block's inside) by the node catalog. `seen` is
 * the type inference to judge edges by when the caller has a better one than this graph's own
 * (through blocks); an adapting kernel inside a block is then reported at its block node.
 */
function checkGraph(document: GraphDocument, options: ValidateOptions, seen?: Inference): ValidationReport {
  const lookup = options.definitions ?? getNodeDefinition;
  const errors: string[] = [];
  const warnings: string[] = [];

  const firstIndex = new Map<string, number>();
  document.nodes.forEach((node, i) => {
    if (typeof node.id !== 'string' || node.id === '') errors.push(`nodes[${i}].id: must not be empty`);
    else if (findControlCharacter(node.id)) errors.push(`nodes[${i}].id: contains the control character ${findControlCharacter(node.id)}: use letters, digits and punctuation`);
    else if (isObjectBuiltin(node.id)) errors.push(`nodes[${i}].id: ${JSON.stringify(node.id)} ${BUILTIN_ID}`);
    else if (firstIndex.has(node.id)) errors.push(`nodes[${i}].id: duplicate id ${JSON.stringify(node.id)} (also nodes[${firstIndex.get(node.id)}])`);
    else firstIndex.set(node.id, i);

    const definition = lookup(node.type);
    if (definition === undefined) {
      const message = `nodes[${i}].type: unknown node type ${JSON.stringify(node.type)}`;
      if (options.allowUnknownTypes) {
        warnings.push(`${message}: kept as a placeholder that does not run`);
        for (const [name, value] of Object.entries(node.params ?? {})) {
          if (!isParamValue(value)) {
            errors.push(`${formatPlace(['nodes', i, 'params', name])}: must be a number, text, true/false, a list of numbers or a list of rows (got ${describeValue(value)})`);
          }
        }
      } else errors.push(message);
      return;
    }
    for (const problem of checkParams(definition, node.params)) {
      errors.push(`${formatPlace(['nodes', i, 'params', problem.param])}: ${problem.message}`);
    }
  });

  const edgeIndex = new Map<string, number>();
  const inputEdge = new Map<string, number>();
  const graph = buildGraph(document, lookup);
  document.edges.forEach((edge, i) => {
    if (typeof edge.id !== 'string' || edge.id === '') errors.push(`edges[${i}].id: must not be empty`);
    else if (findControlCharacter(edge.id)) errors.push(`edges[${i}].id: contains the control character ${findControlCharacter(edge.id)}: use letters, digits and punctuation`);
    else if (isObjectBuiltin(edge.id)) errors.push(`edges[${i}].id: ${JSON.stringify(edge.id)} ${BUILTIN_ID}`);
    else if (edgeIndex.has(edge.id)) errors.push(`edges[${i}].id: duplicate id ${JSON.stringify(edge.id)} (also edges[${edgeIndex.get(edge.id)}])`);
    else edgeIndex.set(edge.id, i);

    const problem = handleProblem(graph, edge);
    if (problem) {
      errors.push(`edges[${i}].${problem}`);
      return;
    }
    const key = `${edge.target}\u0000${edge.targetHandle}`;
    const first = inputEdge.get(key);
    if (first !== undefined) errors.push(`edges[${i}]: input ${inputWords(document, edge, lookup)} already has an edge (edges[${first}])`);
    else inputEdge.set(key, i);
  });

  for (const cycle of findCycles(graph)) errors.push(`edges[${cycle.edge}]: cycle ${describePath(cycle.nodes)}`);
  const inference = seen ?? inferOnGraph(graph);
  for (const problem of typeProblems(graph, inference.types)) errors.push(`edges[${problem.edge}]: ${problem.message}`);
  for (const adapted of inference.adapted.values()) {
    if (!('conflict' in adapted)) continue;
    const own = graph.nodes.get(adapted.node);
    const owner = own ?? graph.nodes.get(adapted.node.split(BLOCK_ID_SEPARATOR)[0]!);
    if (owner) errors.push(`${formatPlace(own ? ['nodes', own.index, 'params', adapted.param] : ['nodes', owner.index])}: ${adapted.conflict}`);
  }

  if (Array.isArray(document.meta?.lesson)) errors.push(...lessonProblems(document.meta.lesson, new Set(firstIndex.keys())));
  return { errors, warnings };
}

/**
 * What a document with blocks must hold before its graph can be checked: a size that stays
 * within the limits once instances are expanded (counted, never expanded), ids free of the
 * separator, block nodes that name a definition, and every definition sound (blocks-check.ts).
 */
function checkBlocks(document: GraphDocument, options: ValidateOptions): ValidationReport {
  const size = expandedSizeProblem(document);
  if (size !== undefined) return { errors: [size], warnings: [] };
  const errors: string[] = [];
  const warnings: string[] = [];
  const blocks = document.blocks ?? {};
  document.nodes.forEach((node, i) => {
    if (node.id.includes(BLOCK_ID_SEPARATOR)) errors.push(`nodes[${i}].id: ${JSON.stringify(node.id)} contains "${BLOCK_ID_SEPARATOR}", which a graph with blocks keeps for the nodes inside blocks: rename it`);
    if (!isBlockNode(node)) {
      if (node.block !== undefined) errors.push(`nodes[${i}].block: only a node of type "${BLOCK_TYPE}" names a block (this one is ${node.type})`);
    } else if (node.block === undefined) errors.push(`nodes[${i}].block: missing: a block node names its definition in "blocks"`);
    else if (!Object.hasOwn(blocks, node.block)) errors.push(`nodes[${i}].block: no block ${JSON.stringify(node.block)} in this file's "blocks"`);
  });
  for (const key of Object.keys(blocks)) {
    const report = definitionProblems(blocks[key]!, formatPlace(['blocks', key]), options, (inner, innerOptions) => checkGraph(inner, innerOptions), blocks);
    errors.push(...report.errors);
    warnings.push(...report.warnings);
  }
  return { errors, warnings };
}

function isParamValue(value: unknown): value is ParamValue {
  const finite = (entry: unknown): boolean => typeof entry === 'number' && Number.isFinite(entry);
  if (typeof value === 'string' || typeof value === 'boolean' || finite(value)) return true;
  if (!Array.isArray(value)) return false;
  return value.every(finite) || value.every((row) => Array.isArray(row) && row.every(finite));
}

/** What an output may carry: its inferred type, else every type its port allows. */
/** The kernel types the lookup knows, in the registry's order (a hint names those that adapt). */
function kernelDefinitions(lookup: DefinitionLookup): NodeDefinition[] {
  return nodeTypes().flatMap((type) => {
    const definition = lookup(type);
    return definition?.category === 'kernel' ? [definition] : [];
  });
}

function possibleTypes(output: PortDefinition, inferred: DataType | undefined): readonly DataType[] {
  return inferred !== undefined ? [inferred] : output.types;
}

function typeWords(types: readonly DataType[]): string {
  return types.length === 0 ? 'nothing' : article(listWords(types));
}

/** Edges whose data type does not fit the input, in document order. */
function typeProblems(graph: Graph, types: Map<string, DataType | undefined>): { edge: number; message: string }[] {
  const problems: { edge: number; message: string }[] = [];
  const generic = new Map<string, { type: DataType; port: PortDefinition }>();
  for (const edge of graph.edges) {
    const source = graph.nodes.get(edge.source)!;
    const target = graph.nodes.get(edge.target)!;
    const output = source.definition?.outputs.find((port) => port.id === edge.sourceHandle);
    const input = target.definition?.inputs.find((port) => port.id === edge.targetHandle);
    if (!output || !input) continue; // a placeholder of an unknown type: nothing to check
    const given = possibleTypes(output, types.get(outputKey(edge.source, edge.sourceHandle)));
    const fits = given.filter((type) => input.types.includes(type));
    const where = describeInput(edge.target, input, edge.targetHandle);
    const from = describeOutput(edge.source, output, edge.sourceHandle);
    if (fits.length === 0) {
      problems.push({ edge: edge.index, message: `${where} takes ${typeWords(input.types)}, but ${from} gives ${typeWords(given)}` });
      continue;
    }
    if (!input.generic || given.length !== 1) continue;
    const first = generic.get(edge.target);
    if (first === undefined) generic.set(edge.target, { type: given[0]!, port: input });
    else if (first.type !== given[0]) {
      problems.push({
        edge: edge.index,
        message: `${where} must carry the same type as ${describeInput(edge.target, first.port, first.port.id)} (${first.type}), but ${from} gives ${article(given[0]!)}`,
      });
    }
  }
  return problems;
}

/**
 * Type problems of wires into a block's inner nodes in the graph as it runs (expand.ts), with the
 * block node they are in: what feeds a block through a generic inner node reaches inner ports
 * that the block's own ports cannot speak for. `inference` is `inferDocument` of `document`.
 */
function insideBlockProblems(document: GraphDocument, lookup: DefinitionLookup, inference: Inference): { owner: string; message: string }[] {
  const { document: flat, owners } = expandBlocks(document);
  if (flat === document) return [];
  const graph = buildGraph(flat, lookup);
  const targets = new Map(graph.edges.map((edge) => [edge.index, edge.target]));
  return typeProblems(graph, inference.types).flatMap((problem) => {
    const owner = owners.get(targets.get(problem.edge)!);
    return owner === undefined ? [] : [{ owner, message: problem.message }];
  });
}

/** A path of node ids from `from` to `to` along edges, if there is one. */
function findPath(graph: Graph, from: string, to: string): string[] | undefined {
  const parent = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let k = 0; k < queue.length; k++) {
    const node = queue[k]!;
    if (node === to) {
      const path = [to];
      for (let at = to; at !== from; ) {
        at = parent.get(at)!;
        path.unshift(at);
      }
      return path;
    }
    for (const edge of graph.outgoing.get(node) ?? []) {
      if (!parent.has(edge.target)) {
        parent.set(edge.target, node);
        queue.push(edge.target);
      }
    }
  }
  return undefined;
}

/**
 * Each edge that closes a cycle in a depth-first walk (nodes in document order), with the cycle
 * it closes, e.g. `{ edge: 4, nodes: ['sum', 'fft', 'sum'] }`. Iterative: no recursion depth.
 */
function findCycles(graph: Graph): { edge: number; nodes: string[] }[] {
  const cycles: { edge: number; nodes: string[] }[] = [];
  const state = new Map<string, 1 | 2>(); // 1 on the current path, 2 finished
  for (const root of graph.order) {
    if (state.has(root.id)) continue;
    const path: string[] = [root.id];
    const next: number[] = [0];
    state.set(root.id, 1);
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const edges = graph.outgoing.get(node) ?? [];
      const k = next[next.length - 1]!;
      if (k >= edges.length) {
        state.set(node, 2);
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = k + 1;
      const edge = edges[k]!;
      const seen = state.get(edge.target);
      if (seen === 1) {
        cycles.push({ edge: edge.index, nodes: [...path.slice(path.indexOf(edge.target)), edge.target] });
      } else if (seen === undefined) {
        state.set(edge.target, 1);
        path.push(edge.target);
        next.push(0);
      }
    }
  }
  return cycles.sort((a, b) => a.edge - b.edge);
}
