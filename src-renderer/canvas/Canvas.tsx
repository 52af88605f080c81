/**
 * The graph canvas (React Flow). The component only wires what each hook does: the document
 * mirrored into React Flow (useFlowMirror), wiring and its rules (useConnections), quick add
 * (useQuickAdd), the keys (useCanvasShortcuts), drops from the palette (useDropFromPalette) and
 * the view framed on an opened graph (useOpenFit). Every edit becomes one command.
 */
import { Background, ReactFlow } from '@xyflow/react';
import { useRef } from 'react';
import { useEditor } from '../store/context';
import { BlockBreadcrumb } from './BlockBreadcrumb';
import { BlockNode } from './BlockNode';
import { CanvasToolbar } from './CanvasToolbar';
import { ConnectionHint } from './ConnectionHint';
import { FindBar } from './FindBar';
import { FrameNode } from './FrameNode';
import { userFramed } from './framing';
import { GenericNode } from './GenericNode';
import { RefusalFixes } from './NodeFixes';
import { QuickAdd } from './QuickAdd';
import { useCanvasShortcuts } from './useCanvasShortcuts';
import { useConnections } from './useConnections';
import { useDropFromPalette } from './useDropFromPalette';
import { useFlowMirror } from './useFlowMirror';
import { useOpenFit } from './useOpenFit';
import { useQuickAdd } from './useQuickAdd';
import { countRender } from '../renderCount';

// Other parts of the editor place nodes and take palette drags through these.
export { duplicateSelection, placeNewNode, viewCentre } from './flowPlacement';
export { PALETTE_MIME } from './useDropFromPalette';
export { FIT_VIEW_OPTIONS } from './viewport';

const nodeTypes = { convolab: GenericNode, frame: FrameNode, block: BlockNode };

/**
 * Above this many nodes only those in view are rendered (React Flow's culling): a node out of
 * view costs nothing while the canvas pans. Below it every node stays in the page, which is
 * cheaper than culling for a small graph.
 */
export const CULL_ABOVE = 100;

export function Canvas() {
  countRender('Canvas');
  const wrapper = useRef<HTMLDivElement>(null);
  const empty = useEditor((state) => state.document.nodes.length === 0);
  const culled = useEditor((state) => state.document.nodes.length > CULL_ABOVE);
  const mirror = useFlowMirror();
  const quickAdd = useQuickAdd(wrapper);
  const connections = useConnections(wrapper, quickAdd.openFromWire);
  const { onDragOver, onDrop } = useDropFromPalette();
  useCanvasShortcuts(quickAdd);
  useOpenFit();
  const { popup } = quickAdd;
  const openBlock = useEditor((state) => state.setOpenBlock);
  const { refusal } = connections;

  return (
    <div className="canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop} {...quickAdd.pointer}>
      <CanvasToolbar onAddNode={() => quickAdd.open()} />
      <div className="canvas-flow">
        <ReactFlow
          {...mirror}
          {...connections.handlers}
          nodeTypes={nodeTypes}
          onlyRenderVisibleElements={culled}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
          zoomOnDoubleClick={false}
          // A pan or zoom by pointer or wheel (an event; a move of the code's own has none) ends framing.
          onMoveStart={(event) => event && userFramed()}
          onNodeDoubleClick={(_event, node) => node.type === 'block' && openBlock(node.id)}
          elevateNodesOnSelect={false}
          minZoom={0.1}
          maxZoom={4}
          proOptions={{ hideAttribution: true }}
          colorMode="dark"
        >
          <Background gap={24} />
          <ConnectionHint reconnecting={connections.reconnecting} />
        </ReactFlow>
        <BlockBreadcrumb />
        {empty && <div className="canvas-empty">Drag a node from the palette, or double-click here to add one.</div>}
        <FindBar />
      </div>
      {refusal && <RefusalFixes key={`${refusal.at.x},${refusal.at.y},${refusal.reason}`} refusal={refusal} onClose={connections.closeRefusal} />}
      {popup && <QuickAdd at={popup.at} accepts={popup.accepts} onPick={quickAdd.pick} onClose={quickAdd.close} />}
    </div>
  );
}
