/**
 * What a host and its engine worker say to each other (the requests after `init`, and what comes
 * back), apart from the worker's code: host-core.ts imports this and nothing of worker-core.ts, so
 * a host's thread — the desktop app's main process, `convolab serve`, the web build's page — never
 * loads the engine, the nodes and the DSP core, which only its worker runs (importing them beside
 * the host once cost the host's thread ~20 MB of heap and ~70 MB resident: docs/buffer-pool.md,
 * "Host memory"). Keep it to types and small functions over them.
 */
import type {
  CompareOptions,
  DocumentRun,
  HostEvent,
  FullValue,
  PortRef,
  ProbeArgs,
  ProfileRequest,
  ResponseOptions,
  ValueOptions,
} from '../protocol';

/** What a host asks its engine worker, besides starting it (each shell has its own `init`). */
export type EngineRequest =
  | { readonly kind: 'run'; readonly runId: number; readonly request: DocumentRun }
  | {
      readonly kind: 'getValue';
      readonly requestId: number;
      readonly nodeId: string;
      readonly port: string;
      readonly options: ValueOptions;
    }
  // Teaching views: answered from the memo like getValue.
  | { readonly kind: 'compare'; readonly requestId: number; readonly a: PortRef; readonly b: PortRef; readonly options: CompareOptions }
  | { readonly kind: 'response'; readonly requestId: number; readonly ref: PortRef; readonly options: ResponseOptions }
  /** Queued behind runs: answered from the last completed run's inputs and params. */
  | { readonly kind: 'probe'; readonly requestId: number; readonly nodeId: string; readonly probe: string; readonly args: ProbeArgs }
  /** Sent to a worker of its own, which then only profiles (it never gets an engine). */
  | { readonly kind: 'profile'; readonly profileId: number; readonly request: ProfileRequest };

export type FromWorker =
  | { readonly kind: 'event'; readonly event: HostEvent }
  /** Events that left together, in order (each message wakes the host, its socket and the page). */
  | { readonly kind: 'events'; readonly events: readonly HostEvent[] }
  | { readonly kind: 'value'; readonly requestId: number; readonly value: FullValue | undefined }
  /** The answer to `compare`, `response` or `probe`: undefined when the value is missing, `error` when it cannot be analysed. */
  | { readonly kind: 'answer'; readonly requestId: number; readonly value: unknown; readonly error?: string };

/** The events one message of a worker carries, in order (none for an answer). */
export function eventsOf(message: FromWorker): readonly HostEvent[] {
  return message.kind === 'event' ? [message.event] : message.kind === 'events' ? message.events : [];
}
