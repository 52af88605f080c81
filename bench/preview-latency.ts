/**
 * Live-preview latency (../shared/PERF.md, "live preview" and "UI thread"): in Chromium against
 * `convolab serve`'s own server and engine host (in a process of their own, as a user runs them:
 * served-server.ts), a user's graph is built through the UI, then a
 * param is changed many times; each time we measure from the commit (Enter, or the slider's input event) to the frame in which
 * the sink's preview is painted (the preview's DOM changes, then the next animation frame and the
 * task after it, i.e. after that frame's paint). Long tasks (> 50 ms) on the page's main thread
 * are collected with a PerformanceObserver the whole time the graphs run.
 *
 *   npm run bench:preview                build the renderer, then measure; prints a table
 *   npm run bench:preview -- --json      only a JSON object on stdout
 *   npm run bench:preview -- --changes N param changes per case (default 30)
 *   npm run bench:preview -- --filter T  only the cases whose name contains T (1-D, 512, 2048, FDK)
 *   npm run bench:preview -- --hops      also where request → sink report goes, hop by hop (transport-hops.ts)
 *   npm run bench:preview -- --trace     then 12 more changes under a Chromium trace of every Chromium
 *                                        process: how long each host frame took to reach the network
 *                                        service's read and then the page's main thread, what that
 *                                        thread and the others ran meanwhile (page-trace.ts);
 *                                        CONVOLAB_TRACE_DUMP=file.json also writes each case's trace
 *                                        (file.<case>.json; Perfetto reads its traceEvents) with the
 *                                        frames matched to it; and the layouts from Enter to the
 *                                        preview painted: the edit's frame's, and any that script
 *                                        forced (with CONVOLAB_TRACE_CATEGORIES=disabled-by-default-
 *                                        devtools.timeline.invalidationTracking, what marked them)
 *   npm run bench:preview -- --sched     with the hops, who had the cores meanwhile: the kernel's
 *                                        scheduler record (perf sched; Linux, root, tracefs) cut into
 *                                        each hop's threads running and waiting for a core (sched-trace.ts)
 *   CONVOLAB_CHROMIUM=path               another Chromium (or a wrapper script) than /usr/bin/chromium
 *   CONVOLAB_BENCH_SCREENSHOTS=folder    a screenshot of the page after each case's last change
 *
 * Cases: 1-D, a 2^16-sample Gaussian (source.function) ⊛ a 49-tap Gaussian kernel → sink.plot,
 * changed in the inspector with the large preview open, and on the node with nothing selected;
 * 512² and 2048², the phantom (source.testImage) ⊛ kernel.gaussian (same) → sink.image; cone-beam
 * CT, a 64³ Shepp–Logan phantom → op.conebeam (views changed on the node, 20 to 28) → op.fdk →
 * sink.volume, painted when the reconstruction's z plane is.
 */
import { chromium, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameArrivals, mainThreadBusy, pageLayouts, threadCpu, tracePage, type Busy, type FrameArrival, type PageLayout, type ThreadCpu } from './page-trace';
import { buildOneDimensional, connect, dropFromPalette, select, setInspector, waitForText } from './page-actions';
import { recordSocket, socketEntriesSince, timeEnterToPaint } from './page-timing';
import { describeSched, schedUnavailable, startSched, summariseSched, type SchedSummary } from './sched-trace';
import { startServedServer } from './served-server';
import { cpuSoFar, hopMarks, hopsOf, type HopMarks, type Hops } from './transport-hops';

const args = process.argv.slice(2);
const json = args.includes('--json');
const changesIndex = args.indexOf('--changes');
const changes = changesIndex >= 0 ? Math.max(3, Number(args[changesIndex + 1]) || 30) : 30;
const filterIndex = args.indexOf('--filter');
const filter = filterIndex >= 0 ? args[filterIndex + 1] ?? '' : '';
const withSched = args.includes('--sched');
// --sched lines the scheduler's record up with the hops, so it marks them too.
const withHops = args.includes('--hops') || withSched;
if (withSched && schedUnavailable()) {
  process.stderr.write(`--sched: ${schedUnavailable()}\n`);
  process.exit(2);
}
const withTrace = args.includes('--trace');
const log = (text: string): void => {
  if (!json) process.stdout.write(`${text}\n`);
};

