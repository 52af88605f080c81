import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { writePng } from '../../src-shared/io/image';
import { writeWav } from '../../src-shared/io/wav';
import { parseCsv } from './csv';
import { capture, type Link, tempDir, writeGraph } from './helpers';

/**
 * A batch worker's engine recycles the buffers of an input's outputs into a later input's
 * (docs/batch-io.md, "A buffer pool per worker"). These graphs are made so that input N+1's run
 * hands input N's *staged* buffers to its own nodes at once: a sink's value is let go when the
 * sink's next entry replaces it, and the node after the sink, of the same size, takes its buffer.
 * So a batch whose results were staged after the next input started computing would write that
 * input's numbers into this one's files, and these tests would see it.
 */

interface Input {
  readonly file: string;
}

/**
 * Eight mono WAVs of 9,000 samples (72,000 bytes as float64, over the pool's 64 KiB), each a
 * different tone, the third of 12,000 samples (another size, so buffers of two sizes come and go).
 * Eight, so that -j 2 runs two workers: the pool hands a worker up to six inputs at once, the
 * first worker the first six and the second the last two.
 */
function signalInputs(dir: string): Input[] {
  mkdirSync(join(dir, 'data'));
  return [9000, 9000, 12000, 9000, 9000, 9000, 9000, 9000].map((length, f) => {
    const x = Float64Array.from({ length }, (_, i) => Math.sin(i * (0.01 + 0.007 * f)) * Math.exp(-i / (2000 + 500 * f)) + 0.1 * f);
    const wav = writeWav([x], 8000);
    if (!wav.ok) throw new Error(wav.error);
    const file = `data/in${f}.wav`;
    writeFileSync(join(dir, file), wav.value);
    return { file };
  });
}

/**
 * in → sq = in·in → plot sq; cube = sq·in (after the plot: it takes sq's last buffer) → plot
 * cube; wet = in ⊛ [0.5, 0.25, 0.125] (FFT, into a pooled buffer) → a .wav sink.file and a plot;
 * cube → stats → a value table (summary.csv's columns).
 */
function signalGraph(dir: string): string {
  const nodes = [
    { id: 'in', type: 'source.audio', params: { path: '' } },
    { id: 'sq', type: 'op.multiply' },
    { id: 'sqPlot', type: 'sink.plot' },
    { id: 'cube', type: 'op.multiply' },
    { id: 'cubePlot', type: 'sink.plot' },
    { id: 'k', type: 'source.sequence', params: { values: [0.5, 0.25, 0.125], rate: 8000 } },
    { id: 'wet', type: 'op.convolve', params: { method: 'fft' } },
    { id: 'wetPlot', type: 'sink.plot' },
    { id: 'file', type: 'sink.file', params: { path: 'wet.wav' } },
    { id: 'stats', type: 'op.stats' },
    { id: 'table', type: 'sink.value' },
  ];
  const links: Link[] = [
    ['in', 'out', 'sq', 'a'],
    ['in', 'out', 'sq', 'b'],
    ['sq', 'out', 'sqPlot', 'in'],
    ['sq', 'out', 'cube', 'a'],
    ['in', 'out', 'cube', 'b'],
    ['cube', 'out', 'cubePlot', 'in'],
    ['in', 'out', 'wet', 'a'],
    ['k', 'out', 'wet', 'b'],
    ['wet', 'out', 'wetPlot', 'in'],
    ['wet', 'out', 'file', 'in'],
    ['cube', 'out', 'stats', 'in'],
    ['stats', 'out', 'table', 'in'],
  ];
  return writeGraph(dir, nodes, links, 'signals.convolab.json');
}

/** Eight gray PNGs of 512² (eight for two workers at -j 2, as above), each a different pattern: the 2-D path, split over band threads at -j 1 (a direct σ = 2 blur, 13×13 taps over 512², is over the band pool's least work to split). */
function imageInputs(dir: string): Input[] {
  mkdirSync(join(dir, 'images'));
  const size = 512;
  return [0, 1, 2, 3, 4, 5, 6, 7].map((f) => {
    const data = Float32Array.from({ length: size * size }, (_, i) => 0.5 + 0.5 * Math.sin(((i % size) * (f + 1)) / 9) * Math.cos(Math.floor(i / size) / (5 + 3 * f)));
    const png = writePng({ kind: 'image', width: size, height: size, channels: 1, data, origin: { x: 0, y: 0 } });
    if (!png.ok) throw new Error(png.error);
    const file = `images/im${f}.png`;
    writeFileSync(join(dir, file), png.value);
    return { file };
  });
}

/** img ⊛ Gaussian → plot; that ⊛ Gaussian again (after the plot: it takes the first blur's last buffer) → plot and a .png sink.file. */
function imageGraph(dir: string): string {
  const nodes = [
    { id: 'img', type: 'source.image', params: { path: '' } },
    { id: 'g', type: 'kernel.gaussian', params: { sigma: 2 } },
    { id: 'blur', type: 'op.convolve', params: { method: 'direct', mode: 'same', boundary: 'reflect' } },
    { id: 'blurPlot', type: 'sink.image' },
    { id: 'blur2', type: 'op.convolve', params: { method: 'direct', mode: 'same', boundary: 'reflect' } },
    { id: 'blur2Plot', type: 'sink.image' },
    { id: 'file', type: 'sink.file', params: { path: 'blur2.png' } },
  ];
  const links: Link[] = [
    ['img', 'out', 'blur', 'a'],
    ['g', 'out', 'blur', 'b'],
    ['blur', 'out', 'blurPlot', 'in'],
    ['blur', 'out', 'blur2', 'a'],
    ['g', 'out', 'blur2', 'b'],
    ['blur2', 'out', 'blur2Plot', 'in'],
    ['blur2', 'out', 'file', 'in'],
  ];
  return writeGraph(dir, nodes, links, 'images.convolab.json');
}

