/**
 * A document as an edit of the one before it, for `run` (protocol.ts): a param change in a
 * 300-node graph sends the one node it changed, not the whole document, and the host applies it
 * to the document it holds. Documents are immutable in the editor (commands.ts makes a new object
 * for what changed and keeps the rest), so what changed is found by identity, in one pass.
 *
 * Nodes and edges are listed by id: the ones that are new or changed come whole (`set`), and the
 * order of ids comes only when it changed (an add, a removal, a reorder). Any other top-level key
 * that changed comes whole, or is named in `drop` when it went away.
 */
import type { GraphDocument, GraphEdge, GraphNode } from './document';

/** The top-level keys an edit carries whole when they change. */
export const WHOLE_KEYS = ['format', 'version', 'meta', 'blocks', 'viewport'] as const;
export type WholeKey = (typeof WHOLE_KEYS)[number];
/** The keys a document may lack (and so an edit may drop). */
export type OptionalKey = 'meta' | 'blocks' | 'viewport';

/** Changes to a list of things with ids (a document's nodes or edges). */
export interface ListEdit<T> {
  /** New or changed entries, whole; each replaces the entry of its id. */
  readonly set: readonly T[];
  /** Every id, in order, when the list's ids are not the base's in the base's order. */
  readonly order?: readonly string[];
}

export interface DocumentEdit {
  /** The version of the document this edits: the one the host holds. */
  readonly base: string;
  /** The version of the document the edit makes. */
  readonly version: string;
  readonly nodes?: ListEdit<GraphNode>;
  readonly edges?: ListEdit<GraphEdge>;
  /** Top-level keys that changed, whole. */
  readonly fields?: Partial<Pick<GraphDocument, WholeKey>>;
  /** Top-level keys the document no longer has. */
  readonly drop?: readonly OptionalKey[];
}

function uniqueIds(list: readonly { readonly id: string }[]): boolean {
  return new Set(list.map((entry) => entry.id)).size === list.length;
}

/** The changes from `before` to `after` of a list with unique ids (undefined: none). */
function listEdit<T extends { readonly id: string }>(before: readonly T[], after: readonly T[]): ListEdit<T> | undefined {
  if (before === after) return undefined;
  const set: T[] = [];
  let sameOrder = before.length === after.length;
  if (sameOrder) {
    for (let index = 0; index < after.length; index++) {
      const was = before[index]!;
      const now = after[index]!;
      if (was.id !== now.id) {
        sameOrder = false;
        break;
      }
      if (was !== now) set.push(now);
    }
  }
  if (sameOrder) return set.length === 0 ? undefined : { set };
  const old = new Map(before.map((entry) => [entry.id, entry]));
  return { set: after.filter((entry) => old.get(entry.id) !== entry), order: after.map((entry) => entry.id) };
}

/**
 * The edit that turns `before` (version `base`) into `after` (version `version`); undefined when
 * an edit cannot say it — ids that are not unique, in either document — so the whole document goes.
 */
export function diffDocuments(before: GraphDocument, after: GraphDocument, base: string, version: string): DocumentEdit | undefined {
  if (before.nodes !== after.nodes && !(uniqueIds(before.nodes) && uniqueIds(after.nodes))) return undefined;
  if (before.edges !== after.edges && !(uniqueIds(before.edges) && uniqueIds(after.edges))) return undefined;
  const nodes = listEdit(before.nodes, after.nodes);
  const edges = listEdit(before.edges, after.edges);
  const fields: Partial<Record<WholeKey, unknown>> = {};
  const drop: OptionalKey[] = [];
  for (const key of WHOLE_KEYS) {
    if (before[key] === after[key]) continue;
    if (after[key] !== undefined) fields[key] = after[key];
    else if (key !== 'format' && key !== 'version') drop.push(key);
  }
  return {
    base,
    version,
    ...(nodes ? { nodes } : {}),
    ...(edges ? { edges } : {}),
    ...(Object.keys(fields).length > 0 ? { fields: fields as DocumentEdit['fields'] } : {}),
    ...(drop.length > 0 ? { drop } : {}),
  };
}

/** The list `edit` makes of `before`; throws, saying where, when the edit does not fit it. */
function applyList<T extends { readonly id: string }>(before: readonly T[], edit: ListEdit<T> | undefined, what: 'nodes' | 'edges', limit: number): T[] {
  if (!edit) return before as T[];
  const set = new Map<string, T>();
  for (const entry of edit.set) {
    if (set.has(entry.id)) throw new Error(`${what}.set: ${JSON.stringify(entry.id)} comes twice`);
    set.set(entry.id, entry);
  }
  if (edit.order === undefined) {
    let used = 0;
    const after = before.map((entry) => {
      const now = set.get(entry.id);
      if (now === undefined) return entry;
      used++;
      return now;
    });
    if (used !== set.size) {
      const missing = [...set.keys()].find((id) => !before.some((entry) => entry.id === id));
      throw new Error(`${what}.set: ${JSON.stringify(missing)} is not in the base document and the edit gives no order`);
    }
    return after;
  }
  if (edit.order.length > limit) throw new Error(`${what}.order: ${edit.order.length} entries (the limit is ${limit})`);
  const old = new Map<string, T>();
  for (const entry of before) if (!old.has(entry.id)) old.set(entry.id, entry);
  const seen = new Set<string>();
  const after = edit.order.map((id, index) => {
    if (seen.has(id)) throw new Error(`${what}.order.${index}: ${JSON.stringify(id)} comes twice`);
    seen.add(id);
    const entry = set.get(id) ?? old.get(id);
    if (entry === undefined) throw new Error(`${what}.order.${index}: ${JSON.stringify(id)} is neither in the base document nor in the edit`);
    return entry;
  });
  if (seen.size !== edit.order.length || [...set.keys()].some((id) => !seen.has(id))) {
    throw new Error(`${what}.set: ${JSON.stringify([...set.keys()].find((id) => !seen.has(id)))} is not in the order`);
  }
  return after;
}

/**
 * The document `edit` makes of `base` (which it must edit: the caller checks the versions).
 * Entries the edit leaves alone are the base's own objects. Throws one line, saying where, when the
 * edit does not fit the base (an id set twice, an order naming an unknown id, a list past its limit).
 */
export function applyDocumentEdit(base: GraphDocument, edit: DocumentEdit, limits: { readonly nodes: number; readonly edges: number }): GraphDocument {
  const nodes = applyList(base.nodes, edit.nodes, 'nodes', limits.nodes);
  const edges = applyList(base.edges, edit.edges, 'edges', limits.edges);
  const next: Record<string, unknown> = { ...base, ...edit.fields, nodes, edges };
  for (const key of edit.drop ?? []) {
    if (edit.fields && Object.hasOwn(edit.fields, key)) throw new Error(`drop: ${key} is also set`);
    delete next[key];
  }
  return next as unknown as GraphDocument;
}
