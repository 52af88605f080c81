/**
 * A frame: a labelled, coloured box behind nodes. It holds the nodes within its box (dragging it
 * carries them, frameDrag.ts) and collapses to its title bar, hiding them; wires to hidden
 * nodes then end at its edges (frameWires.ts). It lives in the document's `meta.frames` (readers
 * ignore unknown meta, so the file format stays version 1).
 */
import { Handle, NodeResizer, Position, useReactFlow, type NodeProps } from '@xyflow/react';
import { memo, useState, type CSSProperties, type MouseEvent } from 'react';
import { FRAME_COLORS, framesOf, type Frame } from '../../src-shared/graph/frames';
import { useEditor, useEditorStore } from '../store/context';
import { hiddenCount, hiddenFailures, toggleFrame } from './frameCollapse';
import { FRAME_INPUTS, FRAME_OUTPUTS } from './frameNodeIds';

export { FRAME_PREFIX } from './frameNodeIds';

export interface FrameNodeData extends Record<string, unknown> {
  readonly frameId: string;
}

export const FrameNode = memo(function FrameNode({ data, selected }: NodeProps) {
  const { frameId } = data as FrameNodeData;
  const store = useEditorStore();
  const flow = useReactFlow();
  const frame = useEditor((state) => framesOf(state.document).find((f) => f.id === frameId));
  const [editing, setEditing] = useState(false);
  if (!frame) return null;
  const update = (patch: Partial<Omit<Frame, 'id'>>): void =>
    store.getState().dispatch({ kind: 'updateFrame', id: frameId, patch });
  const nextColor = FRAME_COLORS[(FRAME_COLORS.indexOf(frame.color) + 1) % FRAME_COLORS.length]!;
  const collapsed = frame.collapsed === true;
  const toggle = (): void => toggleFrame(store, flow, frameId);
  // A double-click on the bar toggles; on the label it renames instead, on a button or field it does nothing more.
  const onHeaderDoubleClick = (event: MouseEvent): void => {
    if (!(event.target as HTMLElement).closest('input, button, .cl-frame-label')) toggle();
  };
  return (
    <div
      className={`cl-frame${selected ? ' selected' : ''}${collapsed ? ' collapsed' : ''}`}
      style={{ '--frame-color': frame.color } as CSSProperties}
      data-frame-id={frameId}
    >
      <NodeResizer
        isVisible={selected && !collapsed}
        minWidth={120}
        minHeight={80}
        color={frame.color}
        onResizeEnd={(_event, box) => update({ x: box.x, y: box.y, width: box.width, height: box.height })}
      />
      <Handle type="target" position={Position.Left} id={FRAME_INPUTS} isConnectable={false} className="cl-frame-handle" />
      <Handle type="source" position={Position.Right} id={FRAME_OUTPUTS} isConnectable={false} className="cl-frame-handle" />
      <div className="cl-frame-header" onDoubleClick={onHeaderDoubleClick} title={collapsed ? 'Double-click to expand' : 'Double-click to collapse'}>
        <button
          type="button"
          className="nodrag cl-frame-chevron"
          aria-label={collapsed ? 'Expand frame' : 'Collapse frame'}
          aria-expanded={!collapsed}
          onClick={toggle}
        >
          {collapsed ? '▸' : '▾'}
        </button>
        {editing ? (
          <input
            className="nodrag"
            autoFocus
            aria-label="Frame label"
            defaultValue={frame.label}
            onBlur={(event) => {
              update({ label: event.target.value });
              setEditing(false);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') event.currentTarget.blur();
              if (event.key === 'Escape') setEditing(false);
            }}
          />
        ) : (
          <span className="cl-frame-label" onDoubleClick={() => setEditing(true)} title="Double-click to rename">
            {frame.label || 'Frame'}
          </span>
        )}
        {collapsed && <CollapsedSummary frameId={frameId} />}
        <span className="cl-frame-spacer" />
        <button
          type="button"
          className="nodrag cl-frame-swatch"
          title="Change colour"
          aria-label="Change frame colour"
          style={{ background: nextColor }}
          onClick={() => update({ color: nextColor })}
        />
      </div>
    </div>
  );
});

/** "N nodes" on a collapsed frame, and a badge when any of them failed. */
function CollapsedSummary({ frameId }: { frameId: string }) {
  const count = useEditor((state) => hiddenCount(state, frameId));
  const failing = useEditor((state) => hiddenFailures(state, frameId));
  const errors = failing ? failing.split(', ').length : 0;
  return (
    <>
      <span className="cl-frame-count">{count === 1 ? '1 node' : `${count} nodes`}</span>
      {errors > 0 && (
        <span className="cl-frame-errors" role="status" title={`Failed inside: ${failing}`} aria-label={`${errors} failed inside: ${failing}`}>
          ⚠ {errors}
        </span>
      )}
    </>
  );
}
