/**
 * Connection rules, checked while the user drags a wire (FORMAT.md, "Rules"; NODES.md, generic
 * ports): the types must fit, the graph must stay acyclic, and an input takes one edge — a wire
 * dropped on a taken input replaces the old one (the common node-editor gesture), so that case is
 * allowed and reported as a replacement.
 *
 * Local stand-in for src-shared/graph's `canConnect` / `inferTypes` until they land.
 */
import type { DataType } from '../../src-shared/data';
import type { GraphDocument, GraphEdge } from '../../src-shared/graph/document';
import { resolveParams, type NodeDefinition } from '../../src-shared/nodes/define';
import { getNodeDefinition } from '../../src-shared/nodes/registry';

export interface ConnectionRequest {
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
  readonly targetHandle: string;
}

export type ConnectionCheck =
  | { readonly ok: true; readonly replaces?: GraphEdge }
  | { readonly ok: false; readonly reason: string };

function typeList(types: readonly DataType[]): string {
  return types.length === 1 ? types[0]! : `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`;
}

/**
 * The data type each output port carries, as far as it can be known without running: fixed
 * single types, `resolveType` from params and input types, and generic `T` outputs from their
 * inputs. Keys are `node.port`; inputs get the type of the wire that enters them.
 */
export function inferPortTypes(document: GraphDocument): Map<string, DataType> {
  const nodes = new Map(document.nodes.map((node) => [node.id, node]));
  const incoming = new Map<string, GraphEdge[]>();
  for (const edge of document.edges) {
    const list = incoming.get(edge.target) ?? [];
    list.push(edge);
    incoming.set(edge.target, list);
  }
  const types = new Map<string, DataType>();
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string): void => {
    if (done.has(id) || visiting.has(id)) return;
    visiting.add(id);
    const node = nodes.get(id);
    const definition = node ? getNodeDefinition(node.type) : undefined;
    const inputTypes: Record<string, DataType | undefined> = {};
    for (const edge of incoming.get(id) ?? []) {
      visit(edge.source);
      const type = types.get(`${edge.source}.${edge.sourceHandle}`);
      inputTypes[edge.targetHandle] = type;
      if (type) types.set(`${id}.${edge.targetHandle}`, type);
    }
    if (node && definition) {
      const genericInput = definition.inputs.find((port) => port.generic && inputTypes[port.id] !== undefined);
      const generic = genericInput ? inputTypes[genericInput.id] : undefined;
      for (const port of definition.outputs) {
        let type: DataType | undefined;
        try {
          type = port.resolveType?.(resolveParams(definition, node.params), inputTypes);
        } catch {
          type = undefined;
        }
        if (type === undefined && port.generic && generic && port.types.includes(generic)) type = generic;
        if (type === undefined && port.types.length === 1) type = port.types[0];
        if (type !== undefined) types.set(`${id}.${port.id}`, type);
      }
    }
    visiting.delete(id);
    done.add(id);
  };
  for (const node of document.nodes) visit(node.id);
  return types;
}

/** True when `to` can be reached from `from` by following edges downstream. */
function reaches(document: GraphDocument, from: string, to: string): boolean {
  const downstream = new Map<string, string[]>();
  for (const edge of document.edges) {
    const list = downstream.get(edge.source) ?? [];
    list.push(edge.target);
    downstream.set(edge.source, list);
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(downstream.get(id) ?? []));
  }
  return false;
}

function genericPeers(definition: NodeDefinition, port: string): string[] {
  return definition.inputs.filter((p) => p.generic && p.id !== port).map((p) => p.id);
}

/** Whether a wire from an output to an input may be added, and why not when it may not. */
export function checkConnection(document: GraphDocument, request: ConnectionRequest): ConnectionCheck {
  const sourceNode = document.nodes.find((node) => node.id === request.source);
  const targetNode = document.nodes.find((node) => node.id === request.target);
  if (!sourceNode || !targetNode) return { ok: false, reason: 'that node no longer exists' };
  const sourceDefinition = getNodeDefinition(sourceNode.type);
  const targetDefinition = getNodeDefinition(targetNode.type);
  if (!sourceDefinition || !targetDefinition) return { ok: false, reason: 'unknown node type' };
  const output = sourceDefinition.outputs.find((port) => port.id === request.sourceHandle);
  const input = targetDefinition.inputs.find((port) => port.id === request.targetHandle);
  if (!output) return { ok: false, reason: `${request.source} has no output ${request.sourceHandle}` };
  if (!input) return { ok: false, reason: `${request.target} has no input ${request.targetHandle}` };
  if (request.source === request.target) return { ok: false, reason: 'a node cannot feed itself (that would be a cycle)' };

  const taken = document.edges.find((edge) => edge.target === request.target && edge.targetHandle === request.targetHandle);
  if (taken && taken.source === request.source && taken.sourceHandle === request.sourceHandle) {
    return { ok: false, reason: 'already connected' };
  }
  // Judge the graph as it would be after the replacement.
  const graph = taken ? { ...document, edges: document.edges.filter((edge) => edge !== taken) } : document;

  const types = inferPortTypes(graph);
  const known = types.get(`${request.source}.${request.sourceHandle}`);
  const carried = known ? [known] : output.types;
  const fitting = carried.filter((type) => input.types.includes(type));
  if (fitting.length === 0) {
    return {
      ok: false,
      reason: `incompatible types: ${request.target}.${request.targetHandle} takes a ${typeList(input.types)}, but ${request.source}.${request.sourceHandle} gives a ${typeList(carried)}`,
    };
  }
  if (input.generic && known) {
    for (const peer of genericPeers(targetDefinition, input.id)) {
      const other = types.get(`${request.target}.${peer}`);
      if (other && other !== known) {
        return {
          ok: false,
          reason: `incompatible types: ${request.targetHandle} and ${peer} of ${request.target} must carry the same type, and ${peer} already carries a ${other}`,
        };
      }
    }
  }
  if (reaches(graph, request.target, request.source)) {
    return { ok: false, reason: `that would make a cycle: ${request.source} already depends on ${request.target}` };
  }
  return taken ? { ok: true, replaces: taken } : { ok: true };
}

const typeCache = new WeakMap<GraphDocument, Map<string, DataType>>();

/** `inferPortTypes`, computed once per document version (nodes read it for their port colours). */
export function portTypesFor(document: GraphDocument): Map<string, DataType> {
  let types = typeCache.get(document);
  if (!types) typeCache.set(document, (types = inferPortTypes(document)));
  return types;
}
