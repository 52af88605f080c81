/**
 * The WebAssembly SIMD kernels' runtime: instantiates the module from bytes the host hands over
 * (src-main/dsp/simd.ts; src-shared itself reads no files), owns the module's linear memory and
 * says whether the SIMD path is on. The DSP functions ask `simdKernels()` at each call: undefined
 * means the plain TypeScript path runs, which is also what happens where WebAssembly SIMD is
 * missing, when the host switched it off (CONVOLAB_SIMD=0) or before any bytes were given.
 *
 * Memory: plans (twiddle tables, chirps, kernels' spectra) are allocated once and kept, like the
 * TypeScript plans, up to planLimits.bytes; each call takes one scratch region above them and
 * releases it on return. Views of the memory are re-made whenever it grows.
 */
import { planLimits } from '../plan-cache';

/** The part of the WebAssembly JS API used here (lib ES2022 declares none of it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The module's exports (src-shared/dsp/simd/assembly/index.ts); pointers are byte addresses. */
export interface Kernels {
  readonly memory: WasmMemory;
  heapBase(): number;
  fftTableBytes(log: number): number;
  /** Absent from a module built before the radix-8 passes (an old build in an A/B bench). */
  fftRadix8Passes?(log: number): number;
  /** Calls whose scatter ran the last DIF pass as it filled its tiles (absent from a module built before that). */
  fftFusedScatters?(): number;
  fftPow2(xr: number, xi: number, yr: number, yi: number, log: number, tables: number): void;
  fftPow2Scaled(xr: number, xi: number, yr: number, yi: number, log: number, tables: number, factor: number): void;
  fftPow2Interleaved(x: number, zr: number, zi: number, yr: number, yi: number, log: number, tables: number): void;
  fftPow2ToInterleaved(xr: number, xi: number, out: number, log: number, tables: number, factorRe: number, factorIm: number): void;
  ditPow2(re: number, im: number, log: number, tables: number): void;
  difPow2(re: number, im: number, log: number, tables: number): void;
  multiplySpectra(ar: number, ai: number, br: number, bi: number, count: number, scale: number): void;
  scale(x: number, count: number, factor: number): void;
  deinterleave(x: number, zr: number, zi: number, h: number): void;
  interleave(yr: number, yi: number, out: number, h: number, factor: number): void;
  realForwardPost(zr: number, zi: number, wr: number, wi: number, xr: number, xi: number, h: number): void;
  realInversePre(xr: number, xi: number, wr: number, wi: number, zr: number, zi: number, h: number): void;
  convolveDirect(a: number, na: number, r: number, nb: number, lo: number, out: number, count: number): void;
  packedProductReversed(zr: number, zi: number, wr: number, wi: number, n: number): void;
  realFilterPrepare(
    zr: number, zi: number, cs: number, sn: number, fr: number, fi: number, gr: number, gi: number, h: number, scale: number,
  ): void;
  realFilterApply(zr: number, zi: number, fr: number, fi: number, gr: number, gi: number, h: number): void;
  accumulateInterleaved(acc: number, zr: number, zi: number, h: number): void;
  maxAbs(x: number, count: number): number;
  firRowF32(row: number, weights: number, taps: number, out: number, count: number): void;
  firColumnF32(rowPointers: number, weights: number, taps: number, out: number, count: number): void;
  correlateRowAddF64(row: number, weights: number, taps: number, acc: number, count: number): void;
  demoteRow(acc: number, out: number, count: number): void;
  separableStripF32(
    input: number, inputStride: number, v0: number, rows: number, ring: number, ringStride: number,
    rowWeights: number, kw: number, columnWeights: number, kh: number,
    out: number, outStride: number, x0: number, x1: number, flags: number, edges: number,
  ): void;
  correlateRowAddF32(row: number, weights: number, taps: number, acc: number, count: number): void;
  correlateRowStridedAddF64(row: number, weights: number, taps: number, acc: number, count: number, step: number): void;
  firRowStridedF32(row: number, weights: number, taps: number, out: number, count: number, step: number): void;
  backprojectRows(
    sino: number, detectors: number, cosines: number, sines: number, views: number, size: number,
    y0: number, y1: number, acc: number, out: number, scale: number,
  ): void;
  conebeamView(
    volume: number, W: number, H: number, D: number, c: number, s: number,
    sod: number, sdd: number, du: number, dv: number, U: number, V: number, line: number, sums: number, out: number,
  ): void;
  fdkPlane(
    filtered: number, U: number, V: number, views: number, cosines: number, sines: number,
    sod: number, sdd: number, du: number, dv: number, W: number, D: number, wy: number, line: number, acc: number,
  ): void;
  difColumns(re: number, im: number, stride: number, log: number, tables: number, x0: number, x1: number): void;
  ditColumns(re: number, im: number, stride: number, log: number, tables: number, x0: number, x1: number): void;
  complexMultiply(
    ar: number, ai: number, br: number, bi: number, yr: number, yi: number, count: number, conjugateA: number, negateIm: number,
  ): void;
}

