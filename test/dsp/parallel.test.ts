import { afterAll, describe, expect, it } from 'vitest';
import { bandCount, createParallelDsp, splitRows } from '../../src-main/host/parallel';
import { backproject, convolve2d, gaussianKernel2d, projectionAngles } from '../../src-shared/dsp';
import { type BandWorker, createBandPool } from '../../src-shared/dsp/band-pool';
import { runBandTask } from '../../src-shared/dsp/band-tasks';
import { BufferPool, installBufferPool } from '../../src-shared/dsp/buffer-pool';
import type { ParallelDsp } from '../../src-shared/dsp/parallel';

/** How many elements differ (NaN counts as different). */
function differing(a: Float32Array, b: Float32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!(a[i] === b[i])) n++;
  return n;
}

describe('parallel DSP over worker_threads', () => {
  const dsp = createParallelDsp({ threads: 2, minWork: 0 });
  afterAll(() => dsp.dispose());
  const w = 96, h = 70;
  const image = Float32Array.from({ length: w * h }, (_, i) => Math.sin(i * 0.1) + ((i * 7919) % 13) / 13);

  it('splits rows into disjoint covering bands', () => {
    expect(splitRows(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]]);
  });
  it('2-D convolution in two workers equals the single-thread result, every method', async () => {
    const kernel = gaussianKernel2d(2);
    for (const method of ['separable', 'direct', 'fft'] as const) {
      for (const boundary of ['zero', 'reflect'] as const) {
        const single = convolve2d(image, w, h, kernel, 13, 13, { method, boundary, mode: 'same' });
        const parallel = await dsp.convolve2d(image, w, h, kernel, 13, 13, { method, boundary, mode: 'same' });
        expect(parallel.width).toBe(single.width);
        let err = 0;
        for (let i = 0; i < single.data.length; i++) err = Math.max(err, Math.abs(parallel.data[i] - single.data[i]));
        expect(err).toBeLessThan(1e-5);
      }
    }
  });
  it('cuts large jobs into bands of bounded work, a multiple of the threads, never thinner than 16 rows', () => {
    expect(bandCount(1e6, 512, 2)).toBe(2);
    for (const [work, rows, threads] of [[7e8, 2048, 2], [6e10, 4096, 2], [6e10, 100, 2], [1e9, 2048, 3], [1e12, 40, 2]] as const) {
      const bands = bandCount(work, rows, threads);
      expect(bands % threads === 0 || bands === Math.max(threads, Math.floor(rows / 16)), `${work} ${rows} ${threads}`).toBe(true);
      expect(bands).toBeGreaterThanOrEqual(threads);
      if (bands > threads) expect(rows / bands).toBeGreaterThanOrEqual(16);
      expect(work / bands <= 2 ** 27 || bands === Math.max(threads, Math.floor(rows / 16))).toBe(true);
    }
  });
  it('reports progress as bands finish, up to all rows', async () => {
    const big = createParallelDsp({ threads: 2, minWork: 0 });
    try {
      const side = 512, kernel = new Float64Array(31 * 31).fill(1 / 961);
      const img = Float32Array.from({ length: side * side }, (_, i) => (i % 7) / 7);
      const seen: number[] = [];
      const result = await big.convolve2d(img, side, side, kernel, 31, 31, { method: 'direct', mode: 'same' }, { progress: (f) => seen.push(f) });
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.at(-1)).toBe(1);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      const single = convolve2d(img, side, side, kernel, 31, 31, { method: 'direct', mode: 'same' });
      let err = 0;
      for (let i = 0; i < single.data.length; i++) err = Math.max(err, Math.abs(result.data[i] - single.data[i]));
      expect(err).toBeLessThan(1e-5);
    } finally {
      await big.dispose();
    }
  });
  it('stops dispatching bands once the caller says the run is cancelled', async () => {
    const side = 1024, k = 61;
    const kernel = new Float64Array(k * k).fill(1);
    const img = new Float32Array(side * side).fill(1);
    const bands = bandCount(side * side * k * k, side, 2);
    expect(bands).toBeGreaterThan(8);
    let finished = 0;
    const cancelled = new Error('superseded');
    const job = dsp.convolve2d(img, side, side, kernel, k, k, { method: 'direct', mode: 'same' }, {
      progress: () => finished++,
      checkCancelled: () => {
        if (finished >= 2) throw cancelled;
      },
    });
    await expect(job).rejects.toBe(cancelled);
    // Two bands finished, and at most one more per thread was already in flight.
    expect(finished).toBeLessThanOrEqual(2 + 2);
    expect(finished).toBeLessThan(bands);
  });
  it('a band that fails in its worker rejects the job with the worker\'s message', async () => {
    const side = 256, kernel = new Float64Array(49).fill(1 / 49);
    const img = new Float32Array(side * side).fill(1);
    const bogus = { method: 'bogus' } as unknown as Parameters<typeof dsp.convolve2d>[6];
    await expect(dsp.convolve2d(img, side, side, kernel, 7, 7, bogus)).rejects.toThrow("convolve2d: unknown method 'bogus'");
    // The pool still works afterwards.
    const after = await dsp.convolve2d(img, side, side, kernel, 7, 7, { mode: 'same' });
    expect(after.data[side * 128 + 128]).toBeCloseTo(1, 5);
  });
  it('backprojection in two workers equals the single-thread result', async () => {
    const angles = projectionAngles(30), detectors = 45;
    const sino = Float32Array.from({ length: 30 * detectors }, (_, i) => Math.cos(i * 0.05));
    const single = backproject(sino, detectors, angles, 32);
    const parallel = await dsp.backproject(sino, detectors, angles, 32);
    expect(Array.from(parallel)).toEqual(Array.from(single));
  });
});

