/**
 * A batch run's timeline, for measuring where an input's time goes (docs/batch-io.md): with
 * `CONVOLAB_BATCH_TRACE=FILE`, each batch worker appends one JSON line per input to FILE when the
 * input is answered: when it arrived, when its computing started and ended, when its files were
 * staged and committed (milliseconds since the epoch, the same clock for every thread),
 * and how many flushes its commit asked for. Without the variable nothing is recorded.
 */
import { appendFileSync } from 'node:fs';
import type { BufferPoolStats } from '../../src-shared/dsp/buffer-pool';
import { threadId } from 'node:worker_threads';

const file = process.env.CONVOLAB_BATCH_TRACE;

/** Milliseconds since the epoch, with a fraction: comparable between threads (each has its own `performance.now()`). */
export function traceClock(): number {
  return performance.timeOrigin + performance.now();
}

export const tracing = file !== undefined && file !== '';

export interface InputTrace {
  id: number;
  arrived: number;
  computeStart?: number;
  computeEnd?: number;
  commitStart?: number;
  commitEnd?: number;
  /** Files flushed and folders flushed for this input (a folder shared by a group counts once, for the group's first input). */
  fileFlushes?: number;
  folderFlushes?: number;
  /** Inputs whose files were flushed together with this one's (itself included). */
  group?: number;
  /** The worker's buffer pool's counts once this input was staged (since the worker started). */
  pool?: BufferPoolStats;
}

export function recordTrace(trace: InputTrace): void {
  if (!tracing) return;
  appendFileSync(file!, JSON.stringify({ thread: threadId, ...trace }) + '\n');
}
