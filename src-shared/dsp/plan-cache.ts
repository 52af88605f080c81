/**
 * A cache of FFT plans bounded by the memory their tables take. Plans are cached so that
 * repeated transforms of one length plan once (STYLE.md, KissFFT); but a session that sweeps a
 * length (a slider on op.fft's n, a pad length, signals of ever new lengths) meets thousands of
 * lengths, and an unbounded cache then holds gigabytes of tables it will never use again. This
 * one forgets the least recently used plans once their tables pass `maxBytes`; a forgotten plan
 * is simply built again when its length comes back, and one still in use stays alive through
 * whoever holds it.
 */
/**
 * Bytes of plan tables each cache keeps (the plain path's complex, real and power-of-two caches,
 * and the SIMD module's plan area). 128 MiB holds the plans of every length a graph uses at
 * once, up to transforms of a few million points; tests lower it to see the bound at work.
 */
export const planLimits = { bytes: 128 * 1024 * 1024 };

/** FFT plans by length, least recently used forgotten first once past the bound. */
export class PlanCache<V extends object> {
  private readonly entries = new Map<number, { value: V; bytes: number }>();
  private total = 0;

  /** `maxBytes` is read at every insertion, so tests can lower planLimits.bytes. */
  constructor(private readonly maxBytes: () => number = () => planLimits.bytes) {}

  get(key: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: number, value: V): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.bytes;
      this.entries.delete(key);
    }
    const bytes = tableBytes(value);
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    // The newest plan stays even when it alone is over the bound: it is about to be used.
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes() || oldest === key) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
  }

  /** Forgets every plan (tests start from a known state). */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** Bytes of typed arrays held by the cached plans. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Bytes of the typed arrays (and JS arrays of numbers) an object holds, through its fields, arrays and inner objects. */
export function tableBytes(value: object, seen: Set<object> = new Set()): number {
  if (seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  // The power-of-two kernels keep tables and work areas in JS arrays of doubles (pow2.ts says
  // why): 8 bytes an element.
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'number') return 8 * value.length;
  let bytes = 0;
  for (const field of Object.values(value)) {
    if (field !== null && typeof field === 'object') bytes += tableBytes(field as object, seen);
  }
  return bytes;
}
