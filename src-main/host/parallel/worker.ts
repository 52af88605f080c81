/**
 * A DSP band worker thread: computes the bands its pool hands over (src-shared/dsp/band-tasks.ts)
 * into SharedArrayBuffers, with the SIMD kernels loaded into this thread.
 *
 * Started by index.ts with a wake word (workerData, `BandWake`), it stays awake between bands:
 * after a band it spins for `spinUs` on the count of posted tasks, then sleeps in Atomics.wait on
 * it for up to `waitMs` (a futex: no CPU, and woken in tens of µs where a message to an idle event
 * loop takes hundreds, docs/image2d-performance.md, "Waking the worker"), taking each task posted
 * meanwhile with receiveMessageOnPort; only then does it go back to its event loop. The pool may
 * wake it ahead of a task, as it sets a job up (BandWorker.wake). Its replies go through their own
 * port, with a count the pool's thread can wait on the same way.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { runBandTask, type BandTask } from '../../../src-shared/dsp/band-tasks';
import { loadSimd } from '../../dsp/simd';
import { type BandWake, POSTED, REPLIED } from './wake';

// Each band worker loads the SIMD kernels into its own thread (CONVOLAB_SIMD=0 keeps the plain path).
await loadSimd();

const port = parentPort!; // a worker thread's module: there is a parent port
const wake = (workerData as { wake?: BandWake } | undefined)?.wake;
const words = wake ? new Int32Array(wake.words) : undefined;
const replies: MessagePort = wake?.replies ?? port;

function answer(task: BandTask): void {
  replies.postMessage(runBandTask(task));
  if (words) {
    Atomics.add(words, REPLIED, 1);
    Atomics.notify(words, REPLIED);
  }
}

/** Takes the tasks posted while awake, until none comes within the spin and the wait. */
function stayAwake(words: Int32Array, { spinUs, waitMs, readyUs }: BandWake): void {
  let spin = spinUs;
  for (;;) {
    // The count first, then the port: a task posted after the read changes the count, so the
    // wait below returns at once (index.ts posts the message before it counts it).
    const seen = Atomics.load(words, POSTED);
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) answer(m.message as BandTask);
    if (Atomics.load(words, POSTED) !== seen) continue;
    if (spin > 0) {
      const until = performance.now() + spin / 1000;
      while (Atomics.load(words, POSTED) === seen && performance.now() < until);
      spin = spinUs;
      if (Atomics.load(words, POSTED) !== seen) continue;
    }
    if (waitMs <= 0 || Atomics.wait(words, POSTED, seen, waitMs) === 'timed-out') return;
    // Woken with nothing posted: a job is being set up and its task follows.
    if (Atomics.load(words, POSTED) === seen) spin = Math.max(spinUs, readyUs);
  }
}

port.on('message', (task: BandTask) => {
  answer(task);
  if (words && wake) stayAwake(words, wake);
});
