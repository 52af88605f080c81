/**
 * The side-by-side table of PERF.md in one command: bench/run.ts (ours with the SIMD kernels,
 * ours plain, fft.js, pffft-wasm; each case in a fresh process), bench/scipy.py (numpy/scipy) and
 * bench/native.ts (FFTW, OpenCV), each in its own process on the same cases, merged into a
 * Markdown table; a missing tool leaves its column empty with a note. PERF.md's targets are
 * judged on this table, so it says what it was measured on: the machine (CPU model and SIMD
 * flags), Node's version and the load average at start and at end, and it flags every row whose
 * repeats spread more than 15 % (the machine was busy: measure it again). Each row says its
 * clock: one-thread work on every side is in CPU time per call (so the ratios hold on a loaded
 * machine), what uses more threads in wall time (it needs a quiet one); docs/bench.md. It ends
 * with the PERF.md targets that have no row in it. `npm run bench:compare [-- --filter TEXT]`;
 * `-- --relaxed` adds a column of the FFT and convolve1d cases on the relaxed SIMD build (fused
 * multiply-add, src-shared/dsp/simd/assembly/complex.ts) beside ours on the plain SIMD build.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { nativeRows } from './native';
import { MIN_SAMPLE_MS, cpuClockSteps, passedFlags } from './harness';
import { relaxedSimdSupported } from '../src-shared/dsp/simd/runtime';

interface Row {
  op: string; n?: number; shape?: string; ours_ms?: number | null; peers?: Record<string, number | null>; note?: string; spread?: number;
  clock?: 'cpu' | 'wall'; peer_clocks?: Record<string, 'cpu' | 'wall'>; batch?: number; other_threads?: number;
  [key: string]: unknown;
}

/** Above this spread between repeats a row is flagged. */
export const SPREAD_LIMIT = 0.15;

/** The SIMD flags of /proc/cpuinfo worth knowing for these kernels (FFTW's and OpenCV's codelets, V8's). */
const SIMD_FLAGS = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512dq', 'avx512bw', 'avx512vl', 'avx512_vnni', 'avx512_bf16'];

/** The CPU model and which of SIMD_FLAGS it has, from /proc/cpuinfo's text (os.cpus() where there is none). */
export function describeMachine(cpuinfo: string | undefined): { model: string; cores: number; flags: string[] } {
  const field = (name: string): string | undefined => cpuinfo?.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
  const have = new Set((field('flags') ?? '').split(/\s+/));
  return {
    model: field('model name') ?? cpus()[0]?.model ?? 'unknown CPU',
    cores: cpuinfo ? (cpuinfo.match(/^processor\s*:/gm)?.length ?? cpus().length) : cpus().length,
    flags: SIMD_FLAGS.filter((flag) => have.has(flag)),
  };
}

/**
 * PERF.md's target rows and which bench rows judge each; a target none of the rows matches is
 * listed at the end (some are measured elsewhere: `where` says by what).
 */
export const PERF_TARGETS: ReadonlyArray<{ target: string; matches: (row: Row) => boolean; where?: string }> = [
  { target: 'complex and real FFT f64, 2^10 … 2^22 and any n', matches: (r) => r.op.startsWith('fft complex') || r.op.startsWith('fft real') },
  { target: '1-D convolution, auto', matches: (r) => r.op.startsWith('convolve1d') },
  { target: '2-D convolution (Gaussian, 31×31 generic, same/reflect)', matches: (r) => /^(gaussian|generic 31x31)/.test(r.op) },
  { target: 'live preview: param change → preview', matches: (r) => r.op === 'param → preview', where: 'npm run bench:preview (painted in Chromium)' },
  { target: 'UI thread: no task over 50 ms while a graph runs', matches: () => false, where: 'npm run bench:preview (long tasks in the page)' },
  { target: 'memory: ten 1,000,000-sample nodes under 300 MB in the host', matches: (r) => r.op === 'host memory' },
  { target: 'transport: request → sink report ≤ engine time + 3 ms', matches: () => false, where: 'npm run bench:preview (request → report)' },
  { target: '2-D filters on large images (1024², 4096²)', matches: (r) => /^(gaussian|generic 31x31)/.test(r.op) && /^(1024|4096)x/.test(String(r.shape)) },
  { target: '3-D: conebeam, FDK, U-Net', matches: (r) => /^(conebeam|fdk|unet3d)/.test(r.op) },
  { target: 'CLI: --version and a small run ≤ 300 ms', matches: (r) => r.op === 'cli start' },
  { target: 'canvas: 300 nodes pan and zoom at ≥ 50 fps', matches: () => false, where: 'npm run bench:canvas (frames in Chromium)' },
];

