/**
 * The band pool of the Node hosts (src-shared/dsp/band-pool.ts) over worker_threads: one thread per
 * core by default (at most 8), the calling thread and `threads − 1` band workers (worker.ts, started
 * when first needed). A worker with no band in flight does not keep the process alive.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { BandReply } from '../../../src-shared/dsp/band-tasks';
import { createBandPool, type ParallelDspStats } from '../../../src-shared/dsp/band-pool';
import type { ParallelDsp } from '../../../src-shared/dsp/parallel';
import { bandWorkerUrl } from '../entries';
import { type BandWake, POSTED, REPLIED } from './wake';

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
  /**
   * How a worker stays awake after a band (worker.ts, docs/image2d-performance.md, "Waking the
   * worker"): it spins `spinUs` µs, then sleeps in Atomics.wait up to `waitMs` ms, before it goes
   * back to its event loop; `false`: straight back, as before (the bench's "before").
   */
  wake?: { spinUs: number; waitMs: number; readyUs: number } | false;
}

/** See ParallelDspOptions.wake and the measurements in docs/image2d-performance.md. */
const WAKE = { spinUs: 0, waitMs: 50, readyUs: 0 };

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
      const timing = options.wake ?? WAKE;
      const words = new Int32Array(new SharedArrayBuffer(8));
      const channel = timing ? new MessageChannel() : undefined;
      const wake: BandWake | undefined = channel && timing ? { words: words.buffer as SharedArrayBuffer, replies: channel.port2, ...timing } : undefined;
      const thread = wake ? new Worker(url, { workerData: { wake }, transferList: [wake.replies] }) : new Worker(url);
      thread.unref();
      let deliver: (reply: BandReply) => void = () => undefined;
      if (channel) {
        channel.port1.on('message', (reply: BandReply) => deliver(reply));
        // The thread's ref (inFlight) keeps the process alive while a band is out, not this port.
        channel.port1.unref();
      }
      return {
        post: (task) => {
          thread.postMessage(task);
          // After the message: the worker reads the count before it looks at its port (worker.ts).
          Atomics.add(words, POSTED, 1);
          Atomics.notify(words, POSTED);
        },
        onReply: (listener) => {
          deliver = listener;
          thread.on('message', (reply: BandReply) => listener(reply));
        },
        ...(channel
          ? {
              // Wakes the worker if it sleeps in its wait (worker.ts); no-op in its event loop.
              ...(timing && timing.readyUs > 0 ? { wake: () => void Atomics.notify(words, POSTED) } : {}),
              awaitReply: (timeoutMs: number) => {
                const seen = Atomics.load(words, REPLIED);
                let m = receiveMessageOnPort(channel.port1);
                if (!m && Atomics.wait(words, REPLIED, seen, timeoutMs) !== 'timed-out') m = receiveMessageOnPort(channel.port1);
                if (m) deliver(m.message as BandReply);
                return m !== undefined;
              },
            }
          : {}),
        onError: (listener) => void thread.on('error', listener),
        // A busy worker keeps the process alive, an idle one does not.
        inFlight: (count) => (count > 0 ? thread.ref() : thread.unref()),
        terminate: () => {
          channel?.port1.close();
          return thread.terminate();
        },
      };
    },
  });
}
