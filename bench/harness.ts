/**
 * The bench's harness (bench/run.ts holds the cases): argument parsing, timing, agreement checks,
 * the table and the JSON, and running each case in a fresh process of its own.
 *
 * Why a process per case: inside one long run a case's time depended on what ran before it (the
 * 2-D FFT of 1024² took 16 ms alone and 117 ms in the full run: the heap, the WebAssembly memory
 * and the band threads that earlier cases left behind). So `npm run bench` first walks the case
 * list without running anything, collecting the cases' names (each case asks `wanted(name)`,
 * which answers false on that walk), then runs bench/run.ts once per case with `--case NAME`,
 * where only that case is wanted, and gathers each child's JSON. `--in-process` keeps the old
 * single-process run (quicker, for a look while editing a case).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import type { ParallelDspStats } from '../src-shared/dsp/band-pool';
import type { ParallelDsp } from '../src-shared/dsp/parallel';

export interface Result {
  op: string;
  n?: number;
  shape?: string;
  ours_ms: number | null;
  peers: Record<string, number | null>;
  note?: string;
  simd: boolean;
  /** Which build of the SIMD kernels "ours" ran on ('simd' plain, 'relaxed' fused), when the SIMD path. */
  simd_module?: string;
  /**
   * How far apart the repeats of "ours" were: the samples in time order split into (up to) three
   * rounds, (slowest round's median − fastest round's median) / the median. Over 0.15 the row is
   * not to be trusted (bench:compare flags it).
   */
  spread?: number;
  /**
   * The clock of ours_ms and of every peer not in peer_clocks: 'cpu', this process's CPU time
   * (user + system, every thread), or 'wall'. Multi-threaded work (two-thread rows, band pools,
   * workers, child processes, a browser) is on the wall clock: it needs a quiet machine.
   */
  clock?: Clock;
  /** The peers timed on another clock than the row's (e.g. a CPU row's "ours 2 threads": 'wall'). */
  peer_clocks?: Record<string, Clock>;
  /** Calls per sample of ours, when a call is too short for the CPU clock alone (see callsPerSample). */
  batch?: number;
  /**
   * Of ours' process CPU time, the share that went to threads other than the main one (V8's GC and
   * compiler helpers, workers): process CPU minus the main thread's (/proc/thread-self/schedstat).
   */
  other_threads?: number;
}

export type Clock = 'wall' | 'cpu';

export type Impl = { name: string; run: () => void; check?: () => void };

/** The case names a dry walk found, and what the run should do with them. */
type Mode = { kind: 'collect'; names: string[] } | { kind: 'case'; name: string } | { kind: 'in-process' };

export interface Bench {
  readonly json: boolean;
  readonly filter: string;
  /** True unless --in-process: each case runs in a process of its own. */
  readonly isolated: boolean;
  /** False on the walk that only collects names; in a case's process, true for that case. */
  wanted(name: string): boolean;
  log(line: string): void;
  /**
   * Median ms per call for each implementation, alternating them after warm-up (see `time` below),
   * each sample of a call under WARM_SAMPLE_BELOW_MS after one untimed call of its own.
   * Clock 'cpu' (the default) takes each sample as the process's CPU time (process.cpuUsage), which
   * a loaded machine inflates far less than wall time, and a call too short for that clock is
   * timed in batches (callsPerSample); budgetMs and the warm-up are then CPU ms too. Only for work
   * on this thread: anything that waits on workers or other processes takes 'wall'.
   */
  time(impls: Impl[], budgetMs?: number, clock?: Clock, warmMs?: number): number[];
  /** Median ms of awaited calls of run; 'cpu' only for synchronous work wrapped in a promise. */
  timeAsync(run: () => Promise<unknown>, budgetMs: number, clock?: Clock): Promise<number>;
  /** The median of wall-clock samples in the order they were taken (their spread is kept for the row). */
  median(samples: readonly number[]): number;
  agree(name: string, ours: ArrayLike<number>, theirs: ArrayLike<number>, tol: number, count?: number): void;
  record(entry: Omit<Result, 'simd' | 'simd_module' | 'spread'>): void;
  /** Whether the DSP path is the SIMD one (every row says which path it timed). */
  simd: boolean;
  /** Which build of the kernels loaded (loadSimd's module), for the rows' simd_module. */
  simdModule?: string;
  /** Runs the collected cases each in a fresh process (or ends the in-process run) and prints. */
  finish(): void;
}

