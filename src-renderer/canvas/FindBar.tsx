/**
 * The find bar over the canvas (Ctrl/Cmd+F): a field, "k of n", previous and next, close. Typing
 * only counts and highlights the matches; Enter (F3) steps to the next, Shift+Enter (Shift+F3) to
 * the previous, each selected and brought into view. Escape closes it and leaves the selection
 * and the view where the last step put them. Nothing in the document changes.
 */
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { keysOf } from '../shortcuts';
import { useEditor, useEditorStore } from '../store/context';
import { findOnCanvas } from './find';
import { stepFind, useFindStore } from './findState';
import { useFrameNode } from './showNode';

/** What the bar says of the matches: nothing before a query, then the count or where it stands. */
function countText(query: string, count: number, at: number): string {
  if (query.trim() === '') return '';
  if (count === 0) return 'no match';
  if (at >= 0) return `${at + 1} of ${count}`;
  return count === 1 ? '1 match' : `${count} matches`;
}

function OpenFindBar() {
  const editor = useEditorStore();
  const frameNode = useFrameNode();
  const query = useFindStore((state) => state.query);
  const current = useFindStore((state) => state.current);
  const focusRequests = useFindStore((state) => state.focusRequests);
  const document = useEditor((state) => state.document);
  const lessonStep = useEditor((state) => state.lessonStep);
  const matches = useMemo(() => findOnCanvas(document, lessonStep, query), [document, lessonStep, query]);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [focusRequests]);
  const at = matches.findIndex((match) => match.id === current);
  const step = (direction: 1 | -1): void => stepFind(editor.getState(), direction, frameNode);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      useFindStore.getState().hide();
    }
  };
  // The buttons keep the focus in the field, so Enter goes on stepping after a click.
  const keepFocus = (event: { preventDefault(): void }): void => event.preventDefault();
  return (
    <div className="find-bar" role="search" aria-label="Find in the graph">
      <input
        ref={field}
        type="text"
        className="find-field"
        aria-label="Find nodes"
        placeholder="id, label, type or value"
        spellCheck={false}
        value={query}
        onChange={(event) => useFindStore.getState().setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span className="find-count" aria-live="polite" data-count={matches.length}>
        {countText(query, matches.length, at)}
      </span>
      <button type="button" className="small" onMouseDown={keepFocus} onClick={() => step(-1)} disabled={matches.length === 0} aria-label="Previous match" title={`Previous match (Shift+Enter, ${keysOf('findPrevious')})`}>
        ↑
      </button>
      <button type="button" className="small" onMouseDown={keepFocus} onClick={() => step(1)} disabled={matches.length === 0} aria-label="Next match" title={`Next match (Enter, ${keysOf('findNext')})`}>
        ↓
      </button>
      <button type="button" className="small link" onClick={() => useFindStore.getState().hide()} aria-label="Close find" title="Close (Esc)">
        ×
      </button>
      {at >= 0 && <div className="find-where">{matches[at]?.where}</div>}
    </div>
  );
}

export function FindBar() {
  const open = useFindStore((state) => state.open);
  return open ? <OpenFindBar /> : null;
}
