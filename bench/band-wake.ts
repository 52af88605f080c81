/**
 * How long a band worker takes to wake: from the caller's post to the worker's first instruction
 * on its task, per way of waking it and per idle gap between calls (docs/image2d-performance.md,
 * "Waking the worker"). Both ends stamp `process.hrtime.bigint()` (one monotonic clock for every
 * thread of the process) into shared memory; nothing goes through the caller's event loop.
 *   message: the worker idles in its event loop; postMessage of a band task's shape (three
 *            SharedArrayBuffers and a few numbers) wakes it, as the band pool does today.
 *   wait:    the worker blocks in Atomics.wait on a shared word; Atomics.notify wakes it.
 *   spin:    the worker spins on Atomics.load of that word (never sleeps).
 * After each wake the caller spins until the worker has stamped (so its own core is awake, as it
 * is when it computes its band), then sleeps the gap in Atomics.wait. Usage:
 *   node --import tsx bench/band-wake.ts [--calls 200] [--rounds 4] [--gaps 0,0.2,1,5,20] [--modes message,wait,spin]
 * Quote `uptime` with what it prints.
 */
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const calls = Number(option('calls', '200')), rounds = Number(option('rounds', '4'));
const gaps = option('gaps', '0,0.2,1,5,20').split(',').map(Number);
const modes = option('modes', 'message,wait,spin').split(',') as Array<'message' | 'wait' | 'spin'>;

/**
 * Control words: [0] the sequence number the caller posts, [1] the last one the worker stamped,
 * [2] stop, [3] parked (a spinning worker sleeps while the other lanes are measured).
 */
const SEQ = 0, SEEN = 1, STOP = 2, PARK = 3;

// Plain JavaScript (an eval worker needs no loader): stamps the time the moment it has its task.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const ctl = new Int32Array(workerData.ctl), stamps = new BigInt64Array(workerData.stamps);
const stamp = (seq) => { stamps[seq] = process.hrtime.bigint(); Atomics.store(ctl, ${SEEN}, seq); };
if (workerData.mode === 'message') {
  parentPort.on('message', (task) => stamp(task.id));
} else {
  let last = 0;
  for (;;) {
    if (workerData.mode === 'wait') Atomics.wait(ctl, ${SEQ}, last);
    else {
      while (Atomics.load(ctl, ${SEQ}) === last && Atomics.load(ctl, ${STOP}) === 0) {
        if (Atomics.load(ctl, ${PARK}) === 1) Atomics.wait(ctl, ${PARK}, 1);
      }
    }
    if (Atomics.load(ctl, ${STOP}) !== 0) break;
    last = Atomics.load(ctl, ${SEQ});
    stamp(last);
  }
}
`;

interface Lane {
  mode: (typeof modes)[number];
  worker: Worker;
  ctl: Int32Array;
  stamps: BigInt64Array;
  seq: number;
  /** µs per gap */
  latency: Map<number, number[]>;
}

const total = calls * gaps.length + 64;
const lanes: Lane[] = modes.map((mode) => {
  const ctl = new Int32Array(new SharedArrayBuffer(16));
  ctl[PARK] = 1;
  const stamps = new BigInt64Array(new SharedArrayBuffer(8 * (rounds * total + 1)));
  const worker = new Worker(workerSource, { eval: true, workerData: { mode, ctl: ctl.buffer, stamps: stamps.buffer } });
  return { mode, worker, ctl, stamps, seq: 0, latency: new Map(gaps.map((g) => [g, []])) };
});
await Promise.all(lanes.map((l) => new Promise((resolve) => l.worker.once('online', resolve))));
await new Promise((resolve) => setTimeout(resolve, 100));

const image = new SharedArrayBuffer(64), kernel = new SharedArrayBuffer(64), out = new SharedArrayBuffer(64);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
};

/** One wake: returns µs from the post to the worker's stamp. */
const wake = (lane: Lane): number => {
  const seq = ++lane.seq;
  const t0 = process.hrtime.bigint();
  if (lane.mode === 'message') {
    lane.worker.postMessage({
      kind: 'convolve2d', id: seq, y0: 0, y1: 512, image, width: 1024, height: 1024, kernel, kernelWidth: 19, kernelHeight: 19,
      options: { mode: 'same', boundary: 'reflect', method: 'separable' }, out,
    });
  } else {
    Atomics.store(lane.ctl, SEQ, seq);
    if (lane.mode === 'wait') Atomics.notify(lane.ctl, SEQ);
  }
  while (Atomics.load(lane.ctl, SEEN) !== seq);
  return Number(lane.stamps[seq]! - t0) / 1000;
};

for (let r = 0; r < rounds; r++) {
  for (const lane of lanes) {
    Atomics.store(lane.ctl, PARK, 0);
    Atomics.notify(lane.ctl, PARK);
    for (const gap of gaps) {
      // A few calls to settle into the gap's rhythm, not counted.
      for (let n = 0; n < 3; n++) { sleep(gap); wake(lane); }
      const seen = lane.latency.get(gap)!;
      for (let n = 0; n < calls / rounds; n++) {
        sleep(gap);
        seen.push(wake(lane));
      }
    }
    Atomics.store(lane.ctl, PARK, 1);
  }
}

const pct = (s: number[], p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
process.stdout.write(`wake-up µs from post to the worker's first instruction, ${calls} calls per cell in ${rounds} rounds, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
process.stdout.write(`${'mode'.padEnd(8)} ${'gap ms'.padStart(6)}  ${['p10', 'p50', 'p90', 'max'].map((h) => h.padStart(8)).join('')}\n`);
for (const lane of lanes) {
  for (const gap of gaps) {
    const s = lane.latency.get(gap)!.sort((a, b) => a - b);
    process.stdout.write(`${lane.mode.padEnd(8)} ${String(gap).padStart(6)}  ${[pct(s, 0.1), pct(s, 0.5), pct(s, 0.9), s.at(-1)!].map((v) => v.toFixed(1).padStart(8)).join('')}\n`);
  }
}
for (const lane of lanes) {
  Atomics.store(lane.ctl, STOP, 1);
  Atomics.store(lane.ctl, SEQ, -1);
  Atomics.store(lane.ctl, PARK, 0);
  Atomics.notify(lane.ctl, SEQ);
  Atomics.notify(lane.ctl, PARK);
  await lane.worker.terminate();
}
