import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_TOKEN, servedFolder } from './served';
import { SharedEditor } from './shared-editor';

// What the test server shares with the specs lives in served.ts, which the server loads without Playwright.
export { E2E_PORT, E2E_TOKEN, servedFolder } from './served';
export { expect } from '@playwright/test';

interface EditorFixtures {
  /**
   * A browser context and page of this test's own, made and closed with it, instead of the
   * worker's shared page: for a spec that adds what a reset cannot take back (init scripts,
   * routes, exposed functions; shared-editor.ts refuses them on the shared page). Set it with
   * `test.use({ freshContext: true })`; CONVOLAB_E2E_FRESH_CONTEXT=1 sets it for the whole suite,
   * as every test ran before the page was shared (to compare, or to tell a leak from a bug).
   */
  freshContext: boolean;
}

interface WorkerFixtures {
  /** The worker's shared browser context and page, made when a test first asks for it. */
  sharedEditor: SharedEditors;
  /** With CONVOLAB_E2E_COUNT=1: counts the contexts and pages the browser opens, printed as the worker ends. */
  browserCounts: void;
}

/** The worker's one SharedEditor, made on first use and made again after a reset that failed. */
interface SharedEditors {
  take(): Promise<SharedEditor>;
  drop(): Promise<void>;
}

/**
 * The suite's `test`: its `page` is the worker's shared editor page, put back after each test as
 * shared-editor.ts says (and `context` is that page's), unless the spec asks for a context of its
 * own (`freshContext`). Specs import `test` from here, not from @playwright/test.
 */
export const test = base.extend<EditorFixtures, WorkerFixtures>({
  freshContext: [process.env.CONVOLAB_E2E_FRESH_CONTEXT === '1', { option: true }],
  browserCounts: [
    async ({ browser }, use, workerInfo) => {
      if (process.env.CONVOLAB_E2E_COUNT !== '1') {
        await use();
        return;
      }
      // Counted as the browser sees them (its targets), however they were made: these fixtures,
      // a spec's own browser.newPage() or context.newPage().
      const cdp = await browser.newBrowserCDPSession();
      const contexts = new Set<string>();
      let pages = 0;
      cdp.on('Target.targetCreated', ({ targetInfo }) => {
        if (targetInfo.type !== 'page') return;
        pages++;
        if (targetInfo.browserContextId) contexts.add(targetInfo.browserContextId);
      });
      await cdp.send('Target.setDiscoverTargets', { discover: true });
      await use();
      process.stdout.write(`e2e worker ${workerInfo.workerIndex}: the browser opened ${contexts.size} contexts and ${pages} pages\n`);
      await cdp.detach().catch(() => undefined);
    },
    { scope: 'worker', auto: true },
  ],
  sharedEditor: [
    async ({ browser }, use, workerInfo) => {
      const { baseURL, viewport, actionTimeout, navigationTimeout } = workerInfo.project.use;
      let shared: SharedEditor | undefined;
      const editors: SharedEditors = {
        take: async () => (shared ??= await SharedEditor.open(browser, { baseURL, viewport, actionTimeout, navigationTimeout })),
        drop: async () => {
          const gone = shared;
          shared = undefined;
          await gone?.close().catch(() => undefined);
        },
      };
      await use(editors);
      await editors.drop();
    },
    { scope: 'worker' },
  ],
  page: async ({ freshContext, browser, sharedEditor, viewport, permissions, baseURL }, use, testInfo) => {
    if (freshContext) {
      const context = await browser.newContext({ ...(baseURL ? { baseURL } : {}), ...(viewport !== undefined ? { viewport } : {}), ...(permissions ? { permissions } : {}) });
      await use(await context.newPage());
      await context.close();
      return;
    }
    const shared = await sharedEditor.take();
    await use(await shared.take({ viewport, permissions }));
    try {
      await shared.reset();
    } catch (error) {
      // Not this test's failure: the next test gets a context of its own, made afresh.
      process.stderr.write(`${testInfo.titlePath.join(' › ')}: the shared page could not be put back (${error instanceof Error ? error.message : String(error)}); the next test gets a new one\n`);
      await sharedEditor.drop();
    }
  },
  context: async ({ page }, use) => {
    await use(page.context());
  },
});

export async function openEditor(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`/?token=${E2E_TOKEN}`);
  await page.locator('.react-flow').waitFor();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
}

/** Opens a graph of the served folder by mouse: File › Open…, then a double-click on its entry. */
export async function openGraph(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: /^Open…/ }).click();
  const browser = page.getByRole('dialog', { name: 'Open a graph' });
  await browser.locator(`.file-entry[data-path="${name}"]`).dblclick();
  await expect(browser).toBeHidden();
}

/**
 * Drags from one handle to another the way a user does with the mouse. With `release: false`
 * the button stays down over the target, so a test can look at the wire before it is dropped.
 */
