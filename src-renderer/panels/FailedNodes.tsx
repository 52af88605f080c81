/**
 * The status bar's error count: "2 nodes failed" as a button that selects the first failing node
 * and brings it into view, then the next one on each click (GNU Radio users asked to be taken to
 * the error, not told about it). Its tooltip names each failing node with its error.
 */
import { memo } from 'react';
import { stateOfNode } from '../canvas/blockState';
import { failingNodes, stepThrough } from '../canvas/find';
import { useFrameNode } from '../canvas/showNode';
import { useEditor, useEditorStore } from '../store/context';
import { countRender } from '../renderCount';

/** The tooltip lists this many failing nodes at most. */
const LISTED = 5;

/** Memoized: it reads the store itself, so the status bar rendering again is no news to it. */
export const FailedNodes = memo(function FailedNodes() {
  countRender('FailedNodes');
  const store = useEditorStore();
  const frameNode = useFrameNode();
  // Strings, so the bar re-renders only when which nodes fail, or why, changes.
  const failing = useEditor((state) => failingNodes(state).join(','));
  const errors = useEditor((state) =>
    failingNodes(state)
      .slice(0, LISTED)
      .map((id) => `${id}: ${stateOfNode(state, id)?.report?.error ?? 'failed'}`)
      .join('\n'),
  );
  if (!failing) return null;
  const ids = failing.split(',');
  const showNext = (): void => {
    const selected = store.getState().selection.nodes;
    const next = stepThrough(ids, selected.length === 1 ? selected[0] : undefined, 1);
    if (next !== undefined) frameNode(next);
  };
  const more = ids.length > LISTED ? `\nand ${ids.length - LISTED} more` : '';
  const title = `${errors}${more}\nClick to show ${ids.length === 1 ? 'it' : 'the next'}.`;
  return (
    <button type="button" className="link failed-nodes" data-failed={ids.length} onClick={showNext} title={title}>
      {ids.length === 1 ? '1 node failed' : `${ids.length} nodes failed`}
    </button>
  );
});
