/**
 * Who had the cores while a param change crossed the machine (`npm run bench:preview -- --sched`):
 * records the kernel's scheduler events with `perf sched record` (Linux; perf and tracefs, as
 * root or with perf_event_paranoid ≤ 1) on CLOCK_MONOTONIC while a case's changes run, and cuts
 * the record into what each thread ran and how long it waited for a core after it was woken
 * ("scheduling delay": runnable, not running). The preview bench lines these up with its hops,
 * so a hop's time splits into its threads running, waiting for a core, and neither (asleep:
 * waiting for a message, or for a thread that was itself waiting).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HopMarks } from './transport-hops';

/** One stretch of a thread: woken at `wokenAt`, on a core from `runFrom` to `runTo` (ms, CLOCK_MONOTONIC). */
export interface SchedSlice {
  readonly tid: number;
  readonly pid: number;
  readonly comm: string;
  readonly wokenAt: number;
  readonly runFrom: number;
  readonly runTo: number;
}

export interface SchedRecording {
  /** Stops recording and returns every slice (ms on CLOCK_MONOTONIC); [] if perf failed. */
  stop(): Promise<SchedSlice[]>;
}

/** ms to add to a wall-clock mark (`timeOrigin + performance.now()`) to put it on CLOCK_MONOTONIC. */
export function wallToMonotonic(): number {
  const mono = Number(process.hrtime.bigint()) / 1e6;
  return mono - (performance.timeOrigin + performance.now());
}

/** Why --sched cannot record here, or undefined when it can. */
export function schedUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'perf sched needs Linux';
  if (spawnSync('perf', ['--version']).status !== 0) return 'perf is not installed (apt-get install -y linux-perf)';
  if (!existsSync('/sys/kernel/tracing/events/sched') && !existsSync('/sys/kernel/debug/tracing/events/sched')) {
    return 'tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)';
  }
  return undefined;
}

