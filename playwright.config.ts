import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.CONVOLAB_E2E_PORT ?? 5179);
/**
 * One worker by default; CONVOLAB_E2E_WORKERS=N runs N spec files at a time, each worker driving
 * a server of its own on `port + its parallel index` that serves a folder of its own, so no spec
 * sees another's files, backups or engine (Playwright loads this file again in each worker with
 * TEST_PARALLEL_INDEX set, which is how a worker's baseURL finds its server). On a 2-core machine
 * two workers were slower (6.9 min against 5.9) and flakier than one — each spec already keeps a
 * browser, a server and an engine worker busy — so more pays only on machines with more cores.
 */
const workers = Math.max(1, Number(process.env.CONVOLAB_E2E_WORKERS ?? 1));
const workerPort = port + Number(process.env.TEST_PARALLEL_INDEX ?? 0);

/**
 * The browser: $CONVOLAB_CHROMIUM, else Debian's Chromium where it is installed (CI and machines
 * without access to Playwright's downloads), else Playwright's own Chromium, which
 * `npx playwright install chromium` fetches once on macOS, Windows and other Linux systems.
 */
export function chromiumPath(): string | undefined {
  if (process.env.CONVOLAB_CHROMIUM) return process.env.CONVOLAB_CHROMIUM;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/**
 * End-to-end tests drive the real editor through `convolab serve` (the same renderer and engine
 * host the desktop app uses) in Debian's Chromium. The server is started with a fixed token so
 * the tests can open the page; `npm run test:e2e` builds the renderer first.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/artifacts',
  timeout: 60_000,
  fullyParallel: false,
  workers,
  // On CI (a shared machine whose cores other work may hold) a spec that fails is played once
  // more; one that then passes is reported as flaky (and .ci/count.mjs names how many), never
  // hidden. Locally a failure is a failure.
  retries: process.env.CI ? 1 : 0,
  // What an expect waits for before it fails. The specs assert outcomes (a node ok, a preview
  // painted), never how soon: on CI, where other work may hold both cores, a fresh page's first
  // run once took past the default 5 s, so there they wait up to 15 s. A passing spec is no slower.
  expect: { timeout: process.env.CI ? 15_000 : 5_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${workerPort}`,
    viewport: { width: 1400, height: 860 },
    // A failed attempt leaves the page as it was in test-results/artifacts: a flake seen once on a
    // busy CI machine can then be read from what the page showed, not guessed at.
    screenshot: 'only-on-failure',
    // An action (click, drag) waits for its element at most this long instead of the whole test's
    // time: a button that went away for good (CI once waited 3 minutes on a fix's button that had
    // done its work and gone) fails the attempt in under a minute, with the action named.
    actionTimeout: 45_000,
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: Array.from({ length: workers }, (_, index) => ({
    // Bundled by esbuild as it starts (serve-for-tests.mjs), not loaded through tsx: seconds less on a busy machine.
    command: `node test/e2e/serve-for-tests.mjs ${port + index}`,
    url: `http://127.0.0.1:${port + index}/index.html`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  })),
});
