/**
 * The engine's buffer pool (dsp/buffer-pool.ts, engine.ts's Memo): a re-run's large outputs reuse
 * the buffers of outputs no memo entry reaches any more. Each test lowers the pool's threshold so
 * small images engage it, and checks what would go wrong if a buffer came back too early: results
 * differ from a fresh engine's, a pass-through or sink value still in the memo is overwritten, a
 * cancelled run's band task writes into an output handed out again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src-shared/data';
import { type BandWorker, createBandPool } from '../../src-shared/dsp/band-pool';
import { type BandReply, type BandTask, runBandTask } from '../../src-shared/dsp/band-tasks';
import { BufferPool, ENGINE_POOL_MIN_BYTES, allocFloat32, bufferPoolFor } from '../../src-shared/dsp/buffer-pool';
import { Engine, type EngineOptions } from '../../src-shared/engine/engine';
import { writeWav } from '../../src-shared/io/wav';
import type { GraphDocument } from '../../src-shared/graph/document';

type Params = Record<string, unknown>;
const node = (id: string, type: string, params: Params = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
const edge = (id: string, source: string, target: string, targetHandle: string) => ({ id, source, sourceHandle: 'out', target, targetHandle });

interface Knobs {
  img: Params;
  k: Params;
  blur: Params;
  blur2: Params;
}

const START: Knobs = {
  img: { pattern: 'noise', size: 32, seed: 1 },
  k: { sigma: 1 },
  blur: { mode: 'same', boundary: 'zero', method: 'auto', stride: 1 },
  blur2: { mode: 'same', boundary: 'reflect' },
};

/**
 * img → blur (⊛ k) → gray (passes a one-channel image on as is) → blur2 (⊛ k) → view2; gray → view
 * and img → raw (sinks, which hold their input as is).
 */
function graph(knobs: Knobs): GraphDocument {
  return {
    format: 'convolab.graph',
    version: 1,
    nodes: [
      node('img', 'source.testImage', knobs.img),
      node('k', 'kernel.gaussian', knobs.k),
      node('blur', 'op.convolve', knobs.blur),
      node('gray', 'op.gray'),
      node('blur2', 'op.convolve', knobs.blur2),
      node('view', 'sink.image'),
      node('view2', 'sink.image'),
      node('raw', 'sink.image'),
    ],
    edges: [
      edge('e1', 'img', 'blur', 'a'),
      edge('e2', 'k', 'blur', 'b'),
      edge('e3', 'blur', 'gray', 'in'),
      edge('e4', 'gray', 'blur2', 'a'),
      edge('e5', 'k', 'blur2', 'b'),
      edge('e6', 'gray', 'view', 'in'),
      edge('e7', 'blur2', 'view2', 'in'),
      edge('e8', 'img', 'raw', 'in'),
    ],
  } as unknown as GraphDocument;
}

/** A value as comparable data: its shape and its array's bytes. */
function snapshot(value: Value | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.kind !== 'image') return value;
  const { data, ...shape } = value;
  return { ...shape, bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
}

/** Every node's status, outputs and sink value as the engine holds them now. */
function state(engine: Engine, doc: GraphDocument): unknown {
  return doc.nodes.map(({ id }) => {
    const outcome = engine.outcome(id);
    return {
      id,
      status: outcome?.report.status,
      error: outcome?.report.error,
      out: snapshot(outcome?.outputs.out),
      sink: snapshot(outcome?.sink),
    };
  });
}

/**
 * A band pool whose workers run on this thread, after the current task, or when released while
 * `hold` says so: a test can keep a band in flight. Every band goes to a worker (callerComputes
 * false): a band the calling thread computes is done before the run can be cancelled.
 */
function inThreadBands(threads = 2) {
  const held: (() => void)[] = [];
  const posted: BandTask[] = [];
  const control = { hold: false };
  const startWorker = (): BandWorker => {
    let reply: (answer: BandReply) => void = () => undefined;
    return {
      post(task) {
        posted.push(task);
        const go = (): void => reply(runBandTask(task));
        if (control.hold) held.push(go);
        else setTimeout(go, 0);
      },
      onReply: (listener) => (reply = listener),
      onError: () => undefined,
      terminate: () => undefined,
    };
  };
  const parallel = createBandPool({ threads, startWorker, minWork: 0, immutableInputs: true, callerComputes: false });
  return { parallel, held, posted, control };
}

