import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DesktopFiles, ServedFiles, type DesktopDialogs } from '../../../src-main/files/service';
import { loadGraph } from '../../../src-shared/graph/load';
import { writeGraph } from '../../../src-shared/graph/write';

const example = readFileSync(join(import.meta.dirname, '../../../examples/two-dice.convolab.json'), 'utf8');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'convolab-service-'));
}

function desktop(options: { open?: string; save?: string; stateDir?: string } = {}) {
  const home = scratch();
  const documentsDir = join(home, 'Documents');
  mkdirSync(documentsDir);
  const dialogs: DesktopDialogs = {
    chooseOpenPath: vi.fn(async () => options.open),
    chooseSavePath: vi.fn(async () => options.save),
    askToSave: vi.fn(async () => 'discard' as const),
  };
  const folders: (string | undefined)[] = [];
  const states: unknown[] = [];
  const recentChanges: unknown[] = [];
  const files = new DesktopFiles({
    stateDir: options.stateDir ?? join(home, 'state'),
    documentsDir,
    dialogs,
    onDocumentFolder: (folder) => folders.push(folder),
    onDocumentState: (state) => states.push(state),
    onRecentChanged: (recent) => recentChanges.push(recent),
  });
  return { files, dialogs, home, documentsDir, folders, states, recentChanges };
}