export function parseBenchArgs(args: readonly string[]): { json: boolean; filter: string; caseName?: string; inProcess: boolean } {
  const valueOf = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] ?? '' : undefined;
  };
  const caseName = valueOf('--case');
  return { json: args.includes('--json'), filter: valueOf('--filter') ?? '', ...(caseName !== undefined ? { caseName } : {}), inProcess: args.includes('--in-process') };
}

/**
 * Warm up each implementation until V8 has optimised it (at least WARM_MS of calls, or three
 * calls for slow cases), then time them alternately. Short warm-ups measured half-tiered code at
 * small sizes (e.g. a real FFT of 1024 points looked 15× slower than its steady state).
 */
const WARM_MS = 250;

/**
 * Calls cheaper than this start each sample with one untimed call (docs/bench.md, "Warm samples"):
 * their working set fits the caches the alternation's other implementations evict. Dearer calls
 * stream more than the caches hold, and an extra call would double their share of the budget.
 */
export const WARM_SAMPLE_BELOW_MS = 10;

/**
 * The least CPU time a sample of the CPU clock should hold. process.cpuUsage (getrusage) counts
 * in whole µs and a read costs 2–3 µs of CPU here, so a sample of 1 ms is within ~0.3 % of its
 * calls' time; a call of 4 µs (an FFT of 1024 points) is timed 250 at a time.
 */
export const MIN_SAMPLE_MS = 1;
/** At most this many calls to a sample. */
const MAX_BATCH = 100_000;

/** This process's CPU time so far (user + system, all its threads), in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * How many calls one sample of the CPU clock takes, from a call's CPU and wall ms: enough for
 * MIN_SAMPLE_MS of CPU. A call that mostly waits (little CPU, much wall time; not what the CPU
 * clock is for) counts a twentieth of its wall time as its cost, so its samples stay short.
 */
export function callsPerSample(cpuPerCallMs: number, wallPerCallMs: number): number {
  const cost = Math.max(cpuPerCallMs, wallPerCallMs / 20);
  return cost > 0 ? Math.max(1, Math.min(MAX_BATCH, Math.ceil(MIN_SAMPLE_MS / cost))) : MAX_BATCH;
}

/**
 * The CPU clock of the calling thread alone, in ms, from /proc/thread-self/schedstat (its first
 * field: ns this thread has run), or undefined where there is none. The kernel brings a running
 * thread's count up to date at each scheduler tick and switch, so a read is up to a tick behind:
 * good for sums over many samples (how much other threads add), not for one short sample.
 */
export function threadCpuClock(): { read: () => number; close: () => void } | undefined {
  let fd: number;
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return undefined;
  }
  const buffer = Buffer.alloc(96);
  const read = (): number => {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return Number(buffer.toString('latin1', 0, length).split(' ')[0]) / 1e6;
  };
  try {
    if (!Number.isFinite(read())) throw new Error('unreadable');
  } catch {
    closeSync(fd);
    return undefined;
  }
  return { read, close: () => closeSync(fd) };
}

/**
 * The steps process.cpuUsage advances by when read back to back (µs): the smallest is its
 * resolution or a read's own cost, whichever is larger. bench:compare prints it.
 */
export function cpuClockSteps(reads = 2000): { minUs: number; medianUs: number } {
  const steps: number[] = [];
  let previous = cpuMs();
  for (let i = 0; i < reads; i++) {
    const now = cpuMs();
    if (now > previous) steps.push(Math.round(1000 * (now - previous)));
    previous = now;
  }
  return steps.length ? { minUs: Math.min(...steps), medianUs: medianOf(steps) } : { minUs: NaN, medianUs: NaN };
}

