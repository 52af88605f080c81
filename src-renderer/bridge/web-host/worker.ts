/**
 * The web build's engine worker: a Web Worker running the same engine core as the desktop's
 * worker thread (src-shared/engine/worker-core.ts) with the WebAssembly SIMD kernels, and the
 * same band pool (src-shared/dsp/band-pool.ts) where the page is cross-origin isolated. It reads
 * no disk: a path param resolves to a file the user picked in this tab (kept here by name), and
 * the shipped models are fetched beside the page.
 */
import { bufferPoolFor } from '../../../src-shared/dsp/buffer-pool';
import { DEFAULT_MEMORY_LIMIT, Engine } from '../../../src-shared/engine/engine';
import { createEngineWorkerCore } from '../../../src-shared/engine/worker-core';
import type { FromWorker } from '../../../src-shared/engine/worker-messages';
import { createBandPool } from '../../../src-shared/dsp/band-pool';
import type { BandReply } from '../../../src-shared/dsp/band-tasks';
import type { ParallelDsp } from '../../../src-shared/dsp/parallel';
import { loadKernels } from './kernels';
import type { ToWebWorker } from './messages';
import { readPicked } from './picked';

/** The worker's global scope, typed by what this file uses (the renderer's types are the page's). */
const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWebWorker>) => void): void;
};

/** Files picked for path params, by the name the param holds. */
const picked = new Map<string, Blob>();
let engine: Engine | undefined;
let parallel: ParallelDsp | undefined;

/** The kernels, and a note on the page where they could not load. */
async function loadEngineKernels(): Promise<boolean> {
  const active = await loadKernels();
  if (!active && !warned) {
    warned = true;
    const message = 'This browser has no WebAssembly SIMD: the engine computes on the plain TypeScript path (slower)';
    scope.postMessage({ kind: 'event', event: { kind: 'notice', level: 'warning', message } });
  }
  return active;
}
let warned = false;

/**
 * 2-D and 3-D work in bands over Web Workers, where the page is cross-origin isolated (the bands
 * share their arrays through SharedArrayBuffer); elsewhere the engine computes on this thread.
 */
function bandPool(): ParallelDsp | undefined {
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) return undefined;
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  return createBandPool({
    threads: Math.min(8, Math.max(1, cores)),
    immutableInputs: true,
    startWorker: () => {
      const worker = new Worker(new URL('./band-worker.ts', import.meta.url), { type: 'module', name: 'convolab-band' });
      return {
        post: (task) => worker.postMessage(task),
        onReply: (listener) => worker.addEventListener('message', (event: MessageEvent<BandReply>) => listener(event.data)),
        onError: (listener) =>
          worker.addEventListener('error', (event) => {
            event.preventDefault();
            listener(new Error(`a DSP band worker failed (${event.message || 'it could not start'})`));
          }),
        terminate: () => worker.terminate(),
      };
    },
  });
}

const core = createEngineWorkerCore({
  post: (message) => scope.postMessage(message),
  loadKernels: loadEngineKernels,
  yieldToEvents: () => new Promise((done) => setTimeout(done, 0)),
  now: () => performance.now(),
});

/** The newest run: shared with the page when it is cross-origin isolated, else set as messages arrive. */
let cell: Int32Array<ArrayBufferLike> = new Int32Array(1);
/** True when the page writes `cell` (SharedArrayBuffer exists only in a cross-origin isolated page). */
let sharedCell = false;

scope.addEventListener('message', ({ data: message }) => {
  switch (message.kind) {
    case 'init': {
      if (message.cancelCell) {
        cell = new Int32Array(message.cancelCell);
        sharedCell = true;
      }
      const limit = message.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
      const readFile = (path: string): Promise<Uint8Array> => readPicked(picked, path, limit);
      const readModel = async (name: string): Promise<Uint8Array> => {
        if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`${name} is not a model's file name`);
        const response = await fetch(new URL(name, message.modelsUrl));
        if (!response.ok) throw new Error(`${name}: the model could not be fetched (HTTP ${response.status})`);
        return new Uint8Array(await response.arrayBuffer());
      };
      if (!parallel) {
        parallel = bandPool();
        // This is the editor's engine: its first 2-D preview should find the band workers awake.
        parallel?.warm?.();
      }
      // Large outputs reuse the memory of replaced ones: postMessage sends copies (full-value.ts).
      engine = new Engine({ readFile, readModel, bufferPool: bufferPoolFor(message.memoryLimit ?? DEFAULT_MEMORY_LIMIT), ...(parallel ? { parallel } : {}), ...(message.memoryLimit !== undefined ? { memoryLimit: message.memoryLimit } : {}) });
      core.start({
        engine,
        isCancelled: (runId) => Atomics.load(cell, 0) !== runId,
        readFile,
        readModel,
        ...(message.memoryLimit !== undefined ? { memoryLimit: message.memoryLimit } : {}),
      });
      return;
    }
    case 'cancel':
      // Only a local cell is written here: a shared one the page writes itself.
      if (!sharedCell && (message.runId === 0 || cell[0] === message.runId)) cell[0] = 0;
      return;
    case 'file':
      // In line with the runs (one going keeps its file); the same name may now be another file,
      // so nothing computed from the old one is reused.
      core.enqueue(() => {
        picked.set(message.name, message.file);
        engine?.clear();
      });
      return;
    case 'run':
      if (!sharedCell) {
        cell[0] = message.runId;
        // A run computes without giving the event loop a turn, so the newer runs sent meanwhile
        // are read only once it ends: one turn first lets them in, and a run they supersede
        // then ends at once instead of computing in full.
        core.enqueue(() => new Promise((done) => setTimeout(done, 0)));
      }
      core.handle(message);
      return;
    default:
      core.handle(message);
  }
});
