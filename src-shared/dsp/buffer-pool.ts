/**
 * Reuse of large output buffers across runs (issue 17): a fresh 16 MB Float32Array costs 4,096
 * page faults (~50 ms on a loaded VM) because the C library hands blocks that large back to the
 * OS when they are freed, so every re-run of a 2048² node would fault its output in again. A
 * BufferPool keeps the buffers of outputs nothing can see any more and hands them out again,
 * zero-filled (or not, for an output the caller overwrites in full), to the next allocation of
 * the same byte length.
 *
 * The seam is `allocFloat32(n)` / `allocSharedFloat32(n)`: the DSP core and nodes call them
 * where they make a large output; they give a plain new array unless an engine has installed its
 * pool. Only the engine gives buffers back (engine.ts, the memo: an entry replaced or evicted
 * and no other entry holding the buffer), and the pool takes back only buffers it handed out
 * itself, so a buffer of unknown provenance (a decoded file, an array a test keeps) is never
 * recycled.
 */

export interface BufferPoolOptions {
  /** Allocations smaller than this many bytes are not pooled (default 1 MiB). */
  readonly minBytes?: number;
  /** The most bytes of idle buffers kept (default 256 MiB); the oldest are let go first. */
  readonly maxBytes?: number;
  /** The most idle buffers kept of one byte length and kind (default 4). */
  readonly perSize?: number;
}

/** What a pool has done since it was made or cleared (tests count on these). */
export interface BufferPoolStats {
  /** Pooled-size allocations that had to ask the OS for new memory. */
  fresh: number;
  /** Allocations served by an idle buffer. */
  reused: number;
  /** Buffers given back and kept idle. */
  kept: number;
  /** Buffers given back but let go (over the bound), or idle ones dropped to make room. */
  dropped: number;
}

const hasShared = typeof SharedArrayBuffer !== 'undefined';

function isShared(buffer: ArrayBufferLike): boolean {
  return hasShared && buffer instanceof SharedArrayBuffer;
}

export class BufferPool {
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly perSize: number;
  readonly stats: BufferPoolStats = { fresh: 0, reused: 0, kept: 0, dropped: 0 };
  /** Idle buffers, oldest first. */
  private idle: ArrayBufferLike[] = [];
  private idleBytes = 0;
  /** Every buffer this pool handed out (the only ones it takes back). */
  private born = new WeakSet<ArrayBufferLike>();
  /** The run (nextRun's count) in which each idle buffer was given back. */
  private idleSince = new Map<ArrayBufferLike, number>();
  private run = 0;

  constructor(options: BufferPoolOptions = {}) {
    this.minBytes = options.minBytes ?? 1 << 20;
    this.maxBytes = options.maxBytes ?? 256 * 2 ** 20;
    this.perSize = Math.max(1, options.perSize ?? 4);
  }

  /** Bytes of idle buffers held now. */
  bytes(): number {
    return this.idleBytes;
  }

  /** Idle buffers held now. */
  count(): number {
    return this.idle.length;
  }

  /**
   * A zero-filled Float32Array of `length`, on a buffer of exactly 4·length bytes (a
   * SharedArrayBuffer when `shared`): an idle one of that size if there is one, else a new one.
   */
  float32(length: number, shared = false): Float32Array {
    return new Float32Array(this.buffer(4 * length, shared, true));
  }

  /**
   * As float32, but a reused buffer keeps what it held: only for an output the caller writes in
   * full before anything reads it (the band pool's convolve2d and backproject, whose band
   * functions write every pixel of their rows: test/dsp/parallel.test.ts fills the reused
   * buffer with NaN and finds none left). The zero fill it skips is a second pass over the whole
   * output, as long as the one that writes it (docs/buffer-pool.md, "Two threads").
   */
  float32ForOverwrite(length: number, shared = false): Float32Array {
    return new Float32Array(this.buffer(4 * length, shared, false));
  }

  /** As float32, a Float64Array on a buffer of exactly 8·length bytes (signals' samples). */
  float64(length: number, shared = false): Float64Array {
    return new Float64Array(this.buffer(8 * length, shared, true));
  }

  /** A buffer of `bytes`, zero-filled if `zero`: an idle one of that size and kind, else a new one. */
  private buffer(bytes: number, shared: boolean, zero: boolean): ArrayBufferLike {
    const make = (): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    if (bytes < this.minBytes) return make();
    // The newest idle buffer of the size: its pages are the likeliest still in cache.
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const buffer = this.idle[i]!;
      if (buffer.byteLength !== bytes || isShared(buffer) !== shared) continue;
      this.idle.splice(i, 1);
      this.idleBytes -= bytes;
      this.idleSince.delete(buffer);
      this.stats.reused++;
      if (zero) zeroFill(buffer);
      return buffer;
    }
    const buffer = make();
    this.born.add(buffer);
    this.stats.fresh++;
    return buffer;
  }

  /**
   * Takes back a buffer nothing can reach any more (the caller's promise). Buffers this pool did
   * not hand out, or that it holds already, are ignored. Returns whether it was kept.
   */
  release(buffer: ArrayBufferLike): boolean {
    if (!this.born.has(buffer) || this.idle.includes(buffer)) return false;
    const bytes = buffer.byteLength;
    if (bytes > this.maxBytes) {
      this.stats.dropped++;
      return false;
    }
    const sameSize = this.idle.filter((other) => other.byteLength === bytes && isShared(other) === isShared(buffer));
    if (sameSize.length >= this.perSize) this.drop(sameSize[0]!);
    while (this.idleBytes + bytes > this.maxBytes) this.drop(this.idle[0]!);
    this.idle.push(buffer);
    this.idleBytes += bytes;
    this.idleSince.set(buffer, this.run);
    this.stats.kept++;
    return true;
  }

  /**
   * Starts the next of a batch's runs: lets go every idle buffer that sat through the whole run
   * before without being taken. A batch over inputs of one length takes each freed output in the
   * next run (or gives it back during that run, to be taken in the one after), so it loses
   * nothing; over clips of differing lengths no size came back, and 300 clips left 235 idle
   * buffers (256 MiB, never reused) in each worker.
   */
  nextRun(): void {
    this.run++;
    for (const buffer of [...this.idle]) {
      if (this.idleSince.get(buffer)! < this.run - 1) this.drop(buffer);
    }
  }

  /**
   * Takes an idle buffer out of the pool because something holds it again (a safety net: the
   * engine withdraws every buffer a new memo entry holds, so no buffer is both held and idle).
   */
  withdraw(buffer: ArrayBufferLike): void {
    const i = this.idle.indexOf(buffer);
    if (i < 0) return;
    this.idle.splice(i, 1);
    this.idleBytes -= buffer.byteLength;
    this.idleSince.delete(buffer);
  }

  /** Lets every idle buffer go and forgets which buffers were handed out. */
  clear(): void {
    this.idle = [];
    this.idleBytes = 0;
    this.idleSince.clear();
    this.born = new WeakSet();
  }

  private drop(buffer: ArrayBufferLike): void {
    this.withdraw(buffer);
    this.stats.dropped++;
  }
}

