/**
 * Convolab's Content-Security-Policy, one policy for both windows onto the editor: the built
 * page carries it as a meta tag (electron.vite.config.ts puts it there), and both the desktop's
 * convolab://app protocol and `convolab serve` send it as a header too. Scripts come
 * only from the app itself — no inline script, no eval, nothing remote — and the page may talk
 * only to its own origin (and, served, to its own socket).
 */
export interface PolicyOptions {
  /** The engine socket's origin (`ws://127.0.0.1:5178`) under `convolab serve`. */
  readonly socketOrigin?: string;
  /**
   * Sent as a header: adds what a meta tag cannot carry (frame-ancestors), which a browser
   * ignores, with a console warning, when it meets it in a meta tag.
   */
  readonly header?: boolean;
  /**
   * The static web build, whose page starts the engine's Web Worker: compiling its WebAssembly
   * kernels is allowed ('wasm-unsafe-eval' permits WebAssembly compilation only, never eval).
   */
  readonly wasm?: boolean;
}

export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self'${options.wasm ? " 'wasm-unsafe-eval'" : ''}`,
    // React sets style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.socketOrigin ? ` ${options.socketOrigin}` : ''}`,
    "media-src 'self' blob:",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.header ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

/** Puts the policy into a page's head as its first meta tag after the charset. */
export function withPolicyMeta(html: string, policy: string = contentSecurityPolicy()): string {
  const charset = /<meta charset="[^"]*"\s*\/?>/i;
  if (!charset.test(html)) throw new Error('the page has no <meta charset> to put the Content-Security-Policy after');
  return html.replace(charset, (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
}
