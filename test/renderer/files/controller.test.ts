import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadGraph } from '../../../src-shared/graph/load';
import { writeGraph } from '../../../src-shared/graph/write';
import { checkCall, type AppApi, type BackupOffer, type DocumentFile, type SaveChoice } from '../../../src-shared/protocol';
import { FileController, type FileUi, SHARED_NAME, suggestedFileName } from '../../../src-renderer/files/controller';
import { pythonScriptName } from '../../../src-renderer/files/exportPython';
import { makeImage } from '../../../src-shared/data';
import { writePng } from '../../../src-shared/io/image';
import { embedGraphInPng } from '../../../src-shared/io/png-text';
import { shareLink } from '../../../src-shared/io/share-link';
import { createEditorStore } from '../../../src-renderer/store/document';

const diceText = readFileSync(join(import.meta.dirname, '../../../examples/two-dice.convolab.json'), 'utf8');
const brokenText = readFileSync(join(import.meta.dirname, '../../e2e/files/broken.convolab.json'), 'utf8');

interface Setup {
  mode?: 'electron' | 'browser';
  files?: Record<string, string>;
  saveAsPath?: string;
  askAnswer?: SaveChoice;
}

/** The host as the renderer sees it, with a disk of `files`; every call is logged in order. */
function setup(options: Setup = {}) {
  const log: string[] = [];
  const disk = new Map(Object.entries(options.files ?? {}));
  const name = (path: string) => path.split('/').pop()!;
  const api = {
    run: vi.fn(async () => {
      log.push('run');
      return { runId: 1 };
    }),
    cancel: vi.fn(async () => undefined),
    info: vi.fn(async () => ({ version: 'test', mode: options.mode ?? 'electron' })),
    getValue: vi.fn(async () => undefined),
    onEvent: () => () => undefined,
    openDocument: vi.fn(async ({ path }: { path?: string }) => {
      const chosen = path ?? options.saveAsPath;
      log.push(`open ${chosen}`);
      if (chosen === undefined) return undefined;
      const text = disk.get(chosen);
      if (text === undefined) throw new Error(`${name(chosen)}: no such file`);
      return { path: chosen, name: name(chosen), text };
    }),
    saveDocument: vi.fn(async ({ text, path, suggestedName }: { text: string; path?: string; suggestedName?: string }) => {
      const target = path ?? (options.saveAsPath ? options.saveAsPath : undefined);
      log.push(`save ${target ?? `(cancelled, suggested ${suggestedName})`}`);
      if (target === undefined) return undefined;
      disk.set(target, text);
      return { path: target, name: name(target) };
    }),
    recentDocuments: vi.fn(async (): Promise<DocumentFile[]> => []),
    clearRecent: vi.fn(async () => undefined),
    startup: vi.fn(async () => ({ firstStart: false, recent: [], backups: [] as BackupOffer[] })),
    writeBackup: vi.fn(async ({ id }: { id: string; text: string; path?: string }) => {
      log.push(`backup ${id}`);
    }),
    discardBackup: vi.fn(async (id: string) => {
      log.push(`discard ${id}`);
    }),
    setDocumentState: vi.fn(async (state: { name: string; dirty: boolean; path?: string }) => {
      log.push(`state ${state.name} ${state.dirty ? 'dirty' : 'clean'}${state.path ? ` ${state.path}` : ''}`);
    }),
    askToSave: vi.fn(async (_name: string) => options.askAnswer ?? 'cancel'),
    closeWindow: vi.fn(async () => {
      log.push('close');
    }),
    onCommand: () => () => undefined,
    pathForFile: vi.fn((_file: unknown) => '/dropped/dice.convolab.json'),
    uploadFile: vi.fn(async ({ path, data }: { path: string; data: Uint8Array; replace?: boolean }) => {
      if (disk.has(path)) throw new Error(`${path}: already exists`);
      disk.set(path, `${data.length} bytes`);
      log.push(`upload ${path}`);
      return { path, name: name(path) };
    }),
  };
  const ui: FileUi = {
    askToSave: vi.fn(async () => options.askAnswer ?? 'cancel'),
    confirm: vi.fn(async () => false),
    chooseOpenPath: vi.fn(async () => undefined as string | undefined),
    chooseSavePath: vi.fn(async () => options.saveAsPath),
    alert: vi.fn(),
    notify: vi.fn(),
    setTitle: vi.fn(),
  };
  const editor = createEditorStore(api as unknown as AppApi);
  const files = new FileController(api as unknown as AppApi, editor, ui, { mode: options.mode ?? 'electron', sessionId: 'me', backupDelayMs: 1000 });
  controllers.push(files);
  return { api, ui, editor, files, log, disk };
}

