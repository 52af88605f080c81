/**
 * The engine's worker thread: owns one Engine (and so the memo of every node's output), runs
 * graphs on request and posts each node's report and preview as it finishes. Cancellation
 * arrives through a shared cell that holds the newest run id, so even a long synchronous loop
 * inside a node sees it without waiting for the message queue.
 */
import { isAbsolute, resolve } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { DEFAULT_MEMORY_LIMIT, Engine } from '../../src-shared/engine/engine';
import { makePreview, type Preview } from '../../src-shared/engine/preview';
import type { Value } from '../../src-shared/data';
import type { GraphDocument } from '../../src-shared/graph/document';
import { arrayPlanes, complexPlane, downscaleByFactor } from '../../src-shared/dsp/downscale';
import { volumeImage } from '../../src-shared/dsp/mip';
import type { FullValue, HostEvent, PortRef, ValueOptions } from '../../src-shared/protocol';
import { loadSimd } from '../dsp/simd';
import { ConfinedFolder, confinedReader, describeReadError } from '../files/folder';
import { shippedModelReader } from '../files/models';
import { readRegularFile } from '../files/regular';
import { compareDetail, frequencyResponse } from './analysis';
import { ownBuffer, strided } from './encode';
import type { FromWorker, ToWorker } from './messages';
import { createParallelDsp, type ParallelDsp } from './parallel';
import { answerProbe, dropProbeState } from './probe';
import { runProfile } from './profile';

if (!parentPort) throw new Error('the engine worker must run in a worker thread');
const port = parentPort;

let engine: Engine | undefined;
let parallel: ParallelDsp | undefined;
let cancelCell: Int32Array | undefined;
let queue: Promise<void> = Promise.resolve();
/** Where relative paths in params resolve (the open document's folder). */
let baseDir = '.';
/** What a probe reads besides the memo: the last completed run's document, and the engine's file access. */
let probeHost: { document: GraphDocument | undefined; memoryLimit?: number; readFile: (path: string) => Promise<Uint8Array>; readModel: (name: string) => Promise<Uint8Array> } | undefined;

function post(event: HostEvent): void {
  port.postMessage({ kind: 'event', event } satisfies FromWorker);
}

/**
 * Previews by value: wire values are never changed once made, and a sink's value is usually the
 * very object its upstream node output (a 2048² image would otherwise be summarised twice).
 */
const previews = new WeakMap<Value, Preview>();

function previewOf(value: Value): Preview {
  let preview = previews.get(value);
  if (!preview) {
    preview = makePreview(value);
    previews.set(value, preview);
  }
  return preview;
}

async function runGraph(runId: number, message: Extract<ToWorker, { kind: 'run' }>): Promise<void> {
  if (!engine || !cancelCell) throw new Error('engine worker used before init');
  const cell = cancelCell;
  const isCancelled = (): boolean => Atomics.load(cell, 0) !== runId;
  if (isCancelled()) {
    post({ kind: 'runEnd', runId, status: 'cancelled', ms: 0 });
    return;
  }
  post({ kind: 'runStart', runId });
  dropProbeState();
  if (probeHost) probeHost.document = undefined;
  try {
    const result = await engine.run(message.request.doc, {
      isCancelled,
      onNodeStart: (id) => post({ kind: 'nodeStart', runId, id }),
      onProgress: (id, fraction) => post({ kind: 'nodeProgress', runId, id, fraction }),
      onNodeDone: (outcome) => {
        const shown: Record<string, Preview> = {};
        for (const [name, value] of Object.entries(outcome.outputs)) shown[name] = previewOf(value);
        if (outcome.sink) shown.sink = previewOf(outcome.sink);
        post({ kind: 'nodeDone', runId, report: outcome.report, previews: shown });
      },
    });
    if (probeHost && result.status === 'done') probeHost.document = message.request.doc;
    post({ kind: 'runEnd', runId, status: result.status, ms: result.ms });
  } catch (error) {
    post({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: error instanceof Error ? error.message : String(error) });
  }
}

/** A wire's value as it crosses to the renderer: arrays on buffers of their own, large ones reduced. */
export function toFullValue(value: Value, options: ValueOptions): FullValue {
  const maxSamples = options.maxSamples ?? 1 << 22;
  const maxSide = options.maxSide ?? 1024;
  switch (value.kind) {
    case 'signal': {
      const step = Math.max(1, Math.ceil(value.data.length / maxSamples));
      const data = ownBuffer(strided(value.data, step));
      return { kind: 'signal', start: value.start, rate: value.rate, length: value.data.length, step, data };
    }
    case 'spectrum': {
      const step = Math.max(1, Math.ceil(value.re.length / maxSamples));
      return {
        kind: 'spectrum',
        start: value.start,
        rate: value.rate,
        hermitian: value.hermitian,
        length: value.re.length,
        step,
        re: ownBuffer(strided(value.re, step)),
        im: ownBuffer(strided(value.im, step)),
      };
    }
    case 'image':
    case 'spectrum2d': {
      const factor = Math.max(1, Math.ceil(Math.max(value.width, value.height) / maxSide));
      const channels = value.kind === 'image' ? value.channels : 1;
      const planes =
        value.kind === 'image'
          ? arrayPlanes(value.data, value.width, value.height, channels)
          : complexPlane(value.re, value.im, value.width, value.height, Math.hypot);
      const scaled =
        factor === 1 && value.kind === 'image'
          ? { data: value.data, width: value.width, height: value.height }
          : downscaleByFactor(planes, factor);
      return {
        kind: 'image',
        fromSpectrum: value.kind === 'spectrum2d',
        fullWidth: value.width,
        fullHeight: value.height,
        width: scaled.width,
        height: scaled.height,
        channels,
        origin: { ...value.origin },
        data: ownBuffer(scaled.data),
      };
    }
    case 'volume':
      return toFullValue(volumeImage(value, options.slice), options);
    case 'value':
      return { kind: 'value', fields: { ...value.fields } };
  }
}

