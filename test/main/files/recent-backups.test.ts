import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupStore } from '../../../src-main/files/backups';
import { RecentFiles } from '../../../src-main/files/recent';

const folder = () => mkdtempSync(join(tmpdir(), 'convolab-files-'));

describe('recent files', () => {
  it('keeps the newest first, without duplicates, up to the limit', async () => {
    const recent = new RecentFiles(join(folder(), 'recent.json'), 3);
    await recent.add('/a.convolab.json');
    await recent.add('/b.convolab.json');
    await recent.add('/a.convolab.json');
    expect(await recent.list()).toEqual(['/a.convolab.json', '/b.convolab.json']);
    await recent.add('/c.convolab.json');
    await recent.add('/d.convolab.json');
    expect(await recent.list()).toEqual(['/d.convolab.json', '/c.convolab.json', '/a.convolab.json']);
    await recent.remove('/c.convolab.json');
    expect(await recent.list()).toEqual(['/d.convolab.json', '/a.convolab.json']);
  });

  it('stores absolute paths and survives a new instance', async () => {
    const store = join(folder(), 'recent.json');
    await new RecentFiles(store).add('relative/g.convolab.json');
    expect(await new RecentFiles(store).list()).toEqual([resolve('relative/g.convolab.json')]);
  });

  it('makes its folder when the first file is added (a first start has no state folder yet)', async () => {
    const store = join(folder(), 'not', 'yet', 'recent.json');
    await new RecentFiles(store).add('/a.convolab.json');
    expect(await new RecentFiles(store).list()).toEqual([resolve('/a.convolab.json')]);
  });

  it('reads a broken or foreign list as empty', async () => {
    const store = join(folder(), 'recent.json');
    writeFileSync(store, '{"not": "a list"');
    expect(await new RecentFiles(store).list()).toEqual([]);
    writeFileSync(store, JSON.stringify(['/ok.convolab.json', 42, { x: 1 }]));
    expect(await new RecentFiles(store).list()).toEqual(['/ok.convolab.json']);
  });
});

describe('backups of unsaved work', () => {
  afterEach(() => vi.useRealTimers());

  it('writes a backup about a second after the last change, not per keystroke', async () => {
    vi.useFakeTimers();
    const dir = folder();
    const backups = new BackupStore(dir, 1000, () => 42);
    backups.schedule('doc1', undefined, 'v1');
    vi.advanceTimersByTime(600);
    backups.schedule('doc1', undefined, 'v2');
    vi.advanceTimersByTime(600);
    expect(readdirSync(dir)).toEqual([]);
    vi.advanceTimersByTime(500);
    vi.useRealTimers();
    await backups.flush(new Map());
    expect(await backups.list()).toEqual([{ id: 'doc1', path: undefined, text: 'v2', savedAt: 42 }]);
  });

  it('offers every backup back to a new store (the next start), newest first, and forgets discarded ones', async () => {
    const dir = folder();
    let clock = 1;
    const first = new BackupStore(dir, 10, () => clock++);
    await first.writeNow('untitled1', undefined, '{"a":1}');
    await first.writeNow('saved2', '/home/u/g.convolab.json', '{"b":2}');
    first.dispose();
    const next = new BackupStore(dir);
    expect((await next.list()).map((b) => [b.id, b.path, b.text])).toEqual([
      ['saved2', '/home/u/g.convolab.json', '{"b":2}'],
      ['untitled1', undefined, '{"a":1}'],
    ]);
    await next.discard('saved2');
    expect((await next.list()).map((b) => b.id)).toEqual(['untitled1']);
  });

  it('discarding cancels a pending backup, so a saved document leaves nothing behind', async () => {
    const dir = folder();
    const backups = new BackupStore(dir, 20);
    backups.schedule('doc', '/x.convolab.json', 'text');
    await backups.discard('doc');
    await new Promise((r) => setTimeout(r, 60));
    expect(await backups.list()).toEqual([]);
  });

  it('skips torn backups and refuses ids that could name another path', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'torn.backup.json'), '{"id":"torn","text":');
    const backups = new BackupStore(dir);
    expect(await backups.list()).toEqual([]);
    expect(() => backups.schedule('../escape', undefined, 'x')).toThrow(/not a plain name/);
  });
});
