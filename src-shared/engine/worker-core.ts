/**
 * What an engine worker does once it has an engine, whatever thread it is: Node's worker thread
 * behind the desktop app and `convolab serve` (src-main/host/worker.ts), or the static web
 * build's Web Worker (src-renderer/bridge/web-host/worker.ts). The shell of each builds the
 * Engine with its own file access and clock and hands messages here; the runs, the answers from
 * the memo, the probes and the profiler are the same code in every host.
 */
import type { Value } from '../data';
import type { GraphDocument } from '../graph/document';
import { expandBlocks } from '../graph/expand';
import type { DocumentRun, HostEvent, NodeDone, PortRef } from '../protocol';
import { compareDetail, frequencyResponse } from './analysis';
import type { Engine } from './engine';
import { toFullValue } from './full-value';
import { makePreview, type Preview } from './preview';
import { answerProbe, dropProbeState } from './probe';
import { runProfile } from './profile';

// The messages live apart (worker-messages.ts) so that a host's thread reads them without loading the engine.
import { runOfMessage, type EngineRequest, type FromWorker } from './worker-messages';

/** What the shell gives the core: how to answer, and how to wait for the event loop. */
export interface WorkerShell {
  post(message: FromWorker): void;
  /** Loads the SIMD kernels (or settles on the plain path) before the first run or profile. */
  loadKernels(): Promise<unknown>;
  /** Lets queued messages out between a profile's timings. */
  yieldToEvents(): Promise<void>;
  now(): number;
  /**
   * Calls `task` once the current task is over and the worker waits for events (Node's
   * setImmediate); default a zero-delay timer. Held results leave then, when a run awaits.
   */
  afterTask?(task: () => void): void;
}

/** The engine and what a probe reads besides the memo, once the shell has built them. */
export interface WorkerEngine {
  readonly engine: Engine;
  /** True once a newer run superseded `runId` (the shell's cancel cell). */
  isCancelled(runId: number): boolean;
  readonly memoryLimit?: number;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly readModel?: (name: string) => Promise<Uint8Array>;
}

export interface EngineWorkerCore {
  /** Starts answering runs and questions with this engine (the kernels load first). */
  start(setup: WorkerEngine): void;
  /** Runs `task` after everything queued so far (runs, probes): a new base folder, say. */
  enqueue(task: () => void | Promise<void>): void;
  handle(message: EngineRequest): void;
}

/**
 * A node whose last computation took less than this (ms) is quick: its start is held until
 * something else leaves, and a quick sink's result rides with the node it shows.
 */
