/**
 * A volume where a user looks (issue 16 §1), played by mouse: a 3-D Shepp–Logan phantom into a
 * Volume view; its three planes with a slider each, the head upright in the z plane; a slider
 * moved shows another plane; the large preview scrubs the same planes at full resolution; MIP;
 * and the volume exported as a (depth, height, width) NPY.
 */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { readNpy } from '../../src-shared/io/npy';
import { connect, dropFromPalette, expect, handle, node, openEditor, selectNode, shot, test } from './fixtures';

const large = (page: Page) => page.getByRole('region', { name: 'Large preview' });

/** A canvas's pixels as gray levels (the red channel), row by row. */
async function grays(canvas: Locator): Promise<{ width: number; height: number; levels: number[] }> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
    return { width: element.width, height: element.height, levels: Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]) };
  });
}

/** Mean gray level over rows [top, bottom) and columns [left, right). */
function mean(image: { width: number; levels: number[] }, top: number, bottom: number, left: number, right: number): number {
  let sum = 0;
  for (let row = top; row < bottom; row++) for (let column = left; column < right; column++) sum += image.levels[row * image.width + column];
  return sum / ((bottom - top) * (right - left));
}

test('a 3-D phantom in a Volume view: slices with sliders, upright, scrubbed at full resolution, MIP, NPY export', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.phantom3d', 40, 40);
  await dropFromPalette(page, 'sink.volume', 380, 40);
  await connect(page, handle('phantom3d1', 'out', 'source'), handle('volumeSink1', 'in', 'target'));

  // The wire and the ports carry the volume type's colour.
  await expect(page.locator(handle('volumeSink1', 'in', 'target'))).toHaveClass(/type-volume/);
  await expect(page.locator('.react-flow__edge.type-volume')).toHaveCount(1);

  // Three planes, each from the middle of its axis of the 64³ phantom.
  const view = node(page, 'volumeSink1').locator('[data-preview="volume"]');
  await expect(view).toHaveAttribute('data-view', 'slices');
  const panels = view.locator('figure');
  await expect(panels).toHaveCount(3);
  for (const axis of ['z', 'y', 'x']) await expect(view.locator(`figure[data-axis="${axis}"]`)).toHaveAttribute('data-shown', '32');
  // The phantom's node shows its middle plane, with the volume's size.
  await expect(node(page, 'phantom3d1').locator('.preview-image .label')).toContainText('64×64×64 · z 32');

  // Upright as a radiologist reads an axial slice: at the middle plane the head's brighter
  // ellipsoid (centre y = +0.35 of the Shepp–Logan table) lies in the upper half of the brain.
  const zCanvas = view.locator('figure[data-axis="z"] canvas');
  const middle = await grays(zCanvas);
  expect([middle.width, middle.height]).toEqual([64, 64]);
  const upper = mean(middle, 12, 28, 24, 40);
  const lower = mean(middle, 36, 52, 24, 40);
  expect(upper).toBeGreaterThan(lower + 20);
  await node(page, 'volumeSink1').screenshot(shot('volume-node-slices'));

  // The z slider, dragged by mouse towards its end, shows a deeper plane.
  const slider = view.locator('figure[data-axis="z"] input[type="range"]');
  const box = (await slider.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => Number(await view.locator('figure[data-axis="z"]').getAttribute('data-shown'))).toBeGreaterThan(40);
  const deeper = await grays(zCanvas);
  expect(deeper.levels).not.toEqual(middle.levels);
  // The node did not move with the drag.
  expect(await view.locator('figure[data-axis="y"]').getAttribute('data-shown')).toBe('32');

  // The large preview shows the same planes at full resolution and scrubs with its own sliders.
  await selectNode(page, 'volumeSink1');
  const big = large(page).locator('[data-preview="volume"]');
  await expect(big).toHaveClass(/large/);
  const shownZ = await view.locator('figure[data-axis="z"]').getAttribute('data-shown');
  await expect(big.locator('figure[data-axis="z"]')).toHaveAttribute('data-shown', shownZ!);
  await expect(big.locator('figure[data-axis="z"] .image-view-readout')).toContainText('64×64');
  const bigSlider = big.locator('figure[data-axis="y"] input[type="range"]');
  const bigBox = (await bigSlider.boundingBox())!;
  await page.mouse.click(bigBox.x + bigBox.width * 0.25, bigBox.y + bigBox.height / 2);
  await expect.poll(async () => Number(await big.locator('figure[data-axis="y"]').getAttribute('data-shown'))).toBeLessThan(24);
  // One choice for both: the node follows the large preview.
  await expect(view.locator('figure[data-axis="y"]')).toHaveAttribute('data-shown', (await big.locator('figure[data-axis="y"]').getAttribute('data-shown'))!);
  // The value under the cursor, at full resolution: the middle of the y plane is inside the head.
  const yBox = (await big.locator('figure[data-axis="y"] .image-view-box').boundingBox())!;
  await page.mouse.move(yBox.x + yBox.width / 2, yBox.y + yBox.height / 2);
  await expect(big.locator('figure[data-axis="y"] .image-view-readout')).toContainText(/column 3[12], row 3[12] · .* value \d/);
  await page.mouse.move(0, 0);
  // Each plane has a third of the dock's width to be seen in, whatever its readout says.
  for (const axis of ['z', 'y', 'x']) expect((await big.locator(`figure[data-axis="${axis}"] .image-view-box`).boundingBox())!.width).toBeGreaterThan(200);
  await page.screenshot(shot('volume-large-slices'));
  // Any volume's node scrubs in the large preview, not only the Volume view's.
  await selectNode(page, 'phantom3d1');
  await expect(large(page).locator('[data-preview="volume"] figure')).toHaveCount(3);
  await selectNode(page, 'volumeSink1');

  // MIP: three projections, no sliders.
  await node(page, 'volumeSink1').getByRole('combobox', { name: 'View' }).selectOption('mip');
  await expect(view).toHaveAttribute('data-view', 'mip');
  await expect(view.locator('input[type="range"]')).toHaveCount(0);
  for (const axis of ['z', 'y', 'x']) await expect(view.locator(`figure[data-axis="${axis}"]`)).toHaveAttribute('data-shown', 'mip');
  // The projection along z is at least as bright as any plane, pixel for pixel.
  await expect.poll(async () => (await grays(zCanvas)).levels.every((level, i) => level >= middle.levels[i])).toBe(true);
  await node(page, 'volumeSink1').screenshot(shot('volume-node-mip'));
  await expect(large(page).locator('[data-preview="volume"]')).toHaveAttribute('data-view', 'mip');
  await expect(large(page).locator('figure[data-axis="x"]')).toHaveAttribute('data-shown', 'mip');
  await page.screenshot(shot('volume-large-mip'));

  // The preview as PNG: the three projections side by side, each 64 px at twice the size, 4 px apart.
  await node(page, 'volumeSink1').locator('.cl-node-title').click({ button: 'right' });
  const previewDownload = page.waitForEvent('download');
  await page.getByRole('menu', { name: 'Node volumeSink1' }).getByRole('menuitem', { name: 'Preview as PNG…' }).click();
  const png = readFileSync(await (await previewDownload).path());
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([3 * 128 + 2 * 4, 128]);

  // Export: the whole volume as (depth, height, width) NPY.
  await node(page, 'volumeSink1').locator('.cl-node-title').click({ button: 'right' });
  const download = page.waitForEvent('download');
  await page.getByRole('menu', { name: 'Node volumeSink1' }).getByRole('menuitem', { name: 'Volume as NPY…' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('volumeSink1.npy');
  const npy = readNpy(new Uint8Array(readFileSync(await file.path())));
  if (!npy.ok) throw new Error(npy.error);
  expect(npy.value.shape).toEqual([64, 64, 64]);
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of npy.value.data) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  expect([lo, hi]).toEqual([0, 1]);
  // Plane 32 of the file is the middle plane the view painted: its bright ellipsoid in the upper half too.
  const plane = (row: number, column: number) => npy.value.data[(32 * 64 + row) * 64 + column];
  let [top, bottom] = [0, 0];
  for (let row = 12; row < 28; row++) for (let column = 24; column < 40; column++) [top, bottom] = [top + plane(row, column), bottom + plane(row + 24, column)];
  expect(top).toBeGreaterThan(bottom);
});