/** A value the memo holds for a port, when its node ran fine. */
function memoValue(ref: PortRef): Value | undefined {
  const outcome = engine?.outcome(ref.node);
  if (!outcome || outcome.report.status !== 'ok') return undefined;
  return ref.port === 'sink' ? outcome.sink : outcome.outputs[ref.port];
}

function answer(message: Extract<ToWorker, { kind: 'compare' | 'response' }>): Extract<FromWorker, { kind: 'answer' }> {
  const { requestId } = message;
  try {
    let result: unknown;
    if (message.kind === 'compare') {
      const a = memoValue(message.a);
      const b = memoValue(message.b);
      result = a && b ? compareDetail(a, b, message.options) : undefined;
    } else {
      const value = memoValue(message.ref);
      result = value ? frequencyResponse(value, message.options) : undefined;
    }
    return typeof result === 'string' ? { kind: 'answer', requestId, value: undefined, error: result } : { kind: 'answer', requestId, value: result };
  } catch (error) {
    return { kind: 'answer', requestId, value: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'init') {
    // The DSP core's SIMD kernels (or, with CONVOLAB_SIMD=0, the plain path) before any run.
    queue = queue.then(() => loadSimd()).then(() => undefined);
    cancelCell = new Int32Array(message.cancelCell);
    baseDir = message.baseDir;
    // The desktop reads where the graph's paths say, but only regular files within the run's
    // budget: a path to /dev/zero or a pipe is refused, not read until memory runs out.
    const readAnywhere = async (path: string): Promise<Uint8Array> => {
      try {
        return await readRegularFile(isAbsolute(path) ? path : resolve(baseDir, path), message.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
      } catch (error) {
        throw new Error(describeReadError(path, error));
      }
    };
    // 2-D convolution and backprojection split into row bands over both cores. The pool's
    // threads are this worker's children: replacing this worker ends them too.
    parallel ??= createParallelDsp({ immutableInputs: true, workerUrl: message.bandWorkerUrl.startsWith('file:') ? new URL(message.bandWorkerUrl) : message.bandWorkerUrl });
    const readFile = message.confineFilesTo !== undefined ? confinedReader(new ConfinedFolder(message.confineFilesTo), () => baseDir) : readAnywhere;
    const readModel = shippedModelReader(message.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
    engine = new Engine({
      parallel,
      ...(message.memoryLimit !== undefined ? { memoryLimit: message.memoryLimit } : {}),
      readFile,
      readModel,
    });
    probeHost = { document: undefined, readFile, readModel, ...(message.memoryLimit !== undefined ? { memoryLimit: message.memoryLimit } : {}) };
    return;
  }
  if (message.kind === 'getValue') {
    // Answered at once from the memo (not queued behind runs): the view wants what is on screen.
    const outcome = engine?.outcome(message.nodeId);
    const value = outcome ? (message.port === 'sink' ? outcome.sink : outcome.outputs[message.port]) : undefined;
    port.postMessage({
      kind: 'value',
      requestId: message.requestId,
      value: value && outcome?.report.status === 'ok' ? toFullValue(value, message.options) : undefined,
    } satisfies FromWorker);
    return;
  }
  if (message.kind === 'baseDir') {
    // In line with the runs, so a run already going keeps the folder it started with.
    queue = queue.then(() => {
      baseDir = message.baseDir;
      engine?.clear();
    });
    return;
  }
  if (message.kind === 'compare' || message.kind === 'response') {
    port.postMessage(answer(message) satisfies FromWorker);
    return;
  }
  if (message.kind === 'probe') {
    // Behind the runs, so it reads the memo of a finished run (and a long forward pass waits its turn).
    const { requestId } = message;
    queue = queue.then(async () => {
      let reply: FromWorker;
      try {
        const result = engine && probeHost ? await answerProbe({ ...probeHost, engine }, message.nodeId, message.probe, message.args) : undefined;
        reply = typeof result === 'string' ? { kind: 'answer', requestId, value: undefined, error: result } : { kind: 'answer', requestId, value: result };
      } catch (error) {
        reply = { kind: 'answer', requestId, value: undefined, error: error instanceof Error ? error.message : String(error) };
      }
      port.postMessage(reply);
    });
    return;
  }
  if (message.kind === 'profile') {
    // The same DSP path as the engine's runs (SIMD kernels unless switched off), so the profile
    // times what the graph computes.
    void loadSimd().then(() =>
      runProfile(message.profileId, message.request, {
        emit: post,
        now: () => performance.now(),
        // Let each progress event leave before a long timing starts.
        yield: () => new Promise((resolve) => setImmediate(resolve)),
      }),
    );
    return;
  }
  // Runs are queued: a superseded run notices its cancelled id and ends at once.
  queue = queue.then(() => runGraph(message.runId, message));
});
