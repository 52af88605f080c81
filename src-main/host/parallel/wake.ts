/**
 * What a Node band worker (worker.ts) and its pool's host (index.ts) share to keep the worker
 * awake between bands (docs/image2d-performance.md, "Waking the worker").
 */
import type { MessagePort } from 'node:worker_threads';

/** Index of the count of tasks the pool has posted, in `BandWake.words`. */
export const POSTED = 0;
/** Index of the count of replies the worker has sent. */
export const REPLIED = 1;

export interface BandWake {
  /** Two Int32 counts, POSTED and REPLIED. */
  words: SharedArrayBuffer;
  /** The port the worker replies on (the pool's thread can take a reply from it synchronously). */
  replies: MessagePort;
  /** After a band, how long the worker spins on POSTED before it sleeps (µs; 0: no spin). */
  spinUs: number;
  /** Then how long it sleeps in Atomics.wait on POSTED before it goes back to its event loop (ms). */
  waitMs: number;
  /**
   * Woken from that wait with nothing posted (the pool is setting a job up, BandWorker.wake), how
   * long it spins for the task before it sleeps again (µs; 0: the pool does not wake it early).
   */
  readyUs: number;
}
