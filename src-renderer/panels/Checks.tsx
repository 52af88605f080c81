/**
 * The checks' summary in the status bar: "1 check failed: compare1" in red, each id a link that
 * selects the node and brings it into view; "2 checks passed" in green when none failed.
 */
import { memo } from 'react';
import { useFrameNode } from '../canvas/showNode';
import { useEditor } from '../store/context';
import { checksWith } from '../store/verdicts';
import { countRender } from '../renderCount';

/** Memoized: it reads the store itself, so the status bar rendering again is no news to it. */
export const CheckSummary = memo(function CheckSummary() {
  countRender('CheckSummary');
  // Shown as Find and the failed-node count show a node: selected, the view moved only as needed.
  const jump = useFrameNode();
  const failed = useEditor((state) => checksWith(state, 'fail'));
  const passed = useEditor((state) => checksWith(state, 'pass'));
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
});