interface CaseResult {
  readonly case: string;
  readonly changes: number;
  /** Input event → preview painted, median and spread (ms). */
  readonly median_ms: number;
  readonly p10_ms: number;
  readonly p90_ms: number;
  /** The engine's own time for each run (the status bar's "ran in"), median (ms). */
  readonly engine_median_ms: number;
  /** Where the median time goes, each part's own median (so they need not add up exactly). */
  readonly breakdown_median_ms: {
    readonly input_to_request: number;
    readonly request_to_sink_report: number;
    readonly report_to_dom: number;
    readonly dom_to_painted: number;
  };
  /** CPU time per change (ms): this process (server, host, engine worker, band threads) and the browser's processes. */
  readonly cpu_ms_per_change: { readonly server: number; readonly browser: number };
  /** With --hops: request → sink report, hop by hop, each hop's own median (ms). */
  readonly hops_median_ms?: Hops;
  /** With --sched: who had the cores during each change's hops (sched-trace.ts). */
  readonly sched?: SchedSummary;
  /** With --trace: the sink's frame on its way into the page, and the page's main thread from Enter to it (medians, ms). */
  readonly trace?: TraceSummary;
  /** Main-thread tasks over 50 ms while this case's changes ran. */
  readonly long_tasks: number;
  readonly longest_task_ms: number;
  readonly target_ms: number;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-run-status]')?.getAttribute('data-run-status') !== 'running', undefined, {
    timeout: 120_000,
  });
  await page.waitForTimeout(150);
}

interface Timing {
  readonly total: number;
  readonly toSend: number;
  readonly hostRoundTrip: number;
  readonly toDom: number;
  readonly toPaint: number;
  readonly hops?: Hops | undefined;
  readonly marks?: HopMarks | undefined;
}

/**
 * One param change, timed inside the page: sets the field's text and dispatches the input event
 * React listens to, then waits for the watched preview to change in the DOM and for the frame
 * that paints it. Returns milliseconds.
 */
async function timeChange(page: Page, field: string, value: string, watched: string, sink: string): Promise<Timing> {
  const { start, dom, painted } = await timeEnterToPaint(page, field, value, watched);
  const entries = await socketEntriesSince(page, start);
  const sent = entries.find((entry) => entry.what === 'run')?.at ?? start;
  const arrived = entries.find((entry) => entry.what === `done:${sink}`)?.at ?? dom;
  let hops: Hops | undefined;
  let marks: HopMarks | undefined;
  if (withHops) {
    // The server's and host's marks, on the wall clock the page's are converted to.
    const hopLog = await served.hops();
    const origin = await page.evaluate(() => performance.timeOrigin);
    hops = hopsOf(hopLog, origin + sent, origin + arrived, sink);
    marks = hopMarks(hopLog, origin + sent, origin + arrived, sink);
  }
  return { total: painted - start, toSend: sent - start, hostRoundTrip: arrived - sent, toDom: dom - arrived, toPaint: painted - dom, hops, marks };
}

