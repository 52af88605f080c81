/**
 * Splits 2-D convolution and backprojection over a small pool of worker_threads (default: one
 * per core, at most 2 here), sharing inputs and the output through SharedArrayBuffers so
 * nothing is copied per band. Bands are disjoint row ranges computed by the same band
 * functions the single-thread path uses (convolve2dRows, backprojectRows), so results are
 * identical to it. Small jobs run on the calling thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { backprojectRows } from '../../../src-shared/dsp/ct';
import { type Convolve2dResult, convolve2dGeometry, convolve2dRows } from '../../../src-shared/dsp/convolve2d';
import type { BandReply, BandTask, SerializableConvolve2dOptions } from './messages';

/** A task without its id (Omit distributed over the union). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type BandTaskBody = DistributiveOmit<BandTask, 'id'>;

export interface ParallelDsp {
  readonly threads: number;
  convolve2d(
    image: Float32Array, width: number, height: number, kernel: Float64Array, kernelWidth: number, kernelHeight: number,
    options?: SerializableConvolve2dOptions,
  ): Promise<Convolve2dResult>;
  backproject(sinogram: Float32Array, detectors: number, anglesDeg: Float64Array, size: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface ParallelDspOptions {
  /** Worker count (default min(2, availableParallelism())). */
  threads?: number;
  /** Worker entry; default the tsx bootstrap next to this file (source runs, tests). */
  workerUrl?: URL | string;
  /** Below this many output pixels × kernel taps, work runs on the calling thread. */
  minWork?: number;
}

/** The tsx bootstrap that runs worker.ts from source. */
export function sourceWorkerUrl(): URL {
  return new URL('./worker-source.mjs', import.meta.url);
}

function shared(data: Float32Array | Float64Array): SharedArrayBuffer {
  if (data.buffer instanceof SharedArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return data.buffer;
  const buffer = new SharedArrayBuffer(data.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return buffer;
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

export function createParallelDsp(options: ParallelDspOptions = {}): ParallelDsp {
  const threads = Math.max(1, options.threads ?? Math.min(2, availableParallelism()));
  const minWork = options.minWork ?? 2e6;
  const url = options.workerUrl ?? sourceWorkerUrl();
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  /** Tasks in flight per worker: a busy worker keeps the process alive, an idle one does not. */
  const busy = new Map<Worker, number>();
  const settle = (w: Worker): void => {
    const count = (busy.get(w) ?? 1) - 1;
    busy.set(w, count);
    if (count === 0) w.unref();
  };
  let nextId = 1;
  let next = 0;
  let disposed = false;

  const worker = (): Worker => {
    if (workers.length < threads) {
      const w = new Worker(url);
      w.on('message', (reply: BandReply) => {
        settle(w);
        const p = pending.get(reply.id);
        if (!p) return;
        pending.delete(reply.id);
        if (reply.ok) p.resolve();
        else p.reject(new Error(reply.error));
      });
      w.on('error', (error) => {
        for (const p of pending.values()) p.reject(error);
        pending.clear();
      });
      w.unref();
      workers.push(w);
    }
    const w = workers[next % workers.length];
    next++;
    return w;
  };

  const run = (task: BandTaskBody): Promise<void> => {
    if (disposed) return Promise.reject(new Error('ParallelDsp is disposed'));
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      const w = worker();
      busy.set(w, (busy.get(w) ?? 0) + 1);
      w.ref();
      w.postMessage({ ...task, id } as BandTask);
    });
  };

  return {
    threads,
    async convolve2d(image, width, height, kernel, kernelWidth, kernelHeight, opts = {}) {
      const g = convolve2dGeometry(width, height, kernelWidth, kernelHeight, opts);
      const outBuffer = new SharedArrayBuffer(4 * g.width * g.height);
      const out = new Float32Array(outBuffer);
      const result = { data: out, width: g.width, height: g.height, offsetX: g.offsetX, offsetY: g.offsetY };
      if (threads === 1 || g.width * g.height * kernelWidth * kernelHeight < minWork || g.height < 2 * threads) {
        convolve2dRows(image, width, height, kernel, kernelWidth, kernelHeight, opts, 0, g.height, out);
        return result;
      }
      const imageBuffer = shared(image), kernelBuffer = shared(kernel);
      await Promise.all(splitRows(g.height, threads).map(([y0, y1]) => run({
        kind: 'convolve2d', y0, y1, image: imageBuffer, width, height, kernel: kernelBuffer, kernelWidth, kernelHeight, options: opts, out: outBuffer,
      })));
      return result;
    },
    async backproject(sinogram, detectors, anglesDeg, size) {
      const outBuffer = new SharedArrayBuffer(4 * size * size);
      const out = new Float32Array(outBuffer);
      if (threads === 1 || size * size * anglesDeg.length < minWork) {
        backprojectRows(sinogram, detectors, anglesDeg, size, 0, size, out);
        return out;
      }
      const sino = shared(sinogram), angles = shared(anglesDeg);
      await Promise.all(splitRows(size, threads).map(([y0, y1]) => run({
        kind: 'backproject', y0, y1, sinogram: sino, detectors, angles, size, out: outBuffer,
      })));
      return out;
    },
    async dispose() {
      disposed = true;
      for (const p of pending.values()) p.reject(new Error('ParallelDsp disposed'));
      pending.clear();
      await Promise.all(workers.map((w) => w.terminate()));
      workers.length = 0;
    },
  };
}
