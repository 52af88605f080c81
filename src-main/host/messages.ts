/** Messages between the engine host and its worker thread: the shared requests, and this host's `init`. */
import type { MemoryAdvice } from '../../src-shared/engine/memory-advice';
import type { EngineRequest } from '../../src-shared/engine/worker-messages';

export type { FromWorker } from '../../src-shared/engine/worker-messages';

export type ToWorker =
  | {
      readonly kind: 'init';
      readonly cancelCell: SharedArrayBuffer;
      readonly baseDir: string;
      readonly memoryLimit?: number;
      /** What a refusal for memory tells the user to do in this host. */
      readonly moreMemory?: MemoryAdvice;
      /** Path params read only files inside this folder (browser mode). */
      readonly confineFilesTo?: string;
      /** The DSP band worker's entry (a path or a file: URL's href) for 2-D work on both cores. */
      readonly bandWorkerUrl: string;
      /** Start the band workers now rather than at the first split job (EngineHostOptions.warmBands). */
      readonly warmBands?: boolean;
    }
  | { readonly kind: 'baseDir'; readonly baseDir: string }
  /** The engine's budget from the next run on (the desktop app's Memory Limit). */
  | { readonly kind: 'memoryLimit'; readonly memoryLimit: number }
  | EngineRequest;
