/**
 * Node's band workers stay awake between bands (src-main/host/parallel/worker.ts: a bounded spin,
 * then a bounded Atomics.wait, then their event loop) and the calling thread waits for the last
 * reply in a blocking wait (BandWorker.awaitReply): results as before, and no CPU once idle.
 */
import { describe, expect, it } from 'vitest';
import { createParallelDsp } from '../../src-main/host/parallel';
import { convolve2d, gaussianKernel2d } from '../../src-shared/dsp';
import { type BandWorker, createBandPool } from '../../src-shared/dsp/band-pool';
import { type BandReply, runBandTask } from '../../src-shared/dsp/band-tasks';

function differing(a: Float32Array, b: Float32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!(a[i] === b[i])) n++;
  return n;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU ms of every thread of this process over `ms` of waiting. */
async function cpuOver(ms: number): Promise<number> {
  const from = process.cpuUsage();
  await sleep(ms);
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/**
 * Runs jobs until the worker has computed a band (it takes up to a second or two to start here;
 * until then the caller takes its bands over): a count, not a time.
 */
async function untilWorkerComputes(dsp: ReturnType<typeof createParallelDsp>): Promise<void> {
  for (let n = 0; n < 1000 && dsp.stats.tasksPosted - dsp.stats.bandsTakenOver === 0; n++) {
    await dsp.convolve2d(image, w, h, kernel, 13, 13, { mode: 'same' });
    await sleep(10);
  }
  expect(dsp.stats.tasksPosted - dsp.stats.bandsTakenOver).toBeGreaterThan(0);
}

const w = 256, h = 240;
const image = Float32Array.from({ length: w * h }, (_, i) => Math.sin(i * 0.37) + ((i * 7919) % 17) / 17);
const kernel = gaussianKernel2d(2);

describe('band workers that stay awake between bands', () => {
  it('back-to-back and many-band jobs give the one-thread pixels, spinning or waiting, and the caller awaits replies', async () => {
    for (const wake of [undefined, { spinUs: 2000, waitMs: 50, readyUs: 1000 }, { spinUs: 0, waitMs: 0, readyUs: 0 }]) {
      const dsp = createParallelDsp({ threads: 2, minWork: 0, ...(wake ? { wake } : {}) });
      try {
        for (const method of ['separable', 'direct'] as const) {
          const single = convolve2d(image, w, h, kernel, 13, 13, { method, boundary: 'reflect', mode: 'same' }).data;
          for (let n = 0; n < 12; n++) {
            const split = await dsp.convolve2d(image, w, h, kernel, 13, 13, { method, boundary: 'reflect', mode: 'same' });
            expect(differing(split.data, single), `${JSON.stringify(wake)} ${method} ${n}`).toBe(0);
          }
        }
        // Many bands: two queued per worker, the second taken from its port while it is awake.
        const big = 61, many = new Float64Array(big * big).fill(1 / (big * big));
        const img = Float32Array.from({ length: 384 * 384 }, (_, i) => (i % 11) / 11);
        const single = convolve2d(img, 384, 384, many, big, big, { method: 'direct', mode: 'same' }).data;
        const split = await dsp.convolve2d(img, 384, 384, many, big, big, { method: 'direct', mode: 'same' });
        expect(differing(split.data, single)).toBe(0);
        expect(dsp.stats.workersStarted).toBe(1);
        // Each reply is taken once, by the event loop or by awaitReply: never more than were posted.
        expect(dsp.stats.repliesAwaited).toBeLessThanOrEqual(dsp.stats.tasksPosted);
      } finally {
        await dsp.dispose();
      }
    }
  });

  it('an idle pool costs no CPU once its worker\'s spin and wait are over, however long the spin', async () => {
    // A 0.2 s spin: a worker that never stopped spinning would burn ≈ 0.6 s of the 0.6 s below.
    const dsp = createParallelDsp({ threads: 2, minWork: 0, wake: { spinUs: 200_000, waitMs: 50, readyUs: 1000 } });
    try {
      await untilWorkerComputes(dsp);
      await sleep(400); // the spin (0.2 s) and the wait (0.05 s) end
      expect(await cpuOver(600)).toBeLessThan(150);
    } finally {
      await dsp.dispose();
    }
    // The default: no spin, a wait that sleeps.
    const quiet = createParallelDsp({ threads: 2, minWork: 0 });
    try {
      await untilWorkerComputes(quiet);
      await sleep(100);
      expect(await cpuOver(600)).toBeLessThan(150);
    } finally {
      await quiet.dispose();
    }
  });

  it('dispose ends a worker that is spinning', async () => {
    // A 30 s spin, started by the job's band: dispose must stop the thread, not wait for the spin.
    const dsp = createParallelDsp({ threads: 2, minWork: 0, wake: { spinUs: 30_000_000, waitMs: 50, readyUs: 1000 } });
    await untilWorkerComputes(dsp);
    await dsp.dispose();
    expect(await cpuOver(600)).toBeLessThan(150);
    await expect(dsp.convolve2d(image, w, h, kernel, 13, 13, { mode: 'same' })).rejects.toThrow(/disposed/);
  });
});

describe('the calling thread awaits its workers\' last replies (BandWorker.awaitReply)', () => {
  /**
   * A worker on this thread that computes each band as posted but answers only when the pool
   * awaits its reply (as a worker thread's reply waits in its port): a job then ends only if the
   * pool takes the replies by awaitReply.
   */
  function heldReplies(answerOnAwait: boolean) {
    const queued: BandReply[] = [];
    let listener: (reply: BandReply) => void = () => undefined;
    let awaited = 0;
    const worker: BandWorker = {
      post: (task) => void queued.push(runBandTask(task)),
      onReply: (l) => (listener = l),
      onError: () => undefined,
      awaitReply: () => {
        awaited++;
        const reply = answerOnAwait ? queued.shift() : undefined;
        if (reply) listener(reply);
        return reply !== undefined;
      },
      terminate: () => undefined,
    };
    const flush = () => {
      for (const reply of queued.splice(0)) listener(reply);
    };
    return { worker, flush, awaited: () => awaited };
  }
  const options = { method: 'separable', boundary: 'reflect', mode: 'same' } as const;
  const single = convolve2d(image, w, h, kernel, 13, 13, options).data;

  it('takes a computing worker\'s reply synchronously: the job ends with no event-loop turn for it', async () => {
    const held = heldReplies(true);
    const pool = createBandPool({ threads: 2, minWork: 0, startWorker: () => held.worker });
    const split = await pool.convolve2d(image, w, h, kernel, 13, 13, options);
    expect(differing(split.data, single)).toBe(0);
    expect(pool.stats.bandsTakenOver).toBe(0);
    expect(pool.stats.repliesAwaited).toBe(1);
    expect(held.awaited()).toBe(1);
    await pool.dispose();
  });

  it('a wait that times out falls back to the event loop, and the reply that comes later ends the job', async () => {
    const held = heldReplies(false);
    const pool = createBandPool({ threads: 2, minWork: 0, startWorker: () => held.worker });
    let ended = false;
    const job = pool.convolve2d(image, w, h, kernel, 13, 13, options).then((r) => ((ended = true), r));
    await sleep(20);
    expect(ended).toBe(false);
    expect(held.awaited()).toBe(1);
    held.flush();
    expect(differing((await job).data, single)).toBe(0);
    expect(pool.stats.repliesAwaited).toBe(0);
    await pool.dispose();
  });

  it('a job that may be split wakes its started workers before it posts; one too small for a split does not', async () => {
    const events: string[] = [];
    let listener: (reply: BandReply) => void = () => undefined;
    const pool = createBandPool({
      threads: 2, minWork: 1e5,
      startWorker: () => ({
        post: (task) => (events.push('post'), listener(runBandTask(task))),
        onReply: (l) => (listener = l),
        onError: () => undefined,
        wake: () => void events.push('wake'),
        terminate: () => undefined,
      }),
    });
    await pool.convolve2d(image, w, h, kernel, 13, 13, options);
    expect(events).toEqual(['post']); // no worker yet to wake
    events.length = 0;
    await pool.convolve2d(image, w, h, kernel, 13, 13, options);
    expect(events).toEqual(['wake', 'post']);
    events.length = 0;
    await pool.convolve2d(image.subarray(0, 16 * 16), 16, 16, kernel, 13, 13, options);
    expect(events).toEqual([]);
    await pool.dispose();
  });
});
