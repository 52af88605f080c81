/**
 * The graph canvas (React Flow). The document in the store is the truth; React Flow's node
 * array mirrors it (plus frames from `meta.frames`) and adds what only the view needs (measured
 * sizes, drag state). Every edit becomes one command: a whole drag is one move, a delete of a
 * mixed selection is one removal. Wires are checked while they are dragged, and a refused one
 * says why.
 */
import {
  Background,
  ReactFlow,
  applyNodeChanges,
  useConnection,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { connectionFixes } from '../../src-shared/graph/fixes';
import { lessonStage } from '../../src-shared/graph/lesson';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { FRAME_COLORS, framesOf, newFrameId, type Frame } from '../../src-shared/graph/frames';
import { useEditor, useEditorStore } from '../store/context';
import { EMPTY_SELECTION, type EditorStore } from '../store/document';
import { FRAME_PREFIX, FrameNode } from './FrameNode';
import { GenericNode } from './GenericNode';
import { duplicateSelection, nodeBoxes, placeNewNode, viewCentre } from './flowPlacement';
import { type Refusal, RefusalFixes } from './NodeFixes';
import { freeSpot } from './placement';
import { QUICK_ADD_SIZE, QuickAdd } from './QuickAdd';
import { refusalResolved } from './refusal';
import { checkConnection, portTypesFor, type ConnectionRequest } from './rules';
import { typingIn } from '../typing';
import { useDropFromPalette } from './useDropFromPalette';
import { useOpenFit } from './useOpenFit';

// Other parts of the editor place nodes and take palette drags through these.
export { duplicateSelection, placeNewNode, viewCentre } from './flowPlacement';
export { PALETTE_MIME } from './useDropFromPalette';

const nodeTypes = { convolab: GenericNode, frame: FrameNode };
const NO_FRAMES: readonly Frame[] = [];

/** Fit view never magnifies past 100 %: a small graph stays at its natural size. */
export const FIT_VIEW_OPTIONS = { padding: 0.15, maxZoom: 1, duration: 200 } as const;

function ZoomReadout() {
  const zoom = useStore((state) => state.transform[2]);
  return (
    <span className="zoom-readout" aria-label="Zoom" data-zoom={zoom.toFixed(3)}>
      {Math.round(zoom * 100)}%
    </span>
  );
}

function toRequest(connection: Connection | Edge): ConnectionRequest | undefined {
  if (!connection.sourceHandle || !connection.targetHandle) return undefined;
  return {
    source: connection.source,
    sourceHandle: connection.sourceHandle,
    target: connection.target,
    targetHandle: connection.targetHandle,
  };
}

/** Shows, next to the dragged wire, whether it may be dropped here and why not. */
function ConnectionHint({ reconnecting }: { reconnecting: { readonly current: string | undefined } }) {
  const store = useEditorStore();
  const flow = useReactFlow();
  const connection = useConnection();
  if (!connection.inProgress || !connection.toHandle) return null;
  const from = connection.fromHandle;
  const to = connection.toHandle;
  const [source, target] = from.type === 'source' ? [from, to] : [to, from];
  if (source.type !== 'source' || target.type !== 'target' || !source.id || !target.id) return null;
  const check = checkConnection(
    store.getState().document,
    { source: source.nodeId, sourceHandle: source.id, target: target.nodeId, targetHandle: target.id },
    reconnecting.current,
  );
  const screen = flow.flowToScreenPosition(connection.to);
  const bounds = document.querySelector('.react-flow')?.getBoundingClientRect();
  const text = check.ok ? 'connect' : check.reason;
  return (
    <div
      className={`connection-hint ${check.ok ? 'ok' : 'refused'}`}
      role="tooltip"
      style={{ left: screen.x - (bounds?.left ?? 0) + 14, top: screen.y - (bounds?.top ?? 0) + 14 }}
    >
      {text}
    </div>
  );
}

function addFrameAroundSelection(store: EditorStore, flow: ReturnType<typeof useReactFlow>): void {
  const state = store.getState();
  const selected = flow.getNodes().filter((node) => state.selection.nodes.includes(node.id));
  let box: { x: number; y: number; width: number; height: number };
  if (selected.length > 0) {
    const bounds = flow.getNodesBounds(selected);
    box = { x: bounds.x - 24, y: bounds.y - 48, width: bounds.width + 48, height: bounds.height + 72 };
  } else {
    // An empty frame goes where it covers no node, so its label is not hidden behind one.
    const size = { width: 400, height: 260 };
    const centre = viewCentre(flow);
    box = { ...freeSpot({ x: centre.x - size.width / 2, y: centre.y - size.height / 2 }, size, nodeBoxes(flow)), ...size };
  }
  const frames = framesOf(state.document);
  const id = newFrameId(state.document);
  const color = FRAME_COLORS[frames.length % FRAME_COLORS.length]!;
  state.dispatch({ kind: 'addFrame', frame: { id, label: `Frame ${frames.length + 1}`, color, ...box } });
  state.setSelection({ ...EMPTY_SELECTION, frames: [id] });
}

export function Canvas() {
  const store = useEditorStore();
  const documentNodes = useEditor((state) => state.document.nodes);
  const documentEdges = useEditor((state) => state.document.edges);
  const frames = useEditor((state) => {
    const list = framesOf(state.document);
    return list.length ? list : NO_FRAMES;
  });
  const portTypes = useEditor((state) => portTypesFor(state.document));
  const selection = useEditor((state) => state.selection);
  const lessonStep = useEditor((state) => state.lessonStep);
  const lesson = useEditor((state) => state.document.meta?.lesson);
  // A lesson being walked through hides the nodes later steps introduce and highlights the step's own.
  const stage = useMemo(
    () => (lesson && lesson.length > 0 && lessonStep !== undefined ? lessonStage(lesson, lessonStep) : undefined),
    [lesson, lessonStep],
  );
  const canUndo = useEditor((state) => state.history.past.length > 0);
  const canRedo = useEditor((state) => state.history.future.length > 0);
  const [nodes, setNodes] = useState<Node[]>([]);
  const [quickAdd, setQuickAdd] = useState<{
    /** Where the popup shows, in pixels inside the canvas. */
    at: { x: number; y: number };
    /** Where the node goes (flow coordinates); without one, the free spot nearest the centre. */
    flow?: { x: number; y: number };
    from?: { node: string; handle: string };
  }>();
  /** A refused wire whose reason has a one-click fix, shown where it was dropped. */
  const [refusal, setRefusal] = useState<Refusal>();
  const mouse = useRef<{ x: number; y: number } | undefined>(undefined);
  const wrapper = useRef<HTMLDivElement>(null);
  const flow = useReactFlow();
  const { onDragOver, onDrop } = useDropFromPalette();
  useOpenFit();

  // Mirror the document (and selection) into React Flow's nodes, keeping what the view measured.
  useEffect(() => {
    setNodes((previous) => {
      const byId = new Map(previous.map((node) => [node.id, node]));
      const selectedNodes = new Set(selection.nodes);
      const selectedFrames = new Set(selection.frames);
      const frameNodes: Node[] = frames.map((frame) => {
        const id = FRAME_PREFIX + frame.id;
        const old = byId.get(id);
        return {
          ...(old ?? {}),
          id,
          type: 'frame',
          position: { x: frame.x, y: frame.y },
          width: frame.width,
          height: frame.height,
          zIndex: -1,
          dragHandle: '.cl-frame-header',
          selected: selectedFrames.has(frame.id),
          data: { frameId: frame.id },
        };
      });
      const highlighted = new Set(stage?.highlighted);
      const graphNodes: Node[] = documentNodes.map((node) => {
        const old = byId.get(node.id);
        const position = node.position ?? { x: 0, y: 0 };
        const selected = selectedNodes.has(node.id);
        const lessonView = { hidden: stage?.hidden.has(node.id) ?? false, className: highlighted.has(node.id) ? 'lesson-highlight' : '' };
        if (old && old.dragging) return { ...old, selected, ...lessonView };
        return old ? { ...old, position, selected, ...lessonView } : { id: node.id, type: 'convolab', position, selected, data: { nodeId: node.id }, ...lessonView };
      });
      return [...frameNodes, ...graphNodes];
    });
  }, [documentNodes, frames, selection, stage]);

  const edges: Edge[] = useMemo(() => {
    const selected = new Set(selection.edges);
    return documentEdges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      sourceHandle: edge.sourceHandle,
      target: edge.target,
      targetHandle: edge.targetHandle,
      selected: selected.has(edge.id),
      className: `type-${portTypes.get(`${edge.source}.${edge.sourceHandle}`) ?? 'any'}`,
    }));
  }, [documentEdges, selection.edges, portTypes]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      const selects = changes.filter((change) => change.type === 'select');
      if (selects.length === 0) return;
      const { selection: now } = store.getState();
      const nodeIds = new Set(now.nodes);
      const frameIds = new Set(now.frames);
      for (const change of selects) {
        const isFrame = change.id.startsWith(FRAME_PREFIX);
        const set = isFrame ? frameIds : nodeIds;
        const id = isFrame ? change.id.slice(FRAME_PREFIX.length) : change.id;
        if (change.selected) set.add(id);
        else set.delete(id);
      }
      store.getState().setSelection({ nodes: [...nodeIds], frames: [...frameIds] });
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const ids = new Set(store.getState().selection.edges);
      let changed = false;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        changed = true;
        if (change.selected) ids.add(change.id);
        else ids.delete(change.id);
      }
      if (changed) store.getState().setSelection({ edges: [...ids] });
    },
    [store],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: Node, dragged: Node[]) => {
      const nodePositions: Record<string, { x: number; y: number }> = {};
      const framePositions: Record<string, { x: number; y: number }> = {};
      for (const node of dragged) {
        const position = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
        if (node.id.startsWith(FRAME_PREFIX)) framePositions[node.id.slice(FRAME_PREFIX.length)] = position;
        else nodePositions[node.id] = position;
      }
      store.getState().dispatch({ kind: 'move', nodes: nodePositions, frames: framePositions });
    },
    [store],
  );

  /** The wire whose end is being dragged (a reconnect), so the rules judge the graph without it. */
  const reconnecting = useRef<string | undefined>(undefined);
  const reconnected = useRef(false);

  const isValidConnection = useCallback(
    (connection: Connection | Edge) => {
      const request = toRequest(connection);
      return request !== undefined && checkConnection(store.getState().document, request, reconnecting.current).ok;
    },
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const request = toRequest(connection);
      if (!request) return;
      const check = checkConnection(store.getState().document, request);
      if (!check.ok) {
        store.getState().say(check.reason, 'error', { resolvedWhen: refusalResolved(request) });
        return;
      }
      store.getState().connect(request);
    },
    [store],
  );

  // Dragging a wire's end moves it (one undoable step); dropping it on empty canvas removes it.
  const onReconnectStart = useCallback((_event: unknown, edge: Edge) => {
    reconnecting.current = edge.id;
    reconnected.current = false;
  }, []);

  const onReconnect = useCallback(
    (old: Edge, connection: Connection) => {
      const request = toRequest(connection);
      if (!request) return;
      const check = checkConnection(store.getState().document, request, old.id);
      if (!check.ok) {
        store.getState().say(`Not moved: ${check.reason}`, 'error', { resolvedWhen: refusalResolved(request, old.id) });
        return;
      }
      reconnected.current = true;
      store.getState().dispatch({ kind: 'connect', edge: { id: old.id, ...request }, replaces: old.id });
    },
    [store],
  );

  const onReconnectEnd = useCallback(
    (_event: unknown, edge: Edge, _handle: unknown, state: FinalConnectionState) => {
      reconnecting.current = undefined;
      if (!reconnected.current && !state.toHandle) store.getState().dispatch({ kind: 'remove', edges: [edge.id] });
    },
    [store],
  );

  /** A point on screen → the popup's corner inside the canvas, kept wholly inside it. */
  const popupAt = useCallback((client: { x: number; y: number }): { x: number; y: number } => {
    const bounds = wrapper.current?.getBoundingClientRect();
    if (!bounds) return { x: 0, y: 0 };
    return {
      x: Math.max(0, Math.min(client.x - bounds.left, bounds.width - QUICK_ADD_SIZE.width)),
      y: Math.max(0, Math.min(client.y - bounds.top, bounds.height - QUICK_ADD_SIZE.height)),
    };
  }, []);

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const from = state.fromHandle;
      const to = state.toHandle;
      const moving = reconnecting.current;
      if (from && to && state.isValid === false) {
        const [source, target] = from.type === 'source' ? [from, to] : [to, from];
        if (source.id && target.id) {
          const request = { source: source.nodeId, sourceHandle: source.id, target: target.nodeId, targetHandle: target.id };
          const check = checkConnection(store.getState().document, request, moving);
          if (!check.ok) {
            store.getState().say(`${moving ? 'Not moved' : 'Not connected'}: ${check.reason}`, 'error', { resolvedWhen: refusalResolved(request, moving) });
            const fixes = moving === undefined ? connectionFixes(store.getState().document, request) : [];
            if (fixes.length > 0 && 'clientX' in event) {
              const bounds = wrapper.current?.getBoundingClientRect();
              // Beside the drop point, kept inside the canvas.
              const at = {
                x: Math.max(0, Math.min(event.clientX - (bounds?.left ?? 0) + 12, (bounds?.width ?? Infinity) - 360)),
                y: Math.max(0, Math.min(event.clientY - (bounds?.top ?? 0) + 12, (bounds?.height ?? Infinity) - 140)),
              };
              setRefusal({ at, reason: check.reason, fixes });
            }
          }
        }
        return;
      }
      // A wire from an output dropped on empty canvas: offer a node to receive it (a moved
      // wire's end dropped there is removed instead, in onReconnectEnd).
      if (moving === undefined && from && !to && from.type === 'source' && from.id && 'clientX' in event) {
        setQuickAdd({
          at: popupAt({ x: event.clientX, y: event.clientY }),
          flow: flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }),
          from: { node: from.nodeId, handle: from.id },
        });
      }
    },
    [store, flow, popupAt],
  );

  /**
   * Opens the quick-add search. At a point (double-click, or the key with the pointer over the
   * canvas) the node goes exactly there; from the toolbar it goes to a free spot in view.
   */
  const openQuickAdd = useCallback(
    (client?: { x: number; y: number }) => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!pane) return;
      const inside = (p: { x: number; y: number }): boolean => p.x >= pane.left && p.x <= pane.right && p.y >= pane.top && p.y <= pane.bottom;
      const point = client ?? (mouse.current && inside(mouse.current) ? mouse.current : undefined);
      if (point) setQuickAdd({ at: popupAt(point), flow: flow.screenToFlowPosition(point) });
      else setQuickAdd({ at: popupAt({ x: pane.left + pane.width / 2 - QUICK_ADD_SIZE.width / 2, y: pane.top + 12 }) });
    },
    [flow, popupAt],
  );

  const pickQuickAdd = useCallback(
    (type: string) => {
      if (!quickAdd) return;
      const state = store.getState();
      const position = quickAdd.flow ? { x: Math.round(quickAdd.flow.x), y: Math.round(quickAdd.flow.y) } : placeNewNode(flow, viewCentre(flow));
      const id = state.addNode(type, position);
      if (quickAdd.from) {
        const definition = getNodeDefinition(type);
        const document = store.getState().document;
        const input = definition?.inputs.find(
          (port) => checkConnection(document, { source: quickAdd.from!.node, sourceHandle: quickAdd.from!.handle, target: id, targetHandle: port.id }).ok,
        );
        if (input) state.connect({ source: quickAdd.from.node, sourceHandle: quickAdd.from.handle, target: id, targetHandle: input.id });
      }
      state.setSelection({ ...EMPTY_SELECTION, nodes: [id] });
    },
    [quickAdd, store, flow],
  );

  // Editor shortcuts. Inside text fields the browser's own editing keys win.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (typingIn(event.target)) return;
      const state = store.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z') state[event.shiftKey ? 'redo' : 'undo']();
      else if (mod && key === 'y') state.redo();
      else if (mod && key === 'd') duplicateSelection(store, flow);
      else if (mod && key === 'a') {
        state.setSelection({
          nodes: state.document.nodes.map((node) => node.id),
          edges: state.document.edges.map((edge) => edge.id),
          frames: framesOf(state.document).map((frame) => frame.id),
        });
      } else if (!mod && (key === 'delete' || key === 'backspace')) {
        const { nodes: n, edges: e, frames: f } = state.selection;
        if (n.length + e.length + f.length === 0) return;
        state.dispatch({ kind: 'remove', nodes: n, edges: e, frames: f });
        state.setSelection(EMPTY_SELECTION);
      } else if (!mod && !event.altKey && key === 'f') void flow.fitView(FIT_VIEW_OPTIONS);
      // Tab, not Space: Space held down pans the canvas (React Flow's default).
      else if (!mod && key === 'tab') openQuickAdd();
      else if (key === 'escape') {
        setQuickAdd(undefined);
        state.setSelection(EMPTY_SELECTION);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, flow, openQuickAdd]);

  return (
    <div
      className="canvas"
      ref={wrapper}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onMouseMove={(event) => (mouse.current = { x: event.clientX, y: event.clientY })}
      onMouseLeave={() => (mouse.current = undefined)}
      onDoubleClick={(event) => {
        if ((event.target as HTMLElement).classList.contains('react-flow__pane')) openQuickAdd({ x: event.clientX, y: event.clientY });
      }}
    >
      {/* A strip above the graph, not a panel over it: nothing floats on top of the user's nodes. */}
      <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
        <button type="button" onClick={() => store.getState().undo()} disabled={!canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={() => store.getState().redo()} disabled={!canRedo} title="Redo (Shift+Ctrl+Z)">
          Redo
        </button>
        <span className="toolbar-gap" />
        <button type="button" onClick={() => openQuickAdd()} title="Add a node (double-click the canvas, or Tab)">
          + Node
        </button>
        <button type="button" onClick={() => addFrameAroundSelection(store, flow)} title="Frame the selected nodes">
          Frame
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => void flow.zoomOut({ duration: 150 })} title="Zoom out" aria-label="Zoom out">
          −
        </button>
        <ZoomReadout />
        <button type="button" onClick={() => void flow.zoomIn({ duration: 150 })} title="Zoom in" aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => void flow.fitView(FIT_VIEW_OPTIONS)} title="Fit the graph in view (F)">
          Fit
        </button>
      </div>
      <div className="canvas-flow">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          onReconnectStart={onReconnectStart}
          onReconnect={onReconnect}
          onReconnectEnd={onReconnectEnd}
          isValidConnection={isValidConnection}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
          zoomOnDoubleClick={false}
          elevateNodesOnSelect={false}
          minZoom={0.1}
          maxZoom={4}
          proOptions={{ hideAttribution: true }}
          colorMode="dark"
        >
          <Background gap={24} />
          <ConnectionHint reconnecting={reconnecting} />
        </ReactFlow>
        {documentNodes.length === 0 && (
          <div className="canvas-empty">Drag a node from the palette, or double-click here to add one.</div>
        )}
      </div>
      {refusal && <RefusalFixes key={`${refusal.at.x},${refusal.at.y},${refusal.reason}`} refusal={refusal} onClose={() => setRefusal(undefined)} />}
      {quickAdd && (
        <QuickAdd
          at={quickAdd.at}
          accepts={quickAdd.from ? portTypes.get(`${quickAdd.from.node}.${quickAdd.from.handle}`) : undefined}
          onPick={pickQuickAdd}
          onClose={() => setQuickAdd(undefined)}
        />
      )}
    </div>
  );
}
