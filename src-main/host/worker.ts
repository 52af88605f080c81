/**
 * The engine's worker thread: owns one Engine (and so the memo of every node's output), runs
 * graphs on request and posts each node's report and preview as it finishes. Cancellation
 * arrives through a shared cell that holds the newest run id, so even a long synchronous loop
 * inside a node sees it without waiting for the message queue.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { Engine } from '../../src-shared/engine/engine';
import { makePreview, type Preview } from '../../src-shared/engine/preview';
import type { HostEvent } from '../../src-shared/protocol';
import type { FromWorker, ToWorker } from './messages';

if (!parentPort) throw new Error('the engine worker must run in a worker thread');
const port = parentPort;

let engine: Engine | undefined;
let cancelCell: Int32Array | undefined;
let queue: Promise<void> = Promise.resolve();

function post(event: HostEvent): void {
  port.postMessage({ kind: 'event', event } satisfies FromWorker);
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
  try {
    const result = await engine.run(message.request.doc, {
      isCancelled,
      onNodeStart: (id) => post({ kind: 'nodeStart', runId, id }),
      onProgress: (id, fraction) => post({ kind: 'nodeProgress', runId, id, fraction }),
      onNodeDone: (outcome) => {
        const previews: Record<string, Preview> = {};
        for (const [name, value] of Object.entries(outcome.outputs)) previews[name] = makePreview(value);
        if (outcome.sink) previews.sink = makePreview(outcome.sink);
        post({ kind: 'nodeDone', runId, report: outcome.report, previews });
      },
    });
    post({ kind: 'runEnd', runId, status: result.status, ms: result.ms });
  } catch (error) {
    post({ kind: 'runEnd', runId, status: 'failed', ms: 0, error: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'init') {
    cancelCell = new Int32Array(message.cancelCell);
    const baseDir = message.baseDir;
    engine = new Engine({
      ...(message.memoryLimit !== undefined ? { memoryLimit: message.memoryLimit } : {}),
      readFile: async (path) => new Uint8Array(await readFile(isAbsolute(path) ? path : resolve(baseDir, path))),
    });
    port.postMessage({ kind: 'ready' } satisfies FromWorker);
    return;
  }
  // Runs are queued: a superseded run notices its cancelled id and ends at once.
  queue = queue.then(() => runGraph(message.runId, message));
});
