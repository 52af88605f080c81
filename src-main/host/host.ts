/**
 * The engine host: runs graph evaluation in a worker thread, so neither the UI nor the main
 * process ever computes DSP. What every host does with its worker (supersede, grace, replace a
 * crashed or runaway worker and run the last graph again, questions, the profiler) is
 * src-shared/engine/host-core.ts; this is its worker thread, its `init` and the params' folder.
 */
import { Worker } from 'node:worker_threads';
import type { HostInfo } from '../../src-shared/protocol';
import { memoryLabel, type MemoryAdvice } from '../../src-shared/engine/memory-advice';
import { CoreHost, EngineHostCore, type WorkerHandlers, type WorkerPort } from '../../src-shared/engine/host-core';
import type { FromWorker, ToWorker } from './messages';
import { bandWorkerUrl, engineWorkerUrl } from './entries';

export interface EngineHostOptions {
  /** The engine worker's entry file (the desktop app's bundled one; default: entries.ts's choice). */
  readonly workerUrl?: URL | string;
  /** Folder against which relative paths in params resolve (the graph file's folder). */
  readonly baseDir: string;
  readonly mode: HostInfo['mode'];
  readonly version: string;
  /** The engine's memory budget in bytes (the engine's default, 1 GiB, without it); setMemoryLimit changes it. */
  readonly memoryLimit?: number;
  /** What the engine's refusals for memory tell the user to do (src-shared/engine/memory-advice.ts); nothing without it. */
  readonly moreMemory?: MemoryAdvice;
  /** How long a cancelled run may keep the worker busy before the worker is replaced (ms). */
  readonly cancelGraceMs?: number;
  /**
   * Browser mode: path params (source.audio, source.image) may read only files inside this
   * folder, the one `convolab serve` serves. Without it they read any file (the desktop app).
   */
  readonly confineFilesTo?: string;
  /** The DSP band worker's entry for 2-D work split over threads (default: entries.ts's choice). */
  readonly bandWorkerUrl?: URL | string;
  /**
   * Start the band workers with the engine (the editor's hosts): a pool started at the first split
   * job computes that job, and the next ones until its workers are up, on one thread.
   */
  readonly warmBands?: boolean;
}

/**
 * The engine worker's young generation (V8's nursery for short-lived objects). The worker's
 * values live in typed arrays outside it, and by default V8 let the nursery grow with each run:
 * across 1,000 param changes of ten 1,000,001-sample nodes the heap went from 32 to 54 MB and
 * the process's memory with it (270 → 293 MB); at 4 MB it stays at 20–22 MB (252 → 260 MB).
 */
const WORKER_YOUNG_GENERATION_MB = 4;

/** A worker thread as the core drives it, plus what only this host sends (the params' folder). */
interface NodeWorkerPort extends WorkerPort {
  post(message: ToWorker): void;
}

/** A worker thread's messages and failures to the core's handlers. */
function wire(worker: Worker, handlers: WorkerHandlers, what: string): void {
  worker.on('message', (message: FromWorker) => handlers.message(message));
  worker.on('error', (error) => handlers.failed(`${what} crashed (${error.message})`));
  worker.on('exit', (code) => handlers.failed(what === 'the profiler' ? 'the profiler stopped' : `${what} stopped (exit code ${code})`));
}

function portOf(worker: Worker): NodeWorkerPort {
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
}

export class EngineHost extends CoreHost<NodeWorkerPort> {
  private readonly cancelCell = new SharedArrayBuffer(4);
  protected readonly core: EngineHostCore<NodeWorkerPort>;
  /** Where relative paths in params resolve: the open document's folder (setBaseDir). */
  private baseDir: string;
  /** The budget a worker starts with (setMemoryLimit changes it). */
  private memoryLimit: number | undefined;
  private readonly moreMemory: MemoryAdvice | undefined;

  constructor(private readonly options: EngineHostOptions) {
    super();
    this.baseDir = options.baseDir;
    this.memoryLimit = options.memoryLimit;
    this.moreMemory = options.moreMemory;
    this.core = new EngineHostCore<NodeWorkerPort>({
      timers: { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
      cancelCell: new Int32Array(this.cancelCell),
      ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
      startEngine: (handlers) => {
        const worker = new Worker(options.workerUrl ?? engineWorkerUrl(), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        const init: ToWorker = {
          kind: 'init',
          cancelCell: this.cancelCell,
          baseDir: this.baseDir,
          bandWorkerUrl: String(options.bandWorkerUrl ?? bandWorkerUrl()),
          ...(this.memoryLimit !== undefined ? { memoryLimit: this.memoryLimit } : {}),
          ...(this.moreMemory !== undefined ? { moreMemory: this.moreMemory } : {}),
          ...(options.confineFilesTo !== undefined ? { confineFilesTo: options.confineFilesTo } : {}),
          ...(options.warmBands ? { warmBands: true } : {}),
        };
        worker.postMessage(init);
        wire(worker, handlers, 'the engine worker');
        return portOf(worker);
      },
      startProfiler: (handlers) => {
        const worker = new Worker(options.workerUrl ?? engineWorkerUrl());
        wire(worker, handlers, 'the profiler');
        return portOf(worker);
      },
    });
  }

  /** How many times the worker has been replaced (crash or runaway). */
  get restarts(): number {
    return this.core.restarts;
  }

  /**
   * Makes relative paths in params resolve against `folder` (the open document's folder) from the
   * next run on; cached outputs are dropped, since the same relative path may now name another file.
   */
  setBaseDir(folder: string): void {
    if (folder === this.baseDir) return;
    this.baseDir = folder;
    this.core.worker?.post({ kind: 'baseDir', baseDir: folder });
  }

  /**
   * Gives the engine a new memory budget from the next run on, and runs the last graph again under
   * it: the worker keeps the outputs it holds while they fit (so raising the budget computes only
   * what was refused) and a worker that replaces a crashed one starts with it. The page keeps its
   * document; its next edit applies as before.
   */
  setMemoryLimit(bytes: number): void {
    if (bytes === this.memoryLimit) return;
    this.memoryLimit = bytes;
    this.core.worker?.post({ kind: 'memoryLimit', memoryLimit: bytes });
    this.core.runAgain(`Memory limit is now ${memoryLabel(bytes)}`);
  }

  async info(): Promise<HostInfo> {
    return { version: this.options.version, mode: this.options.mode };
  }

  /** Kills the worker now (tests use it to prove that a crash is survived). */
  killWorkerForTest(): void {
    void this.core.worker?.terminate();
  }

  async dispose(): Promise<void> {
    await this.core.dispose();
  }
}
