/**
 * Find in the graph (Ctrl/Cmd+F) as pure functions of the document: which nodes a query names,
 * best first, and which nodes failed (the status bar's error count steps through those). The bar,
 * each node's highlight and the tests all ask these, so they cannot disagree.
 *
 * A node is found by what the editor shows of it: its id, its label, its type id, its type's
 * title, and the value of each param it shows (as set, or the default it runs with) — `gaussian`
 * finds the functions whose shape is gaussian, `49` a taps of 49, `sigma=2` a sigma of 2.
 * Case and, in param values, spaces do not matter (`-1,4` finds `[-1, 4, -1]`). A block node is
 * also found by the nodes inside it (last, after every node found by its own fields).
 */
import { stateOfNode } from './blockState';
import type { GraphDocument, GraphNode, ParamValue } from '../../src-shared/graph/document';
import { definitionOf, MAX_BLOCK_DEPTH } from '../../src-shared/graph/expand';
import { lessonOf, lessonStage } from '../../src-shared/graph/lesson';
import { resolveParams } from '../../src-shared/nodes/define';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import type { EditorState } from '../store/document';
import { shownStatus, unconnectedInputs } from '../store/nodeStatus';

/** How well a node matches: lower ranks first; within a rank, the document's order. */
export const FIND_RANK = {
  /** Its id or label is the query. */
  exact: 0,
  /** Its id or label begins with it. */
  prefix: 1,
  /** Its id or label contains it. */
  name: 2,
  /** Its type id or its type's title contains it. */
  type: 3,
  /** A param's value contains it. */
  param: 4,
  /** A block node none of whose own fields match, with a node inside it that does. */
  inside: 5,
} as const;

export interface FindMatch {
  readonly id: string;
  readonly rank: number;
  /** What matched, as the find bar shows it (`label Gaussian blur`, `sigma = 2`). */
  readonly where: string;
}

/** Longest param text the bar shows before cutting it (a custom kernel's matrix). */
const WHERE_LENGTH = 40;

/** A param's value as text: `2`, `gaussian`, `[1, 2, 3]`, `[[0, -1], [-1, 4]]`. */
export function paramText(value: ParamValue): string {
  if (Array.isArray(value)) return `[${(value as ParamValue[]).map(paramText).join(', ')}]`;
  return String(value);
}