const controllers: FileController[] = [];
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.dispose();
  vi.useRealTimers();
});

const edit = (editor: ReturnType<typeof createEditorStore>) => editor.getState().addNode('source.sequence', { x: 0, y: 0 });

describe('the document as a file', () => {
  it('is unsaved exactly while it differs from what was opened or saved, undo included, and titles say so', () => {
    const { files, editor, ui } = setup();
    expect(files.dirty).toBe(false);
    expect(ui.setTitle).toHaveBeenLastCalledWith('Untitled — Convolab');
    edit(editor);
    expect(files.dirty).toBe(true);
    expect(ui.setTitle).toHaveBeenLastCalledWith('• Untitled — Convolab');
    editor.getState().undo();
    expect(files.dirty).toBe(false);
    expect(ui.setTitle).toHaveBeenLastCalledWith('Untitled — Convolab');
    editor.getState().redo();
    expect(files.dirty).toBe(true);
  });

  it('opens a file, telling the host its folder before the new graph runs', async () => {
    const { files, editor, log } = setup({ saveAsPath: '/home/u/dice.convolab.json', files: { '/home/u/dice.convolab.json': diceText } });
    await files.open();
    await Promise.resolve();
    expect(editor.getState().document.nodes.map((node) => node.id)).toContain('dieA');
    expect(files.dirty).toBe(false);
    expect(files.name).toBe('dice.convolab.json');
    const state = log.indexOf('state dice.convolab.json clean /home/u/dice.convolab.json');
    expect(state).toBeGreaterThan(-1);
    expect(log.indexOf('run', state)).toBeGreaterThan(state);
  });

  it('leaves the open graph alone and shows the one-line error when a file is broken, without asking anything', async () => {
    const { files, editor, ui, api } = setup({ files: { '/home/u/broken.convolab.json': brokenText } });
    edit(editor);
    const before = editor.getState().document;
    expect(await files.openRecent('/home/u/broken.convolab.json')).toBe(false);
    expect(ui.alert).toHaveBeenCalledWith('Could not open broken.convolab.json', 'line 6, column 5: expected , or ] but found "{"');
    expect(editor.getState().document).toBe(before);
    expect(files.dirty).toBe(true);
    expect(api.askToSave).not.toHaveBeenCalled();
    expect(await files.openRecent('/home/u/gone.convolab.json')).toBe(false);
    expect(ui.alert).toHaveBeenLastCalledWith('Could not open gone.convolab.json', 'gone.convolab.json: no such file');
    expect(editor.getState().document).toBe(before);
  });

  it('asks before unsaved changes are replaced: Cancel keeps them, Don\'t Save drops them and their backup', async () => {
    const kept = setup({ askAnswer: 'cancel', files: { '/d.convolab.json': diceText } });
    edit(kept.editor);
    const before = kept.editor.getState().document;
    expect(await kept.files.openRecent('/d.convolab.json')).toBe(false);
    expect(kept.api.askToSave).toHaveBeenCalledWith('Untitled');
    expect(kept.editor.getState().document).toBe(before);
    expect(await kept.files.newDocument()).toBe(false);
    expect(kept.editor.getState().document).toBe(before);

    const dropped = setup({ askAnswer: 'discard' });
    edit(dropped.editor);
    expect(await dropped.files.newDocument()).toBe(true);
    expect(dropped.editor.getState().document.nodes).toEqual([]);
    expect(dropped.log).toContain('discard me');
    expect(dropped.files.dirty).toBe(false);
  });

  it('saves first when asked to, and goes on only if the save happened', async () => {
    const cancelled = setup({ askAnswer: 'save' });
    edit(cancelled.editor);
    // Untitled: Save is Save As, whose dialog is cancelled here.
    expect(await cancelled.files.newDocument()).toBe(false);
    expect(cancelled.editor.getState().document.nodes).toHaveLength(1);
    expect(cancelled.log).toContain('save (cancelled, suggested Untitled.convolab.json)');

    const saved = setup({ askAnswer: 'save', saveAsPath: '/home/u/mine.convolab.json' });
    edit(saved.editor);
    const document = saved.editor.getState().document;
    expect(await saved.files.newDocument()).toBe(true);
    expect(saved.disk.get('/home/u/mine.convolab.json')).toBe(writeGraph(document));
    expect(saved.editor.getState().document.nodes).toEqual([]);
  });

  it('saves an unchanged opened graph to the same bytes, and a changed one as the writer writes it', async () => {
    const { files, editor, disk } = setup({ files: { '/d.convolab.json': diceText } });
    await files.openRecent('/d.convolab.json');
    expect(await files.save()).toBe(true);
    expect(disk.get('/d.convolab.json')).toBe(diceText);
    editor.getState().setParam('dieA', 'faces', 8);
    expect(files.dirty).toBe(true);
    await files.save();
    expect(files.dirty).toBe(false);
    const reread = loadGraph(disk.get('/d.convolab.json')!);
    expect(reread.ok && reread.document.nodes.find((node) => node.id === 'dieA')?.params).toEqual({ faces: 8 });
  });

  it('in the browser, opens and saves through the page\'s own file browser and asks in the page', async () => {
    const { files, editor, ui, api } = setup({ mode: 'browser', askAnswer: 'discard', saveAsPath: 'graphs/new.convolab.json', files: { 'dice.convolab.json': diceText } });
    vi.mocked(ui.chooseOpenPath).mockResolvedValueOnce('dice.convolab.json');
    edit(editor);
    expect(await files.open()).toBe(true);
    expect(ui.askToSave).toHaveBeenCalledWith('Untitled');
    expect(api.askToSave).not.toHaveBeenCalled();
    expect(api.openDocument).toHaveBeenCalledWith({ path: 'dice.convolab.json' });
    expect(await files.saveAs()).toBe(true);
    expect(ui.chooseSavePath).toHaveBeenCalledWith('dice.convolab.json');
    expect(api.saveDocument).toHaveBeenLastCalledWith({ text: diceText, path: 'graphs/new.convolab.json' });
    expect(files.name).toBe('new.convolab.json');
  });

  it('backs up about a second after the last change, and drops the backup once saved or undone', async () => {
    vi.useFakeTimers();
    const { files, editor, api } = setup({ saveAsPath: '/home/u/g.convolab.json' });
    edit(editor);
    vi.advanceTimersByTime(600);
    edit(editor);
    vi.advanceTimersByTime(999);
    expect(api.writeBackup).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(api.writeBackup).toHaveBeenCalledTimes(1);
    expect(api.writeBackup).toHaveBeenCalledWith({ id: 'me', text: writeGraph(editor.getState().document) });
    editor.getState().undo();
    editor.getState().undo();
    expect(files.dirty).toBe(false);
    expect(api.discardBackup).toHaveBeenCalledWith('me');

    editor.getState().redo();
    vi.advanceTimersByTime(1000);
    expect(api.writeBackup).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
    api.discardBackup.mockClear();
    await files.save();
    expect(api.discardBackup).toHaveBeenCalledWith('me');
    // A saved document's backup names its file, so a restore saves back to it.
    vi.useFakeTimers();
    edit(editor);
    vi.advanceTimersByTime(1000);
    expect(api.writeBackup).toHaveBeenLastCalledWith({ id: 'me', text: writeGraph(editor.getState().document), path: '/home/u/g.convolab.json' });
  });

  it('restores a backup as unsaved work on its file, keeps it safe under this session, then drops the old one', async () => {
    const { files, editor, log } = setup();
    const edited = diceText.replace('"faces": 6', '"faces": 8');
    const offer: BackupOffer = { id: 'crashed', file: { path: '/home/u/dice.convolab.json', name: 'dice.convolab.json' }, text: edited, savedAt: 5 };
    files.session.setState({ backups: [offer] });
    expect(await files.restoreBackup(offer)).toBe(true);
    expect(writeGraph(editor.getState().document)).toBe(edited);
    expect(files.dirty).toBe(true);
    expect(files.name).toBe('dice.convolab.json');
    expect(log.indexOf('backup me')).toBeGreaterThan(-1);
    expect(log.indexOf('discard crashed')).toBeGreaterThan(log.indexOf('backup me'));
    expect(files.session.getState().backups).toEqual([]);
  });

  it('reverts to the file on disk only after the user agrees, without a second question', async () => {
    const { files, editor, ui, api } = setup({ askAnswer: 'cancel', files: { '/d.convolab.json': diceText } });
    await files.openRecent('/d.convolab.json');
    editor.getState().setParam('dieA', 'faces', 8);
    const changed = editor.getState().document;
    expect(await files.revert()).toBe(false);
    expect(editor.getState().document).toBe(changed);
    vi.mocked(ui.confirm).mockResolvedValueOnce(true);
    expect(await files.revert()).toBe(true);
    expect(writeGraph(editor.getState().document)).toBe(diceText);
    expect(files.dirty).toBe(false);
    expect(api.askToSave).not.toHaveBeenCalled();
  });

  it('lets the window close only after asking, and drops the backup of discarded work', async () => {
    const stays = setup({ askAnswer: 'cancel' });
    edit(stays.editor);
    expect(await stays.files.close()).toBe(false);
    expect(stays.api.closeWindow).not.toHaveBeenCalled();

    const goes = setup({ askAnswer: 'discard' });
    edit(goes.editor);
    await goes.files.writeBackupNow();
    expect(await goes.files.close()).toBe(true);
    expect(goes.log.slice(-2)).toEqual(['discard me', 'close']);
  });

  it('opens a dropped graph by its path on the desktop, as an untitled copy in the browser, and refuses other files', async () => {
    const desktop = setup({ files: { '/dropped/dice.convolab.json': diceText } });
    await desktop.files.openDropped({ name: 'dice.convolab.json', text: async () => 'unused', handle: {} });
    expect(desktop.api.openDocument).toHaveBeenCalledWith({ path: '/dropped/dice.convolab.json' });
    expect(desktop.files.session.getState().file).toEqual({ path: '/dropped/dice.convolab.json', name: 'dice.convolab.json' });

    const browser = setup({ mode: 'browser' });
    browser.api.pathForFile = undefined as never;
    await browser.files.openDropped({ name: 'mine.convolab.json', text: async () => diceText, handle: {} });
    expect(browser.files.session.getState().file).toBeUndefined();
    expect(browser.files.name).toBe('mine.convolab.json');
    expect(browser.editor.getState().document.nodes).toHaveLength(9);

    await browser.files.openDropped({ name: 'photo.png', text: async () => '', handle: {} });
    expect(browser.ui.alert).toHaveBeenCalledWith('Could not open photo.png', expect.stringContaining('not a graph file'));
    expect(browser.editor.getState().document.nodes).toHaveLength(9);
  });

  it('opens an example as an untitled copy named after it, saved with Save As', async () => {
    const { files, api } = setup();
    await files.openExample('two-dice.convolab.json', diceText);
    expect(files.dirty).toBe(false);
    expect(files.session.getState().file).toBeUndefined();
    await files.save();
    expect(api.saveDocument).toHaveBeenCalledWith({ text: diceText, suggestedName: 'two-dice.convolab.json' });
  });
});

