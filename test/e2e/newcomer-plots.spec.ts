/**
 * Plots as a learner reads them. Stems stand on 0, so 0 is on the axis: two dice's P(2) = 1/36
 * once stood on about 0.004, and the polynomial's coefficient 4 looked like nothing beside 22.
 * The Equivalence view's residual names its scale: rounding noise of 1e-15 once filled the plot
 * with 0 its only label, exactly as an error of 1 would have.
 */
import type { Locator } from '@playwright/test';
import { expect, openEditor, test } from './fixtures';
import { lessonStep } from './views-fixtures';

async function yRange(chart: Locator, attribute: 'data-y-min' | 'data-y-range'): Promise<number[]> {
  const raw = await chart.getAttribute(attribute);
  if (raw === null) return [];
  return attribute === 'data-y-min' ? [Number(raw), Number(await chart.getAttribute('data-y-max'))] : (JSON.parse(raw) as number[]);
}

test('the dock plots stems from 0: two dice, and a polynomial whose smallest coefficient is 4', async ({ page }) => {
  await openEditor(page);
  for (const [lesson, largest] of [
    ['two-dice', 6 / 36],
    ['polynomial-multiplication', 22],
  ] as const) {
    await lessonStep(page, lesson, 3);
    const chart = page.locator('.view-dock .signal-chart').first();
    await expect(chart).toHaveAttribute('data-y-min', /.+/);
    await expect.poll(async () => (await yRange(chart, 'data-y-min'))[0]).toBe(0);
    expect((await yRange(chart, 'data-y-min'))[1]).toBeGreaterThan(largest);
  }
});

test('the Equivalence view labels the residual ±max |a − b| and stands the stems of a and b on 0', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'convolution-theorem-too-small', 4);
  const residual = page.locator('.compare-residual');
  await expect(residual).toHaveAttribute('data-y-splits', /.+/);
  const splits = JSON.parse((await residual.getAttribute('data-y-splits'))!) as number[];
  // The IFFT and the valid part of the circular convolution agree to rounding: the axis says 1e-15.
  expect(splits).toHaveLength(3);
  expect(splits[1]).toBe(0);
  expect(splits[0]).toBe(-splits[2]!);
  expect(splits[2]).toBeGreaterThan(0);
  expect(splits[2]).toBeLessThan(1e-12);
  const [low, high] = JSON.parse((await residual.getAttribute('data-y-range'))!) as number[];
  expect(low).toBe(-high!);
  expect(high).toBeGreaterThan(splits[2]!);
  const overlay = page.locator('.compare-overlay');
  await expect(overlay).toHaveAttribute('data-y-range', /.+/);
  expect((JSON.parse((await overlay.getAttribute('data-y-range'))!) as number[])[0]).toBe(0);
  await page.locator('.compare-plots').screenshot({ path: 'test-results/newcomer-residual.png' });
});

test('the Kernel view says where DC is under the |H| map, with nothing laid over the map', async ({ page }) => {
  await openEditor(page);
  // Sobel x: |H| is largest in two lobes that reach the map's bottom rows (fy = −½).
  await lessonStep(page, 'image-kernels', 5);
  const map = page.locator('.kernel-response-2d .value-canvas-stage canvas');
  await expect(map).toBeVisible();
  await expect(page.locator('.kernel-response-2d .kernel-readout')).toContainText('DC in the middle, ±½ at the edges');
  const box = (await map.boundingBox())!;
  for (const over of await page.locator('.kernel-response-2d .value-canvas-label').all()) {
    const label = (await over.boundingBox())!;
    const apart = label.x >= box.x + box.width || label.x + label.width <= box.x || label.y >= box.y + box.height || label.y + label.height <= box.y;
    expect(apart, `"${await over.innerText()}" lies over the |H| map`).toBe(true);
  }
  await page.locator('.kernel-response-2d').screenshot({ path: 'test-results/newcomer-kernel-map.png' });
});

test('a plot of two signals of different lengths names both lengths beside the extent they cover', async ({ page }) => {
  await openEditor(page);
  // Direct convolution (14 samples from −2) and the IFFT of n = 16 (16 samples from −2), overlaid.
  await lessonStep(page, 'convolution-theorem', 4);
  const caption = page.locator('.cl-node[data-node-id="plot"] svg[data-preview="signal"]');
  await expect(caption).toContainText('n=14 / 16');
  await expect(caption).toContainText('k ∈ [-2, 13]');
});

test('a plot fed by a block draws the block\'s output too: the FFT-convolution lesson\'s two routes', async ({ page }) => {
  await openEditor(page);
  // "Both routes give the same samples at the same start": direct (14 samples) and the block's IFFT (16).
  await lessonStep(page, 'fft-convolution-block', 3);
  const plot = page.locator('.cl-node[data-node-id="plot"] svg[data-preview="signal"]');
  await expect(plot).toContainText('n=14 / 16');
  await expect(plot.locator('path.stems')).toHaveCount(2);
  // The dock's large plot too: both series, out to the IFFT's last sample at k = 13.
  const chart = page.locator('.view-dock .signal-chart').first();
  await expect.poll(async () => Number(await chart.getAttribute('data-x-max'))).toBeGreaterThanOrEqual(13);
});
