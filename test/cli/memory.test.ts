/**
 * `convolab run --memory SIZE`: a run's budget given on the command line (an hour of audio is 1.3
 * GiB a channel, over the default 1 GiB), its refusals naming the --memory that would fit, and a
 * batch's engines each given it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, UsageError } from '../../src-main/cli/main';
import { machineMemory, memoryToAsk, MIN_MEMORY, parseMemory } from '../../src-main/cli/memory';
import { parseRunArguments } from '../../src-main/cli/run';
import { writeWav } from '../../src-shared/io/wav';
import { parseCsv } from './csv';
import { capture, tempDir, writeGraph } from './helpers';

const GiB = 1024 ** 3, MiB = 1024 ** 2;

describe('--memory SIZE', () => {
  it('reads K, M, G and T as powers of 1024, with or without B or iB, in either case', () => {
    const machine = 64 * GiB;
    expect(parseMemory('4G', machine)).toBe(4 * GiB);
    expect(parseMemory('1.5GiB', machine)).toBe(1.5 * GiB);
    expect(parseMemory('512m', machine)).toBe(512 * MiB);
    expect(parseMemory('512MB', machine)).toBe(512 * MiB);
    expect(parseMemory('65536K', machine)).toBe(64 * MiB);
    expect(parseMemory('0.0625T', 1024 * GiB)).toBe(64 * GiB);
    expect(parseRunArguments(['g.json', '--out', 'o', '--memory', '3G'], '/', machine).memory).toBe(3 * GiB);
    expect(parseRunArguments(['g.json', '--out', 'o'], '/', machine, {}).memory).toBeUndefined();
    // CONVOLAB_MEMORY as serve and the desktop app read it: the flag wins, a bad size is a usage error naming the variable.
    expect(parseRunArguments(['g.json', '--out', 'o'], '/', machine, { CONVOLAB_MEMORY: '2G' }).memory).toBe(2 * GiB);
    expect(parseRunArguments(['g.json', '--out', 'o', '--memory', '3G'], '/', machine, { CONVOLAB_MEMORY: '2G' }).memory).toBe(3 * GiB);
    expect(() => parseRunArguments(['g.json', '--out', 'o'], '/', machine, { CONVOLAB_MEMORY: '4' })).toThrow('CONVOLAB_MEMORY=4: give the unit too');
  });

  it.each([
    ['4', '--memory 4: give the unit too, e.g. --memory 4G or --memory 512M (K, M, G, T: powers of 1024)'],
    ['lots', '--memory lots: write a size, e.g. --memory 4G or --memory 512M (K, M, G, T: powers of 1024)'],
    ['-1G', '--memory -1G: write a size, e.g. --memory 4G or --memory 512M (K, M, G, T: powers of 1024)'],
    ['32M', '--memory 32M: give a run at least 64.0 MiB (the default is 1G)'],
    ['9G', '--memory 9G: this machine has 8.0 GiB; give at most that (a run past it would be killed, not refused)'],
  ])('refuses %s in one line that says what to write', (text, message) => {
    expect(() => parseMemory(text, 8 * GiB)).toThrow(new UsageError(message));
  });

  it('asks for what a refusal needed and an eighth more: 256M steps up to 768M, whole G above', () => {
    expect(memoryToAsk(80 * MiB)).toBe('256M');
    expect(memoryToAsk(300 * MiB)).toBe('512M');
    expect(memoryToAsk(680 * MiB)).toBe('768M');
    expect(memoryToAsk(700 * MiB)).toBe('1G');
    expect(memoryToAsk(1.3 * GiB)).toBe('2G');
    expect(memoryToAsk(2.7 * GiB)).toBe('4G');
    // What it asks for always holds what was needed.
    for (const needed of [MIN_MEMORY, 100 * MiB, 767 * MiB, GiB, 5.5 * GiB]) {
      const ask = memoryToAsk(needed);
      expect(parseMemory(ask, 1024 * GiB)).toBeGreaterThanOrEqual(needed);
    }
  });
});

/** A 10,000,001-sample signal (t0 to t1 inclusive) (76.3 MiB as 64-bit samples) into a plot. */
function bigSignalGraph(dir: string): string {
  return writeGraph(
    dir,
    [
      { id: 'big', type: 'source.function', params: { shape: 'sine', t0: 0, t1: 10, rate: 1e6 } },
      { id: 'plot', type: 'sink.plot' },
    ],
    [['big', 'out', 'plot', 'in']],
  );
}

