/**
 * Group commit (GroupCommitter, commitGroup): a batch's inputs are flushed together, and each keeps
 * its own order: its run.json renamed only after its own files were flushed and renamed and its
 * other folders flushed, its folder flushed after that; one input's failure fails it alone. The
 * commit's calls go through an injected layer that records them (on real files in a temporary folder).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFileSet, type CommitIo, GroupCommitter, nodeCommitIo } from '../../../src-main/files/atomic';

type Event = { kind: 'flush' | 'rename' | 'folder'; path: string };

/** Node's calls, each recorded; `failFlush` names files whose flush fails with EIO, `hold` makes flushes wait for `release`. */
function recordingIo(failFlush: readonly string[] = []) {
  const events: Event[] = [];
  const held: (() => void)[] = [];
  let holding = false;
  const fdPaths = new Map<number, string>();
  const io: CommitIo = {
    flush: async (fd, path) => {
      fdPaths.set(fd, path);
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      events.push({ kind: 'flush', path });
      if (failFlush.includes(path)) throw Object.assign(new Error('i/o error'), { code: 'EIO' });
      return nodeCommitIo.flush(fd, path);
    },
    close: (fd) => nodeCommitIo.close(fd),
    rename: (from, to) => {
      events.push({ kind: 'rename', path: to });
      nodeCommitIo.rename(from, to);
    },
    flushFolder: async (folder) => {
      events.push({ kind: 'folder', path: folder });
      return nodeCommitIo.flushFolder(folder);
    },
    remove: (path) => nodeCommitIo.remove(path),
  };
  return {
    io,
    events,
    hold: () => (holding = true),
    release: () => {
      holding = false;
      for (const resolve of held.splice(0)) resolve();
    },
  };
}

