/**
 * A frame: a labelled, coloured box behind nodes, for annotating a graph. It lives in the
 * document's `meta.frames` (readers ignore unknown meta, so the file format stays version 1).
 */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useState, type CSSProperties } from 'react';
import { FRAME_COLORS, framesOf, type Frame } from '../../src-shared/graph/frames';
import { useEditor, useEditorStore } from '../store/context';

export const FRAME_PREFIX = 'frame:';

export interface FrameNodeData extends Record<string, unknown> {
  readonly frameId: string;
}

export const FrameNode = memo(function FrameNode({ data, selected }: NodeProps) {
  const { frameId } = data as FrameNodeData;
  const store = useEditorStore();
  const frame = useEditor((state) => framesOf(state.document).find((f) => f.id === frameId));
  const [editing, setEditing] = useState(false);
  if (!frame) return null;
  const update = (patch: Partial<Omit<Frame, 'id'>>): void =>
    store.getState().dispatch({ kind: 'updateFrame', id: frameId, patch });
  const nextColor = FRAME_COLORS[(FRAME_COLORS.indexOf(frame.color) + 1) % FRAME_COLORS.length]!;
  return (
    <div className={`cl-frame${selected ? ' selected' : ''}`} style={{ '--frame-color': frame.color } as CSSProperties} data-frame-id={frameId}>
      <NodeResizer
        isVisible={selected}
        minWidth={120}
        minHeight={80}
        color={frame.color}
        onResizeEnd={(_event, box) => update({ x: box.x, y: box.y, width: box.width, height: box.height })}
      />
      <div className="cl-frame-header">
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
