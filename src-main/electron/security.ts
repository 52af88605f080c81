/**
 * The window's lockdown, kept apart from main.ts so each rule can be tested with `electron`
 * mocked: the web preferences, the refusal of navigation and new windows, and the check that
 * an IPC message comes from our own page's main frame.
 */
import type { IpcMainInvokeEvent, WebContents, WebPreferences } from 'electron';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** True when `url` is our renderer: the built page (file:) or the dev server's origin. */
export function isOwnPage(url: string, rendererUrl: string): boolean {
  let page: URL;
  let own: URL;
  try {
    page = new URL(url);
    own = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (own.protocol === 'file:') return page.protocol === 'file:' && page.pathname === own.pathname;
  return page.origin === own.origin;
}

/** IPC is answered only for our page's main frame. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isOwnPage(frame.url, rendererUrl);
}

/** No navigation away from our page, no new windows, no webviews, no permission grants. */
export function lockDownContents(contents: WebContents, rendererUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
