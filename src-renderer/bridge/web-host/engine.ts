/**
 * The web build's engine host: the HostApi of the protocol over a Web Worker (worker.ts), as
 * src-main/host/host.ts is over a worker thread; both drive their worker through
 * src-shared/engine/host-core.ts (supersede, grace, replacing a crashed or runaway worker). Where
 * the page is cross-origin isolated the run id sits in a SharedArrayBuffer the worker polls
 * inside long loops; elsewhere the worker learns between runs that its run stopped.
 */
import type { HostInfo } from '../../../src-shared/protocol';
import { CoreHost, EngineHostCore, type WorkerHandlers, type WorkerPort } from '../../../src-shared/engine/host-core';
import type { FromWorker, ToWebWorker } from './messages';

export interface WebEngineOptions {
  readonly version: string;
  /** Starts a worker running worker.ts (the build names its bundled file). */
  readonly startWorker: () => Worker;
  /** The folder of the shipped models, as an absolute URL. */
  readonly modelsUrl: string;
  readonly memoryLimit?: number;
  /** How long a superseded run may keep the worker busy before it is replaced (ms). */
  readonly cancelGraceMs?: number;
}

/** A Web Worker's messages and failures to the core's handlers. */
function wire(worker: Worker, handlers: WorkerHandlers, what: string): void {
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => handlers.message(event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    handlers.failed(`${what} crashed (${event.message || 'it could not start'})`);
  });
}

/** A Web Worker as the core drives it, plus what only this host sends (picked files). */
interface WebWorkerPort extends WorkerPort {
  post(message: ToWebWorker): void;
}

function portOf(worker: Worker): WebWorkerPort {
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
    // Without a shared cell the worker learns between runs that its run stopped.
    cancel: (runId) => worker.postMessage({ kind: 'cancel', runId } satisfies ToWebWorker),
  };
}

export class WebEngineHost extends CoreHost<WebWorkerPort> {
  /** Shared with the worker when SharedArrayBuffer exists (a cross-origin isolated page). */
  private readonly cell: Int32Array | undefined;
  /** Picked files, sent again to a replacement worker. */
  private readonly files = new Map<string, Blob>();
  protected readonly core: EngineHostCore<WebWorkerPort>;

  constructor(private readonly options: WebEngineOptions) {
    super();
    this.cell = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    this.core = new EngineHostCore<WebWorkerPort>({
      timers: { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as number) },
      remedy: 'reload the page',
      ...(this.cell ? { cancelCell: this.cell } : {}),
      ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
      startEngine: (handlers) => {
        const worker = options.startWorker();
        const port = portOf(worker);
        port.post({
          kind: 'init',
          modelsUrl: options.modelsUrl,
          ...(this.cell ? { cancelCell: this.cell.buffer as SharedArrayBuffer } : {}),
          ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}),
        });
        for (const [name, file] of this.files) port.post({ kind: 'file', name, file });
        wire(worker, handlers, 'the engine worker');
        return port;
      },
      startProfiler: (handlers) => {
        const worker = options.startWorker();
        wire(worker, handlers, 'the profiler');
        return portOf(worker);
      },
    });
  }

  /** True when a superseded run stops inside a node, not only between runs. */
  get sharesCancelCell(): boolean {
    return this.cell !== undefined;
  }

  async info(): Promise<HostInfo> {
    return { version: this.options.version, mode: 'web' };
  }

  /** Gives the worker a file the user picked for a path param, under the name the param holds. */
  addFile(name: string, file: Blob): void {
    this.files.set(name, file);
    this.core.worker?.post({ kind: 'file', name, file });
  }
}