/** (slowest − fastest round median) / median, with the samples in time order cut into ≤ 3 rounds. */
export function roundSpread(samples: readonly number[]): number {
  const rounds = Math.min(3, samples.length);
  if (rounds < 2) return 0;
  const medians: number[] = [];
  for (let r = 0; r < rounds; r++) {
    medians.push(medianOf(samples.slice(Math.floor((samples.length * r) / rounds), Math.floor((samples.length * (r + 1)) / rounds))));
  }
  const all = medianOf(samples);
  return all > 0 ? (Math.max(...medians) - Math.min(...medians)) / all : 0;
}

/** The median (the upper one of an even count) of unsorted samples. */
export function medianOf(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** n samples in [−0.5, 0.5) from a seeded linear congruential generator: the same input on every run and both sides of an A/B. */
export function seededNoise(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = s / 2147483648 - 0.5;
  }
  return x;
}

/** One row of the table as bench/run.ts prints it. */
export function formatRow(r: Result): string {
  const peers = Object.entries(r.peers).map(([k, v]) => `${k} ${v === null ? '—' : v.toFixed(3)}`).join('  ');
  const spread = r.spread !== undefined ? `  ±${(100 * r.spread).toFixed(0)}%` : '';
  return `${r.op.padEnd(34)} ${String(r.n ?? r.shape).padEnd(18)} ours ${r.ours_ms === null ? '—' : r.ours_ms.toFixed(3).padStart(9)}${spread}  ${peers}${r.note ? '  (' + r.note + ')' : ''}`;
}

/**
 * The harness for the script at `script` (bench/run.ts) with its command line `args`. The script
 * runs its case list, asking `wanted` before each case, and calls `finish` at the end.
 */