/** A 2×2 gray PNG, carrying `graph` when given. */
function png(graph?: string): Uint8Array {
  const written = writePng(makeImage(Float32Array.from([0, 0.25, 0.5, 1]), 2, 2));
  if (!written.ok) throw new Error(written.error);
  if (graph === undefined) return written.value;
  const embedded = embedGraphInPng(written.value, graph);
  if (!embedded.ok) throw new Error(embedded.error);
  return embedded.value;
}

function dropped(name: string, bytes: Uint8Array) {
  return { name, text: async () => '', bytes: async () => bytes, handle: {} };
}

function link(text: string): string {
  const made = shareLink(text, 'http://127.0.0.1:5191/index.html');
  if (!made.ok) throw new Error(made.error);
  return made.value;
}

const theoremText = readFileSync(join(import.meta.dirname, '../../../examples/convolution-theorem.convolab.json'), 'utf8');
const hostileText = readFileSync(join(import.meta.dirname, '../../e2e/files/hostile.convolab.json'), 'utf8');

describe('graphs inside PNGs', () => {
  it('a dropped PNG that carries a graph opens it as an untitled document named after the picture', async () => {
    const { files, editor, api } = setup({ mode: 'browser' });
    await files.openDropped(dropped('sum-preview.png', png(diceText)));
    const loaded = loadGraph(diceText);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(editor.getState().document).toEqual(loaded.document);
    expect(files.session.getState().file).toBeUndefined();
    expect(files.name).toBe('sum-preview');
    expect(files.dirty).toBe(false);
    expect(api.uploadFile).not.toHaveBeenCalled();
  });

  it('a PNG carrying a hostile or broken graph, or a damaged chunk, is refused in one line and the open graph stays', async () => {
    const { files, editor, ui } = setup({ mode: 'browser' });
    await files.openExample('two-dice.convolab.json', diceText);
    const before = editor.getState().document;
    const damaged = png(diceText);
    damaged[damaged.length - 30]! ^= 4;
    const cases: [Uint8Array, RegExp][] = [
      [png(hostileText), /nested deeper than 64 levels/],
      [png(brokenText), /line \d+, column \d+/],
      [damaged, /CRC does not match/],
      [new TextEncoder().encode('GIF89a'), /not a graph file, nor a PNG image/],
    ];
    for (const [bytes, pattern] of cases) {
      vi.mocked(ui.alert).mockClear();
      await files.openDropped(dropped('evil.png', bytes));
      expect(ui.alert).toHaveBeenCalledWith('Could not open evil.png', expect.stringMatching(pattern));
      expect(vi.mocked(ui.alert).mock.calls[0]![1]).not.toContain('\n');
      expect(editor.getState().document).toBe(before);
    }
  });

  it('a PNG without a graph opens as a source.image graph: its own path on the desktop, a copy in the served folder in the browser', async () => {
    const desktop = setup();
    desktop.api.pathForFile.mockReturnValue('/home/u/photo.png');
    await desktop.files.openDropped(dropped('photo.png', png()));
    const shown = desktop.editor.getState().document;
    expect(shown.nodes.map((node) => [node.type, node.params])).toEqual([['source.image', { path: '/home/u/photo.png' }], ['sink.image', undefined]]);
    expect(shown.edges).toEqual([{ id: 'e1', source: 'image', sourceHandle: 'out', target: 'view', targetHandle: 'in' }]);
    expect(desktop.api.uploadFile).not.toHaveBeenCalled();

    const browser = setup({ mode: 'browser', files: { 'photo.png': 'there before' } });
    browser.api.pathForFile = undefined as never;
    await browser.files.openDropped(dropped('photo.png', png()));
    // The file already in the folder is kept: the picture goes in beside it.
    expect(browser.disk.get('photo.png')).toBe('there before');
    expect(browser.log).toContain('upload photo-2.png');
    expect(browser.editor.getState().document.nodes[0]!.params).toEqual({ path: 'photo-2.png' });
    expect(browser.files.name).toBe('photo');
  });
});

