/**
 * The window's lockdown, kept apart from main.ts so each rule can be tested with `electron`
 * mocked: the web preferences, the refusal of navigation and new windows, the links that may
 * open in the system browser, and the check that an IPC message comes from our own page's main
 * frame.
 */
import type { IpcMainInvokeEvent, Shell, WebContents, WebPreferences } from 'electron';
import { isAppOrigin } from './protocol';

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

/**
 * True when `url` is our renderer: the app's origin (convolab://app, protocol.ts) when
 * `rendererUrl` is on it, else the dev server's http origin. Nothing else — not file:, and not
 * another custom scheme, whose WHATWG origin is "null" like every such scheme's.
 */
export function isOwnPage(url: string, rendererUrl: string): boolean {
  let page: URL;
  let own: URL;
  try {
    page = new URL(url);
    own = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (isAppOrigin(own)) return isAppOrigin(page);
  if (own.protocol !== 'http:' && own.protocol !== 'https:') return false;
  return page.origin === own.origin && page.username === '' && page.password === '';
}

/** IPC is answered only for our page's main frame. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isOwnPage(frame.url, rendererUrl);
}

/**
 * The sites whose pages Convolab may open in the system browser (help and reference links).
 * Exact host names: a subdomain or a look-alike is not on the list.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['en.wikipedia.org', 'numpy.org', 'docs.scipy.org'];

/** Whether `url` is an https link to a host on the allowlist, with no credentials or port. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && hosts.includes(parsed.hostname);
}

/**
 * Opens a help or reference link in the system browser, and nothing else: `shell.openExternal`
 * hands a URL to whatever the system has registered for its scheme (file managers, mail,
 * custom protocol handlers), so only https links to the allowlist get that far. Returns whether
 * the link was opened.
 */
export function openExternalSafely(url: string, shell: Pick<Shell, 'openExternal'>, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  if (!isAllowedExternalUrl(url, hosts)) return false;
  void shell.openExternal(new URL(url).href).catch(() => undefined);
  return true;
}

/**
 * No navigation away from our page, no new windows, no webviews, no permission grants. A link
 * the page follows or opens in a new window goes, when it is on the allowlist, to `openExternal`
 * (the system browser) instead; everything else is refused.
 */
export function lockDownContents(contents: WebContents, rendererUrl: string, openExternal: (url: string) => void = () => undefined): void {
  contents.on('will-navigate', (event, url) => {
    if (isOwnPage(url, rendererUrl)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(url)) openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
