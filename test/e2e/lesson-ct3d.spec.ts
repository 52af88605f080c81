/**
 * The 3-D sparse-view CT lesson (issue 16, item 6), walked as a learner walks it: opened from the
 * examples gallery, started from the lesson offer, stepped with Next. Each step shows its volume
 * (three slices on the node), and the last one the rmsError of every route in the value tables.
 */
import type { Page } from '@playwright/test';
import { expect, node, openEditor, shot, test } from './fixtures';
import { expectOnCanvas } from './views-fixtures';

const FILE = 'ct-3d-sparse.convolab.json';

/** Waits until the canvas's view stops moving (a step frames its nodes, then follows growing previews). */
async function settled(page: Page): Promise<void> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
        const still = now === last;
        last = now;
        return still;
      },
      { intervals: [300] },
    )
    .toBe(true);
}

/** A Volume view on the canvas that has drawn its three planes. */
async function expectVolumeShown(page: Page, id: string): Promise<void> {
  const view = node(page, id).locator('[data-preview="volume"]');
  await expect(view.locator('figure')).toHaveCount(3, { timeout: 60_000 });
  for (const axis of ['z', 'y', 'x']) await expect(view.locator(`figure[data-axis="${axis}"] canvas`)).toBeVisible();
}

/** A node that has run: its status reads ok (the 120-view scan takes a while on a busy machine). */
async function expectRan(page: Page, id: string): Promise<void> {
  await expect(node(page, id).locator('[data-status="ok"]')).toBeVisible({ timeout: 120_000 });
}

test('the 3-D CT lesson: from the gallery, step by step, volumes on every route and the rmsError table', async ({ page }) => {
  test.slow();
  await openEditor(page);
  await page.getByRole('banner').getByRole('button', { name: 'Examples' }).click();
  const gallery = page.getByRole('dialog', { name: 'Examples' });
  const cardInGallery = gallery.locator(`[data-example="${FILE}"]`);
  await expect(cardInGallery).toContainText('CT in 3-D');
  await expect(cardInGallery.locator('.gallery-thumb canvas, .gallery-thumb svg')).toHaveCount(1);
  await cardInGallery.click();
  await expect(gallery).toBeHidden();
  await expect(page.locator('.document-name')).toHaveText(FILE);

  await page.getByRole('button', { name: /CT in 3-D.*\(7 steps\)/ }).click();
  const card = page.getByRole('region', { name: 'Lesson' });
  const next = card.getByRole('button', { name: 'Next ›' });
  const text = card.getByTestId('lesson-text');
  const step = async (number: number, words: string): Promise<void> => {
    if (number > 1) await next.click();
    await expect(card).toContainText(`step ${number} / 7`);
    await expect(text).toContainText(words);
  };

  // 1: the phantom only; the scans and everything after them come later.
  await step(1, 'The truth');
  await expect(node(page, 'fullScan')).toHaveCount(0);
  await expectVolumeShown(page, 'phantomView');

  await step(2, '120 projections');
  await expectRan(page, 'fullScan');
  await expect(page.locator('.react-flow__node.lesson-highlight .cl-node[data-node-id="fullScan"]')).toBeVisible();

  await step(3, 'FDK rebuilds the volume');
  await expectRan(page, 'fullView');
  await expectVolumeShown(page, 'fullView');
  await settled(page);
  await expectOnCanvas(page, 'fullView');
  await page.screenshot(shot('lesson-ct3d-3-clean'));

  await step(4, 'streaks');
  await expectRan(page, 'sparseView');
  await expectVolumeShown(page, 'sparseView');
  await settled(page);
  await page.screenshot(shot('lesson-ct3d-4-streaks'));

  await step(5, 'U-Net');
  await expectRan(page, 'unetView');
  await expectVolumeShown(page, 'unetView');
  await expect(node(page, 'dc')).toHaveCount(0);

  await step(6, 'Data consistency');
  await expectRan(page, 'residualTable');
  await expectVolumeShown(page, 'dcView');
  for (const field of ['before', 'after']) await expect(node(page, 'residualTable')).toContainText(field);

  // 7: every route against the phantom, each error table showing its rmsError.
  await step(7, 'rmsError');
  for (const table of ['table', 'sparseTable', 'unetTable', 'dcTable']) {
    await expectRan(page, table);
    await expect(node(page, table)).toContainText('rmsError');
  }
  await expect(next).toBeDisabled();
  await settled(page);
  await page.screenshot(shot('lesson-ct3d-7-errors'));

  // Closing the lesson shows the whole graph, every node run.
  await card.getByRole('button', { name: 'Close the lesson' }).click();
  await expect(page.locator('.cl-node')).toHaveCount(21);
  await expect(page.locator('.cl-node [data-status="error"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Fit' }).click();
  await settled(page);
  await page.screenshot(shot('lesson-ct3d-whole'));
});
