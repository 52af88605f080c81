/**
 * The web build's engine worker: a Web Worker running the same engine core as the desktop's
 * worker thread (src-shared/engine/worker-core.ts) with the WebAssembly SIMD kernels. It reads
 * no disk: a path param resolves to a file the user picked in this tab (kept here by name), and
 * the shipped models are fetched beside the page.
 */
import { DEFAULT_MEMORY_LIMIT, Engine } from '../../../src-shared/engine/engine';
import { createEngineWorkerCore, type FromWorker } from '../../../src-shared/engine/worker-core';
import { initSimd } from '../../../src-shared/dsp/simd/runtime';
import { base64ToBytes } from '../../../src-shared/io/base64';
import { dspWasmBase64 } from 'virtual:convolab-dsp-wasm';
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

let loaded: Promise<boolean> | undefined;

/**
 * The kernels once per worker; without WebAssembly SIMD the plain TypeScript path computes, and
 * the page says so. Whether they loaded is also `convolabSimd` on the worker's global, for the
 * browser's developer tools (and the end-to-end suite).
 */
function loadKernels(): Promise<boolean> {
  loaded ??= Promise.resolve().then(() => {
    const active = initSimd(base64ToBytes(dspWasmBase64));
    (globalThis as { convolabSimd?: boolean }).convolabSimd = active;
    if (!active) {
      const message = 'This browser has no WebAssembly SIMD: the engine computes on the plain TypeScript path (slower)';
      scope.postMessage({ kind: 'event', event: { kind: 'notice', level: 'warning', message } });
    }
    return active;
  });
  return loaded;
}

const core = createEngineWorkerCore({
  post: (message) => scope.postMessage(message),
  loadKernels,
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
      engine = new Engine({ readFile, readModel, ...(message.memoryLimit !== undefined ? { memoryLimit: message.memoryLimit } : {}) });
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
      // A run queued behind a superseded one skips it (the superseded one checks this cell).
      if (!sharedCell) cell[0] = message.runId;
      core.handle(message);
      return;
    default:
      core.handle(message);
  }
});
