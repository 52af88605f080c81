/**
 * The engine: evaluates a graph document in topological order, memoised per node, incremental,
 * cancellable, timed, with per-node errors (../shared/DESIGN.md, "One run, end to end").
 *
 * A node's cache key is its type, its resolved params and the identities (generation numbers)
 * of the values on its inputs. Changing one param therefore re-runs that node and what lies
 * downstream of it, and nothing else. A node that fails carries its error; nodes downstream of
 * it are `skipped`; every other branch still runs.
 */
import type { DataType, Value } from '../data';
import { type BufferPool, installBufferPool } from '../dsp/buffer-pool';
import type { ParallelDsp } from '../dsp/parallel';
import { BLOCK_TYPE, type GraphDocument, type GraphNode } from '../graph/document';
import { expandBlocks, missingBlockProblem } from '../graph/expand';
import { adaptParams } from '../graph/infer';
import { checkParams } from '../graph/params';
import {
  type ComputeContext,
  type ErrorCause,
  type NodeDefinition,
  type NodeResult,
  type PortDefinition,
  ResourceLimitError,
  RunCancelled,
  resolveParams,
} from '../nodes/define';
import { getNodeDefinition } from '../nodes/registry';

export type NodeStatus = 'ok' | 'error' | 'skipped';

export interface NodeReport {
  readonly id: string;
  readonly type: string;
  readonly status: NodeStatus;
  /** Milliseconds its compute took when it last ran (a cached node keeps its time). */
  readonly ms: number;
  readonly error?: string;
  /** Why it failed, as data, when the node said (the editor offers a fix from it). */
  readonly cause?: ErrorCause;
  readonly info?: string;
  /** The note (info) is a warning: computed, but likely not what was meant. */
  readonly warning?: boolean;
  /** True when this run reused the node's output from an earlier run. */
  readonly cached: boolean;
}

export interface NodeOutcome {
  readonly report: NodeReport;
  readonly outputs: Readonly<Record<string, Value>>;
  readonly sink?: Value;
}

export interface RunResult {
  readonly status: 'done' | 'cancelled';
  /** One report per node that was reached, in the order they ran. */
  readonly reports: NodeReport[];
  readonly ms: number;
}

export interface EngineOptions {
  /**
   * The run's memory budget in bytes (default 1 GiB): what every node's output held in the memo
   * adds up to, plus what the node computing now reserves. One budget for the run, not one per
   * node, so K large nodes cannot each take the limit.
   */
  readonly memoryLimit?: number;
  /**
   * How this host lets a user give a run more than `memoryLimit`, for a refusal that would fit
   * in `needed` bytes (what the run holds and the request): `convolab run` says "run with
   * --memory 3G". Undefined where there is no such way, or none that would be enough.
   */
  readonly moreMemory?: (needed: number) => string | undefined;
  readonly readFile?: (path: string) => Promise<Uint8Array>;
  /** Reads a model the app ships by file name (op.unet3d's default weights). */
  readonly readModel?: (name: string) => Promise<Uint8Array>;
  /**
   * Writes a file a node names (`sink.file`). It is handed the document being run, so a host can
   * put the graph inside what it writes (a PNG's iTXt chunk: src-shared/io/png-text.ts).
   */
  readonly writeFile?: (path: string, bytes: Uint8Array, document: GraphDocument) => Promise<void>;
  /** A clock in milliseconds (performance.now where there is one). */
  readonly now?: () => number;
  /** Threads for 2-D work (the host's band workers); without it nodes run single-threaded. */
  readonly parallel?: ParallelDsp;
  /**
   * Reuses the buffers of large outputs no memo entry holds any more (dsp/buffer-pool.ts): a
   * re-run then writes into memory already mapped instead of faulting in new pages. Only for a
   * host whose values never outlive the memo entry outside the engine (the engine workers post
   * copies): with a pool, an array read from `outcome()` is valid until the run that replaces
   * that node's output.
   */
  readonly bufferPool?: BufferPool;
}

