/** The strip above the graph, not a panel over it: nothing floats on top of the user's nodes. */
import { useReactFlow, useStore } from '@xyflow/react';
import { keysOf } from '../shortcuts';
import { useEditor, useEditorStore } from '../store/context';
import { addFrameAroundSelection } from './addFrame';
import { userFramed } from './framing';
import { LayoutMenu } from './LayoutMenu';
import { FIT_VIEW_OPTIONS } from './viewport';
import { countRender } from '../renderCount';

function ZoomReadout() {
  const zoom = useStore((state) => state.transform[2]);
  return (
    <span className="zoom-readout" aria-label="Zoom" data-zoom={zoom.toFixed(3)}>
      {Math.round(zoom * 100)}%
    </span>
  );
}

export function CanvasToolbar({ onAddNode }: { onAddNode: () => void }) {
  countRender('CanvasToolbar');
  const store = useEditorStore();
  const flow = useReactFlow();
  const canUndo = useEditor((state) => state.history.past.length > 0);
  const canRedo = useEditor((state) => state.history.future.length > 0);
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      <button type="button" onClick={() => store.getState().undo()} disabled={!canUndo} title={`Undo (${keysOf('undo')})`}>
        Undo
      </button>
      <button type="button" onClick={() => store.getState().redo()} disabled={!canRedo} title={`Redo (${keysOf('redo')})`}>
        Redo
      </button>
      <span className="toolbar-gap" />
      <button type="button" onClick={onAddNode} title={`Add a node (double-click the canvas, or ${keysOf('quickAdd')})`}>
        + Node
      </button>
      <button type="button" onClick={() => addFrameAroundSelection(store, flow)} title="Frame the selected nodes">
        Frame
      </button>
      <LayoutMenu />
      <span className="spacer" />
      <button type="button" onClick={() => {
          userFramed();
          void flow.zoomOut({ duration: 150 });
        }} title="Zoom out" aria-label="Zoom out">
        −
      </button>
      <ZoomReadout />
      <button type="button" onClick={() => {
          userFramed();
          void flow.zoomIn({ duration: 150 });
        }} title="Zoom in" aria-label="Zoom in">
        +
      </button>
      <button type="button" onClick={() => {
          userFramed();
          void flow.fitView(FIT_VIEW_OPTIONS);
        }} title={`Fit the graph in view (${keysOf('fit')})`}>
        Fit
      </button>
    </div>
  );
}