export function startSched(): SchedRecording {
  const dir = mkdtempSync(join(tmpdir(), 'convolab-sched-'));
  const file = join(dir, 'sched.data');
  const perf: ChildProcess = spawn('perf', ['sched', 'record', '-k', 'CLOCK_MONOTONIC', '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  perf.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => perf.once('exit', () => resolve()));
  return {
    async stop() {
      perf.kill('SIGINT');
      await exited;
      try {
        if (!existsSync(file)) {
          process.stderr.write(`perf sched record wrote nothing: ${errors.split('\n')[0]}\n`);
          return [];
        }
        const out = spawnSync('perf', ['sched', 'timehist', '-i', file], { maxBuffer: 1 << 30, encoding: 'utf8' });
        return parseTimehist(out.stdout ?? '');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * `perf sched timehist` lines: time [cpu] comm[tid/pid] wait-time sch-delay run-time (s, ms, ms,
 * ms), one per switch out: the thread ran for run-time up to `time`, after waiting sch-delay
 * for a core since it was woken. The idle task is left out.
 */
export function parseTimehist(text: string): SchedSlice[] {
  const slices: SchedSlice[] = [];
  const line = /^\s*(\d+\.\d+)\s+\[(\d+)\]\s+(.+?)\[(\d+)(?:\/(\d+))?\]\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/;
  for (const text1 of text.split('\n')) {
    const match = line.exec(text1);
    if (!match) continue;
    const comm = match[3]!.trim();
    if (comm === '<idle>') continue;
    const tid = Number(match[4]);
    const runTo = Number(match[1]) * 1000;
    const run = Number(match[8]);
    const delay = Number(match[7]);
    slices.push({ tid, pid: match[5] ? Number(match[5]) : tid, comm, runFrom: runTo - run, runTo, wokenAt: runTo - run - delay });
  }
  return slices;
}

/** The overlap of [a, b] with [from, to] (ms). */
function overlap(a: number, b: number, from: number, to: number): number {
  return Math.max(0, Math.min(b, to) - Math.max(a, from));
}

/** What a group of threads did within a window: ms on a core, ms runnable and waiting for one. */
export interface ThreadUse {
  readonly run: number;
  readonly waiting: number;
}

export function useIn(slices: readonly SchedSlice[], from: number, to: number, pick: (slice: SchedSlice) => boolean): ThreadUse {
  let run = 0;
  let waiting = 0;
  for (const slice of slices) {
    if (slice.runTo < from || slice.wokenAt > to || !pick(slice)) continue;
    run += overlap(slice.runFrom, slice.runTo, from, to);
    waiting += overlap(slice.wokenAt, slice.runFrom, from, to);
  }
  return { run, waiting };
}

/** The parent pid of every process now (from /proc), to tell Chromium's processes from the rest. */
export function processTree(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return parents;
}

/** True when `pid` is `root` or below it. */
export function descends(parents: ReadonlyMap<number, number>, pid: number, root: number): boolean {
  for (let at: number | undefined = pid, steps = 0; at !== undefined && at > 1 && steps < 64; at = parents.get(at), steps++) {
    if (at === root) return true;
  }
  return false;
}

/** Who ran and who waited, per change (means, ms) over a window of its path. */
export interface WindowUse {
  /** The window's mean length. */
  readonly ms: number;
  /** Each group's mean ms on a core and runnable-but-waiting within the window. */
  readonly groups: Readonly<Record<string, ThreadUse>>;
}

export interface SchedSummary {
  readonly changes: number;
  /** The whole path, the page's send → its receipt of the sink's report. */
  readonly path: WindowUse;
  /** Each hop whose time is not the engine's own: its window and what ran and waited in it. */
  readonly hops: Readonly<Record<string, WindowUse>>;
}

/** A process's name now (from /proc); '' when it is gone. */
function readComm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The names of a process's threads now (from /proc); empty when it is gone. */
function threadNames(pid: number): Set<string> {
  try {
    return new Set(readdirSync(`/proc/${pid}/task`).map((tid) => readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()));
  } catch {
    return new Set();
  }
}

/**
 * Splits each change's path by thread group: the server's main thread, the engine worker (the
 * server process's busiest other thread), that process's other threads (V8's, libuv's, band
 * threads); the bench's own process (Playwright's driver) when the server runs in another; the page's renderer main thread (the
 * busiest renderer's: a renderer is the Chromium process with a `Compositor` thread, and its
 * main thread keeps the process's name), that renderer's other threads (compositor, raster),
 * the GPU process (`VizCompositorTh`: display compositing), the browser process (this
 * process's child), Chromium's other processes (the network service among them); and the rest
 * of the machine. Chromium's processes are read from /proc when this is called, so call it
 * while the page is open.
 */
export function summariseSched(slices: readonly SchedSlice[], changes: readonly HopMarks[], serverPid = process.pid): SchedSummary {
  const self = serverPid;
  const parents = processTree();
  const runBy = new Map<number, number>();
  for (const slice of slices) if (slice.tid !== slice.pid || slice.pid !== self) runBy.set(slice.tid, (runBy.get(slice.tid) ?? 0) + slice.runTo - slice.runFrom);
  const busiest = (tids: Iterable<number>): number | undefined => [...tids].sort((a, b) => (runBy.get(b) ?? 0) - (runBy.get(a) ?? 0))[0];
  const engine = busiest(new Set(slices.filter((slice) => slice.pid === self && slice.tid !== self).map((slice) => slice.tid)));
  const roles = new Map<number, string>();
  const roleOf = (pid: number): string => {
    let role = roles.get(pid);
    if (role !== undefined) return role;
    // Chromium is this process's child (Playwright starts it), the server this process or another child.
    if (pid === self || !descends(parents, pid, process.pid)) role = 'other';
    else if (parents.get(pid) === process.pid) role = /chrom|headless/i.test(readComm(pid)) ? 'browser' : 'other';
    else {
      const names = threadNames(pid);
      role = names.has('VizCompositorTh') ? 'gpu' : names.has('Compositor') ? 'renderer' : 'chromium other';
    }
    roles.set(pid, role);
    return role;
  };
  const pageMain = busiest(new Set(slices.filter((slice) => slice.tid === slice.pid && slice.pid !== self && roleOf(slice.pid) === 'renderer').map((slice) => slice.tid)));
  const groupOf = (slice: SchedSlice): string => {
    if (slice.pid === self) return slice.tid === self ? 'server' : slice.tid === engine ? 'engine' : 'node other';
    // The bench itself: Playwright's driver, which handles a CDP event for every frame.
    if (slice.pid === process.pid) return 'bench';
    if (slice.comm === 'perf') return 'other';
    // The page's renderer: its main thread's tid is the process's pid.
    if (slice.pid === pageMain) return slice.tid === pageMain ? 'page main' : 'page other';
    const role = roleOf(slice.pid);
    return role === 'renderer' ? 'chromium other' : role;
  };
  const groups = ['server', 'engine', 'node other', 'bench', 'page main', 'page other', 'gpu', 'browser', 'chromium other', 'other'];
  const shift = wallToMonotonic();
  const windows: Record<string, (m: HopMarks) => [number, number]> = {
    path: (m) => [m.sent, m.received],
    pageToServer: (m) => [m.sent, m.wsIn],
    serverDecode: (m) => [m.wsIn, m.hostRun],
    postToRunStart: (m) => [m.posted, m.runStart],
    'runStart → sink done': (m) => [m.runStart, m.done],
    hostToSocket: (m) => [m.done, m.out],
    socketToPage: (m) => [m.out, m.received],
  };
  const use: Record<string, WindowUse> = {};
  for (const [name, window] of Object.entries(windows)) {
    let ms = 0;
    const sums: Record<string, { run: number; waiting: number }> = Object.fromEntries(groups.map((group) => [group, { run: 0, waiting: 0 }]));
    for (const marks of changes) {
      const [from, to] = window(marks).map((at) => at + shift) as [number, number];
      ms += to - from;
      for (const group of groups) {
        const part = useIn(slices, from, to, (slice) => groupOf(slice) === group);
        sums[group]!.run += part.run;
        sums[group]!.waiting += part.waiting;
      }
    }
    const n = Math.max(1, changes.length);
    use[name] = { ms: ms / n, groups: Object.fromEntries(groups.map((group) => [group, { run: sums[group]!.run / n, waiting: sums[group]!.waiting / n }])) };
  }
  const { path, ...hops } = use;
  return { changes: changes.length, path: path!, hops };
}

/** The summary as lines for the bench's table. */
export function describeSched(summary: SchedSummary): string[] {
  const part = (window: WindowUse): string => {
    const busy = Object.values(window.groups).reduce((sum, group) => sum + group.run, 0);
    const shown = Object.entries(window.groups)
      .filter(([, group]) => group.run >= 0.005 || group.waiting >= 0.005)
      .map(([name, group]) => `${name} ${group.run.toFixed(2)}/${group.waiting.toFixed(2)}`)
      .join(', ');
    return `${window.ms.toFixed(2)} ms, cores busy ${((100 * busy) / (availableParallelism() * Math.max(window.ms, 1e-9))).toFixed(0)} % (run/waiting: ${shown})`;
  };
  return [
    `sched (${summary.changes} changes, means; run/waiting ms per thread group): request → report ${part(summary.path)}`,
    ...Object.entries(summary.hops).map(([name, window]) => `  ${name} ${part(window)}`),
  ];
}
