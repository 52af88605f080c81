/**
 * What every engine host shares, over a worker it does not know the kind of: Node's worker thread
 * (src-main/host/host.ts, the desktop app and `convolab serve`) or a Web Worker
 * (src-renderer/bridge/web-host/engine.ts, the static web build). A newer run supersedes the one
 * in flight: the run id goes into a cell shared with the worker, which checks it between nodes
 * and inside long loops (without one, the shell tells the worker). A run that goes on after it
 * was superseded for longer than the grace period, or a worker that crashes, loses its worker: a
 * new one starts and the last graph runs again. Questions (values, comparisons, responses,
 * probes) are answered from the worker's memo; a profile runs in a worker of its own.
 */
import type {
  CompareOptions,
  Comparison,
  DocumentRun,
  EditRun,
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
  RunAnswer,
  RunRequest,
  ValueOptions,
} from '../protocol';
import { applyDocumentEdit } from '../graph/document-edit';
import type { GraphDocument } from '../graph/document';
import { LIMITS } from '../graph/schema';
import { eventsOf, type EngineRequest, type FromWorker } from './worker-messages';

/** A started worker, as the core drives it. */
export interface WorkerPort {
  post(message: EngineRequest): void;
  /** Ends the worker (Node's answers when it has exited). */
  terminate(): void | Promise<unknown>;
  /** Tells the worker its run stops now, where there is no shared cell. */
  cancel?(runId: number): void;
}

/** Where a shell sends what its worker says and what becomes of it. */
export interface WorkerHandlers {
  message(message: FromWorker): void;
  /** The worker crashed or stopped, in words (`the engine worker crashed (…)`). */
  failed(reason: string): void;
}

/** The shell's timers (the shared layer names no runtime's). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HostCoreOptions<Port extends WorkerPort> {
  readonly timers: Timers;
  /** Starts the engine's worker (with the shell's own `init`), its messages and failures to `handlers`. */
  startEngine(handlers: WorkerHandlers): Port;
  /** Starts a worker for one profile (it gets no `init`: it only profiles). */
  startProfiler(handlers: WorkerHandlers): WorkerPort;
  /** The newest run id, shared with the worker; without it a cancel goes to `WorkerPort.cancel`. */
  readonly cancelCell?: Int32Array;
  /** How long a superseded run may keep the worker busy before the worker is replaced (ms). */
  readonly cancelGraceMs?: number;
  /** What the user can do when the engine cannot go on (the web build: reload the page). */
  readonly remedy?: string;
}

type Waiting = { resolve: (value: never) => void; reject: (error: Error) => void };

/** A question the worker answers from its memo, without the id the core gives it. */
type Question = EngineRequest extends infer R ? (R extends { requestId: number } ? Omit<R, 'requestId'> : never) : never;

/** Replacements in a row of workers that died before finishing a run: past this, give up. */
const MAX_FAILED_STARTS = 3;

export class EngineHostCore<Port extends WorkerPort> {
  private port: Port | undefined;
  private readonly listeners = new Set<HostEventListener>();
  private readonly waiting = new Map<number, Waiting>();
  private nextRunId = 1;
  private nextRequestId = 1;
  private nextProfileId = 1;
  /** The newest run asked for that has not ended yet. */
  private pending: number | undefined;
  /** The run the worker is inside (from its runStart to its runEnd). */
  private busy: number | undefined;
  private lastRequest: DocumentRun | undefined;
  /** The document the page named a version, which its next run may edit (RunRequest's EditRun). */
  private held: { readonly version: string; readonly doc: GraphDocument } | undefined;
  /** The document of the last run posted to this worker (the one an edit sent to it edits). */
  private workerDoc: GraphDocument | undefined;
  private graceTimer: unknown;
  private failedStarts = 0;
  private profiler: { port: WorkerPort; profileId: number; end: (status: 'cancelled' | 'failed', error?: string) => void } | undefined;
  private disposed = false;
  /** How many times the worker has been replaced (crash or runaway). */
  restarts = 0;

  constructor(private readonly options: HostCoreOptions<Port>) {
    this.startEngine();
  }

  /** The engine's worker now (the shell sends its own messages through it); undefined while none runs. */
  get worker(): Port | undefined {
    return this.port;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private notRunning(): string {
    return `the engine worker is not running${this.options.remedy ? `: ${this.options.remedy}` : ''}`;
  }

  private startEngine(): void {
    // A replaced worker's late messages and its exit are not this worker's.
    const port: Port = this.options.startEngine({
      message: (message) => {
        if (port === this.port) this.receive(message);
      },
      failed: (reason) => {
        if (port === this.port && !this.disposed) this.replaceWorker(reason);
      },
    });
    this.port = port;
    // A new worker holds no document: its first run goes whole.
    this.workerDoc = undefined;
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'value' || message.kind === 'answer') {
      const waiting = this.waiting.get(message.requestId);
      this.waiting.delete(message.requestId);
      if (message.kind === 'answer' && message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.value as never);
      return;
    }
    for (const event of eventsOf(message)) this.receiveEvent(event);
  }

