/**
 * One worker of a batch run's pool (batch-pool.ts): owns one engine, kept warm from input to
 * input, and runs the jobs it is sent one at a time, each into its input's folder, with the code
 * a single `convolab run` uses (run-graph.ts). The engine's memo carries over between inputs, so
 * what does not depend on the input (an impulse response, a kernel) is computed once per worker.
 */
import { mkdir } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import type { Engine } from '../../src-shared/engine/engine';
import { loadSimd } from '../dsp/simd';
import { createParallelDsp } from '../host/parallel';
import type { FromBatchWorker, JobReport, ToBatchWorker } from './batch-messages';
import { createRunEngine, runGraphInto } from './run-graph';

if (!parentPort) throw new Error('the batch worker must run in a worker thread');
const port = parentPort;

let engine: Promise<Engine> | undefined;
let queue: Promise<void> = Promise.resolve();

async function startEngine(message: Extract<ToBatchWorker, { kind: 'init' }>): Promise<Engine> {
  // The DSP core's SIMD kernels (or, with CONVOLAB_SIMD=0, the plain path), as in every engine.
  await loadSimd();
  const url = message.bandWorkerUrl;
  const parallel = message.bandThreads > 1
    ? createParallelDsp({ threads: message.bandThreads, immutableInputs: true, workerUrl: url.startsWith('file:') ? new URL(url) : url })
    : undefined;
  return createRunEngine({ graphDir: message.graphDir, ...(parallel ? { parallel } : {}) });
}

async function runJob(message: Extract<ToBatchWorker, { kind: 'job' }>): Promise<FromBatchWorker> {
  const started = performance.now();
  try {
    if (!engine) throw new Error('batch worker used before init');
    const ready = await engine;
    try {
      await mkdir(message.outDir, { recursive: true });
    } catch (error) {
      throw new Error(`cannot make the folder ${message.outDir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const result = await runGraphInto(ready, message.document, new Map(message.names), message.outDir);
    const report: JobReport = {
      nodeCount: result.nodeCount,
      failed: result.failed.map((node) => `${node.id} (${node.type}): ${node.error ?? 'failed'}`),
      skipped: result.skipped.length,
      failedChecks: result.failedChecks,
      values: result.values,
    };
    return { kind: 'done', id: message.id, ms: performance.now() - started, report };
  } catch (error) {
    return { kind: 'done', id: message.id, ms: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
}

port.on('message', (message: ToBatchWorker) => {
  if (message.kind === 'init') {
    engine = startEngine(message);
    // A failure to start shows on the first job; keep it from being an unhandled rejection meanwhile.
    engine.catch(() => undefined);
    return;
  }
  queue = queue.then(async () => port.postMessage((await runJob(message)) satisfies FromBatchWorker));
});
