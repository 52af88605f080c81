/**
 * A box slid over a box, built from the palette on its defaults: two Functions (rect, 100 samples
 * a second) into a Convolve. The sum of samples peaks at 99.5 where a learner expects the area 1;
 * Flip & slide says so where they look and turns on Integral in one click (one undo).
 */
import { connect, dropFromPalette, expect, handle, openEditor, selectNode, shot, test } from './fixtures';

test('box * box from the palette: Flip & slide says it sums samples, and one click makes the peak the area', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 20, 20);
  await dropFromPalette(page, 'source.function', 20, 320);
  await dropFromPalette(page, 'op.convolve', 320, 120);
  await connect(page, handle('function1', 'out', 'source'), handle('convolve1', 'a', 'target'));
  await connect(page, handle('function2', 'out', 'source'), handle('convolve1', 'b', 'target'));
  await selectNode(page, 'convolve1');
  await page.getByRole('tab', { name: 'Flip & slide' }).click();
  const slide = page.getByTestId('flip-slide');
  await expect(slide).toBeVisible();
  await page.getByRole('slider', { name: 't', exact: true }).fill('0');
  await expect(slide).toHaveAttribute('data-t', '0');
  // 99 whole samples and two half-height edges: 99 + 2·¼ = 99.5, a count of samples, not an area.
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText('99.5');
  const hint = page.getByTestId('flip-slide-integral');
  await expect(hint).toContainText('a sum of samples (100 a second)');
  await page.screenshot(shot('newcomer-boxes-hint'));
  await hint.getByRole('button', { name: 'turn on Integral' }).click();
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText('0.995');
  await expect(hint).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('checkbox', { name: 'Integral' })).toBeChecked();
  // One undo takes it back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('flip-slide-engine-value')).toHaveText('99.5');
});
