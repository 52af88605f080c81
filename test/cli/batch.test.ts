import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { writeWav } from '../../src-shared/io/wav';
import { capture, finishCli, startCli, stopStartedClis, tempDir, writeGraph } from './helpers';
import { parseCsv } from './csv';
import { readNpy } from './npy';

/**
 * A folder with `count` small mono WAVs (data/in0.wav …, 64 samples of a decaying sine each)
 * and a graph: in (source.audio) → convolve with [0.5, 0.25] → scale ×2 → plot and a sink.file
 * copy.npy; in → stats → a value table.
 */
function batchFolder(count: number): { dir: string; graph: string; samples: Float64Array[] } {
  const dir = tempDir();
  mkdirSync(join(dir, 'data'));
  const samples: Float64Array[] = [];
  for (let f = 0; f < count; f++) {
    const x = Float64Array.from({ length: 64 }, (_, i) => Math.sin(i * (f + 1) * 0.3) * Math.exp(-i / 20));
    const wav = writeWav([x], 8000);
    if (!wav.ok) throw new Error(wav.error);
    writeFileSync(join(dir, 'data', `in${f}.wav`), wav.value);
    samples.push(x);
  }
  const graph = writeGraph(
    dir,
    [
      { id: 'in', type: 'source.audio', params: { path: '' } },
      { id: 'k', type: 'source.sequence', params: { values: [0.5, 0.25], rate: 8000 } },
      { id: 'conv', type: 'op.convolve', params: { method: 'direct' } },
      { id: 'scale', type: 'op.scale', params: { factor: 2 } },
      { id: 'plot', type: 'sink.plot' },
      { id: 'file', type: 'sink.file', params: { path: 'copy.npy' } },
      { id: 'stats', type: 'op.stats' },
      { id: 'table', type: 'sink.value' },
    ],
    [
      ['in', 'out', 'conv', 'a'],
      ['k', 'out', 'conv', 'b'],
      ['conv', 'out', 'scale', 'in'],
      ['scale', 'out', 'plot', 'in'],
      ['scale', 'out', 'file', 'in'],
      ['in', 'out', 'stats', 'in'],
      ['stats', 'out', 'table', 'in'],
    ],
  );
  return { dir, graph, samples };
}

/** summary.csv's records. */
function summaryRecords(path: string): string[][] {
  return parseCsv(readFileSync(path, 'utf8'));
}