/** A spread worth flagging. */
export function flagged(row: Row): boolean {
  return typeof row.spread === 'number' && row.spread > SPREAD_LIMIT;
}

const ms = (v: unknown): string => (typeof v === 'number' ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3)) : '—');

/** Cases are matched on the op up to its mode words, and the size. */
const key = (r: Row): string => `${r.op.replace(/ same.*$/, '')}|${r.n ?? r.shape}`;

const scipyOf = (r: Row | undefined): number | undefined => {
  if (!r) return undefined;
  const candidates = ['scipy', 'ndimage.gaussian_filter', 'fftconvolve', 'oaconvolve', 'convolve(auto)']
    .map((k) => r[k]).filter((v): v is number => typeof v === 'number');
  return candidates.length ? Math.min(...candidates) : undefined;
};

/**
 * glibc's malloc told to keep what numpy/scipy free (no trim, no mmap per large block), so each
 * call's fresh arrays come from memory an earlier call touched, as ours reuse the module's memory
 * and FFTW its plan's arrays. Left to itself, scipy.fft of 2^16 points took 257 page faults a call
 * here, 2.3 ms of system CPU beside a 0.85 ms transform at load ~9: a fault's price moves with the
 * machine's load, and so did the column (docs/bench.md). CONVOLAB_BENCH_SCIPY_MALLOC=default keeps
 * glibc's own behaviour.
 */
export const SCIPY_MALLOC: Record<string, string> = process.env.CONVOLAB_BENCH_SCIPY_MALLOC === 'default'
  ? {}
  : { MALLOC_TRIM_THRESHOLD_: String(2 ** 40), MALLOC_MMAP_THRESHOLD_: String(2 ** 30), MALLOC_TOP_PAD_: String(2 ** 26) };

/** The other tools' columns: the value keys of their rows, and the key saying each one's clock. */
const TOOLS: ReadonlyArray<{ name: string; values: string[]; clock: string }> = [
  { name: 'scipy', values: ['scipy', 'numpy', 'ndimage.gaussian_filter', 'fftconvolve', 'oaconvolve', 'convolve(auto)'], clock: 'scipy_clock' },
  { name: 'FFTW', values: ['fftw_ms'], clock: 'fftw_clock' },
  { name: 'OpenCV', values: ['opencv_ms', 'opencv_dst_ms'], clock: 'opencv_clock' },
];

/**
 * The clock cell of a row: "CPU" or "wall" for ours, how many calls a CPU sample took, the share
 * of ours' CPU time on other threads (1 % and up), and every column on another clock than ours.
 */
export function clockCell(r: Row, other: Row | undefined): string {
  if (!r.clock) return '—';
  const name = (clock: string): string => (clock === 'cpu' ? 'CPU' : 'wall');
  const parts = [name(r.clock)];
  if (r.batch && r.batch > 1) parts.push(`${r.batch} calls a sample`);
  if (typeof r.other_threads === 'number' && r.other_threads >= 0.01) parts.push(`other threads +${(100 * r.other_threads).toFixed(0)} %`);
  for (const [peer, clock] of Object.entries(r.peer_clocks ?? {})) if (typeof r.peers?.[peer] === 'number') parts.push(`${peer}: ${name(clock)}`);
  for (const tool of TOOLS) {
    if (!other || !tool.values.some((k) => typeof other[k] === 'number')) continue;
    const clock = typeof other[tool.clock] === 'string' ? (other[tool.clock] as string) : 'wall';
    if (clock !== r.clock) parts.push(`${tool.name}: ${name(clock)}`);
  }
  return parts.join('; ');
}

/**
 * The Markdown table: one line per row of ours, the peers' columns from `others`. With `relaxed`
 * (the --relaxed run: the same cases on the relaxed SIMD build, fused multiply-add) a column
 * "ours (relaxed SIMD)" follows ours, which is then the plain SIMD build; its value carries ⚠
 * when its repeats spread more than SPREAD_LIMIT.
 */