async function engineMs(page: Page): Promise<number> {
  const text = await page.locator('.run-status').innerText();
  const match = /ran in ([\d.]+) (ms|s)/.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

async function longTasksSince(page: Page, since: number): Promise<number[]> {
  return page.evaluate(
    (since) => ((window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks ?? []).filter((t) => t.start >= since).map((t) => t.duration),
    since,
  );
}

async function measure(
  page: Page,
  name: string,
  target: number,
  field: string,
  watched: string,
  sink: string,
  values: readonly string[],
): Promise<CaseResult> {
  // Warm-up: the first runs compile code paths in the worker and the page.
  for (const value of values.slice(0, 3)) {
    await timeChange(page, field, value, watched, sink);
    await settle(page);
  }
  const since = await page.evaluate(() => performance.now());
  const recording = withSched ? startSched() : undefined;
  const cpuBefore = cpuSoFar(served.pid);
  const timings: Timing[] = [];
  const engine: number[] = [];
  for (let i = 0; i < changes; i++) {
    timings.push(await timeChange(page, field, values[(i + 3) % values.length]!, watched, sink));
    await settle(page);
    engine.push(await engineMs(page));
  }
  const cpuAfter = cpuSoFar(served.pid);
  const slices = recording ? await recording.stop() : undefined;
  const sched = slices ? summariseSched(slices, timings.flatMap((timing) => (timing.marks ? [timing.marks] : [])), served.pid) : undefined;
  const tasks = await longTasksSince(page, since);
  const median = (pick: (timing: Timing) => number): number => quantile(timings.map(pick), 0.5);
  const traced = timings.flatMap((timing) => (timing.hops ? [timing.hops] : []));
  const hops = traced.length ? (Object.fromEntries(Object.keys(traced[0]!).map((key) => [key, quantile(traced.map((h) => h[key as keyof Hops]), 0.5)])) as unknown as Hops) : undefined;
  const result: CaseResult = {
    case: name,
    changes,
    median_ms: median((t) => t.total),
    p10_ms: quantile(timings.map((t) => t.total), 0.1),
    p90_ms: quantile(timings.map((t) => t.total), 0.9),
    engine_median_ms: quantile(engine.filter(Number.isFinite), 0.5),
    breakdown_median_ms: {
      input_to_request: median((t) => t.toSend),
      request_to_sink_report: median((t) => t.hostRoundTrip),
      report_to_dom: median((t) => t.toDom),
      dom_to_painted: median((t) => t.toPaint),
    },
    cpu_ms_per_change: { server: (cpuAfter.server - cpuBefore.server) / changes, browser: (cpuAfter.browser - cpuBefore.browser) / changes },
    ...(hops ? { hops_median_ms: hops } : {}),
    ...(sched ? { sched } : {}),
    long_tasks: tasks.length,
    longest_task_ms: tasks.length ? Math.max(...tasks) : 0,
    target_ms: target,
  };
  const b = result.breakdown_median_ms;
  // The page as the last change left it, to look at (CONVOLAB_BENCH_SCREENSHOTS=folder).
  const shots = process.env.CONVOLAB_BENCH_SCREENSHOTS;
  if (shots) await page.screenshot({ path: join(shots, `${name.trim().replace(/[^\w]+/g, '-')}.png`) });
  const pageTrace = withTrace ? await traceChanges(page, name, field, watched, sink, values) : undefined;
  if (pageTrace) (result as { trace?: TraceSummary }).trace = pageTrace;
  log(
    `${name.padEnd(40)} median ${result.median_ms.toFixed(1).padStart(7)} ms  (p10 ${result.p10_ms.toFixed(1)}, p90 ${result.p90_ms.toFixed(1)})  ` +
      `target ≤ ${target} ms  long tasks ${result.long_tasks}` +
      (result.long_tasks ? ` (longest ${result.longest_task_ms.toFixed(0)} ms)` : '') +
      `\n${''.padEnd(40)} engine run ${result.engine_median_ms.toFixed(1)} ms; input→request ${b.input_to_request.toFixed(1)}, ` +
      `request→sink report ${b.request_to_sink_report.toFixed(1)}, report→DOM ${b.report_to_dom.toFixed(1)}, DOM→painted ${b.dom_to_painted.toFixed(1)}` +
      `\n${''.padEnd(40)} CPU per change: server ${result.cpu_ms_per_change.server.toFixed(1)} ms, browser ${result.cpu_ms_per_change.browser.toFixed(1)} ms` +
      (hops
        ? `\n${''.padEnd(40)} hops (${traced.length} of ${timings.length} traced): ` + Object.entries(hops).map(([key, ms]) => `${key} ${(ms as number).toFixed(/Bytes$|messages$|frames$/i.test(key) ? 0 : 2)}`).join(', ')
        : '') +
      (sched ? `\n${''.padEnd(40)} ${describeSched(sched).join(`\n${''.padEnd(40)} `)}` : '') +
      (pageTrace ? `\n${''.padEnd(40)} ${describeTrace(pageTrace)}` : ''),
  );
  return result;
}

export interface TraceSummary {
  readonly changes: number;
  /** Frames the page received per change, up to and with the sink's report. */
  readonly frames: number;
  /**
   * The sink's frame: sent → its message dispatched, its median, and its mean split as in
   * FrameArrival (means, which add up; `handled` is a median).
   */
  readonly sink: { readonly median: number; readonly total: number; readonly path: number; readonly wait: number; readonly waitedOn: Busy & { readonly idle: number }; readonly handled: number };
  /** CPU ms Chromium's threads ran while the sink's frame was on its way (`path`) and while it waited in Chromium (`wait`). */
  readonly sinkCpu: { readonly path: ThreadCpu; readonly wait: ThreadCpu };
  /** Every other frame before it, the same way. */
  readonly earlier: { readonly median: number; readonly total: number; readonly path: number; readonly wait: number; readonly waitedOn: Busy & { readonly idle: number }; readonly handled: number };
  /** The page's main thread from Enter to the sink's frame dispatched: busy ms by kind, and CPU ms. */
  readonly mainThread: Busy & { readonly cpu: number; readonly window: number };
  /** Layouts from Enter to the preview painted (page-trace.ts `pageLayouts`). */
  readonly layouts: LayoutSummary;
}

export interface LayoutSummary {
  /** The edit's frame (the first layout after Enter that no script forced): objects laid out, of all, and ms (medians). */
  readonly edit: { readonly dirty: number; readonly total: number; readonly ms: number };
  /** What marked objects for layout before the edit's frame (with invalidation tracking): in how many changes' edit's frames. */
  readonly editMarked: Readonly<Record<string, number>>;
  /** Layouts script forced, per change (mean), their median ms, and who forced them. */
  readonly forced: { readonly perChange: number; readonly ms: number; readonly by: readonly string[] };
  /** Changes with an edit's frame in the trace. */
  readonly changes: number;
}

const TRACED_CHANGES = 12;

/** More changes of the same field under a Chromium trace (page-trace.ts), summed up by medians. */
async function traceChanges(page: Page, name: string, field: string, watched: string, sink: string, values: readonly string[]): Promise<TraceSummary> {
  const { result: timings, events, pageToMono } = await tracePage(page, async () => {
    const out: { start: number; painted: number }[] = [];
    for (let i = 0; i < TRACED_CHANGES; i++) {
      out.push(await timeEnterToPaint(page, field, values[(changes + 3 + i) % values.length]!, watched));
      await settle(page);
    }
    return out;
  });
  const received = (await socketEntriesSince(page, timings[0]?.start ?? 0)).flatMap((entry) => (entry.what === 'frame' ? [{ mono: pageToMono(entry.at), bytes: entry.bytes ?? 0 }] : []));
  // The frames the server sent, on the trace's clock (CLOCK_MONOTONIC, the same in every process).
  const frames = await served.frames();
  const arrivals = frameArrivals(events, frames, received);
  // One file per case: the case's name before the extension (trace.json → trace.1-D-on-the-node.json).
  const dump = process.env.CONVOLAB_TRACE_DUMP?.replace(/(\.json)?$/, (ext) => `.${name.trim().replace(/[^\w]+/g, '-')}${ext}`);
  if (dump) writeFileSync(dump, JSON.stringify({ traceEvents: events, frames, timings, arrivals, sync: pageToMono(0) }));
  const perChange = timings.flatMap(({ start }, i) => {
    const from = pageToMono(start);
    // This change's frames only: one whose dispatch the trace lacks must not pass the next change's for it.
    const until = i + 1 < timings.length ? pageToMono(timings[i + 1]!.start) : Infinity;
    const mine = arrivals.filter((arrival) => arrival.frame.mono >= from && arrival.frame.mono < until);
    const sinkAt = mine.findIndex((arrival) => arrival.frame.kinds.some((kind) => kind.startsWith('nodesDone:') && kind.slice(10).split(',').includes(sink)));
    if (sinkAt < 0) return [];
    const report = mine[sinkAt]!;
    const handledAt = report.frame.mono + report.total * 1000;
    return [{ report, earlier: mine.slice(0, sinkAt), busy: { ...mainThreadBusy(events, from, handledAt), window: (handledAt - from) / 1000 } }];
  });
  const layouts = timings.map(({ start, painted }) => pageLayouts(events, pageToMono(start), pageToMono(painted)));
  const med = (values: number[]): number => (values.length ? quantile(values, 0.5) : Number.NaN);
  const of = <K extends string>(rows: readonly Record<K, number>[], key: K): number => med(rows.map((row) => row[key]));
  // The parts of a frame's time as means, so that they add up to the mean total: the changes
  // differ in kind (one frame waited behind a drawn frame, the next behind nothing), and medians
  // of the parts taken one by one come from different changes.
  const mean = <K extends string>(rows: readonly Record<K, number>[], key: K): number => (rows.length ? rows.reduce((sum, row) => sum + row[key], 0) / rows.length : Number.NaN);
  const sinks = perChange.map((change) => change.report);
  const earlier: FrameArrival[] = perChange.flatMap((change) => change.earlier);
  const busy = perChange.map((change) => change.busy);
  const waitedOn = (rows: readonly FrameArrival[]): Busy & { idle: number } => {
    const on = rows.map((row) => row.waitedOn);
    return { render: mean(on, 'render'), socket: mean(on, 'socket'), script: mean(on, 'script'), other: mean(on, 'other'), idle: mean(on, 'idle') };
  };
  const cpuOf = (rows: readonly ThreadCpu[]): ThreadCpu => ({
    main: mean(rows, 'main'),
    compositor: mean(rows, 'compositor'),
    viz: mean(rows, 'viz'),
    browser: mean(rows, 'browser'),
    network: mean(rows, 'network'),
    other: mean(rows, 'other'),
  });
  const sentAt = (row: FrameArrival): number => row.frame.mono;
  const readAt = (row: FrameArrival): number => row.frame.mono + row.path * 1000;
  const dispatchedAt = (row: FrameArrival): number => row.frame.mono + row.total * 1000;
  return {
    changes: perChange.length,
    frames: med(perChange.map((change) => change.earlier.length + 1)),
    sink: {
      median: of(sinks, 'total'),
      total: mean(sinks, 'total'),
      path: mean(sinks, 'path'),
      wait: mean(sinks, 'wait'),
      waitedOn: waitedOn(sinks),
      handled: of(sinks, 'handled'),
    },
    sinkCpu: {
      path: cpuOf(sinks.map((row) => threadCpu(events, sentAt(row), readAt(row)))),
      wait: cpuOf(sinks.map((row) => threadCpu(events, readAt(row), dispatchedAt(row)))),
    },
    earlier: { median: of(earlier, 'total'), total: mean(earlier, 'total'), path: mean(earlier, 'path'), wait: mean(earlier, 'wait'), waitedOn: waitedOn(earlier), handled: of(earlier, 'handled') },
    mainThread: { render: of(busy, 'render'), socket: of(busy, 'socket'), script: of(busy, 'script'), other: of(busy, 'other'), cpu: of(busy, 'cpu'), window: of(busy, 'window') },
    layouts: summariseLayouts(layouts),
  };
}

function summariseLayouts(perChange: readonly PageLayout[][]): LayoutSummary {
  const med = (values: number[]): number => (values.length ? quantile(values, 0.5) : Number.NaN);
  const edits = perChange.flatMap((layouts) => layouts.filter((layout) => !layout.forcedBy).slice(0, 1));
  const editMarked: Record<string, number> = {};
  for (const edit of edits) for (const mark of new Set(edit.marked)) editMarked[mark] = (editMarked[mark] ?? 0) + 1;
  const forced = perChange.flatMap((layouts) => layouts.filter((layout) => layout.forcedBy));
  return {
    edit: { dirty: med(edits.map((edit) => edit.dirty)), total: med(edits.map((edit) => edit.total)), ms: med(edits.map((edit) => edit.ms)) },
    editMarked,
    forced: { perChange: forced.length / Math.max(1, perChange.length), ms: med(forced.map((layout) => layout.ms)), by: [...new Set(forced.map((layout) => layout.forcedBy!))] },
    changes: edits.length,
  };
}

function describeLayouts(layouts: LayoutSummary): string {
  const marked = Object.entries(layouts.editMarked).sort((a, b) => b[1] - a[1]);
  return (
    `layout: the edit's frame laid out ${layouts.edit.dirty} of ${layouts.edit.total} objects in ${layouts.edit.ms.toFixed(2)} ms (medians)` +
    (marked.length ? `, marked by (in how many of ${layouts.changes} changes) ${marked.map(([mark, count]) => `${mark} ${count}`).join('; ')}` : '') +
    `; forced layouts ${layouts.forced.perChange.toFixed(1)} per change` +
    (layouts.forced.by.length ? ` (${layouts.forced.ms.toFixed(2)} ms, by ${layouts.forced.by.join(', ')})` : '')
  );
}

function describeTrace(trace: TraceSummary): string {
  const f = (ms: number): string => ms.toFixed(2);
  const { sink, earlier, sinkCpu, mainThread: m } = trace;
  const on = (w: Busy & { idle: number }): string =>
    `render ${f(w.render)}, socket ${f(w.socket)}, script ${f(w.script)}, other ${f(w.other)}, idle ${f(w.idle)}`;
  const cpu = (c: ThreadCpu): string =>
    `main ${f(c.main)}, compositor+raster ${f(c.compositor)}, viz ${f(c.viz)}, browser ${f(c.browser)}, network ${f(c.network)}, other ${f(c.other)}`;
  return (
    `trace (${trace.changes} changes, ${trace.frames} frames each): sink's frame sent → dispatched median ${f(sink.median)}, mean ${f(sink.total)} = on its way (to the network service's read) ${f(sink.path)} + in Chromium ${f(sink.wait)} ` +
    `(the page's main thread meanwhile: ${on(sink.waitedOn)}), handled in ${f(sink.handled)}` +
    `\n${''.padEnd(40)} earlier frames median ${f(earlier.median)}, mean ${f(earlier.total)} = ${f(earlier.path)} + ${f(earlier.wait)} (${on(earlier.waitedOn)}), handled in ${f(earlier.handled)}` +
    `\n${''.padEnd(40)} Chromium's CPU (means) while the sink's frame was on its way: ${cpu(sinkCpu.path)}; while in Chromium: ${cpu(sinkCpu.wait)}` +
    `\n${''.padEnd(40)} main thread from Enter to the sink's frame (${f(m.window)}): render ${f(m.render)}, socket ${f(m.socket)}, script ${f(m.script)}, other ${f(m.other)}, CPU ${f(m.cpu)}` +
    `\n${''.padEnd(40)} ${describeLayouts(trace.layouts)}`
  );
}

/** Values that differ from one change to the next, alternating up and down a range. */
function sweep(from: number, to: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = i / (count - 1);
    out.push(String(Number((i % 2 === 0 ? from + (to - from) * t : to - (to - from) * t).toPrecision(4))));
  }
  return [...new Set(out)];
}

async function oneDimensional(page: Page): Promise<CaseResult[]> {
  await buildOneDimensional(page);
  await settle(page);
  const length = (await page.locator('.cl-node[data-node-id="function1"]').textContent()) ?? '';
  if (!length.includes('n=65536')) {
    await page.screenshot({ path: 'test-results/bench-preview-1d-failed.png' });
    throw new Error(`the 1-D source is not 2^16 samples: ${length}`);
  }
  // The user drags σ of the source in the inspector while the large preview shows the source.
  const withPanels = await measure(
    page,
    '1-D, 2^16 samples ⊛ 49 taps → plot',
    33,
    '.inspector input[aria-label="σ (s)"]',
    '.cl-node[data-node-id="plot1"] [data-preview="signal"]',
    'plot1',
    sweep(0.2, 0.9, 40),
  );
  // The same graph with nothing selected: σ of the kernel on the node itself, so only the canvas
  // follows (no inspector, no large preview fetching full data).
  await page.keyboard.press('Escape');
  const canvasOnly = await measure(
    page,
    '  same, kernel σ on the node, no selection',
    33,
    '.cl-node[data-node-id="gaussian1"] input.param-number-text',
    '.cl-node[data-node-id="plot1"] [data-preview="signal"]',
    'plot1',
    sweep(4, 12, 40),
  );
  return [withPanels, canvasOnly];
}

async function twoDimensional(page: Page, size: number, target: number): Promise<CaseResult[]> {
  await dropFromPalette(page, 'source.testImage', 30, 20);
  await dropFromPalette(page, 'kernel.gaussian', 30, 300);
  await dropFromPalette(page, 'op.convolve', 320, 100);
  await dropFromPalette(page, 'sink.image', 600, 40);
  await select(page, 'testImage1');
  await setInspector(page, 'textbox', 'Size', String(size));
  await select(page, 'convolve1');
  await setInspector(page, 'combobox', 'Mode', 'same');
  await connect(page, ['testImage1', 'out'], ['convolve1', 'a']);
  await connect(page, ['gaussian1', 'out'], ['convolve1', 'b']);
  await connect(page, ['convolve1', 'out'], ['imageSink1', 'in']);
  await waitForText(page, 'imageSink1', `${size}×${size}`);
  await settle(page);
  const label = (await page.locator('.cl-node[data-node-id="imageSink1"]').textContent()) ?? '';
  if (!label.includes(`${size}×${size}`)) {
    await page.screenshot({ path: `test-results/bench-preview-${size}-failed.png` });
    throw new Error(`the blurred image is not ${size}²: ${label}`);
  }
  // σ of the kernel on the node itself, nothing selected.
  await page.keyboard.press('Escape');
  return [
    await measure(
      page,
      `${size}², phantom ⊛ Gaussian (same) → image`,
      target,
      '.cl-node[data-node-id="gaussian1"] input.param-number-text',
      '.cl-node[data-node-id="imageSink1"] [data-preview="image"] canvas',
      'imageSink1',
      sweep(1, 3, 40),
    ),
  ];
}

async function coneBeam(page: Page): Promise<CaseResult[]> {
  await dropFromPalette(page, 'source.phantom3d', 30, 20);
  await dropFromPalette(page, 'op.conebeam', 300, 20);
  await dropFromPalette(page, 'op.fdk', 30, 330);
  await dropFromPalette(page, 'sink.volume', 300, 330);
  await select(page, 'conebeam1');
  await setInspector(page, 'textbox', 'Views', '24');
  await connect(page, ['phantom3d1', 'out'], ['conebeam1', 'in']);
  await connect(page, ['conebeam1', 'out'], ['fdk1', 'in']);
  await connect(page, ['fdk1', 'out'], ['volumeSink1', 'in']);
  await waitForText(page, 'fdk1', '64×64×64');
  await settle(page);
  const watched = '.cl-node[data-node-id="volumeSink1"] figure[data-axis="z"] canvas';
  if ((await page.locator(watched).count()) !== 1) {
    await page.screenshot({ path: 'test-results/bench-preview-fdk-failed.png' });
    throw new Error('the volume sink shows no z plane of the reconstruction');
  }
  // Views on the conebeam node itself, nothing selected: about the 24 views of PERF.md's case.
  await page.keyboard.press('Escape');
  await page.screenshot({ path: 'test-results/bench-preview-fdk.png' });
  // The views slider on the node (positions 0…1000 over 1…360 views, values on the track's grid of
  // 5): 20, 25, 30, 25 views, each differing from the one before it, around the cycle too (an
  // unchanged value repaints nothing). The text field beside it commits only on Enter.
  const positions = [20, 25, 30, 25].map((views) => String(Math.round(((views - 1) * 1000) / 359)));
  return [
    await measure(page, '64³ phantom → conebeam (views) → FDK → volume', 100, '.cl-node[data-node-id="conebeam1"] input[type="range"]', watched, 'volumeSink1', positions),
  ];
}

/** convolab serve's server and engine host, in a process of their own (served-server.ts). */
const served = await startServedServer({
  rendererDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
  port: Number(process.env.CONVOLAB_BENCH_PORT ?? 0),
  hops: withHops,
  frames: withTrace,
});
const browser = await chromium.launch({
  executablePath: process.env.CONVOLAB_CHROMIUM ?? '/usr/bin/chromium',
  // The same flags as playwright.config.ts.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results: CaseResult[] = [];
try {
  log(`Convolab preview latency: ${changes} param changes per case, Chromium against convolab serve (PERF.md targets)`);
  const cases: [string, (page: Page) => Promise<CaseResult[]>][] = [
    ['1-D', oneDimensional],
    ['512', (page) => twoDimensional(page, 512, 33)],
    ['2048', (page) => twoDimensional(page, 2048, 100)],
    ['FDK', coneBeam],
  ];
  for (const [name, run] of cases) {
    if (!name.includes(filter)) continue;
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    // tsx keeps function names with an `__name` helper that the page does not have.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    await page.addInitScript(recordSocket);
    await page.addInitScript(() => {
      const tasks: { start: number; duration: number }[] = [];
      (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.goto(`http://127.0.0.1:${served.port}/?token=bench`);
    await page.locator('.react-flow').waitFor();
    results.push(...(await run(page)));
    await page.close();
  }
} finally {
  await browser.close();
  await served.close();
}
if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