export interface RunOptions {
  /** Polled between nodes and inside long loops: true once a newer run supersedes this one. */
  readonly isCancelled?: () => boolean;
  readonly onNodeStart?: (id: string) => void;
  readonly onNodeDone?: (outcome: NodeOutcome) => void;
  /** Progress in [0, 1] of the node running now, at most every `progressInterval` ms, the first once it has run that long. */
  readonly onProgress?: (id: string, fraction: number) => void;
  readonly progressInterval?: number;
}

export const DEFAULT_MEMORY_LIMIT = 1024 ** 3;

interface CacheEntry {
  /** The node's type and inputs (`type|port=source.port@generation,…`); '' for an outcome never reused. */
  key: string;
  /** The params it computed with (resolved): equal params and an equal key, and the outcome is reused. */
  params?: Readonly<Record<string, unknown>>;
  generation: number;
  outcome: NodeOutcome;
}

/**
 * The engine's memo: each node's last entry, and what their outputs hold in bytes, each buffer
 * counted once however many outputs share it (a node that passes its input through). The total
 * is kept as entries come and go, so asking it costs nothing per node (a recount per node would
 * be O(nodes²) a run).
 *
 * With a buffer pool, it also gives back to the pool each buffer no entry can reach any more: a
 * buffer is counted by every entry whose outputs or sink value hold it (a sink passes its input
 * on as is), and only when the last such entry is replaced or evicted does it go back. The pool
 * takes back only buffers it handed out (dsp/buffer-pool.ts).
 */
class Memo {
  private readonly entries = new Map<string, CacheEntry>();
  /** Per buffer held: how many entries hold it, and its size when it was first held. */
  private readonly holders = new Map<ArrayBufferLike, { count: number; bytes: number }>();
  /** The distinct buffers of each entry's outputs. */
  private readonly buffersOf = new Map<string, readonly ArrayBufferLike[]>();
  /** Per buffer: how many entries reach it through their outputs or sink value. */
  private readonly reach = new Map<ArrayBufferLike, number>();
  /** The distinct buffers of each entry's outputs and sink value. */
  private readonly reachOf = new Map<string, readonly ArrayBufferLike[]>();
  private total = 0;

  constructor(private readonly pool?: BufferPool) {}

