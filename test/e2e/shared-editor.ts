/**
 * One browser context and page per Playwright worker, handed to each test in turn and put back
 * between them as a fresh context would be: the end-to-end suite's `page` (fixtures.ts).
 *
 * A new context and page per test cost a new renderer process (0.4–1.5 s, more on a loaded
 * machine) before the page even asked for the editor, and a cold compile of the editor's 1.5 MB
 * script (served no-store; V8 keeps compiled code per process). Kept here, the renderer process
 * stays and each test still navigates the page to a fresh editor (a new document, a new socket
 * and so a new server session: its own engine and files service), with what a test can leave
 * behind taken away in between (`reset`; docs/ci-time.md has the measurements):
 *
 * - the editor itself: the page leaves it (its socket closes, the server ends its session), a
 *   "leave this page?" question for unsaved work answered yes, as closing a context does;
 * - other pages the test opened in the context: closed;
 * - storage of every origin the test visited: localStorage, sessionStorage (the editor's session
 *   id, which names its backup), IndexedDB, cookies, cache storage, service workers;
 * - permissions granted (by `test.use({ permissions })` or `context.grantPermissions`);
 * - the viewport (a test may resize it) and the default timeouts;
 * - listeners the test added to the page or the context (a `page.once('dialog')` not yet used
 *   would answer the next test's dialog);
 * - a mouse button or modifier key a failed test left down.
 *
 * What cannot be taken back is refused outright on the shared page and context, with a line
 * saying what to do: init scripts, exposed functions, routes, extra HTTP headers, media
 * emulation, geolocation and offline mode. A spec that needs them asks for a context of its own
 * with `test.use({ freshContext: true })`.
 *
 * The browser's clipboard is the browser's, shared by all its contexts, as it was before.
 */
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';

/** What a context is made with: the project's `use` as the suite's config sets it. */
export interface SharedEditorOptions {
  readonly baseURL?: string;
  readonly viewport?: { width: number; height: number } | null;
  /** Playwright's default for actions (the config's actionTimeout); 0 waits as long as the test. */
  readonly actionTimeout?: number;
  readonly navigationTimeout?: number;
}

/** What a test asks of the page beyond the context's options (its `test.use`). */
export interface TestPageOptions {
  readonly viewport?: { width: number; height: number } | null;
  readonly permissions?: readonly string[];
}

const REFUSED_ON_PAGE = ['addInitScript', 'exposeFunction', 'exposeBinding', 'route', 'routeFromHAR', 'routeWebSocket', 'setExtraHTTPHeaders', 'emulateMedia'] as const;
const REFUSED_ON_CONTEXT = ['addInitScript', 'exposeFunction', 'exposeBinding', 'route', 'routeFromHAR', 'routeWebSocket', 'setExtraHTTPHeaders', 'setGeolocation', 'setOffline'] as const;

type Listener = (...args: unknown[]) => unknown;
type Listeners = Map<string | symbol, Set<Listener>>;

/**
 * Page and BrowserContext are Playwright's event emitters, whose typings name only the events:
 * these are the emitter's own methods (a `once` listener is listed as its wrapper, which `off` takes).
 */
interface Emitter {
  eventNames(): (string | symbol)[];
  rawListeners(event: string | symbol): Listener[];
  off(event: string | symbol, listener: Listener): unknown;
}

/** The listeners an emitter has now, by event, to tell later those a test added. */
function listenersOf(emitter: Emitter): Listeners {
  return new Map(emitter.eventNames().map((event) => [event, new Set(emitter.rawListeners(event))]));
}

/** Removes the listeners added since `before` was taken. */
function removeAdded(emitter: Emitter, before: Listeners): void {
  for (const event of emitter.eventNames()) {
    const kept = before.get(event);
    for (const listener of emitter.rawListeners(event)) if (!kept?.has(listener)) emitter.off(event, listener);
  }
}

