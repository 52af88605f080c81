/**
 * Splits 2-D and 3-D convolution, backprojection, cone-beam projection and FDK over a small pool
 * of band workers, sharing inputs and the output through SharedArrayBuffers so nothing is copied
 * per band. Bands are disjoint ranges of rows (of planes in 3-D, of views for cone-beam
 * projection) computed by the same band functions the single-thread path uses (convolve2dRows,
 * convolve3dPlanes, backprojectRows, conebeamViews, filterConeBeamViews, backprojectFdkRows), so
 * results are identical to it. Small jobs run on the calling thread. The calling thread computes
 * bands too, beside `threads − 1` workers: it would otherwise wait idle while they run; and it
 * takes over bands queued for a worker that has not started them, so a worker without a core does
 * not hold a job up. The workers are the host's: worker threads in Node (src-main/host/parallel),
 * Web Workers in the web build.
 */
import { type BandReply, type BandTask, runBandTask } from './band-tasks';
import { allocFloat32ForOverwrite, allocSharedFloat32ForOverwrite } from './buffer-pool';
import { conebeamViews } from './conebeam';
import { backprojectRows } from './ct';
import { backprojectFdkRows, filterConeBeamViews, filteredLength } from './fdk';
import {
  type Convolve2dMethod, convolve2dGeometry, convolve2dRows, flipKernel, resolveConvolve2dMethod,
} from './convolve2d';
import {
  type Convolve3dMethod, convolve3dGeometry, convolve3dPlanes, resolveConvolve3dMethod,
} from './convolve3d';
import type { ParallelControl, ParallelDsp } from './parallel';

/** A task without its id (Omit distributed over the union). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type BandTaskBody = DistributiveOmit<BandTask, 'id'>;

/**
 * One band worker as the pool drives it: Node's worker thread or a browser's Web Worker, each
 * running runBandTask (band-tasks.ts) on what it is sent.
 */
export interface BandWorker {
  post(task: BandTask): void;
  onReply(listener: (reply: BandReply) => void): void;
  onError(listener: (error: Error) => void): void;
  /** Told how many tasks it has in flight (Node keeps a busy thread's process alive, an idle one not). */
  inFlight?(count: number): void;
  terminate(): unknown;
}

export interface BandPoolOptions {
  /**
   * Threads that compute a split job, at least 1: the calling thread and `threads − 1` workers
   * (or `threads` workers with callerComputes false).
   */
  threads: number;
  /**
   * Whether the calling thread computes bands beside the workers (default true). It takes one
   * band at a time and lets its event loop run between them, so a cancel that arrives by message
   * is seen within a band (BAND_WORK).
   */
  callerComputes?: boolean;
  /** Starts one band worker (the pool starts them when first needed, at most `threads`). */
  startWorker: () => BandWorker;
  /** Below this many multiply-adds, work runs on the calling thread. */
  minWork?: number;
  /**
   * The caller never changes an array after handing it over (the engine's wire values are
   * immutable), so the shared copy of an input is kept while the input lives and reused: a
   * preview re-run on the same 2048² image then copies nothing in.
   */
  immutableInputs?: boolean;
}

