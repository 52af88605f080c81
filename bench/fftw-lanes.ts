/**
 * Ours against FFTW builds of different SIMD widths (docs/fft-performance.md, "FFTW with 128-bit
 * lanes"): complex and real f64 power-of-two FFTs, each side in a process of its own, the sides
 * alternately, round after round, CPU time per call. bench/fftw-lanes.sh builds the FFTW binaries
 * (bench/fftw.c against an SSE2-only FFTW built from source and against Debian's libfftw3) and
 * runs this; not part of `npm test` or `npm run bench`.
 *   node --import tsx bench/fftw-lanes.ts [--rounds 5] [--from 10] [--to 22] [--json FILE] NAME=BINARY[:no-simd] …
 * A side NAME=BINARY runs bench/fftw.c's binary on the sizes (":no-simd" passes --no-simd, the
 * FFTW_NO_SIMD planner flag); the side "ours" is always there: this script with --ours, which
 * times planFft(n).forward and planRealFft(n).forward on the plain SIMD build, the way
 * bench/fftw.c times fftw_execute (warm, samples of ≥ MIN_SAMPLE_MS of CPU, the median).
 * Prints every round's rows and the load average around each round, then one Markdown table;
 * --json FILE keeps the rounds' raw figures (rewritten after each round). `--table FILE` prints the
 * table of such a file again (e.g. of a sitting cut short).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { planFft, planRealFft } from '../src-shared/dsp';
import { loadSimd } from '../src-main/dsp/simd';
import { MIN_SAMPLE_MS, cpuMs, medianOf, seededNoise } from './harness';

const KINDS = ['fft complex f64', 'fft real f64'] as const;

/** CPU ms of warm-up before ours is timed: V8 tiers the kernels and their JavaScript up (bench/harness.ts warms 250 ms too). */
const WARM_MS = 250;

/** Median CPU ms per call of run, as bench/fftw.c's median_ms: samples of ≥ MIN_SAMPLE_MS, about budgetMs of them (3 … 60). */
function medianMs(run: () => void, budgetMs: number): number {
  let t = cpuMs(), count = 0;
  while (count < 3 || cpuMs() - t < WARM_MS) {
    run();
    count++;
  }
  const once = (cpuMs() - t) / count;
  const batch = once >= MIN_SAMPLE_MS ? 1 : Math.floor(MIN_SAMPLE_MS / once) + 1;
  const reps = Math.min(60, Math.max(3, Math.floor(budgetMs / Math.max(once * batch, 1e-3))));
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    t = cpuMs();
    for (let b = 0; b < batch; b++) run();
    samples.push((cpuMs() - t) / batch);
  }
  return medianOf(samples);
}

async function ours(sizes: number[]): Promise<void> {
  const status = await loadSimd({ ...process.env, CONVOLAB_SIMD: 'plain-simd' });
  if (!status.active || status.module !== 'simd') throw new Error(`the plain SIMD build did not load: ${status.reason ?? status.module}`);
  for (const n of sizes) {
    const x = seededNoise(n, 1), y = seededNoise(n, 2), or = new Float64Array(n), oi = new Float64Array(n);
    const complex = planFft(n);
    process.stdout.write(JSON.stringify({ op: KINDS[0], n, ours_ms: medianMs(() => complex.forward(x, y, or, oi), 1500) }) + '\n');
    const real = planRealFft(n), br = new Float64Array(real.bins), bi = new Float64Array(real.bins);
    process.stdout.write(JSON.stringify({ op: KINDS[1], n, ours_ms: medianMs(() => real.forward(x, br, bi), 1500) }) + '\n');
  }
}

interface Side { name: string; command: string; args: string[] }
interface Round { round: number; order: string[]; loadStart: number; loadEnd: number; ms: Record<string, Record<string, number>> }

const keyOf = (op: string, n: number): string => `${op}|${n}`;