export function compareTable(ours: readonly Row[], others: readonly Row[], relaxed?: readonly Row[]): string[] {
  const byKey = new Map<string, Row>();
  for (const r of others) byKey.set(key(r), { ...byKey.get(key(r)), ...r });
  const relaxedByKey = new Map((relaxed ?? []).map((r) => [key(r), r]));
  const lines = relaxed
    ? [
      '| case | size | ours (plain SIMD) | ours (relaxed SIMD) | spread | clock | ours (plain) | ours 2 threads | fft.js | pffft-wasm | scipy | FFTW | OpenCV | note |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ]
    : [
      '| case | size | ours (SIMD) | spread | clock | ours (plain) | ours 2 threads | fft.js | pffft-wasm | scipy | FFTW | OpenCV | note |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ];
  for (const r of ours) {
    const other = byKey.get(key(r));
    const p = r.peers ?? {};
    const spread = typeof r.spread === 'number' ? `${(100 * r.spread).toFixed(0)} %${flagged(r) ? ' ⚠' : ''}` : '—';
    const fused = relaxedByKey.get(key(r));
    const relaxedCell = relaxed ? ` ${ms(fused?.ours_ms)}${fused && flagged(fused) ? ' ⚠' : ''} |` : '';
    // Both sides into an output kept across calls, beside the fresh-output times of the columns.
    const note = [r.note, typeof other?.opencv_dst_ms === 'number' ? `OpenCV into a reused dst ${ms(other.opencv_dst_ms)}` : undefined].filter(Boolean).join('; ');
    lines.push(`| ${r.op} | ${r.n ?? r.shape} | ${ms(r.ours_ms)} |${relaxedCell} ${spread} | ${clockCell(r, other)} | ${ms(p['ours plain'] ?? p['ours plain 1 thread'])} | ${ms(p['ours 2 threads'] ?? p['2 threads'])} | ${ms(p['fft.js'])} | ${ms(p.pffft)} | ${ms(scipyOf(other))} | ${ms(other?.fftw_ms)} | ${ms(other?.opencv_ms)} | ${note} |`);
  }
  return lines;
}

/** What --relaxed runs again on the relaxed SIMD build: the cases whose kernels it fuses differently. */
export const RELAXED_CASES = ['fft complex', 'fft real', 'convolve1d'];

/** The run.ts --filter texts of the --relaxed run: the user's filter, or each of RELAXED_CASES. */
export function relaxedFilters(filter: string): string[] {
  return filter ? [filter] : RELAXED_CASES;
}

/** Whether a row of the --relaxed run belongs in its column (a user's filter may select others too). */
export function relaxedRow(row: Row): boolean {
  return /^(fft complex|fft real|convolve1d) /.test(row.op);
}

function main(): void {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const args = process.argv.slice(2);
  const filterIndex = args.indexOf('--filter');
  const filter = filterIndex >= 0 ? args[filterIndex + 1] ?? '' : '';
  const notes: string[] = [];
  let cpuinfo: string | undefined;
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    cpuinfo = undefined;
  }
  const machine = describeMachine(cpuinfo);
  const load = (): string => loadavg().map((v) => v.toFixed(2)).join(' / ');
  const loadAtStart = load();
  const started = new Date();
  const steps = cpuClockSteps();

  // --relaxed: ours on the plain SIMD build (CONVOLAB_SIMD=plain-simd, even where the runtime has
  // relaxed SIMD), then the FFT and convolve1d cases again on the relaxed one (Node 20: behind
  // --experimental-wasm-relaxed-simd, which the child gets).
  const relaxed = args.includes('--relaxed');
  const runOurs = (flags: string[], env: NodeJS.ProcessEnv, text: string): Row[] =>
    JSON.parse(execFileSync(process.execPath, [...flags, '--import', 'tsx', `${here}run.ts`, '--json', ...(text ? ['--filter', text] : [])], {
      encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env,
    })) as Row[];
  const ours = runOurs(passedFlags(), relaxed ? { ...process.env, CONVOLAB_SIMD: 'plain-simd' } : process.env, filter);
  let relaxedRows: Row[] | undefined;
  if (relaxed) {
    const env = { ...process.env };
    if (env.CONVOLAB_SIMD?.trim().toLowerCase() === 'plain-simd') delete env.CONVOLAB_SIMD;
    // The flag only where this runtime lacks relaxed SIMD without it (Node 20): a V8 that has
    // shipped the feature may not know the flag any more.
    const flags = relaxedSimdSupported() ? passedFlags() : ['--experimental-wasm-relaxed-simd'];
    relaxedRows = relaxedFilters(filter).flatMap((text) => runOurs(flags, env, text)).filter(relaxedRow);
    // A row counts only if the relaxed build really ran it (the runtime validated it and it loaded).
    const other = relaxedRows.filter((r) => r.simd_module !== 'relaxed');
    if (other.length) notes.push(`--relaxed: ${other.length} row(s) did not run on the relaxed SIMD build (${[...new Set(other.map((r) => String(r.simd_module ?? 'plain TypeScript')))].join(', ')}); left out`);
    relaxedRows = relaxedRows.filter((r) => r.simd_module === 'relaxed');
    const plainSide = ours.filter((r) => relaxedRow(r) && r.simd && r.simd_module !== 'simd');
    if (plainSide.length) notes.push(`--relaxed: ${plainSide.length} row(s) of "ours (plain SIMD)" ran on another build (${plainSide[0].simd_module})`);
  }
  let scipy: Row[] = [];
  try {
    scipy = JSON.parse(execFileSync('python3', [`${here}scipy.py`, '--json', ...(filter ? ['--filter', filter] : [])], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...SCIPY_MALLOC } })) as Row[];
  } catch {
    notes.push('scipy skipped: python3 with numpy and scipy not found');
  }
  const native = nativeRows(filter);
  notes.push(...native.notes);
  const loadAtEnd = load();
  const scipyThreads = scipy.map((r) => r.scipy_threads).filter((t): t is number => typeof t === 'number');

  const out = [
    `machine: ${machine.model}, ${machine.cores} logical cores; SIMD: ${machine.flags.join(' ') || 'none of ' + SIMD_FLAGS.join(' ')}`,
    `node ${process.version}; ${started.toISOString()}; load average (1 / 5 / 15 min) at start ${loadAtStart}, at end ${loadAtEnd}`,
    `clock "CPU": the timing process's CPU time per call (user + system, all its threads: getrusage for ours, which stepped by ${steps.minUs}–${steps.medianUs} µs read back to back here, its unit 1 µs; ` +
      `clock_gettime's process clock for FFTW, numpy/scipy and OpenCV, 1 ns), samples of ≥ ${MIN_SAMPLE_MS} ms CPU (shorter calls in batches); "wall": elapsed time, for work on several threads, to be read on a quiet machine only (docs/bench.md)`,
    ...(scipyThreads.length ? [`numpy/scipy ran with ${[...new Set(scipyThreads)].join(', ')} thread(s) (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS = 1), ${Object.keys(SCIPY_MALLOC).length ? "glibc's malloc keeping freed memory (no page faults per call: MALLOC_TRIM_THRESHOLD_, MALLOC_MMAP_THRESHOLD_)" : "glibc's malloc as it is (CONVOLAB_BENCH_SCIPY_MALLOC=default: fresh pages per call, their faults in the time)"}`] : []),
    '',
    ...(relaxed ? ['"ours (plain SIMD)" is the plain SIMD build of the kernels, "ours (relaxed SIMD)" the relaxed one (fused multiply-add; run.ts in a process of its own, with --experimental-wasm-relaxed-simd where the runtime needs it), the FFT and convolve1d cases only, same clock'] : []),
    ...compareTable(ours, [...scipy, ...(native.rows as Row[])], relaxedRows),
    '',
  ];
  const noisy = ours.filter(flagged);
  out.push(noisy.length
    ? `⚠ ${noisy.length} of ${ours.length} rows spread more than ${100 * SPREAD_LIMIT} % between repeats: the machine was busy; measure those again before judging them.`
    : `No row spread more than ${100 * SPREAD_LIMIT} % between repeats.`);
  const missing = PERF_TARGETS.filter((t) => !ours.some(t.matches));
  if (missing.length) {
    out.push('', 'PERF.md targets without a row in this table:');
    for (const t of missing) out.push(`- ${t.target}${t.where ? ` (measured by ${t.where})` : filter ? ' (not in this --filter)' : ''}`);
  }
  for (const note of notes) out.push('', `note: ${note}`);
  process.stdout.write(out.join('\n') + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
