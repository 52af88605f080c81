/**
 * The teaching views in the web build: what they need computed (a comparison's residual, a
 * profile's timings) comes from the page's engine worker, through the same worker core as on
 * the desktop, and a lesson walks as it does there.
 */
import { expect, test } from '@playwright/test';
import { lessonStep, selectNode } from '../e2e/views-fixtures';
import { openWeb } from './web-fixtures';

test('a lesson step opens the equivalence check, computed in the worker: direct against the FFT route, PASS', async ({ page }) => {
  await openWeb(page);
  await lessonStep(page, 'convolution-theorem', 5);
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS');
  await expect(page.locator('.compare-residual canvas')).toBeVisible();
  // Rounding only: hundreds of dB.
  expect(Number.parseFloat(await page.getByTestId('compare-snr').innerText())).toBeGreaterThan(200);
  await page.screenshot({ path: 'test-results/web-views-compare.png' });
});

test('the profiler times convolutions in a worker of its own and fits both slopes', async ({ page }) => {
  test.setTimeout(120_000);
  await openWeb(page);
  await lessonStep(page, 'convolution-theorem', 5);
  await page.getByRole('button', { name: 'Close the lesson' }).click();
  await page.keyboard.press('f');
  await selectNode(page, 'direct');
  await selectNode(page, 'back', ['Shift']);
  await page.getByRole('tab', { name: 'Profile' }).click();
  const view = page.getByTestId('profile-view');
  await view.getByLabel('Largest size').selectOption('16');
  await view.getByRole('button', { name: 'Run profile' }).click();
  await expect(view).toHaveAttribute('data-status', 'done', { timeout: 100_000 });
  // Both curves have a fitted slope (measured, not asserted: timing is never tested).
  await expect(page.getByTestId('slope-0')).toHaveText(/^\d+\.\d\d$/);
  await expect(page.getByTestId('slope-1')).toHaveText(/^\d+\.\d\d$/);
  // The profiler's worker is ended when its profile is: the engine's own is the one left.
  await expect.poll(() => page.workers().length).toBe(1);
});
