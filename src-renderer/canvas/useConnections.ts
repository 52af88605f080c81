/**
 * Wiring on the canvas: wires are checked against the connection rules while they are dragged,
 * a refused one says why (with its one-click fixes where there are some, beside the drop), a
 * wire's end dragged elsewhere moves it in one undoable step, and dropped on empty canvas it is
 * removed. A new wire dropped on empty canvas asks for a node to take it (`onWireDropped`).
 */
import type { Connection, Edge, FinalConnectionState } from '@xyflow/react';
import { useCallback, useRef, useState, type RefObject } from 'react';
import { connectionFixes } from '../../src-shared/graph/fixes';
import { useEditorStore } from '../store/context';
import type { Refusal } from './NodeFixes';
import { refusalResolved } from './refusal';
import { checkConnection, type ConnectionRequest } from './rules';

function toRequest(connection: Connection | Edge): ConnectionRequest | undefined {
  if (!connection.sourceHandle || !connection.targetHandle) return undefined;
  return {
    source: connection.source,
    sourceHandle: connection.sourceHandle,
    target: connection.target,
    targetHandle: connection.targetHandle,
  };
}

export interface Connections {
  /** React Flow's connection props. */
  readonly handlers: {
    isValidConnection(connection: Connection | Edge): boolean;
    onConnect(connection: Connection): void;
    onConnectEnd(event: MouseEvent | TouchEvent, state: FinalConnectionState): void;
    onReconnectStart(event: unknown, edge: Edge): void;
    onReconnect(old: Edge, connection: Connection): void;
    onReconnectEnd(event: unknown, edge: Edge, handle: unknown, state: FinalConnectionState): void;
  };
  /** The wire whose end is being dragged (a reconnect), so the rules judge the graph without it. */
  readonly reconnecting: { readonly current: string | undefined };
  /** A refused wire whose reason has a one-click fix, shown where it was dropped. */
  readonly refusal: Refusal | undefined;
  closeRefusal(): void;
}

export function useConnections(
  wrapper: RefObject<HTMLDivElement | null>,
  onWireDropped: (from: { node: string; handle: string }, client: { x: number; y: number }) => void,
): Connections {
  const store = useEditorStore();
  const [refusal, setRefusal] = useState<Refusal>();
  const reconnecting = useRef<string | undefined>(undefined);
  const reconnected = useRef(false);

  const isValidConnection = useCallback(
    (connection: Connection | Edge) => {
      const request = toRequest(connection);
      return request !== undefined && checkConnection(store.getState().document, request, reconnecting.current, store.getState().outside).ok;
    },
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const request = toRequest(connection);
      if (!request) return;
      const check = checkConnection(store.getState().document, request, undefined, store.getState().outside);
      if (!check.ok) {
        store.getState().say(check.reason, 'error', { resolvedWhen: refusalResolved(request) });
        return;
      }
      store.getState().connect(request);
    },
    [store],
  );

  const onReconnectStart = useCallback((_event: unknown, edge: Edge) => {
    reconnecting.current = edge.id;
    reconnected.current = false;
  }, []);

  const onReconnect = useCallback(
    (old: Edge, connection: Connection) => {
      const request = toRequest(connection);
      if (!request) return;
      const check = checkConnection(store.getState().document, request, old.id, store.getState().outside);
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

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const from = state.fromHandle;
      const to = state.toHandle;
      const moving = reconnecting.current;
      if (from && to && state.isValid === false) {
        const [source, target] = from.type === 'source' ? [from, to] : [to, from];
        if (source.id && target.id) {
          const request = { source: source.nodeId, sourceHandle: source.id, target: target.nodeId, targetHandle: target.id };
          const check = checkConnection(store.getState().document, request, moving, store.getState().outside);
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
        onWireDropped({ node: from.nodeId, handle: from.id }, { x: event.clientX, y: event.clientY });
      }
    },
    [store, wrapper, onWireDropped],
  );

  const closeRefusal = useCallback(() => setRefusal(undefined), []);

  return {
    handlers: { isValidConnection, onConnect, onConnectEnd, onReconnectStart, onReconnect, onReconnectEnd },
    reconnecting,
    refusal,
    closeRefusal,
  };
}