export const QUICK_NODE_MS = 1;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createEngineWorkerCore(shell: WorkerShell): EngineWorkerCore {
  let setup: WorkerEngine | undefined;
  /** The last completed run's document, which a probe reads its node's params from. */
  let probeDocument: GraphDocument | undefined;
  /** The document of the last run message, which the next run message may edit (EngineRequest). */
  let held: GraphDocument | undefined;
  let queue: Promise<void> = Promise.resolve();

  // Events wait in an outbox and leave together as one message: every message wakes the host,
  // its socket, the page's network and main threads, which on a loaded machine take the cores the
  // run needs. Results that cost nothing to report (cached, skipped, refused nodes) merge into one
  // nodesDone: a param change in a 300-node graph reports its cached nodes in one message instead
  // of one each. A node that computed leaves as soon as the engine does anything but a quick sink
  // — a node starting to compute, cached nodes to report, the run ending — with what waited
  // before it: it is what the user waits to see. Quick is a node that took under QUICK_NODE_MS
  // last time. A quick node's start is held while no computed result waits (only the run's
  // start and unchanged results wait with it, and the page draws a node as running only after
  // 150 ms), and dropped when its result follows: a param change of a kernel is one message up to
  // the node that computes with it. A quick sink's start is held even then, and its result joins
  // the node it shows: it only hands on that value, so the node and the sink showing it are one
  // message, which the page draws in one change. Anything else that starts leaves at once (nothing
  // computed waits behind a computation), and so does progress, the run's end, and whatever is
  // held when the worker waits for events (a node awaiting band threads or a file).
  const events: HostEvent[] = [];
  /** A computed node's result is held: it leaves with the next event that is not a quick sink's. */
  let holdsComputed = false;
  let flushQueued = false;
  /** The node computing now (between its nodeStart and its result). */
  let computing: string | undefined;
  /** The node whose start is held, because it is quick (it leaves with its result). */
  let heldStart: string | undefined;
  /** Each node's type and the ms of its last computation (what makes a node quick). */
  let types = new Map<string, string>();
  const lastMs = new Map<string, number>();
  // Every runtime Convolab runs in has setTimeout (the shared layer is typed without its globals).
  const timers = globalThis as unknown as { setTimeout(task: () => void, ms: number): unknown };
  const afterTask = shell.afterTask ?? ((task: () => void) => void timers.setTimeout(task, 0));
  const flush = (): void => {
    holdsComputed = false;
    heldStart = undefined;
    if (events.length === 0) return;
    const batch = events.splice(0);
    shell.post(batch.length === 1 ? { kind: 'event', event: batch[0]! } : { kind: 'events', events: batch });
  };
  const hold = (event: HostEvent): void => {
    events.push(event);
    if (flushQueued) return;
    flushQueued = true;
    afterTask(() => {
      flushQueued = false;
      flush();
    });
  };
  /** An event that leaves now, with what waited before it. */
  const post = (event: HostEvent): void => {
    events.push(event);
    flush();
  };
  const holdsStartOf = (id: string): boolean =>
    (lastMs.get(id) ?? Infinity) < QUICK_NODE_MS && (!holdsComputed || (types.get(id)?.startsWith('sink.') ?? false));
  const postStart = (runId: number, id: string): void => {
    computing = id;
    if (holdsStartOf(id)) {
      heldStart = id;
      hold({ kind: 'nodeStart', runId, id });
    } else post({ kind: 'nodeStart', runId, id });
  };
  const postDone = (runId: number, done: NodeDone): void => {
    const id = done.report.id;
    const fresh = id === computing;
    if (fresh) {
      computing = undefined;
      if (done.report.ms !== undefined) lastMs.set(id, done.report.ms);
      // Its start never left: the result says all the start would have.
      const start = events.at(-1);
      if (heldStart === id && start?.kind === 'nodeStart' && start.id === id) events.pop();
      heldStart = undefined;
    } else if (holdsComputed) flush();
    // Results one after another go as one nodesDone (its list is this outbox's own until it leaves).
    const last = events.at(-1);
    if (last?.kind === 'nodesDone' && last.runId === runId) (last.nodes as NodeDone[]).push(done);
    else hold({ kind: 'nodesDone', runId, nodes: [done] });
    if (fresh) holdsComputed = true;
  };

  /**
   * Previews by value: wire values are never changed once made, and a sink's value is usually the
   * very object its upstream node output (a 2048² image would otherwise be summarised twice).
   */
  const previews = new WeakMap<Value, Preview>();
  const previewOf = (value: Value): Preview => {
    let preview = previews.get(value);
    if (!preview) {
      preview = makePreview(value);
      previews.set(value, preview);
    }
    return preview;
  };

  // What each node's previews were when last posted, under which version: previews made from the
  // very same values (a cached node's) are not posted again, only their version.
  const posted = new Map<string, { readonly shown: Readonly<Record<string, Preview>>; readonly version: number }>();
  let lastVersion = 0;
  const samePreviews = (a: Readonly<Record<string, Preview>>, b: Readonly<Record<string, Preview>>): boolean => {
    const names = Object.keys(a);
    return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
  };

  const runGraph = async (runId: number, request: DocumentRun): Promise<void> => {
    if (!setup) throw new Error('engine worker used before init');
    const { engine } = setup;
    const isCancelled = (): boolean => setup?.isCancelled(runId) ?? true;
    if (isCancelled()) {
      post({ kind: 'runEnd', runId, status: 'cancelled', ms: 0 });
      return;
    }
    hold({ kind: 'runStart', runId });
    if (request.resend) posted.clear();
    // Nodes run, report and answer probes under their flat ids (a block's inner node: `conv1/fft`).
    const flat = expandBlocks(request.doc).document;
    types = new Map(flat.nodes.map((node) => [node.id, node.type]));
    const present = new Set(flat.nodes.map((node) => node.id));
    for (const id of posted.keys()) if (!present.has(id)) posted.delete(id);
    for (const id of lastMs.keys()) if (!present.has(id)) lastMs.delete(id);
    dropProbeState();
    probeDocument = undefined;
    try {
      const result = await engine.run(request.doc, {
        isCancelled,
        onNodeStart: (id) => postStart(runId, id),
        onProgress: (id, fraction) => post({ kind: 'nodeProgress', runId, id, fraction }),
        onNodeDone: (outcome) => {
          const shown: Record<string, Preview> = {};
          for (const [name, value] of Object.entries(outcome.outputs)) shown[name] = previewOf(value);
          if (outcome.sink) shown.sink = previewOf(outcome.sink);
          const last = posted.get(outcome.report.id);
          if (last && samePreviews(last.shown, shown)) {
            postDone(runId, { report: outcome.report, previewVersion: last.version });
            return;
          }
          const version = ++lastVersion;
          posted.set(outcome.report.id, { shown, version });
          postDone(runId, { report: outcome.report, previews: shown, previewVersion: version });
        },
      });
      if (result.status === 'done') probeDocument = flat;
      post({ kind: 'runEnd', runId, status: result.status, ms: result.ms });
    } catch (error) {
      post({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: messageOf(error) });
    }
  };

  /** A value the memo holds for a port, when its node ran fine. */
  const memoValue = (ref: PortRef): Value | undefined => {
    const outcome = setup?.engine.outcome(ref.node);
    if (!outcome || outcome.report.status !== 'ok') return undefined;
    return ref.port === 'sink' ? outcome.sink : outcome.outputs[ref.port];
  };

  const answer = (message: Extract<EngineRequest, { kind: 'compare' | 'response' }>): FromWorker => {
    const { requestId } = message;
    try {
      let result: unknown;
      if (message.kind === 'compare') {
        const a = memoValue(message.a);
        const b = memoValue(message.b);
        result = a && b ? compareDetail(a, b, message.options, setup!.engine.memoryBudget) : undefined;
      } else {
        const value = memoValue(message.ref);
        result = value ? frequencyResponse(value, message.options, setup!.engine.memoryBudget) : undefined;
      }
      return typeof result === 'string' ? { kind: 'answer', requestId, value: undefined, error: result } : { kind: 'answer', requestId, value: result };
    } catch (error) {
      return { kind: 'answer', requestId, value: undefined, error: messageOf(error) };
    }
  };

  const enqueue = (task: () => void | Promise<void>): void => {
    queue = queue.then(task);
  };

  return {
    start(engineSetup) {
      // The DSP core's SIMD kernels (or the plain path) before any run.
      enqueue(() => shell.loadKernels().then(() => undefined));
      setup = engineSetup;
    },
    enqueue,
    handle(message) {
      switch (message.kind) {
        case 'getValue': {
          // Answered at once from the memo (not queued behind runs): the view wants what is on screen.
          const outcome = setup?.engine.outcome(message.nodeId);
          const value = outcome ? (message.port === 'sink' ? outcome.sink : outcome.outputs[message.port]) : undefined;
          shell.post({
            kind: 'value',
            requestId: message.requestId,
            value: value && outcome?.report.status === 'ok' ? toFullValue(value, message.options) : undefined,
          });
          return;
        }
        case 'compare':
        case 'response':
          shell.post(answer(message));
          return;
        case 'probe': {
          // Behind the runs, so it reads the memo of a finished run (and a long forward pass waits its turn).
          const { requestId } = message;
          enqueue(async () => {
            let reply: FromWorker;
            try {
              const result = setup ? await answerProbe({ ...setup, document: probeDocument }, message.nodeId, message.probe, message.args) : undefined;
              reply = typeof result === 'string' ? { kind: 'answer', requestId, value: undefined, error: result } : { kind: 'answer', requestId, value: result };
            } catch (error) {
              reply = { kind: 'answer', requestId, value: undefined, error: messageOf(error) };
            }
            shell.post(reply);
          });
          return;
        }
        case 'profile':
          // The same DSP path as the engine's runs (SIMD kernels unless switched off), so the
          // profile times what the graph computes.
          void shell.loadKernels().then(() =>
            runProfile(message.profileId, message.request, { emit: post, now: () => shell.now(), yield: () => shell.yieldToEvents() }),
          );
          return;
        case 'run': {
          // The document is made as the message comes (an edit applies to the one before it, in
          // the order they were sent); the runs are queued, and a superseded one notices its
          // cancelled id and ends at once.
          const { runId, request } = message;
          let run: DocumentRun;
          try {
            run = runOfMessage(held, request);
          } catch (error) {
            // The host sends the next run whole after a failed one.
            held = undefined;
            enqueue(() => post({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: `the engine worker could not apply the run's edit (${messageOf(error)}): run the graph again` }));
            return;
          }
          held = run.doc;
          enqueue(() => runGraph(runId, run));
          return;
        }
      }
    },
  };
}
