/** When a refused wire's notice is stale: what the status bar's "Not connected: …" is tied to. */
import type { EditorState } from '../store/document';
import { checkConnection, type ConnectionRequest } from './rules';

/**
 * True once the refused wire would be accepted (the user changed what stood in the way, e.g.
 * Dimensions = 1 on a kernel), is there after all, or one of its nodes is gone.
 */
export function refusalResolved(request: ConnectionRequest, reconnecting?: string): (state: EditorState) => boolean {
  return ({ document, outside }) => {
    const ids = new Set(document.nodes.map((node) => node.id));
    if (!ids.has(request.source) || !ids.has(request.target)) return true;
    const made = document.edges.some(
      (edge) =>
        edge.source === request.source &&
        edge.sourceHandle === request.sourceHandle &&
        edge.target === request.target &&
        edge.targetHandle === request.targetHandle,
    );
    const stillMoving = reconnecting !== undefined && document.edges.some((edge) => edge.id === reconnecting) ? reconnecting : undefined;
    return made || checkConnection(document, request, stillMoving, outside).ok;
  };
}