  get(id: string): CacheEntry | undefined {
    return this.entries.get(id);
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  set(id: string, entry: CacheEntry): void {
    // The new entry's buffers are counted before the old entry's are let go, so a buffer both hold
    // never looks unreached in between.
    const reached = distinctBuffers([...Object.values(entry.outcome.outputs), ...(entry.outcome.sink ? [entry.outcome.sink] : [])]);
    for (const buffer of reached) {
      this.reach.set(buffer, (this.reach.get(buffer) ?? 0) + 1);
      this.pool?.withdraw(buffer);
    }
    this.delete(id);
    this.reachOf.set(id, reached);
    this.entries.set(id, entry);
    const buffers = distinctBuffers(Object.values(entry.outcome.outputs));
    this.buffersOf.set(id, buffers);
    for (const buffer of buffers) {
      const holder = this.holders.get(buffer);
      if (holder) holder.count++;
      else {
        this.holders.set(buffer, { count: 1, bytes: buffer.byteLength });
        this.total += buffer.byteLength;
      }
    }
  }

  delete(id: string): void {
    if (!this.entries.delete(id)) return;
    for (const buffer of this.buffersOf.get(id) ?? []) {
      const holder = this.holders.get(buffer)!;
      if (--holder.count > 0) continue;
      this.holders.delete(buffer);
      this.total -= holder.bytes;
    }
    this.buffersOf.delete(id);
    for (const buffer of this.reachOf.get(id) ?? []) {
      const count = this.reach.get(buffer)! - 1;
      if (count > 0) {
        this.reach.set(buffer, count);
        continue;
      }
      this.reach.delete(buffer);
      this.pool?.release(buffer);
    }
    this.reachOf.delete(id);
  }

  clear(): void {
    this.entries.clear();
    this.holders.clear();
    this.buffersOf.clear();
    this.reach.clear();
    this.reachOf.clear();
    this.total = 0;
    this.pool?.clear();
  }

  /** Bytes every entry holds. */
  bytes(): number {
    return this.total;
  }

  /** Bytes every entry but `id`'s holds: its own last output is about to be replaced. */
  bytesWithout(id: string): number {
    let own = 0;
    for (const buffer of this.buffersOf.get(id) ?? []) {
      const holder = this.holders.get(buffer)!;
      if (holder.count === 1) own += holder.bytes;
    }
    return this.total - own;
  }

  /** Whether an entry other than `id`'s holds `buffer`. */
  heldByOthers(buffer: ArrayBufferLike, id: string): boolean {
    const count = this.holders.get(buffer)?.count ?? 0;
    return count - (this.buffersOf.get(id)?.includes(buffer) ? 1 : 0) > 0;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 4) return `${(bytes / 1024 ** 4).toFixed(1)} TiB`;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

/**
 * Orders nodes so that every node comes after its inputs; ties keep document order. Nodes on a
 * cycle (and those downstream of one) are returned in `cyclic`.
 */
export function topologicalOrder(document: GraphDocument): { order: GraphNode[]; cyclic: GraphNode[] } {
  const index = new Map(document.nodes.map((node, i) => [node.id, i]));
  const indegree = new Array<number>(document.nodes.length).fill(0);
  const downstream: number[][] = document.nodes.map(() => []);
  for (const edge of document.edges) {
    const from = index.get(edge.source);
    const to = index.get(edge.target);
    if (from === undefined || to === undefined) continue;
    downstream[from]!.push(to);
    indegree[to]!++;
  }
  // A simple binary heap keyed by document index keeps ties in document order.
  const ready: number[] = [];
  const push = (i: number): void => {
    ready.push(i);
    let k = ready.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (ready[parent]! <= ready[k]!) break;
      [ready[parent], ready[k]] = [ready[k]!, ready[parent]!];
      k = parent;
    }
  };
  const pop = (): number => {
    const top = ready[0]!;
    const last = ready.pop()!;
    if (ready.length > 0) {
      ready[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < ready.length && ready[l]! < ready[m]!) m = l;
        if (r < ready.length && ready[r]! < ready[m]!) m = r;
        if (m === k) break;
        [ready[m], ready[k]] = [ready[k]!, ready[m]!];
        k = m;
      }
    }
    return top;
  };
  indegree.forEach((degree, i) => degree === 0 && push(i));
  const order: GraphNode[] = [];
  const placed = new Uint8Array(document.nodes.length);
  while (ready.length > 0) {
    const i = pop();
    placed[i] = 1;
    order.push(document.nodes[i]!);
    for (const j of downstream[i]!) if (--indegree[j]! === 0) push(j);
  }
  const cyclic = document.nodes.filter((_, i) => !placed[i]);
  return { order, cyclic };
}

/** "a signal", "an image": the article the first word wants. */
function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function describeTypes(types: readonly DataType[]): string {
  return types.length === 1 ? types[0]! : `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`;
}

/** A port as its node shows it: `a`, or `kernel (b)` where the node shows a label. */
export function portWords(port: PortDefinition): string {
  return port.label ? `${port.label} (${port.id})` : port.id;
}

/** Checks the values arriving at a node's inputs against its ports; the message names the port. */
export function checkInputs(definition: NodeDefinition, inputs: Readonly<Record<string, Value | undefined>>): string | undefined {
  let genericType: DataType | undefined;
  let genericPort = '';
  for (const port of definition.inputs) {
    const value = inputs[port.id];
    if (value === undefined) {
      if (!port.optional) return `input ${portWords(port)} is not connected: connect ${article(describeTypes(port.types))}`;
      continue;
    }
    if (!port.types.includes(value.kind)) {
      return `input ${portWords(port)} takes ${article(describeTypes(port.types))}, but ${article(value.kind)} is connected`;
    }
    if (port.generic) {
      if (genericType === undefined) {
        genericType = value.kind;
        genericPort = portWords(port);
      } else if (genericType !== value.kind) {
        return `inputs ${genericPort} and ${portWords(port)} must carry the same type (got ${genericType} and ${value.kind})`;
      }
    }
  }
  return undefined;
}

