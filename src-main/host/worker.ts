/**
 * The engine's worker thread: owns one Engine (and so the memo of every node's output), runs
 * graphs on request and posts each node's report and preview as it finishes
 * (src-shared/engine/worker-core.ts does that; this shell gives it Node's file access and band
 * pool). Cancellation arrives through a shared cell that holds the newest run id, so even a long
 * synchronous loop inside a node sees it without waiting for the message queue.
 */
import { isAbsolute, resolve } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { bufferPoolFor } from '../../src-shared/dsp/buffer-pool';
import { DEFAULT_MEMORY_LIMIT, Engine } from '../../src-shared/engine/engine';
import { moreMemoryOf } from '../../src-shared/engine/memory-advice';
import { createEngineWorkerCore } from '../../src-shared/engine/worker-core';
import { loadSimd } from '../dsp/simd';
import { ConfinedFolder, confinedReader, describeReadError } from '../files/folder';
import { shippedModelReader } from '../files/models';
import { FileReadRefused, readRegularFile } from '../files/regular';
import type { FromWorker, ToWorker } from './messages';
import { createParallelDsp, type ParallelDsp } from './parallel';

if (!parentPort) throw new Error('the engine worker must run in a worker thread');
const port = parentPort;

let parallel: ParallelDsp | undefined;
/** Where relative paths in params resolve (the open document's folder). */
let baseDir = '.';
let engine: Engine | undefined;
/** The run budget (init's, then the host's `memoryLimit` messages): what a file or model read may hold too. */
let memoryLimit = DEFAULT_MEMORY_LIMIT;

const core = createEngineWorkerCore({
  post: (message: FromWorker) => port.postMessage(message),
  loadKernels: () => loadSimd(),
  // Let each progress event leave before a long timing starts.
  yieldToEvents: () => new Promise((done) => setImmediate(done)),
  now: () => performance.now(),
  afterTask: (task) => void setImmediate(task),
});

port.on('message', (message: ToWorker) => {
  if (message.kind === 'init') {
    const cell = new Int32Array(message.cancelCell);
    baseDir = message.baseDir;
    memoryLimit = message.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    // A refusal for memory names this host's way to a larger budget (the desktop app's setting).
    const moreMemory = message.moreMemory !== undefined ? moreMemoryOf(message.moreMemory) : undefined;
    // The desktop reads where the graph's paths say, but only regular files within the run's
    // budget: a path to /dev/zero or a pipe is refused, not read until memory runs out.
    const readAnywhere = async (path: string): Promise<Uint8Array> => {
      try {
        return await readRegularFile(isAbsolute(path) ? path : resolve(baseDir, path), memoryLimit);
      } catch (error) {
        const more = error instanceof FileReadRefused && error.needed !== undefined ? moreMemory?.(error.needed) : undefined;
        throw new Error(describeReadError(path, error) + (more !== undefined ? `, or ${more}` : ''));
      }
    };
    // 2-D convolution and backprojection split into row bands over both cores. The pool's
    // threads are this worker's children: replacing this worker ends them too.
    parallel ??= createParallelDsp({ immutableInputs: true, workerUrl: message.bandWorkerUrl.startsWith('file:') ? new URL(message.bandWorkerUrl) : message.bandWorkerUrl });
    if (message.warmBands) parallel.warm?.();
    const readFile = message.confineFilesTo !== undefined ? confinedReader(new ConfinedFolder(message.confineFilesTo), () => baseDir) : readAnywhere;
    const readModel = (name: string): Promise<Uint8Array> => shippedModelReader(memoryLimit)(name);
    engine = new Engine({
      parallel,
      // Large outputs reuse the memory of replaced ones: what leaves this worker is a copy
      // (postMessage clones; previews and full values are made from the memo, never kept).
      bufferPool: bufferPoolFor(memoryLimit),
      memoryLimit,
      ...(moreMemory ? { moreMemory } : {}),
      readFile,
      readModel,
    });
    core.start({
      engine,
      isCancelled: (runId) => Atomics.load(cell, 0) !== runId,
      readFile,
      readModel,
      // A probe's budget is the engine's, as it is now.
      get memoryLimit() {
        return memoryLimit;
      },
    });
    return;
  }
  if (message.kind === 'memoryLimit') {
    // In line with the runs, as the folder is: a run already going keeps the budget it started with.
    core.enqueue(() => {
      memoryLimit = message.memoryLimit;
      engine?.setMemoryLimit(message.memoryLimit);
    });
    return;
  }
  if (message.kind === 'baseDir') {
    // In line with the runs, so a run already going keeps the folder it started with.
    core.enqueue(() => {
      baseDir = message.baseDir;
      engine?.clear();
    });
    return;
  }
  core.handle(message);
});
