/**
 * The document (and selection, and lesson stage) mirrored into React Flow's nodes and edges, and
 * React Flow's changes turned back into edits: the document in the store is the truth; the node
 * array adds frames from `meta.frames` and what only the view knows (measured sizes, drag state).
 * A whole drag is one move.
 */
import { applyNodeChanges, useReactFlow, type EdgeChange, type EdgeTypes, type Node, type NodeChange, type NodePositionChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BLOCK_TYPE, type GraphDocument, type GraphNode } from '../../src-shared/graph/document';
import { COLLAPSED_FRAME_HEIGHT, framesOf, hiddenByFrames, type Frame } from '../../src-shared/graph/frames';
import { useEditor, useEditorStore } from '../store/context';
import { drawnSizes } from './frameCollapse';
import { dragPlacement, drawCarried } from './frameDrag';
import { FRAME_PREFIX } from './frameNodeIds';
import { routeWiresToFrames } from './frameWires';
import { RoutedEdge, type RoutedFlowEdge } from './RoutedEdge';
import { portTypesFor } from './rules';
import { useLessonStage } from './useLessonStage';

const NO_FRAMES: readonly Frame[] = [];
const EDGE_TYPES: EdgeTypes = { routed: RoutedEdge };

export interface FlowMirror {
  readonly nodes: Node[];
  readonly edges: RoutedFlowEdge[];
  /** How the wires are drawn (through their reroute points). */
  readonly edgeTypes: EdgeTypes;
  readonly onNodesChange: (changes: NodeChange[]) => void;
  readonly onEdgesChange: (changes: EdgeChange[]) => void;
  readonly onNodeDrag: (event: unknown, node: Node, dragged: Node[]) => void;
  readonly onNodeDragStop: (event: unknown, node: Node, dragged: Node[]) => void;
}

export function useFlowMirror(): FlowMirror {
  const store = useEditorStore();
  // What the canvas draws of the nodes (ids, types, positions) and the wires' types, kept as the
  // same values while those stay: a param change renders the node it changed, not the canvas.
  const drawn = useRef<readonly GraphNode[]>(undefined);
  const documentNodes = useEditor((state) => {
    const nodes = state.document.nodes;
    if (drawn.current && sameDrawing(drawn.current, nodes)) return drawn.current;
    drawn.current = nodes;
    return nodes;
  });
  const documentEdges = useEditor((state) => state.document.edges);
  const frames = useEditor((state) => {
    const list = framesOf(state.document);
    return list.length ? list : NO_FRAMES;
  });
  const wireTypes = useEditor((state) => wireTypesKey(state.document));
  const selection = useEditor((state) => state.selection);
  // What collapsed frames hide: the same object until that changes (frames.ts).
  const hidden = useEditor((state) => hiddenByFrames(state.document));
  const stage = useLessonStage();
  const flow = useReactFlow();
  const [nodes, setNodes] = useState<Node[]>([]);

  // Mirror the document (and selection) into React Flow's nodes, keeping what the view measured.
  useEffect(() => {
    setNodes((previous) => mirroredNodes(previous, { documentNodes, frames, hidden, selection, stage }));
  }, [documentNodes, frames, hidden, selection, stage]);

  // Every wire is a RoutedEdge: drawn as React Flow's default edge until it has reroute points.
  // A wire whose drawing did not change keeps its object (the port types are inferred anew for
  // every document, a param change included), so React Flow draws only the wires that changed.
  const previousEdges = useRef(new Map<string, RoutedFlowEdge>());
  const lastArray = useRef<RoutedFlowEdge[]>([]);
  const edges: RoutedFlowEdge[] = useMemo(() => {
    const selected = new Set(selection.edges);
    const previous = previousEdges.current;
    const types = wireTypes.split(',');
    const next = documentEdges.map((edge, index): RoutedFlowEdge => {
      const dataType = types[index] || 'any';
      const old = previous.get(edge.id);
      if (
        old && old.source === edge.source && old.sourceHandle === edge.sourceHandle && old.target === edge.target &&
        old.targetHandle === edge.targetHandle && old.selected === selected.has(edge.id) && old.data?.dataType === dataType
      ) {
        return old;
      }
      return {
        id: edge.id,
        type: 'routed' as const,
        source: edge.source,
        sourceHandle: edge.sourceHandle,
        target: edge.target,
        targetHandle: edge.targetHandle,
        selected: selected.has(edge.id),
        className: `type-${dataType}`,
        data: { dataType },
      };
    });
    const last = previousEdges.current;
    // Every wire kept: the very array, or React Flow would take in all its wires again.
    if (next.length === last.size && next.every((edge, index) => edge === lastArray.current[index])) return lastArray.current;
    previousEdges.current = new Map(next.map((edge) => [edge.id, edge]));
    lastArray.current = next;
    return next;
  }, [documentEdges, selection.edges, wireTypes]);

  // Wires to nodes in collapsed frames end at the frames (after the wires above are made).
  const routedEdges = useMemo(() => routeWiresToFrames(edges, hidden), [edges, hidden]);

  // A mouse drag's position changes end with onNodeDragStop, which records the move. React Flow
  // moves the selection by arrow keys too (a focused node: 5 px a press, Shift 20) through the same
  // position changes, not dragging and with no drag stop: those are recorded here, one press one
  // entry, or the nodes moved on screen only and the next undo or run put them back.
  const dragging = useRef(false);
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
      const moves = changes.filter((change): change is NodePositionChange & { position: Node['position'] } => change.type === 'position' && change.position !== undefined);
      if (moves.some((change) => change.dragging)) dragging.current = true;
      else if (moves.length > 0 && dragging.current) dragging.current = false;
      else if (moves.length > 0) {
        const moved = moves.map((change) => ({ id: change.id, position: change.position, data: {} }));
        const placement = dragPlacement(store.getState().document, moved, drawnSizes(flow), true);
        store.getState().dispatch({ kind: 'move', nodes: placement.nodes, frames: placement.frames });
      }
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
    [store, flow],
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

  // A dragged frame carries the nodes and frames it holds: drawn along while the pointer moves.
  const onNodeDrag = useCallback(
    (_event: unknown, _node: Node, dragged: Node[]) => {
      if (!dragged.some((node) => node.id.startsWith(FRAME_PREFIX))) return;
      const placement = dragPlacement(store.getState().document, dragged, drawnSizes(flow), false);
      setNodes((current) => drawCarried(current, placement, dragged));
    },
    [store, flow],
  );

  // The whole drag, with all a dragged frame carried, is one move (one undo entry).
  const onNodeDragStop = useCallback(
    (_event: unknown, _node: Node, dragged: Node[]) => {
      dragging.current = false;
      const placement = dragPlacement(store.getState().document, dragged, drawnSizes(flow), true);
      store.getState().dispatch({ kind: 'move', nodes: placement.nodes, frames: placement.frames });
    },
    [store, flow],
  );

  return { nodes, edges: routedEdges, edgeTypes: EDGE_TYPES, onNodesChange, onEdgesChange, onNodeDrag, onNodeDragStop };
}