export class Engine {
  private readonly cache: Memo;
  private generation = 0;
  private memoryLimit: number;
  private readonly now: () => number;

  constructor(private readonly options: EngineOptions = {}) {
    this.memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    this.now = options.now ?? defaultClock();
    this.cache = new Memo(options.bufferPool);
  }

  /** The budget of the runs (setMemoryLimit changes it): the views' own work is held to it too. */
  get memoryBudget(): number {
    return this.memoryLimit;
  }

  /** The last outcome of a node, if it has run. */
  outcome(id: string): NodeOutcome | undefined {
    return this.cache.get(id)?.outcome;
  }

  /** Forgets every cached output (e.g. after a file on disk changed), and the buffer pool's idle buffers. */
  clear(): void {
    this.cache.clear();
  }

  /**
   * A new budget for the runs from now on (the desktop app's Memory Limit). The outputs the memo
   * holds stay while they fit it, so raising the budget recomputes only what failed (a refusal is
   * remembered like any failure, and would otherwise come back from the memo); when they do not
   * fit, the memo is cleared.
   */
  setMemoryLimit(bytes: number): void {
    this.memoryLimit = bytes;
    if (this.cache.bytes() > bytes) {
      this.cache.clear();
      return;
    }
    for (const id of this.cache.ids()) {
      if (this.cache.get(id)?.outcome.report.status !== 'ok') this.cache.delete(id);
    }
  }

  /** Bytes the memo holds now (every node's last outputs, each buffer once): the run budget's starting point. */
  heldBytes(): number {
    return this.cache.bytes();
  }

