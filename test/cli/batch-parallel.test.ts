import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWav } from '../../src-shared/io/wav';
import { parseCsv } from './csv';
import { builtCli, tempDir, writeGraph } from './helpers';

/** GNU parallel (Debian's `parallel` package); CI installs it, a laptop may not have it. */
const hasParallel = spawnSync('parallel', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasParallel) console.warn('note: GNU parallel is not installed (apt-get install parallel): the README\'s GNU parallel snippet is not tested here');

describe('sharding with GNU parallel, as the README shows it', () => {
  it.skipIf(!hasParallel)('three shards side by side run every input exactly once, each into its own folder', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    const names = Array.from({ length: 7 }, (_, i) => `clip${i}`);
    for (const [i, name] of names.entries()) {
      const wav = writeWav([Float64Array.from({ length: 32 }, (_, k) => Math.cos(k * (i + 1)))], 8000);
      if (!wav.ok) throw new Error(wav.error);
      writeFileSync(join(dir, 'data', `${name}.wav`), wav.value);
    }
    writeGraph(dir, [{ id: 'in', type: 'source.audio', params: { path: '' } }, { id: 'stats', type: 'op.stats' }, { id: 'table', type: 'sink.value' }], [
      ['in', 'out', 'stats', 'in'],
      ['stats', 'out', 'table', 'in'],
    ], 'graph.convolab.json');
    // The README's line, with a `convolab` on the PATH that starts this checkout's CLI as built
    // for this run (what an installed `convolab` runs: no TypeScript compiled on each of its starts).
    const cli = join(builtCli(), 'convolab.mjs');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'convolab'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} "$@"\n`, { mode: 0o755 });
    const snippet = "parallel -q convolab run graph.convolab.json --out results --each 'in.path=data/*.wav' --shard {}/3 -j 1 ::: 0 1 2";
    const env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` };
    const result = spawnSync('bash', ['-c', snippet], { cwd: dir, encoding: 'utf8', env });
    expect(result.stderr.split('\n').filter((line) => line.includes('failed') || line.includes('convolab:'))).toEqual([]);
    expect(result.status).toBe(0);

    const summaries = readdirSync(join(dir, 'results')).filter((name) => name.endsWith('.csv')).sort();
    expect(summaries).toEqual(['summary-0-of-3.csv', 'summary-1-of-3.csv', 'summary-2-of-3.csv']);
    const rows = summaries.flatMap((name) => parseCsv(readFileSync(join(dir, 'results', name), 'utf8')).slice(1));
    expect(rows.map((row) => row[0]).sort()).toEqual(names.map((name) => `data/${name}.wav`));
    expect(rows.every((row) => row[2] === 'ok')).toBe(true);
    for (const name of names) expect(readdirSync(join(dir, 'results', name)).sort()).toEqual(['run.json', 'table.json']);
  });
});
