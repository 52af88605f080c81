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
  EditRun,
  HostEvent,
  FullValue,
  PortRef,
  ProbeArgs,
  ProfileRequest,
  ResponseOptions,
  ValueOptions,
} from '../protocol';
import { applyDocumentEdit } from '../graph/document-edit';
import type { GraphDocument } from '../graph/document';
import { LIMITS } from '../graph/schema';

/** What a host asks its engine worker, besides starting it (each shell has its own `init`). */
export type EngineRequest =
  /**
   * A run of a document sent whole, or as an edit of the document of the run message before it
   * (the host sends an edit only to the worker it sent that document to): a param change in a
   * graph holding a million-value sequence crosses as the one node changed, and the unchanged
   * nodes keep their objects, which the engine's memo then compares by identity.
   */
  | { readonly kind: 'run'; readonly runId: number; readonly request: DocumentRun | EditRun }
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

/**
 * The run a worker makes of a run message, given the document of the message before it (`held`):
 * the document itself, or that document with the message's edit applied. Throws when there is
 * no document to edit or the edit does not fit it (the host sends an edit only where it fits).
 */
export function runOfMessage(held: GraphDocument | undefined, request: DocumentRun | EditRun): DocumentRun {
  if (!('edit' in request)) return request;
  if (!held) throw new Error('it holds no document to edit');
  const doc = applyDocumentEdit(held, request.edit, LIMITS);
  return request.resend ? { doc, resend: true } : { doc };
}
