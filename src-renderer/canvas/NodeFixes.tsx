/**
 * One-click fixes where the user is looking: under a failed node's error (on the node and in
 * the inspector), and next to the drop point of a refused wire. Each button applies its fix as
 * one undo entry (src-shared/graph/fixes.ts finds them; the store applies them).
 */
import { useEffect, useMemo, useState } from 'react';
import { nodeFixes, type Fix } from '../../src-shared/graph/fixes';
import { useEditor, useEditorStore } from '../store/context';

/** The fixes for a node's current error (none when it is not in error). */
export function useNodeFixes(nodeId: string): readonly Fix[] {
  const document = useEditor((state) => state.document);
  const nodeStates = useEditor((state) => state.nodeStates);
  const report = nodeStates[nodeId]?.status === 'error' ? nodeStates[nodeId]?.report : undefined;
  return useMemo(
    () => (report ? nodeFixes(document, nodeId, report, (id, port) => nodeStates[id]?.previews[port]) : []),
    [document, nodeId, report, nodeStates],
  );
}

/** The buttons for a failed node's fixes; nothing when there is none. */
export function NodeFixes({ nodeId }: { nodeId: string }) {
  const store = useEditorStore();
  const fixes = useNodeFixes(nodeId);
  if (fixes.length === 0) return null;
  return (
    <div className="node-fixes nodrag" data-testid="node-fixes">
      {fixes.map((fix) => (
        <button key={fix.label} type="button" className="small primary" onClick={() => store.getState().applyFix(fix)}>
          {fix.label}
        </button>
      ))}
    </div>
  );
}

export interface Refusal {
  /** Where it shows, in pixels inside the canvas. */
  readonly at: { readonly x: number; readonly y: number };
  readonly reason: string;
  readonly fixes: readonly Fix[];
}

/**
 * A refused wire's reason with the fixes that make the change and the connection. Escape,
 * Dismiss or any other edit closes it.
 */
export function RefusalFixes({ refusal, onClose }: { refusal: Refusal; onClose: () => void }) {
  const store = useEditorStore();
  // Any other edit may make the fixes wrong (or the wire possible): the offer goes with it.
  const document = useEditor((state) => state.document);
  const [offeredFor] = useState(document);
  useEffect(() => {
    if (document !== offeredFor) onClose();
  }, [document, offeredFor, onClose]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="refusal-fixes" role="alertdialog" aria-label="Connection refused" style={{ left: refusal.at.x, top: refusal.at.y }}>
      <p>Not connected: {refusal.reason}</p>
      <div className="node-fixes">
        {refusal.fixes.map((fix) => (
          <button
            key={fix.label}
            type="button"
            className="small primary"
            onClick={() => store.getState().applyFix(fix)}
          >
            {fix.label}
          </button>
        ))}
        <button type="button" className="small" onClick={onClose}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
