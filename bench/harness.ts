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

export interface Result {
  op: string;
  n?: number;
  shape?: string;
  ours_ms: number | null;
  peers: Record<string, number | null>;
  note?: string;
  simd: boolean;
  /**
   * How far apart the repeats of "ours" were: the samples in time order split into (up to) three
   * rounds, (slowest round's median − fastest round's median) / the median. Over 0.15 the row is
   * not to be trusted (bench:compare flags it).
   */
  spread?: number;
}

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
   * Median ms per implementation, alternating them after warm-up (see `time` below); with clock
   * 'cpu' each sample is the process's CPU time for the call (process.cpuUsage), which a loaded
   * machine inflates far less than wall time (for single-threaded cases).
   */
  time(impls: Impl[], budgetMs?: number, clock?: 'wall' | 'cpu'): number[];
  timeAsync(run: () => Promise<unknown>, budgetMs: number): Promise<number>;
  /** The median of samples in the order they were taken (their spread is kept for the row). */
  median(samples: readonly number[]): number;
  agree(name: string, ours: ArrayLike<number>, theirs: ArrayLike<number>, tol: number, count?: number): void;
  record(entry: Omit<Result, 'simd' | 'spread'>): void;
  /** Whether the DSP path is the SIMD one (every row says which path it timed). */
  simd: boolean;
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

/** This process's CPU time so far (user + system, all its threads), in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
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
  const log = (line: string): void => {
    if (!options.json) process.stdout.write(line + '\n');
  };
  const median = (samples: readonly number[]): number => {
    const m = medianOf(samples);
    spreads.set(m, roundSpread(samples));
    return m;
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
    time(impls, budgetMs = 1500, clock = 'wall') {
      const now = clock === 'cpu' ? cpuMs : () => performance.now();
      for (const impl of impls) {
        impl.run();
        impl.check?.();
        const t = performance.now();
        for (let count = 0; count < 3 || (performance.now() - t < WARM_MS && count < 20000); count++) impl.run();
      }
      const t0 = performance.now();
      impls.forEach((impl) => impl.run());
      const once = performance.now() - t0;
      const reps = Math.max(5, Math.min(400, Math.floor(budgetMs / Math.max(once, 1e-3))));
      const samples = impls.map(() => [] as number[]);
      for (let r = 0; r < reps; r++) {
        impls.forEach((impl, i) => { const s = now(); impl.run(); samples[i].push(now() - s); });
      }
      return samples.map(median);
    },
    async timeAsync(run, budgetMs) {
      await run();
      const samples: number[] = [];
      const t0 = performance.now();
      while (samples.length < 3 || (performance.now() - t0 < budgetMs && samples.length < 50)) {
        const s = performance.now();
        await run();
        samples.push(performance.now() - s);
      }
      return median(samples);
    },
    median,
    agree(name, ours, theirs, tol, count = ours.length) {
      let err = 0, scale = 0;
      for (let i = 0; i < count; i++) { err = Math.max(err, Math.abs(ours[i] - theirs[i])); scale = Math.max(scale, Math.abs(ours[i])); }
      if (!(err <= tol * scale)) throw new Error(`${name} disagrees with ours: max error ${err} of ${scale}`);
    },
    record(entry) {
      const spread = entry.ours_ms !== null ? spreads.get(entry.ours_ms) : undefined;
      const r: Result = { ...entry, simd: bench.simd, ...(spread !== undefined ? { spread } : {}) };
      results.push(r);
      if (mode.kind !== 'case') log(formatRow(r));
    },
    finish() {
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
