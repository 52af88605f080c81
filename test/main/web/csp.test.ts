import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyPlugin } from '../../../electron.vite.config';
import { contentSecurityPolicy, withPolicyMeta } from '../../../src-main/web/csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

/** Sources that would let a script run that is not one of the app's own files. */
const UNSAFE_SCRIPT_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", '*', 'data:', 'blob:', 'http:', 'https:', 'filesystem:'];

describe('the Content-Security-Policy', () => {
  it.each([
    ['the Electron window (meta tag)', contentSecurityPolicy()],
    ['convolab serve (header)', contentSecurityPolicy({ socketOrigin: 'ws://127.0.0.1:5178', header: true })],
  ])('for %s lets scripts come only from the app itself', (_where, policy) => {
    const parsed = directives(policy);
    expect(parsed.get('script-src')).toEqual(["'self'"]);
    expect(parsed.get('default-src')).toEqual(["'self'"]);
    for (const name of ['script-src', 'default-src', 'worker-src']) {
      for (const source of parsed.get(name) ?? []) expect(UNSAFE_SCRIPT_SOURCES, `${name} ${source}`).not.toContain(source);
    }
    expect(parsed.get('object-src')).toEqual(["'none'"]);
    expect(parsed.get('base-uri')).toEqual(["'none'"]);
    expect(parsed.get('form-action')).toEqual(["'none'"]);
    // Nothing remote anywhere: every source is the app's own, or data held in the page.
    for (const [name, sources] of parsed) {
      for (const source of sources) expect(source, name).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:|ws:\/\/127\.0\.0\.1:5178)$/);
    }
    expect(parsed.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('lets the served page reach its own socket and forbids framing, only in the header', () => {
    expect(directives(contentSecurityPolicy({ socketOrigin: 'ws://127.0.0.1:5178', header: true })).get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5178']);
    expect(directives(contentSecurityPolicy({ header: true })).get('frame-ancestors')).toEqual(["'none'"]);
    // A meta tag cannot carry frame-ancestors; the browser would warn about it.
    expect(directives(contentSecurityPolicy()).has('frame-ancestors')).toBe(false);
    expect(directives(contentSecurityPolicy()).get('connect-src')).toEqual(["'self'"]);
  });

  it('is put into the built page by the build, right after the charset (the Electron window has no headers)', () => {
    const plugin = contentSecurityPolicyPlugin();
    expect(plugin.apply).toBe('build');
    const page = readFileSync(new URL('../../../src-renderer/index.html', import.meta.url), 'utf8');
    const transform = plugin.transformIndexHtml as (html: string) => string;
    const built = transform(page);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)" \/>/.exec(built);
    expect(meta?.[1]).toBe(contentSecurityPolicy());
    expect(built.indexOf('Content-Security-Policy')).toBeGreaterThan(built.indexOf('<meta charset'));
    expect(built.indexOf('Content-Security-Policy')).toBeLessThan(built.indexOf('<script'));
  });

  it('refuses to build a page it cannot put the policy into', () => {
    expect(() => withPolicyMeta('<html><head></head></html>')).toThrow(/no <meta charset>/);
  });
});
