/** Messages between a batch run (batch-pool.ts) and each of its workers (batch-worker.ts). */
import type { GraphDocument } from '../../src-shared/graph/document';

export type ToBatchWorker =
  | {
      readonly kind: 'init';
      /** Where relative paths in params resolve: the graph file's folder. */
      readonly graphDir: string;
      /** The DSP band worker's entry (a path or a file: URL's href). */
      readonly bandWorkerUrl: string;
      /** Band threads for this worker's 2-D work; 1 runs it on the worker's own thread. */
      readonly bandThreads: number;
    }
  | {
      readonly kind: 'job';
      readonly id: number;
      readonly document: GraphDocument;
      /** Each sink's file name, by node id (outputs.ts). */
      readonly names: ReadonlyArray<readonly [string, string]>;
      /** The input's own folder under --out; made if missing. */
      readonly outDir: string;
    };

/** What one input's run came to: enough for its summary row and its line on stderr. */
export interface JobReport {
  readonly nodeCount: number;
  /** The nodes that failed: `id (type): error`. */
  readonly failed: readonly string[];
  readonly skipped: number;
  readonly failedChecks: readonly string[];
  readonly values: ReadonlyArray<readonly [string, Readonly<Record<string, number>>]>;
}

/** An input's run: its report, or why it could not finish (its results could not be written, say); ms from start to end. */
export type JobOutcome = { readonly ms: number; readonly report: JobReport } | { readonly ms: number; readonly error: string };

/**
 * An input's answer, and the name of each temporary file the worker makes for an input, told
 * before it is made (`temp`; `not-temp` when it could not be made): the pool removes an input's
 * temporary files if the worker dies before answering it (batch-pool.ts).
 */
export type FromBatchWorker =
  | ({ readonly kind: 'done'; readonly id: number } & JobOutcome)
  | { readonly kind: 'temp'; readonly id: number; readonly temp: string }
  | { readonly kind: 'not-temp'; readonly id: number; readonly temp: string };
