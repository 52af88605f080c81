/**
 * The rules of block definitions (docs/blocks.md), one located line each, e.g.
 * `blocks.b12ab34cd56ef7890.inputs[0].to[1].handle: node fft has no input "x" (it has in)`.
 * validate.ts runs them before it checks the graph through the blocks' ports.
 */
import type { DataType } from '../data';
import type { NodeDefinition, PortDefinition } from '../nodes/define';
import { getNodeDefinition } from '../nodes/registry';
import { blockAwareView, blockDefinitionOf, innerDocument, isBlockNode } from './blocks';
import { expandedSize, MAX_BLOCK_DEPTH } from './expand';
import { BLOCK_ID_SEPARATOR, BLOCK_TYPE, type BlockDefinition, type GraphDocument } from './document';
import type { DefinitionLookup } from './infer';
import { checkParams, checkParamValue } from './params';
import { formatPlace } from './place';
import { LIMITS } from './schema';
import type { ValidateOptions, ValidationReport } from './validate';

/**
 * Whether the graph the engine runs — every instance expanded into its block's nodes — stays
 * within the limits, counted without expanding: a file of 1,000 instances of a 10,000-node block
 * is refused here, in time proportional to the file.
 */
export function expandedSizeProblem(document: GraphDocument): string | undefined {
  const held = Object.values(document.blocks ?? {}).reduce((sum, definition) => sum + definition.nodes.length, 0);
  if (held > LIMITS.nodes) return `blocks: the block definitions hold ${held} nodes in all (the limit is ${LIMITS.nodes}): make them smaller or fewer`;
  const cycle = blockCycle(document);
  if (cycle !== undefined) {
    return `blocks.${cycle[0]}: the block contains itself (${cycle.join(' › ')}): a block cannot be inside itself, so remove the block node that names ${cycle[cycle.length - 1]} from it`;
  }
  const { nodes, edges, depth } = expandedSize(document);
  if (depth > MAX_BLOCK_DEPTH) {
    const path = deepestPath(document);
    return `blocks.${path[0]}: blocks nest ${depth} deep here (${path.join(' › ')}), over the limit of ${MAX_BLOCK_DEPTH}: ungroup some of the blocks inside blocks`;
  }
  if (nodes <= LIMITS.nodes && edges <= LIMITS.edges) return undefined;
  const instances = document.nodes.filter((node) => blockDefinitionOf(document, node) !== undefined).length;
  const [count, what, limit] = nodes > LIMITS.nodes ? [nodes, 'nodes', LIMITS.nodes] : [edges, 'edges', LIMITS.edges];
  return `${what}: with its ${instances} block instances expanded this graph has ${count} ${what} (the limit is ${limit}): use fewer instances or smaller blocks`;
}

/** The keys of a cycle of definitions (each names the next through a block node, the last the first again), if the file has one. */
export function blockCycle(document: GraphDocument): string[] | undefined {
  const blocks = document.blocks ?? {};
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === 'done') return undefined;
    if (state.get(key) === 'open') return [...path.slice(path.indexOf(key)), key];
    state.set(key, 'open');
    path.push(key);
    for (const node of blocks[key]!.nodes) {
      if (!isBlockNode(node) || typeof node.block !== 'string' || !Object.hasOwn(blocks, node.block)) continue;
      const found = visit(node.block);
      if (found) return found;
    }
    path.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const key of Object.keys(blocks)) {
    const found = visit(key);
    if (found) return found;
  }
  return undefined;
}

/** The keys along a deepest chain of blocks inside blocks (no cycle: blockCycle found none). */
function deepestPath(document: GraphDocument): string[] {
  const blocks = document.blocks ?? {};
  const memo = new Map<string, string[]>();
  const deepest = (key: string): string[] => {
    const known = memo.get(key);
    if (known) return known;
    let best: string[] = [];
    for (const node of blocks[key]!.nodes) {
      if (!isBlockNode(node) || typeof node.block !== 'string' || !Object.hasOwn(blocks, node.block)) continue;
      const below = deepest(node.block);
      if (below.length > best.length) best = below;
    }
    const result = [key, ...best];
    memo.set(key, result);
    return result;
  };
  return Object.keys(blocks).map(deepest).reduce((a, b) => (b.length > a.length ? b : a), []);
}

function portNames(ports: readonly PortDefinition[]): string {
  return ports.length === 0 ? 'it has none' : `it has ${ports.map((port) => port.id).join(', ')}`;
}

