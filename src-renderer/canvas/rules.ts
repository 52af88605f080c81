/**
 * Connection rules while the user drags a wire: src-shared/graph's `canConnect` (types, generic
 * ports, kernels with dims auto, taken inputs, cycles), naming ports as the node shows them. An input takes one wire, so a wire dropped on a taken input is
 * refused with the way to re-route it: drag the old wire's end away (a reconnect), during which
 * the rules judge the graph without the wire being moved.
 */
import type { DataType } from '../../src-shared/data';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { PortDefinition } from '../../src-shared/nodes/define';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { canConnect, describeInput, describeOutput, inferTypes, validateDocument, type Connection, type ConnectionCheck } from '../../src-shared/graph/validate';
import { applyCommand, newEdgeId, type Command } from '../store/commands';
import type { BlockOutside } from '../store/document';

export type ConnectionRequest = Connection;

function portOf(document: GraphDocument, nodeId: string, portId: string, side: 'inputs' | 'outputs'): PortDefinition | undefined {
  const type = document.nodes.find((node) => node.id === nodeId)?.type;
  return type === undefined ? undefined : getNodeDefinition(type)?.[side].find((port) => port.id === portId);
}
export type { ConnectionCheck };

/**
 * Whether a wire from an output to an input may be added, and why not when it may not.
 * `reconnecting` is the id of a wire whose end is being dragged: it does not count. `outside` is
 * the graph around the block `document` is the inside of (EditorState.outside), when it is one:
 * a wire inside may change what the block gives, and must not break a wire out of it.
 */
export function checkConnection(document: GraphDocument, request: ConnectionRequest, reconnecting?: string, outside?: BlockOutside): ConnectionCheck {
  const check = checkInside(document, request, reconnecting);
  if (!check.ok || outside === undefined) return check;
  const edge = { id: reconnecting ?? newEdgeId(document), ...request };
  return keepsOutsideValid(outside, { kind: 'connect', edge, ...(reconnecting !== undefined ? { replaces: reconnecting } : {}) });
}

/** The place ("edges[2]: ") is the file's; the words say which wire. */
function words(problem: string): string {
  return problem.replace(/^(nodes|edges)\[\d+\]: /, '');
}

/** The graph's own problems, once per document version (a dragged wire asks on every handle it passes). */
const problemsBefore = new WeakMap<GraphDocument, Set<string>>();

/**
 * Refuses an edit made inside block `outside.instance` that adds a problem to the graph around
 * it: a generic inner node passing on an image now, where a wire out of the block (of this or
 * another instance) goes into a signal-only input.
 */
function keepsOutsideValid(outside: BlockOutside, command: Command): ConnectionCheck {
  const before = problemsBefore.get(outside.document) ?? new Set(validateDocument(outside.document).map(words));
  problemsBefore.set(outside.document, before);
  const after = applyCommand(outside.document, { kind: 'inBlock', instance: outside.instance, command });
  const added = validateDocument(after).map(words).find((problem) => !before.has(problem));
  return added === undefined ? { ok: true } : { ok: false, reason: `outside block ${outside.instance}, ${added}` };
}

function checkInside(document: GraphDocument, request: ConnectionRequest, reconnecting: string | undefined): ConnectionCheck {
  const graph = reconnecting === undefined ? document : { ...document, edges: document.edges.filter((edge) => edge.id !== reconnecting) };
  const taken = graph.edges.find((edge) => edge.target === request.target && edge.targetHandle === request.targetHandle);
  if (taken && !(taken.source === request.source && taken.sourceHandle === request.sourceHandle)) {
    const input = portOf(document, request.target, request.targetHandle, 'inputs');
    const output = portOf(document, taken.source, taken.sourceHandle, 'outputs');
    return {
      ok: false,
      reason: `${describeInput(request.target, input, request.targetHandle)} already takes ${describeOutput(taken.source, output, taken.sourceHandle)}: an input takes one wire; drag that wire's end off it (or delete the wire) first`,
    };
  }
  return canConnect(graph, request);
}

/**
 * The data type on each port, as far as it is known without running: outputs from
 * `inferTypes`, inputs from the wire that enters them. Keys are `node.port`.
 */
export function inferPortTypes(document: GraphDocument): Map<string, DataType> {
  const types = new Map<string, DataType>();
  for (const [key, type] of inferTypes(document)) if (type !== undefined) types.set(key, type);
  for (const edge of document.edges) {
    const type = types.get(`${edge.source}.${edge.sourceHandle}`);
    if (type !== undefined) types.set(`${edge.target}.${edge.targetHandle}`, type);
  }
  return types;
}

const typeCache = new WeakMap<GraphDocument, Map<string, DataType>>();

/** `inferPortTypes`, computed once per document version (nodes read it for their port colours). */
export function portTypesFor(document: GraphDocument): Map<string, DataType> {
  let types = typeCache.get(document);
  if (!types) typeCache.set(document, (types = inferPortTypes(document)));
  return types;
}
