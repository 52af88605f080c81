/**
 * Where a host event's frame waits on its way into the page (`npm run bench:preview -- --trace`):
 * a Chromium trace (CDP Tracing, started on the browser's session so that every process is in it:
 * the network service, the GPU process, the browser, the page's renderer) of a few param changes,
 * read against the frames the server sent. Chromium's trace clock and Node's `process.hrtime` are
 * both CLOCK_MONOTONIC on Linux, so a frame's send in the bench process and its arrival in the
 * page's main thread are on one clock, with no offset to estimate.
 *
 * For each frame: sent (ws.send in the server) → the page's main thread starts the task that
 * dispatches its message event. That time splits at the network service's first read of the
 * server's socket at or after the send (its IO thread's `EpollEvent` on a net/socket descriptor):
 * before it the frame was on its way (loopback, and the network service's IO thread waking: `path`);
 * after it the frame was in Chromium (the read's mojo messages to the renderer's IO thread, then a
 * task in the page's main thread's queue: `wait`), and `waitedOn` says what the main thread did
 * meanwhile: rendering a frame (style, layout, paint, commit), socket messages (the frames before
 * it), other script, other tasks, or nothing (`idle`: the hops between threads). `threadCpu` says
 * what every other Chromium thread ran in a window (compositor, raster, viz, browser, network).
 */
import type { CDPSession, Page } from '@playwright/test';
import { WebSocket } from 'ws';

export interface TraceEvent {
  readonly name: string;
  readonly cat?: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: {
    readonly name?: string;
    readonly data?: {
      readonly dataLength?: number;
      readonly type?: string;
      /** A `LayoutInvalidationTracking` event's: what was marked for layout, and why. */
      readonly nodeName?: string;
      readonly reason?: string;
    };
    /** A `Layout` event's: how many layout objects it laid out, of how many; a forced layout's script stack. */
    readonly beginData?: { readonly dirtyObjects?: number; readonly totalObjects?: number; readonly stackTrace?: readonly { readonly functionName?: string; readonly url?: string; readonly lineNumber?: number; readonly columnNumber?: number }[] };
    /** An `EpollEvent`'s watcher: whose descriptor became readable. */
    readonly controller_created_from?: { readonly file_name?: string };
  };
}

/** A frame the server sent: when (µs, CLOCK_MONOTONIC), its payload's bytes, what it carried. */
export interface SentFrame {
  readonly mono: number;
  readonly bytes: number;
  /** Event kinds (`runStart`, `nodeStart`, `nodesDone:<ids>`, `nodeProgress`, `runEnd`) or `reply`. */
  readonly kinds: readonly string[];
}

const monoMicros = (): number => Number(process.hrtime.bigint() / 1000n);