type GraphCheck = (document: GraphDocument, options: ValidateOptions) => ValidationReport;

/**
 * Every problem of one definition, placed under `place` (`blocks.KEY`): ids without the
 * separator, block nodes inside that name a definition of `blocks` (the document's one map), the
 * inner graph by the top level's rules with each block inside seen through its ports, and sound
 * ports and promoted params. Cycles and depth are the document's to check (expandedSizeProblem).
 */
export function definitionProblems(definition: BlockDefinition, place: string, options: ValidateOptions, checkGraph: GraphCheck, blocks: Readonly<Record<string, BlockDefinition>> = {}): ValidationReport {
  const errors: string[] = [];
  definition.nodes.forEach((node, i) => {
    if (node.id.includes(BLOCK_ID_SEPARATOR)) {
      errors.push(`${place}.nodes[${i}].id: ${JSON.stringify(node.id)} contains "${BLOCK_ID_SEPARATOR}", which names the nodes inside blocks as they run: rename it`);
    }
    if (!isBlockNode(node)) {
      if (node.block !== undefined) errors.push(`${place}.nodes[${i}].block: only a node of type "${BLOCK_TYPE}" names a block (this one is ${node.type})`);
    } else if (node.block === undefined) errors.push(`${place}.nodes[${i}].block: missing: a block node names its definition in "blocks"`);
    else if (!Object.hasOwn(blocks, node.block)) errors.push(`${place}.nodes[${i}].block: no block ${JSON.stringify(node.block)} in this file's "blocks"`);
  });
  if (errors.length > 0) return { errors, warnings: [] };
  // A block inside is checked as a node whose ports and params are its block's (blocks.ts).
  const view = blockAwareView(innerDocument(definition, blocks), options.definitions ?? getNodeDefinition);
  const lookup = view.lookup;
  const inner = checkGraph(view.document, { ...options, definitions: lookup });
  errors.push(...inner.errors.map((error) => `${place}.${error}`));
  const seen = { ...definition, nodes: view.document.nodes };
  errors.push(...portProblems(seen, place, lookup), ...paramProblems(seen, place, lookup));
  return { errors, warnings: inner.warnings.map((warning) => `${place}.${warning}`) };
}

function portProblems(definition: BlockDefinition, place: string, lookup: DefinitionLookup): string[] {
  const errors: string[] = [];
  const nodes = new Map(definition.nodes.map((node) => [node.id, node]));
  const fed = new Map<string, number>();
  definition.edges.forEach((edge, i) => fed.set(`${edge.target}\u0000${edge.targetHandle}`, fed.get(`${edge.target}\u0000${edge.targetHandle}`) ?? i));
  const inner = (nodeId: string, at: string): NodeDefinition | undefined | false => {
    const node = nodes.get(nodeId);
    if (!node) {
      errors.push(`${at}.node: no node ${JSON.stringify(nodeId)} in this block`);
      return false;
    }
    return lookup(node.type);
  };
  const names = (side: 'inputs' | 'outputs', list: readonly { name: string }[]): void => {
    const first = new Map<string, number>();
    list.forEach((port, p) => {
      const earlier = first.get(port.name);
      if (earlier !== undefined) errors.push(`${place}.${side}[${p}].name: ${JSON.stringify(port.name)} is also the name of ${side}[${earlier}]: a block's ${side} need names of their own`);
      else first.set(port.name, p);
    });
  };
  names('inputs', definition.inputs);
  names('outputs', definition.outputs);

  const feeds = new Map<string, string>();
  definition.inputs.forEach((port, p) => {
    let common: readonly DataType[] | undefined;
    port.to.forEach((end, k) => {
      const at = `${place}.inputs[${p}].to[${k}]`;
      const nodeDefinition = inner(end.node, at);
      if (nodeDefinition === false) return;
      const input = nodeDefinition?.inputs.find((candidate) => candidate.id === end.handle);
      if (nodeDefinition && !input) {
        errors.push(`${at}.handle: node ${end.node} has no input ${JSON.stringify(end.handle)} (${portNames(nodeDefinition.inputs)})`);
        return;
      }
      const key = `${end.node}\u0000${end.handle}`;
      if (fed.has(key)) errors.push(`${at}: ${end.node}.${end.handle} is fed inside the block (edges[${fed.get(key)}]): a port cannot feed it too`);
      else if (feeds.has(key)) errors.push(`${at}: ${end.node}.${end.handle} is fed by ${feeds.get(key)} already: an input takes one feed`);
      else feeds.set(key, `inputs[${p}]`);
      if (input) common = common === undefined ? input.types : common.filter((type) => input.types.includes(type));
    });
    if (common !== undefined && common.length === 0) errors.push(`${place}.inputs[${p}]: the inputs it feeds take no type in common, so nothing could be connected to it`);
  });
  definition.outputs.forEach((port, p) => {
    const at = `${place}.outputs[${p}].from`;
    const nodeDefinition = inner(port.from.node, at);
    if (nodeDefinition && !nodeDefinition.outputs.some((candidate) => candidate.id === port.from.handle)) {
      errors.push(`${at}.handle: node ${port.from.node} has no output ${JSON.stringify(port.from.handle)} (${portNames(nodeDefinition.outputs)})`);
    }
  });
  return errors;
}

