/**
 * Where a run's request → sink report time goes in `convolab serve`, hop by hop, for the preview
 * bench (`--hops`): the server's socket, its host and the engine worker run in the bench's own
 * process, so their hops are marked here by wrapping the classes they use (the WebSocket of `ws`,
 * Node's Worker) and the host's `run` — nothing in the product is changed or slowed. Times are
 * wall-clock milliseconds (timeOrigin + performance.now(), the same clock in the page, this
 * process and the worker thread), so the page's marks line up with these.
 *
 *   page sent → server socket message → host.run → worker.postMessage(run) → runStart back
 *   → the sink's nodesDone back from the worker → its frame handed to the socket → page received
 *
 * and counts the worker's messages and the socket's frames up to the sink's report: each wakes a
 * thread (the server's, the page's network and main threads) that competes with the run for cores.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { WebSocket } from 'ws';
import type { HostApi } from '../src-shared/protocol';

export interface HopEntry {
  readonly at: number;
  /** `wsIn` (a run call's frame arrived), `hostRun`, `post`, `runStart`, `done:<id>` (from the worker), `wsOut:<id>`, `runEnd` (with ms). */
  readonly what: string;
  readonly ms?: number;
  /** A `frame`'s bytes on the wire; a `fromWorker` message's bytes of typed arrays (what structured clone copies). */
  readonly bytes?: number;
}

/** The bytes of every typed array in a message (each once), as structured clone copies them. */
function arrayBytes(value: unknown, seen = new Set<unknown>()): number {
  if (typeof value !== 'object' || value === null || seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let sum = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) sum += arrayBytes(item, seen);
  return sum;
}

/** A frame's length on the wire (ws sends a Buffer, a typed array, or a list of Buffers). */
function frameBytes(data: unknown): number {
  if (Array.isArray(data)) return (data as Buffer[]).reduce((sum, part) => sum + part.length, 0);
  if (data instanceof ArrayBuffer) return data.byteLength;
  return ArrayBuffer.isView(data) ? data.byteLength : typeof data === 'string' ? Buffer.byteLength(data) : 0;
}

const clock = (): number => performance.timeOrigin + performance.now();

/** The JSON text of one of our binary frames (protocol-codec.ts: 8-byte header, then the text). */
function jsonOf(data: unknown): string | undefined {
  const bytes = Array.isArray(data) ? Buffer.concat(data as Buffer[]) : data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined;
  if (!bytes || bytes.length < 8) return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  return Buffer.from(bytes.buffer, bytes.byteOffset + 8, Math.min(length, bytes.length - 8)).toString('utf8');
}

interface TracedEvent {
  readonly kind: string;
  readonly ms?: number;
  readonly nodes?: readonly { readonly report: { readonly id: string } }[];
}

interface WorkerMessage {
  readonly kind?: string;
  readonly event?: TracedEvent;
  readonly events?: readonly TracedEvent[];
}

/** Starts marking; returns the log. Call once, before the server and host are used. */
export function traceHops(host: HostApi): HopEntry[] {
  const log: HopEntry[] = [];
  const wsEmit = WebSocket.prototype.emit;
  WebSocket.prototype.emit = function (this: WebSocket, name: string | symbol, ...args: unknown[]) {
    if (name === 'message' && jsonOf(args[0])?.includes('"method":"run"')) log.push({ at: clock(), what: 'wsIn' });
    return wsEmit.call(this, name, ...args);
  } as typeof wsEmit;
  const wsSend = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    const text = jsonOf(data);
    log.push({ at: clock(), what: 'frame', bytes: frameBytes(data) });
    if (text?.includes('"kind":"nodesDone"')) for (const done of text.matchAll(/"report":\{"id":"([^"]+)"/g)) log.push({ at: clock(), what: `wsOut:${done[1]}` });
    return (wsSend as (...values: unknown[]) => void).call(this, data, ...rest);
  } as typeof wsSend;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
    if ((message as { kind?: string })?.kind === 'run') log.push({ at: clock(), what: 'post' });
    return (post as (...values: unknown[]) => void).call(this, message, ...rest);
  } as typeof post;
  const workerEmit = Worker.prototype.emit;
  Worker.prototype.emit = function (this: Worker, name: string | symbol, ...args: unknown[]) {
    if (name === 'message') {
      const at = clock();
      const message = args[0] as WorkerMessage | undefined;
      log.push({ at, what: 'fromWorker', bytes: arrayBytes(message) });
      // One event, or several the worker sent together.
      for (const event of message?.events ?? (message?.event ? [message.event] : [])) {
        if (event.kind === 'runStart') log.push({ at, what: 'runStart' });
        if (event.kind === 'runEnd') log.push({ at, what: 'runEnd', ms: event.ms ?? Number.NaN });
        if (event.kind === 'nodesDone') for (const done of event.nodes ?? []) log.push({ at, what: `done:${done.report.id}` });
      }
    }
    return workerEmit.call(this, name, ...args);
  } as typeof workerEmit;
  const run = host.run.bind(host);
  host.run = ((request: Parameters<HostApi['run']>[0]) => {
    log.push({ at: clock(), what: 'hostRun' });
    return run(request);
  }) as HostApi['run'];
  return log;
}

