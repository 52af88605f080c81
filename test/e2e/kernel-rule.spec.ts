/**
 * The newcomer's filter, by hand and on defaults: Function, Gaussian kernel, Convolve and Plot
 * dropped from the palette and wired the obvious way run without touching the kernel's
 * Dimensions (it adapts to the signal it meets) or the Function's rate.
 */
import { connect, dropFromPalette, expect, handle, node, openEditor, selectNode, shot, test } from './fixtures';

test('Function + Gaussian kernel + Convolve + Plot on defaults: every node ok, the plot is the 1-D blur', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 30, 20);
  await dropFromPalette(page, 'kernel.gaussian', 30, 260);
  await dropFromPalette(page, 'op.convolve', 320, 100);
  await dropFromPalette(page, 'sink.plot', 600, 40);
  // Kernel first, as a newcomer may: the Function is then still welcome on input a.
  await connect(page, handle('gaussian1', 'out', 'source'), handle('convolve1', 'b', 'target'));
  await connect(page, handle('function1', 'out', 'source'), handle('convolve1', 'a', 'target'));
  await connect(page, handle('convolve1', 'out', 'source'), handle('plot1', 'in', 'target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  const plot = node(page, 'plot1');
  await expect(plot.locator('[data-preview="signal"] path.trace')).toHaveAttribute('d', /^M/);
  await expect(plot).toContainText('n=413'); // 401 samples and 13 taps: a 1-D kernel
  await expect(page.locator('.cl-node [data-status="error"]')).toHaveCount(0);
  await page.screenshot(shot('kernel-rule-newcomer-filter'));
});

test('Function wired into Convolve before its kernel: Convolve waits for the kernel, nothing failed, and its value panel says it waits', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 30, 20);
  await dropFromPalette(page, 'op.convolve', 320, 20);
  await connect(page, handle('function1', 'out', 'source'), handle('convolve1', 'a', 'target'));
  const convolve = node(page, 'convolve1');
  // The engine names the labelled port "kernel (b)": still only waiting, as for an unlabelled one.
  await expect(convolve.locator('[data-status="waiting"]')).toContainText('input kernel (b) is not connected');
  await expect(page.locator('.status-bar')).not.toContainText('failed');
  await selectNode(page, 'convolve1');
  const panel = page.getByRole('region', { name: 'Large preview' });
  await expect(panel.locator('p.muted')).toHaveText(/^No value yet: convolve1 is waiting \(input kernel \(b\) is not connected/);
  await page.screenshot(shot('kernel-rule-convolve-waits-for-kernel'));
});
