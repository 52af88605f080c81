/**
 * Verdicts in the editor's state: which checks (nodes whose definition declares a verdict field,
 * src-shared/nodes/verdict.ts) passed or failed in their last run that went through. Selectors
 * return strings, so a component re-renders only when a verdict changes.
 */
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { verdictField, verdictOf, type Verdict } from '../../src-shared/nodes/verdict';
import type { EditorState, NodeState } from './document';
import { edgesInto, nodeById } from './lookup';

/** A node's own verdict from its last report: none while it has never run ok or when it failed. */
export function verdictOfNode(type: string, nodeState: NodeState | undefined): Verdict | undefined {
  const definition = getNodeDefinition(type);
  if (!definition || nodeState?.report?.status !== 'ok') return undefined;
  return verdictOf(definition, nodeState.previews);
}

/**
 * The check field of the value a node previews: its own output's, or — for a sink — that of the
 * output wired into it, so a value table fed by a Compare shows the verdict too.
 */
export function previewVerdictField(state: EditorState, nodeId: string): string | undefined {
  const node = nodeById(state.document.nodes, nodeId);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!definition) return undefined;
  if (definition.category !== 'sink') return definition.outputs[0]?.verdict;
  const input = definition.inputs[0];
  const edge = input && edgesInto(state.document.edges, nodeId).find((e) => e.targetHandle === input.id);
  const source = edge && nodeById(state.document.nodes, edge.source);
  return source && edge ? verdictField(getNodeDefinition(source.type), edge.sourceHandle) : undefined;
}

/** Verdicts by document and node states: the store asks on every change (a drag, progress), they change with these two only. */
const verdictCache = new WeakMap<EditorState['nodeStates'], { readonly document: EditorState['document']; readonly ids: Readonly<Record<Verdict, string>> }>();

/** The ids of the checks with this verdict, in the document's order, joined by commas. */
export function checksWith(state: EditorState, verdict: Verdict): string {
  const cached = verdictCache.get(state.nodeStates);
  if (cached?.document === state.document) return cached.ids[verdict];
  const lists: Record<Verdict, string[]> = { pass: [], fail: [] };
  for (const node of state.document.nodes) {
    const found = verdictOfNode(node.type, state.nodeStates[node.id]);
    if (found !== undefined) lists[found].push(node.id);
  }
  const ids = { pass: lists.pass.join(','), fail: lists.fail.join(',') };
  verdictCache.set(state.nodeStates, { document: state.document, ids });
  return ids[verdict];
}