function refuse(target: object, methods: readonly string[], where: string): void {
  for (const method of methods) {
    Object.defineProperty(target, method, {
      configurable: true,
      // Each of these is async in Playwright: refused the same way, as a rejected promise.
      value: () => {
        return Promise.reject(new Error(`${where}.${method}() cannot be undone between tests on the shared editor page: add test.use({ freshContext: true }) to this spec for a context of its own`));
      },
    });
  }
}

export class SharedEditor {
  private readonly origins = new Set<string>();
  private pageListeners: Listeners = new Map();
  private contextListeners: Listeners = new Map();

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly options: SharedEditorOptions,
  ) {}

  /** Makes the worker's context and page. */
  static async open(browser: Browser, options: SharedEditorOptions): Promise<SharedEditor> {
    const context = await browser.newContext({
      ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
      ...(options.viewport !== undefined ? { viewport: options.viewport } : {}),
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const shared = new SharedEditor(context, page, cdp, options);
    // Every origin a page of the context shows has its storage cleared after the test.
    const seen = (frame: { parentFrame(): unknown; url(): string }): void => {
      if (frame.parentFrame()) return;
      const url = new URL(frame.url());
      if (url.protocol === 'http:' || url.protocol === 'https:') shared.origins.add(url.origin);
    };
    page.on('framenavigated', seen);
    context.on('page', (other) => other.on('framenavigated', seen));
    refuse(page, REFUSED_ON_PAGE, 'page');
    refuse(context, REFUSED_ON_CONTEXT, 'context');
    shared.pageListeners = listenersOf(page as unknown as Emitter);
    shared.contextListeners = listenersOf(context as unknown as Emitter);
    return shared;
  }

  /** Hands the page to a test: its viewport, permissions and the default timeouts. */
  async take(test: TestPageOptions): Promise<Page> {
    const { page, context, options } = this;
    context.setDefaultTimeout(options.actionTimeout ?? 0);
    if (options.navigationTimeout) context.setDefaultNavigationTimeout(options.navigationTimeout);
    page.setDefaultTimeout(options.actionTimeout ?? 0);
    if (options.navigationTimeout) page.setDefaultNavigationTimeout(options.navigationTimeout);
    const viewport = test.viewport === undefined ? options.viewport : test.viewport;
    const now = page.viewportSize();
    if (viewport && (now?.width !== viewport.width || now.height !== viewport.height)) await page.setViewportSize(viewport);
    if (test.permissions?.length) await context.grantPermissions([...test.permissions]);
    return page;
  }

  /**
   * Takes away what the test left: its listeners and other pages, the editor it opened (the page
   * leaves it), storage of every origin it visited, permissions, keys or buttons held down.
   * Throws when the page cannot be put back (it crashed, the browser went): the worker then makes
   * a new context for the next test (fixtures.ts).
   */
  async reset(): Promise<void> {
    const { page, context, cdp } = this;
    removeAdded(page as unknown as Emitter, this.pageListeners);
    removeAdded(context as unknown as Emitter, this.contextListeners);
    for (const other of context.pages()) if (other !== page) await other.close({ runBeforeUnload: false });
    // Leaving an editor with unsaved work asks first (FileEvents.tsx): answered yes, as closing does.
    const leave = (dialog: { type(): string; accept(): Promise<void>; dismiss(): Promise<void> }): void =>
      void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
    page.on('dialog', leave);
    try {
      await page.goto('about:blank');
      // Chromium clears all of an origin's storage at once, sessionStorage (the editor's session id)
      // included; shared-page.spec.ts checks that each kind is gone for the next test.
      for (const origin of this.origins) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      this.origins.clear();
    } finally {
      page.off('dialog', leave);
    }
    await context.clearCookies();
    await context.clearPermissions();
    await page.mouse.up();
    for (const key of ['Shift', 'Control', 'Alt', 'Meta']) await page.keyboard.up(key);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
