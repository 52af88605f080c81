/** Messages between the engine host and its worker thread. */
import type { HostEvent, RunRequest } from '../../src-shared/protocol';

export type ToWorker =
  | { readonly kind: 'init'; readonly cancelCell: SharedArrayBuffer; readonly baseDir: string; readonly memoryLimit?: number }
  | { readonly kind: 'run'; readonly runId: number; readonly request: RunRequest };

export type FromWorker = { readonly kind: 'event'; readonly event: HostEvent } | { readonly kind: 'ready' };