  /**
   * Runs a document; one with blocks runs as its inner nodes (graph/expand.ts), each reported,
   * memoised and previewed under its flat id (`conv1/fft`).
   */
  async run(original: GraphDocument, options: RunOptions = {}): Promise<RunResult> {
    const started = this.now();
    const expansion = expandBlocks(original);
    const document = expansion.document;
    const isCancelled = options.isCancelled ?? (() => false);
    const reports: NodeReport[] = [];
    const reached = new Set<string>();
    const present = new Set(document.nodes.map((node) => node.id));
    for (const id of this.cache.ids()) if (!present.has(id)) this.cache.delete(id);

    const { order, cyclic } = topologicalOrder(document);
    // Kernels with dims auto compute with the shape the graph layer resolved (graph/infer.ts).
    const adapted = adaptParams(document, getNodeDefinition);
    const incoming = new Map<string, { source: string; sourceHandle: string; targetHandle: string }[]>();
    for (const edge of document.edges) {
      const list = incoming.get(edge.target) ?? [];
      list.push(edge);
      incoming.set(edge.target, list);
    }

    const finish = (outcome: NodeOutcome, key: string, fresh: boolean, params?: Readonly<Record<string, unknown>>): void => {
      if (fresh) this.cache.set(outcome.report.id, { key, ...(params ? { params } : {}), generation: ++this.generation, outcome });
      reports.push(outcome.report);
      reached.add(outcome.report.id);
      options.onNodeDone?.(outcome);
    };

    for (const node of order) {
      if (isCancelled()) return { status: 'cancelled', reports, ms: this.now() - started };
      const definition = getNodeDefinition(node.type);
      const edges = incoming.get(node.id) ?? [];
      const base = { id: node.id, type: node.type, ms: 0, cached: false };

      // Upstream state: a failed or skipped input skips this node.
      const inputs: Record<string, Value | undefined> = {};
      const identity: string[] = [];
      let blockedBy: string | undefined;
      for (const edge of edges) {
        const upstream = this.cache.get(edge.source);
        const status = upstream?.outcome.report.status;
        if (!upstream || status !== 'ok' || !reached.has(edge.source)) {
          blockedBy = edge.source;
          break;
        }
        const value = upstream.outcome.outputs[edge.sourceHandle];
        if (value === undefined) {
          blockedBy = edge.source;
          break;
        }
        inputs[edge.targetHandle] = value;
        identity.push(`${edge.targetHandle}=${edge.source}.${edge.sourceHandle}@${upstream.generation}`);
      }
      if (definition === undefined) {
        const error = node.type !== BLOCK_TYPE ? `unknown node type ${node.type}` : (expansion.problem ?? missingBlockProblem(node));
        finish({ report: { ...base, status: 'error', error }, outputs: {} }, '', true);
        continue;
      }
      if (blockedBy !== undefined) {
        const reason = `skipped: input from ${blockedBy} has no value`;
        finish({ report: { ...base, status: 'skipped', error: reason }, outputs: {} }, '', true);
        continue;
      }
      const problems = checkParams(definition, node.params);
      if (problems.length > 0) {
        const message = problems.map((p) => `params.${p.param}: ${p.message}`).join('; ');
        finish({ report: { ...base, status: 'error', error: message }, outputs: {} }, '', true);
        continue;
      }
      const adaptation = adapted.get(node.id);
      if (adaptation && 'error' in adaptation) {
        finish({ report: { ...base, status: 'error', error: adaptation.error }, outputs: {} }, '', true);
        continue;
      }
      const params = resolveParams(definition, adaptation ? { ...node.params, ...adaptation.params } : node.params);
      identity.sort();
      // Params are compared, not written out into the key: a sequence of a million values is
      // compared in a millisecond or two, and was written out as text in half a second each run.
      const key = `${node.type}|${identity.join(',')}`;
      const cached = this.cache.get(node.id);
      if (cached && cached.key === key && cached.params !== undefined && sameParamValue(cached.params, params)) {
        const outcome = { ...cached.outcome, report: { ...cached.outcome.report, cached: true } };
        reports.push(outcome.report);
        reached.add(node.id);
        options.onNodeDone?.(outcome);
        continue;
      }
      const inputProblem = checkInputs(definition, inputs);
      if (inputProblem !== undefined) {
        finish({ report: { ...base, status: 'error', error: inputProblem }, outputs: {} }, key, true, params);
        continue;
      }

      options.onNodeStart?.(node.id);
      // What the rest of the graph holds; this node's own last output is about to be replaced.
      const heldByOthers = this.cache.bytesWithout(node.id);
      // A file a sink writes carries the graph as the user made it, blocks and all.
      const context = this.context(original, node.id, isCancelled, options, heldByOthers);
      const t0 = this.now();
      let result: NodeResult;
      // Large outputs this node makes (allocFloat32) come from the pool while it computes; shared
      // when there are band threads to read them without a copy.
      const pool = this.options.bufferPool;
      if (pool) installBufferPool(pool, this.options.parallel !== undefined);
      try {
        result = await definition.compute(inputs, params, context);
      } catch (error) {
        if (error instanceof RunCancelled) return { status: 'cancelled', reports, ms: this.now() - started };
        result = { ok: false, error: errorMessage(error) };
      } finally {
        if (pool) installBufferPool(undefined);
      }
      const ms = this.now() - t0;
      if (result.ok) {
        // Buffers passed through from an input are held already; only new ones add to the run.
        const size = distinctBuffers(Object.values(result.outputs))
          .filter((buffer) => !this.cache.heldByOthers(buffer, node.id))
          .reduce((sum, buffer) => sum + buffer.byteLength, 0);
        if (heldByOthers + size > this.memoryLimit) {
          result = { ok: false, error: `output needs ${formatBytes(size)}, ${overBudget(this.memoryLimit, heldByOthers, size, this.options.moreMemory)}` };
        }
      }
      if (result.ok) {
        finish(
          {
            report: { ...base, status: 'ok', ms, ...(result.info !== undefined ? { info: result.info, ...(result.warning ? { warning: true } : {}) } : {}) },
            outputs: result.outputs,
            ...(result.sink !== undefined ? { sink: result.sink } : {}),
          },
          key,
          true,
          params,
        );
      } else {
        const cause = result.cause !== undefined ? { cause: result.cause } : {};
        finish({ report: { ...base, status: 'error', ms, error: result.error, ...cause }, outputs: {} }, key, true, params);
      }
    }

    for (const node of cyclic) {
      const report: NodeReport = {
        id: node.id,
        type: node.type,
        status: 'error',
        ms: 0,
        cached: false,
        error: 'on a cycle (or downstream of one): remove an edge so the graph flows one way',
      };
      finish({ report, outputs: {} }, '', true);
    }
    return { status: 'done', reports, ms: this.now() - started };
  }

