/**
 * Previews of every data type on the nodes, and the large preview of the selected node: a
 * zoomable plot with values on hover, spectra as magnitude or phase, images in their colour map
 * with the pixel value under the cursor, feature maps, value tables.
 */
import type { Page } from '@playwright/test';
import { encode } from 'fast-png';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, dropFromPalette, expect, handle, node, openEditor, selectNode, servedFolder, shot, test } from './fixtures';

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const large = (page: Page) => page.getByRole('region', { name: 'Large preview' });

/** Distinct colours among a grid of pixels of a canvas (gray pixels have r = g = b). */
async function canvasColours(page: Page, selector: string): Promise<{ gray: number; coloured: number }> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d')!;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let gray = 0;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4 * 97) {
      if (data[i] === data[i + 1] && data[i + 1] === data[i + 2]) gray++;
      else coloured++;
    }
    return { gray, coloured };
  });
}

test('signal and spectrum previews; the large plot reads values on hover, zooms, and shows magnitude or phase', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 30, 20);
  await dropFromPalette(page, 'op.fft', 300, 20);
  await dropFromPalette(page, 'sink.spectrum', 570, 20);
  await dropFromPalette(page, 'sink.plot', 300, 270);
  await connect(page, handle('function1', 'out', 'source'), handle('fft1', 'in', 'target'));
  await connect(page, handle('fft1', 'out', 'source'), handle('spectrum1', 'in', 'target'));
  await connect(page, handle('function1', 'out', 'source'), handle('plot1', 'in', 'target'));

  // The spectrum sink: magnitude by default, then phase, each its own curve.
  const spectrum = node(page, 'spectrum1').locator('[data-preview="spectrum"]');
  await expect(spectrum).toContainText('|X[k]| · n=401 · centred');
  const magnitude = (await spectrum.locator('path.trace').getAttribute('d'))!;
  await selectNode(page, 'spectrum1');
  await inspector(page).getByRole('combobox', { name: 'Show' }).selectOption('phase');
  await expect(spectrum).toContainText('∠X[k]');
  await expect(spectrum.locator('path.trace')).not.toHaveAttribute('d', magnitude);

  // A plot's style: stems put one vertical mark per column.
  await selectNode(page, 'plot1');
  await inspector(page).getByRole('combobox', { name: 'Style' }).selectOption('stem');
  await expect(node(page, 'plot1').locator('[data-preview="signal"]')).toHaveAttribute('data-style', 'stem');
  await expect(node(page, 'plot1').locator('path.stems')).toHaveAttribute('d', /^M[\d.]+,[\d.]+V/);
  await inspector(page).getByRole('combobox', { name: 'Style' }).selectOption('line');

  // The large plot of the 401 samples: values under the pointer in the legend.
  const chart = large(page).locator('.signal-chart');
  await expect(chart).toHaveAttribute('data-points', '401');
  const over = chart.locator('.u-over');
  const legend = large(page).locator('.u-legend .u-series');
  // The style just went back to line, so the plot may be drawing itself anew: point at it once it
  // is there (its box is null while it is being replaced).
  await expect(async () => {
    const box = await over.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await expect(legend.nth(0).locator('.u-value')).toHaveText(/^-?\d+$/, { timeout: 1000 }); // k, a whole sample index
  }).toPass({ timeout: 15_000 });
  await expect(legend.nth(1).locator('.u-value')).toHaveText(/^-?[\d.]+(e-?\d+)?$/);
  // The wheel zooms about the pointer: a narrower range of k is shown.
  const span = async (): Promise<number> => Number(await chart.getAttribute('data-x-max')) - Number(await chart.getAttribute('data-x-min'));
  const wide = await span();
  expect(wide).toBeGreaterThanOrEqual(400);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
  await expect.poll(span).toBeLessThan(wide / 2);
  // New data after a param change keeps the window the user zoomed into, and shows the new values:
  // at k = 20 (t = 0.2 s) the rect is 1 and a triangle of width 1 is 0.8.
  const zoomed = [await chart.getAttribute('data-x-min'), await chart.getAttribute('data-x-max')];
  const valueAt = async (k: number): Promise<string> => {
    const [min, max] = zoomed.map(Number) as [number, number];
    const area = (await over.boundingBox())!;
    await page.mouse.move(area.x + ((k - min) / (max - min)) * area.width, area.y + area.height / 2);
    return legend.nth(1).locator('.u-value').innerText();
  };
  expect(Number(await valueAt(20))).toBe(1);
  await node(page, 'function1').getByRole('combobox', { name: 'Shape' }).selectOption('triangle');
  await expect.poll(async () => Number(await valueAt(20))).toBeCloseTo(0.8, 6);
  expect([await chart.getAttribute('data-x-min'), await chart.getAttribute('data-x-max')]).toEqual(zoomed);
  await page.screenshot(shot('previews-signal-hover'));

  // Any node's spectrum can be seen as magnitude, dB or phase in the large preview.
  await selectNode(page, 'fft1');
  await expect(large(page).locator('.signal-chart')).toHaveAttribute('data-points', '401');
  await expect(large(page).locator('.u-legend')).toContainText('|X|');
  await large(page).getByRole('combobox', { name: 'Spectrum view' }).selectOption('phase');
  await expect(large(page).locator('.u-legend')).toContainText('phase (rad)');
  await page.screenshot(shot('previews-spectrum-phase'));
});

