/**
 * The static web build runs the editor with no Convolab server: a graph built by drag and drop
 * and wired runs in the page's Web Worker, and its previews come back; examples (bundled) run
 * and their checks say PASS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildBlurGraph, node } from '../e2e/fixtures';
import { ISOLATED_URL, openExample, openWeb } from './web-fixtures';

test('a graph built by drag and drop and wired runs in the page\'s worker: the plot is drawn, a param change redraws it', async ({ page }) => {
  const { errors, sockets } = await openWeb(page);
  await buildBlurGraph(page);
  const trace = node(page, 'plot1').locator('[data-preview="signal"] path.trace');
  await expect(trace).toHaveAttribute('d', /^M/);
  // 401 samples * 13 taps, full: 401 + 13 - 1, as under serve and in the desktop app.
  await expect(node(page, 'plot1')).toContainText('n=413');
  const before = (await trace.getAttribute('d'))!;

  const sigma = page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: 'σ', exact: true });
  await sigma.fill('6');
  await sigma.press('Enter');
  await expect(node(page, 'plot1')).not.toContainText('n=413');
  await expect(trace).not.toHaveAttribute('d', before);
  for (const id of ['function1', 'gaussian1', 'convolve1', 'plot1']) await expect(node(page, id).locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');
  await page.screenshot({ path: 'test-results/web-editor-built.png' });
  // The engine is the page's: no socket was opened, and its worker computes with the SIMD kernels.
  expect(sockets).toEqual([]);
  const workers = page.workers();
  expect(workers).toHaveLength(1);
  expect(await workers[0]!.evaluate(() => (globalThis as { convolabSimd?: boolean }).convolabSimd)).toBe(true);
  // Chromium has relaxed SIMD: the build with fused multiply-add loaded.
  expect(await workers[0]!.evaluate(() => (globalThis as { convolabSimdModule?: string }).convolabSimdModule)).toBe('relaxed');
  expect(errors).toEqual([]);
});

test('a bundled example runs in the worker and its check says PASS', async ({ page }) => {
  await openWeb(page);
  await openExample(page, 'convolution-reverb.convolab.json');
  const check = node(page, 'check');
  await expect(check).toHaveAttribute('data-verdict', 'pass', { timeout: 30_000 });
  await expect(check.locator('.cl-verdict')).toHaveText('PASS');
  await expect(page.getByRole('status').locator('.check-summary')).toHaveText('1 check passed: check');
  await expect(node(page, 'wet').locator('[data-preview="signal"] path.trace')).toHaveAttribute('d', /^M/);
  await page.screenshot({ path: 'test-results/web-example-reverb.png' });
});

test('cross-origin isolated and below the server\'s root: an image example paints, the CT example runs with the shipped U-Net weights over band workers', async ({ page }) => {
  test.slow();
  await openWeb(page, { url: ISOLATED_URL });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await openExample(page, 'image-kernels.convolab.json');
  await expect(node(page, 'sobelXView').locator('[data-status="ok"]')).toBeVisible({ timeout: 30_000 });
  await expect(node(page, 'sobelXView').locator('canvas')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/web-example-image-kernels.png' });

  // op.unet3d reads its default weights from models/ beside the page.
  await openExample(page, 'ct-3d-sparse.convolab.json');
  await expect(node(page, 'unet').locator('.cl-node-status')).toHaveAttribute('data-status', 'ok', { timeout: 90_000 });
  await expect(page.getByRole('status').locator('.check-summary')).toHaveText('4 checks passed');
  // Isolated, the 2-D and 3-D work went in bands to workers of their own, each with the SIMD kernels.
  const bands = page.workers().filter((worker) => worker.url().includes('band-worker'));
  expect(bands.length).toBeGreaterThan(0);
  for (const band of bands) expect(await band.evaluate(() => (globalThis as { convolabSimd?: boolean }).convolabSimd)).toBe(true);
  await expect(page.locator('.cl-node-status[data-status="error"]')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/web-example-ct3d.png' });
});

test('the examples gallery opens on the first visit only, with every bundled example', async ({ page }) => {
  await openWeb(page, { firstStart: true });
  const gallery = page.getByRole('dialog', { name: 'Examples' });
  await expect(gallery).toBeVisible();
  const bundled = (JSON.parse(readFileSync(join(import.meta.dirname, '../../examples/gallery.json'), 'utf8')) as { examples: unknown[] }).examples.length;
  await expect(gallery.locator('.gallery-card')).toHaveCount(bundled);
  await page.getByRole('button', { name: 'Close' }).first().click();
  await expect(gallery).toBeHidden();
  await page.reload();
  await page.locator('.react-flow').waitFor();
  await expect(page.getByRole('status')).toContainText('· web');
  await page.waitForTimeout(500);
  await expect(gallery).toBeHidden();
});
