import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JobOutcome, LEDGER_SLOT_BYTES, TempLedger } from '../../src-main/cli/batch-messages';
import { type JobList, type PoolJob, runPool } from '../../src-main/cli/batch-pool';

const stub = new URL('./fixtures/batch-worker-stub.mjs', import.meta.url);

/** `count` jobs; those in `dying` end their worker's thread instead of answering. */
function jobs(count: number, dying: readonly number[] = []): PoolJob[] {
  return Array.from({ length: count }, (_, i) => ({
    document: { format: 'convolab.graph', version: 2, nodes: [], edges: [], ...(dying.includes(i) ? { meta: { die: true } } : {}) },
    names: [],
    outDir: `/nowhere/${i}`,
  }));
}

async function run(list: PoolJob[], size: number): Promise<Map<number, JobOutcome[]>> {
  const results = new Map<number, JobOutcome[]>();
  const jobList: JobList = { length: list.length, at: (index) => list[index]! };
  await runPool(jobList, { size, graphDir: '/', bandThreads: 1, workerUrl: stub }, (index, result) => {
    results.set(index, [...(results.get(index) ?? []), result]);
  });
  return results;
}

const threadOf = (result: JobOutcome): number | undefined => ('report' in result ? result.report.values[0]?.[1].thread : undefined);

describe('the batch pool', () => {
  it('runs every input once on at most -j workers, started once each, not one per input', async () => {
    const results = await run(jobs(40), 3);
    expect([...results.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect([...results.values()].every((list) => list.length === 1 && 'report' in list[0]!)).toBe(true);
    const threads = new Set([...results.values()].map((list) => threadOf(list[0]!)));
    expect(threads.size).toBeLessThanOrEqual(3);
    expect(threads.has(undefined)).toBe(false);
  });

  it('an input whose worker dies fails that input alone: the others it held run again on a new worker', async () => {
    const results = await run(jobs(12, [4]), 2);
    expect(results.size).toBe(12);
    for (const [index, list] of results) {
      expect(list, `input ${index}`).toHaveLength(1);
      if (index === 4) expect(list[0]).toMatchObject({ error: 'the batch worker stopped (exit code 3) while running this input' });
      else expect(list[0], `input ${index}`).toHaveProperty('report');
    }
  });

  it('stops starting workers when they keep dying before finishing any input, and reports the rest as not run', async () => {
    const results = await run(jobs(30, Array.from({ length: 30 }, (_, i) => i)), 2);
    expect(results.size).toBe(30);
    const errors = [...results.values()].map((list) => {
      expect(list).toHaveLength(1);
      return 'error' in list[0]! ? list[0].error : 'ok';
    });
    expect(errors.filter((error) => error.startsWith('the batch worker stopped')).length).toBeLessThanOrEqual(8);
    expect(errors.filter((error) => error === 'not run: 4 batch workers in a row died before finishing an input').length).toBeGreaterThanOrEqual(20);
  });

  it('a worker that dies removes the temporary files its inputs had named, and nothing else: a renamed run.json stays, a file named then taken back stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convolab-pool-'));
    for (const input of ['in0', 'in1', 'in2']) mkdirSync(join(dir, input));
    // A user's file that looks like a temporary one, which input 2 names and then cannot make.
    const mine = join(dir, 'in2', '.a.npy.0123456789ab.tmp');
    writeFileSync(mine, 'mine');
    const names = ['a.npy', 'run.json'];
    const list = jobs(3);
    const files = (i: number, more: object, die = false): PoolJob => ({
      ...list[i]!,
      document: { ...list[i]!.document, meta: { files: { dir: join(dir, `in${i}`), names, ...more }, ...(die ? { die } : {}) } },
    });
    // 0 commits and answers; 1 commits and has not answered when the worker dies; 2 stages and dies.
    list[0] = files(0, { commit: true });
    list[1] = files(1, { commit: true, holdOnce: join(dir, 'held') });
    list[2] = files(2, { clash: mine }, true);
    const results = await run(list, 1);
    expect([0, 1, 2].map((i) => results.get(i)!.map((result) => ('error' in result ? result.error : 'ok')))).toEqual([
      ['ok'],
      ['ok'],
      ['the batch worker stopped (exit code 3) while running this input'],
    ]);
    // Input 1 ran again without writing (the stub's second run): its files are the first run's, kept through the death.
    for (const i of [0, 1]) {
      expect(readdirSync(join(dir, `in${i}`)).sort()).toEqual(names);
      expect(readFileSync(join(dir, `in${i}`, 'run.json'), 'utf8')).toBe(`run.json of input ${i}`);
    }
    // Input 2 staged twice (a first try and a second), each time named to the pool: nothing of it is left, the user's file is.
    expect(readdirSync(join(dir, 'in2'))).toEqual(['.a.npy.0123456789ab.tmp']);
    expect(readFileSync(mine, 'utf8')).toBe('mine');
  });
});

describe('the ledger of a worker\'s temporary files', () => {
  it('keeps each slot\'s names apart, drops those taken back, says when a slot is full, and is emptied slot by slot', () => {
    const ledger = TempLedger.create(3);
    const name = (i: number) => `/tmp/out/in${String(i).padStart(4, '0')}/.plot.npy.${String(i).padStart(12, '0')}.tmp`;
    expect(ledger.write(0, name(1))).toBe(true);
    expect(ledger.write(2, '/tmp/ünïcode/.ß.npy.0123456789ab.tmp')).toBe(true);
    expect(ledger.write(0, name(2))).toBe(true);
    expect(ledger.write(0, name(2), true)).toBe(true);
    expect(ledger.write(0, name(3))).toBe(true);
    expect([...ledger.read(0)]).toEqual([name(1), name(3)]);
    expect([...ledger.read(1)]).toEqual([]);
    expect([...ledger.read(2)]).toEqual(['/tmp/ünïcode/.ß.npy.0123456789ab.tmp']);
    // Shared memory: another view of the same buffer (the pool's, after the worker's) reads the same.
    expect([...new TempLedger(ledger.buffer).read(0)]).toEqual([name(1), name(3)]);

    // A slot takes names until the next would not fit; the slot after it is untouched.
    let written = 0;
    while (ledger.write(1, name(written))) written++;
    const record = 4 + Math.ceil(Buffer.byteLength(name(0)) / 4) * 4;
    expect(written).toBe(Math.floor((LEDGER_SLOT_BYTES - 4) / record));
    expect(ledger.read(1).size).toBe(written);
    expect([...ledger.read(2)]).toEqual(['/tmp/ünïcode/.ß.npy.0123456789ab.tmp']);

    ledger.clear(1);
    expect(ledger.read(1).size).toBe(0);
    expect([...ledger.read(0)]).toEqual([name(1), name(3)]);
  });
});
