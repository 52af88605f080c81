/**
 * The graph canvas (React Flow). The document in the store is the truth; React Flow's node
 * array mirrors it and adds what only the view needs (measured sizes, selection, drag state).
 */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { useEditor, useEditorStore } from '../store/context';
import { GenericNode, type GenericNodeData } from './GenericNode';

const nodeTypes = { convolab: GenericNode };
export const PALETTE_MIME = 'application/x-convolab-node-type';

export function Canvas() {
  const store = useEditorStore();
  const documentNodes = useEditor((state) => state.document.nodes);
  const documentEdges = useEditor((state) => state.document.edges);
  const [nodes, setNodes] = useState<Node<GenericNodeData>[]>([]);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const flow = useReactFlow();

  // Mirror the document into React Flow's nodes, keeping what the view measured.
  useEffect(() => {
    setNodes((previous) => {
      const byId = new Map(previous.map((node) => [node.id, node]));
      return documentNodes.map((node) => {
        const old = byId.get(node.id);
        const position = node.position ?? { x: 0, y: 0 };
        return old && !old.dragging
          ? { ...old, position }
          : old ?? { id: node.id, type: 'convolab', position, data: { nodeId: node.id } };
      });
    });
  }, [documentNodes]);

  const edges: Edge[] = useMemo(
    () =>
      documentEdges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        sourceHandle: edge.sourceHandle,
        target: edge.target,
        targetHandle: edge.targetHandle,
        selected: selectedEdges.has(edge.id),
      })),
    [documentEdges, selectedEdges],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<Node<GenericNodeData>>[]) => {
      const removed = changes.flatMap((change) => (change.type === 'remove' ? [change.id] : []));
      if (removed.length) store.getState().removeNodes(removed);
      for (const change of changes) {
        if (change.type === 'position' && change.position && !change.dragging) {
          store.getState().moveNode(change.id, change.position);
        }
      }
      setNodes((current) => applyNodeChanges(changes, current));
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = changes.flatMap((change) => (change.type === 'remove' ? [change.id] : []));
      if (removed.length) store.getState().removeEdges(removed);
      setSelectedEdges((current) => {
        const next = new Set(current);
        for (const change of changes) {
          if (change.type === 'select') {
            if (change.selected) next.add(change.id);
            else next.delete(change.id);
          }
        }
        return next;
      });
    },
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (!connection.sourceHandle || !connection.targetHandle) return;
      store.getState().connect({
        source: connection.source,
        sourceHandle: connection.sourceHandle,
        target: connection.target,
        targetHandle: connection.targetHandle,
      });
    },
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME);
      if (!type) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      store.getState().addNode(type, position);
    },
    [flow, store],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        deleteKeyCode={['Delete', 'Backspace']}
        minZoom={0.1}
        maxZoom={4}
        proOptions={{ hideAttribution: true }}
        colorMode="dark"
      >
        <Background gap={24} />
        <MiniMap pannable zoomable />
        <Controls />
      </ReactFlow>
    </div>
  );
}