  private context(document: GraphDocument, id: string, isCancelled: () => boolean, options: RunOptions, heldByOthers: number): ComputeContext {
    const interval = options.progressInterval ?? 50;
    // The first report comes `interval` after the node began, not at its first call: a node done
    // sooner reports no progress at all (each report is a message to the page, which shows a
    // node's progress only once it has run for half a second: store/nodeStatus.ts).
    let lastReport = this.now();
    const limit = this.memoryLimit;
    // Reservations add up within a node: temporaries and the output live at the same time.
    let reserved = 0;
    const { readFile, readModel, writeFile, parallel } = this.options;
    const context: ComputeContext = {
      checkCancelled: () => {
        if (isCancelled()) throw new RunCancelled();
      },
      progress: (fraction: number) => {
        if (isCancelled()) throw new RunCancelled();
        const now = this.now();
        if (options.onProgress && now - lastReport >= interval) {
          lastReport = now;
          options.onProgress(id, Math.min(1, Math.max(0, fraction)));
        }
      },
      reserve: (bytes: number, what: string) => {
        const used = heldByOthers + reserved;
        if (!(bytes <= limit - used)) throw new ResourceLimitError(`${what} would need ${formatBytes(bytes)}, ${overBudget(limit, used, bytes, this.options.moreMemory)}`);
        reserved += bytes;
      },
      readFile: (path: string) => {
        if (!readFile) return Promise.reject(new Error(`cannot read ${path}: this host gives no file access`));
        return readFile(path);
      },
      ...(readModel ? { readModel } : {}),
      ...(writeFile ? { writeFile: (path: string, bytes: Uint8Array) => writeFile(path, bytes, document) } : {}),
      ...(parallel ? { parallel } : {}),
    };
    return context;
  }
}

/**
 * The end of an over-budget message: the limit, and what the run already holds when that is why
 * (a request that would fit alone).
 */
function overBudget(limit: number, used: number, bytes: number, moreMemory?: (needed: number) => string | undefined): string {
  const held = bytes <= limit ? ` for the run (${formatBytes(used)} already in use)` : '';
  const more = moreMemory?.(used + bytes);
  return `over the ${formatBytes(limit)} limit${held}: use smaller inputs or sizes${more !== undefined ? `, or ${more}` : ''}`;
}

/** The buffers under `values`' arrays, each once. */
function distinctBuffers(values: readonly Value[]): ArrayBufferLike[] {
  const buffers = new Set<ArrayBufferLike>();
  for (const value of values) for (const array of arraysOf(value)) buffers.add(array.buffer);
  return [...buffers];
}

/** The typed arrays a wire value holds. */
function arraysOf(value: Value): readonly (Float32Array | Float64Array)[] {
  switch (value.kind) {
    case 'signal':
    case 'image':
    case 'volume':
      return [value.data];
    case 'spectrum':
    case 'spectrum2d':
      return [value.re, value.im];
    case 'value':
      return [];
  }
}

/** performance.now where the platform has it (src-shared is typed without DOM or Node). */
function defaultClock(): () => number {
  const clock = (globalThis as { performance?: { now(): number } }).performance;
  return clock ? () => clock.now() : () => Date.now();
}

function errorMessage(error: unknown): string {
  if (error instanceof ResourceLimitError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Whether two param values are the same for the memo: numbers, text and booleans by `===`
 * (NaN is never the same, so a node given one computes again), lists element by element, objects
 * by the same own keys (one holding a key as undefined is not one without it) and values.
 * Stops at the first difference. Allocates nothing, so a sequence of a million values costs a
 * millisecond or two a run.
 */
export function sameParamValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (x !== y && !(typeof x === 'object' && sameParamValue(x, y))) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !sameParamValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
