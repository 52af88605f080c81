import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

/** The token the test server is started with (a real start makes a random one). */
export const E2E_TOKEN = 'e2e-token';

export async function openEditor(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`/?token=${E2E_TOKEN}`);
  await page.locator('.react-flow').waitFor();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
}

/** Drags from one handle to another the way a user does with the mouse. */
export async function connect(page: Page, from: string, to: string): Promise<void> {
  const source = page.locator(from);
  const target = page.locator(to);
  const a = await source.boundingBox();
  const b = await target.boundingBox();
  if (!a || !b) throw new Error(`cannot see ${a ? to : from}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** The port the suite's server listens on (playwright.config.ts reads the same variable). */
export const E2E_PORT = Number(process.env.CONVOLAB_E2E_PORT ?? 5179);

/** The folder the suite's server on `port` serves (serve-for-tests.ts makes it afresh). */
export function servedFolder(port = E2E_PORT): string {
  return join(tmpdir(), `convolab-e2e-${port}`);
}