describe('desktop files', () => {
  it('opens the file chosen in the dialog, and nothing when it is cancelled', async () => {
    const { files, home } = desktop();
    const path = join(home, 'dice.convolab.json');
    writeFileSync(path, example);
    const { files: chosen } = desktop({ open: path });
    await expect(chosen.openDocument({})).resolves.toEqual({ path, name: 'dice.convolab.json', text: example });
    await expect(files.openDocument({})).resolves.toBeUndefined();
  });

  it('opens a PNG chosen in the dialog as its bytes, never as a file to save over; a PNG named by path alone is refused', async () => {
    const { home } = desktop();
    const path = join(home, 'blur.png');
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3);
    writeFileSync(path, png);
    const { files } = desktop({ open: path });
    const opened = await files.openDocument({});
    expect(opened).toEqual({ path, name: 'blur.png', png });
    await expect(files.saveDocument({ text: example, path })).rejects.toThrow(/not a file opened or chosen here/);
    // A path only the renderer names (a drop, a recent entry) is read as graph text, and a PNG is not.
    await expect(files.openDocument({ path })).rejects.toThrow('blur.png: not a graph file');
    const { files: fifo } = desktop({ open: join(home, 'missing.png') });
    await expect(fifo.openDocument({})).rejects.toThrow('missing.png: no such file');
  });

  it('reads only JSON files by path, and drops a vanished recent file from the list', async () => {
    const { files, home, recentChanges } = desktop();
    writeFileSync(join(home, '.bashrc'), 'secret');
    await expect(files.openDocument({ path: join(home, '.bashrc') })).rejects.toThrow(/\.bashrc: not a graph file/);
    await expect(files.openDocument({ path: 'relative.convolab.json' })).rejects.toThrow(/full path/);
    const gone = join(home, 'gone.convolab.json');
    writeFileSync(gone, example);
    await files.openDocument({ path: gone });
    await files.setDocumentState({ name: 'gone.convolab.json', dirty: false, path: gone });
    expect((await files.recentDocuments()).map((file) => file.path)).toEqual([gone]);
    const { rmSync } = await import('node:fs');
    rmSync(gone);
    await expect(files.openDocument({ path: gone })).rejects.toThrow('gone.convolab.json: no such file any more (removed from Open Recent)');
    expect(await files.recentDocuments()).toEqual([]);
    expect(recentChanges.at(-1)).toEqual([]);
  });

  it('refuses text that is not UTF-8', async () => {
    const { files, home } = desktop();
    const path = join(home, 'latin1.convolab.json');
    writeFileSync(path, Buffer.from([0x7b, 0xe9, 0x7d]));
    await expect(files.openDocument({ path })).rejects.toThrow('latin1.convolab.json: not UTF-8 text');
  });

  it('writes only where the user opened or chose a file, atomically, the same bytes for an unchanged graph', async () => {
    const { files, home } = desktop();
    const path = join(home, 'dice.convolab.json');
    writeFileSync(path, example);
    const elsewhere = join(home, 'elsewhere.convolab.json');
    await expect(files.saveDocument({ text: '{}', path: elsewhere })).rejects.toThrow(/not a file opened or chosen here: use Save As/);
    expect(existsSync(elsewhere)).toBe(false);

    const opened = (await files.openDocument({ path }))!;
    if (!('text' in opened)) throw new Error('a graph file opened as a picture');
    const loaded = loadGraph(opened.text);
    if (!loaded.ok) throw new Error(loaded.error);
    await expect(files.saveDocument({ text: writeGraph(loaded.document), path })).resolves.toEqual({ path, name: 'dice.convolab.json' });
    expect(readFileSync(path, 'utf8')).toBe(example);
    expect(readdirSync(home).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('saves as where the dialog says, adding the graph ending a bare name lacks', async () => {
    const home = scratch();
    const { files, dialogs } = desktop({ save: join(home, 'mine') });
    await expect(files.saveDocument({ text: example, suggestedName: 'two-dice.convolab.json' })).resolves.toEqual({
      path: join(home, 'mine.convolab.json'),
      name: 'mine.convolab.json',
    });
    expect(readFileSync(join(home, 'mine.convolab.json'), 'utf8')).toBe(example);
    expect(vi.mocked(dialogs.chooseSavePath).mock.calls[0][0]).toMatch(/Documents[\\/]two-dice\.convolab\.json$/);
    // Chosen once, the file may be saved again by its path.
    await expect(files.saveDocument({ text: '{"x":1}', path: join(home, 'mine.convolab.json') })).resolves.toBeDefined();
    const { files: cancelled } = desktop();
    await expect(cancelled.saveDocument({ text: example })).resolves.toBeUndefined();
  });

  it('exports bytes where the dialog says', async () => {
    const home = scratch();
    const { files } = desktop({ save: join(home, 'wet.wav') });
    await expect(files.exportFile({ suggestedName: 'wet.wav', data: Uint8Array.from([1, 2, 3, 250]) })).resolves.toEqual({
      path: join(home, 'wet.wav'),
      name: 'wet.wav',
    });
    expect([...readFileSync(join(home, 'wet.wav'))]).toEqual([1, 2, 3, 250]);
  });

  it('hears which file the window shows: recent list, the folder params resolve against, the title', async () => {
    const { files, home, documentsDir, folders, states } = desktop();
    const path = join(home, 'sub', 'dice.convolab.json');
    mkdirSync(join(home, 'sub'));
    writeFileSync(path, example);
    await files.setDocumentState({ name: 'Untitled', dirty: false });
    expect(folders).toEqual([documentsDir]);
    await expect(files.setDocumentState({ name: 'x', dirty: false, path })).rejects.toThrow(/not a file opened or saved here/);
    await files.openDocument({ path });
    await files.setDocumentState({ name: 'dice.convolab.json', dirty: true, path });
    expect(folders).toEqual([documentsDir, join(home, 'sub')]);
    expect(states.at(-1)).toEqual({ name: 'dice.convolab.json', dirty: true, path });
    expect(await files.recentDocuments()).toEqual([{ path, name: 'dice.convolab.json' }]);
  });

  it('says first start exactly once per user', async () => {
    const stateDir = join(scratch(), 'state');
    const { files } = desktop({ stateDir });
    expect((await files.startup('s1')).firstStart).toBe(true);
    expect((await files.startup('s1')).firstStart).toBe(false);
    expect((await desktop({ stateDir }).files.startup('s2')).firstStart).toBe(false);
  });

  it('offers backups of other sessions only after a restart, and lets a restored saved file be saved again', async () => {
    const stateDir = join(scratch(), 'state');
    const { files, home } = desktop({ stateDir });
    const path = join(home, 'dice.convolab.json');
    writeFileSync(path, example);
    await files.openDocument({ path });
    await files.writeBackup({ id: 'window1', text: 'edited', path });
    await files.writeBackup({ id: 'window2', text: 'untitled work' });
    // Live sessions of this process do not see each other's backups; a reloaded one sees its own.
    expect((await files.startup('window3')).backups).toEqual([]);
    expect((await files.startup('window1')).backups.map((b) => b.id)).toEqual(['window1']);

    const next = desktop({ stateDir }).files;
    const offered = (await next.startup('fresh')).backups;
    expect(offered.map((b) => [b.id, b.file?.path, b.text]).sort()).toEqual([
      ['window1', path, 'edited'],
      ['window2', undefined, 'untitled work'],
    ]);
    await expect(next.saveDocument({ text: 'restored and saved', path })).resolves.toEqual({ path, name: 'dice.convolab.json' });
    await next.discardBackup('window1');
    expect((await desktop({ stateDir }).files.startup('again')).backups.map((b) => b.id)).toEqual(['window2']);
  });

  it('refuses the browser-only methods with a message', async () => {
    const { files } = desktop();
    await expect(files.listFolder()).rejects.toThrow(/system dialog/);
    await expect(files.uploadFile()).rejects.toThrow(/only in the browser mode/);
  });
});

function served() {
  const base = scratch();
  const folder = join(base, 'served');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'dice.convolab.json'), example);
  writeFileSync(join(base, 'outside.convolab.json'), example);
  const folders: (string | undefined)[] = [];
  const files = new ServedFiles({ folder, stateDir: join(base, 'state'), onDocumentFolder: (dir) => folders.push(dir) });
  return { files, folder, base, folders };
}

