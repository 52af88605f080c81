/**
 * The complexity profiler: times convolutions — the graph's own node computes on seeded random
 * inputs — over sizes n = 2^from … 2^to, and fits the slope of log(time) against log(n):
 * about 2 for direct convolution (n² multiply-adds), about 1 for the FFT route (n log n).
 * Runs in a worker thread of its own (host.ts), so the engine stays free and cancelling is
 * ending that worker.
 */
import type { Image, Signal, Value } from '../data';
import { makeImage, makeSignal } from '../data';
import { mulberry32, nextPowerOfTwo } from '../nodes/common';
import { resolveParams, type ComputeContext, type NodeDefinition, type NodeResult } from '../nodes/define';
import { getNodeDefinition } from '../nodes/registry';
import type { ProfileEvent, ProfileRequest, ProfileSeriesRequest, SlopeFit } from '../protocol';

export interface ProfilePoint {
  readonly n: number;
  readonly ms: number;
}

/** Timings below this are mostly timer and call overhead; the fit leaves them out. */
const NOISE_FLOOR_MS = 0.02;
/** The fit looks at the largest sizes only, where the leading term of the cost dominates. */
const FIT_POINTS = 6;
/** Repeat a timing until this much time has been spent on it (or MAX_REPEATS), keep the fastest. */
const REPEAT_FOR_MS = 40;
const MAX_REPEATS = 9;
const WARM_UP_BELOW_MS = 50;
const THREE_TIMES_BELOW_MS = 300;

/**
 * Least squares of log2(ms) on log2(n) over the largest (up to six) sizes timed above the noise
 * floor; undefined with fewer than two such points.
 */
export function fitLogLog(points: readonly ProfilePoint[]): SlopeFit | undefined {
  const usable = points.filter((p) => p.ms >= NOISE_FLOOR_MS && p.n > 0).sort((a, b) => a.n - b.n).slice(-FIT_POINTS);
  if (usable.length < 2) return undefined;
  const xs = usable.map((p) => Math.log2(p.n));
  const ys = usable.map((p) => Math.log2(p.ms));
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, fromN: usable[0]!.n, toN: usable[usable.length - 1]!.n, points: usable.length };
}

/**
 * Whether a curve should time its next size: not when the growth seen so far says it would take
 * longer than the budget. The growth per doubling is taken as at least 2 (no convolution is
 * cheaper than linear) and at most 8, so one noisy pair of timings cannot stop or run away.
 */
export function nextWithinBudget(previous: ProfilePoint | undefined, last: ProfilePoint, budgetMs: number): { ok: boolean; predictedMs: number } {
  const growth = previous && previous.ms > 0 ? Math.min(8, Math.max(2, last.ms / previous.ms)) : 2;
  const predictedMs = last.ms * growth;
  return { ok: predictedMs <= budgetMs, predictedMs };
}

const context: ComputeContext = {
  progress: () => undefined,
  checkCancelled: () => undefined,
  reserve: () => undefined,
  readFile: () => Promise.reject(new Error('the profiler reads no files')),
};

function definition(type: string): NodeDefinition {
  const found = getNodeDefinition(type);
  if (!found) throw new Error(`no node type ${type}`);
  return found;
}

function randomSignal(n: number, seed: number): Signal {
  const random = mulberry32(seed);
  return makeSignal(Float64Array.from({ length: n }, () => random() * 2 - 1));
}

function randomImage(side: number, seed: number): Image {
  const random = mulberry32(seed);
  return makeImage(Float32Array.from({ length: side * side }, () => random()), side, side);
}

/** The image side for about n pixels, and a kernel of about a quarter of it (odd, at least 3). */
export function imageSides(n: number): { side: number; kernel: number } {
  const side = Math.max(2, Math.round(Math.sqrt(n)));
  const kernel = Math.max(3, Math.round(side / 4) | 1);
  return { side, kernel };
}

/** Runs a node compute and returns its `out`, or throws its error (the profile then fails). */
function run(type: string, inputs: Record<string, Value>, params: Record<string, string | number> = {}): Value {
  const node = definition(type);
  const result = node.compute(inputs, resolveParams(node, params), context) as NodeResult;
  if (result instanceof Promise) throw new Error(`${type} computes asynchronously; the profiler times synchronous nodes`);
  if (!result.ok) throw new Error(`${type}: ${result.error}`);
  return result.outputs.out!;
}

/**
 * One timed case: inputs made once, a closure that computes the operation on them, and the n it
 * stands for (samples per input in 1-D, image pixels in 2-D).
 */
