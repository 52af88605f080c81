import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const { windows, app, handled, hostOptions } = vi.hoisted(() => {
  // vi.mock factories run before imports, so the fakes are built from require'd node:events.
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  return {
    windows: [] as { options: Record<string, unknown>; contents: EventEmitter & { setWindowOpenHandler: ReturnType<typeof vi.fn> }; url?: string }[],
    app: Object.assign(new Emitter(), {
      whenReady: () => Promise.resolve(),
      getPath: () => '/home/user/Documents',
      getVersion: () => '0.1.0',
      isPackaged: false,
      quit: () => undefined,
    }),
    handled: [] as string[],
    hostOptions: [] as unknown[],
  };
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => windows;
    webContents;
    constructor(options: Record<string, unknown>) {
      super();
      this.webContents = Object.assign(new EventEmitter(), {
        setWindowOpenHandler: vi.fn(),
        session: { setPermissionRequestHandler: vi.fn() },
        send: vi.fn(),
        isDestroyed: () => false,
      });
      windows.push({ options, contents: this.webContents });
    }
    loadURL(url: string) {
      windows.at(-1)!.url = url;
      return Promise.resolve();
    }
    show() {}
  }
  return { app, BrowserWindow, ipcMain: { handle: (channel: string) => handled.push(channel), removeHandler: vi.fn() } };
});
vi.mock('../../../src-main/host/worker?modulePath', () => ({ default: '/opt/convolab/out/main/chunks/worker.js' }));
vi.mock('../../../src-main/host/host', () => ({
  EngineHost: class {
    constructor(options: unknown) {
      hostOptions.push(options);
    }
    onEvent() {
      return () => undefined;
    }
    dispose() {}
  },
}));

describe('Electron main', () => {
  it('opens one locked-down window on our page, with the engine host behind the typed IPC', async () => {
    delete process.env.ELECTRON_RENDERER_URL;
    await import('../../../src-main/electron/main');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(windows).toHaveLength(1);
    const prefs = windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$|preload[\\/]index\.cjs$/);
    expect(windows[0]!.url).toMatch(/^file:\/\/.*renderer\/index\.html$/);
    expect(handled.sort()).toEqual(['convolab:cancel', 'convolab:getValue', 'convolab:info', 'convolab:run']);
    expect(hostOptions[0]).toMatchObject({ workerUrl: '/opt/convolab/out/main/chunks/worker.js', mode: 'electron' });
    const contents = windows[0]!.contents;
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();

    // Any other web contents (a devtools page, a stray webview) is denied new windows too.
    const other = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    app.emit('web-contents-created', {}, other);
    const handler = other.setWindowOpenHandler.mock.calls[0]![0] as () => unknown;
    expect(handler()).toEqual({ action: 'deny' });
  });
});