function paramProblems(definition: BlockDefinition, place: string, lookup: DefinitionLookup): string[] {
  const errors: string[] = [];
  const nodes = new Map(definition.nodes.map((node) => [node.id, node]));
  const names = new Map<string, number>();
  const bound = new Map<string, string>();
  (definition.params ?? []).forEach((param, p) => {
    const at = `${place}.params[${p}]`;
    const earlier = names.get(param.name);
    if (earlier !== undefined) errors.push(`${at}.name: ${JSON.stringify(param.name)} is also the name of params[${earlier}]: promoted params need names of their own`);
    else names.set(param.name, p);
    let kind: { kind: string; where: string } | undefined;
    param.bind.forEach((bind, k) => {
      const node = nodes.get(bind.node);
      if (!node) {
        errors.push(`${at}.bind[${k}].node: no node ${JSON.stringify(bind.node)} in this block`);
        return;
      }
      const nodeDefinition = lookup(node.type);
      const inner = nodeDefinition?.params.find((candidate) => candidate.name === bind.param);
      if (nodeDefinition && !inner) {
        const has = nodeDefinition.params.map((candidate) => candidate.name);
        errors.push(`${at}.bind[${k}].param: node ${bind.node} has no param ${JSON.stringify(bind.param)} (${has.length > 0 ? `it has ${has.join(', ')}` : 'it has none'})`);
        return;
      }
      const key = `${bind.node}\u0000${bind.param}`;
      if (bound.has(key)) errors.push(`${at}.bind[${k}]: ${bind.node}.${bind.param} is bound by ${bound.get(key)} already: a param is promoted once`);
      else bound.set(key, `params[${p}]`);
      if (!inner) return;
      if (kind === undefined) kind = { kind: inner.kind, where: `${bind.node}.${bind.param}` };
      else if (inner.kind !== kind.kind) {
        errors.push(`${at}.bind[${k}]: ${bind.node}.${bind.param} is a ${inner.kind} param but ${kind.where} is a ${kind.kind}: a promoted param binds params of one kind`);
      }
    });
  });
  return errors;
}

/**
 * The values a block node sets on its promoted params, checked against every param each one
 * binds (the block's own param has the first bind's rules; another bind may be narrower) and
 * against the bound node's cross-param rules with the value in place.
 */
export function promotedValueProblems(document: GraphDocument, lookup: DefinitionLookup): string[] {
  const errors: string[] = [];
  document.nodes.forEach((node, i) => {
    const definition = blockDefinitionOf(document, node);
    if (!definition || !node.params) return;
    for (const param of definition.params ?? []) {
      if (!Object.hasOwn(node.params, param.name)) continue;
      const value = node.params[param.name];
      const at = formatPlace(['nodes', i, 'params', param.name]);
      param.bind.forEach((bind, k) => {
        const inner = definition.nodes.find((candidate) => candidate.id === bind.node);
        const nodeDefinition = inner === undefined ? undefined : lookup(inner.type);
        const innerParam = nodeDefinition?.params.find((candidate) => candidate.name === bind.param);
        if (!nodeDefinition || !innerParam) return;
        const message = checkParamValue(innerParam, value);
        // The first bind's rules are the block param's own, which the graph check applied.
        if (message !== undefined) {
          if (k > 0) errors.push(`${at}: ${message} (for ${bind.node}.${bind.param} inside the block)`);
          return;
        }
        for (const problem of checkParams(nodeDefinition, { ...inner!.params, [bind.param]: value })) {
          errors.push(`${at}: ${problem.message} (for ${bind.node}.${problem.param} inside the block)`);
        }
      });
    }
  });
  return errors;
}
