import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_METHODS } from '../../../src-shared/protocol';

const { windows, app, handled, handlers, hostOptions, menus, baseDirs, memoryLimits, shell, protocol } = vi.hoisted(() => {
  // vi.mock factories run before imports, so the fakes are built from require'd node:events.
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const { mkdtempSync } = require('node:fs') as typeof import('node:fs');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const { join } = require('node:path') as typeof import('node:path');
  const home = mkdtempSync(join(tmpdir(), 'convolab-main-'));
  return {
    windows: [] as {
      options: Record<string, unknown>;
      contents: EventEmitter & { setWindowOpenHandler: ReturnType<typeof vi.fn>; send: ReturnType<typeof vi.fn> };
      window: EventEmitter & { close: ReturnType<typeof vi.fn> };
      url?: string;
    }[],
    app: Object.assign(new Emitter(), {
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => join(home, name),
      getVersion: () => '0.1.0',
      getName: () => 'Convolab',
      isPackaged: false,
      quit: vi.fn(),
    }),
    handled: [] as string[],
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    hostOptions: [] as unknown[],
    menus: [] as { label?: string; submenu?: { label?: string; accelerator?: string; checked?: boolean; submenu?: { label?: string; checked?: boolean }[] }[] }[][],
    baseDirs: [] as string[],
    memoryLimits: [] as number[],
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  };
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => windows;
    webContents;
    close = vi.fn();
    constructor(options: Record<string, unknown>) {
      super();
      this.webContents = Object.assign(new EventEmitter(), {
        setWindowOpenHandler: vi.fn(),
        session: { setPermissionRequestHandler: vi.fn() },
        send: vi.fn(),
        isDestroyed: () => false,
      });
      windows.push({ options, contents: this.webContents, window: this });
    }
    loadURL(url: string) {
      windows.at(-1).url = url;
      return Promise.resolve();
    }
    show() {}
  }
  return {
    app,
    shell,
    protocol,
    BrowserWindow,
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn() },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: (typeof menus)[number]) => menus.push(menu),
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
        handled.push(channel);
        handlers.set(channel, handler);
      },
      removeHandler: vi.fn(),
    },
  };
});
vi.mock('../../../src-main/host/worker?modulePath', () => ({ default: '/opt/convolab/out/main/chunks/worker.js' }));
vi.mock('../../../src-main/host/parallel/worker?modulePath', () => ({ default: '/opt/convolab/out/main/chunks/band-worker.js' }));
vi.mock('../../../src-main/host/host', () => ({
  EngineHost: class {
    constructor(options: unknown) {
      hostOptions.push(options);
    }
    onEvent() {
      return () => undefined;
    }
    setBaseDir(folder: string) {
      baseDirs.push(folder);
    }
    setMemoryLimit(bytes: number) {
      memoryLimits.push(bytes);
    }
    dispose() {}
  },
}));