/** Records every frame the server's sockets send from now on (wraps ws's send; nothing else changes). */
export function recordFrames(): SentFrame[] {
  const frames: SentFrame[] = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    const mono = monoMicros();
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined;
    if (bytes && bytes.length >= 8) {
      const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
      const text = Buffer.from(bytes.buffer, bytes.byteOffset + 8, Math.min(length, bytes.length - 8)).toString('utf8');
      const kinds: string[] = [];
      if (text.startsWith('{"t":"reply"')) kinds.push('reply');
      for (const match of text.matchAll(/"kind":"(\w+)"/g)) kinds.push(match[1]!);
      const done = [...text.matchAll(/"report":\{"id":"([^"]+)"/g)].map((match) => match[1]!);
      frames.push({ mono, bytes: bytes.length, kinds: kinds.map((kind) => (kind === 'nodesDone' ? `nodesDone:${done.join(',')}` : kind)) });
    }
    return (send as (...values: unknown[]) => void).call(this, data, ...rest);
  } as typeof send;
  return frames;
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing', 'v8.execute', 'cc', 'benchmark'];
/** More categories for a dump to read in Perfetto, e.g. `viz,gpu,mojom,toplevel.flow,base` (CONVOLAB_TRACE_CATEGORIES). */
const EXTRA_CATEGORIES = (process.env.CONVOLAB_TRACE_CATEGORIES ?? '').split(',').filter(Boolean);

/**
 * Traces the page's browser while `body` runs; returns its result, the trace's events and how to
 * put the page's `performance.now()` on the trace's clock (µs).
 */
export async function tracePage<T>(page: Page, body: () => Promise<T>): Promise<{ result: T; events: TraceEvent[]; pageToMono: (ms: number) => number }> {
  // A page's session traces its renderer, the browser and the GPU process; the browser's traces
  // every process, the network service's too, where the server's frames are read.
  const cdp: CDPSession = await page.context().browser()!.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (message) => void events.push(...(message.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: [...CATEGORIES, ...EXTRA_CATEGORIES] } });
  let result: T;
  let mark: number;
  try {
    mark = await page.evaluate(() => performance.mark('convolab-trace-sync').startTime);
    result = await body();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  const synced = events.find((event) => event.name === 'convolab-trace-sync');
  if (!synced) throw new Error('the trace lacks the page mark that puts its clock on the trace clock');
  const offset = synced.ts - mark * 1000;
  return { result, events, pageToMono: (ms) => offset + ms * 1000 };
}

/** What kept a page's main thread busy, in ms. */
export interface Busy {
  /** Frames drawn: style, layout, paint, commit (`ProxyMain::BeginMainFrame`). */
  render: number;
  /** Socket messages handled (our decode, the store, React's render of what they changed). */
  socket: number;
  /** Other script: input events, timers, animation-frame callbacks, microtasks. */
  script: number;
  other: number;
}

export interface FrameArrival {
  readonly frame: SentFrame;
  /** Sent → the page's main thread starts dispatching its message (ms). */
  readonly total: number;
  /** Sent → the network service's first read of the socket after it: the frame on its way (ms). */
  readonly path: number;
  /** That read → its message dispatched: the frame inside Chromium, in the end in the main thread's queue (ms). */
  readonly wait: number;
  /** What the main thread did in `wait`: busy by kind, and idle (the hops from the network service to it). */
  readonly waitedOn: Busy & { idle: number };
  /** The task that dispatched the message: wall ms and the main thread's CPU ms. */
  readonly handled: number;
  readonly handledCpu: number;
}

interface Task {
  readonly ts: number;
  readonly end: number;
  readonly dur: number;
  readonly cpu: number;
  kind: keyof Busy;
}

const tasksOf = new WeakMap<readonly TraceEvent[], Task[]>();

/** The page's main thread: the one that logged the sync mark (the browser's trace holds other renderers too). */
function pageMainThread(events: readonly TraceEvent[]): { pid: number; tid: number } {
  const mark = events.find((event) => event.name === 'convolab-trace-sync');
  if (mark) return { pid: mark.pid, tid: mark.tid };
  const thread = events.find((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  if (!thread) throw new Error('the trace has no renderer main thread');
  return { pid: thread.pid, tid: thread.tid };
}

/** The renderer main thread's tasks, each with what it was. */
function mainThreadTasks(events: readonly TraceEvent[]): Task[] {
  const known = tasksOf.get(events);
  if (known) return known;
  const thread = pageMainThread(events);
  const own = events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph !== 'M').sort((a, b) => a.ts - b.ts);
  const tasks: Task[] = [];
  let current: Task | undefined;
  for (const event of own) {
    if (event.name === 'ThreadControllerImpl::RunTask' && event.ph === 'X') {
      current = { ts: event.ts, end: event.ts + (event.dur ?? 0), dur: event.dur ?? 0, cpu: event.tdur ?? event.dur ?? 0, kind: 'other' };
      tasks.push(current);
      continue;
    }
    if (!current || event.ts > current.end) continue;
    if (event.name === 'WebSocketReceive') current.kind = 'socket';
    else if (event.name === 'ProxyMain::BeginMainFrame') current.kind = 'render';
    else if (current.kind === 'other' && /^(FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks|v8\.callFunction)$/.test(event.name)) current.kind = 'script';
  }
  tasksOf.set(events, tasks);
  return tasks;
}

const readsOf = new WeakMap<readonly TraceEvent[], number[]>();

/**
 * When the network service read a socket (µs, sorted): its IO thread woken for a net/socket
 * descriptor. The page has one socket open (the bench's server), so these are the server's frames.
 */
export function socketReads(events: readonly TraceEvent[]): number[] {
  const known = readsOf.get(events);
  if (known) return known;
  const reads = events
    .filter((event) => event.name === 'EpollEvent' && event.ph === 'X' && event.args?.controller_created_from?.file_name?.startsWith('net/socket') === true)
    .map((event) => event.ts)
    .sort((a, b) => a - b);
  readsOf.set(events, reads);
  return reads;
}

/** A frame's message event in the page: when it was dispatched (µs, on the trace's clock) and its bytes. */
export interface ReceivedFrame {
  readonly mono: number;
  readonly bytes: number;
}

/**
 * Each frame the page received within the trace, matched in order and by length to the frame the
 * server sent, with the main thread's task that dispatched it.
 */
export function frameArrivals(events: readonly TraceEvent[], sent: readonly SentFrame[], received: readonly ReceivedFrame[]): FrameArrival[] {
  const tasks = mainThreadTasks(events);
  const reads = socketReads(events);
  if (tasks.length === 0 || reads.length === 0) return [];
  const arrivals: FrameArrival[] = [];
  const within = received.filter((got) => got.mono >= tasks[0]!.ts);
  if (within.length === 0) return [];
  // The page's frames are the server's, in order: find where the first few line up by length
  // (many frames share a length, a run's answer for one), then walk both together.
  const run = Math.min(8, within.length);
  const lineUp = (from: number): boolean => {
    for (let j = 0; j < run; j++) if (sent[from + j]?.bytes !== within[j]!.bytes || sent[from + j]!.mono > within[j]!.mono) return false;
    return true;
  };
  let next = sent.findIndex((frame, i) => frame.mono >= within[0]!.mono - 1e6 && lineUp(i));
  if (next < 0) return [];
  let index = 0;
  let readAt = 0;
  for (const got of within) {
    // A frame the page logged but the server did not (none should be) is passed over.
    const at = sent.findIndex((frame, i) => i >= next && frame.bytes === got.bytes && frame.mono <= got.mono);
    if (at < 0) continue;
    next = at + 1;
    const frame = sent[at]!;
    while (index + 1 < tasks.length && tasks[index + 1]!.ts <= got.mono) index++;
    const task = tasks[index]!;
    if (task.end < got.mono) continue;
    while (readAt < reads.length && reads[readAt]! < frame.mono) readAt++;
    const read = reads[readAt];
    if (read === undefined || read > task.ts) continue;
    const waitedOn = { ...mainThreadBusy(events, read, task.ts), idle: 0 };
    waitedOn.idle = Math.max(0, (task.ts - read) / 1000 - waitedOn.render - waitedOn.socket - waitedOn.script - waitedOn.other);
    arrivals.push({
      frame,
      total: (task.ts - frame.mono) / 1000,
      path: (read - frame.mono) / 1000,
      wait: (task.ts - read) / 1000,
      waitedOn: { render: waitedOn.render, socket: waitedOn.socket, script: waitedOn.script, other: waitedOn.other, idle: waitedOn.idle },
      handled: task.dur / 1000,
      handledCpu: task.cpu / 1000,
    });
  }
  return arrivals;
}

/** The main thread's busy time (ms, by kind) in [from, to] (µs, CLOCK_MONOTONIC), and its CPU time. */
export function mainThreadBusy(events: readonly TraceEvent[], from: number, to: number): Busy & { readonly cpu: number } {
  const busy: Busy = { render: 0, socket: 0, script: 0, other: 0 };
  let cpu = 0;
  for (const task of mainThreadTasks(events)) {
    const overlap = Math.min(task.end, to) - Math.max(task.ts, from);
    if (overlap <= 0) continue;
    busy[task.kind] += overlap / 1000;
    cpu += (task.cpu * overlap) / Math.max(1, task.dur) / 1000;
  }
  return { ...busy, cpu };
}

/** Chromium's threads by what they do, for `threadCpu`. */
export interface ThreadCpu {
  /** The page's main thread. */
  main: number;
  /** The page's compositor thread and its raster workers (and any other thread of its renderer). */
  compositor: number;
  /** The GPU process: viz's display compositor (software with --disable-gpu). */
  viz: number;
  /** The browser process: its UI and IO threads. */
  browser: number;
  /** The network service: the socket's reads. */
  network: number;
  /** Everything else (the tracing service, other renderers). */
  other: number;
}

const slicesOf = new WeakMap<readonly TraceEvent[], { readonly group: keyof ThreadCpu; readonly ts: number; readonly end: number; readonly cpu: number }[]>();

/**
 * CPU time (ms) each group of Chromium's threads ran in [from, to] (µs): every thread's outermost
 * trace slices, each counted by its thread time (`tdur`) in proportion to its overlap with the
 * window. What a thread ran outside any traced slice is missing, so these are lower bounds.
 */
export function threadCpu(events: readonly TraceEvent[], from: number, to: number): ThreadCpu {
  let slices = slicesOf.get(events);
  if (!slices) {
    const processes = new Map<number, string>();
    for (const event of events) {
      if (event.ph !== 'M') continue;
      if (event.name === 'process_name') processes.set(event.pid, event.args?.name ?? '');
    }
    const main = pageMainThread(events);
    const groupOf = (event: TraceEvent): keyof ThreadCpu => {
      if (event.pid === main.pid) return event.tid === main.tid ? 'main' : 'compositor';
      const process = processes.get(event.pid) ?? '';
      if (process === 'GPU Process') return 'viz';
      if (process === 'Browser') return 'browser';
      if (process.includes('NetworkService')) return 'network';
      return 'other';
    };
    const byThread = new Map<string, TraceEvent[]>();
    for (const event of events) {
      if (event.ph !== 'X' || event.dur === undefined || event.tdur === undefined) continue;
      const key = `${event.pid}:${event.tid}`;
      const list = byThread.get(key);
      if (list) list.push(event);
      else byThread.set(key, [event]);
    }
    slices = [];
    for (const list of byThread.values()) {
      list.sort((a, b) => a.ts - b.ts);
      let end = -Infinity;
      for (const event of list) {
        if (event.ts < end) continue; // inside the slice before it
        end = event.ts + event.dur!;
        slices.push({ group: groupOf(event), ts: event.ts, end, cpu: event.tdur! });
      }
    }
    slicesOf.set(events, slices);
  }
  const cpu: ThreadCpu = { main: 0, compositor: 0, viz: 0, browser: 0, network: 0, other: 0 };
  for (const slice of slices) {
    const overlap = Math.min(slice.end, to) - Math.max(slice.ts, from);
    if (overlap <= 0) continue;
    cpu[slice.group] += (slice.cpu * overlap) / Math.max(1, slice.end - slice.ts) / 1000;
  }
  return cpu;
}

/** A layout the page's main thread ran (`Layout`), and what marked its objects for layout. */
export interface PageLayout {
  /** Start (µs, CLOCK_MONOTONIC) and length (ms). */
  readonly ts: number;
  readonly ms: number;
  /** Layout objects laid out, of all: a marked object marks every ancestor up to the root. */
  readonly dirty: number;
  readonly total: number;
  /**
   * Not in a drawn frame (`ProxyMain::BeginMainFrame`): script asked for it (clientWidth,
   * getBoundingClientRect, …); the top of its stack when the trace has it (category
   * disabled-by-default-devtools.timeline.stack), else "script". Undefined in a frame.
   */
  readonly forcedBy: string | undefined;
  /**
   * What was marked for layout since the layout before it ended, as "reason: node" (the trace's
   * `LayoutInvalidationTracking`, which needs CONVOLAB_TRACE_CATEGORIES to include
   * disabled-by-default-devtools.timeline.invalidationTracking).
   */
  readonly marked: readonly string[];
}

/** The page main thread's layouts that start in [from, to] (µs). */
export function pageLayouts(events: readonly TraceEvent[], from: number, to: number): PageLayout[] {
  const thread = pageMainThread(events);
  const own = events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && (event.name === 'Layout' || event.name === 'LayoutInvalidationTracking'));
  // A layout by its end: what it marks while it runs (an SVG root whose box changed size) is its own.
  const at = (event: TraceEvent): number => event.ts + (event.name === 'Layout' ? (event.dur ?? 0) : 0);
  own.sort((a, b) => at(a) - at(b));
  const frames = events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.name === 'ProxyMain::BeginMainFrame' && event.dur !== undefined);
  const inFrame = (ts: number): boolean => frames.some((frame) => frame.ts <= ts && ts <= frame.ts + frame.dur!);
  const layouts: PageLayout[] = [];
  let marked: string[] = [];
  for (const event of own) {
    if (event.name === 'LayoutInvalidationTracking') {
      marked.push(`${event.args?.data?.reason ?? '?'}: ${event.args?.data?.nodeName ?? '?'}`);
      continue;
    }
    if (event.ph !== 'X' || event.dur === undefined) continue;
    const begin = event.args?.beginData;
    const top = begin?.stackTrace?.[0];
    if (event.ts >= from && event.ts <= to) {
      layouts.push({
        ts: event.ts,
        ms: event.dur / 1000,
        dirty: begin?.dirtyObjects ?? Number.NaN,
        total: begin?.totalObjects ?? Number.NaN,
        forcedBy: inFrame(event.ts) ? undefined : top ? `${top.functionName || '(anonymous)'} ${(top.url ?? '').split('/').pop()}:${top.lineNumber}:${top.columnNumber}` : 'script',
        marked,
      });
    }
    marked = [];
  }
  return layouts;
}
