import type { Page } from '@playwright/test';
import { buildVolumeBlurGraph, expect, openEditor, test } from './fixtures';
import { lessonStep, selectNode } from './views-fixtures';

async function scrubTo(page: Page, t: number): Promise<void> {
  await page.getByRole('slider', { name: 't', exact: true }).fill(String(t));
  await expect(page.getByTestId('flip-slide')).toHaveAttribute('data-t', String(t));
}

test('dice: die B flips and slides over die A; at t = 7 six products of 1/36 add up to the engine\'s 1/6', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'two-dice', 2);
  const view = page.getByTestId('flip-slide');
  await expect(view).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Flip & slide' })).toHaveAttribute('aria-selected', 'true');
  await scrubTo(page, 7);
  await expect(page.getByTestId('flip-slide-sum-value')).toHaveText('0.1667');
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText('0.1667');
  await expect(page.getByTestId('flip-slide-sum')).toContainText('6 products');
  await page.screenshot({ path: 'test-results/views-flip-slide-dice-t7.png' });

  // Play runs t forward by itself; stepping moves one sample.
  await scrubTo(page, 2);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => Number(await view.getAttribute('data-t')), { timeout: 10_000 }).toBeGreaterThan(4);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const paused = Number(await view.getAttribute('data-t'));
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(view).toHaveAttribute('data-t', String(paused + 1));
});

test('polynomials: the coefficient of x² is 2·5 + 3·4 = 22, read off the stems', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'polynomial-multiplication', 2);
  // The drawing follows t: the sliding chart and the traced output change with it.
  await scrubTo(page, 1);
  const top = page.locator('.flip-slide-top canvas');
  const bottom = page.locator('.flip-slide-bottom canvas');
  const before = [await top.screenshot(), await bottom.screenshot()];
  await scrubTo(page, 2);
  expect((await top.screenshot()).equals(before[0])).toBe(false);
  expect((await bottom.screenshot()).equals(before[1])).toBe(false);
  await expect(page.getByTestId('flip-slide-sum')).toContainText('2·5 + 3·4');
  await expect(page.getByTestId('flip-slide-sum-value')).toHaveText('22');
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText('22');
  await page.screenshot({ path: 'test-results/views-flip-slide-polynomials-t2.png' });
});

test('sampled functions: rect slides over rect; with integral on the sum at t = 0 s is the triangle\'s peak', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'rect-rect-triangle', 2);
  // Index 0 is t = 0 s; the scrubber runs over the output's sample indices.
  await scrubTo(page, 0);
  await expect(page.getByTestId('flip-slide-sum')).toContainText('(1/rate)');
  const peak = await page.getByTestId('flip-slide-sum-value').innerText();
  expect(Math.abs(Number(peak) - 1)).toBeLessThan(0.01);
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText(peak);
  // At t = −0.6 s the boxes overlap by 0.4.
  await scrubTo(page, -60);
  const side = await page.getByTestId('flip-slide-sum-value').innerText();
  expect(Math.abs(Number(side) - 0.4)).toBeLessThan(0.01);
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText(side);
  await page.screenshot({ path: 'test-results/views-flip-slide-rect-t-0.6s.png' });
});

test('images: the kernel over the patch under the pointer, its products and their sum, equal to the output pixel', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'image-kernels', 4);
  // The step opens the Laplacian kernel; the convolution next to it has the flip-and-slide view.
  await selectNode(page, 'laplacian');
  await page.getByRole('tab', { name: 'Flip & slide' }).click();
  const view = page.getByTestId('flip-slide-2d');
  await expect(view).toBeVisible({ timeout: 30_000 });
  // Laplacian 3×3: numbers in every cell, the flipped kernel is the kernel (it is symmetric).
  await expect(page.getByTestId('patch-weights').locator('.heat-cell')).toHaveCount(9);
  const input = view.locator('.value-canvas').first();
  const box = (await input.boundingBox())!;
  // On the phantom's bright outer ring, left of centre (the ring spans 0.66…0.69 of the half-width).
  const side = Math.min(box.width, box.height);
  const at = { x: box.x + box.width / 2 - 0.675 * (side / 2), y: box.y + box.height / 2 };
  await page.mouse.move(at.x, at.y);
  await expect(page.getByTestId('flip-slide-sum-value')).not.toHaveText('0');
  const sum = await page.getByTestId('flip-slide-sum-value').innerText();
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText(sum);
  await page.mouse.click(at.x, at.y);
  await page.screenshot({ path: 'test-results/views-flip-slide-2d-laplacian.png' });
});

test('volumes: no 2-D slide over the middle plane (its sum would not be the 3-D output); it says why and what to do', async ({ page }) => {
  await openEditor(page);
  await buildVolumeBlurGraph(page);
  await selectNode(page, 'convolve1');
  await page.getByRole('tab', { name: 'Flip & slide' }).click();
  // The 13³ Gaussian's middle plane over the phantom's middle plane summed to 0.04 where the engine's 3-D output is 0.2.
  await expect(page.getByText(/A 3-D convolution adds up the products over every plane of b at once/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/To watch one in 2-D, take a plane of the volume with Slice and convolve it with a 2-D kernel/)).toBeVisible();
  await expect(page.getByTestId('flip-slide-2d')).toHaveCount(0);
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveCount(0);
});

test('correlation slides b without flipping it: x ⋆ x at lag 0 is the energy Σ x²', async ({ page }) => {
  await openEditor(page);
  await lessonStep(page, 'parseval', 2);
  await expect(page.getByTestId('flip-slide')).toBeVisible();
  await expect(page.locator('.flip-slide-legend')).toContainText('slid (correlation does not flip)');
  await scrubTo(page, 0);
  const energy = await page.getByTestId('flip-slide-sum-value').innerText();
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText(energy);
  await expect(page.getByTestId('flip-slide-sum')).toContainText('b(τ − 0)');
  await page.screenshot({ path: 'test-results/views-flip-slide-correlate.png' });
});
