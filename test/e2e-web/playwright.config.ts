import { defineConfig } from '@playwright/test';
import { chromiumPath } from '../../playwright.config';
import { WEB_PORT } from './global-setup';

/**
 * The static web build's end-to-end suite: out/web/ served by a plain static file server
 * (global-setup.ts), the editor driven in Debian's Chromium with the engine in the page's Web
 * Worker. No Convolab server runs. `npm run test:e2e-web` builds out/web/ first.
 */
export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/web-artifacts',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // As in the serve suite: outcomes are asserted, never how soon; a busy CI machine waits longer.
  expect: { timeout: process.env.CI ? 15_000 : 5_000 },
  reporter: [['list'], ['json', { outputFile: '../../test-results/playwright-web.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${WEB_PORT}`,
    viewport: { width: 1400, height: 860 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
