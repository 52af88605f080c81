/**
 * The checks' summary in the status bar: "1 check failed: compare1" in red, each id a link that
 * selects the node and brings it into view; "2 checks passed" in green when none failed.
 */
import { useReactFlow } from '@xyflow/react';
import { EMPTY_SELECTION } from '../store/document';
import { useEditor, useEditorStore } from '../store/context';
import { checksWith } from '../store/verdicts';

/** Zoom at least this far in when jumping to a check, so its text is readable. */
const READABLE_ZOOM = 0.8;

export function CheckSummary() {
  const store = useEditorStore();
  const flow = useReactFlow();
  const failed = useEditor((state) => checksWith(state, 'fail'));
  const passed = useEditor((state) => checksWith(state, 'pass'));
  const jump = (id: string): void => {
    store.getState().setSelection({ ...EMPTY_SELECTION, nodes: [id] });
    void flow.fitView({ nodes: [{ id }], maxZoom: Math.max(flow.getZoom(), READABLE_ZOOM), duration: 250 });
  };
  if (failed) {
    const ids = failed.split(',');
    return (
      <span className="check-summary fail" data-verdict="fail">
        {ids.length} check{ids.length === 1 ? '' : 's'} failed:
        {ids.map((id) => (
          <button key={id} type="button" className="link" title={`Select ${id} and show it`} onClick={() => jump(id)}>
            {id}
          </button>
        ))}
      </span>
    );
  }
  if (!passed) return null;
  const count = passed.split(',').length;
  return (
    <span className="check-summary pass" data-verdict="pass" title={passed.replaceAll(',', ', ')}>
      {count === 1 ? `1 check passed: ${passed}` : `${count} checks passed`}
    </span>
  );
}
