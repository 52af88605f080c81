/**
 * The batch case of `npm run bench` (issue 18 §5): 1,000 WAV files of 1 s at 16 kHz through
 * examples/convolution-reverb.convolab.json (its dry pluck replaced by a source.audio that
 * `--each` points at each file) with `convolab run --each … -j 1` and `-j 2`, as a user starts it
 * (bin/convolab.mjs: the built CLI when `npm run build:cli` has made it). Reported: files/s, the
 * -j 2 speed-up (target ≥ 1.8×) and the overhead per file once warm (target ≤ 20 ms): the -j 1
 * wall time per file less what the graph's own computing takes per file, timed in this process
 * on a warm engine over the same files; and, on Linux, the CPU each file costs the whole process
 * (every thread: the workers, the main thread relaying them, libuv's pool flushing the files).
 * CONVOLAB_BENCH_BATCH_FILES sets another count; CONVOLAB_BENCH_CLI another command to start in
 * bin/convolab.mjs's place (a script that starts another build, for a before-and-after in one sitting).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunEngine } from '../src-main/cli/run-graph';
import type { GraphDocument } from '../src-shared/graph/document';
import { writeWav } from '../src-shared/io/wav';
import type { Bench } from './harness';

const RATE = 16000;

/**
 * CPU seconds (user and system, every thread) of this process's children that have ended, and
 * the minor page faults they took, where Linux tells (/proc/self/stat's cutime, cstime and
 * cminflt); undefined elsewhere. Wall time on a shared machine says as much about the neighbours
 * as about the batch: the CPU a file costs and the pages it faults in do not.
 */
function childrenCpuSeconds(): { user: number; sys: number; minflt: number } | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 11, 16 and 17 of proc(5), counted from 1 with pid and comm first; times in clock ticks of 1/100 s.
  return { user: Number(fields[13]) / 100, sys: Number(fields[14]) / 100, minflt: Number(fields[8]) };
}

/** A plucked tone of 1 s, its pitch and decay different for each file. */
function pluck(index: number): Float64Array {
  const frequency = 110 * 2 ** ((index % 24) / 12);
  return Float64Array.from({ length: RATE }, (_, i) => Math.sin((2 * Math.PI * frequency * i) / RATE) * Math.exp(-i / (RATE * (0.1 + (index % 7) * 0.05))));
}

/** The reverb example with its dry sound read from a file: the graph --each runs. */
function reverbGraph(): GraphDocument {
  const example = JSON.parse(readFileSync(fileURLToPath(new URL('../examples/convolution-reverb.convolab.json', import.meta.url)), 'utf8')) as GraphDocument;
  return { ...example, nodes: example.nodes.map((node) => (node.id === 'dry' ? { id: 'dry', type: 'source.audio', position: node.position ?? { x: 0, y: 0 }, params: { path: '' } } : node)) };
}

export async function batchCase(bench: Bench): Promise<void> {
  if (!bench.wanted('cli batch reverb')) return;
  const files = Number(process.env.CONVOLAB_BENCH_BATCH_FILES ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), 'convolab-batch-'));
  try {
    mkdirSync(join(dir, 'data'));
    const paths: string[] = [];
    for (let f = 0; f < files; f++) {
      const wav = writeWav([pluck(f)], RATE);
      if (!wav.ok) throw new Error(wav.error);
      paths.push(join(dir, 'data', `in${String(f).padStart(4, '0')}.wav`));
      writeFileSync(paths[f]!, wav.value);
    }
    const document = reverbGraph();
    const graph = join(dir, 'reverb.convolab.json');
    writeFileSync(graph, JSON.stringify(document));

    // What the graph itself costs per file on a warm engine (the batch's workers keep theirs warm
    // too: the impulse response is computed once), without writing anything: no sink.file.
    const engine = createRunEngine({ graphDir: dir });
    const computed = {
      ...document,
      nodes: document.nodes.filter((node) => node.type !== 'sink.file'),
      edges: document.edges.filter((edge) => document.nodes.find((node) => node.id === edge.target)?.type !== 'sink.file'),
    };
    let next = 0;
    const computeMs = await bench.timeAsync(async () => {
      const path = paths[next++ % paths.length]!;
      await engine.run({ ...computed, nodes: computed.nodes.map((node) => (node.id === 'dry' ? { ...node, params: { path } } : node)) });
    }, 3000);

    const bin = process.env.CONVOLAB_BENCH_CLI ?? fileURLToPath(new URL('../bin/convolab.mjs', import.meta.url));
    // -j 1, -j 2, -j 2, -j 1: each count's two runs straddle the other's, so a drift of the
    // machine over the minute weighs on both alike. No output is removed until the end: on ext4
    // creating a file scans past inodes freed in the last minute or more (`recently_deleted`),
    // so removing one run's 10,000 files right before the next made that one pay for them.
    const order = [1, 2, 2, 1];
    const runs: Record<number, Array<{ ms: number; cpu?: { user: number; sys: number; minflt: number } }>> = { 1: [], 2: [] };
    order.forEach((jobs, round) => {
      const out = join(dir, `out-${round}-j${jobs}`);
      const cpuBefore = childrenCpuSeconds();
      const started = performance.now();
      const child = spawnSync(process.execPath, [bin, 'run', graph, '--out', out, '--each', `dry.path=${join(dir, 'data', '*.wav')}`, '-j', String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const ms = performance.now() - started;
      const cpuAfter = childrenCpuSeconds();
      if (child.status !== 0) throw new Error(`cli batch -j ${jobs} failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-2).join(' | ')}`);
      const rows = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\r\n').slice(1);
      if (rows.length !== files || rows.some((row) => !row.includes(',ok,'))) throw new Error(`cli batch -j ${jobs}: expected ${files} ok rows in summary.csv`);
      runs[jobs]!.push({ ms, ...(cpuBefore && cpuAfter ? { cpu: { user: cpuAfter.user - cpuBefore.user, sys: cpuAfter.sys - cpuBefore.sys, minflt: cpuAfter.minflt - cpuBefore.minflt } } : {}) });
    });
    const wall = (jobs: number): number => runs[jobs]!.reduce((sum, run) => sum + run.ms, 0) / runs[jobs]!.length;
    for (const jobs of [1, 2]) {
      const perFile = wall(jobs) / files;
      const rates = runs[jobs]!.map((run) => (files / (run.ms / 1000)).toFixed(1)).join(' and ');
      const cpus = runs[jobs]!.flatMap((run) => (run.cpu ? [run.cpu] : []));
      const perFileCpu = (key: 'user' | 'sys'): string => ((1000 * cpus.reduce((sum, cpu) => sum + cpu[key], 0)) / cpus.length / files).toFixed(1);
      const faults = cpus.map((run) => (run.minflt / files).toFixed(0)).join(' and ');
      const cpu = cpus.length > 0 ? `, CPU ${perFileCpu('user')} user + ${perFileCpu('sys')} sys ms per file (all threads), ${faults} minor page faults per file` : '';
      const extra = jobs === 1
        ? `overhead ${(perFile - computeMs).toFixed(1)} ms per file (target ≤ 20; the graph computes ${computeMs.toFixed(1)} ms per file)`
        : `${(wall(1) / wall(jobs)).toFixed(2)}× the files/s of -j 1 (target ≥ 1.8)`;
      bench.record({ op: 'cli batch reverb', shape: `${files} wav -j ${jobs}`, ours_ms: perFile, peers: {}, note: `${rates} files/s${cpu}; ${extra}` });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
