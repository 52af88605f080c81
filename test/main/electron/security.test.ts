import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  EXTERNAL_LINK_HOSTS,
  isAllowedExternalUrl,
  isOwnPage,
  isTrustedSender,
  lockDownContents,
  openExternalSafely,
  secureWebPreferences,
} from '../../../src-main/electron/security';

const PAGE = 'convolab://app/index.html';

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

  it('knows its own page by the app origin or by dev-server origin, and nothing else', () => {
    expect(isOwnPage(PAGE, PAGE)).toBe(true);
    expect(isOwnPage(`${PAGE}#x`, PAGE)).toBe(true);
    expect(isOwnPage('convolab://app/assets/other.html', PAGE)).toBe(true);
    expect(isOwnPage('file:///etc/passwd', PAGE)).toBe(false);
    expect(isOwnPage('file:///opt/convolab/out/renderer/index.html', PAGE)).toBe(false);
    // Every custom scheme's WHATWG origin is "null": comparing origins would take these for ours.
    expect(isOwnPage('evil://app/index.html', PAGE)).toBe(false);
    expect(isOwnPage('javascript:alert(1)', PAGE)).toBe(false);
    expect(isOwnPage('convolab://evil/index.html', PAGE)).toBe(false);
    expect(isOwnPage('convolab://app.evil/index.html', PAGE)).toBe(false);
    expect(isOwnPage('convolab://user@app/index.html', PAGE)).toBe(false);
    expect(isOwnPage('convolab://app:1/index.html', PAGE)).toBe(false);
    expect(isOwnPage('http://localhost:5173/', PAGE)).toBe(false);
    expect(isOwnPage(PAGE, 'http://localhost:5173/')).toBe(false);
    expect(isOwnPage('file:///x.html', 'file:///x.html')).toBe(false);
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
    expect(isTrustedSender(frame('file:///opt/convolab/out/renderer/index.html'), PAGE)).toBe(false);
    expect(isTrustedSender(frame('evil://app/index.html'), PAGE)).toBe(false);
    expect(isTrustedSender(frame('convolab://evil/index.html'), PAGE)).toBe(false);
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
    const openHandler = contents.setWindowOpenHandler.mock.calls[0][0] as (details: unknown) => unknown;
    expect(openHandler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const permission = contents.session.setPermissionRequestHandler.mock.calls[0][0] as (...args: unknown[]) => void;
    const callback = vi.fn();
    permission({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  function fakeContents() {
    return Object.assign(new EventEmitter(), {
      setWindowOpenHandler: vi.fn(),
      session: { setPermissionRequestHandler: vi.fn() },
    });
  }

  it('sends a followed link on the allowlist to the system browser, and refuses every other', () => {
    const contents = fakeContents();
    const opened: string[] = [];
    lockDownContents(contents as never, PAGE, (url) => opened.push(url));
    const follow = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(follow('https://en.wikipedia.org/wiki/Convolution')).toBe(true);
    expect(follow('http://en.wikipedia.org/wiki/Convolution')).toBe(true);
    expect(follow('file:///etc/passwd')).toBe(true);
    expect(follow('https://evil.example/')).toBe(true);
    expect(follow(`${PAGE}#reload`)).toBe(false);
    expect(opened).toEqual(['https://en.wikipedia.org/wiki/Convolution']);

    const openHandler = contents.setWindowOpenHandler.mock.calls[0][0] as (details: { url: string }) => unknown;
    expect(openHandler({ url: 'https://numpy.org/doc/stable/reference/generated/numpy.convolve.html' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'smb://attacker.example/share' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://en.wikipedia.org/wiki/Convolution', 'https://numpy.org/doc/stable/reference/generated/numpy.convolve.html']);
  });
});

describe('links to the system browser', () => {
  it.each([
    'https://en.wikipedia.org/wiki/Convolution',
    'https://numpy.org/doc/stable/reference/generated/numpy.convolve.html',
    'https://docs.scipy.org/doc/scipy/reference/generated/scipy.signal.fftconvolve.html',
    'HTTPS://EN.WIKIPEDIA.ORG/wiki/Convolution',
  ])('opens %s: https, a host on the allowlist', (url) => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(openExternalSafely(url, shell)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith(new URL(url).href);
  });

  it.each([
    ['http, not https', 'http://en.wikipedia.org/wiki/Convolution'],
    ['a local file', 'file:///etc/passwd'],
    ['a script', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['a network share', 'smb://attacker.example/share'],
    ['mail', 'mailto:someone@example.com'],
    ['a custom protocol handler', 'ms-msdt:/id PCWDiagnostic'],
    ['a host not on the list', 'https://evil.example/'],
    ['a subdomain of an allowed host', 'https://evil.en.wikipedia.org/'],
    ['a look-alike that ends in an allowed name', 'https://en.wikipedia.org.evil.example/'],
    ['a look-alike in punycode', 'https://xn--n-wikipedia-5ib.org/'],
    ['credentials before the host', 'https://en.wikipedia.org@evil.example/'],
    ['credentials for an allowed host', 'https://user:pass@en.wikipedia.org/'],
    ['another port', 'https://en.wikipedia.org:8443/'],
    ['not a URL', 'en.wikipedia.org/wiki/Convolution'],
    ['empty', ''],
  ])('refuses %s (%s) and never calls shell.openExternal', (_what, url) => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(isAllowedExternalUrl(url)).toBe(false);
    expect(openExternalSafely(url, shell)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('keeps its allowlist to exact https hosts', () => {
    for (const host of EXTERNAL_LINK_HOSTS) {
      expect(host).toMatch(/^[a-z0-9.-]+\.[a-z]+$/);
      expect(isAllowedExternalUrl(`https://${host}/`)).toBe(true);
    }
  });
});
