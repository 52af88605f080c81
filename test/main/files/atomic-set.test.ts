import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFileSet, type CommitIo, nodeCommitIo } from '../../../src-main/files/atomic';

const folder = () => mkdtempSync(join(tmpdir(), 'convolab-atomic-set-'));

const systemError = (code: string): Error => Object.assign(new Error(code), { code });

/** What this process's descriptors are open on, those under `dir` (Linux: /proc/self/fd). */
function openUnder(dir: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(join('/proc/self/fd', fd));
      return target.startsWith(dir) ? [target] : [];
    } catch {
      return [];
    }
  });
}

describe('a set of files saved as one', () => {
  it('writes nothing under a result name before the commit, then every file whole, with no temporary file left', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'b.npy'), 'old');
    chmodSync(join(dir, 'b.npy'), 0o600);
    const set = new AtomicFileSet();
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) & 255);
    set.stage(join(dir, 'a.json'), '{"α": 1}\n');
    set.stage(join(dir, 'b.npy'), big);
    set.stage(join(dir, 'run.json'), 'last');
    // Staged: the old file as it was, the new ones only under temporary names.
    expect(readFileSync(join(dir, 'b.npy'), 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((name) => !name.endsWith('.tmp')).sort()).toEqual(['b.npy']);
    await set.commit();
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.npy', 'run.json']);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{"α": 1}\n');
    expect(new Uint8Array(readFileSync(join(dir, 'b.npy')))).toEqual(big);
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).toBe('last');
    // A replaced file keeps its permissions, as writeFileAtomic's do.
    expect(statSync(join(dir, 'b.npy')).mode & 0o777).toBe(0o600);
  });

  it('writes parts one after the other, views into larger buffers included, as one file', async () => {
    const dir = folder();
    const set = new AtomicFileSet();
    const whole = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 13) & 255);
    // A header of its own, then two views at odd offsets of one buffer, and an empty part.
    const parts = [Uint8Array.from([1, 2, 3]), new Uint8Array(whole.buffer, 7, 100_000), new Uint8Array(0), whole.subarray(150_001)];
    set.stage(join(dir, 'p.npy'), parts);
    await set.commit();
    expect(new Uint8Array(readFileSync(join(dir, 'p.npy')))).toEqual(Uint8Array.from(parts.flatMap((part) => [...part])));
  });

  it('commits more files than it keeps open at once (a graph with hundreds of sinks)', async () => {
    const dir = folder();
    const set = new AtomicFileSet();
    for (let i = 0; i < 150; i++) set.stage(join(dir, `s${i}.json`), `${i}`);
    await set.commit();
    const names = readdirSync(dir);
    expect(names.length).toBe(150);
    expect(names.every((name) => readFileSync(join(dir, name), 'utf8') === name.slice(1, -'.json'.length))).toBe(true);
  });

  it('a rename that fails names the file, leaves the files after it unrenamed and no temporary file anywhere', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'run.json'), 'the previous run');
    // A folder where a result goes: its rename fails.
    mkdirSync(join(dir, 'b.npy'));
    writeFileSync(join(dir, 'b.npy', 'inside'), 'x');
    const set = new AtomicFileSet();
    set.stage(join(dir, 'a.json'), 'a');
    set.stage(join(dir, 'b.npy'), 'b');
    set.stage(join(dir, 'run.json'), 'new run');
    await expect(set.commit()).rejects.toThrow(`cannot write ${join(dir, 'b.npy')} (`);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.npy', 'run.json']);
    // run.json, renamed last, is still the previous run's: the new results are not claimed whole.
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).toBe('the previous run');
  });

  it('a file that cannot be staged names itself; discard removes what was staged and keeps the old files', () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.json'), 'precious');
    const set = new AtomicFileSet();
    set.stage(join(dir, 'a.json'), 'new');
    expect(() => set.stage(join(dir, 'missing', 'b.json'), 'b')).toThrow(`cannot write ${join(dir, 'missing', 'b.json')} (ENOENT)`);
    set.discard();
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('precious');
  });

  it('tells its witness each temporary file\'s name before the file is made, and takes back a name it could not make', async () => {
    const dir = folder();
    const told: string[] = [];
    const set = new AtomicFileSet({
      witness: {
        making: (temp) => {
          // Not there yet: whoever hears this knows of the file before it exists.
          expect(existsSync(temp), temp).toBe(false);
          told.push(`making ${temp}`);
        },
        notMade: (temp) => told.push(`not made ${temp}`),
      },
    });
    set.stage(join(dir, 'a.npy'), 'a');
    expect(() => set.stage(join(dir, 'missing', 'b.npy'), 'b')).toThrow('(ENOENT)');
    set.stage(join(dir, 'run.json'), 'run');
    expect(told.map((line) => line.replace(/\.[0-9a-f]{12}\.tmp$/, '.tmp'))).toEqual([
      `making ${join(dir, '.a.npy.tmp')}`,
      `making ${join(dir, 'missing', '.b.npy.tmp')}`,
      `not made ${join(dir, 'missing', '.b.npy.tmp')}`,
      `making ${join(dir, '.run.json.tmp')}`,
    ]);
    // The names told are the temporary files themselves: there now, gone once renamed.
    const made = told.filter((line) => line.startsWith('making ') && !line.includes('missing')).map((line) => line.slice('making '.length));
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp')).map((name) => join(dir, name)).sort()).toEqual([...made].sort());
    await set.commit();
    expect(made.filter((temp) => existsSync(temp))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['a.npy', 'run.json']);
  });

  it.each([
    ['a file\'s flush', (io: CommitIo): Partial<CommitIo> => ({ flush: (fd, path) => (path.endsWith('b.npy') ? Promise.reject(systemError('EIO')) : io.flush(fd, path)) })],
    ['a rename', (io: CommitIo): Partial<CommitIo> => ({ rename: (from, to) => { if (to.endsWith('b.npy')) throw systemError('EXDEV'); io.rename(from, to); } })],
    ['a folder\'s flush', (io: CommitIo): Partial<CommitIo> => ({ flushFolder: (path) => (path.endsWith('sub') ? Promise.reject(systemError('EIO')) : io.flushFolder(path)) })],
  ] as const)('an error in %s in the middle of a commit (a single `convolab run`) leaves no temporary file, no descriptor open and the previous run.json', async (_name, failing) => {
    const dir = folder();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'run.json'), 'the previous run');
    const set = new AtomicFileSet({ io: { ...nodeCommitIo, ...failing(nodeCommitIo) } });
    set.stage(join(dir, 'sub', 'a.npy'), 'a');
    set.stage(join(dir, 'b.npy'), 'b');
    set.stage(join(dir, 'run.json'), 'new run');
    expect(openUnder(dir)).toHaveLength(3);
    await expect(set.commit()).rejects.toThrow(/^cannot write .* \(E[A-Z]+\)$/);
    const files = readdirSync(dir, { recursive: true }).map(String).sort();
    expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(openUnder(dir)).toEqual([]);
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).toBe('the previous run');
  });
});