/** One change's hops (ms), from the page's send and receipt of the sink's report and this log. */
export interface Hops {
  /** Page send → the server's socket emits the call (page encode, loopback, ws receive). */
  readonly pageToServer: number;
  /** Socket message → host.run (decode, argument checks). */
  readonly serverDecode: number;
  /** host.run → the run posted to the worker (edit applied, supersede). */
  readonly hostToPost: number;
  /** Posted → runStart back in this thread (the worker's queue, two message hops). */
  readonly postToRunStart: number;
  /** Posted → the sink's report back in this thread, less the engine's own time. */
  readonly workerOverhead: number;
  /** The engine's own time (runEnd's ms). */
  readonly engine: number;
  /** The sink's report back from the worker → its frame handed to the socket (emit, encode). */
  readonly hostToSocket: number;
  /** Frame handed to the socket → the page's message event (loopback, the page's queue). */
  readonly socketToPage: number;
  /** Messages from the engine worker up to and with the sink's report (each wakes this thread). */
  readonly workerMessages: number;
  /** Frames the server sent the page up to and with the sink's report (each wakes the page). */
  readonly frames: number;
  /** Bytes of those frames, and of the one that carried the sink's report. */
  readonly frameBytes: number;
  readonly sinkFrameBytes: number;
  /** Bytes of typed arrays in the worker's messages up to the sink's report (copied by structured clone). */
  readonly workerArrayBytes: number;
}

/** The marks of one change's path (wall-clock ms), from the page's send to its receipt of the sink's report. */
export interface HopMarks {
  readonly sent: number;
  readonly wsIn: number;
  readonly hostRun: number;
  readonly posted: number;
  readonly runStart: number;
  /** The sink's report back from the worker. */
  readonly done: number;
  /** Its frame handed to the socket. */
  readonly out: number;
  readonly received: number;
  /** The engine's own time (runEnd's ms). */
  readonly engine: number;
}

function marksOf(log: readonly HopEntry[], sent: number, received: number, sink: string): { marks: HopMarks; wsIn: HopEntry; posted: HopEntry; done: HopEntry; out: HopEntry } | undefined {
  const after = (what: string, from: number): HopEntry | undefined => log.find((entry) => entry.at >= from && entry.what === what);
  const wsIn = after('wsIn', sent - 5);
  if (!wsIn) return undefined;
  const hostRun = after('hostRun', wsIn.at);
  const posted = hostRun && after('post', hostRun.at);
  const runStart = posted && after('runStart', posted.at);
  const done = runStart && after(`done:${sink}`, runStart.at);
  const out = done && after(`wsOut:${sink}`, done.at);
  const end = done && after('runEnd', done.at);
  if (!hostRun || !posted || !runStart || !done || !out || !end) return undefined;
  const marks = { sent, wsIn: wsIn.at, hostRun: hostRun.at, posted: posted.at, runStart: runStart.at, done: done.at, out: out.at, received, engine: end.ms ?? Number.NaN };
  return { marks, wsIn, posted, done, out };
}

export function hopMarks(log: readonly HopEntry[], sent: number, received: number, sink: string): HopMarks | undefined {
  return marksOf(log, sent, received, sink)?.marks;
}

export function hopsOf(log: readonly HopEntry[], sent: number, received: number, sink: string): Hops | undefined {
  const found = marksOf(log, sent, received, sink);
  if (!found) return undefined;
  const { marks: m, wsIn, posted, done, out } = found;
  const fromWorker = log.filter((entry) => entry.what === 'fromWorker' && entry.at >= posted.at && entry.at <= done.at);
  // The sink's frame is logged before its wsOut mark, at the same send.
  const frames = log.filter((entry) => entry.what === 'frame' && entry.at >= wsIn.at && log.indexOf(entry) < log.indexOf(out));
  return {
    pageToServer: m.wsIn - m.sent,
    serverDecode: m.hostRun - m.wsIn,
    hostToPost: m.posted - m.hostRun,
    postToRunStart: m.runStart - m.posted,
    workerOverhead: m.done - m.posted - (Number.isFinite(m.engine) ? m.engine : 0),
    engine: m.engine,
    hostToSocket: m.out - m.done,
    socketToPage: m.received - m.out,
    workerMessages: fromWorker.length,
    frames: frames.length,
    frameBytes: frames.reduce((sum, entry) => sum + (entry.bytes ?? 0), 0),
    sinkFrameBytes: frames.at(-1)?.bytes ?? Number.NaN,
    workerArrayBytes: fromWorker.reduce((sum, entry) => sum + (entry.bytes ?? 0), 0),
  };
}

/** CPU time in ms from a /proc/<pid>/stat line: utime + stime (clock ticks of 10 ms on Linux). */
function cpuOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10;
}

/**
 * CPU time (ms) used so far by the server's process (`serverPid`: the server, its host, engine
 * worker and band threads; this process when it runs them) and by the browser this process
 * started (every Chromium process below this one), read from /proc: a measure of what a change
 * costs that the machine's load does not stretch, as it does wall-clock times. Linux only;
 * elsewhere NaN.
 */
export function cpuSoFar(serverPid = process.pid): { readonly server: number; readonly browser: number } {
  let server = Number.NaN;
  if (serverPid === process.pid) {
    const usage = process.cpuUsage();
    server = (usage.user + usage.system) / 1000;
  }
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { server, browser: Number.NaN };
  }
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  const name = new Map<number, string>();
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pid = Number(entry);
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(pid, Number(fields[1]));
      cpu.set(pid, cpuOfStat(stat));
      name.set(pid, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      // A process that ended while we looked.
    }
  }
  const below = (pid: number): boolean => {
    for (let at = parent.get(pid), hops = 0; at !== undefined && at > 1 && hops < 64; at = parent.get(at), hops++) if (at === process.pid) return true;
    return false;
  };
  let browser = 0;
  for (const [pid, ms] of cpu) if (below(pid) && /chrom|headless/i.test(name.get(pid) ?? '')) browser += ms;
  return { server: serverPid === process.pid ? server : (cpu.get(serverPid) ?? Number.NaN), browser };
}