describe('a PNG chosen in File ▸ Open', () => {
  it('opens the graph it carries as an untitled copy, so Save never writes over the picture', async () => {
    const { files, editor, api } = setup();
    vi.mocked(api.openDocument).mockResolvedValueOnce({ path: '/home/u/shot.png', name: 'shot.png', png: png(diceText) } as never);
    expect(await files.open()).toBe(true);
    const loaded = loadGraph(diceText);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(editor.getState().document).toEqual(loaded.document);
    expect(files.session.getState().file).toBeUndefined();
    expect(files.name).toBe('shot');
  });

  it('without a graph, opens the picture where the host has it: no copy is uploaded', async () => {
    const browser = setup({ mode: 'browser' });
    vi.mocked(browser.ui.chooseOpenPath).mockResolvedValueOnce('pictures/shot.png');
    vi.mocked(browser.api.openDocument).mockResolvedValueOnce({ path: 'pictures/shot.png', name: 'shot.png', png: png() } as never);
    expect(await browser.files.open()).toBe(true);
    expect(browser.editor.getState().document.nodes.map((node) => [node.type, node.params])).toEqual([['source.image', { path: 'pictures/shot.png' }], ['sink.image', undefined]]);
    expect(browser.api.uploadFile).not.toHaveBeenCalled();
  });

  it('a PNG whose graph is hostile is refused in one line and the open graph stays', async () => {
    const { files, editor, ui, api } = setup();
    await files.openExample('two-dice.convolab.json', diceText);
    const before = editor.getState().document;
    vi.mocked(api.openDocument).mockResolvedValueOnce({ path: '/home/u/evil.png', name: 'evil.png', png: png(hostileText) } as never);
    expect(await files.open()).toBe(false);
    expect(ui.alert).toHaveBeenCalledWith('Could not open evil.png', expect.stringMatching(/nested deeper than 64 levels/));
    expect(editor.getState().document).toBe(before);
  });
});

