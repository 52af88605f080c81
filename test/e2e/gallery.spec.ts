import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openEditor, openExample, startOwnServer, test } from './fixtures';

test('the examples gallery opens on the very first start, with a thumbnail and a line for each example', async ({ page }) => {
  const base = mkdtempSync(join(tmpdir(), 'convolab-first-start-'));
  const server = await startOwnServer({ folder: base, stateDir: join(base, '.state'), firstStart: true });
  try {
    await page.goto(server.url);
    const gallery = page.getByRole('dialog', { name: 'Examples' });
    await expect(gallery).toBeVisible();
    const cards = gallery.locator('.gallery-card');
    // One card per shipped example file.
    const shipped = readdirSync(join(import.meta.dirname, '../../examples')).filter((name) => name.endsWith('.convolab.json'));
    await expect(cards).toHaveCount(shipped.length);
    // Every card has its drawn thumbnail, a title and a line about it.
    for (const card of await cards.all()) {
      await expect(card.locator('.gallery-thumb svg, .gallery-thumb canvas')).toHaveCount(1);
      await expect(card.locator('strong')).not.toBeEmpty();
      await expect(card.locator('.gallery-summary')).not.toBeEmpty();
    }
    await expect(gallery.locator('[data-example="ct-reconstruction.convolab.json"]')).toContainText('CT: filtered backprojection');
    await expect(gallery.locator('[data-example="two-dice.convolab.json"] .gallery-thumb [data-preview="signal"]')).toBeVisible();
    await page.screenshot({ path: 'test-results/gallery-first-start.png' });

    // Only the first start: a reload does not bring it back.
    await page.reload();
    await page.locator('.react-flow').waitFor();
    await page.waitForTimeout(500);
    await expect(gallery).toBeHidden();
  } finally {
    await server.stop();
  }
});

test('an example opens from the gallery as an untitled copy, and runs', async ({ page }) => {
  await openEditor(page);
  await page.getByRole('banner').getByRole('button', { name: 'Examples' }).click();
  const gallery = page.getByRole('dialog', { name: 'Examples' });
  await gallery.locator('[data-example="ct-reconstruction.convolab.json"]').click();
  await expect(gallery).toBeHidden();
  await expect(page.locator('.document-name')).toHaveText('ct-reconstruction.convolab.json');
  await expect(page).toHaveTitle('ct-reconstruction.convolab.json — Convolab');
  await expect(page.locator('.cl-node[data-node-id="reconView"] [data-status="ok"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.cl-node[data-node-id="table"]')).toContainText('match');
  await page.screenshot({ path: 'test-results/gallery-opened-ct.png' });

  // From the File menu too; an unchanged example is replaced without a question.
  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: /^Examples…/ }).click();
  await gallery.locator('[data-example="image-kernels.convolab.json"]').click();
  await expect(page.locator('.document-name')).toHaveText('image-kernels.convolab.json');
  await expect(page.locator('.cl-node[data-node-id="sobelXView"] [data-status="ok"]')).toBeVisible({ timeout: 30_000 });
  // Too large to read whole, it opens on its first lesson step (the phantom) at a readable zoom,
  // once its previews have made the nodes taller (canvas.spec.ts checks every example).
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  await expect
    .poll(async () => {
      const box = (await page.locator('.cl-node[data-node-id="phantom"]').boundingBox())!;
      return box.y + box.height <= canvas.y + canvas.height && box.y >= canvas.y && box.x >= canvas.x;
    })
    .toBe(true);
  await expect.poll(async () => Number(await page.locator('.zoom-readout').getAttribute('data-zoom'))).toBeGreaterThanOrEqual(0.6);
  await page.screenshot({ path: 'test-results/gallery-opened-kernels.png' });

  // Save is Save As, suggesting the example's name.
  await page.keyboard.press('Control+s');
  const browser = page.getByRole('dialog', { name: 'Save the graph' });
  await expect(browser.getByLabel('Name')).toHaveValue('image-kernels.convolab.json');
  await browser.getByRole('button', { name: 'Cancel' }).click();
});

test('the reverb example opens with nothing failed: its File node shows what convolab run would write', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'convolution-reverb.convolab.json');
  const file = page.locator('.cl-node[data-node-id="file"]');
  await expect(file.locator('[data-status="ok"]')).toContainText('not written here: convolab run writes reverb.wav', { timeout: 30_000 });
  // Its value is there to see and to export now.
  await expect(file).toContainText('n=32000');
  await expect(page.locator('.status-bar, footer').first()).not.toContainText('failed');
  await expect(page.locator('.status-bar, footer').first()).toContainText('1 check passed');
});
