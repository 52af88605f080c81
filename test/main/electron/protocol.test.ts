import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_PAGE_URL, APP_SCHEME, appProtocolHandler, registerAppScheme } from '../../../src-main/electron/protocol';
import { contentSecurityPolicy } from '../../../src-main/web/csp';

const INDEX = '<!doctype html><meta charset="UTF-8"><title>Convolab</title>';

/** A built renderer folder, with secrets beside it and above it that must never be served. */
function built() {
  const base = mkdtempSync(join(tmpdir(), 'convolab-protocol-'));
  const renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), INDEX);
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'export const x = 1;');
  writeFileSync(join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(renderer, 'assets', 'dsp.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
  // A sibling whose name starts like the renderer's: a prefix test on paths would let it through.
  mkdirSync(join(base, 'renderer-secrets'));
  writeFileSync(join(base, 'renderer-secrets', 'key.txt'), 'outside the renderer');
  symlinkSync(join(base, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
  return { base, handler: appProtocolHandler(renderer) };
}

const get = (url: string, method = 'GET') => ({ url, method });

describe('the convolab://app protocol', () => {
  it('is registered as a standard, secure scheme with fetch, and nothing more', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_PAGE_URL).toBe('convolab://app/index.html');
  });

  it('serves the page, at / and by name, with its type, the Content-Security-Policy and nosniff', async () => {
    const { handler } = built();
    for (const url of ['convolab://app/', 'convolab://app/index.html', 'convolab://app/index.html?x=1#top']) {
      const response = await handler(get(url));
      expect(response.status, url).toBe(200);
      expect(await response.text()).toBe(INDEX);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ header: true }));
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.css', 'text/css; charset=utf-8'],
    ['assets/dsp.wasm', 'application/wasm'],
  ])('serves %s as %s', async (path, type) => {
    const { handler } = built();
    const response = await handler(get(`convolab://app/${path}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ header: true }));
  });

  it.each([
    ['dot segments', 'convolab://app/../secret.txt'],
    ['dot segments under a folder', 'convolab://app/assets/../../secret.txt'],
    ['encoded dots', 'convolab://app/%2e%2e/secret.txt'],
    ['an encoded slash', 'convolab://app/..%2fsecret.txt'],
    ['an encoded slash under a folder', 'convolab://app/assets/..%2F..%2Fsecret.txt'],
    ['double encoding', 'convolab://app/%252e%252e/secret.txt'],
    ['a backslash', 'convolab://app/..%5csecret.txt'],
    ['a sibling folder with the same prefix', 'convolab://app/..%2frenderer-secrets/key.txt'],
    ['an absolute path', 'convolab://app/%2fetc%2fpasswd'],
    ['a NUL', 'convolab://app/index.html%00.txt'],
    ['a malformed escape', 'convolab://app/%E0%A4%A'],
    ['a link inside the folder to a file outside', 'convolab://app/assets/link.txt'],
    ['a folder', 'convolab://app/assets'],
    ['a missing file', 'convolab://app/nope.js'],
    ['another host', 'convolab://evil/index.html'],
    ['credentials', 'convolab://user@app/index.html'],
    ['a port', 'convolab://app:8080/index.html'],
  ])('refuses %s (%s) without serving anything outside the renderer', async (_what, url) => {
    const { handler } = built();
    const response = await handler(get(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('answers only GET and HEAD', async () => {
    const { handler } = built();
    expect((await handler(get(APP_PAGE_URL, 'POST'))).status).toBe(405);
    const head = await handler(get(APP_PAGE_URL, 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await handler(get('not a url'))).status).toBe(400);
  });
});
