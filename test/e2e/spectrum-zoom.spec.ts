/**
 * The large plot of a long spectrum: its peaks over the range shown (the largest bin of each of
 * about two columns per pixel, drawn at that bin's frequency), and every bin once zoomed in far
 * enough. A 2^20-point FFT of a tone half-way between two bins has its energy in a main lobe of
 * two equal bins and leakage falling off as 1/|k − k₀|: zoomed in, each of those bins is a point.
 */
import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, node, openEditor, openGraph, selectNode, servedFolder, shot, steadyView, test } from './fixtures';

const large = (page: Page) => page.getByRole('region', { name: 'Large preview' });

const N = 1 << 20;
/** Half-way between bins 1000 and 1001 (N samples at rate N, t from 0 to (N − 1)/N: bin k is k Hz). */
const TONE = 1000.5;
const graph = {
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'tone', type: 'source.function', position: { x: 40, y: 40 }, params: { shape: 'sine', frequency: TONE, amplitude: 1, t0: 0, t1: (N - 1) / N, rate: N } },
    { id: 'fft', type: 'op.fft', position: { x: 360, y: 40 } },
  ],
  edges: [{ id: 'e1', source: 'tone', sourceHandle: 'out', target: 'fft', targetHandle: 'in' }],
};

async function shownX(page: Page): Promise<[number, number]> {
  const chart = large(page).locator('.signal-chart');
  return [Number(await chart.getAttribute('data-x-min')), Number(await chart.getAttribute('data-x-max'))];
}

/** Wheel-zooms about frequency `f` until the plot shows less than `span` Hz, aiming at f again between turns. */
async function zoomAbout(page: Page, f: number, span: number): Promise<void> {
  const over = large(page).locator('.signal-chart .u-over');
  for (let turn = 0; turn < 40; turn++) {
    const [xMin, xMax] = await shownX(page);
    if (xMax - xMin < span) return;
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + ((f - xMin) / (xMax - xMin)) * box.width, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
    await expect.poll(async () => (await shownX(page))[1] - (await shownX(page))[0]).toBeLessThan(xMax - xMin);
  }
  throw new Error(`could not zoom to ${span} Hz about ${f} Hz`);
}

/** The legend's value of the spectrum with the pointer at frequency `f`. */
async function legendAt(page: Page, f: number): Promise<number> {
  const over = large(page).locator('.signal-chart .u-over');
  const box = (await over.boundingBox())!;
  const [xMin, xMax] = await shownX(page);
  await page.mouse.move(box.x + ((f - xMin) / (xMax - xMin)) * box.width, box.y + box.height / 2);
  // uPlot's default value format groups thousands ("333,688.728").
  return Number((await large(page).locator('.u-legend .u-series:visible').nth(1).locator('.u-value').innerText()).replaceAll(',', ''));
}

