/**
 * The built renderer's files as a server hands them out — by `convolab serve` over http and by
 * the desktop's convolab://app protocol (src-main/electron/protocol.ts): a URL path resolved
 * inside the renderer folder or refused, and each file's content type.
 */
import { realpath } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** Resolves a URL path inside `root`, or undefined when it would leave it. */
export function confinedPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = normalize(join(root, decoded));
  const base = resolve(root);
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

/** Like `confinedPath`, and the file a symbolic link points at must lie inside `root` too. */
export async function confinedRealPath(root: string, urlPath: string): Promise<string | undefined> {
  const file = confinedPath(root, urlPath);
  if (!file) return undefined;
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file).catch(() => undefined)]);
  if (!realFile) return undefined;
  return realFile === realRoot || realFile.startsWith(realRoot + sep) ? realFile : undefined;
}
