/**
 * The built CLI's batch (scripts/build-cli.mjs → out/cli, what the installed `convolab` runs):
 * its pool starts the bundled batch-worker.mjs beside it, not the TypeScript source, and writes
 * what the CLI from source writes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { writeWav } from '../../src-shared/io/wav';
import { parseCsv } from './csv';
import { builtCli, capture, tempDir, writeGraph } from './helpers';

const built = `out/cli-batch-test-${process.pid}`;

function runBuilt(args: readonly string[], cwd: string) {
  return spawnSync(process.execPath, [join(process.cwd(), built, 'convolab.mjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
}

// A copy of this run's build (test/built-cli.setup.ts) that the test may break: it removes a worker file.
beforeAll(() => cpSync(builtCli(), built, { recursive: true }));
afterAll(() => rmSync(built, { recursive: true, force: true }));

describe('the built CLI\'s batch', () => {
  it('runs --each on its own bundled batch worker, to the bytes the CLI from source writes', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    for (let f = 0; f < 3; f++) {
      const wav = writeWav([Float64Array.from({ length: 48 }, (_, k) => Math.sin(k * (f + 2)))], 8000);
      if (!wav.ok) throw new Error(wav.error);
      writeFileSync(join(dir, 'data', `s${f}.wav`), wav.value);
    }
    const graph = writeGraph(dir, [
      { id: 'in', type: 'source.audio', params: { path: '' } },
      { id: 'k', type: 'source.sequence', params: { values: [1, -1], rate: 8000 } },
      { id: 'diff', type: 'op.convolve' },
      { id: 'plot', type: 'sink.plot' },
    ], [['in', 'out', 'diff', 'a'], ['k', 'out', 'diff', 'b'], ['diff', 'out', 'plot', 'in']]);
    const args = (out: string) => ['run', graph, '--out', join(dir, out), '--each', 'in.path=data/*.wav', '-j', '2'];

    const fromBuild = runBuilt(args('built'), dir);
    expect(fromBuild.status).toBe(0);
    expect(await main(args('source'), capture(dir))).toBe(0);
    for (let f = 0; f < 3; f++) {
      expect(readFileSync(join(dir, 'built', `s${f}`, 'plot.npy')).equals(readFileSync(join(dir, 'source', `s${f}`, 'plot.npy')))).toBe(true);
    }

    // Without its batch worker file the same batch fails: the pool did start from the build's own file.
    rmSync(join(built, 'batch-worker.mjs'));
    const broken = runBuilt(args('broken'), dir);
    expect(broken.status).not.toBe(0);
    expect(readdirSync(join(dir, 'broken'))).toEqual(['summary.csv']);
    const rows = parseCsv(readFileSync(join(dir, 'broken', 'summary.csv'), 'utf8')).slice(1);
    expect(rows.map((row) => row[2])).toEqual(['failed', 'failed', 'failed']);
    expect(rows.every((row) => /batch worker/.test(row[4]!))).toBe(true);
  });
});
