/**
 * The canvas at scale (issue 19 §7; PERF.md "canvas"): a graph of 300 nodes with live previews
 * (75 chains of source.function ⊛ kernel.gaussian → sink.plot) opened in Chromium against
 * `convolab serve`, then measured as a user meets it:
 *   - pan and zoom: frames per second while the canvas is dragged and wheel-zoomed for a fixed
 *     number of steps, at "fit" (every node in view) and at 100 % (a corner in view), from the
 *     page's own requestAnimationFrame callbacks (target ≥ 50 fps);
 *   - a param change on a node in view: from Enter to the frame that paints its plot (target ≤ 50 ms);
 *   - how many nodes are in the DOM at each zoom (above CULL_ABOVE nodes, only what is in view renders).
 *
 *   npm run bench:canvas              build the renderer, then measure; prints a table
 *   npm run bench:canvas -- --json    only a JSON object on stdout
 *   npm run bench:canvas -- --profile FILE   also records the page's CPU profile over the param
 *                                     changes (Chrome's .cpuprofile, for DevTools) and prints
 *                                     the functions with the most self time
 *   npm run bench:canvas -- --trace FILE     a Chromium trace of the last three param changes
 *                                     (open it in DevTools' Performance panel), and the thread
 *                                     CPU of each one's own task (less noisy than wall time)
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shareLink } from '../src-shared/io/share-link';
import { recordSocket, socketEntriesSince, timeEnterToPaint } from './page-timing';
import { scaleGraph } from './scale-graph';
import { startWebServer } from '../src-main/web/server';
import { servedSessions } from '../src-main/web/sessions';

const json = process.argv.includes('--json');
const profileAt = process.argv.indexOf('--profile');
const profileFile = profileAt >= 0 ? process.argv[profileAt + 1] : undefined;
const traceAt = process.argv.indexOf('--trace');
const traceFile = traceAt >= 0 ? process.argv[traceAt + 1] : undefined;
const log = (text: string): void => {
  if (!json) process.stdout.write(`${text}\n`);
};

/** Frames per second over `steps` pointer moves (a drag of the pane) or wheel turns, from rAF in the page. */
async function framesPerSecond(page: Page, gesture: 'pan' | 'zoom', steps: number): Promise<number> {
  await page.evaluate(() => {
    const state = { frames: 0, first: 0, last: 0, running: true };
    (window as unknown as { __frames: typeof state }).__frames = state;
    const tick = (now: number): void => {
      if (!state.running) return;
      if (state.frames === 0) state.first = now;
      state.frames++;
      state.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  if (gesture === 'pan') {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < steps; i++) await page.mouse.move(cx + 200 * Math.sin((i / steps) * Math.PI * 2), cy + 120 * Math.sin((i / steps) * Math.PI * 4));
    await page.mouse.up();
  } else {
    await page.mouse.move(cx, cy);
    for (let i = 0; i < steps; i++) await page.mouse.wheel(0, i % 20 < 10 ? -60 : 60);
  }
  const { frames, first, last } = await page.evaluate(() => {
    const state = (window as unknown as { __frames: { frames: number; first: number; last: number; running: boolean } }).__frames;
    state.running = false;
    return state;
  });
  return frames > 1 ? ((frames - 1) * 1000) / (last - first) : 0;
}

interface Repaint {
  /** Enter → its plot painted. */
  readonly total: number;
  /** Enter → the run request sent; → the plot's result arrived; → the run's end arrived. */
  readonly toRequest: number;
  readonly toPlotReport: number;
  readonly toRunEnd: number;
  /** Host event messages the page received for the run, and the main-thread time they took (listener, store, React). */
  readonly messages: number;
  readonly handlingMs: number;
}

/** From Enter on a node's σ to the frame that paints its plot, and where that time went. */
async function paramRepaint(page: Page, chain: number, value: string): Promise<Repaint> {
  const { start, painted } = await timeEnterToPaint(page, `.cl-node[data-node-id="k${chain}"] input.param-number-text`, value, `.cl-node[data-node-id="p${chain}"] [data-preview="signal"]`);
  await settle(page);
  const entries = await socketEntriesSince(page, start);
  const at = (what: string): number => entries.find((entry) => entry.what === what)?.at ?? Number.NaN;
  const runEnd = at('runEnd');
  const ofRun = entries.filter((entry) => entry.at <= runEnd);
  return {
    total: painted - start,
    toRequest: at('run') - start,
    toPlotReport: at(`done:p${chain}`) - start,
    toRunEnd: runEnd - start,
    messages: ofRun.filter((entry) => entry.what === 'event').length,
    handlingMs: ofRun.reduce((sum, entry) => sum + (entry.what === 'handled' ? entry.ms ?? 0 : 0), 0),
  };
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-run-status]')?.getAttribute('data-run-status') === 'done', undefined, { timeout: 120_000 });
  await page.waitForTimeout(300);
}

interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** The 25 functions with the most self time in a page's CPU profile (ms). */
function printSelfTime(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((sample, index) => {
    const frame = byId.get(sample)?.callFrame;
    if (!frame) return;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[index] ?? 0) / 1000);
  });
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`);
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly data?: { readonly type?: string } };
}

/**
 * The thread CPU time (ms) of each traced param change's own task — the one that dispatched its
 * Enter: the edit, its render and the run request. CPU, not wall time, so a loaded machine
 * changes it less than the repaint's milliseconds.
 */
function editTaskCpu(trace: { traceEvents?: TraceEvent[] }): number[] {
  const events = trace.traceEvents ?? [];
  const tasks = events.filter((event) => event.name === 'RunTask' && event.ph === 'X');
  return events
    .filter((event) => event.name === 'EventDispatch' && event.args?.data?.type === 'keydown')
    .map((key) => tasks.find((task) => task.pid === key.pid && task.tid === key.tid && task.ts <= key.ts && task.ts + (task.dur ?? 0) >= key.ts + (key.dur ?? 0)))
    .filter((task): task is TraceEvent => task?.tdur !== undefined)
    .map((task) => task.tdur! / 1000);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

// As `convolab serve` runs: a session per page, with a files service (a link opens through it).
const folder = mkdtempSync(join(tmpdir(), 'convolab-bench-'));
const stateDir = join(folder, '.state');
mkdirSync(stateDir);
writeFileSync(join(stateDir, 'welcomed'), 'marked by the bench\n');
const server = await startWebServer({
  rendererDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
  openSession: servedSessions({ folder, stateDir, version: 'bench' }),
  port: 0,
  token: 'bench',
});
const browser = await chromium.launch({
  executablePath: process.env.CONVOLAB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results: Record<string, number> = {};
try {
  const link = shareLink(scaleGraph());
  if (!link.ok) throw new Error(link.error);
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  await page.addInitScript(recordSocket);
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(`http://127.0.0.1:${server.port}/?token=bench${link.value}`);
  await page.locator('.react-flow').waitFor();
  await page.locator('.cl-node').first().waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
    await page.screenshot({ path: 'test-results/bench-canvas-failed.png' });
    throw error;
  });
  await settle(page);
  // As opened: a graph too large to read whole is framed on the nodes a reader starts with.
  results.zoom_as_opened = Number(await page.locator('.zoom-readout').getAttribute('data-zoom'));
  results.nodes_in_dom_as_opened = await page.locator('.cl-node').count();
  results.fps_pan_as_opened = await framesPerSecond(page, 'pan', 120);
  const repaints: Repaint[] = [];
  const engine: number[] = [];
  const profiler = profileFile === undefined ? undefined : await page.context().newCDPSession(page);
  for (let i = 0; i < 15; i++) {
    if (i === 12 && traceFile !== undefined) await browser.startTracing(page, { categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'] });
    if (i === 3 && profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.send('Profiler.start');
    }
    repaints.push(await paramRepaint(page, 0, String(2 + (i % 7) * 0.5 + 0.25)));
    const ran = /ran in ([\d.]+) (ms|s)/.exec(await page.locator('.run-status').innerText());
    if (ran) engine.push(Number(ran[1]) * (ran[2] === 's' ? 1000 : 1));
  }
  if (traceFile !== undefined) {
    const trace = await browser.stopTracing();
    writeFileSync(traceFile, trace);
    const cpu = editTaskCpu(JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] });
    if (cpu.length > 0) results.param_edit_task_cpu_median_ms = median(cpu);
  }
  if (profiler && profileFile !== undefined) {
    const { profile } = await profiler.send('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    printSelfTime(profile);
  }
  const measured = repaints.slice(3);
  const medianOf = (pick: (repaint: Repaint) => number): number => median(measured.map(pick));
  results.param_repaint_median_ms = medianOf((r) => r.total);
  results.param_engine_median_ms = median(engine.slice(3));
  results.param_to_request_median_ms = medianOf((r) => r.toRequest);
  results.param_to_plot_report_median_ms = medianOf((r) => r.toPlotReport);
  results.param_to_run_end_median_ms = medianOf((r) => r.toRunEnd);
  results.param_messages_median = medianOf((r) => r.messages);
  results.param_handling_median_ms = medianOf((r) => r.handlingMs);

  // Fit: every node in view.
  await page.getByRole('button', { name: /^Fit$/ }).click();
  await page.waitForTimeout(500);
  results.zoom_at_fit = Number(await page.locator('.zoom-readout').getAttribute('data-zoom'));
  results.nodes_in_dom_at_fit = await page.locator('.cl-node').count();
  results.fps_pan_at_fit = await framesPerSecond(page, 'pan', 120);
  results.fps_zoom_at_fit = await framesPerSecond(page, 'zoom', 60);
} finally {
  await browser.close();
  await server.close();
}
if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  log('Convolab canvas at scale: 300 nodes with previews, Chromium against convolab serve');
  log(`  as opened (zoom ${results.zoom_as_opened!.toFixed(2)}): ${results.nodes_in_dom_as_opened} nodes in the DOM; pan ${results.fps_pan_as_opened!.toFixed(0)} fps (target ≥ 50)`);
  log(`  at fit (zoom ${results.zoom_at_fit!.toFixed(2)}): ${results.nodes_in_dom_at_fit} nodes in the DOM; pan ${results.fps_pan_at_fit!.toFixed(0)} fps, zoom ${results.fps_zoom_at_fit!.toFixed(0)} fps (target ≥ 50)`);
  log(`  param change → its plot painted: median ${results.param_repaint_median_ms!.toFixed(1)} ms (target ≤ 50); the engine's run ${results.param_engine_median_ms!.toFixed(1)} ms`);
  log(
    `    from Enter: request sent ${results.param_to_request_median_ms!.toFixed(1)} ms, plot's result arrived ${results.param_to_plot_report_median_ms!.toFixed(1)} ms, ` +
      `run's end arrived ${results.param_to_run_end_median_ms!.toFixed(1)} ms; ${results.param_messages_median} event messages, ` +
      `${results.param_handling_median_ms!.toFixed(1)} ms of the page's main thread handling them`,
  );
  if (results.param_edit_task_cpu_median_ms !== undefined) {
    log(`    the edit's own task (Enter → run request sent, React's render of the edit): ${results.param_edit_task_cpu_median_ms.toFixed(1)} ms of thread CPU (median of the traced changes)`);
  }
}