function shared(data: Float32Array | Float64Array): SharedArrayBuffer {
  if (data.buffer instanceof SharedArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return data.buffer;
  const buffer = new SharedArrayBuffer(data.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return buffer;
}

/** Work (multiply-adds) per band: some tens of ms, the longest a cancelled run waits. */
const BAND_WORK = 1 << 27;

/**
 * How many bands: one per thread for small jobs; for large ones enough that each holds about
 * BAND_WORK, so a superseded run stops within a band, rounded up to a multiple of the threads,
 * and never thinner than minRows (a band recomputes the rows its kernel overlaps).
 */
export function bandCount(work: number, rows: number, threads: number, minRows = 16): number {
  const wanted = Math.max(threads, Math.ceil(work / BAND_WORK));
  const most = Math.max(threads, Math.floor(rows / minRows));
  return Math.min(most, Math.ceil(wanted / threads) * threads);
}

/**
 * The method for the whole image (every band then runs the same one) and what it costs per
 * output pixel in multiply-adds, with the thinnest band worth cutting: the separable and FFT
 * paths redo kh − 1 rows per band, so their bands hold at least four times that.
 */
function planBands(
  outWidth: number, outRows: number, kernel: Float64Array, kernelWidth: number, kernelHeight: number, method: Convolve2dMethod,
): { method: Exclude<Convolve2dMethod, 'auto'>; perPixel: number; minRows: number } {
  const chosen = resolveConvolve2dMethod(method, outWidth, outRows, flipKernel(kernel, kernelWidth, kernelHeight), kernelWidth, kernelHeight).method;
  const overlap = Math.max(16, 4 * (kernelHeight - 1));
  switch (chosen) {
    case 'direct': return { method: chosen, perPixel: kernelWidth * kernelHeight, minRows: 16 };
    case 'separable': return { method: chosen, perPixel: kernelWidth + kernelHeight, minRows: overlap };
    default: return { method: chosen, perPixel: 64, minRows: overlap };
  }
}

/**
 * The 3-D method for the whole volume and its multiply-adds per output voxel, with the thinnest
 * band of output planes worth cutting: the separable and FFT paths redo the kd − 1 planes of
 * overlap per band, so their bands hold at least twice that (in input planes).
 */
function planVolumeBands(
  outWidth: number, outHeight: number, outDepth: number, kernel: Float64Array, kw: number, kh: number, kd: number, stride: number,
  method: Convolve3dMethod,
): { method: Exclude<Convolve3dMethod, 'auto'>; perVoxel: number; minPlanes: number } {
  const flipped = kernel.slice().reverse();
  const chosen = resolveConvolve3dMethod(method, outWidth, outHeight, outDepth, flipped, kw, kh, kd, stride).method;
  const overlap = Math.max(1, Math.ceil((2 * (kd - 1)) / stride));
  switch (chosen) {
    case 'direct': return { method: chosen, perVoxel: kw * kh * kd, minPlanes: 1 };
    case 'separable': return { method: chosen, perVoxel: kw + kh + kd, minPlanes: overlap };
    default: return { method: chosen, perVoxel: 64, minPlanes: Math.max(4, overlap) };
  }
}

/** Splits [0, rows) into `parts` contiguous bands of near-equal size. */
export function splitRows(rows: number, parts: number): Array<[number, number]> {
  const bands: Array<[number, number]> = [];
  for (let p = 0; p < parts; p++) {
    const y0 = Math.floor((rows * p) / parts), y1 = Math.floor((rows * (p + 1)) / parts);
    if (y1 > y0) bands.push([y0, y1]);
  }
  return bands;
}

/** What a pool has done since it was made: for tests that check work went where it should. */
export interface ParallelDspStats {
  /** Worker threads started (a warm pool starts each once, not once per run). */
  workersStarted: number;
  /** Band tasks posted to the workers (0 when every job ran on the calling thread). */
  tasksPosted: number;
  /** Bands of split jobs the calling thread computed itself (callerComputes), taken over ones included. */
  bandsOnCaller: number;
  /** Of those, bands posted to a worker that the caller took over before the worker started them. */
  bandsTakenOver: number;
}

interface YieldPort {
  onmessage: (() => void) | null;
  postMessage(value: unknown): void;
  close(): void;
}

/**
 * Lets the event loop run (worker replies, a cancel message) before the calling thread goes on:
 * setImmediate in Node; in a browser a message to itself, since nested setTimeout(0) calls wait
 * 4 ms each from the fifth on, and a large job yields once per band.
 */
function yieldToEventLoop(): Promise<void> {
  const scope = globalThis as unknown as {
    setImmediate?: (f: () => void) => unknown;
    MessageChannel?: new () => { port1: YieldPort; port2: YieldPort };
    setTimeout: (f: () => void, ms: number) => unknown;
  };
  return new Promise((resolve) => {
    if (scope.setImmediate) scope.setImmediate(resolve);
    else if (scope.MessageChannel) {
      const { port1, port2 } = new scope.MessageChannel();
      port1.onmessage = () => {
        port1.close();
        port2.close();
        resolve();
      };
      port2.postMessage(0);
    } else scope.setTimeout(resolve, 0);
  });
}

export function createBandPool(options: BandPoolOptions): ParallelDsp & { readonly stats: Readonly<ParallelDspStats> } {
  const threads = Math.max(1, options.threads);
  const callerComputes = options.callerComputes ?? true;
  const workerCount = callerComputes ? threads - 1 : threads;
  // 3e7 multiply-adds: 1.8-2.4 ms of a separable blur on one SIMD thread (a 1024² σ = 3 Gaussian
  // is 4e7), 4-5 ms of the direct path. Below it a split gains less than it costs: a worker's
  // wake-up and reply (≥ 0.1 ms wall, 0.4-0.5 ms CPU, measured on a 64² job), the kernel's
  // overlap rows read twice, and on a loaded machine a second thread that waits for a core
  // (docs/image2d-performance.md, "Two threads").
  const minWork = options.minWork ?? 3e7;
  const sharedCopies = new WeakMap<Float32Array | Float64Array, SharedArrayBuffer>();
  const share = (data: Float32Array | Float64Array): SharedArrayBuffer => {
    if (!options.immutableInputs) return shared(data);
    let buffer = sharedCopies.get(data);
    if (!buffer) sharedCopies.set(data, (buffer = shared(data)));
    return buffer;
  };
  const workers: BandWorker[] = [];
  /** Tasks posted and not answered; resolved with whether the worker computed the band. */
  const pending = new Map<number, { resolve: (computed: boolean) => void; reject: (e: Error) => void }>();
  /** Tasks in flight per worker. */
  const busy = new Map<BandWorker, number>();
  const count = (w: BandWorker, change: number): void => {
    const now = (busy.get(w) ?? 0) + change;
    busy.set(w, now);
    w.inFlight?.(now);
  };
  /** The worker each unanswered task went to, and per worker how many of its tasks the caller took over. */
  const postedTo = new Map<number, BandWorker>();
  const skipsDue = new Map<BandWorker, number>();
  /** Called when a worker has answered every task posted to it, or failed (dispose waits on these). */
  const idleWaiters = new Map<BandWorker, Array<() => void>>();
  const settle = (w: BandWorker): void => {
    for (const wake of idleWaiters.get(w) ?? []) wake();
    idleWaiters.delete(w);
  };
  const stats: ParallelDspStats = { workersStarted: 0, tasksPosted: 0, bandsOnCaller: 0, bandsTakenOver: 0 };
  let nextId = 1;
  let next = 0;
  let disposed = false;

  const worker = (): BandWorker => {
    if (workers.length < workerCount) {
      const w = options.startWorker();
      stats.workersStarted++;
      w.onReply((reply) => {
        count(w, -1);
        postedTo.delete(reply.id);
        if (reply.ok && reply.skipped) skipsDue.set(w, Math.max(0, (skipsDue.get(w) ?? 0) - 1));
        if ((busy.get(w) ?? 0) === 0) settle(w);
        const p = pending.get(reply.id);
        if (!p) return;
        pending.delete(reply.id);
        if (reply.ok) p.resolve(!reply.skipped);
        else p.reject(new Error(reply.error));
      });
      w.onError((error) => {
        for (const p of pending.values()) p.reject(error);
        pending.clear();
        settle(w);
      });
      workers.push(w);
    }
    const w = workers[next % workers.length]!; // at least one: made above while fewer than workerCount (≥ 1 when called)
    next++;
    return w;
  };

  /**
   * Starts every band worker now (a worker loads its SIMD kernels as it starts), so the first split
   * job finds them awake instead of computing on the calling thread while they start.
   */
  const warm = (): void => {
    while (!disposed && workers.length < workerCount) worker();
    next = 0;
  };

  /** Posts a task; resolves with whether the worker computed it (not when the caller took it over). */
  const run = (task: BandTaskBody, id = nextId++): Promise<boolean> => {
    if (disposed) return Promise.reject(new Error('ParallelDsp is disposed'));
    return new Promise<boolean>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      const w = worker();
      count(w, 1);
      postedTo.set(id, w);
      stats.tasksPosted++;
      w.post({ ...task, id } as BandTask);
    });
  };

  /**
   * Runs the bands, at most `threads` at a time (one on the calling thread with callerComputes),
   * asking control before each one: a cancelled run dispatches nothing more (what is in flight
   * finishes, at most one band per thread). With callerComputes, once no band is left to hand out
   * the calling thread takes over bands posted to a worker that has not started them (a worker
   * still asleep, or without a core on a busy machine), so a split job is not left waiting on it.
   */
  const runBands = async (
    bands: Array<[number, number]>, task: (band: [number, number]) => BandTaskBody, control?: ParallelControl,
    onCaller?: (band: [number, number]) => void,
  ): Promise<void> => {
    const rows = bands.reduce((sum, [y0, y1]) => sum + y1 - y0, 0);
    let next = 0, done = 0, stopped = false;
    const take = (): number | undefined => {
      if (stopped || next >= bands.length) return undefined;
      control?.checkCancelled?.();
      return next++;
    };
    const finished = (i: number): void => {
      done += bands[i]![1] - bands[i]![0];
      control?.progress?.(done / rows);
    };
    /** The task id of each band posted to a worker. */
    const posted = new Map<number, number>();
    const failed = (error: unknown): never => {
      // A failed band or a cancelled run: the other lanes take no more bands either, and bands
      // posted but not started are claimed, so their workers skip them.
      stopped = true;
      if (claims) for (const i of posted.keys()) if (Atomics.compareExchange(claims, i, 0, 2) === 0) release(i);
      throw error;
    };
    // With claims, two bands are queued per worker: it starts its next band as it finishes one,
    // instead of waiting for the calling thread (busy with a band of its own) to read its reply
    // and post the next; the caller takes over whichever queued band the worker has not begun.
    const perWorker = callerComputes ? 2 : 1;
    const lanes = Math.min(workerCount * perWorker, bands.length - (callerComputes ? 1 : 0));
    // Claims only where the caller may take a posted band over (band-tasks.ts, BandClaim).
    const claims = callerComputes && lanes > 0 ? new Int32Array(new SharedArrayBuffer(4 * bands.length)) : undefined;
    /** Tells the lane of posted band i that its worker will not compute it. */
    const release = (i: number): void => {
      const id = posted.get(i)!;
      const p = pending.get(id);
      pending.delete(id);
      const w = postedTo.get(id);
      if (w) skipsDue.set(w, (skipsDue.get(w) ?? 0) + 1);
      p?.resolve(false);
    };
    const workerLane = async (): Promise<void> => {
      try {
        for (let i = take(); i !== undefined; i = take()) {
          const id = nextId++;
          posted.set(i, id);
          const claim = claims ? { claim: { claims: claims.buffer as SharedArrayBuffer, index: i } } : {};
          if (await run({ ...task(bands[i]!), ...claim } as BandTaskBody, id)) finished(i);
        }
      } catch (error) {
        failed(error);
      }
    };
    /** A posted band no worker has started, claimed for the caller; its lane is told it is done with. */
    const takeOver = (): number | undefined => {
      if (!claims || stopped) return undefined;
      control?.checkCancelled?.();
      // The last posted first: the one its worker would reach last.
      for (const i of [...posted.keys()].reverse()) {
        if (Atomics.compareExchange(claims, i, 0, 2) !== 0) continue;
        release(i);
        stats.bandsTakenOver++;
        return i;
      }
      return undefined;
    };
    const callerLane = async (): Promise<void> => {
      try {
        for (let round = 0; ; round++) {
          // Between bands the event loop runs: workers' replies (their lanes post the next
          // bands) and a cancel that arrives by message.
          if (round > 0) await yieldToEventLoop();
          const i = take() ?? takeOver();
          if (i === undefined) return;
          if (disposed) throw new Error('ParallelDsp is disposed');
          if (claims) Atomics.store(claims, i, 2);
          stats.bandsOnCaller++;
          if (onCaller) onCaller(bands[i]!);
          else {
            const reply = runBandTask({ ...task(bands[i]!), id: 0 } as BandTask);
            if (!reply.ok) throw new Error(reply.error);
          }
          finished(i);
        }
      } catch (error) {
        failed(error);
      }
    };
    // Worker lanes first: each posts its band before the calling thread starts computing its own.
    const running = Array.from({ length: lanes }, workerLane);
    if (callerComputes) running.push(callerLane());
    await Promise.all(running);
  };

  return {
    threads,
    stats,
    async convolve2d(image, width, height, kernel, kernelWidth, kernelHeight, opts = {}, control) {
      const g = convolve2dGeometry(width, height, kernelWidth, kernelHeight, opts);
      const result = { width: g.width, height: g.height, offsetX: g.offsetX, offsetY: g.offsetY };
      const plan = g.width * g.height === 0 ? undefined : planBands(g.width, g.height, kernel, kernelWidth, kernelHeight, opts.method ?? 'auto');
      const work = plan ? g.width * g.height * plan.perPixel : 0;
      if (!plan || threads === 1 || work < minWork || g.height < 2 * threads) {
        // convolve2dRows writes every pixel of rows [0, height): a reused buffer needs no zeroing.
        const data = allocFloat32ForOverwrite(g.width * g.height);
        convolve2dRows(image, width, height, kernel, kernelWidth, kernelHeight, { ...opts, onProgress: control?.progress }, 0, g.height, data);
        return { ...result, data };
      }
      // A cancelled job's bands may still write here after this rejects: the engine never stores
      // such an output, so its buffer never returns to the pool (engine.ts, Memo).
      const out = allocSharedFloat32ForOverwrite(g.width * g.height);
      const outBuffer = out.buffer as SharedArrayBuffer;
      const imageBuffer = share(image), kernelBuffer = shared(kernel);
      const options = { ...opts, method: plan.method };
      await runBands(splitRows(g.height, bandCount(work, g.height, threads, plan.minRows)), ([y0, y1]) => ({
        kind: 'convolve2d', y0, y1, image: imageBuffer, width, height, kernel: kernelBuffer, kernelWidth, kernelHeight, options, out: outBuffer,
      }), control, ([y0, y1]) => {
        // The caller's bands read the image as it was handed over: the same pixels, and an
        // ordinary buffer copies into the SIMD kernels' memory faster than a shared one
        // (docs/image2d-performance.md, "Two threads").
        convolve2dRows(image, width, height, kernel, kernelWidth, kernelHeight, options, y0, y1, out);
      });
      return { ...result, data: out };
    },
    async convolve3d(volume, width, height, depth, kernel, kernelWidth, kernelHeight, kernelDepth, opts = {}, control) {
      const g = convolve3dGeometry(width, height, depth, kernelWidth, kernelHeight, kernelDepth, opts);
      const result = { width: g.width, height: g.height, depth: g.depth, offsetX: g.offsetX, offsetY: g.offsetY, offsetZ: g.offsetZ, stride: g.stride };
      const voxels = g.width * g.height * g.depth;
      const plan = voxels === 0
        ? undefined
        : planVolumeBands(g.width, g.height, g.depth, kernel, kernelWidth, kernelHeight, kernelDepth, g.stride, opts.method ?? 'auto');
      const work = plan ? voxels * plan.perVoxel : 0;
      if (!plan || threads === 1 || work < minWork || g.depth < 2 * threads) {
        const data = new Float32Array(voxels);
        convolve3dPlanes(volume, width, height, depth, kernel, kernelWidth, kernelHeight, kernelDepth, { ...opts, onProgress: control?.progress }, 0, g.depth, data);
        return { ...result, data };
      }
      const outBuffer = new SharedArrayBuffer(4 * voxels);
      const out = new Float32Array(outBuffer);
      const volumeBuffer = share(volume), kernelBuffer = shared(kernel);
      const options = { ...opts, method: plan.method };
      await runBands(splitRows(g.depth, bandCount(work, g.depth, threads, plan.minPlanes)), ([z0, z1]) => ({
        kind: 'convolve3d', z0, z1, volume: volumeBuffer, width, height, depth,
        kernel: kernelBuffer, kernelWidth, kernelHeight, kernelDepth, options, out: outBuffer,
      }), control);
      return { ...result, data: out };
    },
    async backproject(sinogram, detectors, anglesDeg, size, control) {
      const work = size * size * anglesDeg.length;
      if (threads === 1 || work < minWork || size < 2 * threads) {
        const data = allocFloat32ForOverwrite(size * size);
        backprojectRows(sinogram, detectors, anglesDeg, size, 0, size, data, control?.progress);
        return data;
      }
      const out = allocSharedFloat32ForOverwrite(size * size);
      const outBuffer = out.buffer as SharedArrayBuffer;
      const sino = share(sinogram), angles = shared(anglesDeg);
      await runBands(splitRows(size, bandCount(work, size, threads)), ([y0, y1]) => ({
        kind: 'backproject', y0, y1, sinogram: sino, detectors, angles, size, out: outBuffer,
      }), control);
      return out;
    },
    async conebeam(padded, grid, geometry, anglesDeg, control) {
      const { U, V, views } = geometry;
      const out = new Float32Array(new SharedArrayBuffer(4 * views * V * U));
      // A ray takes about one sample per voxel it crosses, each about three multiply-adds with its
      // share of the line across the plane it was interpolated from (conebeamViews). Each band
      // copies the volume into its worker's SIMD memory once, so bands are not cut finer than that.
      const work = 3 * views * U * V * Math.max(grid.width, grid.height, grid.depth);
      if (threads === 1 || work < minWork || views < 2 * threads) {
        conebeamViews(padded, grid, geometry, anglesDeg, 0, views, out, control?.progress);
        return out;
      }
      const volume = share(padded), angles = shared(anglesDeg);
      await runBands(splitRows(views, bandCount(work, views, threads, 1)), ([y0, y1]) => ({
        kind: 'conebeam', y0, y1, padded: volume, grid, geometry, angles, out: out.buffer as SharedArrayBuffer,
      }), control);
      return out;
    },
    async fdk(projections, geometry, anglesDeg, grid, window, control) {
      const { views } = geometry;
      const filtered = new Float32Array(new SharedArrayBuffer(4 * filteredLength(geometry)));
      const out = new Float32Array(new SharedArrayBuffer(4 * grid.width * grid.height * grid.depth));
      // Each voxel takes one interpolated sample per view: with the projection of the voxel onto the
      // detector, the weight and two interpolations that is far more than the four multiply-adds it
      // was once counted as. Measured (npm run bench -- --filter conebeam), 64³ from 24 views takes
      // about 80 ms on one thread, which is what 64 per voxel and view gives at minWork's rate
      // (3e7 ≈ 5 ms); counted as 4, that job stayed on the calling thread and a views slider
      // waited on one core for it.
      const work = 64 * grid.width * grid.height * grid.depth * views;
      if (threads === 1 || work < minWork || grid.height < 2 * threads || views < 2 * threads) {
        filterConeBeamViews(projections, geometry, window, 0, views, filtered);
        backprojectFdkRows(filtered, geometry, anglesDeg, grid, 0, grid.height, out, control?.progress);
        return out;
      }
      const input = share(projections), angles = shared(anglesDeg);
      // The filter is a tenth of the work or less: its progress is not reported.
      await runBands(splitRows(views, threads), ([y0, y1]) => ({
        kind: 'fdkFilter', y0, y1, projections: input, geometry, window, out: filtered.buffer as SharedArrayBuffer,
      }), control?.checkCancelled ? { checkCancelled: control.checkCancelled } : undefined);
      await runBands(splitRows(grid.height, bandCount(work, grid.height, threads, 1)), ([y0, y1]) => ({
        kind: 'fdkBackproject', y0, y1, filtered: filtered.buffer as SharedArrayBuffer, geometry, angles, grid, out: out.buffer as SharedArrayBuffer,
      }), control);
      return out;
    },
    warm,
    async dispose() {
      disposed = true;
      for (const p of pending.values()) p.reject(new Error('ParallelDsp disposed'));
      pending.clear();
      // A worker with nothing left to answer but bands the calling thread took over (it skips
      // them) is let answer before it is stopped: it may still be starting, and a job that needed
      // no band from it has then still run every thread it started, the same on every run (a
      // worker computing a band is stopped at once, as before).
      await Promise.all(workers.map(async (w) => {
        const inFlight = busy.get(w) ?? 0;
        if (inFlight > 0 && inFlight === (skipsDue.get(w) ?? 0)) {
          await new Promise<void>((wake) => idleWaiters.set(w, [...(idleWaiters.get(w) ?? []), wake]));
        }
        await w.terminate();
      }));
      workers.length = 0;
    },
  };
}
