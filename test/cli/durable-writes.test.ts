/**
 * How `convolab run` makes its results durable: every file's bytes are flushed before its rename
 * (a crash never leaves a torn file under a result's name), run.json is renamed last, and the
 * output folder is flushed once, after every rename, not once per file (a batch writes ~10 files
 * per input).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/** What happened to the files, in order: a flush of a descriptor (named by the path it was opened with) or a rename. */
const events: { kind: 'flush' | 'rename'; path: string; folder: boolean }[] = [];

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const opened = new Map<number, { path: string; folder: boolean }>();
  const openSync = ((path: string, flags: number, mode?: number) => {
    const fd = actual.openSync(path, flags, mode);
    opened.set(fd, { path: String(path), folder: actual.fstatSync(fd).isDirectory() });
    return fd;
  }) as typeof actual.openSync;
  const record = (fd: number): void => {
    const file = opened.get(fd);
    if (file) events.push({ kind: 'flush', ...file });
  };
  const fsync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    record(fd);
    actual.fsync(fd, callback);
  }) as typeof actual.fsync;
  const fsyncSync = ((fd: number) => {
    record(fd);
    actual.fsyncSync(fd);
  }) as typeof actual.fsyncSync;
  const renameSync = ((from: string, to: string) => {
    events.push({ kind: 'rename', path: String(to), folder: false });
    actual.renameSync(from, to);
  }) as typeof actual.renameSync;
  const mocked = { ...actual, openSync, fsync, fsyncSync, renameSync };
  return { ...mocked, default: mocked };
});

const { main } = await import('../../src-main/cli/main');
const { capture, tempDir, writeGraph } = await import('./helpers');

/** A temporary file's result name: `.plot.npy.0123456789ab.tmp` is plot.npy's. */
const resultName = (path: string): string => path.replace(/^.*[\\/]\.(.*)\.[0-9a-f]{12}\.tmp$/, '$1');

describe('durable results', () => {
  it('flushes each result file before any rename, renames run.json last, then flushes the output folder once', async () => {
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
    events.length = 0;
    expect(await main(['run', graph, '--out', out], capture(dir))).toBe(0);
    const results = ['plot.json', 'plot.npy', 'run.json', 'spec.json', 'spec.npy', 'view.json', 'view.npy'];
    const fileFlushes = events.filter((event) => event.kind === 'flush' && !event.folder);
    // Three sinks: S.npy and S.json each, then run.json; each flushed once, under its temporary name.
    expect(fileFlushes.map((event) => resultName(event.path)).sort()).toEqual(results);
    const renames = events.filter((event) => event.kind === 'rename');
    expect(renames.map((event) => event.path.slice(out.length + 1)).sort()).toEqual(results);
    // No file is renamed before every file is flushed; run.json is renamed last.
    const firstRename = events.findIndex((event) => event.kind === 'rename');
    expect(events.findLastIndex((event) => event.kind === 'flush' && !event.folder)).toBeLessThan(firstRename);
    expect(renames.at(-1)?.path).toBe(join(out, 'run.json'));
    // The folder is flushed once, after the last rename: it makes every rename durable.
    expect(events.filter((event) => event.folder).map((event) => event.path)).toEqual([out]);
    expect(events.at(-1)).toEqual({ kind: 'flush', path: out, folder: true });
  });
});

describe('a result that cannot be written', () => {
  it('is one line naming it, exit 1, with no run.json and no temporary file left', async () => {
    const dir = tempDir();
    const graph = writeGraph(
      dir,
      [
        { id: 'dice', type: 'source.dice' },
        { id: 'plot', type: 'sink.plot' },
      ],
      [['dice', 'out', 'plot', 'in']],
    );
    const out = join(dir, 'o');
    // A folder where plot.npy goes: its rename fails.
    mkdirSync(join(out, 'plot.npy', 'inside'), { recursive: true });
    const io = capture(dir);
    expect(await main(['run', graph, '--out', out], io)).toBe(1);
    const lines = io.err.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^convolab: cannot write ${escapeRegExp(join(out, 'plot.npy'))} \\(E[A-Z]+\\): this run's results are incomplete and its run\\.json was not written; `));
    expect(readdirSync(out).sort()).toEqual(['plot.npy']);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