describe('the calling thread computes bands beside its workers', () => {
  const dsp = createParallelDsp({ threads: 2, minWork: 0 });
  afterAll(() => dsp.dispose());

  it('two threads are one worker and the caller, and their pixels are bit-identical to one thread', async () => {
    const w = 101, h = 67;
    const image = Float32Array.from({ length: w * h }, (_, i) => Math.sin(i * 0.37) + ((i * 7919) % 17) / 17);
    const kernel = gaussianKernel2d(2);
    for (const method of ['separable', 'direct'] as const) {
      for (const boundary of ['zero', 'reflect', 'wrap'] as const) {
        const single = convolve2d(image, w, h, kernel, 13, 13, { method, boundary, mode: 'same' });
        const posted = dsp.stats.tasksPosted, onCaller = dsp.stats.bandsOnCaller, takenOver = dsp.stats.bandsTakenOver;
        const split = await dsp.convolve2d(image, w, h, kernel, 13, 13, { method, boundary, mode: 'same' });
        // Two bands: one posted to the worker, one on the caller, which also takes the worker's
        // over if the worker has not started it by then (the first call: the worker is starting).
        expect(dsp.stats.tasksPosted - posted, `${method} ${boundary}`).toBe(1);
        const byCaller = dsp.stats.bandsOnCaller - onCaller, byWorker = 1 - (dsp.stats.bandsTakenOver - takenOver);
        expect(byCaller + byWorker, `${method} ${boundary}`).toBe(2);
        expect(differing(split.data, single.data), `${method} ${boundary}`).toBe(0);
      }
    }
    expect(dsp.stats.workersStarted).toBe(1);
  });

  it('a job of many bands shares them between the caller and the worker, each band once, progress to the end', async () => {
    const side = 384, k = 61;
    const kernel = Float64Array.from({ length: k * k }, (_, i) => 1 + (i % 5));
    const img = Float32Array.from({ length: side * side }, (_, i) => (i % 11) / 11);
    const bands = bandCount(side * side * k * k, side, 2);
    expect(bands).toBeGreaterThan(2);
    const posted = dsp.stats.tasksPosted, onCaller = dsp.stats.bandsOnCaller, takenOver = dsp.stats.bandsTakenOver;
    const seen: number[] = [];
    const split = await dsp.convolve2d(img, side, side, kernel, k, k, { method: 'direct', mode: 'same' }, { progress: (f) => seen.push(f) });
    const byWorker = dsp.stats.tasksPosted - posted - (dsp.stats.bandsTakenOver - takenOver), byCaller = dsp.stats.bandsOnCaller - onCaller;
    // Which thread computes how many depends on the machine's load; each band is computed once.
    expect(byWorker + byCaller).toBe(bands);
    expect(byCaller).toBeGreaterThanOrEqual(1);
    expect(seen).toHaveLength(bands);
    expect(seen.at(-1)).toBe(1);
    const single = convolve2d(img, side, side, kernel, k, k, { method: 'direct', mode: 'same' });
    expect(differing(split.data, single.data)).toBe(0);
  });

  it('a band that fails on the calling thread rejects the job with its message, and the pool goes on', async () => {
    // Both bands fail; the caller's is the one computed here.
    const bogus = { method: 'bogus' } as unknown as Parameters<typeof dsp.convolve2d>[6];
    const onCaller = dsp.stats.bandsOnCaller;
    await expect(dsp.convolve2d(new Float32Array(64 * 64), 64, 64, new Float64Array(9), 3, 3, bogus)).rejects.toThrow("convolve2d: unknown method 'bogus'");
    expect(dsp.stats.bandsOnCaller).toBe(onCaller + 1);
    const after = await dsp.convolve2d(new Float32Array(64 * 64).fill(2), 64, 64, new Float64Array(9).fill(1 / 9), 3, 3, { mode: 'same' });
    expect(after.data[64 * 32 + 32]).toBeCloseTo(2, 5);
  });
});