/** What the canvas mirrors: the document's nodes and frames, what frames hide, the selection, the lesson's stage. */
export interface MirrorSource {
  readonly documentNodes: readonly GraphNode[];
  readonly frames: readonly Frame[];
  readonly hidden: ReturnType<typeof hiddenByFrames>;
  readonly selection: { readonly nodes: readonly string[]; readonly frames: readonly string[] };
  readonly stage: ReturnType<typeof useLessonStage>;
}

/**
 * React Flow's nodes for the document, keeping what the view measured; a node whose drawing did
 * not change keeps its very object.
 */
/** Whether two node lists draw the same for React Flow: the same ids, types and positions, in order. */
function sameDrawing(before: readonly GraphNode[], after: readonly GraphNode[]): boolean {
  if (before === after) return true;
  if (before.length !== after.length) return false;
  for (let index = 0; index < after.length; index++) {
    const a = before[index]!;
    const b = after[index]!;
    if (a === b) continue;
    if (a.id !== b.id || a.type !== b.type || a.position?.x !== b.position?.x || a.position?.y !== b.position?.y) return false;
  }
  return true;
}

/** Each wire's type (what its source port carries), in the document's order, as one string. */
function wireTypesKey(document: GraphDocument): string {
  let key = wireTypesCache.get(document);
  if (key === undefined) {
    const types = portTypesFor(document);
    key = document.edges.map((edge) => types.get(`${edge.source}.${edge.sourceHandle}`) ?? '').join(',');
    wireTypesCache.set(document, key);
  }
  return key;
}
const wireTypesCache = new WeakMap<GraphDocument, string>();

export function mirroredNodes(previous: readonly Node[], { documentNodes, frames, hidden, selection, stage }: MirrorSource): Node[] {
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
      height: frame.collapsed ? COLLAPSED_FRAME_HEIGHT : frame.height,
      hidden: hidden.frames.has(frame.id),
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
    const lessonView = {
      hidden: (stage?.hidden.has(node.id) ?? false) || hidden.nodes.has(node.id),
      className: highlighted.has(node.id) ? 'lesson-highlight' : '',
    };
    if (old && old.dragging) return { ...old, selected, ...lessonView };
    // A block node draws its own face (BlockNode.tsx); React Flow keys components by this type.
    const type = node.type === BLOCK_TYPE ? 'block' : 'convolab';
    if (!old || old.type !== type) return { id: node.id, type, position, selected, data: { nodeId: node.id }, ...lessonView };
    // Unchanged for React Flow (a param changed, or another node moved): the same object, so
    // it neither re-adopts nor re-renders it — a param change in a 300-node graph touches one.
    const same =
      old.position.x === position.x && old.position.y === position.y && old.selected === selected &&
      old.hidden === lessonView.hidden && old.className === lessonView.className;
    return same ? old : { ...old, position, selected, ...lessonView };
  });
  const next = [...frameNodes, ...graphNodes];
  // Nothing changed for React Flow: the very array, or it would take in every node again.
  return next.length === previous.length && next.every((node, index) => node === previous[index]) ? (previous as Node[]) : next;
}