interface PoolTrace {
  thread: number;
  pool?: { fresh: number; reused: number };
}

/**
 * Runs `graph` over `inputs` with --each at -j `jobs`, tracing the workers (batch-trace.ts: each
 * input's line carries its worker's pool counts once it was staged); returns the trace.
 */
async function batch(dir: string, graph: string, source: string, inputs: readonly Input[], jobs: number, out: string): Promise<PoolTrace[]> {
  const pattern = inputs[0]!.file.replace(/\/[^/]*$/, '/*');
  const trace = join(dir, `trace-${jobs}.jsonl`);
  rmSync(trace, { force: true });
  const before = process.env.CONVOLAB_BATCH_TRACE;
  process.env.CONVOLAB_BATCH_TRACE = trace;
  try {
    const io = capture(dir);
    expect(await main(['run', graph, '--out', out, '--each', `${source}.path=${pattern}`, '-j', String(jobs)], io), io.err).toBe(0);
  } finally {
    if (before === undefined) delete process.env.CONVOLAB_BATCH_TRACE;
    else process.env.CONVOLAB_BATCH_TRACE = before;
  }
  return readFileSync(trace, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PoolTrace);
}

/**
 * Each worker's pool counts after its inputs in order: every one of the `jobs` workers ran two
 * inputs or more, and its second input reused a buffer.
 */
function expectReuseFromSecondInput(trace: readonly PoolTrace[], jobs: number): void {
  const byThread = new Map<number, PoolTrace[]>();
  for (const line of trace) byThread.set(line.thread, [...(byThread.get(line.thread) ?? []), line]);
  const counts = [...byThread.values()].map((lines) => lines.map((line) => line.pool!.reused));
  expect(counts.map((reused) => reused.length >= 2), `inputs per worker: ${counts.map((reused) => reused.length).join(', ')}`).toEqual(Array<boolean>(jobs).fill(true));
  for (const reused of counts) expect(reused[1], `pool reuse per input on one worker: ${reused.join(', ')}`).toBeGreaterThan(0);
}

/**
 * A single `convolab run` of each input (the reference: one run, no pool), then every file of the
 * batch's folder for it compared byte for byte: the sinks' .npy and .json, the sink.file's file
 * (node `file`), and the summary row's values against the single run's table.json. The single run
 * is given what the batch gives each input: the input's absolute path, and the sink.file's path in
 * the input's folder (a PNG carries the graph it was made with, those paths included); it writes
 * that file over the batch's, whose bytes were read first.
 */
async function expectSameAsSingleRuns(dir: string, graph: string, source: string, inputs: readonly Input[], out: string, fileName: string, table?: string): Promise<void> {
  const records = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
  const header = records[0]!;
  for (const [f, input] of inputs.entries()) {
    const stem = input.file.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
    const written = join(out, stem, fileName);
    const batchFile = readFileSync(written);
    const single = `${out}-single-${f}`;
    const io = capture(dir);
    expect(await main(['run', graph, '--out', single, '--set', `${source}.path=${join(dir, input.file)}`, '--set', `file.path=${written}`], io), io.err).toBe(0);
    expect(readFileSync(written).equals(batchFile), `${stem}/${fileName}`).toBe(true);
    const names = readdirSync(join(out, stem)).filter((name) => name !== 'run.json' && name !== fileName).sort();
    expect(names).toEqual(readdirSync(single).filter((name) => name !== 'run.json').sort());
    for (const name of names) expect(readFileSync(join(out, stem, name)).equals(readFileSync(join(single, name))), `${stem}/${name}`).toBe(true);
    const record = records.find((row) => row[0] === input.file)!;
    expect(record[2]).toBe('ok');
    if (table !== undefined) {
      const fields = (JSON.parse(readFileSync(join(single, `${table}.json`), 'utf8')) as { fields: Record<string, number> }).fields;
      const columns = header.slice(5);
      expect(columns.length).toBeGreaterThan(0);
      expect(Object.fromEntries(columns.map((column, i) => [column, record[5 + i]]))).toEqual(Object.fromEntries(Object.entries(fields).map(([field, value]) => [`${table}.${field}`, String(value)])));
    }
  }
}

describe('a batch worker’s buffer pool', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('recycles one input’s buffers into the next, and every output file is still bit for bit a single run’s (-j 1 and -j 2)', async () => {
    dir = tempDir();
    const inputs = signalInputs(dir);
    const graph = signalGraph(dir);
    for (const jobs of [1, 2]) {
      const out = join(dir, `batch-j${jobs}`);
      const trace = await batch(dir, graph, 'in', inputs, jobs, out);
      expect(trace).toHaveLength(inputs.length);
      expectReuseFromSecondInput(trace, jobs);
      await expectSameAsSingleRuns(dir, graph, 'in', inputs, out, 'wet.wav', 'table');
    }
  }, 120_000);

  it('recycles shared image buffers under band threads (-j 1) and one thread each (-j 2), every output a single run’s', async () => {
    dir = tempDir();
    const inputs = imageInputs(dir);
    const graph = imageGraph(dir);
    for (const jobs of [1, 2]) {
      const out = join(dir, `batch-j${jobs}`);
      const trace = await batch(dir, graph, 'img', inputs, jobs, out);
      expect(trace).toHaveLength(inputs.length);
      expectReuseFromSecondInput(trace, jobs);
      await expectSameAsSingleRuns(dir, graph, 'img', inputs, out, 'blur2.png');
    }
  }, 120_000);
});