/**
 * A band pool over workers on this thread: `eager` ones compute a band as it is posted (a worker
 * that starts at once), the others hold it until the test releases it (a worker with no core).
 */
function bandsOnThisThread(threads: number, eager: boolean) {
  const held: Array<() => void> = [];
  const startWorker = (): BandWorker => {
    let reply: Parameters<BandWorker['onReply']>[0] = () => undefined;
    return {
      post: (task) => (eager ? reply(runBandTask(task)) : held.push(() => reply(runBandTask(task)))),
      onReply: (listener) => (reply = listener),
      onError: () => undefined,
      terminate: () => undefined,
    };
  };
  return { pool: createBandPool({ threads, startWorker, minWork: 0 }), held };
}

describe('the calling thread takes over bands no worker has started', () => {
  const w = 96, h = 200;
  const image = Float32Array.from({ length: w * h }, (_, i) => Math.sin(i * 0.1) + ((i * 7919) % 13) / 13);
  const kernel = gaussianKernel2d(2);
  const options = { method: 'separable', boundary: 'reflect', mode: 'same' } as const;
  const single = convolve2d(image, w, h, kernel, 13, 13, options).data;

  it('a worker that never starts: the caller computes every band, and the worker later skips its own', async () => {
    for (const threads of [2, 3]) {
      const { pool, held } = bandsOnThisThread(threads, false);
      const split = await pool.convolve2d(image, w, h, kernel, 13, 13, options);
      expect(differing(split.data, single), `threads ${threads}`).toBe(0);
      expect(pool.stats.tasksPosted).toBe(threads - 1);
      expect(pool.stats.bandsTakenOver).toBe(threads - 1);
      expect(pool.stats.bandsOnCaller).toBe(threads);
      // The workers wake up now: they find their bands claimed and write nothing.
      split.data.fill(-1);
      for (const go of held.splice(0)) go();
      expect(split.data.every((v) => v === -1)).toBe(true);
      await pool.dispose();
    }
  });

  it('warm starts every worker before the first job, once, and that job posts to them', async () => {
    const started: Array<{ posted: number }> = [];
    const pool = createBandPool({
      threads: 3, minWork: 0,
      startWorker: () => {
        const record = { posted: 0 };
        started.push(record);
        let reply: Parameters<BandWorker['onReply']>[0] = () => undefined;
        return {
          post: (task) => { record.posted++; reply(runBandTask(task)); },
          onReply: (listener) => (reply = listener),
          onError: () => undefined,
          terminate: () => undefined,
        };
      },
    });
    expect(started).toHaveLength(0);
    pool.warm?.();
    pool.warm?.();
    expect(started).toHaveLength(2);
    expect(pool.stats.workersStarted).toBe(2);
    expect(started.every((w) => w.posted === 0)).toBe(true);
    const split = await pool.convolve2d(image, w, h, kernel, 13, 13, options);
    expect(differing(split.data, single)).toBe(0);
    expect(pool.stats.workersStarted).toBe(2);
    expect(started.every((w) => w.posted > 0)).toBe(true);
    await pool.dispose();
    pool.warm?.();
    expect(started).toHaveLength(2);
  });

  it('dispose lets a worker whose bands were all taken over answer its skips before stopping it', async () => {
    const held: Array<() => void> = [];
    const events: string[] = [];
    let reply: Parameters<BandWorker['onReply']>[0] = () => undefined;
    const pool = createBandPool({
      threads: 2, minWork: 0,
      startWorker: () => ({
        post: (task) => held.push(() => reply(runBandTask(task))),
        onReply: (listener) => (reply = listener),
        onError: () => undefined,
        terminate: () => void events.push('terminated'),
      }),
    });
    await pool.convolve2d(image, w, h, kernel, 13, 13, options);
    expect(pool.stats.bandsTakenOver).toBe(1);
    let disposed = false;
    const disposing = pool.dispose().then(() => (disposed = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Still starting: not stopped before it has answered.
    expect(events).toEqual([]);
    expect(disposed).toBe(false);
    events.push('answered');
    for (const go of held.splice(0)) go();
    await disposing;
    expect(events).toEqual(['answered', 'terminated']);
  });

  it('dispose stops at once a worker that has a band of its own to compute', async () => {
    const events: string[] = [];
    const pool = createBandPool({
      threads: 2, minWork: 0, callerComputes: false,
      startWorker: () => ({
        post: () => undefined, // never answers: computing
        onReply: () => undefined,
        onError: () => undefined,
        terminate: () => void events.push('terminated'),
      }),
    });
    const job = pool.convolve2d(image, w, h, kernel, 13, 13, options);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pool.stats.tasksPosted).toBeGreaterThan(0);
    await pool.dispose();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e === 'terminated')).toBe(true);
    await expect(job).rejects.toThrow(/disposed/);
  });

  it('a cancelled job claims the bands queued for a worker, which then skips them', async () => {
    const side = 384, k = 61;
    const kernel = new Float64Array(k * k).fill(1 / (k * k));
    const img = Float32Array.from({ length: side * side }, (_, i) => (i % 11) / 11);
    const { pool, held } = bandsOnThisThread(2, false);
    // The output comes from this pool, full of NaN: what a skipped band leaves is still NaN.
    const buffers = new BufferPool({ minBytes: 1 });
    const seed = buffers.float32(side * side, true).fill(Number.NaN);
    buffers.release(seed.buffer);
    let bandsDone = 0;
    const cancelled = new Error('superseded');
    installBufferPool(buffers, true);
    let job: Promise<unknown>;
    try {
      job = pool.convolve2d(img, side, side, kernel, k, k, { method: 'direct', mode: 'same' }, {
        progress: () => bandsDone++,
        checkCancelled: () => {
          if (bandsDone >= 1) throw cancelled;
        },
      });
    } finally {
      installBufferPool(undefined);
    }
    await expect(job).rejects.toBe(cancelled);
    // Two bands were queued for the worker, one computed here before the cancel.
    expect(pool.stats.tasksPosted).toBe(2);
    expect(pool.stats.bandsOnCaller).toBe(1);
    const written = seed.reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0);
    expect(written).toBeGreaterThan(0);
    for (const go of held.splice(0)) go();
    expect(seed.reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0)).toBe(written);
    await pool.dispose();
  });

  it('a worker that starts at once: the caller takes none of its bands over', async () => {
    const { pool } = bandsOnThisThread(2, true);
    const split = await pool.convolve2d(image, w, h, kernel, 13, 13, options);
    expect(differing(split.data, single)).toBe(0);
    expect(pool.stats.tasksPosted).toBe(1);
    expect(pool.stats.bandsTakenOver).toBe(0);
    expect(pool.stats.bandsOnCaller).toBe(1);
    await pool.dispose();
  });
});