export function createBench(args: readonly string[], script: string): Bench {
  const options = parseBenchArgs(args);
  const mode: Mode = options.caseName !== undefined ? { kind: 'case', name: options.caseName } : options.inProcess ? { kind: 'in-process' } : { kind: 'collect', names: [] };
  const results: Result[] = [];
  /** Spread of each median this process computed, so a row finds the spread of its ours_ms. */
  const spreads = new Map<number, number>();
  /** How each median from time() and timeAsync() was taken; any other number is wall time. */
  const clocks = new Map<number, { clock: Clock; batch: number; otherThreads?: number }>();
  const thread = threadCpuClock();
  const log = (line: string): void => {
    if (!options.json) process.stdout.write(line + '\n');
  };
  const median = (samples: readonly number[]): number => {
    const m = medianOf(samples);
    spreads.set(m, roundSpread(samples));
    return m;
  };
  /** The clock fields of a row: ours' clock, batch and other threads' share, and the peers on another clock. */
  const clockOf = (entry: Omit<Result, 'simd' | 'spread'>): Pick<Result, 'clock' | 'peer_clocks' | 'batch' | 'other_threads'> => {
    if (entry.ours_ms === null) return {};
    const ours = clocks.get(entry.ours_ms) ?? { clock: 'wall' as Clock, batch: 1 };
    const peerClocks: Record<string, Clock> = {};
    for (const [name, value] of Object.entries(entry.peers)) {
      const peer = value === null ? undefined : clocks.get(value)?.clock ?? 'wall';
      if (peer !== undefined && peer !== ours.clock) peerClocks[name] = peer;
    }
    return {
      clock: ours.clock,
      ...(Object.keys(peerClocks).length ? { peer_clocks: peerClocks } : {}),
      ...(ours.batch > 1 ? { batch: ours.batch } : {}),
      ...(ours.otherThreads !== undefined ? { other_threads: ours.otherThreads } : {}),
    };
  };
  const bench: Bench = {
    json: options.json,
    filter: options.filter,
    isolated: mode.kind !== 'in-process',
    simd: false,
    wanted(name) {
      if (mode.kind === 'collect') {
        if (name.includes(options.filter) && !mode.names.includes(name)) mode.names.push(name);
        return false;
      }
      return mode.kind === 'case' ? name === mode.name : name.includes(options.filter);
    },
    log: (line) => {
      // The case processes print rows only; the parent prints the header lines once.
      if (mode.kind !== 'case') log(line);
    },
    time(impls, budgetMs = 1500, clock = 'cpu', warmMs = WARM_MS) {
      const now = clock === 'cpu' ? cpuMs : () => performance.now();
      // Each call's cost from the last block of its warm-up (the optimised code's, not the first
      // calls'), on the row's clock and on the wall.
      const cpuPerCall: number[] = [], wallPerCall: number[] = [];
      for (const impl of impls) {
        impl.run();
        impl.check?.();
        const c0 = now(), w0 = performance.now();
        let count = 0, last = { calls: 1, clock: 0, wall: 0 };
        // Reading the clock every call would weigh on µs calls: read it every `step` calls. A call
        // that waits (little CPU) ends its warm-up at 4× warmMs of wall time.
        for (let step = 1; count < 3 || (now() - c0 < warmMs && performance.now() - w0 < 4 * warmMs && count < 20000); step = Math.min(2 * step, 256)) {
          const c = now(), w = performance.now();
          for (let i = 0; i < step; i++, count++) impl.run();
          last = { calls: step, clock: now() - c, wall: performance.now() - w };
        }
        cpuPerCall.push(last.clock / last.calls);
        wallPerCall.push(last.wall / last.calls);
      }
      const batches = impls.map((_, i) => (clock === 'cpu' ? callsPerSample(cpuPerCall[i], wallPerCall[i]) : 1));
      // A sample starts warm, as the anchors' are (FFTW, scipy and OpenCV call back to back in a
      // process of their own): one untimed call first, so the alternation's other implementations
      // have not just evicted this one's input, output and tables from the caches.
      const warmFirst = impls.map((_, i) => cpuPerCall[i] < WARM_SAMPLE_BELOW_MS);
      const perRound = impls.reduce((sum, _, i) => sum + (batches[i] + (warmFirst[i] ? 1 : 0)) * (clock === 'cpu' ? Math.max(cpuPerCall[i], wallPerCall[i] / 20) : cpuPerCall[i]), 0);
      const reps = Math.max(5, Math.min(400, Math.floor(budgetMs / Math.max(perRound, 1e-3))));
      const samples = impls.map(() => [] as number[]);
      const processCpu = impls.map(() => 0), threadCpu = impls.map(() => 0);
      for (let r = 0; r < reps; r++) {
        impls.forEach((impl, i) => {
          if (warmFirst[i]) impl.run();
          const t0 = clock === 'cpu' ? thread?.read() : undefined;
          const s = now();
          for (let b = 0; b < batches[i]; b++) impl.run();
          const e = now();
          if (t0 !== undefined) {
            threadCpu[i] += thread!.read() - t0;
            processCpu[i] += e - s;
          }
          samples[i].push((e - s) / batches[i]);
        });
      }
      return samples.map((s, i) => {
        const m = median(s);
        const otherThreads = thread && clock === 'cpu' && processCpu[i] > 0 ? Math.max(0, (processCpu[i] - threadCpu[i]) / processCpu[i]) : undefined;
        clocks.set(m, { clock, batch: batches[i], ...(otherThreads !== undefined ? { otherThreads } : {}) });
        return m;
      });
    },
    async timeAsync(run, budgetMs, clock = 'wall') {
      const now = clock === 'cpu' ? cpuMs : () => performance.now();
      await run();
      const samples: number[] = [];
      const t0 = now();
      while (samples.length < 3 || (now() - t0 < budgetMs && samples.length < 50)) {
        const s = now();
        await run();
        samples.push(now() - s);
      }
      const m = median(samples);
      clocks.set(m, { clock, batch: 1 });
      return m;
    },
    median,
    agree(name, ours, theirs, tol, count = ours.length) {
      let err = 0, scale = 0;
      for (let i = 0; i < count; i++) { err = Math.max(err, Math.abs(ours[i] - theirs[i])); scale = Math.max(scale, Math.abs(ours[i])); }
      if (!(err <= tol * scale)) throw new Error(`${name} disagrees with ours: max error ${err} of ${scale}`);
    },
    record(entry) {
      const spread = entry.ours_ms !== null ? spreads.get(entry.ours_ms) : undefined;
      const r: Result = {
        ...entry, simd: bench.simd, ...(bench.simd && bench.simdModule ? { simd_module: bench.simdModule } : {}),
        ...(spread !== undefined ? { spread } : {}), ...clockOf(entry),
      };
      results.push(r);
      if (mode.kind !== 'case') log(formatRow(r));
    },
    finish() {
      thread?.close();
      if (mode.kind === 'collect') results.push(...runEachCase(script, mode.names, options.json, log));
      if (options.json || mode.kind === 'case') process.stdout.write(JSON.stringify(results) + '\n');
    },
  };
  return bench;
}

