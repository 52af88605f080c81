/**
 * The U-Net's teaching view, played as a user: a 64³ phantom into the shipped U-Net, the node
 * selected and its U-Net tab opened; the levels' sizes printed (the strided convolution halving
 * every side), a feature map per stage at its own resolution, the first-layer kernel's 27 taps
 * and its |H|; another channel shows other maps, another plane too.
 */
import type { Locator } from '@playwright/test';
import { connect, dropFromPalette, expect, handle, openEditor, selectNode, shot, test } from './fixtures';

/** A canvas's size and its red channel, pixel by pixel. */
async function pixels(canvas: Locator): Promise<{ width: number; height: number; levels: number[] }> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
    return { width: element.width, height: element.height, levels: Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]!) };
  });
}

test('U-Net view: sizes per level, feature maps per stage, the first-layer kernel and its |H|; another channel', async ({ page }) => {
  test.setTimeout(180_000);
  await openEditor(page);
  await dropFromPalette(page, 'source.phantom3d', 40, 40);
  await dropFromPalette(page, 'op.unet3d', 380, 40);
  await connect(page, handle('phantom3d1', 'out', 'source'), handle('unet3d1', 'in', 'target'));
  await selectNode(page, 'unet3d1');
  await page.getByRole('tab', { name: 'U-Net' }).click();
  const view = page.getByTestId('unet-view');
  await expect(view).toBeVisible({ timeout: 120_000 });

  // The shipped model: levels 3, base 8 on a 64³ volume.
  const sizes = { input: '1 × 64³', 'enc.0': '8 × 64³', 'down.0': '8 × 32³', 'enc.1': '16 × 32³', 'down.1': '16 × 16³', 'enc.2': '32 × 16³', 'dec.1': '16 × 32³', 'dec.0': '8 × 64³', output: '1 × 64³' };
  for (const [stage, size] of Object.entries(sizes)) await expect(page.getByTestId(`unet-size-${stage}`)).toContainText(size);
  await expect(view.locator('.unet-diagram')).toContainText('strided conv 2×2×2, stride 2');
  await expect(page.getByTestId('unet-size-enc.2')).toContainText('bottleneck');

  // One map per stage, each at its own resolution, and not blank.
  const widths = { input: 64, 'enc.0': 64, 'down.0': 32, 'enc.1': 32, 'down.1': 16, 'enc.2': 16, 'dec.1': 32, 'dec.0': 64, output: 64 };
  for (const [stage, width] of Object.entries(widths)) {
    const shown = await pixels(page.getByTestId(`unet-map-${stage}`).locator('canvas'));
    expect([stage, shown.width, shown.height]).toEqual([stage, width, width]);
  }
  const encoder = page.getByTestId('unet-map-enc.0').locator('canvas');
  const channel0 = await pixels(encoder);
  expect(new Set(channel0.levels).size).toBeGreaterThan(8);

  // The first layer's kernel: three 3×3 planes of taps, three 16×16 planes of |H|.
  const kernel = page.getByTestId('unet-kernel');
  await expect(kernel.locator('.heat-cell')).toHaveCount(27);
  // Each tap's number fits its cell, none cut off at the edge (-0.3863 once read "-0.38"); its tooltip has it in full.
  const cut = await kernel.locator('.heat-cell').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => `${cell.textContent} of ${cell.getAttribute('title')}`));
  expect(cut).toEqual([]);
  for (const cell of await kernel.locator('.heat-cell').all()) {
    const [text, value] = [await cell.textContent(), Number(await cell.getAttribute('title'))];
    // Two decimals, the leading zero left out: what the cell prints is the value rounded.
    expect(text).toMatch(/^(0|-?\.\d\d|-?\d+\.\d\d)$/);
    expect(Math.abs(Number(text!.replace(/^(-?)\./, '$10.')) - value)).toBeLessThanOrEqual(0.005 + 1e-12);
  }
  await expect(kernel.getByRole('combobox', { name: 'Kernel' }).locator('option')).toHaveCount(8);
  await expect(page.getByTestId('unet-response').locator('canvas')).toHaveCount(3);
  expect((await pixels(page.getByTestId('unet-response').locator('canvas').first())).width).toBe(16);
  // Each |H| plane's caption is one line, whole, inside its picture (they wrapped onto it).
  const captions = page.getByTestId('unet-response').locator('.value-canvas-label');
  await expect(captions).toHaveText(['fz=0 · fx→ fy↓', 'fy=0 · fx→ fz↓', 'fx=0 · fy→ fz↓']);
  for (const caption of await captions.all()) {
    const box = (await caption.boundingBox())!;
    const lineHeight = await caption.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight) || 1.3 * parseFloat(getComputedStyle(element).fontSize));
    expect(box.height).toBeLessThan(1.5 * lineHeight + 2);
    expect(await caption.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  }
  // Every stage's name and its plane's caption are whole, not cut to "encoder l…" or "ch 0 · z = …"
  // (nine stages share the dock's width): they wrap instead, and the maps stay level with each other.
  const clipped = await view.locator('.unet-map figcaption span, .unet-map-note span').evaluateAll((spans) => spans.filter((span) => span.scrollWidth > span.clientWidth).map((span) => span.textContent));
  expect(clipped).toEqual([]);
  await expect(page.getByTestId('unet-map-enc.1').locator('figcaption')).toContainText('encoder level 1');
  const tops = await view.locator('.unet-map .value-canvas').evaluateAll((boxes) => boxes.map((box) => Math.round(box.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  await page.screenshot(shot('unet-view'));

  // Another channel: every multi-channel stage shows it (the top levels' last where they have fewer).
  await view.getByRole('spinbutton', { name: 'Channel' }).fill('5');
  await expect(page.getByTestId('unet-map-enc.0')).toHaveAttribute('data-channel', '5');
  await expect(page.getByTestId('unet-map-enc.2')).toHaveAttribute('data-channel', '5');
  await expect(page.getByTestId('unet-map-output')).toHaveAttribute('data-channel', '0');
  await expect.poll(async () => (await pixels(encoder)).levels.join(',')).not.toBe(channel0.levels.join(','));
  await view.getByRole('spinbutton', { name: 'Channel' }).fill('20');
  await expect(page.getByTestId('unet-map-enc.0')).toHaveAttribute('data-channel', '7');
  await expect(page.getByTestId('unet-map-enc.2')).toHaveAttribute('data-channel', '20');

  // Another kernel shows other taps.
  const taps = await kernel.locator('.heat-cell').allTextContents();
  await kernel.getByRole('combobox', { name: 'Kernel' }).selectOption('3');
  await expect.poll(async () => (await kernel.locator('.heat-cell').allTextContents()).join(' ')).not.toBe(taps.join(' '));
  await page.screenshot(shot('unet-view-channel'));

  // A ReLU leaves some planes at 0 (the bottleneck's most of all): such a map says so and why
  // instead of a black square over "[0, 0]", and a stage says how many of its channels fire.
  const channelField = view.getByRole('spinbutton', { name: 'Channel' });
  const zero = view.locator('.unet-map[data-zero]');
  for (let channel = 0; channel < 32 && (await zero.count()) === 0; channel++) {
    await channelField.fill(String(channel));
    await expect(page.getByTestId('unet-map-enc.2')).toHaveAttribute('data-channel', String(channel));
  }
  await expect(zero.first()).toBeVisible();
  for (const map of await zero.all()) {
    const stage = (await map.getAttribute('data-testid'))!.replace('unet-map-', '');
    await expect(map.locator('.unet-map-note')).toContainText(stage === 'input' || stage === 'output' ? 'all 0' : 'all 0: ReLU off');
    await expect(map.locator('.unet-map-note')).toHaveAttribute('title', /every value of this plane is 0.*pick another channel or plane/);
  }
  expect((await view.locator('.unet-map-note').allTextContents()).filter((note) => note.includes('[0, 0]'))).toEqual([]);
  const firing = view.locator('[data-testid^="unet-firing-"]');
  for (const text of await firing.allTextContents()) expect(text).toMatch(/^\d+ of \d+ fire$/);
  const clippedNotes = await view.locator('.unet-map-note span').evaluateAll((spans) => spans.filter((span) => span.scrollWidth > span.clientWidth).map((span) => span.textContent));
  expect(clippedNotes).toEqual([]);
  await page.screenshot(shot('unet-view-zero'));
});