  private receiveEvent(event: HostEvent): void {
    if (event.kind === 'runStart') this.busy = event.runId;
    if (event.kind === 'runEnd') {
      this.failedStarts = 0;
      // After a failed run the next goes whole, whatever the worker holds.
      if (event.status === 'failed') this.workerDoc = undefined;
      if (this.busy === event.runId) {
        this.busy = undefined;
        this.clearGrace();
      }
      if (this.pending === event.runId) this.pending = undefined;
    }
    this.emit(event);
  }

  /** Starts a fresh worker; the last graph runs again so the previews come back. */
  private replaceWorker(reason: string): void {
    const old = this.port;
    this.port = undefined;
    this.clearGrace();
    void old?.terminate();
    this.restarts++;
    this.rejectQuestions(reason);
    for (const runId of new Set([this.busy, this.pending])) {
      if (runId !== undefined) this.emit({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: reason });
    }
    this.busy = undefined;
    this.pending = undefined;
    if (this.disposed) return;
    if (++this.failedStarts > MAX_FAILED_STARTS) {
      const remedy = this.options.remedy ? `: ${this.options.remedy}` : '';
      this.emit({ kind: 'notice', level: 'error', message: `${reason}; gave up after ${MAX_FAILED_STARTS} new workers failed too${remedy}` });
      return;
    }
    this.emit({ kind: 'notice', level: 'error', message: `${reason}; started a new one and ran the graph again` });
    this.startEngine();
    // The page has no previews of the failed run: every node's are sent again.
    if (this.lastRequest) void this.runWhole({ ...this.lastRequest, resend: true });
  }

  /**
   * Runs the last graph again on the host's own account (the worker's budget changed: what it
   * refused may fit now), superseding a run in flight; `notice` tells the page why (with ": ran
   * the graph again" when there was a graph to run). Nodes the worker still holds come back cached.
   */
  runAgain(notice: string): void {
    if (this.disposed) return;
    this.emit({ kind: 'notice', level: 'info', message: this.lastRequest ? `${notice}: ran the graph again` : notice });
    if (this.lastRequest) void this.runWhole({ doc: this.lastRequest.doc });
  }

  private rejectQuestions(reason: string): void {
    for (const { reject } of this.waiting.values()) reject(new Error(reason));
    this.waiting.clear();
  }

  private clearGrace(): void {
    if (this.graceTimer !== undefined) this.options.timers.clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  emit(event: HostEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Gives the run the worker is inside a grace period to notice it was superseded; a node that
   * never checks is a runaway, and its worker is replaced.
   */
  private watchSuperseded(): void {
    const stuck = this.busy;
    if (stuck === undefined || this.graceTimer !== undefined) return;
    const grace = this.options.cancelGraceMs ?? 3000;
    this.graceTimer = this.options.timers.setTimeout(() => {
      this.graceTimer = undefined;
      if (this.busy === stuck) this.replaceWorker(`a node ignored cancellation for ${grace} ms`);
    }, grace);
  }

  /**
   * Starts a run of the request's document: sent whole, or as an edit of the one held (which a
   * host that lacks it answers with `needsDocument`, running nothing).
   */
  run(request: DocumentRun): { runId: number };
  run(request: RunRequest): RunAnswer;
  run(request: RunRequest): RunAnswer {
    if (this.disposed) throw new Error('the engine host has been shut down');
    let whole: DocumentRun;
    if ('edit' in request) {
      const { edit } = request;
      if (this.held?.version !== edit.base) return { needsDocument: true };
      let doc: GraphDocument;
      try {
        doc = applyDocumentEdit(this.held.doc, edit, LIMITS);
      } catch (error) {
        // The page's next edit names this one as its base: it gets `needsDocument`.
        this.held = undefined;
        throw new Error(`run: bad edit: ${error instanceof Error ? error.message : String(error)}`);
      }
      // The worker holds the edit's base when it was the last document posted to it: it gets the edit.
      const toWorker = this.held.doc === this.workerDoc ? request : undefined;
      this.held = { version: edit.version, doc };
      whole = request.resend ? { doc, resend: true } : { doc };
      return this.runWhole(whole, toWorker);
    }
    this.held = request.version !== undefined ? { version: request.version, doc: request.doc } : undefined;
    whole = request.resend ? { doc: request.doc, resend: true } : { doc: request.doc };
    return this.runWhole(whole);
  }

  /** Posts a run of `request.doc`: as `edit` when given (an edit of the worker's document), else whole. */
  private runWhole(request: DocumentRun, edit?: EditRun): { runId: number } {
    const runId = this.nextRunId++;
    if (this.options.cancelCell) Atomics.store(this.options.cancelCell, 0, runId);
    this.lastRequest = request;
    this.pending = runId;
    this.watchSuperseded();
    if (!this.port) {
      this.emit({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: this.notRunning() });
      this.pending = undefined;
      return { runId };
    }
    this.port.post({ kind: 'run', runId, request: edit ? (edit.resend ? { edit: edit.edit, resend: true } : { edit: edit.edit }) : request });
    this.workerDoc = request.doc;
    return { runId };
  }

  cancel(runId: number): void {
    if (this.pending !== runId) return;
    if (this.options.cancelCell) Atomics.store(this.options.cancelCell, 0, 0);
    else this.port?.cancel?.(runId);
    this.watchSuperseded();
  }

  /** Sends a question the worker answers from its memo, and waits for the answer. */
  ask<T>(question: Question): Promise<T> {
    const port = this.port;
    if (!port) return Promise.reject(new Error(this.notRunning()));
    const requestId = this.nextRequestId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(requestId, { resolve: resolve as (value: never) => void, reject });
      port.post({ ...question, requestId } as EngineRequest);
    });
  }