describe('outputs reused from a buffer pool without zeroing are written in full', () => {
  const pools: Array<[string, ParallelDsp]> = [
    ['one thread', createParallelDsp({ threads: 1 })],
    ['two threads', createParallelDsp({ threads: 2, minWork: 0 })],
  ];
  afterAll(() => Promise.all(pools.map(([, p]) => p.dispose())));

  /** Runs `job` with a pool installed as the engine installs it, its one idle buffer of `length` floats full of NaN. */
  async function overNaN(length: number, job: () => Promise<Float32Array>): Promise<{ out: Float32Array; seeded: ArrayBufferLike }> {
    const pool = new BufferPool({ minBytes: 1 });
    const seed = pool.float32(length, true).fill(Number.NaN);
    pool.release(seed.buffer);
    installBufferPool(pool, true);
    try {
      return { out: await job(), seeded: seed.buffer };
    } finally {
      installBufferPool(undefined);
    }
  }

  it('convolve2d: every method, boundary and mode, on one thread and two', async () => {
    const w = 37, h = 23;
    const image = Float32Array.from({ length: w * h }, (_, i) => Math.cos(i * 0.21) + 2);
    // Rank one (a 5-wide row times a 3-tall column), so the separable method takes it too.
    const row = [1, 2, 3, 2.5, 1], column = [1, -0.5, 2];
    const kernel = Float64Array.from({ length: 15 }, (_, i) => column[Math.floor(i / 5)]! * row[i % 5]!);
    let cases = 0;
    for (const [name, dsp] of pools) {
      for (const method of ['separable', 'direct', 'fft'] as const) {
        for (const boundary of ['zero', 'reflect', 'nearest', 'wrap'] as const) {
          for (const mode of ['same', 'valid', 'full'] as const) {
            const options = { method, boundary, mode };
            const expected = convolve2d(image, w, h, kernel, 5, 3, options).data;
            const { out, seeded } = await overNaN(expected.length, async () => (await dsp.convolve2d(image, w, h, kernel, 5, 3, options)).data);
            const label = `${name} ${method} ${boundary} ${mode}`;
            expect(out.buffer, label).toBe(seeded);
            expect(out.some((v) => Number.isNaN(v)), label).toBe(false);
            if (method === 'fft') for (let i = 0; i < out.length; i++) expect(Math.abs(out[i]! - expected[i]!), label).toBeLessThan(1e-4);
            else expect(differing(out, expected), label).toBe(0);
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(72);
  });

  it('backproject, on one thread and two', async () => {
    const angles = projectionAngles(20), detectors = 31, size = 29;
    const sino = Float32Array.from({ length: 20 * detectors }, (_, i) => Math.sin(i * 0.13) + 1);
    const expected = backproject(sino, detectors, angles, size);
    for (const [name, dsp] of pools) {
      const { out, seeded } = await overNaN(size * size, () => dsp.backproject(sino, detectors, angles, size));
      expect(out.buffer, name).toBe(seeded);
      expect(differing(out, expected), name).toBe(0);
    }
  });
});
