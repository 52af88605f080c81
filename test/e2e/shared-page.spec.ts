/**
 * The suite's shared page (shared-editor.ts) is put back between tests as a fresh browser context
 * would be: the first test leaves behind everything a test can leave, the next one finds none of
 * it, on the same context (so the reset did it, not a context made again after a failed reset).
 */
import type { BrowserContext } from '@playwright/test';
import { dropFromPalette, expect, openEditor, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

let left: { context: BrowserContext; session: string } | undefined;

test.describe('on the shared page', () => {
  test.skip(({ freshContext }) => freshContext, 'every test has a context of its own (CONVOLAB_E2E_FRESH_CONTEXT=1): no page is shared');

  test('a test leaves storage, a permission, a listener, a page, a resized view, a held key and unsaved work behind', async ({ page, context }) => {
    await openEditor(page);
    const session = await page.evaluate(() => sessionStorage.getItem('convolab.session'));
    expect(session).toMatch(/^[A-Za-z0-9]+$/);
    left = { context, session: session! };
    await page.evaluate(async () => {
      localStorage.setItem('left-behind', 'yes');
      sessionStorage.setItem('left-behind', 'yes');
      await new Promise((done) => (indexedDB.open('left-behind').onsuccess = done));
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    page.on('dialog', (dialog) => void dialog.accept());
    await context.newPage();
    await page.setViewportSize({ width: 900, height: 700 });
    // Unsaved work: leaving the editor asks first, and the reset must answer.
    await dropFromPalette(page, 'source.function', 60, 60);
    await expect(page.locator('.document-name')).toHaveAttribute('data-dirty', 'true');
    await page.keyboard.down('Shift');
    // What cannot be taken back is refused, with what to do instead.
    await expect(page.addInitScript(() => undefined)).rejects.toThrow(/test\.use\(\{ freshContext: true \}\)/);
    await expect(context.route('**/*', (route) => route.continue())).rejects.toThrow(/freshContext/);
  });

  test('the next test on the shared page finds none of it, and its editor a session of its own', async ({ page, context }) => {
    expect(left, 'the first test ran in this worker').toBeDefined();
    expect(context, 'the same context, put back by the reset').toBe(left!.context);
    expect(context.pages()).toEqual([page]);
    expect(page.viewportSize()).toEqual({ width: 1400, height: 860 });
    await openEditor(page);
    const found = await page.evaluate(async () => ({
      local: localStorage.getItem('left-behind'),
      session: sessionStorage.getItem('left-behind'),
      id: sessionStorage.getItem('convolab.session'),
      databases: (await indexedDB.databases()).map((database) => database.name),
      clipboard: (await navigator.permissions.query({ name: 'clipboard-read' as PermissionName })).state,
      width: innerWidth,
    }));
    expect(found.local).toBeNull();
    expect(found.session).toBeNull();
    expect(found.databases).toEqual([]);
    expect(found.clipboard).not.toBe('granted');
    expect(found.width).toBe(1400);
    expect(found.id).toMatch(/^[A-Za-z0-9]+$/);
    expect(found.id).not.toBe(left!.session);
    // A fresh editor: the first test's node is not there and nothing is unsaved.
    await expect(page.locator('.cl-node')).toHaveCount(0);
    await expect(page.locator('.document-name')).toHaveAttribute('data-dirty', 'false');
    // The first test's dialog listener is gone: a question is dismissed as Playwright does by default.
    expect(await page.evaluate(() => confirm('still listening?'))).toBe(false);
    // Shift is no longer held.
    await page.evaluate(() => addEventListener('keydown', (event) => ((window as unknown as { shift: boolean }).shift = event.shiftKey), { once: true }));
    await page.keyboard.press('KeyA');
    expect(await page.evaluate(() => (window as unknown as { shift?: boolean }).shift)).toBe(false);
  });
});

test.describe('with a context of its own', () => {
  test.use({ freshContext: true });

  test('a spec that asks for a fresh context gets one, and may add init scripts', async ({ page, context }) => {
    expect(context).not.toBe(left?.context);
    await page.addInitScript(() => ((window as unknown as { marked: boolean }).marked = true));
    await openEditor(page);
    expect(await page.evaluate(() => (window as unknown as { marked?: boolean }).marked)).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('convolab.session'))).not.toBe(left?.session);
  });
});