describe('share links', () => {
  it('open as an untitled copy named by the graph\'s title, lesson and all', async () => {
    const { files, editor } = setup({ mode: 'browser' });
    expect(await files.openLink(link(theoremText))).toBe(true);
    const loaded = loadGraph(theoremText);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(editor.getState().document).toEqual(loaded.document);
    expect(editor.getState().document.meta?.lesson).toHaveLength(5);
    expect(files.name).toBe('The convolution theorem (1-D)');
    expect(files.session.getState().file).toBeUndefined();

    const untitled = setup({ mode: 'browser' });
    await untitled.files.openLink(link(diceText.replace(/"title": "[^"]*"/, '"title": ""')));
    expect(untitled.files.name).toBe(SHARED_NAME);
  });

  it('a title that is no file name (a slash, a colon, control characters) still saves and exports: its file name is made plain', async () => {
    const title = 'Low/high pass: a\\b <v2>?\u0007 ';
    const { files, api } = setup();
    expect(await files.openLink(link(diceText.replace(/"title": "[^"]*"/, `"title": ${JSON.stringify(title)}`)))).toBe(true);
    expect(files.name).toBe(title.trim());
    await files.saveAs();
    const save = vi.mocked(api.saveDocument).mock.calls.at(-1)![0];
    expect(save.suggestedName).toBe('Low-high pass- a-b -v2---.convolab.json');
    // What the host's IPC and socket check before the save dialog opens: it must not refuse it.
    expect(checkCall('saveDocument', [save])).toMatchObject({ ok: true });
    expect(pythonScriptName(files.name)).toBe('Low-high pass- a-b -v2---.py');
    expect(checkCall('exportFile', [{ suggestedName: pythonScriptName(files.name), data: new Uint8Array(1) }])).toMatchObject({ ok: true });
    expect(suggestedFileName(' .. ')).toBe('Untitled.convolab.json');
  });

  it('ask before throwing away unsaved work, and keep it when the user cancels', async () => {
    const { files, editor, ui } = setup({ mode: 'browser', askAnswer: 'cancel' });
    edit(editor);
    const before = editor.getState().document;
    expect(await files.openLink(link(diceText))).toBe(false);
    expect(ui.askToSave).toHaveBeenCalled();
    expect(editor.getState().document).toBe(before);
  });

  it('the link the page loaded with opens once the startup is done, unless a newer one came meanwhile', async () => {
    // Loaded with the dice's link; before the startup had read the recent files, the theorem's
    // link was put in the address (its hashchange opened it): the dice's is stale, not opened over it.
    const { files, editor } = setup({ mode: 'browser' });
    expect(await files.openLink(link(theoremText))).toBe(true);
    const theorem = editor.getState().document;
    expect(await files.openStartLink(link(diceText))).toBe(true);
    expect(editor.getState().document).toBe(theorem);
    // A link refused meanwhile is refused once: one alert, not a second from the startup.
    const refused = setup({ mode: 'browser' });
    expect(await refused.files.openLink(link(hostileText))).toBe(false);
    await refused.files.openStartLink(link(hostileText));
    expect(refused.ui.alert).toHaveBeenCalledTimes(1);
    // With nothing opened meanwhile the page's own link opens; with none, nothing does.
    const loaded = setup({ mode: 'browser' });
    expect(await loaded.files.openStartLink(link(theoremText))).toBe(true);
    expect(loaded.files.name).toBe('The convolution theorem (1-D)');
    const plain = setup({ mode: 'browser' });
    const before = plain.editor.getState().document;
    expect(await plain.files.openStartLink('')).toBe(false);
    expect(plain.editor.getState().document).toBe(before);
  });

  it('a hostile, broken or mangled link is refused in one line and the open graph stays', async () => {
    const { files, editor, ui } = setup({ mode: 'browser', askAnswer: 'discard' });
    await files.openExample('two-dice.convolab.json', diceText);
    edit(editor);
    const before = editor.getState().document;
    const good = link(diceText);
    const cases: [string, RegExp][] = [
      [link(hostileText), /nested deeper than 64 levels/],
      [link(brokenText), /line \d+, column \d+/],
      [good.slice(0, -30), /damaged/],
      [good.replace('#graph=', '#graph=*'), /not base64url/],
    ];
    for (const [text, pattern] of cases) {
      vi.mocked(ui.alert).mockClear();
      expect(await files.openLink(text)).toBe(false);
      expect(ui.alert).toHaveBeenCalledWith('Could not open the link', expect.stringMatching(pattern));
      expect(vi.mocked(ui.alert).mock.calls[0]![1]).not.toContain('\n');
      expect(editor.getState().document).toBe(before);
    }
    expect(ui.askToSave).not.toHaveBeenCalled();
  });
});
