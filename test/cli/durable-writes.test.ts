/**
 * How `convolab run` makes its results durable: every file's bytes are flushed before its rename
 * (a crash never leaves a torn file under a result's name), and the output folder is flushed once,
 * with run.json last, not once per file (a batch writes ~10 files per input).
 */
import { constants } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const flushes: { path: string; folder: boolean }[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (path, flags, mode) => {
    const handle = await actual.open(path, flags, mode);
    const folder = flags === constants.O_RDONLY && (await handle.stat()).isDirectory();
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      flushes.push({ path: String(path), folder });
      return sync();
    };
    return handle;
  };
  return { ...actual, open, default: { ...actual, open } };
});

const { main } = await import('../../src-main/cli/main');
const { capture, tempDir, writeGraph } = await import('./helpers');

describe('durable results', () => {
  it('flushes each result file, then the output folder once, with run.json last', async () => {
    const dir = tempDir();
    const graph = writeGraph(
      dir,
      [
        { id: 'dice', type: 'source.dice' },
        { id: 'plot', type: 'sink.plot' },
        { id: 'img', type: 'source.testImage', params: { pattern: 'gradient', size: 8 } },
        { id: 'view', type: 'sink.image' },
        { id: 'fft', type: 'op.fft' },
        { id: 'spec', type: 'sink.spectrum' },
      ],
      [
        ['dice', 'out', 'plot', 'in'],
        ['img', 'out', 'view', 'in'],
        ['dice', 'out', 'fft', 'in'],
        ['fft', 'out', 'spec', 'in'],
      ],
    );
    const out = join(dir, 'o');
    flushes.length = 0;
    expect(await main(['run', graph, '--out', out], capture(dir))).toBe(0);
    const files = flushes.filter((flush) => !flush.folder).map((flush) => flush.path.replace(/^.*[\\/]\.(.*)\.[0-9a-f]{12}\.tmp$/, '$1'));
    // Three sinks: S.npy and S.json each, then run.json; each flushed before its rename.
    expect(files.sort()).toEqual(['plot.json', 'plot.npy', 'run.json', 'spec.json', 'spec.npy', 'view.json', 'view.npy'].sort());
    expect(flushes.filter((flush) => flush.folder).map((flush) => flush.path)).toEqual([out]);
    // The folder's flush comes after every file's: it makes all the renames durable.
    expect(flushes.at(-1)).toEqual({ path: out, folder: true });
  });
});
