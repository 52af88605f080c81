/**
 * A batch run's pool: N workers (batch-worker.ts), each with its own warm engine, fed from one
 * queue of inputs in one process, so an input costs a message and its own work, not a process
 * start. A worker that dies on an input (out of memory, a crash of ours) fails that input only:
 * its row says so and a fresh worker takes the next one.
 */
import { Worker } from 'node:worker_threads';
import type { GraphDocument } from '../../src-shared/graph/document';
import { bandWorkerUrl } from '../host/entries';
import { batchWorkerUrl } from './batch-entry';
import type { FromBatchWorker, JobOutcome, ToBatchWorker } from './batch-messages';

export interface PoolJob {
  readonly document: GraphDocument;
  readonly names: ReadonlyArray<readonly [string, string]>;
  readonly outDir: string;
}


export interface PoolOptions {
  /** Workers at once (-j). */
  readonly size: number;
  readonly graphDir: string;
  /** Band threads per worker for 2-D work (the cores the workers leave free). */
  readonly bandThreads: number;
  /** The worker's entry (default: batch-entry.ts's choice). */
  readonly workerUrl?: URL | string;
}

/** New workers in a row that died before finishing an input: past this the install is broken. */
const MAX_DEATHS_IN_A_ROW = 3;

/** One worker and the job it is on; a death ends that job with an error. */
class PoolWorker {
  private readonly worker: Worker;
  private waiting: { id: number; resolve: (result: JobOutcome) => void; started: number } | undefined;
  private deathReason: string | undefined;

  constructor(url: URL | string, init: ToBatchWorker) {
    this.worker = new Worker(url);
    this.worker.on('message', (message: FromBatchWorker) => {
      if (message.kind !== 'done' || this.waiting?.id !== message.id) return;
      const { resolve } = this.waiting;
      this.waiting = undefined;
      const { id: _id, kind: _kind, ...result } = message;
      resolve(result);
    });
    this.worker.on('error', (error) => this.die(`the batch worker crashed (${error.message})`));
    this.worker.on('exit', (code) => this.die(`the batch worker stopped (exit code ${code})`));
    this.worker.postMessage(init);
  }

  get dead(): boolean {
    return this.deathReason !== undefined;
  }

  private die(reason: string): void {
    this.deathReason ??= reason;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve({ ms: performance.now() - waiting.started, error: `${reason} while running this input` });
  }

  run(id: number, job: PoolJob): Promise<JobOutcome> {
    if (this.deathReason !== undefined) return Promise.resolve({ ms: 0, error: this.deathReason });
    return new Promise((resolve) => {
      this.waiting = { id, resolve, started: performance.now() };
      this.worker.postMessage({ kind: 'job', id, ...job } satisfies ToBatchWorker);
    });
  }

  async terminate(): Promise<void> {
    this.deathReason ??= 'terminated';
    await this.worker.terminate();
  }
}

/**
 * Runs every job on a pool of `options.size` workers, taking them in order; `onDone` hears each
 * result as it comes (in completion order, with the job's index). Resolves when all are done.
 */
export async function runPool(jobs: readonly PoolJob[], options: PoolOptions, onDone: (index: number, result: JobOutcome) => void): Promise<void> {
  if (jobs.length === 0) return;
  const url = options.workerUrl ?? batchWorkerUrl();
  const init: ToBatchWorker = { kind: 'init', graphDir: options.graphDir, bandWorkerUrl: String(bandWorkerUrl()), bandThreads: options.bandThreads };
  let next = 0;
  let deathsInARow = 0;
  let broken: Error | undefined;

  const lane = async (): Promise<void> => {
    let worker = new PoolWorker(url, init);
    try {
      while (next < jobs.length && broken === undefined) {
        const index = next++;
        const result = await worker.run(index, jobs[index]!); // index < jobs.length
        if (worker.dead) {
          if (++deathsInARow > MAX_DEATHS_IN_A_ROW) broken = new Error(`${MAX_DEATHS_IN_A_ROW + 1} batch workers in a row died before finishing an input (last: ${'error' in result ? result.error : 'no reason'})`);
          await worker.terminate();
          worker = new PoolWorker(url, init);
        } else deathsInARow = 0;
        onDone(index, result);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.size, jobs.length)) }, lane));
  if (broken) throw broken;
}
