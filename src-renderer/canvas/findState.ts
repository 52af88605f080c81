/**
 * The find bar's state (Ctrl/Cmd+F): view state only, like the selection — never part of the
 * document, never undone, one per window. The bar, the keys (shortcuts.ts) and every node's
 * highlight read it; what matches is always computed from the document (find.ts).
 */
import { create } from 'zustand';
import type { GraphNode } from '../../src-shared/graph/document';
import type { EditorState } from '../store/document';
import { findOnCanvas, matchNode, stepThrough } from './find';

export interface FindState {
  readonly open: boolean;
  /** Kept when the bar closes, so Ctrl+F or F3 picks up where the user left off. */
  readonly query: string;
  /** The match stepped to last (selected and framed); undefined before the first step. Kept on close. */
  readonly current: string | undefined;
  /** Counts the requests to focus the field: Ctrl+F on an open bar selects its text again. */
  readonly focusRequests: number;
  show(): void;
  hide(): void;
  setQuery(query: string): void;
}

export const useFindStore = create<FindState>((set) => ({
  open: false,
  query: '',
  current: undefined,
  focusRequests: 0,
  show: () => set((state) => ({ open: true, focusRequests: state.focusRequests + 1 })),
  // The current match is kept, so F3 after closing goes on from it, as in a browser.
  hide: () => set({ open: false }),
  setQuery: (query) => set({ query }),
}));

/**
 * Steps to the next match (`step` 1) or the previous one (-1) after the current: selects it and
 * brings it into view through `frameNode`. Nothing happens when nothing matches.
 */
export function stepFind(editor: EditorState, step: 1 | -1, frameNode: (id: string) => void): void {
  const { query, current } = useFindStore.getState();
  const ids = findOnCanvas(editor.document, editor.lessonStep, query).map((match) => match.id);
  const next = stepThrough(ids, current, step);
  if (next === undefined) return;
  useFindStore.setState({ current: next });
  frameNode(next);
}

/**
 * The class a node takes while the bar is open with a query: `find-current` for the match
 * stepped to, `find-match` for the others, `find-dimmed` for the rest; none otherwise.
 */
export function findMark(state: FindState, node: GraphNode | undefined): string {
  if (!state.open || !node || state.query.trim() === '') return '';
  if (!matchNode(node, state.query)) return 'find-dimmed';
  return state.current === node.id ? 'find-match find-current' : 'find-match';
}

/** A node's find class (see findMark); the node re-renders only when its own class changes. */
export function useFindMark(node: GraphNode | undefined): string {
  return useFindStore((state) => findMark(state, node));
}
