/** What every codec returns: the value, or one line a user can act on (STYLE.md: errors are values). */
export type CodecResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function success<T>(value: T): CodecResult<T> {
  return { ok: true, value };
}

export function failure<T = never>(error: string): CodecResult<T> {
  return { ok: false, error };
}