/** One side's process: its rows as op|n → ms. */
function runSide(side: Side, sizes: number[]): Record<string, number> {
  const result = spawnSync(side.command, [...side.args, ...sizes.map(String)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${side.name}: exit ${result.status}: ${result.stderr}`);
  const rows: Record<string, number> = {};
  for (const line of result.stdout.trim().split('\n').filter(Boolean)) {
    const row = JSON.parse(line) as { op: string; n: number; fftw_ms?: number; ours_ms?: number };
    rows[keyOf(row.op, row.n)] = (row.fftw_ms ?? row.ours_ms)!;
  }
  return rows;
}

/** Three significant digits (ms). */
const fmt = (v: number | undefined): string => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** The table: per kind and size, each side's median over the rounds, and ours ÷ each FFTW side (median of the rounds' own ratios, their range). */
export function lanesTable(rounds: readonly Round[], names: readonly string[], sizes: readonly number[]): string[] {
  const fftw = names.filter((name) => name !== 'ours');
  const lines: string[] = [];
  for (const op of KINDS) {
    lines.push('', `${op}, ms CPU per call (median of ${rounds.length} rounds); ours ÷ FFTW: median of the rounds' ratios (min … max)`, '');
    lines.push(`| n | ${names.join(' | ')} | ${fftw.map((name) => `ours ÷ ${name}`).join(' | ')} |`);
    lines.push(`|---|${names.map(() => '---|').join('')}${fftw.map(() => '---|').join('')}`);
    for (const n of sizes) {
      const k = keyOf(op, n);
      const cells = names.map((name) => fmt(medianOf(rounds.map((r) => r.ms[name][k]))));
      const ratios = fftw.map((name) => {
        const each = rounds.map((r) => r.ms.ours[k] / r.ms[name][k]);
        return `${medianOf(each).toFixed(2)} (${Math.min(...each).toFixed(2)} … ${Math.max(...each).toFixed(2)})`;
      });
      lines.push(`| 2^${Math.log2(n)} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
    }
  }
  return lines;
}

function main(args: string[]): void {
  const option = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] ?? fallback : fallback;
  };
  const from = Number(option('from', '10')), to = Number(option('to', '22')), count = Number(option('rounds', '5'));
  const sizes = Array.from({ length: to - from + 1 }, (_, i) => 2 ** (from + i));
  const sides: Side[] = [{ name: 'ours', command: process.execPath, args: [...process.execArgv, fileURLToPath(import.meta.url), '--ours'] }];
  for (const spec of args.filter((a, i) => a.includes('=') && !args[i - 1]?.startsWith('--'))) {
    const [name, rest] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
    const noSimd = rest.endsWith(':no-simd');
    sides.push({ name, command: noSimd ? rest.slice(0, -':no-simd'.length) : rest, args: noSimd ? ['--no-simd'] : [] });
  }
  const json = option('json', '');
  const rounds: Round[] = [];
  for (let r = 0; r < count; r++) {
    // each round starts with the next side, so no side is always first after the previous round's last
    const order = sides.map((_, i) => sides[(i + r) % sides.length]);
    const loadStart = loadavg()[0];
    const ms: Record<string, Record<string, number>> = {};
    for (const side of order) ms[side.name] = runSide(side, sizes);
    const round = { round: r + 1, order: order.map((s) => s.name), loadStart, loadEnd: loadavg()[0], ms };
    rounds.push(round);
    process.stdout.write(`round ${round.round} (${round.order.join(', ')}), load ${loadStart.toFixed(2)} → ${round.loadEnd.toFixed(2)}, ${new Date().toISOString()}\n`);
    for (const op of KINDS) {
      for (const n of sizes) process.stdout.write(`  ${op} 2^${Math.log2(n)}: ${sides.map((s) => `${s.name} ${fmt(ms[s.name][keyOf(op, n)])}`).join('  ')}\n`);
    }
    // after every round, so a sitting cut short keeps what it measured
    if (json) writeFileSync(json, JSON.stringify({ sizes, sides, rounds }, null, 1) + '\n');
  }
  process.stdout.write(lanesTable(rounds, sides.map((s) => s.name), sizes).join('\n') + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const table = args.indexOf('--table');
  if (args.includes('--ours')) await ours(args.filter((a) => /^\d+$/.test(a)).map(Number));
  else if (table >= 0) {
    const saved = JSON.parse(readFileSync(args[table + 1], 'utf8')) as { sizes: number[]; sides: Side[]; rounds: Round[] };
    process.stdout.write(lanesTable(saved.rounds, saved.sides.map((s) => s.name), saved.sizes).join('\n') + '\n');
  } else main(args);
}
