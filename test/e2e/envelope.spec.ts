/**
 * The large plot of a long signal: its min/max envelope over the range shown (two columns per
 * pixel), the samples themselves once zoomed in far enough, the detail fetched again after each
 * zoom, and overlays drawn the same way. A million samples whose every 16th is 0 and the others
 * ±1 read as a flat line when strided by 16; the envelope shows their full ±1.
 */
import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, node, openEditor, openGraph, selectNode, servedFolder, shot, test } from './fixtures';

const large = (page: Page) => page.getByRole('region', { name: 'Large preview' });

const K = 'round(t*1000000)';
const graph = {
  format: 'convolab.graph',
  version: 2,
  nodes: [
    {
      id: 'comb',
      type: 'source.function',
      position: { x: 40, y: 40 },
      params: { shape: 'expression', expression: `mod(${K}, 16) == 0 ? 0 : 1 - 2 * mod(${K}, 2)`, t0: 0, t1: 1, rate: 1_000_000 },
    },
    { id: 'wave', type: 'source.function', position: { x: 40, y: 300 }, params: { shape: 'sine', frequency: 3, amplitude: 0.5, t0: 0, t1: 1, rate: 1_000_000 } },
    { id: 'plot', type: 'sink.plot', position: { x: 360, y: 160 } },
  ],
  edges: [
    { id: 'e1', source: 'comb', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
    { id: 'e2', source: 'wave', sourceHandle: 'out', target: 'plot', targetHandle: 'in2' },
  ],
};

/** The legend's value of the series at `index` (1 = the first signal) with the pointer at a fraction of the plot's width. */
async function legendAt(page: Page, fraction: number, index = 1): Promise<string> {
  const over = large(page).locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + fraction * box.width, box.y + box.height / 2);
  return large(page).locator('.u-legend .u-series:visible').nth(index).locator('.u-value').innerText();
}

test('a long signal\'s large plot is its envelope, then its samples zoomed in, for overlays too', async ({ page }) => {
  writeFileSync(join(servedFolder(), 'long-signal.convolab.json'), JSON.stringify(graph));
  await openEditor(page);
  await openGraph(page, 'long-signal.convolab.json');
  await selectNode(page, 'comb');
  const body = large(page).locator('.large-preview-body');
  const chart = body.locator('.signal-chart');
  await expect(chart).toBeVisible();
  // About two columns per pixel of the plot, not 65,536 strided samples.
  const columns = Number(await body.getAttribute('data-columns'));
  const width = (await body.boundingBox())!.width;
  expect(columns).toBeGreaterThan(1.5 * width);
  expect(columns).toBeLessThan(2.5 * width);
  await expect(large(page).locator('header')).toContainText('min/max of');
  await expect(large(page).locator('header')).not.toContainText('samples shown');
  // Aliasing: every column holds the ±1 the strided copy skipped.
  for (const at of [0.1, 0.5, 0.9]) expect(await legendAt(page, at)).toBe('-1 … 1');
  await page.screenshot(shot('envelope-long-signal'));

  // Zoom in with the wheel about the middle: the detail of the range shown is fetched, and once
  // it holds no more samples than columns, it is the samples (one value per point).
  const over = chart.locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -200);
  await expect(body).toHaveAttribute('data-detail', /^\d+-\d+$/);
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, -200);
  await expect(body).toHaveAttribute('data-detail-exact', 'true');
  // The header says what is drawn: the samples themselves now, not columns of the overview.
  await expect(large(page).locator('header')).not.toContainText('min/max of');
  const [from, to] = (await body.getAttribute('data-detail'))!.split('-').map(Number) as [number, number];
  expect(to - from).toBeLessThanOrEqual(columns);
  const xMin = Number(await chart.getAttribute('data-x-min'));
  const xMax = Number(await chart.getAttribute('data-x-max'));
  // The range fetched is the range shown (x is the sample index k).
  expect(from).toBeLessThanOrEqual(Math.ceil(xMin));
  expect(to).toBeGreaterThanOrEqual(Math.floor(xMax));
  const values = new Set<string>();
  for (const at of [0.2, 0.35, 0.5, 0.65, 0.8]) values.add(await legendAt(page, at));
  for (const value of values) expect(['-1', '0', '1']).toContain(value);
  await page.screenshot(shot('envelope-zoomed-samples'));

  // Double-click: everything again, drawn from the overview, no detail asked for.
  await over.dblclick();
  await expect(body).not.toHaveAttribute('data-detail', /./);
  expect(await legendAt(page, 0.5)).toBe('-1 … 1');

  // The plot sink overlays both signals: two envelopes, each fetched in detail after a zoom.
  await selectNode(page, 'plot');
  await expect(body).toHaveAttribute('data-columns', /^\d+ \d+$/);
  await expect(large(page).locator('.u-legend')).toContainText('wave.out');
  const plotBox = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(plotBox.x + plotBox.width * 0.3, plotBox.y + plotBox.height / 2);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -200);
  await expect(body).toHaveAttribute('data-detail', /^\d+-\d+ \d+-\d+$/);
  // The sine is smooth: its column's min and max are close, the comb's are ±1.
  expect(await legendAt(page, 0.5, 1)).toBe('-1 … 1');
  const [low, high] = (await legendAt(page, 0.5, 2)).split(' … ').map(Number) as [number, number];
  expect(high - low).toBeLessThan(0.01);
  await page.screenshot(shot('envelope-overlay'));

  // A param change while zoomed: the overview and the detail of the range shown come fresh together,
  // and the window stays where the user put it.
  const window = [await chart.getAttribute('data-x-min'), await chart.getAttribute('data-x-max')];
  const detail = await body.getAttribute('data-detail');
  const sine = await legendAt(page, 0.5, 2);
  await node(page, 'wave').getByRole('combobox', { name: 'Shape' }).selectOption('cosine');
  await expect.poll(() => legendAt(page, 0.5, 2)).not.toBe(sine);
  await expect(body).toHaveAttribute('data-detail', detail!);
  expect([await chart.getAttribute('data-x-min'), await chart.getAttribute('data-x-max')]).toEqual(window);
  // Still a column of the detail: the cosine's min and max there are as close as the sine's were.
  const [cLow, cHigh] = (await legendAt(page, 0.5, 2)).split(' … ').map(Number) as [number, number];
  expect(cHigh - cLow).toBeLessThan(0.01);
  expect(Math.abs(cHigh)).toBeLessThanOrEqual(0.5);

  // Against time: the range fetched is the samples the seconds shown cover (k = t · rate).
  await page.getByRole('complementary', { name: 'Inspector' }).getByRole('combobox', { name: 'X axis' }).selectOption('time');
  await expect(large(page).locator('.u-legend')).toContainText('t (s)');
  await expect(body).not.toHaveAttribute('data-detail', /./);
  const timed = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(timed.x + timed.width * 0.6, timed.y + timed.height / 2);
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -200);
  await expect(body).toHaveAttribute('data-detail', /^\d+-\d+ \d+-\d+$/);
  const [tFrom, tTo] = (await body.getAttribute('data-detail'))!.split(' ')[0]!.split('-').map(Number) as [number, number];
  expect(tFrom).toBeLessThanOrEqual(Math.ceil(Number(await chart.getAttribute('data-x-min')) * 1e6));
  expect(tTo).toBeGreaterThanOrEqual(Math.floor(Number(await chart.getAttribute('data-x-max')) * 1e6));
  expect(tTo - tFrom).toBeLessThan(500_000);
});
