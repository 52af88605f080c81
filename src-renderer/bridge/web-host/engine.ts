/**
 * The web build's engine host: the HostApi of the protocol over a Web Worker (worker.ts), as
 * src-main/host/host.ts is over a worker thread. A newer run supersedes the one in flight: where
 * the page is cross-origin isolated the run id sits in a SharedArrayBuffer the worker polls
 * inside long loops; elsewhere the worker learns it between runs. A run that goes on after being
 * superseded for longer than the grace period, or a crashed worker, is replaced by a new worker,
 * and the last graph runs again.
 */
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
} from '../../../src-shared/protocol';
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

type Waiting = { resolve: (value: never) => void; reject: (error: Error) => void };

export class WebEngineHost implements HostApi {
  private worker: Worker | undefined;
  /** Shared with the worker when SharedArrayBuffer exists (a cross-origin isolated page). */
  private readonly cell: Int32Array | undefined;
  private readonly listeners = new Set<HostEventListener>();
  private readonly waiting = new Map<number, Waiting>();
  /** Picked files, sent again to a replacement worker. */
  private readonly files = new Map<string, Blob>();
  private nextRunId = 1;
  private nextRequestId = 1;
  private nextProfileId = 1;
  private pending: number | undefined;
  private busy: number | undefined;
  private lastRequest: RunRequest | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private failedStarts = 0;
  private profiler: { worker: Worker; profileId: number; end: (status: 'cancelled' | 'failed', error?: string) => void } | undefined;

  constructor(private readonly options: WebEngineOptions) {
    this.cell = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    this.startWorker();
  }

  /** True when a superseded run stops inside a node, not only between runs. */
  get sharesCancelCell(): boolean {
    return this.cell !== undefined;
  }

  private post(message: ToWebWorker): void {
    this.worker?.postMessage(message);
  }

  private startWorker(): void {
    const worker = this.options.startWorker();
    this.worker = worker;
    this.post({
      kind: 'init',
      modelsUrl: this.options.modelsUrl,
      ...(this.cell ? { cancelCell: this.cell.buffer as SharedArrayBuffer } : {}),
      ...(this.options.memoryLimit !== undefined ? { memoryLimit: this.options.memoryLimit } : {}),
    });
    for (const [name, file] of this.files) this.post({ kind: 'file', name, file });
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (worker === this.worker) this.receive(event.data);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (worker === this.worker) this.replaceWorker(`the engine worker crashed (${event.message || 'it could not start'})`);
    });
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'value' || message.kind === 'answer') {
      const waiting = this.waiting.get(message.requestId);
      this.waiting.delete(message.requestId);
      if (message.kind === 'answer' && message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.value as never);
      return;
    }
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
  }

  private replaceWorker(reason: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.clearGrace();
    for (const { reject } of this.waiting.values()) reject(new Error(reason));
    this.waiting.clear();
    for (const runId of new Set([this.busy, this.pending])) {
      if (runId !== undefined) this.emit({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: reason });
    }
    this.busy = undefined;
    this.pending = undefined;
    if (++this.failedStarts > 3) {
      this.emit({ kind: 'notice', level: 'error', message: `${reason}; gave up after 3 new workers failed too: reload the page` });
      return;
    }
    this.emit({ kind: 'notice', level: 'error', message: `${reason}; started a new one and ran the graph again` });
    this.startWorker();
    if (this.lastRequest) void this.run(this.lastRequest);
  }

  private clearGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  private emit(event: HostEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** A superseded run gets a grace period to end; a node that keeps going past it loses its worker. */
  private watchSuperseded(): void {
    const stuck = this.busy;
    if (stuck === undefined || this.graceTimer) return;
    const grace = this.options.cancelGraceMs ?? 3000;
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      if (this.busy === stuck) this.replaceWorker(`a node went on for ${grace} ms after its run was superseded`);
    }, grace);
  }

  async run(request: RunRequest): Promise<{ runId: number }> {
    const runId = this.nextRunId++;
    if (this.cell) Atomics.store(this.cell, 0, runId);
    this.lastRequest = request;
    this.pending = runId;
    this.watchSuperseded();
    if (!this.worker) {
      this.emit({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: 'the engine worker is not running: reload the page' });
      this.pending = undefined;
      return { runId };
    }
    this.post({ kind: 'run', runId, request });
    return { runId };
  }

  async cancel(runId: number): Promise<void> {
    if (this.pending !== runId) return;
    if (this.cell) Atomics.store(this.cell, 0, 0);
    else this.post({ kind: 'cancel', runId });
    this.watchSuperseded();
  }

  async info(): Promise<HostInfo> {
    return { version: this.options.version, mode: 'web' };
  }

  /** Gives the worker a file the user picked for a path param, under the name the param holds. */
  addFile(name: string, file: Blob): void {
    this.files.set(name, file);
    this.post({ kind: 'file', name, file });
  }

  private ask<T>(message: Extract<ToWebWorker, { requestId: number }>): Promise<T> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the engine worker is not running: reload the page'));
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(message.requestId, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage(message);
    });
  }

  async getValue(nodeId: string, port: string, options: ValueOptions = {}): Promise<FullValue | undefined> {
    return this.ask({ kind: 'getValue', requestId: this.nextRequestId++, nodeId, port, options });
  }

  async compareValues(a: PortRef, b: PortRef, options: CompareOptions = {}): Promise<Comparison | undefined> {
    return this.ask({ kind: 'compare', requestId: this.nextRequestId++, a, b, options });
  }

  async frequencyResponse(ref: PortRef, options: ResponseOptions = {}): Promise<FrequencyResponse | undefined> {
    return this.ask({ kind: 'response', requestId: this.nextRequestId++, ref, options });
  }

  async probeNode(nodeId: string, probe: string, args: ProbeArgs = {}): Promise<unknown> {
    return this.ask({ kind: 'probe', requestId: this.nextRequestId++, nodeId, probe, args });
  }

  /** Times convolutions in a worker of its own, so the engine's keeps serving runs. */
  async profile(request: ProfileRequest): Promise<{ profileId: number }> {
    if (this.profiler) await this.cancelProfile(this.profiler.profileId);
    const profileId = this.nextProfileId++;
    const worker = this.options.startWorker();
    let ended = false;
    const end = (status: 'cancelled' | 'failed', error?: string): void => {
      if (ended) return;
      ended = true;
      this.emit({ kind: 'profileEnd', profileId, status, stopped: request.series.map(() => ''), ...(error ? { error } : {}) });
    };
    this.profiler = { worker, profileId, end };
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.kind !== 'event' || ended) return;
      this.emit(message.event);
      if (message.event.kind === 'profileEnd') {
        ended = true;
        if (this.profiler?.worker === worker) this.profiler = undefined;
        worker.terminate();
      }
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      end('failed', `the profiler crashed (${event.message || 'it could not start'})`);
      if (this.profiler?.worker === worker) this.profiler = undefined;
      worker.terminate();
    });
    worker.postMessage({ kind: 'profile', profileId, request } satisfies ToWebWorker);
    return { profileId };
  }

  async cancelProfile(profileId: number): Promise<void> {
    const running = this.profiler;
    if (!running || running.profileId !== profileId) return;
    this.profiler = undefined;
    running.end('cancelled');
    running.worker.terminate();
  }

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