test('image previews: the colour map, a grid of feature maps, the pixel under the cursor, and a value table', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.testImage', 30, 20);
  await dropFromPalette(page, 'op.convBank', 300, 20);
  await dropFromPalette(page, 'sink.image', 570, 20);
  await dropFromPalette(page, 'op.stats', 30, 370);
  await dropFromPalette(page, 'sink.value', 300, 370);
  await connect(page, handle('testImage1', 'out', 'source'), handle('convBank1', 'in', 'target'));
  await connect(page, handle('convBank1', 'out', 'source'), handle('imageSink1', 'in', 'target'));
  await connect(page, handle('testImage1', 'out', 'source'), handle('stats1', 'in', 'target'));
  await connect(page, handle('stats1', 'out', 'source'), handle('value1', 'in', 'target'));

  // Four edge maps as a 2 × 2 grid of 128-pixel thumbnails with a 2-pixel gap.
  const thumb = node(page, 'imageSink1').locator('[data-preview="image"] canvas');
  await expect(thumb).toHaveAttribute('width', '258');
  await expect(thumb).toHaveAttribute('height', '258');
  await expect(node(page, 'imageSink1')).toContainText('256×256×4');
  await expect.poll(() => canvasColours(page, '.cl-node[data-node-id="imageSink1"] [data-preview="image"] canvas')).toMatchObject({ coloured: 0 });
  const paints = Number(await thumb.getAttribute('data-paints'));
  await node(page, 'imageSink1').getByRole('combobox', { name: 'Colormap' }).selectOption('viridis');
  await expect(node(page, 'imageSink1').locator('[data-preview="image"]')).toHaveAttribute('data-colormap', 'viridis');
  await expect(thumb).not.toHaveAttribute('data-paints', String(paints));
  const viridis = await canvasColours(page, '.cl-node[data-node-id="imageSink1"] [data-preview="image"] canvas');
  expect(viridis.coloured).toBeGreaterThan(viridis.gray);

  // The value table of the phantom's statistics.
  const table = node(page, 'value1').locator('[data-preview="value"]');
  await expect(table.locator('th')).toHaveText(['sum', 'mean', 'min', 'max', 'energy']);
  await expect(table.locator('tr', { hasText: 'min' }).locator('td')).toHaveText('0');
  await expect(table.locator('tr', { hasText: 'max' }).locator('td')).toHaveText('1');

  // Full resolution in the large preview, with the value under the pointer.
  await selectNode(page, 'testImage1');
  const view = large(page).locator('.image-view-box');
  await expect(view.locator('canvas')).toHaveAttribute('width', '256');
  const box = (await view.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const readout = large(page).getByTestId('pixel-readout');
  await expect(readout).toContainText(/column \d+, row \d+ · at \(-?\d+, -?\d+\) · value -?[\d.]+/);
  // The phantom's outer skull is bright: somewhere along the middle row a pixel reads 1.
  const image = (await view.locator('canvas').boundingBox())!;
  let sawOne = false;
  for (let x = image.x + 1; x < image.x + image.width / 2 && !sawOne; x += 1) {
    await page.mouse.move(x, image.y + image.height / 2);
    sawOne = /value 1$/.test((await readout.innerText()).trim());
  }
  expect(sawOne).toBe(true);
  await page.screenshot(shot('previews-image-pixel'));

  // The feature maps at full resolution, one channel at a time.
  await selectNode(page, 'imageSink1');
  await expect(readout).toContainText('of 4');
  await page.screenshot(shot('previews-feature-maps'));
});

test('a path param picks a file from the served folder, and the node reads it', async ({ page }) => {
  // A 40 × 24 gray PNG with a bright left half, in a folder below the served one.
  const width = 40;
  const height = 24;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width / 2; x++) pixels[y * width + x] = 255;
  mkdirSync(join(servedFolder(), 'pictures'), { recursive: true });
  writeFileSync(join(servedFolder(), 'pictures', 'half.png'), encode({ width, height, data: pixels, channels: 1, depth: 8 }));

  await openEditor(page);
  await dropFromPalette(page, 'source.image', 60, 40);
  // Just dropped, it waits for its file (orange, not failed) and the status bar counts no failure.
  await expect(node(page, 'image1').locator('[data-status="waiting"]')).toContainText('no file chosen: choose a PNG or JPEG file');
  await expect(page.locator('.failed-nodes')).toHaveCount(0);
  await selectNode(page, 'image1');
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('waiting for a file');
  // The dock says so too, muted: it once read 'No value: image1 failed: …' in red beside the orange node.
  await expect(large(page).locator('p.muted')).toHaveText('No value yet: image1 is waiting (no file chosen: choose a PNG or JPEG file (path))');
  await expect(large(page).locator('.param-problem')).toHaveCount(0);
  await page.screenshot(shot('previews-waiting-dock'));
  await node(page, 'image1').getByRole('button', { name: 'Choose a file for File' }).click();
  const picker = page.getByRole('listbox', { name: 'Files in the served folder' });
  // Only images are offered (the served folder also holds graphs and a text file).
  await expect(picker.getByRole('option')).toHaveText(['pictures/half.png']);
  await page.screenshot(shot('previews-path-picker'));
  await picker.getByRole('option', { name: 'pictures/half.png' }).click();
  await expect(node(page, 'image1').getByRole('textbox', { name: 'File' })).toHaveValue('pictures/half.png');
  await expect(node(page, 'image1').locator('[data-status="ok"]')).toBeVisible();
  await expect(node(page, 'image1')).toContainText('40×24 · [0, 1]');
  // One undo forgets the chosen file.
  await page.keyboard.press('Control+z');
  await expect(node(page, 'image1').getByRole('textbox', { name: 'File' })).toHaveValue('');
});
