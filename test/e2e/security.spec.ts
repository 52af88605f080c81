import { expect, test } from '@playwright/test';
import { E2E_TOKEN, openEditor } from './fixtures';

test('the page runs without Node: no require, no process, no Electron bridge in browser mode', async ({ page }) => {
  await openEditor(page);
  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
    convolab: typeof (window as unknown as { convolab?: unknown }).convolab,
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', convolab: 'undefined' });
});

test('the page refuses inline scripts (its Content-Security-Policy holds)', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await openEditor(page);
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.appendChild(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  expect(violations.length).toBeGreaterThan(0);
});

test('the engine socket refuses a page without the start token', async ({ page }) => {
  await page.goto('/?token=not-the-token');
  const opened = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://${location.host}/ws?token=not-the-token`);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
  );
  expect(opened).toBe('refused');
  await page.goto(`/?token=${E2E_TOKEN}`);
  const good = await page.evaluate(
    (token) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://${location.host}/ws?token=${token}`);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
    E2E_TOKEN,
  );
  expect(good).toBe('open');
});