  /** Times convolutions in a worker of its own (the engine's keeps serving runs); a new profile cancels the one running. */
  async profile(request: ProfileRequest): Promise<{ profileId: number }> {
    if (this.disposed) throw new Error('the engine host has been shut down');
    if (this.profiler) await this.cancelProfile(this.profiler.profileId);
    const profileId = this.nextProfileId++;
    let ended = false;
    const end = (status: 'cancelled' | 'failed', error?: string): void => {
      if (ended) return;
      ended = true;
      this.emit({ kind: 'profileEnd', profileId, status, stopped: request.series.map(() => ''), ...(error ? { error } : {}) });
    };
    const finish = (): void => {
      if (this.profiler?.port === port) this.profiler = undefined;
      void port.terminate();
    };
    const port = this.options.startProfiler({
      message: (message) => {
        for (const event of eventsOf(message)) {
          if (ended) return;
          this.emit(event);
          if (event.kind === 'profileEnd') {
            ended = true;
            finish();
          }
        }
      },
      failed: (reason) => {
        // Ended by cancelProfile (which reported it) or by a crash.
        end('failed', reason);
        finish();
      },
    });
    this.profiler = { port, profileId, end };
    port.post({ kind: 'profile', profileId, request });
    return { profileId };
  }

  async cancelProfile(profileId: number): Promise<void> {
    const running = this.profiler;
    if (!running || running.profileId !== profileId) return;
    this.profiler = undefined;
    running.end('cancelled');
    await running.port.terminate();
  }

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops everything: the workers end, questions waiting are refused, listeners hear no more. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const ending = [this.profiler?.port.terminate(), this.port?.terminate()];
    this.profiler = undefined;
    this.port = undefined;
    this.clearGrace();
    this.rejectQuestions('the engine host has been shut down');
    this.listeners.clear();
    await Promise.all(ending);
  }
}

/**
 * The protocol's HostApi over a core: each host is this plus how it starts its worker (its
 * constructor makes `core`) and what it says of itself (`info`).
 */
export abstract class CoreHost<Port extends WorkerPort> implements HostApi {
  protected abstract readonly core: EngineHostCore<Port>;

  abstract info(): Promise<HostInfo>;

  /** A whole document always runs; an edit runs when the host holds its base (else `needsDocument`). */
  run(request: DocumentRun): Promise<{ runId: number }>;
  run(request: RunRequest): Promise<RunAnswer>;
  async run(request: RunRequest): Promise<RunAnswer> {
    return this.core.run(request);
  }

  async cancel(runId: number): Promise<void> {
    this.core.cancel(runId);
  }

  async getValue(nodeId: string, port: string, options: ValueOptions = {}): Promise<FullValue | undefined> {
    return this.core.ask({ kind: 'getValue', nodeId, port, options });
  }

  // Teaching views: answered from the memo as values are.

  async compareValues(a: PortRef, b: PortRef, options: CompareOptions = {}): Promise<Comparison | undefined> {
    return this.core.ask({ kind: 'compare', a, b, options });
  }

  async frequencyResponse(ref: PortRef, options: ResponseOptions = {}): Promise<FrequencyResponse | undefined> {
    return this.core.ask({ kind: 'response', ref, options });
  }

  async probeNode(nodeId: string, probe: string, args: ProbeArgs = {}): Promise<unknown> {
    return this.core.ask({ kind: 'probe', nodeId, probe, args });
  }

  /** Times convolutions in a worker of its own; a new profile cancels the one still running. */
  async profile(request: ProfileRequest): Promise<{ profileId: number }> {
    return this.core.profile(request);
  }

  async cancelProfile(profileId: number): Promise<void> {
    await this.core.cancelProfile(profileId);
  }

  onEvent(listener: HostEventListener): () => void {
    return this.core.onEvent(listener);
  }
}
