/**
 * A spectrum sink's display (scale, show, centred) is declared by its definition and drawn by one
 * spectrum display in the node and in the large preview: both follow the sink's params, and the
 * large preview offers its own choice only for nodes that do not choose.
 */
import type { Page } from '@playwright/test';
import { connect, dropFromPalette, expect, handle, node, openEditor, selectNode, shot, test } from './fixtures';

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const large = (page: Page) => page.getByRole('region', { name: 'Large preview' });

test('a spectrum sink shows its own display in the node and in the large preview', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 30, 20);
  await dropFromPalette(page, 'op.fft', 300, 20);
  await dropFromPalette(page, 'sink.spectrum', 570, 20);
  await connect(page, handle('function1', 'out', 'source'), handle('fft1', 'in', 'target'));
  await connect(page, handle('fft1', 'out', 'source'), handle('spectrum1', 'in', 'target'));
  const preview = node(page, 'spectrum1').locator('[data-preview="spectrum"]');
  await expect(preview).toContainText('|X[k]| · n=401 · centred');

  await selectNode(page, 'spectrum1');
  await inspector(page).getByRole('combobox', { name: 'Scale' }).selectOption('db');
  await expect(preview).toContainText('|X[k]| dB · n=401 · centred');
  const chart = large(page).locator('.signal-chart');
  await expect(large(page).locator('.u-legend')).toContainText('|X| (dB)');
  // The sink chooses its display, so the large preview offers no choice of its own.
  await expect(large(page).getByRole('combobox', { name: 'Spectrum view' })).toHaveCount(0);
  // Centred: negative frequencies on the left of 0 Hz in both.
  await expect.poll(async () => Number(await chart.getAttribute('data-x-min'))).toBeLessThan(0);
  await page.screenshot(shot('spectrum-display-db'));

  await inspector(page).getByRole('checkbox', { name: 'Centred' }).uncheck();
  await expect(preview).not.toContainText('centred');
  await expect.poll(async () => Number(await chart.getAttribute('data-x-min'))).toBeGreaterThanOrEqual(0);

  // The FFT node does not choose: the large preview offers magnitude, dB or phase.
  await selectNode(page, 'fft1');
  await expect(large(page).getByRole('combobox', { name: 'Spectrum view' })).toBeVisible();
});
