/**
 * The node menu's "Rewrite" section: the equivalent routes src-shared/graph/rewrites.ts finds for
 * the node, each added beside it with a compare whose PASS shows on the canvas. A rewrite that
 * does not apply here is shown greyed, with the reason under it.
 */
import { Fragment, useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import { rewritesFor, type Rewrite, type RewriteChoice, type RewriteOptions } from '../../src-shared/graph/rewrites';
import { NEW_NODE_SIZE, nodeBoxes } from '../canvas/flowPlacement';
import { spotBelow } from '../canvas/placement';
import { boundsOf } from '../canvas/viewport';
import { fixCommand } from '../store/commands';
import { useEditor, useEditorStore } from '../store/context';
import { EMPTY_SELECTION, type EditorState } from '../store/document';

type Flow = ReturnType<typeof useReactFlow>;

/** Previews and a placement clear of every node drawn: what rewritesFor needs from the canvas. */
function canvasOptions(state: EditorState, flow: Flow, nodeId: string): RewriteOptions {
  return {
    previews: (id, port) => state.nodeStates[id]?.previews[port],
    place: (size) => {
      const drawn = flow.getNode(nodeId);
      const box = drawn
        ? { x: drawn.position.x, y: drawn.position.y, width: drawn.measured?.width ?? NEW_NODE_SIZE.width, height: drawn.measured?.height ?? NEW_NODE_SIZE.height }
        : undefined;
      return spotBelow(box, size, nodeBoxes(flow));
    },
  };
}

/** The rewrites offered for a node (read when the menu opens and whenever the graph changes). */
export function useRewriteChoices(nodeId: string | undefined): RewriteChoice[] {
  // Only while a node's menu is open: a closed menu does not render again for every edit.
  const document = useEditor((state) => (nodeId ? state.document : undefined));
  const store = useEditorStore();
  // Placement is decided again on click; here only the words and whether each applies matter.
  return useMemo(
    () => (nodeId && document ? rewritesFor(document, nodeId, { previews: (id, port) => store.getState().nodeStates[id]?.previews[port] }) : []),
    [document, nodeId, store],
  );
}

function applyRewrite(state: EditorState, flow: Flow, nodeId: string, rewrite: Rewrite): void {
  state.dispatch(fixCommand(rewrite));
  // The compare selected: the inspector shows its verdict and numbers (several selected nodes
  // would open the dock's profile instead).
  state.setSelection({ ...EMPTY_SELECTION, nodes: [rewrite.check] });
  state.say(`${rewrite.label}: ${rewrite.sink} shows whether both routes agree (one undo)`);
  // Frame both routes, the node and the new block (drawn on the next frame: its boxes estimated).
  const added = rewrite.edits.flatMap((edit) => (edit.kind === 'addNodes' ? edit.nodes : []));
  const drawn = flow.getNode(nodeId);
  const boxes = added.map((node) => ({ x: node.position?.x ?? 0, y: node.position?.y ?? 0, ...NEW_NODE_SIZE }));
  if (drawn) boxes.push({ x: drawn.position.x, y: drawn.position.y, width: drawn.measured?.width ?? NEW_NODE_SIZE.width, height: drawn.measured?.height ?? NEW_NODE_SIZE.height });
  const bounds = boundsOf(boxes);
  if (bounds) void flow.fitBounds(bounds, { padding: 0.1, duration: 200 });
}

/** The section's heading and one item per rewrite; nothing for a node no rewrite is about. */
export function RewriteSection({ nodeId, choices, onDone }: { nodeId: string; choices: readonly RewriteChoice[]; onDone: (action: () => void) => () => void }) {
  const store = useEditorStore();
  const flow = useReactFlow();
  if (choices.length === 0) return null;
  const run = (choice: RewriteChoice) => () => {
    // Found again with the canvas's boxes, so the new nodes land clear of everything drawn now.
    const state = store.getState();
    const outcome = rewritesFor(state.document, nodeId, canvasOptions(state, flow, nodeId)).find((c) => c.kind === choice.kind)?.outcome;
    if (!outcome?.ok) state.say(`${choice.title}: ${outcome ? outcome.reason : 'no longer applies'}`, 'error');
    else applyRewrite(state, flow, nodeId, outcome.rewrite);
  };
  return (
    <>
      <hr />
      <div className="menu-heading">Rewrite {nodeId}</div>
      {choices.map((choice) => (
        <Fragment key={choice.kind}>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            disabled={!choice.outcome.ok}
            title={choice.outcome.ok ? choice.outcome.rewrite.label : choice.outcome.reason}
            onClick={onDone(run(choice))}
          >
            <span>{choice.title}</span>
          </button>
          {/* A greyed item says why in words, not only on hover: a disabled button may show no tooltip. */}
          {!choice.outcome.ok && <div className="menu-reason">{choice.outcome.reason}</div>}
        </Fragment>
      ))}
    </>
  );
}
