/** Messages between the engine host and its worker thread. */
import type {
  CompareOptions,
  FullValue,
  HostEvent,
  PortRef,
  ProbeArgs,
  ProfileRequest,
  ResponseOptions,
  RunRequest,
  ValueOptions,
} from '../../src-shared/protocol';

export type ToWorker =
  | {
      readonly kind: 'init';
      readonly cancelCell: SharedArrayBuffer;
      readonly baseDir: string;
      readonly memoryLimit?: number;
      /** Path params read only files inside this folder (browser mode). */
      readonly confineFilesTo?: string;
      /** The DSP band worker's entry (a path or a file: URL's href) for 2-D work on both cores. */
      readonly bandWorkerUrl: string;
    }
  | { readonly kind: 'run'; readonly runId: number; readonly request: RunRequest }
  | { readonly kind: 'baseDir'; readonly baseDir: string }
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
  /** Sent to a worker of its own, which then only profiles (it never gets `init`). */
  | { readonly kind: 'profile'; readonly profileId: number; readonly request: ProfileRequest };

export type FromWorker =
  | { readonly kind: 'event'; readonly event: HostEvent }
  | { readonly kind: 'value'; readonly requestId: number; readonly value: FullValue | undefined }
  /** The answer to `compare`, `response` or `probe`: undefined when the value is missing, `error` when it cannot be analysed. */
  | { readonly kind: 'answer'; readonly requestId: number; readonly value: unknown; readonly error?: string };