const bufferOf = (engine: Engine, id: string, port: 'out' | 'sink' = 'out'): ArrayBufferLike => {
  const outcome = engine.outcome(id);
  const value = port === 'sink' ? outcome?.sink : outcome?.outputs.out;
  if (value?.kind !== 'image') throw new Error(`${id} has no image on ${port}`);
  return value.data.buffer;
};

/** Takes every idle buffer of `length` floats out of the pool: what it would hand out next. */
function drain(pool: BufferPool, length: number, shared: boolean): ArrayBufferLike[] {
  const taken: ArrayBufferLike[] = [];
  for (let i = pool.count(); i > 0; i--) taken.push(pool.float32(length, shared).buffer);
  return taken;
}

describe('the buffer pool', () => {
  it('hands out zero-filled arrays of exactly the size asked, reusing only buffers it made', () => {
    const pool = new BufferPool({ minBytes: 64 });
    const a = pool.float32(100);
    expect(a.length).toBe(100);
    expect(a.buffer.byteLength).toBe(400);
    a.fill(7);
    expect(pool.release(a.buffer)).toBe(true);
    // Not a buffer it handed out, and one it holds already: both refused.
    expect(pool.release(new ArrayBuffer(400))).toBe(false);
    expect(pool.release(a.buffer)).toBe(false);
    expect(pool.count()).toBe(1);
    // Another size or kind does not take it.
    expect(pool.float32(101).buffer).not.toBe(a.buffer);
    expect(pool.float32(100, true).buffer).not.toBe(a.buffer);
    const b = pool.float32(100);
    expect(b.buffer).toBe(a.buffer);
    expect(b).not.toBe(a);
    expect(b.every((v) => v === 0)).toBe(true);
    expect(pool.stats.reused).toBe(1);
    // Below the threshold nothing is pooled.
    const small = pool.float32(10);
    expect(pool.release(small.buffer)).toBe(false);
  });

  it('zeroes a reused buffer of any byte length, shared or not, unless asked for one to overwrite', () => {
    const pool = new BufferPool({ minBytes: 1 });
    // 101 floats: 404 bytes, fifty 8-byte words and four bytes after them.
    for (const shared of [false, true]) {
      const a = pool.float32(101, shared).fill(Number.NaN);
      pool.release(a.buffer);
      const b = pool.float32(101, shared);
      expect(b.buffer).toBe(a.buffer);
      expect(b.every((v) => v === 0), `shared ${shared}`).toBe(true);
      b.fill(5);
      pool.release(b.buffer);
      const c = pool.float32ForOverwrite(101, shared);
      expect(c.buffer).toBe(a.buffer);
      // Not zeroed: the caller's promise is to write every element.
      expect(c.every((v) => v === 5), `shared ${shared}`).toBe(true);
      // A new one is zero-filled like any new buffer.
      expect(pool.float32ForOverwrite(101, shared).every((v) => v === 0)).toBe(true);
    }
    expect(pool.stats.reused).toBe(4);
  });

  it('keeps its idle bytes under its bound and a few buffers per size', () => {
    const maxBytes = 10_000;
    const pool = new BufferPool({ minBytes: 1, maxBytes, perSize: 2 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 1500 }), fc.boolean()), { maxLength: 60 }), (sizes) => {
        pool.clear();
        const made = sizes.map(([n, shared]) => pool.float32(n, shared));
        for (const array of made) {
          pool.release(array.buffer);
          expect(pool.bytes()).toBeLessThanOrEqual(maxBytes);
        }
        const perSize = new Map<string, number>();
        for (const [n, shared] of sizes) perSize.set(`${n}${shared}`, 0);
        // What it holds of each size: taking more than two of one size must make new ones.
        for (const [n, shared] of sizes) {
          const key = `${n}${shared}`;
          if (perSize.get(key)! > 0) continue;
          const before = pool.stats.fresh;
          for (let i = 0; i < 3; i++) pool.float32(n, shared);
          expect(pool.stats.fresh - before).toBeGreaterThanOrEqual(1);
          perSize.set(key, 1);
        }
      }),
      { numRuns: 60 },
    );
    // A buffer larger than the bound is never kept.
    expect(pool.release(pool.float32(maxBytes).buffer)).toBe(false);
  });

  it('in a batch, lets go a buffer that sat idle through a whole run, and keeps one given back in the run before', () => {
    const pool = new BufferPool({ minBytes: 1 });
    // Inputs of one length: each run's output is given back during the next run and taken in the
    // one after, for as long as the batch lasts.
    let held = pool.float64(100);
    let previous: Float64Array | undefined;
    for (let run = 0; run < 6; run++) {
      pool.nextRun();
      if (previous) pool.release(previous.buffer);
      previous = held;
      held = pool.float64(100);
    }
    expect(pool.stats).toMatchObject({ fresh: 2, reused: 5, dropped: 0 });
    // Clips of differing lengths: nothing is taken again, and nothing idle outlives the run after it.
    pool.clear();
    Object.assign(pool.stats, { fresh: 0, reused: 0, kept: 0, dropped: 0 });
    for (let run = 0; run < 50; run++) {
      pool.nextRun();
      pool.release(pool.float64(1000 + run).buffer);
      expect(pool.count()).toBeLessThanOrEqual(2);
    }
    expect(pool.stats).toMatchObject({ fresh: 50, reused: 0, kept: 50, dropped: 48 });
    expect(pool.bytes()).toBe(8 * (1048 + 1049));
  });

  it('keeps an engine worker\'s idle buffers to a quarter of its memory limit, at most 256 MiB', () => {
    expect(bufferPoolFor(2 ** 30).maxBytes).toBe(256 * 2 ** 20);
    expect(bufferPoolFor(2 ** 32).maxBytes).toBe(256 * 2 ** 20);
    expect(bufferPoolFor(200 * 2 ** 20).maxBytes).toBe(50 * 2 ** 20);
    // A 2^16-sample signal (512 KiB) is recycled; the generic pool's default starts at 1 MiB.
    expect(bufferPoolFor(2 ** 30).minBytes).toBe(ENGINE_POOL_MIN_BYTES);
    expect(ENGINE_POOL_MIN_BYTES).toBeLessThanOrEqual(8 * 2 ** 16);
  });

  it('is used by allocFloat32 only while the engine runs a node', async () => {
    const pool = new BufferPool({ minBytes: 1 });
    const engine = new Engine({ bufferPool: pool });
    const result = await engine.run(graph(START));
    expect(result.reports.every((report) => report.status === 'ok')).toBe(true);
    const made = pool.stats.fresh;
    expect(made).toBeGreaterThan(0);
    allocFloat32(32 * 32);
    expect(pool.stats.fresh).toBe(made);
  });
});

