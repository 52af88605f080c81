/** What every codec returns: the value, or one line a user can act on (STYLE.md: errors are values). */
export type CodecResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function success<T>(value: T): CodecResult<T> {
  return { ok: true, value };
}

export function failure<T = never>(error: string): CodecResult<T> {
  return { ok: false, error };
}

/**
 * The memory a decode may use, checked from the file's header *before* anything that scales with
 * it is allocated, so that a small file that lies about its size cannot make the program
 * allocate gigabytes.
 */
export interface DecodeBudget {
  /**
   * Claims `bytes` before they are allocated (a node passes its `context.reserve`); throws to
   * refuse. Without it, a decode over `maxBytes` is refused with a one-line error.
   */
  readonly reserve?: (bytes: number, what: string) => void;
  /** Used only without `reserve` (default 1 GiB, the engine's limit for one node). */
  readonly maxBytes?: number;
}

export const DEFAULT_DECODE_BYTES = 1024 ** 3;

/** Claims a decode's memory: undefined when granted, else the line that refuses it (`reserve` may throw instead). */
export function claimDecode(budget: DecodeBudget, bytes: number, what: string): string | undefined {
  if (budget.reserve) {
    budget.reserve(bytes, what);
    return undefined;
  }
  const limit = budget.maxBytes ?? DEFAULT_DECODE_BYTES;
  if (bytes <= limit) return undefined;
  return `${what} would need ${(bytes / 1024 ** 2).toFixed(0)} MiB, over the ${(limit / 1024 ** 2).toFixed(0)} MiB limit: use a smaller file`;
}