export async function connect(page: Page, from: string, to: string, { release = true }: { release?: boolean } = {}): Promise<void> {
  // A graph just opened is framed again as its previews arrive: read the handles once it is still.
  await steadyView(page);
  const source = page.locator(from);
  const target = page.locator(to);
  const a = await source.boundingBox();
  const b = await target.boundingBox();
  if (!a || !b) throw new Error(`cannot see ${a ? to : from}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  if (release) await page.mouse.up();
}

/**
 * Waits until the canvas's view is still: no framing follows it any more (framing.ts marks the
 * canvas `data-framing` while an opened graph, block or lesson step is being framed as its
 * previews arrive), and its transform has not changed for a few animation frames (a move of the
 * view's own, by Find or a lesson step, animates frame by frame). Watched in the page, frame by
 * frame: a graph built by mouse, whose view nothing moves, is still at once.
 */
/** Waits for the view to settle, then expects `what` wholly inside the canvas. */
export async function expectInCanvas(page: Page, what: Locator): Promise<void> {
  await steadyView(page);
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  const box = (await what.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(canvas.x);
  expect(box.y).toBeGreaterThanOrEqual(canvas.y);
  expect(box.x + box.width).toBeLessThanOrEqual(canvas.x + canvas.width);
  expect(box.y + box.height).toBeLessThanOrEqual(canvas.y + canvas.height);
}

export async function steadyView(page: Page): Promise<void> {
  await page.waitForFunction(
    (frames) => {
      const watch = window as unknown as { __steadyView?: { style: string; still: number } };
      const framed = document.querySelector('.react-flow') !== null && document.querySelector('.react-flow[data-framing]') === null;
      const style = document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? '';
      const last = watch.__steadyView;
      const still = framed && last?.style === style ? last.still + 1 : 0;
      watch.__steadyView = { style, still };
      if (still < frames) return false;
      delete watch.__steadyView;
      return true;
    },
    STILL_FRAMES,
    { polling: 'raf' },
  );
}

/** Animation frames the view must stay unchanged for steadyView (about 100 ms at 60 frames a second). */
const STILL_FRAMES = 6;

/** The node with this id on the canvas. */
export function node(page: Page, id: string) {
  return page.locator(`.cl-node[data-node-id="${id}"]`);
}

/** A port's handle: `kind` source for outputs, target for inputs. */
export function handle(id: string, port: string, kind: 'source' | 'target'): string {
  return `.cl-node[data-node-id="${id}"] .react-flow__handle.${kind}[data-handleid="${port}"]`;
}

/** Drags a node type from the palette and drops it at (x, y) inside the canvas, as a user does. */
export async function dropFromPalette(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.locator(`.palette-item[data-type="${type}"]`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

/** Where buildBlurGraph drops its four nodes (canvas coordinates of each one's top-left corner). */
export interface BlurGraphLayout {
  readonly function1: readonly [number, number];
  readonly gaussian1: readonly [number, number];
  readonly convolve1: readonly [number, number];
  readonly plot1: readonly [number, number];
}

const BLUR_GRAPH_LAYOUT: BlurGraphLayout = { function1: [30, 20], gaussian1: [30, 260], convolve1: [320, 100], plot1: [600, 40] };

/** function1 → convolve1.a, gaussian1 (1-D) → convolve1.b, convolve1 → plot1, built by mouse. */
/** A 3-D phantom convolved with a (3-D) Gaussian kernel, dropped and wired from the palette; waits for the convolution. */
export async function buildVolumeBlurGraph(page: Page): Promise<void> {
  await dropFromPalette(page, 'source.phantom3d', 30, 20);
  await dropFromPalette(page, 'kernel.gaussian', 30, 300);
  await dropFromPalette(page, 'op.convolve', 330, 100);
  await connect(page, handle('phantom3d1', 'out', 'source'), handle('convolve1', 'a', 'target'));
  await connect(page, handle('gaussian1', 'out', 'source'), handle('convolve1', 'b', 'target'));
  await expect(node(page, 'convolve1').locator('[data-status="ok"]')).toBeVisible({ timeout: 60_000 });
}

export async function buildBlurGraph(page: Page, layout: BlurGraphLayout = BLUR_GRAPH_LAYOUT): Promise<void> {
  await dropFromPalette(page, 'source.function', ...layout.function1);
  await dropFromPalette(page, 'kernel.gaussian', ...layout.gaussian1);
  await dropFromPalette(page, 'op.convolve', ...layout.convolve1);
  await dropFromPalette(page, 'sink.plot', ...layout.plot1);
  await expect(page.locator('.cl-node')).toHaveCount(4);
  // The kernel starts 2-D; a signal is blurred by a 1-D one.
  await selectNode(page, 'gaussian1');
  await page.getByRole('complementary', { name: 'Inspector' }).getByRole('combobox', { name: 'Dimensions' }).selectOption('1');
  await connect(page, handle('function1', 'out', 'source'), handle('convolve1', 'a', 'target'));
  await connect(page, handle('gaussian1', 'out', 'source'), handle('convolve1', 'b', 'target'));
  await connect(page, handle('convolve1', 'out', 'source'), handle('plot1', 'in', 'target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
}

/**
 * Writes `NAME` into the served folder: a phantom test image of `size`² ⊛ a Gaussian of `sigma`,
 * same/reflect (node ids photo, gauss, blur), with an image sink `view` when asked.
 */
export function writeImageBlurGraph(name: string, options: { title: string; size: number; sigma: number; view?: boolean }): void {
  const at = (x: number, y: number) => ({ x, y });
  const nodes: object[] = [
    { id: 'photo', type: 'source.testImage', position: at(0, 0), params: { pattern: 'phantom', size: options.size } },
    { id: 'gauss', type: 'kernel.gaussian', position: at(0, 320), params: { sigma: options.sigma } },
    { id: 'blur', type: 'op.convolve', position: at(320, 120), params: { mode: 'same', boundary: 'reflect' } },
  ];
  const edges: object[] = [
    { id: 'e1', source: 'photo', sourceHandle: 'out', target: 'blur', targetHandle: 'a' },
    { id: 'e2', source: 'gauss', sourceHandle: 'out', target: 'blur', targetHandle: 'b' },
  ];
  if (options.view) {
    nodes.push({ id: 'view', type: 'sink.image', position: at(640, 120) });
    edges.push({ id: 'e3', source: 'blur', sourceHandle: 'out', target: 'view', targetHandle: 'in' });
  }
  writeFileSync(join(servedFolder(), name), JSON.stringify({ format: 'convolab.graph', version: 2, meta: { title: options.title }, nodes, edges }));
}

/** Selects a node by clicking its title bar (the inspector and large preview then show it). */
export async function selectNode(page: Page, id: string): Promise<void> {
  // A graph just opened is framed again as its previews arrive: a click during the move can land
  // where the node was a frame before. Click until it is selected.
  await expect(async () => {
    await node(page, id).locator('.cl-node-title').click();
    await expect(node(page, id)).toHaveClass(/\bselected\b/, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}

/** Opens an example from the title bar's gallery, as a user does, and waits until it is the open document. */
export async function openExample(page: Page, file: string): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Examples' }).click();
  const gallery = page.getByRole('dialog', { name: 'Examples' });
  await gallery.locator(`[data-example="${file}"]`).click();
  await expect(gallery).toBeHidden();
  await expect(page.locator('.document-name')).toHaveText(file);
}

/** Where a screenshot for a test goes: `test-results/NAME.png`, beside the suite's reports. */
export function shot(name: string): { path: string } {
  return { path: `test-results/${name}.png` };
}

export interface OwnServer {
  /** The page's address, with the test token. */
  readonly url: string;
  /** Stops the server: SIGTERM as a user would, or SIGKILL as a crash does. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Sends a signal and waits until the server's output matches `said` (serve-for-tests.ts's faults). */
  signal(signal: NodeJS.Signals, said: RegExp): Promise<void>;
  /** Everything the server has printed so far. */
  output(): string;
}

let bundled: Promise<string> | undefined;

/**
 * The test server (serve-for-tests.ts) bundled once per worker by esbuild, as serve-for-tests.mjs
 * starts the suite's own: each server of a test's own then starts from plain JavaScript, where
 * loading its modules through tsx cost about 2.5 s of CPU on every start.
 */
function serverBundle(): Promise<string> {
  bundled ??= import('../../src-main/host/source-bundle.mjs').then(({ bundleSource }) => bundleSource(new URL('./serve-for-tests.ts', import.meta.url)));
  return bundled;
}

/**
 * A server of its own for a test that must start, kill or restart one (first start, backups after
 * a crash) or give it a memory budget: on a free port, serving `folder` with its state in `stateDir`.
 */
export async function startOwnServer(options: { folder: string; stateDir: string; firstStart?: boolean; memory?: string }): Promise<OwnServer> {
  // A server of its own is a process that loads its code and an engine as it starts: on a machine
  // whose cores are busy that alone can take seconds, so such a test gets triple time.
  test.slow();
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [await serverBundle(), '0'], {
    env: {
      ...process.env,
      CONVOLAB_E2E_FOLDER: options.folder,
      CONVOLAB_STATE_DIR: options.stateDir,
      CONVOLAB_E2E_FIRST_START: options.firstStart ? '1' : '0',
      // Each page's engine's budget, read as `convolab serve` reads it.
      ...(options.memory !== undefined ? { CONVOLAB_MEMORY: options.memory } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A test that times out must not leave its server behind.
  const orphaned = (): void => void child.kill('SIGKILL');
  process.once('exit', orphaned);
  child.once('exit', () => process.off('exit', orphaned));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = / at (http:\S+)\n/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the test server exited (${code}): ${out}`)));
  });
  return {
    url,
    output: () => out,
    signal: async (signal, said) => {
      const before = out.length;
      child.kill(signal);
      for (let waited = 0; !said.test(out.slice(before)); waited += 20) {
        if (waited > 10_000) throw new Error(`the test server did not answer ${signal}: ${out.slice(before)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
