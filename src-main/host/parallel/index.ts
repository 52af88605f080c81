/**
 * The band pool of the Node hosts (src-shared/dsp/band-pool.ts) over worker_threads: one thread per
 * core by default (at most 8), the calling thread and `threads − 1` band workers (worker.ts, started
 * when first needed, or by `warm()` with the editor's engine). A worker with no band in flight does not keep the process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BandReply } from '../../../src-shared/dsp/band-tasks';
import { createBandPool, type ParallelDspStats } from '../../../src-shared/dsp/band-pool';
import type { ParallelDsp } from '../../../src-shared/dsp/parallel';
import { bandWorkerUrl } from '../entries';

export { bandCount, splitRows, type ParallelDspStats } from '../../../src-shared/dsp/band-pool';
export type { ParallelDsp } from '../../../src-shared/dsp/parallel';

export interface ParallelDspOptions {
  /** Threads that compute, the calling thread among them (default min(8, availableParallelism())). */
  threads?: number;
  /** Worker entry; default entries.ts's choice (the built band worker, else the tsx bootstrap). */
  workerUrl?: URL | string;
  /** Below this many multiply-adds, work runs on the calling thread. */
  minWork?: number;
  /** The caller never changes an array after handing it over (band-pool.ts). */
  immutableInputs?: boolean;
}

export function createParallelDsp(options: ParallelDspOptions = {}): ParallelDsp & { readonly stats: Readonly<ParallelDspStats> } {
  const url = options.workerUrl ?? bandWorkerUrl();
  return createBandPool({
    // One per core: on this 2-core machine 2 (the caller and one worker), on a workstation up to 8
    // (beyond that the bands of a 2048² image get thin and memory bandwidth, not cores, bounds a
    // separable pass).
    threads: options.threads ?? Math.min(8, availableParallelism()),
    ...(options.minWork !== undefined ? { minWork: options.minWork } : {}),
    ...(options.immutableInputs !== undefined ? { immutableInputs: options.immutableInputs } : {}),
    startWorker: () => {
      const thread = new Worker(url);
      thread.unref();
      return {
        post: (task) => thread.postMessage(task),
        onReply: (listener) => void thread.on('message', (reply: BandReply) => listener(reply)),
        onError: (listener) => void thread.on('error', listener),
        // A busy worker keeps the process alive, an idle one does not.
        inFlight: (count) => (count > 0 ? thread.ref() : thread.unref()),
        terminate: () => thread.terminate(),
      };
    },
  });
}
