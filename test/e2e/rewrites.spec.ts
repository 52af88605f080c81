/**
 * Rewrites that prove themselves (issue 19 §6), played by mouse: right-click a convolve →
 * Rewrite via FFT adds the FFT route beside it, clear of the graph, with a compare whose PASS
 * shows on the canvas; one Ctrl+Z takes all of it back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, node, openEditor, openGraph, servedFolder, shot, steadyView, test, writeImageBlurGraph } from './fixtures';

/** a (10 samples) * b (5 samples) → plot: the convolution theorem's direct route alone. */
function convolveGraph(): string {
  const at = (x: number, y: number) => ({ x, y });
  return JSON.stringify({
    format: 'convolab.graph',
    version: 2,
    meta: { title: 'One convolution' },
    nodes: [
      { id: 'a', type: 'source.sequence', position: at(0, 0), params: { values: [1, 2, 3, 4, 5, 6, 5, 3, 1, 0.5] } },
      { id: 'b', type: 'source.sequence', position: at(0, 300), params: { values: [1, -1, 2, 0.5, 0.25], start: -2 } },
      { id: 'direct', type: 'op.convolve', position: at(320, 120), params: { method: 'direct' } },
      { id: 'plot', type: 'sink.plot', position: at(640, 120), params: { style: 'stem' } },
      { id: 'cropped', type: 'op.convolve', position: at(320, 420), params: { mode: 'same' } },
    ],
    edges: [
      { id: 'e1', source: 'a', sourceHandle: 'out', target: 'direct', targetHandle: 'a' },
      { id: 'e2', source: 'b', sourceHandle: 'out', target: 'direct', targetHandle: 'b' },
      { id: 'e3', source: 'direct', sourceHandle: 'out', target: 'plot', targetHandle: 'in' },
      { id: 'e4', source: 'a', sourceHandle: 'out', target: 'cropped', targetHandle: 'a' },
      { id: 'e5', source: 'b', sourceHandle: 'out', target: 'cropped', targetHandle: 'b' },
    ],
  });
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('right-click a convolve → Rewrite via FFT: the FFT route and a compare that shows PASS; one undo removes it all', async ({ page }) => {
  writeFileSync(join(servedFolder(), 'one-convolution.convolab.json'), convolveGraph());
  await openEditor(page);
  await openGraph(page, 'one-convolution.convolab.json');
  const nodes = page.locator('.cl-node[data-node-id]');
  await expect(nodes).toHaveCount(5);
  await expect(node(page, 'direct').locator('[data-status="ok"]')).toBeVisible();
  await steadyView(page);

  // A convolve with mode same is offered the rewrite greyed, with the reason under it.
  await node(page, 'cropped').locator('.cl-node-title').click({ button: 'right' });
  const croppedMenu = page.getByRole('menu', { name: 'Node cropped' });
  const greyed = croppedMenu.getByRole('menuitem', { name: 'Rewrite via FFT' });
  await expect(greyed).toBeDisabled();
  await expect(croppedMenu.locator('.menu-reason')).toHaveText('cropped has mode same: the FFT route gives the full convolution; set mode full first');
  await page.screenshot(shot('rewrites-menu-greyed'));
  await page.keyboard.press('Escape');
  await expect(croppedMenu).toBeHidden();

  // A sink is about no rewrite: its menu has no Rewrite section.
  await node(page, 'plot').locator('.cl-node-title').click({ button: 'right' });
  await expect(page.getByRole('menu', { name: 'Node plot' })).toBeVisible();
  await expect(page.getByRole('menu', { name: 'Node plot' }).getByText(/^Rewrite/)).toHaveCount(0);
  await page.keyboard.press('Escape');

  await node(page, 'direct').locator('.cl-node-title').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Node direct' });
  await expect(menu.getByText('Rewrite direct')).toBeVisible();
  await page.screenshot(shot('rewrites-menu'));
  await menu.getByRole('menuitem', { name: 'Rewrite via FFT' }).click();

  // Six nodes: two FFTs of n = 16, multiply, IFFT, compare, value table; the compare passes.
  await expect(nodes).toHaveCount(11);
  const check = page.locator('.cl-node[data-verdict]');
  await expect(check).toHaveCount(1);
  await expect(check).toHaveAttribute('data-verdict', 'pass');
  await expect(check.locator('.cl-verdict')).toHaveText('PASS');
  await expect(page.getByRole('status')).toContainText('Rewrite via FFT (n = 16 ≥ 10 + 5 − 1)');
  await expect(page.locator('.cl-node').filter({ hasText: 'FFT n = 16' })).toHaveCount(2);
  // The compare is selected: the inspector shows its verdict, and the original convolve is in view beside it.
  await expect(check).toHaveClass(/selected/);
  await expect(page.getByRole('complementary', { name: 'Inspector' }).locator('.inspector-verdict')).toHaveAttribute('data-verdict', 'pass');
  await expect(node(page, 'direct')).toBeInViewport();
  // The value table the compare feeds shows the verdict too.
  await expect(page.locator('.cl-node:not([data-verdict]) [data-preview="value"] caption')).toHaveText('PASS');
  await steadyView(page);
  await page.screenshot(shot('rewrites-fft-pass'));

  // The new nodes cover none of the graph's nodes (nor each other), as drawn now.
  const boxes = await Promise.all((await nodes.all()).map(async (n) => ({ id: await n.getAttribute('data-node-id'), box: (await n.boundingBox())! })));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) expect(overlap(a.box, b.box), `${a.id} overlaps ${b.id}`).toBe(false);
  }

  // One undo takes the whole rewrite back.
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(5);
  await expect(page.locator('.cl-node[data-verdict]')).toHaveCount(0);
  await page.screenshot(shot('rewrites-undone'));
});

test('right-click an image blur → Split separable 2-D kernel: a row pass and a column pass, and the compare shows PASS', async ({ page }) => {
  writeImageBlurGraph('blur.convolab.json', { title: 'A blur', size: 64, sigma: 2, view: true });
  await openEditor(page);
  await openGraph(page, 'blur.convolab.json');
  await expect(node(page, 'blur').locator('[data-status="ok"]')).toBeVisible();
  await steadyView(page);
  await node(page, 'blur').locator('.cl-node-title').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Node blur' });
  // A blur fed by an image source is no chain and no 1-D convolution: only the split is offered.
  await expect(menu.getByRole('menuitem', { name: /^Rewrite via FFT|^Merge/ })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Split separable 2-D kernel into two 1-D passes' }).click();
  await expect(page.locator('.cl-node[data-node-id]')).toHaveCount(4 + 6);
  await expect(page.getByRole('status')).toContainText('13 + 13 taps instead of 169');
  const check = page.locator('.cl-node[data-verdict]');
  await expect(check).toHaveAttribute('data-verdict', 'pass');
  await steadyView(page);
  await page.screenshot(shot('rewrites-separable-pass'));
});
