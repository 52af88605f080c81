/** Messages between the engine host and its worker thread. */
import type { FullValue, HostEvent, RunRequest, ValueOptions } from '../../src-shared/protocol';

export type ToWorker =
  | {
      readonly kind: 'init';
      readonly cancelCell: SharedArrayBuffer;
      readonly baseDir: string;
      readonly memoryLimit?: number;
      /** Path params read only files inside this folder (browser mode). */
      readonly confineFilesTo?: string;
    }
  | { readonly kind: 'run'; readonly runId: number; readonly request: RunRequest }
  | { readonly kind: 'baseDir'; readonly baseDir: string }
  | {
      readonly kind: 'getValue';
      readonly requestId: number;
      readonly nodeId: string;
      readonly port: string;
      readonly options: ValueOptions;
    };

export type FromWorker =
  | { readonly kind: 'event'; readonly event: HostEvent }
  | { readonly kind: 'ready' }
  | { readonly kind: 'value'; readonly requestId: number; readonly value: FullValue | undefined };
