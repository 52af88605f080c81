/**
 * The engine host: runs graph evaluation in a worker thread, so neither the UI nor the main
 * process ever computes DSP. A newer run supersedes the one in flight (it sees the new id in a
 * shared cell between nodes and inside long loops); a worker that ignores cancellation for too
 * long, or crashes, is replaced and the last graph runs again.
 */
import { Worker } from 'node:worker_threads';
import type {
  CompareOptions,
  Comparison,
  FrequencyResponse,
  FullValue,
  HostApi,
  HostEvent,
  HostEventListener,
  HostInfo,
  PortRef,
  ProbeArgs,
  ProfileRequest,
  ResponseOptions,
  RunRequest,
  ValueOptions,
} from '../../src-shared/protocol';
import type { FromWorker, ToWorker } from './messages';
import { bandWorkerUrl, engineWorkerUrl } from './entries';

export interface EngineHostOptions {
  /** The engine worker's entry file (the desktop app's bundled one; default: entries.ts's choice). */
  readonly workerUrl?: URL | string;
  /** Folder against which relative paths in params resolve (the graph file's folder). */
  readonly baseDir: string;
  readonly mode: HostInfo['mode'];
  readonly version: string;
  readonly memoryLimit?: number;
  /** How long a cancelled run may keep the worker busy before the worker is replaced (ms). */
  readonly cancelGraceMs?: number;
  /**
   * Browser mode: path params (source.audio, source.image) may read only files inside this
   * folder, the one `convolab serve` serves. Without it they read any file (the desktop app).
   */
  readonly confineFilesTo?: string;
  /** The DSP band worker's entry for 2-D work split over threads (default: entries.ts's choice). */
  readonly bandWorkerUrl?: URL | string;
}

/**
 * The engine worker's young generation (V8's nursery for short-lived objects). The worker's
 * values live in typed arrays outside it, and by default V8 let the nursery grow with each run:
 * across 1,000 param changes of ten 1,000,001-sample nodes the heap went from 32 to 54 MB and
 * the process's memory with it (270 → 293 MB); at 4 MB it stays at 20–22 MB (252 → 260 MB).
 */
const WORKER_YOUNG_GENERATION_MB = 4;

export class EngineHost implements HostApi {
  private worker: Worker | undefined;
  private readonly cancelCell = new SharedArrayBuffer(4);
  private readonly cell = new Int32Array(this.cancelCell);
  private readonly listeners = new Set<HostEventListener>();
  private nextRunId = 1;
  /** The newest run asked for that has not ended yet. */
  private pending: number | undefined;
  /** The run the worker is inside (from its runStart to its runEnd). */
  private busy: number | undefined;
  private lastRequest: RunRequest | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private nextRequestId = 1;
  /** getValue, compareValues, frequencyResponse and probeNode calls waiting for the worker's answer. */
  private readonly valueRequests = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  /** Where relative paths in params resolve: the open document's folder (setBaseDir). */
  private baseDir: string;
  /** The profiler's own worker while a profile runs (one at a time), and that profile's id. */
  private profiler: { worker: Worker; profileId: number; end: (status: 'cancelled' | 'failed', error?: string) => void } | undefined;
  private nextProfileId = 1;
  /** How many times the worker has been replaced (crash or runaway). */
  restarts = 0;
  /** Replacements in a row of workers that died before finishing a run: a broken install. */
  private failedStarts = 0;

  constructor(private readonly options: EngineHostOptions) {
    this.baseDir = options.baseDir;
    this.startWorker();
  }

  private startWorker(): void {
    const worker = new Worker(this.options.workerUrl ?? engineWorkerUrl(), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    this.worker = worker;
    const init: ToWorker = {
      kind: 'init',
      cancelCell: this.cancelCell,
      baseDir: this.baseDir,
      bandWorkerUrl: String(this.options.bandWorkerUrl ?? bandWorkerUrl()),
      ...(this.options.memoryLimit !== undefined ? { memoryLimit: this.options.memoryLimit } : {}),
      ...(this.options.confineFilesTo !== undefined ? { confineFilesTo: this.options.confineFilesTo } : {}),
    };
    worker.postMessage(init);
    worker.on('message', (message: FromWorker) => {
      if (worker !== this.worker) return;
      if (message.kind === 'value' || message.kind === 'answer') {
        const waiting = this.valueRequests.get(message.requestId);
        this.valueRequests.delete(message.requestId);
        if (message.kind === 'answer' && message.error !== undefined) waiting?.reject(new Error(message.error));
        else waiting?.resolve(message.value as never);
        return;
      }
      if (message.kind !== 'event') return;
      const event = message.event;
      if (event.kind === 'runStart') this.busy = event.runId;
      if (event.kind === 'runEnd') {
        this.failedStarts = 0;
        if (this.busy === event.runId) {
          this.busy = undefined;
          this.clearGrace();
        }
        if (this.pending === event.runId) this.pending = undefined;
      }
      this.emit(event);
    });
    worker.on('error', (error) => {
      if (worker === this.worker) this.replaceWorker(`the engine worker crashed (${error.message})`);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker && !this.disposed) this.replaceWorker(`the engine worker stopped (exit code ${code})`);
    });
  }

  /** Starts a fresh worker; the last graph runs again so the previews come back. */
  private replaceWorker(reason: string): void {
    const old = this.worker;
    this.worker = undefined;
    this.clearGrace();
    void old?.terminate();
    this.restarts++;
    this.rejectValueRequests(reason);
    for (const runId of new Set([this.busy, this.pending])) {
      if (runId !== undefined) this.emit({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: reason });
    }
    this.busy = undefined;
    this.pending = undefined;
    if (this.disposed) return;
    if (++this.failedStarts > 3) {
      this.emit({ kind: 'notice', level: 'error', message: `${reason}; gave up after 3 new workers failed too` });
      return;
    }
    this.emit({ kind: 'notice', level: 'error', message: `${reason}; started a new one and ran the graph again` });
    this.startWorker();
    if (this.lastRequest) void this.run(this.lastRequest);
  }