test('a long spectrum\'s large plot is its peaks, then every bin zoomed in, in each view', async ({ page }) => {
  writeFileSync(join(servedFolder(), 'long-spectrum.convolab.json'), JSON.stringify(graph));
  await openEditor(page);
  await openGraph(page, 'long-spectrum.convolab.json');
  // A transform of 2^20 points takes a moment; the opened graph is framed again once its previews are there.
  await expect(node(page, 'fft').locator('[data-preview="spectrum"]')).toBeVisible({ timeout: 30_000 });
  await steadyView(page);
  await selectNode(page, 'fft');
  await expect(large(page)).toHaveAttribute('data-node-id', 'fft');
  const body = large(page).locator('.large-preview-body');
  const chart = body.locator('.signal-chart');
  const header = large(page).locator('header');
  await expect(chart).toBeVisible();
  // About two columns per pixel of the plot, not 2^16 entries of every 16 bins.
  const columns = Number(await body.getAttribute('data-columns'));
  const width = (await body.boundingBox())!.width;
  expect(columns).toBeGreaterThan(1.5 * width);
  expect(columns).toBeLessThan(2.5 * width);
  expect(Number(await chart.getAttribute('data-points'))).toBe(columns);
  await expect(header).toContainText(`largest of ~${Math.round(N / columns)} bins per point`);
  await expect(header).not.toContainText('of every');
  // Centred: −N/2 Hz … N/2 Hz, to the chosen bins of the outer columns (their bins nearest the tone).
  const [xMin, xMax] = await shownX(page);
  expect(xMin).toBeLessThanOrEqual(-N / 2 + Math.ceil(N / columns));
  expect(xMax).toBeGreaterThanOrEqual(N / 2 - Math.ceil(N / columns) - 1);
  await page.screenshot(shot('spectrum-zoom-whole'));

  // Zoom into the tone: the bins of the range shown are fetched, and once they are no more than
  // the columns, they are the bins themselves, one point each.
  await zoomAbout(page, TONE, 40);
  await expect(body).toHaveAttribute('data-detail-exact', 'true');
  await expect(header).not.toContainText('bins per point');
  const [from, to] = (await body.getAttribute('data-detail'))!.split('-').map(Number) as [number, number];
  const [zMin, zMax] = await shownX(page);
  // The range fetched is the bins shown (bin k at k Hz), and every bin in it is drawn.
  expect(from).toBeLessThanOrEqual(Math.ceil(zMin));
  expect(to).toBeGreaterThanOrEqual(Math.floor(zMax));
  expect(to - from).toBeLessThanOrEqual(columns);
  expect(zMin).toBeLessThan(TONE);
  expect(zMax).toBeGreaterThan(TONE);
  await expect(chart).toHaveAttribute('data-points-shown', String(Math.floor(zMax) - Math.ceil(zMin) + 1));
  // The main lobe: bins 1000 and 1001 equal; the leakage: bin 1003 (2.5 bins off the tone) a fifth
  // of them, bin 998 (−2.5) the same, bin 1005 (4.5 off) a ninth.
  const lobe = await legendAt(page, 1001);
  expect(lobe).toBeGreaterThan(0.6 * (N / 2) * 0.9);
  // (Equal but for the tone's negative-frequency image, 2001 bins away: 0.05 %.)
  expect((await legendAt(page, 1000)) / lobe).toBeCloseTo(1, 2);
  expect((await legendAt(page, 1003)) / lobe).toBeCloseTo(0.5 / 2.5, 2);
  expect((await legendAt(page, 998)) / lobe).toBeCloseTo(0.5 / 2.5, 2);
  expect((await legendAt(page, 1005)) / lobe).toBeCloseTo(0.5 / 4.5, 2);
  await legendAt(page, 1001);
  await page.screenshot(shot('spectrum-zoom-peak'));

  // Double-click: everything again, from the overview, no detail asked for.
  await chart.locator('.u-over').dblclick();
  await expect(body).not.toHaveAttribute('data-detail', /./);
  await expect(header).toContainText('bins per point');

  // About 0 Hz centred, the range shown is the top bins (negative frequencies) and the bottom ones.
  await zoomAbout(page, 0, 200);
  await expect(body).toHaveAttribute('data-detail', /^0-\d+,\d+-1048576$/);
  await expect(body).toHaveAttribute('data-detail-exact', 'true');
  const [aMin, aMax] = await shownX(page);
  await expect(chart).toHaveAttribute('data-points-shown', String(Math.floor(aMax) - Math.ceil(aMin) + 1));
  await chart.locator('.u-over').dblclick();
  await expect(body).not.toHaveAttribute('data-detail', /./);

  // The dB view, chosen while everything shows: a new chart of the peaks, nothing in detail.
  const viewSelect = large(page).getByRole('combobox', { name: 'Spectrum view' });
  await viewSelect.selectOption('db');
  await expect(large(page).locator('.u-legend')).toContainText('|X| (dB)');
  await expect(body).not.toHaveAttribute('data-detail', /./);
  await expect(header).toContainText('bins per point');
  await page.screenshot(shot('spectrum-zoom-whole-db'));
  await zoomAbout(page, TONE, 40);
  await expect(body).toHaveAttribute('data-detail-exact', 'true');
  const [vMin, vMax] = await shownX(page);
  await expect(chart).toHaveAttribute('data-points-shown', String(Math.floor(vMax) - Math.ceil(vMin) + 1));
  // The main lobe is the peak (0 dB); bin 1003 is 20·log10(1/5) ≈ −14 dB below it.
  expect(await legendAt(page, 1001)).toBeCloseTo(0, 1);
  expect(await legendAt(page, 1003)).toBeCloseTo(20 * Math.log10(0.2), 0);
  await legendAt(page, 1001);
  await page.screenshot(shot('spectrum-zoom-peak-db'));

  // The phase view, chosen while zoomed in: the same bins in another view, so the window stays.
  await viewSelect.selectOption('phase');
  await expect(large(page).locator('.u-legend')).toContainText('phase (rad)');
  await expect.poll(() => shownX(page)).toEqual([vMin, vMax]);
  await expect(body).toHaveAttribute('data-detail-exact', 'true');
  await expect(chart).toHaveAttribute('data-points-shown', String(Math.floor(vMax) - Math.ceil(vMin) + 1));
  // Each bin's own phase: sin(2π·1000.5·j/N) transforms to nearly real bins, N/(2π(1000.5 − k))
  // (to within π/N), positive below the tone and negative above it: 0 and ±π.
  for (const k of [998, 1000]) expect(Math.abs(await legendAt(page, k))).toBeLessThan(0.01);
  for (const k of [1001, 1003]) expect(Math.abs(await legendAt(page, k))).toBeGreaterThan(Math.PI - 0.01);
  await legendAt(page, 1001);
  await page.screenshot(shot('spectrum-zoom-peak-phase'));
  await chart.locator('.u-over').dblclick();
  await expect(body).not.toHaveAttribute('data-detail', /./);
  await page.screenshot(shot('spectrum-zoom-whole-phase'));
});
