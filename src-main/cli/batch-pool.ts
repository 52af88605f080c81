/**
 * A batch run's pool: N workers (batch-worker.ts), each with its own warm engine, fed from one
 * queue of inputs in one process, so an input costs a message and its own work, not a process
 * start. A worker that dies on an input (out of memory, a crash of ours) fails that input only:
 * its row says so and a fresh worker takes the next one. The temporary files the dead worker had
 * staged for its inputs in flight are removed first, so a death leaves nothing behind.
 */
import { unlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { GraphDocument } from '../../src-shared/graph/document';
import { bandWorkerUrl } from '../host/entries';
import { batchWorkerUrl } from './batch-entry';
import { type FromBatchWorker, type JobOutcome, TempLedger, type ToBatchWorker } from './batch-messages';

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
  /** Each worker's engine's memory budget in bytes (--memory). */
  readonly memoryLimit?: number;
  /** The worker's entry (default: batch-entry.ts's choice). */
  readonly workerUrl?: URL | string;
  /** Once aborted, no input starts; those running finish, the rest end as not run with the abort's reason. */
  readonly stop?: AbortSignal;
}

/** New workers in a row that died before finishing an input: past this the install is broken. */
const MAX_DEATHS_IN_A_ROW = 3;

/**
 * Inputs in flight per worker: one computes while those before it are staged on disk and wait for
 * their group's flushes (batch-worker.ts, GroupCommitter), so a slow disk makes groups larger, not
 * the worker idle. A staged input holds its open files and its report, not its results; with 2,
 * one input computed while the last one committed, and the worker waited for the disk half the time.
 */
const WINDOW = 6;

/** The first message a worker gets, but its ledger (each worker has its own). */
type WorkerInit = Omit<Extract<ToBatchWorker, { kind: 'init' }>, 'ledger'>;

/**
 * One worker and the jobs it is on; a death ends them with an error, once the temporary files they
 * had staged are removed. The worker writes each temporary file's name before making it, into the
 * input's slot of its ledger (TempLedger, batch-messages.ts; by message when the slot is full). At
 * 'exit' the thread has ended and Node has delivered every message it posted, so the pool knows
 * every temporary file of the inputs it had: it removes those names only (one already renamed is
 * no longer there: an input whose run.json was renamed keeps every file). The descriptors the
 * worker held open are closed by Node as the thread ends (`trackUnmanagedFds`), before 'exit'; the
 * pool closes none, as their numbers may already be another file's.
 */
class PoolWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (result: JobOutcome) => void; started: number; slot: number }>();
  /** Each input in flight's slot holds the names of the temporary files it makes. */
  private readonly ledger = TempLedger.create(WINDOW);
  private readonly freeSlots = Array.from({ length: WINDOW }, (_, slot) => slot);
  /** The temporary files each input in flight named by message, its slot being full: made (true) or taken back (false). */
  private readonly told = new Map<number, Map<string, boolean>>();
  private deathReason: string | undefined;
  /** Inputs it finished (a worker that dies having finished none counts towards a broken install). */
  finished = 0;

  constructor(url: URL | string, init: WorkerInit) {
    this.worker = new Worker(url, { trackUnmanagedFds: true });
    this.worker.on('message', (message: FromBatchWorker) => {
      if (message.kind === 'temp' || message.kind === 'not-temp') {
        const told = this.told.get(message.id) ?? new Map<string, boolean>();
        told.set(message.temp, message.kind === 'temp');
        this.told.set(message.id, told);
        return;
      }
      const waiting = this.waiting.get(message.id);
      if (!waiting) return;
      this.waiting.delete(message.id);
      this.freeSlots.push(waiting.slot);
      this.told.delete(message.id);
      this.finished++;
      const { id: _id, kind: _kind, ...result } = message;
      waiting.resolve(result);
    });
    // An uncaught error comes before 'exit', and possibly before the worker's last messages: its
    // inputs are ended at 'exit', which always follows.
    this.worker.on('error', (error) => {
      this.deathReason ??= `the batch worker crashed (${error.message})`;
    });
    this.worker.on('exit', (code) => this.die(`the batch worker stopped (exit code ${code})`));
    this.worker.postMessage({ ...init, ledger: this.ledger.buffer } satisfies ToBatchWorker);
  }

  get dead(): boolean {
    return this.deathReason !== undefined;
  }

  get busy(): number {
    return this.waiting.size;
  }

  private die(reason: string): void {
    this.deathReason ??= reason;
    this.leaveNothing();
    for (const { resolve, started } of this.waiting.values()) resolve({ ms: performance.now() - started, error: `${this.deathReason} while running this input` });
    this.waiting.clear();
  }

  /** Removes the temporary files the dead worker's inputs in flight staged. */
  private leaveNothing(): void {
    for (const [id, { slot }] of this.waiting) {
      // The messages came after the slot was full: after every name in it.
      const temps = this.ledger.read(slot);
      for (const [temp, made] of this.told.get(id) ?? []) {
        if (made) temps.add(temp);
        else temps.delete(temp);
      }
      for (const temp of temps) {
        try {
          unlinkSync(temp);
        } catch {
          // Renamed already (its input's commit got that far), or removed by the worker itself.
        }
      }
    }
    this.told.clear();
  }

  run(id: number, job: PoolJob): Promise<JobOutcome> {
    if (this.deathReason !== undefined) return Promise.resolve({ ms: 0, error: this.deathReason });
    const slot = this.freeSlots.pop();
    if (slot === undefined) throw new Error(`a batch worker given more than ${WINDOW} inputs at once`);
    this.ledger.clear(slot);
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, started: performance.now(), slot });
      this.worker.postMessage({ kind: 'job', id, ...job, slot } satisfies ToBatchWorker);
    });
  }

  async terminate(): Promise<void> {
    this.deathReason ??= 'terminated';
    await this.worker.terminate();
  }
}

