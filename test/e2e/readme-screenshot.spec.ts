/**
 * The README's screenshot, made from the editor as it is today, so it cannot go stale: the
 * convolution-theorem example opened from the gallery, run, its plot selected so the dock shows
 * both routes overlaid. `CONVOLAB_UPDATE_SCREENSHOT=1` writes it to examples/screenshot.png (the
 * file README.md shows); otherwise it goes to test-results/ to be looked at.
 */
import { expect, openEditor, selectNode, test } from './fixtures';

const TARGET = process.env.CONVOLAB_UPDATE_SCREENSHOT === '1' ? 'examples/screenshot.png' : 'test-results/readme-screenshot.png';

test('the README screenshot: the convolution theorem, run, its plot in the dock', async ({ page }) => {
  // Wide enough for the whole graph at a readable zoom.
  await page.setViewportSize({ width: 1720, height: 1000 });
  await openEditor(page);
  await page.getByRole('banner').getByRole('button', { name: 'Examples' }).click();
  await page.getByRole('dialog', { name: 'Examples' }).locator('[data-example="convolution-theorem.convolab.json"]').click();
  await expect(page.locator('.document-name')).toHaveText('convolution-theorem.convolab.json');
  // Every node ran: no error, no node still waiting, and the two routes agree.
  await expect(page.locator('.cl-node [data-status="ok"]')).toHaveCount(11, { timeout: 30_000 });
  await expect(page.locator('.cl-node [data-status="error"]')).toHaveCount(0);
  await expect(page.locator('.cl-node[data-node-id="table"]')).toContainText('match');

  await selectNode(page, 'plot');
  await expect(page.locator('.large-preview[data-node-id="plot"] .large-preview-body canvas, .large-preview[data-node-id="plot"] .large-preview-body svg').first()).toBeVisible();
  // Readable: the view sits at 60 % or more, and the statuses say nothing is wrong.
  await page.waitForTimeout(800);
  await expect.poll(async () => Number(await page.locator('.zoom-readout').getAttribute('data-zoom'))).toBeGreaterThanOrEqual(0.6);
  await expect(page.locator('.notice.error')).toHaveCount(0);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: TARGET });
});
