import { expect, openEditor, test } from './fixtures';
import { lessonStep } from './views-fixtures';

test('kernel inspector: the Gaussian\'s values and its low-pass response', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'image-kernels', 3);
  const view = page.getByTestId('kernel-view');
  await expect(view).toHaveAttribute('data-character', 'low-pass');
  await expect(page.getByTestId('kernel-character')).toContainText('|H(0)| = 1');
  await expect(page.getByTestId('kernel-values').locator('.heat-cell')).toHaveCount(13 * 13);
  await page.screenshot({ path: 'test-results/views-kernel-gaussian.png' });
});

test('kernel inspector: the Laplacian is high-pass, its nine values printed', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'image-kernels', 4);
  const view = page.getByTestId('kernel-view');
  await expect(view).toHaveAttribute('data-character', 'high-pass');
  await expect(page.getByTestId('kernel-values').locator('.heat-cell')).toHaveText(['0', '-1', '0', '-1', '4', '-1', '0', '-1', '0']);
  await expect(page.getByTestId('kernel-character')).toContainText('|H(½)| = 8');
  await page.screenshot({ path: 'test-results/views-kernel-laplacian.png' });
});

test('kernel inspector: the ramp filter\'s response is |f|', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'ct-reconstruction', 3);
  const view = page.getByTestId('kernel-view');
  await expect(view).toHaveAttribute('data-character', 'high-pass', { timeout: 30_000 });
  await expect(view.locator('.chart-key')).toContainText('|f|');
  await expect(page.getByTestId('kernel-character')).toContainText(/\|H\(½\)\| = 0\.49/);
  await page.screenshot({ path: 'test-results/views-kernel-ramp.png' });
});