/** The jobs of a batch, made one at a time as a worker takes them (a list of 100,000 documents would not fit). */
export interface JobList {
  readonly length: number;
  at(index: number): PoolJob;
}

/**
 * Runs every job on a pool of `options.size` workers, taking them in order; `onDone` hears each
 * result as it comes (in completion order, with the job's index), once per job. When workers keep
 * dying before finishing any input (a broken install, a graph that kills every worker), the
 * inputs not yet started end as not run, with the reason.
 */
export async function runPool(jobs: JobList, options: PoolOptions, onDone: (index: number, result: JobOutcome) => void): Promise<void> {
  if (jobs.length === 0) return;
  const url = options.workerUrl ?? batchWorkerUrl();
  const init: WorkerInit = { kind: 'init', graphDir: options.graphDir, bandWorkerUrl: String(bandWorkerUrl()), bandThreads: options.bandThreads, ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}) };
  let next = 0;
  /** Inputs a dying worker held: each is tried once more, since only one of them killed it. */
  const again: number[] = [];
  const triedTwice = new Set<number>();
  let deathsInARow = 0;
  let broken: string | undefined;
  const stopped = (): boolean => broken !== undefined || options.stop?.aborted === true;
  const take = (): number | undefined => (stopped() ? undefined : again.length > 0 ? again.shift() : next < jobs.length ? next++ : undefined);

  const lane = async (): Promise<void> => {
    let worker = new PoolWorker(url, init);
    const running = new Set<Promise<void>>();
    /** A second try runs alone on its worker, so it cannot die of another input again. */
    let retrying = 0;
    try {
      for (;;) {
        while (!worker.dead && worker.busy < WINDOW && !(worker.busy > 0 && (retrying > 0 || again.length > 0))) {
          const index = take();
          if (index === undefined) break;
          const holder = worker;
          const retry = triedTwice.has(index);
          if (retry) retrying++;
          const task: Promise<void> = holder.run(index, jobs.at(index)).then((result) => {
            running.delete(task);
            if (retry) retrying--;
            if (holder.dead && 'error' in result && !triedTwice.has(index)) {
              triedTwice.add(index);
              again.push(index);
            } else onDone(index, result);
          });
          running.add(task);
        }
        if (running.size === 0 && (again.length === 0 || stopped())) break;
        if (running.size > 0) await Promise.race(running);
        if (worker.dead) {
          await Promise.all(running);
          deathsInARow = worker.finished === 0 ? deathsInARow + 1 : 1;
          if (deathsInARow > MAX_DEATHS_IN_A_ROW) broken ??= `${deathsInARow} batch workers in a row died before finishing an input`;
          await worker.terminate();
          worker = new PoolWorker(url, init);
        }
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.size, jobs.length)) }, lane));
  for (const index of [...again, ...Array.from({ length: jobs.length - next }, (_, i) => next + i)]) onDone(index, { ms: 0, error: `not run: ${broken ?? String(options.stop?.reason ?? 'the pool stopped')}` });
}
