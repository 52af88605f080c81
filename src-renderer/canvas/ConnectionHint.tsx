/** Shows, next to the wire being dragged, whether it may be dropped here and why not. */
import { useConnection, useReactFlow } from '@xyflow/react';
import { useEditorStore } from '../store/context';
import { checkConnection } from './rules';

export function ConnectionHint({ reconnecting }: { reconnecting: { readonly current: string | undefined } }) {
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
    store.getState().outside,
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