describe('the engine with a buffer pool', () => {
  const knob = fc.oneof(
    fc.record({ node: fc.constant('img' as const), param: fc.constant('pattern'), value: fc.constantFrom('noise', 'phantom', 'checkerboard', 'gradient') }),
    fc.record({ node: fc.constant('img' as const), param: fc.constant('size'), value: fc.constantFrom(24, 32) }),
    fc.record({ node: fc.constant('img' as const), param: fc.constant('seed'), value: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ node: fc.constant('k' as const), param: fc.constant('sigma'), value: fc.constantFrom(0.5, 1, 1.5, 2.5) }),
    fc.record({ node: fc.constant('blur' as const), param: fc.constant('mode'), value: fc.constantFrom('full', 'same', 'valid') }),
    fc.record({ node: fc.constant('blur' as const), param: fc.constant('boundary'), value: fc.constantFrom('zero', 'reflect', 'wrap') }),
    fc.record({ node: fc.constant('blur' as const), param: fc.constant('method'), value: fc.constantFrom('auto', 'direct', 'fft') }),
    fc.record({ node: fc.constant('blur' as const), param: fc.constant('stride'), value: fc.constantFrom(1, 2) }),
    fc.record({ node: fc.constant('blur2' as const), param: fc.constant('mode'), value: fc.constantFrom('same', 'valid') }),
  );
  // A step changes one param and may be cancelled after some nodes finish (a newer run superseding it).
  const steps = fc.array(fc.record({ change: knob, cancelAfter: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }) }), {
    minLength: 2,
    maxLength: 10,
  });

  for (const threaded of [false, true]) {
    it(`re-runs after random param changes give a fresh engine's results bit for bit (${threaded ? 'band threads' : 'one thread'})`, async () => {
      await fc.assert(
        fc.asyncProperty(steps, async (sequence) => {
          const bands = threaded ? inThreadBands() : undefined;
          const pool = new BufferPool({ minBytes: 1 });
          const options: EngineOptions = bands ? { parallel: bands.parallel } : {};
          const engine = new Engine({ ...options, bufferPool: pool });
          let knobs: Knobs = structuredClone(START);
          await engine.run(graph(knobs));
          // Each node's entry as last stored: a node a cancelled run did not reach must still hold it.
          const known = new Map((state(engine, graph(knobs)) as { id: string }[]).map((entry) => [entry.id, entry]));
          for (const { change, cancelAfter } of sequence) {
            knobs = { ...knobs, [change.node]: { ...knobs[change.node], [change.param]: change.value } };
            const doc = graph(knobs);
            let done = 0;
            const result = await engine.run(doc, { isCancelled: () => cancelAfter !== undefined && done >= cancelAfter, onNodeDone: () => done++ });
            const reached = new Set(result.reports.map((report) => report.id));
            for (const entry of state(engine, doc) as { id: string }[]) {
              if (reached.has(entry.id)) known.set(entry.id, entry);
              else expect(entry, `${entry.id}, not reached`).toEqual(known.get(entry.id));
            }
            if (result.status === 'cancelled') continue;
            const fresh = new Engine(options);
            await fresh.run(doc);
            expect(state(engine, doc)).toEqual(state(fresh, doc));
          }
          // The last state too, whether or not its run was cancelled: what the memo still holds is intact.
          const doc = graph(knobs);
          await engine.run(doc);
          const fresh = new Engine(options);
          await fresh.run(doc);
          expect(state(engine, doc)).toEqual(state(fresh, doc));
        }),
        { numRuns: threaded ? 15 : 30 },
      );
    });
  }

  it('never recycles a value a pass-through node or a sink still holds', async () => {
    const pool = new BufferPool({ minBytes: 1 });
    const engine = new Engine({ bufferPool: pool });
    const first = graph(START);
    await engine.run(first);
    const before = state(engine, first);
    const held = [bufferOf(engine, 'img'), bufferOf(engine, 'blur')];
    // gray passes blur's output on, view and raw hold theirs as sinks.
    expect(bufferOf(engine, 'gray')).toBe(held[1]);
    expect(bufferOf(engine, 'view', 'sink')).toBe(held[1]);
    expect(bufferOf(engine, 'raw', 'sink')).toBe(held[0]);
    // A new seed re-makes img and blur; the run is superseded before gray, the sinks and blur2 run.
    const reseeded = graph({ ...START, img: { ...START.img, seed: 2 } });
    let blurDone = false;
    const result = await engine.run(reseeded, { isCancelled: () => blurDone, onNodeDone: (outcome) => (blurDone ||= outcome.report.id === 'blur') });
    expect(result.status).toBe('cancelled');
    expect(bufferOf(engine, 'img')).not.toBe(held[0]);
    expect(bufferOf(engine, 'blur')).not.toBe(held[1]);
    // The old buffers are still reached (gray, view, raw): none of them is idle, so none is handed out.
    const idle = drain(pool, 32 * 32, false);
    for (const buffer of held) expect(idle).not.toContain(buffer);
    const after = state(engine, first) as { id: string }[];
    const expected = before as { id: string }[];
    for (const id of ['gray', 'view', 'raw', 'blur2', 'view2']) expect(after.find((s) => s.id === id)).toEqual(expected.find((s) => s.id === id));
    // Once the run completes, they are replaced and free to go back.
    await engine.run(reseeded);
    const fresh = new Engine();
    await fresh.run(reseeded);
    expect(state(engine, reseeded)).toEqual(state(fresh, reseeded));
    expect(drain(pool, 32 * 32, false)).toEqual(expect.arrayContaining(held));
  });

  it('never hands out the output of a cancelled run while its band task may still write', async () => {
    const bands = inThreadBands();
    const pool = new BufferPool({ minBytes: 1 });
    const engine = new Engine({ parallel: bands.parallel, bufferPool: pool });
    const knobs = (sigma: number): Knobs => ({ ...START, k: { sigma } });
    await engine.run(graph(knobs(1)));
    // Run 2: blur's bands are held; it is superseded once one band is done, the other still in flight.
    bands.control.hold = true;
    let cancelled = false;
    const before = bands.posted.length;
    const second = engine.run(graph(knobs(2)), { isCancelled: () => cancelled });
    for (let look = 0; look < 200 && bands.held.length < 2; look++) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(bands.held).toHaveLength(2);
    const stale = bands.posted[before]!.out;
    expect(bands.posted[before + 1]!.out).toBe(stale);
    cancelled = true;
    bands.held.shift()!();
    expect((await second).status).toBe('cancelled');
    // Run 3 computes blur (and all after it) while run 2's last band may still write.
    bands.control.hold = false;
    const third = graph(knobs(1.5));
    await engine.run(third);
    for (const id of ['img', 'blur', 'gray', 'blur2']) expect(bufferOf(engine, id)).not.toBe(stale);
    expect(drain(pool, 32 * 32, true)).not.toContain(stale);
    // The stale band writes now: nothing the memo holds changes.
    bands.held.shift()!();
    const fresh = new Engine({ parallel: inThreadBands().parallel });
    await fresh.run(third);
    expect(state(engine, third)).toEqual(state(fresh, third));
  });

  it('a re-run signal convolution (convolve1d) takes its freed output and gives a fresh engine\'s samples', async () => {
    const pool = new BufferPool({ minBytes: 1 });
    const engine = new Engine({ bufferPool: pool });
    // sound ⊛ sound2 → plot; only sound2's kind changes, so conv re-runs with the same lengths.
    const doc = (kind: string): GraphDocument => ({
      format: 'convolab.graph',
      version: 1,
      nodes: [
        node('sound', 'source.testSound', { kind: 'pluck', duration: 0.05, rate: 8000 }),
        node('sound2', 'source.testSound', { kind, duration: 0.02, rate: 8000 }),
        node('conv', 'op.convolve', { mode: 'full', method: 'fft' }),
        node('plot', 'sink.plot'),
      ],
      edges: [edge('e1', 'sound', 'conv', 'a'), edge('e2', 'sound2', 'conv', 'b'), edge('e3', 'conv', 'plot', 'in')],
    }) as unknown as GraphDocument;
    const kinds = ['click-train', 'noise-burst', 'sweep', 'pluck', 'click-train'];
    for (const [run, kind] of kinds.entries()) {
      const reused = pool.stats.reused;
      const result = await engine.run(doc(kind));
      expect(result.reports.every((report) => report.status === 'ok')).toBe(true);
      const fresh = new Engine();
      await fresh.run(doc(kind));
      const samples = (e: Engine): number[] | undefined => {
        const value = e.outcome('conv')?.outputs.out;
        return value?.kind === 'signal' ? Array.from(value.data) : undefined;
      };
      expect(samples(engine)?.length).toBe(400 + 160 - 1);
      expect(samples(engine)).toEqual(samples(fresh));
      // From the third run on, sound2's samples and conv's output come from buffers the memo let go.
      if (run >= 2) expect(pool.stats.reused - reused, `run ${run}`).toBe(2);
    }
  });

  it('a re-run function source (a slider on its σ) fills the buffer its last output freed, and gives a fresh engine\'s samples', async () => {
    const pool = bufferPoolFor(2 ** 30);
    const engine = new Engine({ bufferPool: pool });
    // 2^16 samples of a Gaussian into a convolution and a plot, as bench:preview's 1-D case.
    const doc = (sigma: number): GraphDocument => ({
      format: 'convolab.graph',
      version: 1,
      nodes: [
        node('f', 'source.function', { shape: 'gaussian', sigma, t0: -2, t1: 2 - 1 / 16384, rate: 16384 }),
        node('k', 'kernel.gaussian', { dims: 1, sigma: 8 }),
        node('conv', 'op.convolve'),
        node('plot', 'sink.plot'),
      ],
      edges: [edge('e1', 'f', 'conv', 'a'), edge('e2', 'k', 'conv', 'b'), edge('e3', 'conv', 'plot', 'in')],
    }) as unknown as GraphDocument;
    for (const [run, sigma] of [0.3, 0.5, 0.2, 0.9, 0.4].entries()) {
      const reused = pool.stats.reused;
      const result = await engine.run(doc(sigma));
      expect(result.reports.every((report) => report.status === 'ok')).toBe(true);
      const fresh = new Engine();
      await fresh.run(doc(sigma));
      const samples = (e: Engine, id: string): Float64Array | undefined => {
        const value = e.outcome(id)?.outputs.out;
        return value?.kind === 'signal' ? value.data : undefined;
      };
      expect(samples(engine, 'f')?.length).toBe(1 << 16);
      expect(samples(engine, 'f')).toEqual(samples(fresh, 'f'));
      expect(samples(engine, 'conv')).toEqual(samples(fresh, 'conv'));
      // From the third run on, the source's and the convolution's outputs are buffers the memo let go.
      if (run >= 2) expect(pool.stats.reused - reused, `run ${run}`).toBe(2);
    }
  });

  it('a re-run FFT, product and sum of signals (the convolution theorem\'s nodes) take freed buffers and give a fresh engine\'s values', async () => {
    const pool = bufferPoolFor(2 ** 30);
    const engine = new Engine({ bufferPool: pool });
    // 2^15 samples each (256 KiB), transforms of 2^16 bins: every output at or above the pool's size.
    const doc = (sigma: number, kind: string): GraphDocument => ({
      format: 'convolab.graph',
      version: 1,
      nodes: [
        node('f', 'source.function', { shape: 'gaussian', sigma, t0: -1, t1: 1 - 1 / 16384, rate: 16384 }),
        node('s', 'source.testSound', { kind, duration: 2, rate: 16384 }),
        node('fa', 'op.fft', { size: 'custom', n: 1 << 16 }),
        node('fb', 'op.fft', { size: 'custom', n: 1 << 16 }),
        node('m', 'op.multiply'),
        node('sum', 'op.add'),
        node('p1', 'sink.spectrum'),
        node('p2', 'sink.plot'),
      ],
      edges: [
        edge('e1', 'f', 'fa', 'in'), edge('e2', 's', 'fb', 'in'), edge('e3', 'fa', 'm', 'a'), edge('e4', 'fb', 'm', 'b'),
        edge('e5', 'm', 'p1', 'in'), edge('e6', 'f', 'sum', 'a'), edge('e7', 's', 'sum', 'b'), edge('e8', 'sum', 'p2', 'in'),
      ],
    }) as unknown as GraphDocument;
    const steps: [number, string][] = [[0.1, 'pluck'], [0.2, 'pluck'], [0.15, 'sweep'], [0.3, 'sweep'], [0.05, 'pluck']];
    for (const [run, [sigma, kind]] of steps.entries()) {
      const reused = pool.stats.reused;
      const result = await engine.run(doc(sigma, kind));
      expect(result.reports.map((report) => `${report.id}:${report.status}`).join(' ')).not.toMatch(/:(error|skipped)/);
      const fresh = new Engine();
      await fresh.run(doc(sigma, kind));
      for (const id of ['f', 's', 'fa', 'fb', 'm', 'sum']) {
        const mine = engine.outcome(id)?.outputs.out;
        const theirs = fresh.outcome(id)?.outputs.out;
        expect(mine, id).toBeDefined();
        expect(mine, id).toEqual(theirs);
      }
      // Scratch goes back as soon as it is read, before the memo lets any output go: in the first
      // run, fa's and fb's zero-padded inputs and the sum's two aligned copies.
      if (run === 0) expect(pool.stats.kept).toBe(4);
      // From the third run on: f, fa's two planes, m's two and sum's from freed buffers at least
      // (s and fb too when the sound's kind changed).
      if (run >= 2) expect(pool.stats.reused - reused, `run ${run}`).toBeGreaterThanOrEqual(kind === steps[run - 1]![1] ? 6 : 9);
    }
  });

  it('a sum and a check of two signals on the same samples read them as they are: no aligned copies', async () => {
    const pool = new BufferPool({ minBytes: 1 });
    const engine = new Engine({ bufferPool: pool });
    // Two routes to one result on one extent (the convolution theorem's check), and a sum of them.
    const doc: GraphDocument = {
      format: 'convolab.graph',
      version: 1,
      nodes: [
        node('f', 'source.function', { shape: 'gaussian', sigma: 0.2, t0: -1, t1: 1 - 1 / 512, rate: 512 }),
        node('g', 'source.function', { shape: 'gaussian', sigma: 0.3, t0: -1, t1: 1 - 1 / 512, rate: 512 }),
        node('sum', 'op.add'),
        node('check', 'op.compare', { tolerance: 10 }),
      ],
      edges: [edge('e1', 'f', 'sum', 'a'), edge('e2', 'g', 'sum', 'b'), edge('e3', 'f', 'check', 'a'), edge('e4', 'g', 'check', 'b')],
    } as unknown as GraphDocument;
    const result = await engine.run(doc);
    expect(result.reports.map((report) => `${report.id}:${report.status}`).join(' ')).not.toMatch(/:(error|skipped)/);
    // f's samples, g's and the sum's: the sum and the check copied neither input.
    expect(pool.stats.fresh).toBe(3);
    const fresh = new Engine();
    await fresh.run(doc);
    for (const id of ['sum', 'check']) expect(engine.outcome(id)?.outputs.out, id).toEqual(fresh.outcome(id)?.outputs.out);
    // The inputs are untouched and still the memo's own (nothing gave them back to the pool).
    expect(pool.count()).toBe(0);
  });

  it('an audio file\'s mix: a mono file\'s is its samples, a stereo file\'s the mean of its two, as a fresh engine\'s', async () => {
    const pool = new BufferPool({ minBytes: 1 });
    const frames = 3000;
    const left = Array.from({ length: frames }, (_, i) => Math.sin(i / 7) * 0.5);
    const right = Array.from({ length: frames }, (_, i) => Math.cos(i / 5) * 0.25);
    const doc = (channel: string): GraphDocument => ({
      format: 'convolab.graph',
      version: 1,
      nodes: [node('audio', 'source.audio', { path: 'in.wav', channel }), node('view', 'sink.plot')],
      edges: [edge('e1', 'audio', 'view', 'in')],
    }) as unknown as GraphDocument;
    const samples = (e: Engine) => {
      const value = e.outcome('audio')?.outputs.out;
      return value?.kind === 'signal' ? Array.from(value.data) : undefined;
    };
    for (const channels of [[left], [left, right]]) {
      const written = writeWav(channels, 8000);
      if (!written.ok) throw new Error(written.error);
      const engine = new Engine({ bufferPool: pool, readFile: async () => written.value });
      await engine.run(doc('mix'));
      const mix = samples(engine)!;
      // 16-bit samples: within one step of the mean of what was written.
      for (const i of [0, 10, 2999]) expect(Math.abs(mix[i]! - channels.reduce((sum, c) => sum + c[i]!, 0) / channels.length)).toBeLessThan(1 / 16384);
      const fresh = new Engine({ readFile: async () => written.value });
      await fresh.run(doc('mix'));
      expect(mix).toEqual(samples(fresh));
      await engine.run(doc('left'));
      expect(samples(engine)).toEqual(channels.length === 1 ? mix : (await fresh.run(doc('left')), samples(fresh)));
    }
  });

  it('a re-run 2-D FFT (op.fft2d) makes its spectrum in two freed arrays and gives a fresh engine\'s', async () => {
    const pool = new BufferPool({ minBytes: 1 });
    const engine = new Engine({ bufferPool: pool });
    // image → gray → fft2d → ifft2d → view; only the image's seed changes, so the FFT re-runs at
    // 32². The inverse borrows freed arrays of the same size as working arrays and gives them back
    // (were it to keep them, run k's spectrum could not be made in run k − 2's buffers).
    const doc = (seed: number): GraphDocument => ({
      format: 'convolab.graph',
      version: 1,
      nodes: [
        node('img', 'source.testImage', { pattern: 'noise', size: 32, seed }),
        node('gray', 'op.gray'),
        node('fft', 'op.fft2d', { size: 'pow2' }),
        node('back', 'op.ifft2d'),
        node('view', 'sink.image'),
      ],
      edges: [edge('e1', 'img', 'gray', 'in'), edge('e2', 'gray', 'fft', 'in'), edge('e3', 'fft', 'back', 'in'), edge('e4', 'back', 'view', 'in')],
    }) as unknown as GraphDocument;
    const spectrum = (e: Engine) => {
      const value = e.outcome('fft')?.outputs.out;
      return value?.kind === 'spectrum2d' ? value : undefined;
    };
    const buffers: ArrayBufferLike[][] = [];
    for (const [run, seed] of [1, 2, 3, 4, 5].entries()) {
      const result = await engine.run(doc(seed));
      expect(result.reports.every((report) => report.status === 'ok'), JSON.stringify(result.reports)).toBe(true);
      const fresh = new Engine();
      await fresh.run(doc(seed));
      const ours = spectrum(engine)!, theirs = spectrum(fresh)!;
      expect(Array.from(ours.re)).toEqual(Array.from(theirs.re));
      expect(Array.from(ours.im)).toEqual(Array.from(theirs.im));
      buffers.push([ours.re.buffer, ours.im.buffer]);
      // The memo lets run k − 2's spectrum go when run k − 1's is stored: run k transforms in it
      // (the same buffers, not equal ones: toEqual would call any two ArrayBuffers equal).
      if (run >= 2) expect(buffers[run].every((b) => buffers[run - 2].includes(b)), `run ${run}`).toBe(true);
    }
  });

  it('the inverse FFT, pad, magnitude and shift make their outputs in freed buffers and give their scratch back, with a fresh engine\'s values', async () => {
    const pool = new BufferPool({ minBytes: 1 });
    const engine = new Engine({ bufferPool: pool });
    // f → pad (to 2048) → fa (exact: no scratch) → back (ifft: its imaginary plane is scratch);
    // f → fb (custom n: its zero-padded input is scratch); fa → mag; f → sh (wrap).
    const doc = (sigma: number, dx: number): GraphDocument => ({
      format: 'convolab.graph',
      version: 1,
      nodes: [
        node('f', 'source.function', { shape: 'gaussian', sigma, t0: -1, t1: 1 - 1 / 512, rate: 512 }),
        node('pad', 'op.pad', { to: 'custom', length: 2048 }),
        node('fa', 'op.fft', { size: 'exact' }),
        node('fb', 'op.fft', { size: 'custom', n: 4096 }),
        node('back', 'op.ifft'),
        node('mag', 'op.magnitude'),
        node('sh', 'op.shift', { dx, mode: 'wrap' }),
        node('p1', 'sink.plot'), node('p2', 'sink.spectrum'), node('p3', 'sink.plot'), node('p4', 'sink.plot'),
      ],
      edges: [
        edge('e1', 'f', 'pad', 'in'), edge('e2', 'pad', 'fa', 'in'), edge('e3', 'fa', 'back', 'in'), edge('e4', 'back', 'p1', 'in'),
        edge('e5', 'f', 'fb', 'in'), edge('e6', 'fb', 'p2', 'in'), edge('e7', 'fa', 'mag', 'in'), edge('e8', 'mag', 'p3', 'in'),
        edge('e9', 'f', 'sh', 'in'), edge('e10', 'sh', 'p4', 'in'),
      ],
    }) as unknown as GraphDocument;
    const steps: [number, number][] = [[0.1, 3], [0.2, -5], [0.15, 7], [0.3, 1], [0.05, -2]];
    for (const [run, [sigma, dx]] of steps.entries()) {
      const before = { ...pool.stats };
      const result = await engine.run(doc(sigma, dx));
      expect(result.reports.map((report) => `${report.id}:${report.status}`).join(' ')).not.toMatch(/:(error|skipped)/);
      const fresh = new Engine();
      await fresh.run(doc(sigma, dx));
      for (const id of ['f', 'pad', 'fa', 'fb', 'back', 'mag', 'sh']) {
        const mine = engine.outcome(id)?.outputs.out;
        expect(mine, id).toBeDefined();
        expect(mine, id).toEqual(fresh.outcome(id)?.outputs.out);
      }
      // Each run gives back op.ifft's imaginary plane and fb's padded input as soon as they are
      // read, before any memo entry is let go: kept from the very first run.
      expect(pool.stats.kept - before.kept, `run ${run}`).toBeGreaterThanOrEqual(2);
      // From the third run on (the second still meets the first's outputs held as it frees them
      // one node at a time), every allocation is served by a freed buffer: f, pad, fa's two
      // planes, fb's two, back, mag, sh and the two scratch arrays, 11, and none is new.
      if (run >= 2) {
        expect(pool.stats.reused - before.reused, `run ${run}`).toBe(11);
        expect(pool.stats.fresh - before.fresh, `run ${run}`).toBe(0);
      }
    }
  });

  for (const threaded of [false, true]) {
    it(`re-runs take a freed output of the same size rather than new memory (${threaded ? 'band threads' : 'one thread'})`, async () => {
      const pool = new BufferPool({ minBytes: 1 });
      const bands = threaded ? inThreadBands() : undefined;
      const engine = new Engine({ bufferPool: pool, ...(bands ? { parallel: bands.parallel } : {}) });
      // Only k changes: blur and blur2 re-run, each making one 32² output; gray passes blur's on.
      const sigmas = [1, 2, 1.5, 2.5, 0.5, 3];
      for (const [run, sigma] of sigmas.entries()) {
        const fresh = pool.stats.fresh, reused = pool.stats.reused;
        const result = await engine.run(graph({ ...START, k: { sigma } }));
        expect(result.reports.every((report) => report.status === 'ok')).toBe(true);
        // The first re-run has nothing freed yet (each old output lives until its new one is stored).
        if (run < 2) continue;
        expect(pool.stats.fresh - fresh, `run ${run}`).toBe(0);
        expect(pool.stats.reused - reused, `run ${run}`).toBe(2);
      }
      // The memo holds what a fresh engine's holds: the pool's idle buffers are apart from it.
      const fresh = new Engine();
      await fresh.run(graph({ ...START, k: { sigma: sigmas.at(-1) } }));
      expect(engine.heldBytes()).toBe(fresh.heldBytes());
      expect(pool.count()).toBe(2);
    });
  }
});
