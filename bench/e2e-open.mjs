// Where a fresh editor's seconds go in the end-to-end suite: opens the editor N times, each in a
// fresh browser context as a Playwright test does, against the suite's own server
// (test/e2e/serve-for-tests.mjs, started here on PORT), and prints per phase what it took: the
// context, the page's navigation (PerformanceNavigationTiming), the script's run up to the
// canvas, the WebSocket's open and the server's first answer, the empty graph's first run, and
// then the first run of an example (the engine worker's first real work: kernels, module loads).
//
//   node bench/e2e-open.mjs [N=6] [PORT=5241] [PAUSE_MS=1500]
//   MODE=shared node bench/e2e-open.mjs …
//
// PAUSE_MS is the time between one page's close and the next page's open (a test's own steps).
// MODE=shared opens the editor as the suite does now: one context and page for all the opens
// (test/e2e/shared-editor.ts), put back after each one by its reset, which is timed in place of
// the context's close. MODE=fresh (the default) makes a context per open, as every test once did.
// Needs the renderer and the CLI built (npx electron-vite build; node scripts/build-cli.mjs).
// Timings are wall clock on whatever else the machine runs: quote `uptime` beside them.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { bundleSource } from '../src-main/host/source-bundle.mjs';

const count = Number(process.argv[2] ?? 6);
const port = Number(process.argv[3] ?? 5241);
const pause = Number(process.argv[4] ?? 1500);
const example = process.env.EXAMPLE ?? 'convolution-theorem.convolab.json';
const mode = process.env.MODE ?? 'fresh';
if (mode !== 'fresh' && mode !== 'shared') throw new Error(`MODE=${mode}: fresh or shared`);
const { SharedEditor } = await import(pathToFileURL(await bundleSource(new URL('../test/e2e/shared-editor.ts', import.meta.url))).href);

const serverStart = performance.now();
const server = spawn(process.execPath, ['test/e2e/serve-for-tests.mjs', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    if (/ at http/.test(out)) resolve();
  });
  server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
});
const serverReady = performance.now() - serverStart;
if (process.env.TRACE) console.error('server ready');

const browser = await chromium.launch({
  executablePath: process.env.CONVOLAB_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// Runs in the page before its scripts: stamps the socket's life and the page's first states.
const stamps = () => {
  const marks = {};
  window.__openMarks = marks;
  const mark = (name) => {
    if (!(name in marks)) marks[name] = performance.now();
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      mark('socketNew');
      this.addEventListener('open', () => mark('socketOpen'));
      let received = 0;
      this.addEventListener('message', () => {
        received++;
        mark('firstMessage');
        if (received === 2) mark('secondMessage');
      });
      const send = this.send.bind(this);
      this.send = (data) => {
        mark('firstSend');
        send(data);
      };
    }
  };
  new MutationObserver(() => {
    if (document.querySelector('script')) mark('scriptTagSeen');
    if (document.querySelector('.react-flow')) mark('canvas');
    if (document.querySelector('.run-status[data-run-status="done"]')) mark('firstRunDone');
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-run-status'] });
};

// The server goes with this script, however it ends.
process.once('exit', () => server.kill('SIGKILL'));
const rows = [];
const options = { viewport: { width: 1400, height: 860 }, baseURL: `http://127.0.0.1:${port}`, actionTimeout: 45_000 };
let shared;
/** Chromium's counters of the page's main thread (cumulative over the page's documents). */
const counters = async (cdp) => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
for (let i = 0; i < count; i++) {
  const t0 = performance.now();
  if (process.env.TRACE) console.error(`open ${i}`);
  let context, page, cdp;
  if (mode === 'fresh') {
    context = await browser.newContext(options);
    page = await context.newPage();
    await page.addInitScript(stamps);
    cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
  } else {
    const first = !shared;
    shared ??= await SharedEditor.open(browser, options);
    ({ context, page } = shared);
    cdp = shared.benchCdp ??= await context.newCDPSession(page);
    if (first) {
      // The shared page refuses init scripts from tests; the bench's marks go in through CDP.
      await cdp.send('Page.enable');
      await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: `(${stamps})()` });
      await cdp.send('Performance.enable');
    }
    await shared.take({});
  }
  const before = await counters(cdp);
  const t1 = performance.now();
  await page.goto('/?token=e2e-token');
  const t2 = performance.now();
  await page.locator('.react-flow').waitFor();
  const t3 = performance.now();
  // The page's main thread until the canvas is up: time inside tasks and inside script (Chromium's
  // own counters: busy time, less sensitive to other work on the machine than the marks).
  const after = await counters(cdp);
  const metrics = { TaskDuration: after.TaskDuration - before.TaskDuration, ScriptDuration: after.ScriptDuration - before.ScriptDuration };
  const t4 = performance.now();
  // The first real run: an example, opened from the gallery as a user does.
  await page.getByRole('banner').getByRole('button', { name: 'Examples' }).click();
  await page.getByRole('dialog', { name: 'Examples' }).locator(`[data-example="${example}"]`).click();
  await page.locator('.document-name', { hasText: example }).waitFor();
  const t5 = performance.now();
  await page.waitForFunction(() => {
    const nodes = [...document.querySelectorAll('.cl-node-status')];
    return nodes.length > 0 && nodes.every((node) => node.getAttribute('data-status') === 'ok');
  });
  const t6 = performance.now();
  const inPage = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    const scripts = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.js'));
    return {
      nav: { requestStart: nav.requestStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd },
      scriptFetched: scripts.map((entry) => entry.responseEnd)[0],
      marks: window.__openMarks,
    };
  });
  const t7 = performance.now();
  if (mode === 'fresh') await context.close();
  else await shared.reset();
  const t8 = performance.now();
  const m = inPage.marks;
  rows.push({
    context: t1 - t0,
    goto: t2 - t1,
    'nav.responseEnd': inPage.nav.responseEnd,
    'script fetched': inPage.scriptFetched,
    'nav.domContentLoaded': inPage.nav.domContentLoaded,
    'socket new': m.socketNew,
    'canvas (page)': m.canvas,
    'socket open': m.socketOpen,
    'first send': m.firstSend,
    'first answer': m.firstMessage,
    'example run done (page)': m.firstRunDone,
    'to canvas (fixture)': t3 - t1,
    'example opened': t5 - t4,
    'example all ok': t6 - t5,
    'main thread tasks (ms)': metrics.TaskDuration * 1000,
    'of which script (ms)': metrics.ScriptDuration * 1000,
    [mode === 'fresh' ? 'context close' : 'reset']: t8 - t7,
    'open to canvas total': t3 - t0,
  });
  await new Promise((resolve) => setTimeout(resolve, pause));
}
await shared?.close();
await browser.close();
server.kill('SIGTERM');

const names = Object.keys(rows[0]);
const fmt = (value) => (value === undefined ? '-' : Math.round(value).toString());
console.log(`server ready ${Math.round(serverReady)} ms; ${count} opens (${mode === 'fresh' ? 'a context each' : 'one shared page'}), ${pause} ms apart; example ${example}`);
console.log('ms (page marks from navigation start)'.padEnd(28) + rows.map((_, i) => `#${i + 1}`.padStart(7)).join('') + '   median');
for (const name of names) {
  const values = rows.map((row) => row[name]);
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  console.log(name.padEnd(28) + values.map((v) => fmt(v).padStart(7)).join('') + fmt(sorted[Math.floor(sorted.length / 2)]).padStart(9));
}