/** A batch's output folder with `count` inputs, each with an old run.json, and a folder all share (a sink.file writing outside the inputs' folders). */
function layout(count: number) {
  const root = mkdtempSync(join(tmpdir(), 'convolab-group-'));
  const shared = join(root, 'shared');
  mkdirSync(shared);
  const inputs = Array.from({ length: count }, (_, i) => {
    const dir = join(root, `in${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), 'old');
    return dir;
  });
  return { root, shared, inputs };
}

/** Stages an input's files as writeRunResults does: results, a file in the shared folder, run.json last. */
function stageInput(set: AtomicFileSet, dir: string, shared: string, i: number): void {
  set.stage(join(dir, 'a.npy'), `a${i}`);
  set.stage(join(dir, 'a.json'), `{"i": ${i}}`);
  set.stage(join(shared, `wet${i}.wav`), `wav${i}`);
  set.stage(join(dir, 'run.json'), `run ${i}`);
}

/**
 * Commits one staged set per input as one group: a first set holds the disk (its flush waits for
 * `release`) while the inputs are staged and given to `commit`, so they all join the next group.
 */
async function commitAsOneGroup(committer: GroupCommitter, rec: ReturnType<typeof recordingIo>, shared: string, inputs: readonly string[]): Promise<PromiseSettledResult<void>[]> {
  rec.hold();
  const opener = new AtomicFileSet({ committer });
  opener.stage(join(shared, 'first'), 'x');
  const first = committer.commit(opener);
  await new Promise((resolve) => setImmediate(resolve));
  const sets = inputs.map((dir, i) => {
    const set = new AtomicFileSet({ committer });
    stageInput(set, dir, shared, i);
    return set;
  });
  const outcomes = Promise.allSettled(sets.map((set) => set.commit()));
  rec.release();
  await first;
  return outcomes;
}


const at = (events: readonly Event[], kind: Event['kind'], path: string): number => events.findIndex((event) => event.kind === kind && event.path === path);

describe('group commit', () => {
  it('flushes a group side by side; each input\'s run.json is renamed after its own files\' flushes and renames and its other folder\'s flush, then its folder is flushed; a shared folder once per group', async () => {
    const { shared, inputs } = layout(3);
    const rec = recordingIo();
    const committer = new GroupCommitter(rec.io);
    // The first input's commit starts a group alone and is held on the disk; the two staged meanwhile wait and go together.
    rec.hold();
    const sets = inputs.map(() => new AtomicFileSet({ committer }));
    stageInput(sets[0]!, inputs[0]!, shared, 0);
    const first = committer.commit(sets[0]!);
    await new Promise((resolve) => setImmediate(resolve));
    stageInput(sets[1]!, inputs[1]!, shared, 1);
    stageInput(sets[2]!, inputs[2]!, shared, 2);
    const later = [committer.commit(sets[1]!), committer.commit(sets[2]!)];
    rec.release();
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 2]);
    expect([committer.groups, committer.sets]).toEqual([2, 3]);

    const { events } = rec;
    // The second group: every file of both inputs flushed before any of them is renamed.
    const secondGroup = events.slice(events.findIndex((event, k) => k > at(events, 'folder', inputs[0]!) && event.kind === 'flush'));
    const groupFlushes = secondGroup.filter((event) => event.kind === 'flush');
    expect(groupFlushes).toHaveLength(8);
    expect(secondGroup.findIndex((event) => event.kind === 'rename')).toBe(8);
    for (const [i, dir] of inputs.entries()) {
      const runRenamed = at(events, 'rename', join(dir, 'run.json'));
      for (const file of [join(dir, 'a.npy'), join(dir, 'a.json'), join(shared, `wet${i}.wav`), join(dir, 'run.json')]) {
        expect(at(events, 'flush', file), `${file} flushed before run.json's rename`).toBeLessThan(runRenamed);
      }
      for (const file of [join(dir, 'a.npy'), join(dir, 'a.json'), join(shared, `wet${i}.wav`)]) {
        expect(at(events, 'rename', file), `${file} renamed before run.json`).toBeLessThan(runRenamed);
      }
      // The shared folder's flush that follows this input's renames comes before its run.json's rename.
      const sharedFlush = events.findIndex((event, k) => k > at(events, 'rename', join(shared, `wet${i}.wav`)) && event.kind === 'folder' && event.path === shared);
      expect(sharedFlush).toBeGreaterThan(-1);
      expect(sharedFlush).toBeLessThan(runRenamed);
      // Its own folder flushed after its run.json's rename.
      expect(events.findIndex((event, k) => k > runRenamed && event.kind === 'folder' && event.path === dir)).toBeGreaterThan(runRenamed);
      expect(readFileSync(join(dir, 'run.json'), 'utf8')).toBe(`run ${i}`);
      expect(readdirSync(dir).sort()).toEqual(['a.json', 'a.npy', 'run.json']);
    }
    // The shared folder: once per group (two groups), not once per input.
    expect(events.filter((event) => event.kind === 'folder' && event.path === shared)).toHaveLength(2);
    expect(readdirSync(shared).sort()).toEqual(['wet0.wav', 'wet1.wav', 'wet2.wav']);
  });

  it('a file whose flush fails fails its own input alone, named, with nothing of it renamed and no temporary file; the others of the group commit', async () => {
    const { shared, inputs } = layout(3);
    const bad = join(inputs[1]!, 'a.json');
    const rec = recordingIo([bad]);
    const committer = new GroupCommitter(rec.io);
    const [ok0, failed, ok2] = await commitAsOneGroup(committer, rec, shared, inputs);
    expect(ok0!.status).toBe('fulfilled');
    expect(ok2!.status).toBe('fulfilled');
    expect(failed!.status).toBe('rejected');
    expect(String((failed as PromiseRejectedResult).reason.message)).toBe(`cannot write ${bad} (EIO)`);
    expect(committer.groups).toBe(2);
    // The failed input: its old run.json, none of its new files, no temporary file.
    expect(readdirSync(inputs[1]!)).toEqual(['run.json']);
    expect(readFileSync(join(inputs[1]!, 'run.json'), 'utf8')).toBe('old');
    expect(rec.events.filter((event) => event.kind === 'rename' && dirname(event.path) === inputs[1]!)).toEqual([]);
    expect(existsSync(join(shared, 'wet1.wav'))).toBe(false);
    // The others: whole.
    for (const i of [0, 2]) {
      expect(readdirSync(inputs[i]!).sort()).toEqual(['a.json', 'a.npy', 'run.json']);
      expect(readFileSync(join(inputs[i]!, 'run.json'), 'utf8')).toBe(`run ${i}`);
    }
    expect(readdirSync(shared).sort()).toEqual(['first', 'wet0.wav', 'wet2.wav']);
  });

  it('a rename that fails in a group fails that input alone: its run.json stays the previous one, no temporary file is left, the others commit', async () => {
    const { shared, inputs } = layout(2);
    // A folder where input 0's a.json goes: its rename fails.
    mkdirSync(join(inputs[0]!, 'a.json'));
    writeFileSync(join(inputs[0]!, 'a.json', 'inside'), 'x');
    const rec = recordingIo();
    const committer = new GroupCommitter(rec.io);
    const [failed, ok] = await commitAsOneGroup(committer, rec, shared, inputs);
    expect(failed!.status).toBe('rejected');
    expect(String((failed as PromiseRejectedResult).reason.message)).toMatch(new RegExp(`^cannot write ${join(inputs[0]!, 'a.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
    expect(ok!.status).toBe('fulfilled');
    expect(readdirSync(inputs[0]!).sort()).toEqual(['a.json', 'a.npy', 'run.json']);
    expect(readFileSync(join(inputs[0]!, 'run.json'), 'utf8')).toBe('old');
    expect(readdirSync(inputs[1]!).sort()).toEqual(['a.json', 'a.npy', 'run.json']);
    expect(readFileSync(join(inputs[1]!, 'run.json'), 'utf8')).toBe('run 1');
    expect(readdirSync(shared).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