  private rejectValueRequests(reason: string): void {
    for (const { reject } of this.valueRequests.values()) reject(new Error(reason));
    this.valueRequests.clear();
  }

  private clearGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  private emit(event: HostEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Gives the run the worker is inside a grace period to notice it was superseded; a node that
   * never checks is a runaway, and its worker is replaced.
   */
  private watchSuperseded(): void {
    const stuck = this.busy;
    if (stuck === undefined || this.graceTimer) return;
    const grace = this.options.cancelGraceMs ?? 3000;
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      if (this.busy === stuck) this.replaceWorker(`a node ignored cancellation for ${grace} ms`);
    }, grace);
  }

  async run(request: RunRequest): Promise<{ runId: number }> {
    if (this.disposed) throw new Error('the engine host has been shut down');
    const runId = this.nextRunId++;
    Atomics.store(this.cell, 0, runId);
    this.lastRequest = request;
    this.pending = runId;
    this.watchSuperseded();
    const message: ToWorker = { kind: 'run', runId, request };
    if (!this.worker) {
      this.emit({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: 'the engine worker is not running' });
      this.pending = undefined;
      return { runId };
    }
    this.worker.postMessage(message);
    return { runId };
  }

  /**
   * Makes relative paths in params resolve against `folder` (the open document's folder) from the
   * next run on; cached outputs are dropped, since the same relative path may now name another file.
   */
  setBaseDir(folder: string): void {
    if (folder === this.baseDir) return;
    this.baseDir = folder;
    this.worker?.postMessage({ kind: 'baseDir', baseDir: folder } satisfies ToWorker);
  }

  async cancel(runId: number): Promise<void> {
    if (this.pending !== runId) return;
    Atomics.store(this.cell, 0, 0);
    this.watchSuperseded();
  }

  async info(): Promise<HostInfo> {
    return { version: this.options.version, mode: this.options.mode };
  }

  async getValue(nodeId: string, port: string, options: ValueOptions = {}): Promise<FullValue | undefined> {
    return this.ask({ kind: 'getValue', requestId: this.nextRequestId++, nodeId, port, options });
  }

  /** Sends a question the worker answers from its memo, and waits for the answer. */
  private ask<T>(message: Extract<ToWorker, { requestId: number }>): Promise<T> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the engine worker is not running'));
    return new Promise<T>((resolve, reject) => {
      this.valueRequests.set(message.requestId, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage(message);
    });
  }

  // Teaching views ---------------------------------------------------------------------------

  async compareValues(a: PortRef, b: PortRef, options: CompareOptions = {}): Promise<Comparison | undefined> {
    return this.ask({ kind: 'compare', requestId: this.nextRequestId++, a, b, options });
  }

  async frequencyResponse(ref: PortRef, options: ResponseOptions = {}): Promise<FrequencyResponse | undefined> {
    return this.ask({ kind: 'response', requestId: this.nextRequestId++, ref, options });
  }

  async probeNode(nodeId: string, probe: string, args: ProbeArgs = {}): Promise<unknown> {
    return this.ask({ kind: 'probe', requestId: this.nextRequestId++, nodeId, probe, args });
  }

  /**
   * Times convolutions in a worker of its own (the engine's worker keeps serving runs). A new
   * profile cancels the one still running.
   */
  async profile(request: ProfileRequest): Promise<{ profileId: number }> {
    if (this.disposed) throw new Error('the engine host has been shut down');
    if (this.profiler) await this.cancelProfile(this.profiler.profileId);
    const profileId = this.nextProfileId++;
    const worker = new Worker(this.options.workerUrl ?? engineWorkerUrl());
    let ended = false;
    const end = (status: 'cancelled' | 'failed', error?: string): void => {
      if (ended) return;
      ended = true;
      this.emit({ kind: 'profileEnd', profileId, status, stopped: request.series.map(() => ''), ...(error ? { error } : {}) });
    };
    this.profiler = { worker, profileId, end };
    const finish = (): void => {
      if (this.profiler?.worker === worker) this.profiler = undefined;
      void worker.terminate();
    };
    worker.on('message', (message: FromWorker) => {
      if (message.kind !== 'event' || ended) return;
      this.emit(message.event);
      if (message.event.kind === 'profileEnd') {
        ended = true;
        finish();
      }
    });
    worker.on('error', (error) => {
      end('failed', `the profiler crashed (${error.message})`);
      finish();
    });
    worker.on('exit', () => {
      // Ended by cancelProfile (which reports it) or by a crash.
      end('failed', 'the profiler stopped');
      if (this.profiler?.worker === worker) this.profiler = undefined;
    });
    const message: ToWorker = { kind: 'profile', profileId, request };
    worker.postMessage(message);
    return { profileId };
  }

  async cancelProfile(profileId: number): Promise<void> {
    const running = this.profiler;
    if (!running || running.profileId !== profileId) return;
    this.profiler = undefined;
    running.end('cancelled');
    await running.worker.terminate();
  }

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Kills the worker now (tests use it to prove that a crash is survived). */
  killWorkerForTest(): void {
    void this.worker?.terminate();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.profiler) await this.profiler.worker.terminate();
    this.profiler = undefined;
    this.clearGrace();
    this.rejectValueRequests('the engine host has been shut down');
    this.listeners.clear();
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