/**
 * Zeroes a buffer eight bytes at a time: on a SharedArrayBuffer V8 fills a typed array with one
 * relaxed store per element, so a Uint8Array's fill of 4 MB took 1.2 ms CPU where a
 * Float64Array's took 0.16 (an ordinary buffer's: 0.07 either way).
 */
function zeroFill(buffer: ArrayBufferLike): void {
  const words = buffer.byteLength >>> 3;
  new Float64Array(buffer, 0, words).fill(0);
  new Uint8Array(buffer, 8 * words).fill(0);
}

/**
 * A pool for an engine with this memory limit: idle buffers are not counted in the run's budget,
 * so they are kept to a quarter of it (at most the default 256 MiB). Outputs from `minBytes` on
 * are recycled (an engine worker's ENGINE_POOL_MIN_BYTES unless told otherwise).
 */
export function bufferPoolFor(memoryLimit: number, minBytes = ENGINE_POOL_MIN_BYTES): BufferPool {
  return new BufferPool({ minBytes, maxBytes: Math.min(256 * 2 ** 20, Math.floor(memoryLimit / 4)) });
}

/**
 * The smallest output an engine's pool recycles: a 2^16-sample signal (512 KiB) is worth it too.
 * A fresh one cost 1.4–1.6 ms more than a reused one to fill on this 2-core VM (its 128 pages
 * faulted in, ~10 µs each), against 0.8 ms for the 65,536 Math.exp of a Gaussian source.
 */
export const ENGINE_POOL_MIN_BYTES = 256 * 1024;

/** The pool allocations go to now: the engine's, while one of its nodes computes. */
let installed: BufferPool | undefined;
/** Whether allocFloat32 gives SharedArrayBuffers (the engine lends band threads). */
let preferShared = false;

/**
 * Makes `pool` (or none) the one `allocFloat32` draws from; the engine does this around a compute.
 * With `shared`, allocFloat32's arrays sit on SharedArrayBuffers: a band pool then hands such an
 * output to its threads as it is, where an ordinary buffer would be copied into a shared one on
 * every run (a 2048² source under a re-run convolution: 16 MB copied, 4,096 pages faulted in).
 */
export function installBufferPool(pool: BufferPool | undefined, shared = false): void {
  installed = pool;
  preferShared = pool !== undefined && shared && hasShared;
}

/**
 * A zero-filled Float32Array of `length` for an output that may be large: from the installed pool
 * when there is one, else new. Its buffer is exactly 4·length bytes.
 */
export function allocFloat32(length: number): Float32Array {
  return installed ? installed.float32(length, preferShared) : new Float32Array(length);
}

/**
 * A zero-filled Float64Array of `length` for a large signal output (convolve1d): from the
 * installed pool when there is one, else new. Never shared (signals stay on the engine's thread).
 */
export function allocFloat64(length: number): Float64Array {
  return installed ? installed.float64(length) : new Float64Array(length);
}

/** As allocFloat32, on a SharedArrayBuffer (a band pool's output, written by its workers). */
export function allocSharedFloat32(length: number): Float32Array {
  return installed ? installed.float32(length, true) : new Float32Array(new SharedArrayBuffer(4 * length));
}

/**
 * As allocFloat32, but a reused buffer is not zeroed first (BufferPool.float32ForOverwrite): for
 * an output every element of which the caller writes before anything reads it. A new one is
 * zero-filled as always.
 */
export function allocFloat32ForOverwrite(length: number): Float32Array {
  return installed ? installed.float32ForOverwrite(length, preferShared) : new Float32Array(length);
}

/**
 * Gives a temporary that `allocFloat64` made back to the installed pool at once, for the next
 * allocation of its size (a node's scratch, e.g. the inverse FFT's imaginary plane): the caller's
 * promise is that nothing holds it any more and it is no output. An array the pool did not hand
 * out, or a call while no pool is installed, changes nothing (the array is left to the GC).
 */
export function releaseFloat64(array: Float64Array): void {
  installed?.release(array.buffer);
}

/** As allocSharedFloat32, not zeroed when reused (allocFloat32ForOverwrite). */
export function allocSharedFloat32ForOverwrite(length: number): Float32Array {
  return installed ? installed.float32ForOverwrite(length, true) : new Float32Array(new SharedArrayBuffer(4 * length));
}