test('cone-beam projections name their planes view, row and column; a node that failed or was skipped says so in the dock, not "No value yet"', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.phantom3d', 40, 40);
  await dropFromPalette(page, 'op.conebeam', 380, 40);
  await dropFromPalette(page, 'op.fdk', 720, 40);
  await connect(page, handle('phantom3d1', 'out', 'source'), handle('conebeam1', 'in', 'target'));
  await connect(page, handle('conebeam1', 'out', 'source'), handle('fdk1', 'in', 'target'));
  await expect(node(page, 'fdk1').locator('[data-status="ok"]')).toBeVisible({ timeout: 60_000 });
  // The projections are a volume whose axes are view, detector row and column, and say so: the
  // node's middle plane is view 60 of 120, and the dock's planes are a view, a row and a column.
  await expect(node(page, 'conebeam1').locator('.preview-image .label')).toContainText('×120 · view 60 ·');
  await selectNode(page, 'conebeam1');
  const planes = large(page).locator('[data-preview="volume"] figcaption');
  await expect(planes).toHaveText([/^view 60 \/ 119$/, /^row \d+ \/ \d+$/, /^column \d+ \/ \d+$/]);
  await expect(large(page).getByRole('slider', { name: 'detector row (across every view: a sinogram) slice' })).toBeVisible();
  await page.screenshot(shot('volume-projections-dock'));
  // The volume it was made from keeps z, y and x.
  await selectNode(page, 'fdk1');
  await expect(large(page).locator('[data-preview="volume"] figcaption')).toHaveText([/^z 32 \/ 63$/, /^y 32 \/ 63$/, /^x 32 \/ 63$/]);
  // A source inside the volume: the scan fails, and the FDK after it is skipped.
  await selectNode(page, 'conebeam1');
  const sod = page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: 'Source distance', exact: true });
  await sod.fill('10');
  await sod.press('Enter');
  await expect(node(page, 'conebeam1').locator('[data-status="error"]')).toBeVisible();
  await expect(large(page)).toContainText('No value: conebeam1 failed: the source (sod 10) passes inside the 64 × 64 × 64 volume');
  await expect(large(page)).not.toContainText('No value yet');
  await selectNode(page, 'fdk1');
  await expect(large(page)).toContainText('No value: fdk1 was skipped: input from conebeam1 has no value');
  await page.screenshot(shot('volume-dock-skipped'));
});
