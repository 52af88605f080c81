import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_METHODS } from '../../src-shared/protocol';
import { E2E_PORT, E2E_TOKEN, expect, openEditor, shot, test } from './fixtures';

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

test('the built page holds its Content-Security-Policy without any header, as the Electron window loads it (file:)', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(pathToFileURL(resolve('out/renderer/index.html')).href);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toMatch(/(^|; )script-src 'self'(;|$)/);
  const attempts = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.appendChild(script);
    const handler = document.createElement('img');
    handler.setAttribute('onerror', 'window.__handlerRan = true');
    handler.src = 'data:,not-an-image';
    document.body.appendChild(handler);
    // Code from text, run by the page's own event loop (DevTools' evaluate itself may eval):
    // a string timer is refused under the policy exactly as eval and new Function are.
    (window.setTimeout as unknown as (code: string, ms: number) => number)('window.__timerRan = true', 0);
    const remote = document.createElement('script');
    remote.src = 'https://example.com/evil.js';
    document.head.appendChild(remote);
    return new Promise<Record<string, boolean>>((done) =>
      setTimeout(() => {
        const seen = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean; __timerRan?: boolean };
        done({ inline: seen.__inlineRan === true, handler: seen.__handlerRan === true, codeFromText: seen.__timerRan === true });
      }, 300),
    );
  });
  expect(attempts).toEqual({ inline: false, handler: false, codeFromText: false });
  expect(violations.length).toBeGreaterThanOrEqual(3);
});

test('the engine socket answers exactly the typed API: every method by name, nothing else of the host', async ({ page }) => {
  await openEditor(page);
  const replies = await page.evaluate(
    async ({ token, methods, others }) => {
      const socket = new WebSocket(`ws://${location.host}/ws?token=${token}`);
      socket.binaryType = 'arraybuffer';
      await new Promise((opened) => socket.addEventListener('open', opened, { once: true }));
      const answers = new Map<number, string>();
      // The socket's binary frame (src-shared/protocol-codec.ts) of a message without arrays:
      // "CVL1", the JSON's byte length, the JSON.
      const encode = (message: unknown): Uint8Array => {
        const json = new TextEncoder().encode(JSON.stringify(message));
        const frame = new Uint8Array(8 + json.length);
        new DataView(frame.buffer).setUint32(0, 0x314c5643, true);
        new DataView(frame.buffer).setUint32(4, json.length, true);
        frame.set(json, 8);
        return frame;
      };
      socket.addEventListener('message', (message) => {
        const frame = new Uint8Array(message.data as ArrayBuffer);
        const length = new DataView(frame.buffer).getUint32(4, true);
        const data = JSON.parse(new TextDecoder().decode(frame.subarray(8, 8 + length))) as { t: string; id: number; ok: boolean; error?: string };
        if (data.t === 'reply') answers.set(data.id, data.ok ? 'ok' : (data.error ?? ''));
      });
      const names = [...methods, ...others];
      // Arguments no method takes: each known method says "bad arguments", never runs.
      names.forEach((method, id) => socket.send(encode({ t: 'call', id, method, args: [{ probe: true }, 1, 2, 3, 4] })));
      while (answers.size < names.length) await new Promise((later) => setTimeout(later, 20));
      socket.close();
      return names.map((method, id) => [method, answers.get(id)!] as const);
    },
    { token: E2E_TOKEN, methods: [...APP_METHODS], others: ['onEvent', 'onCommand', 'setBaseDir', 'dispose', 'killWorkerForTest', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'flush', 'folder'] },
  );
  for (const [method, answer] of replies) {
    if ((APP_METHODS as readonly string[]).includes(method)) expect(answer, method).toMatch(new RegExp(`^${method}: bad arguments`));
    else expect(answer, method).toBe(`unknown method ${JSON.stringify(method)}`);
  }
  expect(replies).toHaveLength(APP_METHODS.length + 11);
});

test('the bare address says how to get in instead of loading an editor that cannot connect', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  for (const path of ['/', '/?token=from-an-earlier-start']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(401);
    await expect(page.getByRole('heading')).toContainText('needs the link that convolab serve printed');
    await expect(page.getByText('convolab serve --open')).toBeVisible();
    await expect(page.getByText(/Lost the connection/)).toHaveCount(0);
  }
  await page.screenshot(shot('serve-front-door'));
  expect(violations).toEqual([]);
});

test('the printed page works at localhost as at 127.0.0.1', async ({ page }) => {
  await page.goto(`http://localhost:${E2E_PORT}/?token=${E2E_TOKEN}`);
  await expect(page.locator('.react-flow')).toBeVisible();
  const opened = await page.evaluate(
    (token) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://${location.host}/ws?token=${token}`);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
    E2E_TOKEN,
  );
  expect(opened).toBe('open');
  await expect(page.getByText(/Lost the connection|Not connected/)).toHaveCount(0);
});
