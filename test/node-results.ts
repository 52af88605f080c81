import type { HostEvent, NodeDone } from '../src-shared/protocol';

/** One node's result with the run it belongs to, as tests look for it. */
export interface NodeResult extends NodeDone {
  readonly runId: number;
}

/** Every node's result in `events`, in the order they finished (a nodesDone event carries several). */
export function nodeResults(events: readonly HostEvent[]): NodeResult[] {
  return events.flatMap((event) => (event.kind === 'nodesDone' ? event.nodes.map((done) => ({ ...done, runId: event.runId })) : []));
}
