/**
 * A batch worker that dies mid-batch (a node's process.exit, an uncaught error) leaves nothing
 * behind: the temporary files its inputs in flight had staged are removed and their descriptors
 * closed, those inputs run again on a new worker (or fail, each in one line of its row), and the
 * inputs already complete stay as they were. The workers here are this run's bundle of
 * src-main/cli/batch-worker.ts, started through test/cli/fixtures/batch-worker-dying.mjs, which
 * makes one of them die at a chosen moment.
 */
import { mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { useBuiltBatchWorker } from '../../src-main/cli/batch-entry';
import { LEDGER_SLOT_BYTES } from '../../src-main/cli/batch-messages';
import { main } from '../../src-main/cli/main';
import { writeWav } from '../../src-shared/io/wav';
import { parseCsv } from './csv';
import { capture, type Link, tempDir, writeGraph } from './helpers';

/** What each input's folder holds when its run is complete. */
const RESULTS = ['copy.npy', 'file.json', 'file.npy', 'outside.json', 'outside.npy', 'plot.json', 'plot.npy', 'run.json', 'table.json'];

/**
 * `count` small mono WAVs (data/in00.wav …) and a graph: in → convolve → plot and two sink.file
 * copies, one into the input's folder (copy.npy) and one outside --out (elsewhere/shared.npy,
 * written by every input); in → stats → a value table.
 */
function batchFolder(count: number): { dir: string; graph: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'elsewhere'));
  for (let f = 0; f < count; f++) {
    const wav = writeWav([Float64Array.from({ length: 256 }, (_, i) => Math.sin(i * (f + 1) * 0.1) * Math.exp(-i / 60))], 8000);
    if (!wav.ok) throw new Error(wav.error);
    writeFileSync(join(dir, 'data', `in${String(f).padStart(2, '0')}.wav`), wav.value);
  }
  const graph = writeGraph(
    dir,
    [
      { id: 'in', type: 'source.audio', params: { path: '' } },
      { id: 'k', type: 'source.sequence', params: { values: [0.5, 0.25, 0.125], rate: 8000 } },
      { id: 'conv', type: 'op.convolve', params: { method: 'direct' } },
      { id: 'plot', type: 'sink.plot' },
      { id: 'file', type: 'sink.file', params: { path: 'copy.npy' } },
      { id: 'outside', type: 'sink.file', params: { path: join(dir, 'elsewhere', 'shared.npy') } },
      { id: 'stats', type: 'op.stats' },
      { id: 'table', type: 'sink.value' },
    ],
    [
      ['in', 'out', 'conv', 'a'],
      ['k', 'out', 'conv', 'b'],
      ['conv', 'out', 'plot', 'in'],
      ['conv', 'out', 'file', 'in'],
      ['conv', 'out', 'outside', 'in'],
      ['in', 'out', 'stats', 'in'],
      ['stats', 'out', 'table', 'in'],
    ],
  );
  return { dir, graph };
}

/** Every file under `folder`, relative to it. */
function walk(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/** Every file under `out` that is not a result: an input's folder holds RESULTS, --out the summary. */
function strays(out: string): string[] {
  return walk(out).filter((path) => {
    const parts = path.split('/');
    return !(parts.length === 1 ? parts[0] === 'summary.csv' : parts.length === 2 && RESULTS.includes(parts[1]!));
  });
}

/** This process's open descriptors, with what each is open on (Linux: /proc/self/fd). */
function descriptors(): Map<string, string> {
  const open = new Map<string, string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      open.set(fd, readlinkSync(join('/proc/self/fd', fd)));
    } catch {
      // Closed since the listing (the listing's own descriptor, for one).
    }
  }
  return open;
}

interface Death {
  how: 'exit' | 'throw';
  at: 'flush' | 'stage';
  n?: number;
  match?: string;
  /** Only the first worker that gets there dies. */
  once: boolean;
}

