/**
 * Quick add: the search popup that adds a node where the user points — at a double-click, at the
 * pointer when Tab is pressed over the canvas, at the end of a wire dropped on empty canvas (the
 * new node then takes that wire), or from the toolbar at a free spot in view.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useRef, useState, type MouseEvent, type RefObject } from 'react';
import type { DataType } from '../../src-shared/data';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { useEditor, useEditorStore } from '../store/context';
import { EMPTY_SELECTION } from '../store/document';
import type { GraphEdge } from '../../src-shared/graph/document';
import { applyCommand, newEdgeId, newNodeId } from '../store/commands';
import { placeNewNode, placeNodeAt, viewCentre } from './flowPlacement';
import { QUICK_ADD_SIZE } from './QuickAdd';
import { checkConnection, portTypesFor } from './rules';

type Point = { x: number; y: number };

interface QuickAddState {
  /** Where the popup shows, in pixels inside the canvas. */
  readonly at: Point;
  /** Where the node goes (flow coordinates); without one, the free spot nearest the centre. */
  readonly flow?: Point;
  /** The output whose wire was dropped on the canvas: the new node takes it. */
  readonly from?: { node: string; handle: string };
}

export interface QuickAddControl {
  /** The open popup, with the type its node must take when it came from a wire. */
  readonly popup: (QuickAddState & { accepts: DataType | undefined }) | undefined;
  /** Opens at a point on screen, else at the pointer when it is over the canvas, else from the toolbar. */
  open(client?: Point): void;
  /** Opens where a wire from `from` was dropped on empty canvas. */
  openFromWire(from: { node: string; handle: string }, client: Point): void;
  pick(type: string): void;
  close(): void;
  /** For the canvas's element: track the pointer (for Tab) and open on a double-click of the pane. */
  readonly pointer: {
    onMouseMove(event: MouseEvent): void;
    onMouseLeave(): void;
    onDoubleClick(event: MouseEvent): void;
  };
}

export function useQuickAdd(wrapper: RefObject<HTMLDivElement | null>): QuickAddControl {
  const store = useEditorStore();
  const flow = useReactFlow();
  const [state, setState] = useState<QuickAddState>();
  const mouse = useRef<Point | undefined>(undefined);
  const accepts = useEditor((editor) => (state?.from ? portTypesFor(editor.document).get(`${state.from.node}.${state.from.handle}`) : undefined));

  /** A point on screen → the popup's corner inside the canvas, kept wholly inside it. */
  const popupAt = useCallback(
    (client: Point): Point => {
      const bounds = wrapper.current?.getBoundingClientRect();
      if (!bounds) return { x: 0, y: 0 };
      return {
        x: Math.max(0, Math.min(client.x - bounds.left, bounds.width - QUICK_ADD_SIZE.width)),
        y: Math.max(0, Math.min(client.y - bounds.top, bounds.height - QUICK_ADD_SIZE.height)),
      };
    },
    [wrapper],
  );

  const open = useCallback(
    (client?: Point) => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!pane) return;
      const inside = (p: Point): boolean => p.x >= pane.left && p.x <= pane.right && p.y >= pane.top && p.y <= pane.bottom;
      const point = client ?? (mouse.current && inside(mouse.current) ? mouse.current : undefined);
      if (point) setState({ at: popupAt(point), flow: flow.screenToFlowPosition(point) });
      else setState({ at: popupAt({ x: pane.left + pane.width / 2 - QUICK_ADD_SIZE.width / 2, y: pane.top + 12 }) });
    },
    [flow, popupAt],
  );

  const openFromWire = useCallback(
    (from: { node: string; handle: string }, client: Point) => setState({ at: popupAt(client), flow: flow.screenToFlowPosition(client), from }),
    [flow, popupAt],
  );

  const pick = useCallback(
    (type: string) => {
      if (!state) return;
      const editor = store.getState();
      // Where the user pointed, moved only as far as it takes to cover no node (as a paste is).
      const position = state.flow ? placeNodeAt(flow, state.flow) : placeNewNode(flow, viewCentre(flow));
      const node = { id: newNodeId(type, editor.document), type, position };
      const edges: GraphEdge[] = [];
      const from = state.from;
      if (from) {
        const { document, outside } = editor;
        const added = applyCommand(document, { kind: 'addNodes', nodes: [node] });
        const input = getNodeDefinition(type)?.inputs.find(
          (port) => checkConnection(added, { source: from.node, sourceHandle: from.handle, target: node.id, targetHandle: port.id }, undefined, outside).ok,
        );
        if (input) edges.push({ id: newEdgeId(document), source: from.node, sourceHandle: from.handle, target: node.id, targetHandle: input.id });
      }
      // The node and the wire it takes are one edit: one undo takes both away.
      editor.dispatch({ kind: 'addNodes', nodes: [node], edges });
      editor.setSelection({ ...EMPTY_SELECTION, nodes: [node.id] });
    },
    [state, store, flow],
  );

  const close = useCallback(() => setState(undefined), []);

  const pointer = {
    onMouseMove: (event: MouseEvent) => (mouse.current = { x: event.clientX, y: event.clientY }),
    onMouseLeave: () => (mouse.current = undefined),
    onDoubleClick: (event: MouseEvent) => {
      if ((event.target as HTMLElement).classList.contains('react-flow__pane')) open({ x: event.clientX, y: event.clientY });
    },
  };

  return { popup: state ? { ...state, accepts } : undefined, open, openFromWire, pick, close, pointer };
}
