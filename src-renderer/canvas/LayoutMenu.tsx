/**
 * The canvas toolbar's Tidy up button and Align menu (align edges or centres, distribute gaps) for
 * the selected nodes. Each item is one command, so one undo puts the nodes back.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useRef, useState } from 'react';
import { useDismiss } from '../files/useDismiss';
import { keysOf } from '../shortcuts';
import { useEditor, useEditorStore } from '../store/context';
import type { Alignment, DistributeAxis } from './align';
import { ALIGN_MIN_NODES, alignSelection, DISTRIBUTE_MIN_NODES, distributeSelection, tidyUp } from './arrange';

const ALIGNMENTS: readonly { readonly alignment: Alignment; readonly label: string }[] = [
  { alignment: 'left', label: 'Align left edges' },
  { alignment: 'centre', label: 'Align centres (horizontally)' },
  { alignment: 'right', label: 'Align right edges' },
  { alignment: 'top', label: 'Align top edges' },
  { alignment: 'middle', label: 'Align middles (vertically)' },
  { alignment: 'bottom', label: 'Align bottom edges' },
];

const DISTRIBUTIONS: readonly { readonly axis: DistributeAxis; readonly label: string }[] = [
  { axis: 'horizontal', label: 'Distribute horizontally' },
  { axis: 'vertical', label: 'Distribute vertically' },
];

export function LayoutMenu() {
  const store = useEditorStore();
  const flow = useReactFlow();
  const selected = useEditor((state) => state.selection.nodes.length);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, box, close);
  const act = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  const tidyScope = selected >= ALIGN_MIN_NODES ? `the ${selected} selected nodes` : 'the whole graph (select 2 or more nodes to tidy only those)';
  return (
    <>
      <button type="button" onClick={() => tidyUp(store, flow)} title={`Lay out ${tidyScope} left to right by data flow (${keysOf('tidyUp')})`}>
        Tidy up
      </button>
      <div className="file-menu layout-menu" ref={box}>
        <button
          type="button"
          aria-haspopup="menu"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          title="Align or distribute the selected nodes"
        >
          Align ▾
        </button>
        {open && (
          <div className="menu" role="menu" aria-label="Align">
            {selected < ALIGN_MIN_NODES && <div className="menu-empty">Select 2 or more nodes (Shift+click)</div>}
            {ALIGNMENTS.map(({ alignment, label }) => (
              <button key={alignment} type="button" role="menuitem" className="menu-item" disabled={selected < ALIGN_MIN_NODES} onClick={act(() => alignSelection(store, flow, alignment))}>
                <span>{label}</span>
              </button>
            ))}
            <hr />
            {DISTRIBUTIONS.map(({ axis, label }) => (
              <button
                key={axis}
                type="button"
                role="menuitem"
                className="menu-item"
                disabled={selected < DISTRIBUTE_MIN_NODES}
                title={selected < DISTRIBUTE_MIN_NODES ? 'Select 3 or more nodes: equal gaps need two gaps' : undefined}
                onClick={act(() => distributeSelection(store, flow, axis))}
              >
                <span>{label}</span>
              </button>
            ))}
          </div>
        )}
      </div>
    </>
  );
}
