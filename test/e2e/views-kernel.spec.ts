import { buildBlurGraph, buildVolumeBlurGraph, expect, openEditor, selectNode, test } from './fixtures';
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

test('kernel inspector: a kernel blurring a signal shows its response in Hz, at the rate of the signal it meets', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraph(page);
  await expect(page.locator('.cl-node[data-node-id="plot1"] path.trace')).toHaveAttribute('d', /^M/);
  await selectNode(page, 'gaussian1');
  await page.getByRole('tab', { name: 'Kernel' }).click();
  const view = page.getByTestId('kernel-view');
  await expect(view).toHaveAttribute('data-character', 'low-pass');
  // A kernel has no rate of its own: the Function's 100 samples a second put its |H| in Hz, ±50.
  await expect(view.locator('.kernel-rate')).toHaveText('in Hz at 100 samples a second, the rate of the signal it meets');
  await page.screenshot({ path: 'test-results/views-kernel-hz.png' });
});

test('kernel inspector: a 3-D kernel (the Gaussian beside a volume) shows |H| as three planes through DC, low-pass', async ({ page }) => {
  await openEditor(page);
  await buildVolumeBlurGraph(page);
  await selectNode(page, 'gaussian1');
  await page.getByRole('tab', { name: 'Kernel' }).click();
  // It said, in red, that a frequency response is shown for signals and images, not for a volume.
  const view = page.getByTestId('kernel-view');
  await expect(view).toHaveAttribute('data-character', 'low-pass', { timeout: 30_000 });
  await expect(page.getByTestId('kernel-response-3d').locator('canvas')).toHaveCount(3);
  await expect(page.getByTestId('kernel-character')).toContainText('|H(0)| = 1');
  // σ 2: 13 × 13 × 13 taps, the middle z plane's values shown and named.
  await expect(view.locator('.kernel-values h4')).toContainText('z plane 6 of 13 × 13 × 13');
  await expect(page.getByTestId('kernel-values').locator('.heat-cell')).toHaveCount(13 * 13);
  await page.screenshot({ path: 'test-results/views-kernel-gaussian-3d.png' });
});