describe('Electron main', () => {
  it('opens one locked-down window on our page, with the engine host behind the typed IPC', async () => {
    delete process.env.ELECTRON_RENDERER_URL;
    // Temporary files of saves killed mid-write, an hour old, among the backups and the block
    // library, beside a block and a backup that must stay.
    const state = app.getPath('userData');
    const stale = [join(state, 'blocks', '.Mine.convolab.json.0123456789ab.tmp'), join(state, 'backups', '.b1.json.ba9876543210.tmp')];
    const kept = [join(state, 'blocks', 'Mine.convolab.json'), join(state, 'backups', 'b1.json')];
    for (const path of [...stale, ...kept]) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, '{');
    }
    const hourAgo = Date.now() / 1000 - 3600;
    for (const path of stale) utimesSync(path, hourAgo, hourAgo);
    // The memory limit chosen last time.
    writeFileSync(join(state, 'settings.json'), JSON.stringify({ memoryLimit: 256 * 1024 ** 2 }));
    await import('../../../src-main/electron/main');
    await vi.waitFor(() => expect(stale.filter((path) => existsSync(path))).toEqual([]), { timeout: 5000 });
    expect(kept.filter((path) => existsSync(path))).toEqual(kept);
    // Start-up reads the recent list from disk before it opens the window, so wait for the window
    // rather than for one tick (a loaded machine takes longer than a tick).
    await vi.waitFor(() => expect(windows).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(windows[0].url).toBeDefined(), { timeout: 5000 });
    // It cannot be shrunk below what the palette, the canvas and the inspector need side by side.
    expect(windows[0].options).toMatchObject({ minWidth: 960, minHeight: 640 });
    const prefs = windows[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$|preload[\\/]index\.cjs$/);
    // The built page comes from the app's own origin, served from out/renderer, not from file:.
    expect(windows[0].url).toBe('convolab://app/index.html');
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'convolab', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(protocol.handle).toHaveBeenCalledWith('convolab', expect.any(Function));
    // Privileges are given before the app is ready; the handler once it is.
    expect(protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(protocol.handle.mock.invocationCallOrder[0]);
    expect(handled.sort()).toEqual(APP_METHODS.map((method) => `convolab:${method}`).sort());
    expect(hostOptions[0]).toMatchObject({ workerUrl: '/opt/convolab/out/main/chunks/worker.js', bandWorkerUrl: '/opt/convolab/out/main/chunks/band-worker.js', mode: 'electron' });
    // The engine starts with the kept budget, its refusals naming the menu that raises it.
    expect(hostOptions[0]).toMatchObject({ memoryLimit: 256 * 1024 ** 2, moreMemory: { way: 'setting', where: `${process.platform === 'darwin' ? 'Convolab' : 'Edit'} › Memory Limit` } });
    const contents = windows[0].contents;
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();

    // Any other web contents (a devtools page, a stray webview) is denied new windows too.
    const other = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    app.emit('web-contents-created', {}, other);
    const handler = other.setWindowOpenHandler.mock.calls[0][0] as () => unknown;
    expect(handler()).toEqual({ action: 'deny' });
  });
  it('installs the File menu with the platform shortcuts, its commands going to the window', () => {
    const file = menus.at(-1).find((menu) => menu.label === '&File')!;
    const items = new Map(file.submenu!.filter((item) => item.label).map((item) => [item.label, item.accelerator]));
    expect(items.get('&New')).toBe('CmdOrCtrl+N');
    expect(items.get('&Open…')).toBe('CmdOrCtrl+O');
    expect(items.get('&Save')).toBe('CmdOrCtrl+S');
    expect(items.get('Save &As…')).toBe('Shift+CmdOrCtrl+S');
    const save = file.submenu!.find((item) => item.label === '&Save') as unknown as { click: () => void };
    save.click();
    expect(windows[0].contents.send).toHaveBeenCalledWith('convolab:command', { kind: 'save' });
  });

  it('sets the memory limit from the menu: the engine gets it at once and the next start reads it back', async () => {
    const GiB = 1024 ** 3;
    const place = menus.at(-1).find((menu) => menu.label === (process.platform === 'darwin' ? 'Convolab' : '&Edit'))!;
    const memory = place.submenu!.find((item) => item.label === '&Memory Limit')!;
    expect(memory.submenu!.filter((item) => item.checked).map((item) => item.label)).toEqual(['256 MiB']);
    const oneGiB = memory.submenu!.find((item) => item.label === '1 GiB (default)') as unknown as { click: () => void };
    oneGiB.click();
    expect(memoryLimits).toEqual([GiB]);
    const { readFileSync } = await import('node:fs');
    const kept = join(app.getPath('userData'), 'settings.json');
    await vi.waitFor(() => expect(JSON.parse(readFileSync(kept, 'utf8'))).toEqual({ memoryLimit: GiB }), { timeout: 5000 });
    // The menu shows the new budget checked.
    const again = menus.at(-1).find((menu) => menu.label === place.label)!.submenu!.find((item) => item.label === '&Memory Limit')!;
    expect(again.submenu!.filter((item) => item.checked).map((item) => item.label)).toEqual(['1 GiB (default)']);

    // The page has no way to it: no method sets the budget, and the files methods do not write the settings.
    const { url } = windows[0];
    const fromPage = { senderFrame: { url, parent: null }, sender: {} };
    const text = readFileSync(join(import.meta.dirname, '../../../examples/two-dice.convolab.json'), 'utf8');
    const reply = (await handlers.get('convolab:saveDocument')!(fromPage, { text, path: kept })) as { ok: boolean; error?: string };
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/not a file opened or chosen here/) });
    expect(JSON.parse(readFileSync(kept, 'utf8'))).toEqual({ memoryLimit: GiB });
    expect([...handlers.keys()].filter((channel) => /memory/i.test(channel))).toEqual([]);
  });

  it('asks the renderer before closing a window with unsaved changes, and closes once it agrees', async () => {
    const { window, contents, url } = windows[0];
    const fromPage = { senderFrame: { url, parent: null }, sender: {} };
    contents.send.mockClear();
    const clean = { preventDefault: vi.fn() };
    window.emit('close', clean);
    expect(clean.preventDefault).not.toHaveBeenCalled();

    await handlers.get('convolab:setDocumentState')!(fromPage, { name: 'Untitled', dirty: true });
    const held = { preventDefault: vi.fn() };
    window.emit('close', held);
    expect(held.preventDefault).toHaveBeenCalled();
    expect(contents.send).toHaveBeenCalledWith('convolab:command', { kind: 'close' });
    expect(window.close).not.toHaveBeenCalled();

    await handlers.get('convolab:closeWindow')!(fromPage);
    expect(window.close).toHaveBeenCalledTimes(1);
    // Untitled: relative params resolve against the user's documents folder.
    expect(baseDirs.at(-1)).toBe(app.getPath('documents'));
  });

  it('does not let the page make a file of its choosing writable: not through a backup, not by opening it', async () => {
    const { url } = windows[0];
    const fromPage = { senderFrame: { url, parent: null }, sender: {} };
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { dirname, join } = await import('node:path');
    const home = dirname(app.getPath('documents'));
    const profile = join(home, '.profile');
    const settings = join(home, 'settings.json');
    writeFileSync(profile, 'export PATH=/usr/bin\n');
    writeFileSync(settings, '{"token":"abc"}');
    const text = readFileSync(join(import.meta.dirname, '../../../examples/two-dice.convolab.json'), 'utf8');
    // Each channel answers a CallReply (ipc.ts): 'done', or the refusal's one line.
    const call = (method: string, ...args: unknown[]) =>
      handlers.get(`convolab:${method}`)!(fromPage, ...args).then((reply) => ((reply as { ok: boolean }).ok ? 'done' : (reply as { error: string }).error));

    expect(await call('writeBackup', { id: 'attacker', text, path: profile })).toMatch(/not a file opened or saved here/);
    await call('startup', 'attacker');
    expect(await call('saveDocument', { text, path: profile })).toMatch(/not a file opened or chosen here/);
    expect(await call('openDocument', { path: settings })).toMatch(/NAME\.convolab\.json/);
    expect(await call('saveDocument', { text, path: settings })).toMatch(/not a file opened or chosen here/);
    expect(readFileSync(profile, 'utf8')).toBe('export PATH=/usr/bin\n');
    expect(readFileSync(settings, 'utf8')).toBe('{"token":"abc"}');
  });

  it('opens help links in the system browser, from the Help menu and from the page, and nothing else', () => {
    shell.openExternal.mockClear();
    const help = menus.at(-1).find((menu) => menu.label === '&Help')!;
    (help.submenu![0] as unknown as { click: () => void }).click();
    expect(shell.openExternal).toHaveBeenCalledWith('https://en.wikipedia.org/wiki/Convolution');

    const contents = windows[0].contents;
    const follow = (url: string) => contents.emit('will-navigate', { preventDefault: vi.fn() }, url);
    follow('https://docs.scipy.org/doc/scipy/reference/generated/scipy.signal.fftconvolve.html');
    follow('file:///etc/passwd');
    follow('https://evil.example/');
    const openHandler = contents.setWindowOpenHandler.mock.calls.at(-1)[0] as (details: { url: string }) => unknown;
    expect(openHandler({ url: 'smb://attacker.example/share' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://en.wikipedia.org/wiki/Convolution',
      'https://docs.scipy.org/doc/scipy/reference/generated/scipy.signal.fftconvolve.html',
    ]);
  });
});