const PAGE = 65536;

/** The module's memory with a bump allocator for plans and one scratch region per call. */
export class Heap {
  private top: number;
  private scratchLive = false;
  private buffer: ArrayBuffer | undefined;
  private f64View = new Float64Array(0);
  private f32View = new Float32Array(0);
  private u32View = new Uint32Array(0);

  /** Where plans start: everything below is the module's own data. */
  private readonly base: number;

  constructor(private readonly kernels: Kernels) {
    this.base = align(kernels.heapBase(), 64);
    this.top = this.base;
  }

  /**
   * Forgets every plan's tables (the runtime drops its plan map with them), so that the space
   * is reused. Only between kernel calls: a plan looked up before this must not be used after.
   */
  dropPlans(): void {
    if (this.scratchLive) throw new Error('Convolab SIMD: plans dropped during a kernel call');
    this.top = this.base;
  }

  get f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }

  get f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  /** Bytes of linear memory in use by plans. */
  get planBytes(): number {
    return this.top;
  }

  /** A block kept for the life of the module (plan tables). Undefined when memory cannot grow. */
  allocate(bytes: number): number | undefined {
    if (this.scratchLive) throw new Error('Convolab SIMD: a plan was allocated during a kernel call');
    const at = this.top;
    if (!this.ensure(at + bytes)) return undefined;
    this.top = align(at + bytes, 64);
    return at;
  }

  /**
   * Runs `body` with a scratch region of `bytes` above the plans; returns undefined (and runs
   * nothing) when memory cannot grow that far, so the caller can fall back to plain TypeScript.
   */
  withScratch<T>(bytes: number, body: (base: number) => T): T | undefined {
    if (this.scratchLive) throw new Error('Convolab SIMD: nested scratch regions');
    if (!this.ensure(this.top + bytes)) return undefined;
    this.scratchLive = true;
    try {
      return body(this.top);
    } finally {
      this.scratchLive = false;
    }
  }

  private ensure(end: number): boolean {
    const memory = this.kernels.memory;
    const have = memory.buffer.byteLength;
    if (end <= have) return true;
    // Grow by at least a quarter of what is there, so a series of growing calls stays linear.
    const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 4));
    try {
      memory.grow(pages);
      return true;
    } catch {
      try {
        memory.grow(Math.ceil((end - have) / PAGE));
        return true;
      } catch {
        return false;
      }
    }
  }

  private refresh(): void {
    const buffer = this.kernels.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.f64View = new Float64Array(buffer);
      this.f32View = new Float32Array(buffer);
      this.u32View = new Uint32Array(buffer);
    }
  }
}

/** Rounds up to a multiple of `to` (a power of two). */
export function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

const hasShared = typeof SharedArrayBuffer !== 'undefined';

/**
 * 1 when `array` sits on a SharedArrayBuffer and its float `index` lies unlike the module's float
 * `heapIndex` modulo 8 bytes, else 0. V8 copies between a shared typed array and another buffer
 * (`set`, either way) word by word only when both ends lie alike modulo 8 bytes, else byte by
 * byte, 4–5× slower (docs/image2d-performance.md, "Two threads"); the engine's wire values are
 * shared whenever it lends band threads. A path that owns the heap side's place puts it
 * `heapIndex + floatShift(…)` and copies at full speed. Float64 copies always lie alike.
 */
export function floatShift(array: Float32Array, index: number, heapIndex: number): 0 | 1 {
  return hasShared && array.buffer instanceof SharedArrayBuffer && ((array.byteOffset / 4 + index - heapIndex) & 1) !== 0 ? 1 : 0;
}

/**
 * The smallest module that uses relaxed SIMD: one function (v128, v128, v128) → v128 of
 * f32x4.relaxed_madd. Where it validates, the module built with relaxed SIMD loads too.
 */
const RELAXED_SIMD_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b, // f32x4.relaxed_madd
);

/**
 * True when this runtime has WebAssembly relaxed SIMD (Chromium and Electron by default; Node 20
 * only with --experimental-wasm-relaxed-simd), so the host may load the module built with it.
 */