describe('served files (browser mode)', () => {
  it('opens and saves graphs inside the served folder, by paths relative to it', async () => {
    const { files, folder } = served();
    await expect(files.openDocument({ path: './dice.convolab.json' })).resolves.toEqual({ path: 'dice.convolab.json', name: 'dice.convolab.json', text: example });
    await expect(files.saveDocument({ text: example, path: 'sub/copy.convolab.json' })).resolves.toEqual({ path: 'sub/copy.convolab.json', name: 'copy.convolab.json' });
    expect(readFileSync(join(folder, 'sub', 'copy.convolab.json'), 'utf8')).toBe(example);
  });

  it.each(['../outside.convolab.json', 'sub/../../outside.convolab.json', '/etc/passwd.json'])('reaches nothing outside the folder: %s', async (path) => {
    const { files, base } = served();
    await expect(files.openDocument({ path })).rejects.toThrow(/outside the served folder|only paths inside/);
    await expect(files.saveDocument({ text: 'x', path: path.replace(/\.json$/, '.convolab.json') })).rejects.toThrow(/outside the served folder|only paths inside/);
    expect(readFileSync(join(base, 'outside.convolab.json'), 'utf8')).toBe(example);
  });

  it('opens a PNG inside the served folder as its bytes', async () => {
    const { files, folder } = served();
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7);
    writeFileSync(join(folder, 'shot.png'), png);
    await expect(files.openDocument({ path: './shot.png' })).resolves.toEqual({ path: 'shot.png', name: 'shot.png', png });
    await expect(files.openDocument({ path: '../outside.png' })).rejects.toThrow(/outside the served folder|only paths inside/);
  });

  it('saves only graph files, and needs a path', async () => {
    const { files } = served();
    await expect(files.saveDocument({ text: 'x', path: 'run.sh' })).rejects.toThrow('run.sh: a graph file\'s name ends in .convolab.json');
    await expect(files.saveDocument({ text: 'x' })).rejects.toThrow(/choose where/);
    await expect(files.openDocument({})).rejects.toThrow(/choose a file/);
  });

  it('lists folders, and uploads files without replacing one unless asked', async () => {
    const { files, folder } = served();
    expect((await files.listFolder('')).entries.map((entry) => `${entry.kind}:${entry.path}`)).toEqual(['file:dice.convolab.json', 'folder:sub']);
    const data = new TextEncoder().encode('RIFF');
    await expect(files.uploadFile({ path: 'sub/sound.wav', data })).resolves.toEqual({ path: 'sub/sound.wav', name: 'sound.wav' });
    await expect(files.uploadFile({ path: 'sub/sound.wav', data: new TextEncoder().encode('new') })).rejects.toThrow('sub/sound.wav: already exists');
    expect(readFileSync(join(folder, 'sub', 'sound.wav'), 'utf8')).toBe('RIFF');
    await files.uploadFile({ path: 'sub/sound.wav', data: new TextEncoder().encode('new'), replace: true });
    expect(readFileSync(join(folder, 'sub', 'sound.wav'), 'utf8')).toBe('new');
    await expect(files.uploadFile({ path: '../escape.wav', data })).rejects.toThrow(/outside the served folder/);
  });

  it('keeps recent files by absolute path and shows them relative; the document\'s folder follows it', async () => {
    const { files, folder, folders } = served();
    await files.setDocumentState({ name: 'Untitled', dirty: false });
    await files.setDocumentState({ name: 'copy', dirty: false, path: 'sub/copy.convolab.json' });
    await files.setDocumentState({ name: 'dice', dirty: true, path: 'dice.convolab.json' });
    expect(folders).toEqual([folder, join(folder, 'sub'), folder]);
    expect(await files.recentDocuments()).toEqual([
      { path: 'dice.convolab.json', name: 'dice.convolab.json' },
      { path: 'sub/copy.convolab.json', name: 'copy.convolab.json' },
    ]);
    await expect(files.askToSave()).rejects.toThrow(/asks in the page/);
  });
});
