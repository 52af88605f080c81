/**
 * What a block node shows of its run (issue 19 §1): the engine runs and reports its inner nodes
 * under their flat ids (graph/expand.ts), and the block node on the canvas stands for them all.
 * Its status is theirs summed up; its preview is that of the inner output behind its first
 * output port, the value it passes out first.
 */
import { type BlockInput, type GraphDocument, innerNodeId } from '../graph/document';
import { definitionOf } from '../graph/expand';

export type MemberStatus = 'running' | 'ok' | 'error' | 'skipped' | 'idle';

/** What the editor holds of one flat node (its NodeState has this shape). */
export interface MemberState {
  readonly status: MemberStatus;
  readonly report?: { readonly error?: string };
}

export interface BlockStatus {
  /** error if any inner node failed; else running while any runs; skipped if all were; idle if none ran yet; else ok. */
  readonly status: MemberStatus;
  /** The failed inner node's message, naming it (`fftB: n = 4 is shorter…`), or the reason all were skipped. */
  readonly error?: string;
  /** The flat id of the inner node the error is about. */
  readonly failed?: string;
  /** Whose preview stands for the block: the flat node and port behind its first output port. */
  readonly preview?: { readonly node: string; readonly port: string };
}

/**
 * The block node `instance`'s status and stand-in preview, from the state of its inner nodes
 * (`stateOf` by flat id); undefined when `instance` is not a block node with a definition.
 */
export function blockStatus(document: GraphDocument, instance: string, stateOf: (flatId: string) => MemberState | undefined): BlockStatus | undefined {
  const node = document.nodes.find((candidate) => candidate.id === instance);
  const definition = node ? definitionOf(document, node) : undefined;
  if (!definition) return undefined;
  const first = definition.outputs[0];
  const preview = first ? { preview: { node: innerNodeId(instance, first.from.node), port: first.from.handle } } : {};
  const states = definition.nodes.map((inner) => ({ inner, state: stateOf(innerNodeId(instance, inner.id)) }));

  const failed = states.find(({ state }) => state?.status === 'error');
  if (failed) {
    const message = failed.state?.report?.error ?? 'failed';
    const unconnected = unconnectedPortMessage(definition.inputs, failed.inner.id, message, document, instance);
    return { status: 'error', error: unconnected ?? `${failed.inner.id}: ${message}`, failed: innerNodeId(instance, failed.inner.id), ...preview };
  }
  if (states.some(({ state }) => state?.status === 'running')) return { status: 'running', ...preview };
  if (states.length > 0 && states.every(({ state }) => state?.status === 'skipped')) {
    const reason = states[0]!.state?.report?.error;
    return { status: 'skipped', ...(reason !== undefined ? { error: reason } : {}), ...preview };
  }
  if (states.every(({ state }) => state === undefined || state.status === 'idle')) return { status: 'idle', ...preview };
  return { status: 'ok', ...preview };
}

/**
 * An inner input left unconnected because no wire enters the block's port that feeds it, said as
 * the block's own (`input b is not connected: connect a signal`), so the editor shows the block as
 * waiting for a wire, as it does any node, rather than as broken inside.
 */
function unconnectedPortMessage(inputs: readonly BlockInput[], inner: string, message: string, document: GraphDocument, instance: string): string | undefined {
  const match = /^input (?:.* \()?([^ ()]+)\)? is not connected(.*)$/.exec(message);
  if (!match) return undefined;
  const port = inputs.find((input) => input.to.some((end) => end.node === inner && end.handle === match[1]));
  if (!port || document.edges.some((edge) => edge.target === instance && edge.targetHandle === port.name)) return undefined;
  return `input ${port.name} is not connected${match[2]}`;
}
