/**
 * The app's own origin, convolab://app/: the built renderer (out/renderer) is served from it
 * instead of file:, so the page is not a file: page with file:'s extra reach into the disk, it
 * has one origin the navigation guards and the IPC sender check can name exactly, and its
 * responses carry the Content-Security-Policy as a header. Only files under the renderer
 * folder are served; a path that decodes or normalises to anything outside it is refused.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../web/csp';
import { CONTENT_TYPES, confinedRealPath } from '../web/static';

export const APP_SCHEME = 'convolab';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * Must run before the app is ready. Standard: relative URLs, an origin and web storage as for
 * https; secure: a secure context; supportFetchAPI: the page's own fetches of its assets. Not
 * corsEnabled (no other origin may read from it) and not bypassCSP.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Whether `url` is on the app's origin: our scheme and host, no credentials, no port. */
export function isAppOrigin(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

function refusal(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}

/** The handler for `protocol.handle(APP_SCHEME, …)`: files of `rendererDir`, and nothing else. */
export function appProtocolHandler(rendererDir: string): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  const policy = contentSecurityPolicy({ header: true });
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refusal(400, 'bad request');
    }
    if (!isAppOrigin(url)) return refusal(404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'method not allowed');
    // confinedRealPath decodes the path, then refuses what leaves the folder by its text
    // (../, %2e%2e, %2f) or by its real path (a link out of the folder).
    const file = await confinedRealPath(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) return refusal(404, 'not found');
    const headers = {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': policy,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(new Uint8Array(await readFile(file)), { status: 200, headers });
  };
}