/** A scratch folder holding data/a.wav and data/b.wav, 64 samples each: the inputs of a batch. */
function twoRecordings(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'data'));
  for (const name of ['a', 'b']) {
    const wav = writeWav([Float64Array.from({ length: 64 }, (_, i) => Math.sin(i))], 8000);
    if (!wav.ok) throw new Error(wav.error);
    writeFileSync(join(dir, 'data', `${name}.wav`), wav.value);
  }
  return dir;
}

describe('convolab run --memory', () => {
  // The suggestion is made only when the machine has the memory it names.
  const hint = machineMemory() >= 256 * MiB ? ', or run with --memory 256M' : '';

  it('a run under a smaller budget refuses what goes over it, naming the --memory that fits; given that, it runs', async () => {
    const dir = tempDir();
    const graph = bigSignalGraph(dir);
    const io = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'small'), '--memory', '64M'], io)).toBe(1);
    expect(io.err).toMatch(/^convolab: node big \(source\.function\): .*over the 64\.0 MiB limit: use smaller inputs or sizes(.*)\n$/);
    expect(io.err.endsWith(`use smaller inputs or sizes${hint}\n`)).toBe(true);

    const io2 = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'enough'), '--memory', '256M'], io2)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'enough', 'plot.json'), 'utf8'))).toMatchObject({ type: 'signal', length: 10_000_001 });
  });

  it('a batch gives each engine the budget: under 64M every input fails as a single run would, by default each runs', async () => {
    const dir = twoRecordings();
    // Each input is a small recording; beside it the graph makes the big signal.
    const graph = writeGraph(
      dir,
      [
        { id: 'in', type: 'source.audio', params: { path: '' } },
        { id: 'big', type: 'source.function', params: { shape: 'sine', t0: 0, t1: 10, rate: 1e6 } },
        { id: 'plot', type: 'sink.plot' },
        { id: 'heard', type: 'sink.plot' },
      ],
      [['big', 'out', 'plot', 'in'], ['in', 'out', 'heard', 'in']],
    );
    const io = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'small'), '--each', 'in.path=data/*.wav', '-j', '2', '--memory', '64M'], io)).toBe(1);
    const rows = parseCsv(readFileSync(join(dir, 'small', 'summary.csv'), 'utf8'));
    const header = rows[0]!;
    const status = header.indexOf('status'), error = header.indexOf('error');
    expect(rows.slice(1).map((row) => row[status])).toEqual(['failed', 'failed']);
    for (const row of rows.slice(1)) expect(row[error]).toMatch(new RegExp(`over the 64\\.0 MiB limit: use smaller inputs or sizes${hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    expect(await main(['run', graph, '--out', join(dir, 'default'), '--each', 'in.path=data/*.wav', '-j', '2'], capture(dir))).toBe(0);
  });

  it('a batch whose engines could hold more than the machine together says so, and runs', async () => {
    const dir = twoRecordings();
    const graph = writeGraph(dir, [{ id: 'in', type: 'source.audio', params: { path: '' } }, { id: 'heard', type: 'sink.plot' }], [['in', 'out', 'heard', 'in']]);
    // Each engine may have the whole machine, so two of them may want twice it.
    const whole = `${Math.floor(machineMemory() / MiB)}M`;
    const io = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'out'), '--each', 'in.path=data/*.wav', '-j', '2', '--memory', whole], io)).toBe(0);
    expect(io.err.split('\n')[0]).toMatch(/^convolab: warning: 2 engines at once \(-j\) may each hold --memory .*, over this machine's .*: lower -j or --memory if the batch is killed for memory$/);
    // One engine, or two whose budgets fit together: no warning.
    const quiet = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'out2'), '--each', 'in.path=data/*.wav', '-j', '2', '--memory', '256M'], quiet)).toBe(0);
    expect(quiet.err).not.toContain('warning');
  });
});
