import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { isOwnPage, isTrustedSender, lockDownContents, secureWebPreferences } from '../../../src-main/electron/security';

const PAGE = 'file:///opt/convolab/out/renderer/index.html';

describe('Electron window lockdown', () => {
  it('turns on context isolation, the sandbox and web security, and Node integration off everywhere', () => {
    const prefs = secureWebPreferences('/opt/convolab/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/opt/convolab/out/preload/index.cjs',
    });
  });

  it('knows its own page by file path or by dev-server origin, and nothing else', () => {
    expect(isOwnPage(PAGE, PAGE)).toBe(true);
    expect(isOwnPage(`${PAGE}#x`, PAGE)).toBe(true);
    expect(isOwnPage('file:///etc/passwd', PAGE)).toBe(false);
    expect(isOwnPage('https://example.com/', PAGE)).toBe(false);
    expect(isOwnPage('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isOwnPage('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isOwnPage('not a url', PAGE)).toBe(false);
  });

  it('answers IPC only from the main frame of our own page', () => {
    const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent }, sender: {} }) as never;
    expect(isTrustedSender(frame(PAGE), PAGE)).toBe(true);
    expect(isTrustedSender(frame(PAGE, {}), PAGE)).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/'), PAGE)).toBe(false);
    expect(isTrustedSender({ senderFrame: null, sender: {} } as never, PAGE)).toBe(false);
  });

  it('refuses navigation away, redirects, webviews, new windows and permission requests', () => {
    const contents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: vi.fn(),
      session: { setPermissionRequestHandler: vi.fn() },
    });
    lockDownContents(contents as never, PAGE);
    const navigate = { preventDefault: vi.fn() };
    contents.emit('will-navigate', navigate, 'https://evil.example/');
    expect(navigate.preventDefault).toHaveBeenCalled();
    const reload = { preventDefault: vi.fn() };
    contents.emit('will-navigate', reload, PAGE);
    expect(reload.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'file:///etc/passwd');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (details: unknown) => unknown;
    expect(openHandler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const permission = contents.session.setPermissionRequestHandler.mock.calls[0]![0] as (...args: unknown[]) => void;
    const callback = vi.fn();
    permission({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });
});
