import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.CONVOLAB_E2E_PORT ?? 5179);

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
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1400, height: 860 },
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
  webServer: {
    command: `npx tsx test/e2e/serve-for-tests.ts ${port}`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
