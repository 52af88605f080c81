/** Messages between a batch run (batch-pool.ts) and each of its workers (batch-worker.ts). */
import type { GraphDocument } from '../../src-shared/graph/document';

export type ToBatchWorker =
  | {
      readonly kind: 'init';
      /** Where relative paths in params resolve: the graph file's folder. */
      readonly graphDir: string;
      /** The DSP band worker's entry (a path or a file: URL's href). */
      readonly bandWorkerUrl: string;
      /** Band threads for this worker's 2-D work; 1 runs it on the worker's own thread. */
      readonly bandThreads: number;
      /** The engine's memory budget in bytes (--memory); the default without it. */
      readonly memoryLimit?: number;
      /** Where the worker writes its inputs' temporary files' names (TempLedger). */
      readonly ledger: SharedArrayBuffer;
    }
  | {
      readonly kind: 'job';
      readonly id: number;
      readonly document: GraphDocument;
      /** Each sink's file name, by node id (outputs.ts). */
      readonly names: ReadonlyArray<readonly [string, string]>;
      /** The input's own folder under --out; made if missing. */
      readonly outDir: string;
      /** Its slot of the ledger, cleared by the pool. */
      readonly slot: number;
    };

/** What one input's run came to: enough for its summary row and its line on stderr. */
export interface JobReport {
  readonly nodeCount: number;
  /** The nodes that failed: `id (type): error`. */
  readonly failed: readonly string[];
  readonly skipped: number;
  readonly failedChecks: readonly string[];
  /** The nodes that ran with a note that is a warning: `[id (type), note]`. */
  readonly warned: ReadonlyArray<readonly [string, string]>;
  readonly values: ReadonlyArray<readonly [string, Readonly<Record<string, number>>]>;
}

/** An input's run: its report, or why it could not finish (its results could not be written, say); ms from start to end. */
export type JobOutcome = { readonly ms: number; readonly report: JobReport } | { readonly ms: number; readonly error: string };

/**
 * An input's answer; and the name of a temporary file the worker makes for an input when its slot
 * of the ledger is full (`temp`, told before the file is made; `not-temp` when it could not be
 * made), which the pool removes, as the ledger's, if the worker dies before answering the input.
 */
export type FromBatchWorker =
  | ({ readonly kind: 'done'; readonly id: number } & JobOutcome)
  | { readonly kind: 'temp'; readonly id: number; readonly temp: string }
  | { readonly kind: 'not-temp'; readonly id: number; readonly temp: string };

/** Bytes of the ledger for each input in flight: some 300 temporary files' names (more are told by message). */
export const LEDGER_SLOT_BYTES = 32 * 1024;

/**
 * The names of the temporary files a batch worker makes, written before each file is made, so that
 * if the worker's thread dies the pool removes them (batch-pool.ts): shared memory, one slot per
 * input in flight, written by the worker alone and read by the pool only once the thread has ended,
 * so an input's staging costs the pool no message and no wake (a message per file cost 22 system
 * calls per input). A slot: the bytes used (an Int32), then one record per name: its length in
 * bytes (negative when the name is taken back: the file could not be made), its UTF-8, padded to
 * four bytes. The count is stored after the record's bytes: a thread stopped in between leaves the
 * record uncounted, and its file not yet made.
 */
export class TempLedger {
  private readonly words: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer);
  }

  static create(slots: number): TempLedger {
    return new TempLedger(new SharedArrayBuffer(slots * LEDGER_SLOT_BYTES));
  }

  /** Empties a slot, for the next input to take (the pool, once the input before answered). */
  clear(slot: number): void {
    Atomics.store(this.words, (slot * LEDGER_SLOT_BYTES) / 4, 0);
  }

  /** Adds a name to a slot (`takenBack`: the file of that name was not made); false when the slot is full. */
  write(slot: number, name: string, takenBack = false): boolean {
    const start = slot * LEDGER_SLOT_BYTES;
    const used = Atomics.load(this.words, start / 4);
    const length = Buffer.byteLength(name, 'utf8');
    const record = 4 + Math.ceil(length / 4) * 4;
    if (4 + used + record > LEDGER_SLOT_BYTES) return false;
    const at = start + 4 + used;
    Buffer.from(this.buffer, at + 4, length).write(name, 'utf8');
    this.words[at / 4] = takenBack ? -length : length;
    Atomics.store(this.words, start / 4, used + record);
    return true;
  }

  /** The names a slot holds that were not taken back. */
  read(slot: number): Set<string> {
    const start = slot * LEDGER_SLOT_BYTES;
    const used = Atomics.load(this.words, start / 4);
    const names = new Set<string>();
    for (let offset = 0; offset < used; ) {
      const at = start + 4 + offset;
      const length = this.words[at / 4]!;
      const name = Buffer.from(this.buffer, at + 4, Math.abs(length)).toString('utf8');
      if (length < 0) names.delete(name);
      else names.add(name);
      offset += 4 + Math.ceil(Math.abs(length) / 4) * 4;
    }
    return names;
  }
}
