/** Messages between the web build's engine host (engine.ts, on the page) and its Web Worker (worker.ts). */
import type { EngineRequest } from '../../../src-shared/engine/worker-messages';

export type { FromWorker } from '../../../src-shared/engine/worker-messages';

export type ToWebWorker =
  | {
      readonly kind: 'init';
      /** The newest run id, shared with the page when the page is cross-origin isolated; else the worker keeps its own. */
      readonly cancelCell?: SharedArrayBuffer;
      readonly memoryLimit?: number;
      /** The folder of the shipped models (op.unet3d's weights), as an absolute URL. */
      readonly modelsUrl: string;
    }
  /** Without a shared cell: the run that stops now (0 = every run). */
  | { readonly kind: 'cancel'; readonly runId: number }
  /** A file the user picked for a path param, under the name the param then holds. */
  | { readonly kind: 'file'; readonly name: string; readonly file: Blob }
  | EngineRequest;
