/**
 * A block node's state on the page: engine/block-status.ts sums up its inner nodes' states (by
 * their flat ids), and this turns that into one NodeState that the node, the inspector and the
 * status line draw like any other: the summed status, the error naming the inner node, the time
 * of all inner nodes together, and the preview of the inner node behind the first output.
 */
import { blockMembers, blockStatus } from '../../src-shared/engine/block-status';
import { BLOCK_TYPE, type GraphDocument } from '../../src-shared/graph/document';
import { blockDefinitionOf } from '../../src-shared/graph/blocks';
import type { EditorState, NodeState } from '../store/document';

const cache = new WeakMap<object, WeakMap<GraphDocument, Map<string, NodeState | undefined>>>();

/** Cached per (nodeStates, document), so a store selector may ask on every change and get the same object. */
export function blockNodeState(
  document: GraphDocument,
  nodeStates: Readonly<Record<string, NodeState>>,
  instance: string,
): NodeState | undefined {
  let byDocument = cache.get(nodeStates);
  if (!byDocument) cache.set(nodeStates, (byDocument = new WeakMap()));
  let byInstance = byDocument.get(document);
  if (!byInstance) byDocument.set(document, (byInstance = new Map()));
  if (!byInstance.has(instance)) byInstance.set(instance, gather(document, nodeStates, instance));
  return byInstance.get(instance);
}

function gather(document: GraphDocument, nodeStates: Readonly<Record<string, NodeState>>, instance: string): NodeState | undefined {
  const summed = blockStatus(document, instance, (flatId) => nodeStates[flatId]);
  const definition = blockDefinitionOf(document, instance);
  if (!summed || !definition) return undefined;
  const members = blockMembers(document, instance, definition).map((member) => nodeStates[member.flat]);
  const reported = members.flatMap((member) => (member?.report ? [member.report] : []));
  const source = summed.preview ? nodeStates[summed.preview.node] : undefined;
  const previews = summed.preview && source?.previews[summed.preview.port] ? { [summed.preview.port]: source.previews[summed.preview.port]! } : {};
  const running = members.filter((member) => member?.status === 'running');
  return {
    status: summed.status,
    previews,
    generation: members.reduce((sum, member) => sum + (member?.generation ?? 0), 0),
    ...(running.length > 0 && running[0]!.startedAt !== undefined ? { startedAt: running[0]!.startedAt } : {}),
    ...(running.length > 0 && running[0]!.progress !== undefined ? { progress: running[0]!.progress } : {}),
    ...(reported.length > 0
      ? {
          report: {
            id: instance,
            type: BLOCK_TYPE,
            status: summed.status === 'running' || summed.status === 'idle' ? 'ok' : summed.status,
            ms: reported.reduce((sum, report) => sum + report.ms, 0),
            cached: reported.every((report) => report.cached),
            ...(summed.error !== undefined ? { error: summed.error } : {}),
          },
        }
      : {}),
  } as NodeState;
}

/** What node `id` shows of its run: a block node's summed-up state, any other node's own. */
export function stateOfNode(state: Pick<EditorState, 'document' | 'nodeStates'>, id: string): NodeState | undefined {
  const own = state.nodeStates[id];
  if (own !== undefined) return own;
  return state.document.nodes.some((node) => node.id === id && node.type === BLOCK_TYPE) ? blockNodeState(state.document, state.nodeStates, id) : undefined;
}