export function makeCase(series: ProfileSeriesRequest, n: number): { n: number; compute: () => void } {
  if (series.dims === 1) {
    const a = randomSignal(n, 1);
    const b = randomSignal(n, 2);
    if (series.operation === 'fft-chain') {
      // The graph's FFT route: both FFTs padded to a power of two ≥ 2n − 1, multiply, inverse.
      const size = nextPowerOfTwo(2 * n - 1);
      return {
        n,
        compute: () => {
          const spectrumA = run('op.fft', { in: a }, { size: 'custom', n: size });
          const spectrumB = run('op.fft', { in: b }, { size: 'custom', n: size });
          run('op.ifft', { in: run('op.multiply', { a: spectrumA, b: spectrumB }) });
        },
      };
    }
    const type = series.correlate ? 'op.correlate' : 'op.convolve';
    return { n, compute: () => void run(type, { a, b }, { method: series.operation, mode: 'full' }) };
  }
  const { side, kernel } = imageSides(n);
  const image = randomImage(side, 1);
  const weights = randomImage(kernel, 2);
  if (series.operation === 'fft-chain') {
    const size = nextPowerOfTwo(side + kernel - 1);
    return {
      n: side * side,
      compute: () => {
        const spectrumA = run('op.fft2d', { in: image }, { size: 'custom', width: size, height: size });
        const spectrumB = run('op.fft2d', { in: weights }, { size: 'custom', width: size, height: size });
        run('op.ifft2d', { in: run('op.multiply', { a: spectrumA, b: spectrumB }) });
      },
    };
  }
  const type = series.correlate ? 'op.correlate' : 'op.convolve';
  return { n: side * side, compute: () => void run(type, { a: image, b: weights }, { method: series.operation, mode: 'full' }) };
}

export interface ProfileHooks {
  emit(event: ProfileEvent): void;
  /** Milliseconds from a monotonic clock. */
  now(): number;
  /** Lets events out between timings (a worker's message port needs the event loop). */
  yield?(): Promise<void>;
}

/**
 * The fastest of several runs: repeated until REPEAT_FOR_MS is spent or MAX_REPEATS reached.
 * With `warm`, one untimed run first, so the first size of a curve does not pay for compiling
 * and planning (its time would otherwise sit far above the curve).
 */
function time(compute: () => void, now: () => number, warm: boolean): { ms: number; repeats: number } {
  if (warm) compute();
  let best = Infinity;
  let spent = 0;
  let repeats = 0;
  // A timing is only ever too long, never too short (another process took the core): the
  // fastest of at least three, while three stay cheap, keeps the large sizes honest too.
  let wanted = 1;
  while (repeats < MAX_REPEATS && (repeats < wanted || spent < REPEAT_FOR_MS)) {
    const started = now();
    compute();
    const ms = now() - started;
    if (repeats === 0 && ms < THREE_TIMES_BELOW_MS) wanted = 3;
    best = Math.min(best, ms);
    spent += ms;
    repeats++;
  }
  return { ms: best, repeats };
}

/**
 * Times every series at every size, smallest sizes first across all series (so every curve
 * grows together), each curve stopping when its next size would break the budget.
 */
export async function runProfile(profileId: number, request: ProfileRequest, hooks: ProfileHooks): Promise<void> {
  const budget = request.pointBudgetMs ?? 1500;
  const sizes: number[] = [];
  for (let k = request.fromLog2; k <= request.toLog2; k++) sizes.push(2 ** k);
  const points: ProfilePoint[][] = request.series.map(() => []);
  const stopped: (string | undefined)[] = request.series.map(() => undefined);
  const planned = sizes.length * request.series.length;
  let done = 0;
  try {
    for (const size of sizes) {
      for (let s = 0; s < request.series.length; s++) {
        if (stopped[s] !== undefined) continue;
        const series = request.series[s]!;
        hooks.emit({ kind: 'profileProgress', profileId, series: s, n: size, fraction: done / planned });
        await hooks.yield?.();
        const timed = makeCase(series, size);
        const own = points[s]!;
        // Warm up while a run is cheap; beyond that the smaller sizes have warmed the code already.
        const { ms, repeats } = time(timed.compute, hooks.now, (own[own.length - 1]?.ms ?? 0) < WARM_UP_BELOW_MS);
        own.push({ n: timed.n, ms });
        done++;
        const fit = fitLogLog(own);
        hooks.emit({ kind: 'profilePoint', profileId, series: s, n: timed.n, ms, repeats, ...(fit ? { fit } : {}) });
        const next = nextWithinBudget(own[own.length - 2], own[own.length - 1]!, budget);
        if (size < sizes[sizes.length - 1]! && !next.ok) {
          stopped[s] = `stopped after n = ${timed.n}: the next size would take about ${formatSeconds(next.predictedMs)} (budget ${formatSeconds(budget)})`;
          done += sizes.length - 1 - sizes.indexOf(size);
        }
      }
    }
    const top = sizes[sizes.length - 1]!;
    hooks.emit({
      kind: 'profileEnd',
      profileId,
      status: 'done',
      stopped: request.series.map((series, s) => stopped[s] ?? `reached n = ${series.dims === 2 ? makeCaseSize(top) : top}`),
    });
  } catch (error) {
    hooks.emit({
      kind: 'profileEnd',
      profileId,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      stopped: stopped.map((reason) => reason ?? ''),
    });
  }
}

function makeCaseSize(n: number): number {
  const { side } = imageSides(n);
  return side * side;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toPrecision(2)} s` : `${Math.round(ms)} ms`;
}
