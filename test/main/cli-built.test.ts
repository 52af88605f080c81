/**
 * The built CLI (scripts/build-cli.mjs → out/cli, what the installed `convolab` runs): built for
 * this test run (test/built-cli.setup.ts) and copied into a folder of its own, it must do what the CLI from source does, start its band workers from
 * its own bundle, and hold no trace of the TypeScript compiler.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { builtCli, capture, writeGraph } from '../cli/helpers';

const built = `out/cli-test-${process.pid}`;
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

function runBuilt(args: readonly string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(built, 'convolab.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env } });
}

// A copy of this run's build (test/built-cli.setup.ts) that the test may change: it wraps a worker file.
beforeAll(() => cpSync(builtCli(), built, { recursive: true }));
afterAll(() => rmSync(built, { recursive: true, force: true }));

describe('the built CLI', () => {
  it('prints its version and holds no TypeScript compiler', () => {
    const result = runBuilt(['--version']);
    expect(result.stdout).toBe(`${packageJson.version}\n`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = readdirSync(built).filter((name) => name.endsWith('.mjs'));
    expect(files).toEqual(expect.arrayContaining(['convolab.mjs', 'engine-worker.mjs', 'band-worker.mjs']));
    for (const name of files) expect(readFileSync(join(built, name), 'utf8')).not.toMatch(/from ["']tsx|tsx\/esm/);
  });

  it('runs a 2-D graph over its own band workers to the same bytes as the CLI from source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convolab-built-'));
    // 1024² ⊛ a 41 × 41 Gaussian, direct: far more work than one thread takes on, so it is split in bands.
    const graph = writeGraph(
      dir,
      [
        { id: 'image', type: 'source.testImage', params: { pattern: 'phantom', size: 1024 } },
        { id: 'kernel', type: 'kernel.gaussian', params: { sigma: 6, radius: 20 } },
        { id: 'blur', type: 'op.convolve', params: { mode: 'same', boundary: 'reflect', method: 'direct' } },
        { id: 'view', type: 'sink.image', params: {} },
      ],
      [['image', 'out', 'blur', 'a'], ['kernel', 'out', 'blur', 'b'], ['blur', 'out', 'view', 'in']],
    );
    const fromBuild = runBuilt(['run', graph, '--out', join(dir, 'built')]);
    expect(fromBuild.stderr).toBe('');
    expect(fromBuild.status).toBe(0);
    const io = capture();
    expect(await main(['run', graph, '--out', join(dir, 'source')], io)).toBe(0);
    const npy = (which: string) => readFileSync(join(dir, which, 'view.npy'));
    expect(npy('built').equals(npy('source'))).toBe(true);

    // The pool starts the build's own band worker file: a stand-in for it that leaves a mark and
    // then loads the real one. (Removing the file no longer fails the run for certain: the calling
    // thread computes bands too and takes over those a worker has not started. A worker with bands
    // posted keeps the process alive until it has answered, so the mark is there once the run ends.)
    if (availableParallelism() >= 2) {
      renameSync(join(built, 'band-worker.mjs'), join(built, 'band-worker-real.mjs'));
      writeFileSync(
        join(built, 'band-worker.mjs'),
        "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.CONVOLAB_TEST_BAND_MARK, 'started\\n');\nawait import('./band-worker-real.mjs');\n",
      );
      const mark = join(dir, 'band-worker-started');
      const marked = runBuilt(['run', graph, '--out', join(dir, 'marked')], { CONVOLAB_TEST_BAND_MARK: mark });
      expect(marked.stderr).toBe('');
      expect(marked.status).toBe(0);
      expect(readFileSync(mark, 'utf8')).toMatch(/^(started\n)+$/);
      expect(npy('marked').equals(npy('source'))).toBe(true);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