/** Runs the batch with the workers of batch-worker-dying.mjs; returns the summary's rows by input folder and what was printed. */
async function runDying(dir: string, graph: string, out: string, jobs: number, death: Death | undefined): Promise<{ code: number; rows: Map<string, string[]>; err: string }> {
  const io = capture(dir);
  process.env.CONVOLAB_TEST_DEATH = JSON.stringify(death ? { ...death, marker: death.once ? join(dir, `died-${Math.random().toString(36).slice(2)}`) : undefined } : null);
  let code: number;
  try {
    code = await main(['run', graph, '--out', out, '--each', 'in.path=data/*.wav', '-j', String(jobs)], io);
  } finally {
    delete process.env.CONVOLAB_TEST_DEATH;
  }
  const rows = new Map(parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8')).slice(1).map((row) => [row[1]!, row]));
  return { code, rows, err: io.err };
}

/** Every result file's bytes under `out` but run.json's (it holds the run's times). */
function resultBytes(out: string): Map<string, Buffer> {
  return new Map(walk(out).filter((path) => path.includes('/') && !path.endsWith('run.json')).map((path) => [path, readFileSync(join(out, path))]));
}

const COUNT = 14;

describe('a batch worker that dies mid-batch', () => {
  beforeAll(() => {
    process.env.CONVOLAB_TEST_BATCH_WORKER = inject('sourceWorkers').batch;
    useBuiltBatchWorker(new URL('./fixtures/batch-worker-dying.mjs', import.meta.url));
  });
  afterEach(() => {
    delete process.env.CONVOLAB_TEST_DEATH;
  });

  it.each([
    ['exits in a flush', 'exit', 1, 23],
    ['throws in a flush', 'throw', 1, 41],
    ['exits in a flush, -j 2', 'exit', 2, 17],
  ] as const)('%s: no temporary file or open descriptor is left, the inputs it held run again, every result whole', async (_name, how, jobs, n) => {
    const { dir, graph } = batchFolder(COUNT);
    const reference = join(dir, 'reference');
    const clean = await runDying(dir, graph, reference, jobs, undefined);
    expect(clean.code, clean.err).toBe(0);
    const expected = resultBytes(reference);
    expect(expected.size).toBe(COUNT * (RESULTS.length - 1));

    const before = descriptors();
    const out = join(dir, 'out');
    const { code, rows, err } = await runDying(dir, graph, out, jobs, { how, at: 'flush', n, once: true });
    expect(code, err).toBe(0);
    // The death happened, and cost a worker (a second worker's start), not an input.
    expect(readdirSync(dir).filter((name) => name.startsWith('died-'))).toHaveLength(1);
    expect([...rows.values()].map((row) => row[2])).toEqual(Array.from({ length: COUNT }, () => 'ok'));

    expect(strays(out)).toEqual([]);
    expect(walk(join(dir, 'elsewhere'))).toEqual(['shared.npy']);
    const got = resultBytes(out);
    expect([...got.keys()]).toEqual([...expected.keys()]);
    for (const [path, bytes] of expected) expect(got.get(path)!.equals(bytes), path).toBe(true);
    for (let f = 0; f < COUNT; f++) expect(statSync(join(out, `in${String(f).padStart(2, '0')}`, 'run.json')).size).toBeGreaterThan(0);

    // No descriptor of this process is left open on anything under the test's folder, and none is gained.
    const after = descriptors();
    expect([...after.values()].filter((target) => target.startsWith(dir))).toEqual([]);
    expect([...after.keys()].filter((fd) => !before.has(fd)).map((fd) => `${fd} → ${after.get(fd)}`)).toEqual([]);
  });

  it('an input that kills every worker it runs on fails in one line of its row; nothing it staged is left, the others are whole', async () => {
    const { dir, graph } = batchFolder(8);
    const before = descriptors();
    const out = join(dir, 'out');
    // in03's copy.npy is staged during its run, while earlier inputs' files wait for their group.
    const { code, rows, err } = await runDying(dir, graph, out, 1, { how: 'exit', at: 'stage', match: join('in03', '.copy.npy.'), once: false });
    expect(code, err).toBe(1);
    const row = rows.get('in03')!;
    expect(row.slice(2, 5)).toEqual(['failed', row[3], 'the batch worker stopped (exit code 9) while running this input']);
    for (const [stem, other] of rows) if (stem !== 'in03') expect(other[2], stem).toBe('ok');
    expect(strays(out)).toEqual([]);
    // Its folder was made when it started; it holds nothing.
    expect(walk(join(out, 'in03'))).toEqual([]);
    for (const [stem] of rows) if (stem !== 'in03') expect(readdirSync(join(out, stem)).sort(), stem).toEqual(RESULTS);
    expect(walk(join(dir, 'elsewhere'))).toEqual(['shared.npy']);
    const after = descriptors();
    expect([...after.values()].filter((target) => target.startsWith(dir))).toEqual([]);
    expect([...after.keys()].filter((fd) => !before.has(fd)).map((fd) => `${fd} → ${after.get(fd)}`)).toEqual([]);
  });

  it('an input with more temporary files than its slot of the ledger holds (the rest named by message) leaves none either', async () => {
    const { dir } = batchFolder(3);
    // 300 plots: 601 files per input, some 40 KB of names, past a slot's 32 KB.
    const plots = Array.from({ length: 300 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const graph = writeGraph(
      dir,
      [{ id: 'in', type: 'source.audio', params: { path: '' } }, ...plots.map((id) => ({ id, type: 'sink.plot' }))],
      plots.map((id): Link => ['in', 'out', id, 'in']),
      'many.convolab.json',
    );
    const out = join(dir, 'out');
    const temp = join(out, 'in00', `.p000.json.0123456789ab.tmp`);
    expect(plots.length * 2 * (Buffer.byteLength(temp) + 4)).toBeGreaterThan(LEDGER_SLOT_BYTES);
    const { code, rows, err } = await runDying(dir, graph, out, 1, { how: 'exit', at: 'flush', n: 5, once: true });
    expect(code, err).toBe(0);
    expect(readdirSync(dir).filter((name) => name.startsWith('died-'))).toHaveLength(1);
    expect([...rows.values()].map((row) => row[2])).toEqual(['ok', 'ok', 'ok']);
    const files = walk(out);
    expect(files.filter((path) => path.endsWith('.tmp'))).toEqual([]);
    expect(files).toHaveLength(1 + 3 * (plots.length * 2 + 1));
  });
});
