/**
 * Answers `probeNode` in the engine worker: a node's probe (nodes/define.ts's `probes`) is
 * prepared from the inputs and params of the last run that completed, once per node outcome,
 * and its one state is kept for the next questions (another channel, another plane). A run
 * drops it, so the run's budget never has to share with it: the next question prepares again.
 */
import type { GraphDocument } from '../graph/document';
import { DEFAULT_MEMORY_LIMIT, type Engine, formatBytes, type NodeOutcome } from './engine';
import { type ComputeContext, type NodeInputs, type ProbeArgs, resolveParams } from '../nodes/define';
import { getNodeDefinition } from '../nodes/registry';

export interface ProbeHost {
  readonly engine: Engine;
  /** The document of the last run that completed (undefined while a run is under way or after a cancelled one). */
  readonly document: GraphDocument | undefined;
  readonly memoryLimit?: number;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly readModel?: (name: string) => Promise<Uint8Array>;
}

/** The one prepared state kept: whose outcome it was made from. */
let kept: { nodeId: string; probe: string; outcome: NodeOutcome; state: object } | undefined;

/** Forgets the kept state (a run is starting: its budget is the run's). */
export function dropProbeState(): void {
  kept = undefined;
}

/** The probe's answer, undefined while the node has no good run; a string is the one line that refuses. */
export async function answerProbe(host: ProbeHost, nodeId: string, probe: string, args: ProbeArgs): Promise<unknown> {
  const node = host.document?.nodes.find((candidate) => candidate.id === nodeId);
  const outcome = host.engine.outcome(nodeId);
  if (!host.document || !node || !outcome || outcome.report.status !== 'ok') return undefined;
  const definition = getNodeDefinition(node.type);
  const offered = definition?.probes && Object.hasOwn(definition.probes, probe) ? definition.probes[probe] : undefined;
  if (!definition || !offered) return `node ${nodeId} (${node.type}) offers no probe ${JSON.stringify(probe)}`;
  if (!kept || kept.nodeId !== nodeId || kept.probe !== probe || kept.outcome !== outcome) {
    kept = undefined;
    const inputs: Record<string, NodeInputs[string]> = {};
    for (const edge of host.document.edges) {
      if (edge.target === nodeId) inputs[edge.targetHandle] = host.engine.outcome(edge.source)?.outputs[edge.sourceHandle];
    }
    const state = await offered.prepare(inputs, resolveParams(definition, node.params), probeContext(host, nodeId));
    if (typeof state === 'string') return state;
    kept = { nodeId, probe, outcome, state };
  }
  return offered.answer(kept.state, args);
}

/** A compute context whose reservations count against what the memo holds, as a node's do. */
function probeContext(host: ProbeHost, nodeId: string): ComputeContext {
  const limit = host.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  const held = host.engine.heldBytes();
  let reserved = 0;
  return {
    progress: () => undefined,
    checkCancelled: () => undefined,
    reserve: (bytes, what) => {
      if (!(bytes <= limit - held - reserved)) {
        throw new Error(`node ${nodeId}: ${what} would need ${formatBytes(bytes)}, over the ${formatBytes(limit)} limit (${formatBytes(held + reserved)} already in use)`);
      }
      reserved += bytes;
    },
    readFile: host.readFile,
    ...(host.readModel ? { readModel: host.readModel } : {}),
  };
}
