import { connect, dropFromPalette, expect, handle, node, openEditor, test } from './fixtures';
import { lessonStep, selectNode } from './views-fixtures';

test('equivalence check: P(7) against 1/6, a clear pass with the measures', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'two-dice', 4);
  const view = page.getByTestId('compare-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS');
  await expect(page.getByTestId('compare-snr')).toHaveText('∞ (identical)');
  await expect(view.locator('.compare-records')).toContainText('value');
  await page.screenshot({ path: 'test-results/views-compare-dice.png' });
});

test('equivalence check of signals: direct against FFT route overlaid, the residual plotted, SNR in dB', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'convolution-theorem', 5);
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS');
  await expect(page.locator('.compare-overlay canvas')).toBeVisible();
  await expect(page.locator('.compare-residual canvas')).toBeVisible();
  // Rounding only: hundreds of dB.
  const snr = await page.getByTestId('compare-snr').innerText();
  expect(Number.parseFloat(snr)).toBeGreaterThan(200);
  await expect(page.locator('.circular-warning')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/views-compare-theorem.png' });
});

test('n too small: the warning says the result is circular, one click sets n on both FFTs, one undo takes it back', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'convolution-theorem-too-small', 4);
  const warning = page.locator('.circular-warning');
  await expect(warning).toContainText('circular convolution');
  await expect(warning).toContainText('n = 6');
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS');
  await page.screenshot({ path: 'test-results/views-compare-circular-warning.png' });

  await warning.getByRole('button', { name: 'Set n = 9 on fftA and fftB' }).click();
  await expect(warning).toHaveCount(0);
  // The IFFT is now the linear convolution, so this check of circularity fails — as it should.
  await expect(page.getByTestId('compare-verdict')).toHaveText('FAIL');
  await page.screenshot({ path: 'test-results/views-compare-circular-fixed.png' });
  // The step framed its own nodes at a readable zoom; the whole graph in view (F) to reach fftA.
  await page.keyboard.press('f');
  await page.waitForTimeout(400);
  await selectNode(page, 'fftA');
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Size')).toHaveValue('custom');

  // One undo entry: a single undo restores both FFTs, and the warning is back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Size')).toHaveValue('exact');
  await selectNode(page, 'check');
  await page.getByRole('tab', { name: 'Equivalence' }).click();
  await expect(page.locator('.circular-warning')).toContainText('n = 6');
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('equivalence check of images: a, b and the residual side by side', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'convolution-theorem-2d', 4);
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS', { timeout: 30_000 });
  await expect(page.locator('.compare-images .value-canvas')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/views-compare-images.png' });
});

test('images at the signals’ tolerance (1e-9): FAIL is put down to float32 rounding, and one click sets 1e-5', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'convolution-theorem-2d', 4);
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS', { timeout: 30_000 });
  // As a Compare dropped by hand has it.
  const tolerance = page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: 'Tolerance' });
  await tolerance.fill('1e-9');
  await tolerance.press('Enter');
  await expect(page.getByTestId('compare-verdict')).toHaveText('FAIL');
  const warning = page.getByTestId('float32-warning');
  await expect(warning).toContainText('32-bit floats');
  await page.screenshot({ path: 'test-results/views-compare-float32-warning.png' });
  await warning.getByRole('button', { name: 'Set tolerance = 1e-5 on check' }).click();
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS');
  await expect(warning).toHaveCount(0);
  await expect(tolerance).toHaveValue('1e-5');
});

test('equivalence check of volumes: each picture says which plane it is, and the max |a − b| that it is over the whole volume', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.phantom3d', 40, 40);
  await dropFromPalette(page, 'source.phantom3d', 40, 360);
  await dropFromPalette(page, 'op.compare', 400, 200);
  await node(page, 'phantom3d2').getByRole('combobox', { name: 'Pattern' }).selectOption('sphere');
  await connect(page, handle('phantom3d1', 'out', 'source'), handle('compare1', 'a', 'target'));
  await connect(page, handle('phantom3d2', 'out', 'source'), handle('compare1', 'b', 'target'));
  await selectNode(page, 'compare1');
  await page.getByRole('tab', { name: 'Equivalence' }).click();
  const labels = page.getByTestId('compare-view').locator('.value-canvas-label');
  await expect(labels).toHaveCount(3);
  await expect(labels.nth(0)).toHaveText(/^a: .* · z 32 \/ 63$/);
  await expect(labels.nth(1)).toHaveText(/^b: .* · z 32 \/ 63$/);
  await expect(labels.nth(2)).toHaveText(/^a − b · z 32 \/ 63 \(max \|a − b\| over the volume \S+\)$/);
  await page.screenshot({ path: 'test-results/views-compare-volume.png' });
});
