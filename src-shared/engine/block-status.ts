/**
 * What a block node shows of its run (issue 19 §1): the engine runs and reports its inner nodes
 * under their flat ids (graph/expand.ts), and the block node on the canvas stands for them all.
 * Its status is theirs summed up; its preview is that of the inner output behind its first
 * output port, the value it passes out first.
 */
import { type BlockDefinition, type BlockInput, type GraphDocument, type GraphNode, innerNodeId } from '../graph/document';
import { definitionOf, MAX_BLOCK_DEPTH } from '../graph/expand';

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
 * The nodes block node `instance` runs as, by flat id (`conv1/fft`), with the id each has inside
 * the block (`fft`); a block inside it contributes its own inner nodes (`outer/inner/fft`, inside
 * `inner/fft`), never a node of its own. `definition` is the one `instance` runs.
 */
export function blockMembers(document: GraphDocument, instance: string, definition: BlockDefinition): { readonly flat: string; readonly inner: string; readonly top: string }[] {
  const members: { flat: string; inner: string; top: string }[] = [];
  const visit = (prefix: string, relative: string, top: string | undefined, nodes: readonly GraphNode[], depth: number): void => {
    for (const node of nodes) {
      const id = relative === '' ? node.id : innerNodeId(relative, node.id);
      const nested = depth < MAX_BLOCK_DEPTH ? definitionOf(document, node) : undefined;
      if (nested) visit(innerNodeId(prefix, node.id), id, top ?? node.id, nested.nodes, depth + 1);
      else members.push({ flat: innerNodeId(prefix, node.id), inner: id, top: top ?? node.id });
    }
  };
  visit(instance, '', undefined, definition.nodes, 1);
  return members;
}

/** The flat node and port behind output port `port` of a block running `definition` as `instance`, through blocks inside. */
function outputSource(document: GraphDocument, instance: string, definition: BlockDefinition, port: string): { node: string; port: string } | undefined {
  let at = instance;
  let current: BlockDefinition | undefined = definition;
  let name = port;
  for (let depth = 0; current && depth <= MAX_BLOCK_DEPTH; depth++) {
    const output: BlockDefinition['outputs'][number] | undefined = current.outputs.find((candidate) => candidate.name === name);
    if (!output) return undefined;
    const from = output.from.node;
    const node: GraphNode | undefined = current.nodes.find((candidate): boolean => candidate.id === from);
    const nested: BlockDefinition | undefined = node ? definitionOf(document, node) : undefined;
    at = innerNodeId(at, output.from.node);
    if (!nested) return { node: at, port: output.from.handle };
    current = nested;
    name = output.from.handle;
  }
  return undefined;
}

/**
 * The block node `instance`'s status and stand-in preview, from the state of its inner nodes
 * (`stateOf` by flat id), blocks inside it summed up with it; undefined when `instance` is not a
 * block node with a definition. An error deep inside names the node by its path in the block
 * (`inner/fft: …`).
 */
export function blockStatus(document: GraphDocument, instance: string, stateOf: (flatId: string) => MemberState | undefined): BlockStatus | undefined {
  const node = document.nodes.find((candidate) => candidate.id === instance);
  const definition = node ? definitionOf(document, node) : undefined;
  if (!definition) return undefined;
  const first = definition.outputs[0];
  const source = first ? outputSource(document, instance, definition, first.name) : undefined;
  const preview = source ? { preview: source } : {};
  const states = blockMembers(document, instance, definition).map((member) => ({ member, state: stateOf(member.flat) }));

  const failed = states.find(({ state }) => state?.status === 'error');
  if (failed) {
    const message = failed.state?.report?.error ?? 'failed';
    const unconnected = failed.member.inner === failed.member.top ? unconnectedPortMessage(definition.inputs, failed.member.inner, message, document, instance) : undefined;
    return { status: 'error', error: unconnected ?? `${failed.member.inner}: ${message}`, failed: failed.member.flat, ...preview };
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