/**
 * Runs `script --case NAME --json` in a fresh Node process per name, printing each row as it
 * arrives. A case that fails prints its error and the rest still run.
 */
export function runEachCase(script: string, names: readonly string[], json: boolean, log: (line: string) => void): Result[] {
  const results: Result[] = [];
  for (const name of names) {
    const child = spawnSync(process.execPath, [...passedFlags(), '--import', 'tsx', script, '--case', name, '--json'], {
      encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const last = child.stdout.trim().split('\n').at(-1) ?? '';
    let rows: Result[] | undefined;
    try {
      rows = JSON.parse(last) as Result[];
    } catch {
      rows = undefined;
    }
    if (child.status !== 0 || !rows) {
      const why = (child.stderr || child.stdout).trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      process.stderr.write(`bench: case "${name}" failed (exit ${child.status}): ${why}\n`);
      continue;
    }
    for (const row of rows) {
      results.push(row);
      if (!json) log(formatRow(row));
    }
  }
  return results;
}

/**
 * The V8 flags of this process that change what the bench measures, for the processes it starts:
 * --experimental-wasm-relaxed-simd loads the relaxed SIMD build of the kernels under Node 20
 * (Electron has relaxed SIMD on by default), so `node --experimental-wasm-relaxed-simd --import
 * tsx bench/compare.ts` times that build.
 */
export function passedFlags(): string[] {
  return process.execArgv.filter((flag) => flag === '--experimental-wasm-relaxed-simd');
}

/** What warmPool reads of a band pool (src-shared/dsp/band-pool.ts). */
export type WarmablePool = Pick<ParallelDsp, 'threads' | 'warm'> & { readonly stats: Readonly<ParallelDspStats> };

/**
 * Calls `call` (the job about to be timed) until the pool's workers have computed three of its
 * bands, a call splits nothing (the job stays on the calling thread at this size), or `limitMs`
 * passes. A worker takes 0.2-2.8 s to start (its source or bundle, its SIMD module) and until it
 * computes, the calling thread takes over its bands: a two-thread row timed then is one thread.
 * Returns the row's note on it.
 */
export async function warmPool(pool: WarmablePool, call: () => Promise<unknown>, limitMs = 10_000): Promise<string> {
  if (pool.threads < 2) return 'one thread';
  pool.warm?.();
  const started = performance.now();
  let computed = 0, calls = 0, first = -1;
  while (computed < 3 && performance.now() - started < limitMs) {
    const posted = pool.stats.tasksPosted, workers = posted - pool.stats.bandsTakenOver;
    await call();
    calls++;
    if (pool.stats.tasksPosted === posted) return 'not split at this size';
    const now = pool.stats.tasksPosted - pool.stats.bandsTakenOver;
    if (now > workers) {
      if (first < 0) first = performance.now() - started;
      computed += now - workers;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return computed >= 3 ? `worker computing ${first.toFixed(0)} ms into the warm-up (${calls} calls)` : `⚠ the worker computed ${computed} bands in ${limitMs} ms of warm-up: timed as it was`;
}

/** The share of a pool's posted bands the calling thread took over since `from` (a stats copy). */
export function takenOver(pool: WarmablePool, from: Readonly<ParallelDspStats>): string {
  const posted = pool.stats.tasksPosted - from.tasksPosted, taken = pool.stats.bandsTakenOver - from.bandsTakenOver;
  return `${taken} of ${posted} bands taken over by the caller`;
}
