/**
 * Connection rules while the user drags a wire: src-shared/graph's `canConnect` (types, generic
 * ports, cycles), with one editor decision on top — a wire dropped on a taken input replaces the
 * edge already there (the common node-editor gesture; FORMAT.md lets an input take one edge), so
 * that case is judged on the graph without the old edge and reported as a replacement.
 */
import type { DataType } from '../../src-shared/data';
import type { GraphDocument, GraphEdge } from '../../src-shared/graph/document';
import { canConnect, inferTypes, type Connection } from '../../src-shared/graph/validate';

export type ConnectionRequest = Connection;

export type ConnectionCheck =
  | { readonly ok: true; readonly replaces?: GraphEdge }
  | { readonly ok: false; readonly reason: string };

/** Whether a wire from an output to an input may be added, and why not when it may not. */
export function checkConnection(document: GraphDocument, request: ConnectionRequest): ConnectionCheck {
  const taken = document.edges.find((edge) => edge.target === request.target && edge.targetHandle === request.targetHandle);
  if (!taken || (taken.source === request.source && taken.sourceHandle === request.sourceHandle)) {
    return canConnect(document, request);
  }
  const check = canConnect({ ...document, edges: document.edges.filter((edge) => edge !== taken) }, request);
  return check.ok ? { ok: true, replaces: taken } : check;
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