/** Text compared without case or spaces, so `t>=0` finds `t >= 0` and `-1,4` finds `-1, 4`. */
function compact(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

function cut(text: string): string {
  return text.length > WHERE_LENGTH ? `${text.slice(0, WHERE_LENGTH - 1)}…` : text;
}

/** The params a node shows, with the values it runs with (set or default), as name and text. */
function shownParams(node: GraphNode): [string, string][] {
  const definition = getNodeDefinition(node.type);
  if (!definition) return Object.entries(node.params ?? {}).map(([name, value]) => [name, paramText(value)]);
  const resolved = resolveParams(definition, node.params);
  const shown: [string, string][] = [];
  for (const param of definition.params) {
    const value = resolved[param.name];
    // A param the node hides (the expression of a function that is not one) is not on screen.
    if (value === undefined || !(param.visible?.(resolved) ?? true)) continue;
    shown.push([param.name, paramText(value)]);
  }
  return shown;
}

/** How `node` matches `query` (already trimmed and lower case, not empty); undefined when it does not. */
function matchFolded(node: GraphNode, query: string): FindMatch | undefined {
  const names: [string, string][] = [['id', node.id]];
  if (node.label !== undefined) names.push(['label', node.label]);
  let best: FindMatch | undefined;
  const consider = (rank: number, where: string): void => {
    if (!best || rank < best.rank) best = { id: node.id, rank, where };
  };
  for (const [field, text] of names) {
    const folded = text.toLowerCase();
    if (folded === query) consider(FIND_RANK.exact, `${field} ${text}`);
    else if (folded.startsWith(query)) consider(FIND_RANK.prefix, `${field} ${text}`);
    else if (folded.includes(query)) consider(FIND_RANK.name, `${field} ${text}`);
  }
  if (best) return best;
  const title = getNodeDefinition(node.type)?.title;
  if (node.type.toLowerCase().includes(query)) return { id: node.id, rank: FIND_RANK.type, where: `type ${node.type}` };
  if (title?.toLowerCase().includes(query)) return { id: node.id, rank: FIND_RANK.type, where: title };
  const wanted = compact(query);
  // `sigma=2` names the param as well as its value; a bare `2` looks at values only, so a
  // param's name alone (every kernel has a size) finds nothing.
  const named = wanted.includes('=');
  for (const [name, text] of shownParams(node)) {
    const candidate = named ? compact(`${name}=${text}`) : compact(text);
    if (candidate.includes(wanted)) return { id: node.id, rank: FIND_RANK.param, where: cut(`${name} = ${text}`) };
  }
  return undefined;
}

/**
 * A block node found by a node inside it (through blocks inside it too), which the canvas does not
 * show until the block is opened: `inside fftA: id fftA`. Undefined for any other node.
 */
function matchInside(document: GraphDocument, node: GraphNode, query: string, depth = 1): FindMatch | undefined {
  const definition = depth <= MAX_BLOCK_DEPTH ? definitionOf(document, node) : undefined;
  if (!definition) return undefined;
  for (const inner of definition.nodes) {
    const found = matchFolded(inner, query);
    const where = found ? `${inner.id}: ${found.where}` : matchInside(document, inner, query, depth + 1)?.where.replace(/^inside /, `${inner.id}/`);
    if (where !== undefined) return { id: node.id, rank: FIND_RANK.inside, where: cut(`inside ${where}`) };
  }
  return undefined;
}

/** The query as it is compared: trimmed, lower case; empty finds nothing. */
function fold(query: string): string {
  return query.trim().toLowerCase();
}

/** How one node matches `query`; undefined when it does not (or the query is empty). */
export function matchNode(node: GraphNode, query: string): FindMatch | undefined {
  const folded = fold(query);
  return folded ? matchFolded(node, folded) : undefined;
}

/** Every node that matches `query`, best first (ranks in FIND_RANK), ties in the document's order. */
export function findNodes(document: GraphDocument, query: string): FindMatch[] {
  const folded = fold(query);
  if (!folded) return [];
  const matches: FindMatch[] = [];
  for (const node of document.nodes) {
    const match = matchFolded(node, folded) ?? matchInside(document, node, folded);
    if (match) matches.push(match);
  }
  // Array.prototype.sort is stable, so equal ranks keep the document's order.
  return matches.sort((a, b) => a.rank - b.rank);
}

/**
 * What Find steps through in the editor: `findNodes`, less the nodes a lesson walked through
 * hides at step `lessonStep` (they are not on the canvas to be shown).
 */
export function findOnCanvas(document: GraphDocument, lessonStep: number | undefined, query: string): FindMatch[] {
  const matches = findNodes(document, query);
  const lesson = lessonOf(document);
  if (!lesson || lesson.length === 0 || lessonStep === undefined) return matches;
  const { hidden } = lessonStage(lesson, lessonStep);
  return matches.filter((match) => !hidden.has(match.id));
}

/**
 * The id after `current` in `ids` (or before it, `step` -1), wrapping around; the first (or the
 * last) when `current` is not among them; undefined when `ids` is empty.
 */
export function stepThrough(ids: readonly string[], current: string | undefined, step: 1 | -1): string | undefined {
  if (ids.length === 0) return undefined;
  const at = current === undefined ? -1 : ids.indexOf(current);
  if (at < 0) return step === 1 ? ids[0] : ids[ids.length - 1];
  return ids[(at + step + ids.length) % ids.length];
}

/**
 * The nodes that failed in their last run, in the document's order: those whose status line is
 * an error. A node only waiting for a wire, and one skipped because its input failed, are not
 * counted — the node that broke is. A block node counts when one of its inner nodes broke.
 */
export function failingNodes(state: EditorState): string[] {
  // The status bar asks on every change of the store; the answer changes with these two only.
  const cached = failingCache.get(state.nodeStates);
  if (cached?.document === state.document) return cached.ids;
  const ids = findFailingNodes(state);
  failingCache.set(state.nodeStates, { document: state.document, ids });
  return ids;
}

const failingCache = new WeakMap<EditorState['nodeStates'], { readonly document: EditorState['document']; readonly ids: string[] }>();

function findFailingNodes(state: EditorState): string[] {
  return state.document.nodes
    .filter((node) => {
      // Asked on every change of the store (progress events included): the wires are looked at
      // only for the few nodes whose run ended in an error.
      const nodeState = stateOfNode(state, node.id);
      if (nodeState?.status !== 'error') return false;
      const unconnected = unconnectedInputs(state, node.id);
      return shownStatus(nodeState, unconnected ? unconnected.split(',') : []) === 'error';
    })
    .map((node) => node.id);
}