export function relaxedSimdSupported(): boolean {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  return api !== undefined && api.validate(RELAXED_SIMD_PROBE);
}

/** Which build of the kernels is loaded: 'relaxed' uses fused multiply-add in the 2-D kernels and the FFT kernels' complex multiplies. */
export type SimdModuleKind = 'simd' | 'relaxed';

let kernels: Kernels | undefined;
let kernelsKind: SimdModuleKind | undefined;
let heap: Heap | undefined;
/** Plans of this module instance (their tables live in its memory), keyed by kind and size. */
let plans = new Map<string, unknown>();
let enabled = true;
/** Calls per kernel family that took the SIMD path, so tests can prove the path really ran. */
const counters = new Map<string, number>();

/**
 * Instantiates the kernels from the module's bytes (`kind` says which build they are). False (and
 * the plain path stays) when this runtime has no WebAssembly or no SIMD, or the bytes are not a
 * valid module here (the relaxed build where the runtime lacks relaxed SIMD). Instantiation is
 * synchronous: the module is small and this runs in Node or a worker, never on a UI thread.
 */
export function initSimd(bytes: Uint8Array, kind: SimdModuleKind = 'simd'): boolean {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!api || !api.validate(bytes)) return false;
  try {
    const instance = new api.Instance(new api.Module(bytes), {});
    kernels = instance.exports as unknown as Kernels;
    kernelsKind = kind;
    heap = new Heap(kernels);
    plans = new Map();
    return true;
  } catch {
    kernels = undefined;
    kernelsKind = undefined;
    heap = undefined;
    return false;
  }
}

/** The build of the kernels initSimd loaded last (undefined before any). */
export function simdModuleKind(): SimdModuleKind | undefined {
  return kernels ? kernelsKind : undefined;
}

/** True when the SIMD kernels are loaded and switched on. */
export function simdActive(): boolean {
  return enabled && kernels !== undefined;
}

/** Switches the SIMD path on or off in this thread (tests compare both in one process). */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

/** Whether the switch is on (the kernels may still be missing: `simdActive` says both). */
export function simdEnabled(): boolean {
  return enabled;
}

export interface SimdRuntime {
  readonly kernels: Kernels;
  readonly heap: Heap;
  readonly plans: Map<string, unknown>;
}

/**
 * The kernels, their heap and plan cache when the SIMD path is on, else undefined. Each entry
 * point calls it once, before it looks up any plan, and uses only plans it looked up after: so
 * this is where the plan area may be started afresh.
 */
export function simdRuntime(): SimdRuntime | undefined {
  if (!enabled || !kernels || !heap) return undefined;
  // The bump allocator cannot free one plan: past the bound (plan-cache.ts's planLimits) the plan
  // area starts afresh, or a session that sweeps lengths grows the module's memory by every
  // length it ever met (a sweep of n from 1000 to 5000 reached 850 MB).
  if (heap.planBytes > planLimits.bytes) {
    plans.clear();
    heap.dropPlans();
  }
  return { kernels, heap, plans };
}

/** Records one call of a kernel family on the SIMD path. */
export function countSimdCall(family: string): void {
  counters.set(family, (counters.get(family) ?? 0) + 1);
}

/** How many calls of each kernel family took the SIMD path in this thread. */
export function simdCallCounts(): Record<string, number> {
  return Object.fromEntries(counters);
}

/**
 * Problem sizes from which each family takes the SIMD path (below them the copy into wasm
 * memory costs more than it saves). Tests lower them to 1 to run every size through the kernels.
 */
export const simdThresholds = {
  /** Complex FFT length. */
  fft: 16,
  /**
   * Complex FFT length for the mixed-radix kernel: below it the plain kernel is quicker than the
   * call's fixed cost (CPU per call at load ~12: 30 points 0.0006 ms plain against 0.0010, 100
   * points 0.0012 against 0.0011).
   */
  fftMixed: 96,
  /** Real FFT length. */
  rfft: 32,
  /** 1-D convolution: output samples × shorter input. */
  convolve1d: 4096,
  /** 2-D convolution: output pixels × kernel taps. */
  convolve2d: 4096,
  /** 3-D convolution: output voxels × kernel taps. */
  convolve3d: 4096,
  /** Backprojection: output pixels × views. */
  backproject: 4096,
  /** Cone-beam projection: rays × the volume's largest side. */
  conebeam: 4096,
  /** FDK backprojection: voxels × views. */
  fdk: 4096,
};

/** The default thresholds, for resetting after a test lowered them. */
export const defaultSimdThresholds = { ...simdThresholds };
