/**
 * The bench reproduces (issue 17): `npm run bench` runs each case in a process of its own, so
 * what one case leaves behind (heap, WebAssembly memory, threads) cannot slow the next; and
 * bench:compare says what the table was measured on and which rows to distrust.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type Result, roundSpread } from '../../bench/harness';
import { PERF_TARGETS, compareTable, describeMachine, flagged } from '../../bench/compare';

const fixture = new URL('./fixtures/bench-cases.ts', import.meta.url).pathname;

function bench(...args: string[]): Result[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fixture, '--json', ...args], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Result[];
}

describe('the bench harness', () => {
  it('runs each case in a fresh process of its own, alone there', () => {
    const rows = bench();
    expect(rows.map((r) => r.op)).toEqual(['first case', 'second case']);
    const [first, second] = rows.map((r) => r.note!.split(' '));
    expect(first[0]).not.toBe(second[0]);
    expect(first[1]).toBe('1');
    expect(second[1]).toBe('1');
    expect(first[0]).not.toBe(String(process.pid));
  });

  it('runs them one after another in one process with --in-process, and only the filtered ones with --filter', () => {
    const rows = bench('--in-process');
    expect(rows.map((r) => r.note!.split(' ')[1])).toEqual(['1', '2']);
    expect(new Set(rows.map((r) => r.note!.split(' ')[0])).size).toBe(1);
    expect(bench('--filter', 'second').map((r) => r.op)).toEqual(['second case']);
  });

  it('gives each row the spread of its repeats: rounds in time order, slowest against fastest', () => {
    const rows = bench('--filter', 'first');
    // Samples 10 10 | 10 10 | 10 20: round medians 10, 10, 20 over a median of 10.
    expect(rows[0].spread).toBe(1);
    expect(roundSpread([5, 5, 5, 5, 5, 5])).toBe(0);
    expect(roundSpread([4, 4, 5, 5, 6, 6])).toBeCloseTo(2 / 5);
  });
});

describe('bench:compare', () => {
  it('reads the CPU model and its SIMD flags from /proc/cpuinfo', () => {
    const cpuinfo = 'processor\t: 0\nmodel name\t: AMD EPYC 9B14\nflags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 9B14\n';
    expect(describeMachine(cpuinfo)).toEqual({ model: 'AMD EPYC 9B14', cores: 2, flags: ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw'] });
  });

  it('marks the rows whose repeats spread more than 15 % and no others', () => {
    const rows = [
      { op: 'fft complex f64', n: 1024, ours_ms: 1, peers: {}, spread: 0.16 },
      { op: 'fft real f64', n: 1024, ours_ms: 1, peers: {}, spread: 0.15 },
      { op: 'host memory', shape: 'source worker', ours_ms: 900, peers: {} },
    ];
    expect(rows.map(flagged)).toEqual([true, false, false]);
    const table = compareTable(rows, []);
    expect(table.filter((line) => line.includes('⚠'))).toHaveLength(1);
    expect(table[2]).toContain('16 % ⚠');
  });

  it("puts OpenCV's time into a reused dst beside ours into a reused output, in the row's note", () => {
    const ours = [{ op: 'gaussian sigma=3 same/reflect f32', shape: '4096x4096 k19', ours_ms: 280, peers: {}, note: 'into a reused output 51.0 ms; a fresh output: 16437 page faults' }];
    const table = compareTable(ours, [{ op: 'gaussian sigma=3 same/reflect f32', shape: '4096x4096 k19', opencv_ms: 61.5, opencv_dst_ms: 52.24 }]);
    expect(table[2]).toContain('| 61.5 | into a reused output 51.0 ms; a fresh output: 16437 page faults; OpenCV into a reused dst 52.2 |');
    expect(compareTable(ours, [])[2]).toContain('| into a reused output 51.0 ms; a fresh output: 16437 page faults |');
  });

  it('has a target for every row kind the bench makes, and finds none for a table without them', () => {
    const kinds = ['fft complex f64', 'convolve1d full f64', 'gaussian sigma=3 same/reflect f32', 'param → preview', 'host memory', 'conebeam f32', 'cli start'];
    for (const op of kinds) expect(PERF_TARGETS.some((t) => t.matches({ op, shape: '1024x1024' })), op).toBe(true);
    expect(PERF_TARGETS.filter((t) => ![{ op: 'fft real f64', n: 1024 }].some(t.matches)).length).toBe(PERF_TARGETS.length - 1);
  });
});