describe('convolab run --each', () => {
  afterEach(stopStartedClis);

  it('writes each input\'s results into DIR/<stem>/, byte for byte those of a single run of that file, and one summary row per input', async () => {
    const { dir, graph, samples } = batchFolder(3);
    const out = join(dir, 'batch');
    const io = capture(dir);
    expect(await main(['run', graph, '--out', out, '--each', 'in.path=data/*.wav', '-j', '2'], io)).toBe(0);
    expect(io.out).toBe(`ran 3 inputs: 3 ok, 0 failed; results in ${out}, summary in ${join(out, 'summary.csv')}\n`);
    // Not a terminal: one line per input as it finishes, counted in order.
    const lines = io.err.split('\n').filter(Boolean);
    expect(lines.map((line) => line.slice(0, line.indexOf(' ')))).toEqual(['[1/3]', '[2/3]', '[3/3]']);
    expect(lines.map((line) => line.replace(/^\S+ /, '').replace(/ \(\d+\.\d ms\)$/, '')).sort()).toEqual(['ok data/in0.wav', 'ok data/in1.wav', 'ok data/in2.wav']);
    expect(readdirSync(out).sort()).toEqual(['in0', 'in1', 'in2', 'summary.csv']);

    for (let f = 0; f < 3; f++) {
      const single = join(dir, `single${f}`);
      expect(await main(['run', graph, '--out', single, '--set', `in.path=data/in${f}.wav`], capture(dir))).toBe(0);
      const batchFiles = readdirSync(join(out, `in${f}`)).sort();
      // The sink.file's relative path lands in the input's own folder, not beside the graph.
      expect(batchFiles).toEqual(['copy.npy', 'file.json', 'file.npy', 'plot.json', 'plot.npy', 'run.json', 'table.json']);
      for (const name of batchFiles.filter((file) => file !== 'run.json' && file !== 'copy.npy')) {
        expect(readFileSync(join(out, `in${f}`, name)), name).toEqual(readFileSync(join(single, name)));
      }
      expect(readFileSync(join(out, `in${f}`, 'copy.npy'))).toEqual(readFileSync(join(out, `in${f}`, 'plot.npy')));
      // And the numbers are the input's: 2 · (x * [0.5, 0.25]).
      const x = samples[f]!.map(Math.fround);
      const plot = readNpy(readFileSync(join(out, `in${f}`, 'plot.npy'))).data;
      expect(plot[0]).toBe(x[0]!);
      expect(plot[10]).toBeCloseTo(x[10]! + 0.5 * x[9]!, 12);
    }

    const records = summaryRecords(join(out, 'summary.csv'));
    expect(records[0]).toEqual(['input', 'output', 'status', 'ms', 'error', 'table.sum', 'table.mean', 'table.min', 'table.max', 'table.energy']);
    expect(records.slice(1).map((record) => record.slice(0, 3))).toEqual([0, 1, 2].map((f) => [`data/in${f}.wav`, `in${f}`, 'ok']));
    for (let f = 0; f < 3; f++) {
      const record = records[f + 1]!;
      expect(Number(record[3])).toBeGreaterThan(0);
      expect(record[4]).toBe('');
      const x = samples[f]!.map(Math.fround);
      expect(Number(record[5])).toBeCloseTo(x.reduce((a, b) => a + b, 0), 12);
      expect(Number(record[7])).toBe(Math.min(...x));
      expect(Number(record[8])).toBe(Math.max(...x));
    }
  });

  it('with CONVOLAB_BATCH_TRACE, records one timeline per input: computed, staged, then committed in a group, every file of its folder flushed', async () => {
    const { dir, graph } = batchFolder(5);
    const out = join(dir, 'traced');
    const trace = join(dir, 'trace.jsonl');
    const io = capture(dir);
    process.env.CONVOLAB_BATCH_TRACE = trace;
    try {
      expect(await main(['run', graph, '--out', out, '--each', 'in.path=data/*.wav', '-j', '1'], io)).toBe(0);
    } finally {
      delete process.env.CONVOLAB_BATCH_TRACE;
    }
    const rows = readFileSync(trace, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
    // One line per input, in the order they were answered (with -j 1, the inputs' order).
    expect(rows.map((row) => row.id)).toEqual([0, 1, 2, 3, 4]);
    for (const row of rows) {
      expect(row.computeStart).toBeLessThanOrEqual(row.computeEnd!);
      expect(row.computeEnd).toBeLessThanOrEqual(row.commitStart!);
      expect(row.commitStart).toBeLessThanOrEqual(row.commitEnd!);
      expect(row.group).toBeGreaterThanOrEqual(1);
    }
    // Each input's commit flushed every file its folder now holds (copy.npy from its sink.file included).
    for (const [i, row] of rows.entries()) expect(row.fileFlushes, `input ${i}`).toBe(readdirSync(join(out, `in${i}`)).length);
    // Computing is one input at a time: each starts after the one before it ended.
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.computeStart).toBeGreaterThanOrEqual(rows[i - 1]!.computeEnd!);
  });

  it('a node\'s warning is said once after the run, with how many inputs it came on and the first: summary.csv stays as it was', async () => {
    const { dir, graph } = batchFolder(3);
    // The copy as a WAV: in0's samples reach past ±1 after the ×2 (sin · e^(−i/20) · 2 · 0.75), in1's and in2's too.
    const document = JSON.parse(readFileSync(graph, 'utf8'));
    document.nodes.find((node: { id: string }) => node.id === 'file').params.path = 'copy.wav';
    writeFileSync(graph, JSON.stringify(document));
    const out = join(dir, 'batch');
    const io = capture(dir);
    expect(await main(['run', graph, '--out', out, '--each', 'in.path=data/*.wav', '-j', '2'], io)).toBe(0);
    const warnings = io.err.split('\n').filter((line) => line.startsWith('convolab: warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^convolab: warning: node file \(sink\.file\) on 3 of 3 inputs, first data\/in0\.wav: wrote .*copy\.wav: samples reach ±1\.\d+, past full scale/);
    expect(summaryRecords(join(out, 'summary.csv'))[0]).toEqual(['input', 'output', 'status', 'ms', 'error', 'table.sum', 'table.mean', 'table.min', 'table.max', 'table.energy']);
  });

  it('an input that fails fails its own row, named, and the rest run: exit 1', async () => {
    const { dir, graph } = batchFolder(2);
    writeFileSync(join(dir, 'data', 'broken.wav'), 'not a WAV');
    const out = join(dir, 'o');
    const io = capture(dir);
    expect(await main(['run', graph, '--out', out, '--each', 'in.path=data/*.wav', '-j', '1'], io)).toBe(1);
    expect(io.out).toBe(`ran 3 inputs: 2 ok, 1 failed; results in ${out}, summary in ${join(out, 'summary.csv')}\n`);
    const message = `in (source.audio): ${join(dir, 'data', 'broken.wav')}: WAV: only 9 bytes, too short for a WAV file`;
    expect(io.err).toContain(`[1/3] failed data/broken.wav: ${message}\n`);
    const records = summaryRecords(join(out, 'summary.csv'));
    expect(records.map((record) => record.slice(0, 3))).toEqual([
      ['input', 'output', 'status'],
      ['data/broken.wav', 'broken', 'failed'],
      ['data/in0.wav', 'in0', 'ok'],
      ['data/in1.wav', 'in1', 'ok'],
    ]);
    expect(records[1]![4]).toBe(message);
    expect(records[1]!.slice(5)).toEqual(['', '', '', '', '']);
    expect(existsSync(join(out, 'in1', 'plot.npy'))).toBe(true);
    const run = JSON.parse(readFileSync(join(out, 'broken', 'run.json'), 'utf8')) as { nodes: { id: string; status: string }[] };
    expect(run.nodes.find((node) => node.id === 'in')?.status).toBe('error');
  });

  it('an input whose results cannot be written fails its own row, naming the file, and leaves no temporary file; the others are whole', async () => {
    const { dir, graph } = batchFolder(3);
    const out = join(dir, 'o');
    // A folder where in1's plot.npy goes: its rename fails.
    mkdirSync(join(out, 'in1', 'plot.npy'), { recursive: true });
    writeFileSync(join(out, 'in1', 'plot.npy', 'keep'), 'mine');
    const io = capture(dir);
    expect(await main(['run', graph, '--out', out, '--each', 'in.path=data/*.wav', '-j', '1'], io)).toBe(1);
    const records = summaryRecords(join(out, 'summary.csv'));
    expect(records.slice(1).map((record) => record.slice(0, 3))).toEqual([
      ['data/in0.wav', 'in0', 'ok'],
      ['data/in1.wav', 'in1', 'failed'],
      ['data/in2.wav', 'in2', 'ok'],
    ]);
    const error = records[2]![4]!;
    expect(error.startsWith(`cannot write ${join(out, 'in1', 'plot.npy')} (`), error).toBe(true);
    expect(error).toMatch(/\(E[A-Z]+\)$/);
    // Every file under --out is a result or what was there: no temporary file, no run.json for in1.
    const all = readdirSync(out, { recursive: true }).map(String);
    expect(all.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(out, 'in1', 'plot.npy', 'keep'), 'utf8')).toBe('mine');
    expect(existsSync(join(out, 'in1', 'run.json'))).toBe(false);
    for (const stem of ['in0', 'in2']) {
      expect(readdirSync(join(out, stem)).sort()).toEqual(['copy.npy', 'file.json', 'file.npy', 'plot.json', 'plot.npy', 'run.json', 'table.json']);
    }
  });

  it('--set applies to every input, and with --check an op.compare without a match marks its row check failed: exit 1', async () => {
    const { dir } = batchFolder(2);
    const graph = writeGraph(dir, [
      { id: 'in', type: 'source.audio', params: { path: '' } },
      { id: 'scale', type: 'op.scale', params: { factor: 1 } },
      { id: 'cmp', type: 'op.compare' },
      { id: 'table', type: 'sink.value' },
    ], [
      ['in', 'out', 'scale', 'in'],
      ['in', 'out', 'cmp', 'a'],
      ['scale', 'out', 'cmp', 'b'],
      ['cmp', 'out', 'table', 'in'],
    ], 'compare.convolab.json');
    const each = ['--each', 'in.path=data/*.wav', '-j', '1'];
    expect(await main(['run', graph, '--out', join(dir, 'same'), ...each, '--check'], capture(dir))).toBe(0);
    expect(parseCsv(readFileSync(join(dir, 'same', 'summary.csv'), 'utf8')).map((record) => `${record[2]} ${record.at(-1)}`)).toEqual(['status table.match', 'ok 1', 'ok 1']);

    const io = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'doubled'), ...each, '--set', 'scale.factor=2', '--check'], io)).toBe(1);
    const records = parseCsv(readFileSync(join(dir, 'doubled', 'summary.csv'), 'utf8'));
    expect(records.slice(1).map((record) => [record[2], record[4]!.replace(/ \(.*/, ''), record.at(-1)])).toEqual([
      ['check failed', 'cmp: compare found no match', '0'],
      ['check failed', 'cmp: compare found no match', '0'],
    ]);
    expect(io.out).toContain('0 ok, 2 failed');
  });

  it('never takes the files of its own --out folder for inputs: a second run of **/*.wav finds the same inputs', async () => {
    const { dir } = batchFolder(2);
    const graph = writeGraph(dir, [{ id: 'in', type: 'source.audio', params: { path: '' } }, { id: 'copy', type: 'sink.file', params: { path: 'copy.wav' } }], [['in', 'out', 'copy', 'in']], 'copy.convolab.json');
    for (let run = 0; run < 2; run++) {
      const io = capture(dir);
      expect(await main(['run', graph, '--out', join(dir, 'results'), '--each', 'in.path=**/*.wav', '-j', '1'], io), io.err).toBe(0);
      expect(parseCsv(readFileSync(join(dir, 'results', 'summary.csv'), 'utf8')).slice(1).map((record) => record[0])).toEqual(['data/in0.wav', 'data/in1.wav']);
    }
    expect(readdirSync(join(dir, 'results', 'in1')).sort()).toEqual(['copy.json', 'copy.npy', 'copy.wav', 'run.json']);
  });

  it('on SIGTERM finishes the inputs running and writes the summary, the rest marked not run: exit 1', async () => {
    const { dir, graph } = batchFolder(1);
    for (let f = 1; f < 200; f++) writeFileSync(join(dir, 'data', `in${String(f).padStart(3, '0')}.wav`), readFileSync(join(dir, 'data', 'in0.wav')));
    const out = join(dir, 'o');
    const child = startCli(['run', graph, '--out', out, '--each', `in.path=${join(dir, 'data', '*.wav')}`, '-j', '1']);
    let early = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        early += chunk.toString();
        if (early.includes('[1/200]')) resolve();
      });
      child.once('exit', () => resolve());
    });
    child.kill('SIGTERM');
    const result = await finishCli(child);
    expect(result.status).toBe(1);
    expect(early + result.stderr).toContain('convolab: SIGTERM: finishing the inputs running, then writing the summary (SIGTERM again to stop now)');
    const rows = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8')).slice(1);
    expect(rows).toHaveLength(200);
    const ran = rows.filter((row) => row[2] === 'ok');
    const notRun = rows.filter((row) => row[4] === 'not run: interrupted (SIGTERM)');
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(notRun.length).toBeGreaterThanOrEqual(1);
    expect(ran.length + notRun.length).toBe(200);
    for (const row of ran) expect(existsSync(join(out, row[1]!, 'run.json'))).toBe(true);
    for (const row of notRun) expect(existsSync(join(out, row[1]!))).toBe(false);
  });

  it('--shard K/N runs the K-th slice (from 0) of the sorted inputs and writes its own summary', async () => {
    const { dir, graph } = batchFolder(3);
    const out = join(dir, 'o');
    const io = capture(dir);
    expect(await main(['run', graph, '--out', out, '--each', 'in.path=data/in*.wav', '--shard', '1/2', '-j', '1'], io)).toBe(0);
    expect(io.out).toBe(`ran 1 input (shard 1/2 of 3): 1 ok, 0 failed; results in ${out}, summary in ${join(out, 'summary-1-of-2.csv')}\n`);
    expect(readdirSync(out).sort()).toEqual(['in1', 'summary-1-of-2.csv']);
    expect(summaryRecords(join(out, 'summary-1-of-2.csv')).slice(1).map((record) => record[0])).toEqual(['data/in1.wav']);
  });

  it('refuses a glob that matches nothing, a param that is no file path, and inputs that would share a folder: one line, exit 2, nothing written', async () => {
    const { dir, graph } = batchFolder(1);
    mkdirSync(join(dir, 'data', 'more'));
    writeFileSync(join(dir, 'data', 'more', 'IN0.wav'), readFileSync(join(dir, 'data', 'in0.wav')));
    writeFileSync(join(dir, 'data', 'summary.csv.wav'), readFileSync(join(dir, 'data', 'in0.wav')));
    const out = join(dir, 'o');
    for (const [each, message] of [
      ['in.path=data/*.flac', `--each in.path: no file matches data/*.flac (from ${dir}); quote the glob so the shell passes it on`],
      ['scale.factor=data/*.wav', '--each scale.factor: factor is a number, not a file path: --each takes a param that names a file (use --set for one value)'],
      ['nope.path=data/*.wav', '--each nope.path: the graph has no node "nope" (its nodes: in, k, conv, scale, plot, file, stats, table)'],
      ['in.path=data/**/*0.wav', '--each: data/in0.wav and data/more/IN0.wav would both write their results to IN0/ (inputs are named by their file name without extension, and macOS and Windows disks ignore case, accents\' encoding and trailing dots): narrow the glob or rename one'],
      ['in.path=data/summary*', '--each: data/summary.csv.wav would write its results to a folder named "summary.csv", which a batch cannot use: rename the file or leave it out of the glob'],
    ] as const) {
      const io = capture(dir);
      expect(await main(['run', graph, '--out', out, '--each', each], io), each).toBe(2);
      expect(io.err).toBe(`convolab: ${message}\n`);
      expect(io.out).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });
});
