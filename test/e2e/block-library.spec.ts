/**
 * The user's block library by mouse (issue 19 §1): group nodes, Save to library, the palette's My
 * blocks lists it, a drag puts it on the canvas where it runs; another window changes the library
 * block (an edit inside, saved again under the same name), and Update from library brings the
 * first window's instances to that version as one undo. A block of blocks saved to My blocks is
 * inserted in a new graph with the block inside it, runs there, and both levels open.
 */
import type { Page } from '@playwright/test';
import { buildBlurGraph, connect, dropFromPalette, expect, handle, node, openEditor, openExample, selectNode, shot, steadyView, test } from './fixtures';

/** Opens block node `id`'s menu with a right click on its title bar. */
async function nodeMenu(page: Page, id: string) {
  await node(page, id).locator('.cl-node-title').click({ button: 'right' });
  return page.getByRole('menu', { name: `Node ${id}` });
}

/** '' on a test's first run; a retry or a repeat (the library outlives the page) names its blocks apart. */
function attempt(): string {
  const { retry, repeatEachIndex } = test.info();
  return retry === 0 && repeatEachIndex === 0 ? '' : ` ${repeatEachIndex}.${retry}`;
}

async function saveToLibrary(page: Page, id: string, name: string): Promise<void> {
  await (await nodeMenu(page, id)).getByRole('menuitem', { name: 'Save to library…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save block to library' });
  await dialog.getByLabel('Block name').fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

test('a grouped block saved to the library is inserted from the palette, runs, and an older instance updates to a newer library version', async ({ page, context }) => {
  await openEditor(page);
  await buildBlurGraph(page);
  await expect(node(page, 'plot1')).toHaveClass(/status-ok/, { timeout: 15_000 });

  // Group the kernel and the convolution: their crossing wires become the block's ports a and out.
  await selectNode(page, 'gaussian1');
  await node(page, 'convolve1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await (await nodeMenu(page, 'convolve1')).getByRole('menuitem', { name: 'Group 2 nodes as block' }).click();
  await expect(node(page, 'block1')).toBeVisible();
  await expect(node(page, 'block1')).toHaveClass(/status-ok/, { timeout: 15_000 });
  const palette = page.getByRole('complementary', { name: 'Node palette' });
  const myBlocks = palette.getByRole('region', { name: 'My blocks' });
  // The library outlives the page: a retry or a repeat works under a name of its own.
  const blur = `Gaussian blur${attempt()}`;
  await expect(myBlocks.locator(`.palette-block[data-library-block="${blur}"]`)).toHaveCount(0);

  // The menu prefills the block's title; a name of its own retitles the block too.
  await (await nodeMenu(page, 'block1')).getByRole('menuitem', { name: 'Save to library…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save block to library' });
  await expect(dialog.getByLabel('Block name')).toHaveValue('Gaussian kernel + Convolve');
  await dialog.getByLabel('Block name').fill('a/b');
  await expect(dialog.getByRole('alert')).toContainText('plain file name');
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await dialog.getByLabel('Block name').fill(blur);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText(`Saved block “${blur}” to My blocks`);
  const item = myBlocks.locator(`.palette-block[data-library-block="${blur}"]`);
  await expect(item).toContainText(blur);
  await expect(item).toContainText('a → out');
  const firstKey = await node(page, 'block1').getAttribute('data-block');

  // Dragged onto the canvas, it is a block node of the same content, and it runs once wired.
  await item.dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 330, y: 420 } });
  await expect(node(page, 'block2')).toBeVisible();
  await expect(node(page, 'block2')).toHaveAttribute('data-block', firstKey!);
  await dropFromPalette(page, 'sink.plot', 620, 420);
  await connect(page, handle('function1', 'out', 'source'), handle('block2', 'a', 'target'));
  await connect(page, handle('block2', 'out', 'source'), handle('plot2', 'in', 'target'));
  await expect(node(page, 'block2')).toHaveClass(/status-ok/, { timeout: 15_000 });
  await expect(node(page, 'plot2')).toHaveClass(/status-ok/, { timeout: 15_000 });
  await expect((await nodeMenu(page, 'block1')).getByRole('menuitem', { name: 'Update from library' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Another window inserts the library block, changes σ inside it, and saves it again under its name.
  const other = await context.newPage();
  await openEditor(other);
  await other.getByRole('region', { name: 'My blocks' }).locator(`.palette-block[data-library-block="${blur}"]`).click();
  await expect(node(other, 'block1')).toBeVisible();
  await node(other, 'block1').dblclick();
  await expect(other.getByRole('navigation', { name: 'Block path' })).toBeVisible();
  const sigma = node(other, 'gaussian1').getByLabel('σ', { exact: true });
  await sigma.fill('6');
  await sigma.press('Enter');
  await other.getByRole('navigation', { name: 'Block path' }).getByRole('button').first().click();
  await saveToLibrary(other, 'block1', blur);
  const replace = other.getByRole('dialog', { name: `Replace “${blur}” in My blocks?` });
  await replace.getByRole('button', { name: 'Replace' }).click();
  await expect(other.getByRole('status')).toContainText(`Saved block “${blur}” to My blocks`);
  const newKey = await node(other, 'block1').getAttribute('data-block');
  expect(newKey).not.toBe(firstKey);
  await other.close({ runBeforeUnload: false });

  // Back in the first window, the first instance is offered the newer version: both instances take it.
  await steadyView(page);
  const update = (await nodeMenu(page, 'block1')).getByRole('menuitem', { name: 'Update from library' });
  await expect(update).toBeVisible();
  await update.click();
  await expect(page.getByRole('status')).toContainText(`Updated 2 instances from My blocks “${blur}” (one undo)`);
  await expect(node(page, 'block1')).toHaveAttribute('data-block', newKey!);
  await expect(node(page, 'block2')).toHaveAttribute('data-block', newKey!);
  // Wires stay on ports of the same name, and the graph runs with the new σ.
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await expect(node(page, 'plot1')).toHaveClass(/status-ok/, { timeout: 15_000 });
  await expect(node(page, 'plot2')).toHaveClass(/status-ok/, { timeout: 15_000 });
  await page.screenshot(shot('block-library'));
  await node(page, 'block1').dblclick();
  await expect(node(page, 'gaussian1').getByLabel('σ', { exact: true })).toHaveValue('6');
  await page.getByRole('navigation', { name: 'Block path' }).getByRole('button').first().click();

  // One undo takes both back to the first version.
  await page.keyboard.press('Control+z');
  await expect(node(page, 'block1')).toHaveAttribute('data-block', firstKey!);
  await expect(node(page, 'block2')).toHaveAttribute('data-block', firstKey!);
});

/** The ids of the block nodes the canvas shows. */
function blockIds(page: Page): Promise<(string | null)[]> {
  return page.locator('.cl-node.cl-block').evaluateAll((nodes) => nodes.map((found) => found.getAttribute('data-node-id')));
}

/** Selects `ids` by a click and Shift+clicks, groups them from the node menu, and gives the new block node's id. */
async function groupByMouse(page: Page, ids: readonly string[]): Promise<string> {
  const before = new Set(await blockIds(page));
  await node(page, ids[0]!).locator('.cl-node-title').click();
  for (const id of ids.slice(1)) await node(page, id).locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await (await nodeMenu(page, ids[0]!)).getByRole('menuitem', { name: `Group ${ids.length} nodes as block` }).click();
  const added = async (): Promise<(string | null)[]> => (await blockIds(page)).filter((id) => !before.has(id));
  await expect.poll(added).toHaveLength(1);
  return (await added())[0]!;
}

test('a block of blocks saved to My blocks is inserted in a new graph with the block inside it, runs, and both levels open', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'convolution-theorem.convolab.json');
  await expect(node(page, 'check')).toHaveAttribute('data-verdict', 'pass');
  await steadyView(page);

  // The two FFTs as a block, then that block with the product and the IFFT as an outer block.
  const inner = await groupByMouse(page, ['fftA', 'fftB']);
  const outer = await groupByMouse(page, [inner, 'product', 'back']);
  await expect(page.locator('.cl-node.cl-block')).toHaveCount(1);
  await expect(node(page, 'check')).toHaveAttribute('data-verdict', 'pass');

  // Saved under a name of its own (which retitles it): no refusal, the palette lists it. The
  // library outlives the page, so a retry or a repeat saves under a name of its own.
  const name = `FFT route${attempt()}`;
  await saveToLibrary(page, outer, name);
  await expect(page.getByRole('status')).toContainText(`Saved block “${name}” to My blocks`);
  const item = page.getByRole('region', { name: 'My blocks' }).locator(`.palette-block[data-library-block="${name}"]`);
  await expect(item).toContainText(name);
  const key = await node(page, outer).getAttribute('data-block');

  // A new graph, then the library block dragged onto its canvas: the same block, whole tree.
  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: /^New/ }).click();
  await page.getByRole('dialog', { name: 'Unsaved changes' }).getByRole('button', { name: "Don't Save" }).click();
  await expect(page.locator('.cl-node')).toHaveCount(0);
  await item.dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 400, y: 300 } });
  await expect(node(page, 'block1')).toBeVisible();
  await expect(node(page, 'block1')).toHaveAttribute('data-block', key!);
  await expect(node(page, 'block1').locator('.cl-node-title')).toContainText(name);
  // Wired to two sequences and a plot, it runs in the new graph: the IFFT's output plotted.
  await dropFromPalette(page, 'source.sequence', 40, 120);
  await dropFromPalette(page, 'source.sequence', 40, 420);
  await dropFromPalette(page, 'sink.plot', 720, 260);
  await connect(page, handle('sequence1', 'out', 'source'), handle('block1', 'in', 'target'));
  await connect(page, handle('sequence2', 'out', 'source'), handle('block1', 'in2', 'target'));
  await connect(page, handle('block1', 'out2', 'source'), handle('plot1', 'in', 'target'));
  await expect(node(page, 'block1')).toHaveClass(/status-ok/, { timeout: 15_000 });
  await expect(node(page, 'plot1')).toHaveClass(/status-ok/, { timeout: 15_000 });

  // Open the outer block: the product, the IFFT and the block inside; then that one: the two FFTs.
  await node(page, 'block1').locator('.cl-node-title').dblclick();
  const crumbs = page.getByRole('navigation', { name: 'Block path' });
  await expect(crumbs).toContainText(name);
  await expect(node(page, 'product')).toBeVisible();
  await expect(node(page, 'back')).toBeVisible();
  await expect(node(page, inner)).toBeVisible();
  // Framing the inside moves the view for a moment: double-click where the block has come to rest.
  await steadyView(page);
  await node(page, inner).locator('.cl-node-title').dblclick();
  await expect(crumbs).toHaveText(new RegExp(`Graph\\s*›\\s*▣ ${name}\\s*›\\s*▣ FFT ×2`));
  await expect(node(page, 'fftA')).toBeVisible();
  await expect(node(page, 'fftB')).toBeVisible();
  await expect(node(page, 'fftA')).toHaveClass(/status-ok/);
  await expect(node(page, 'product')).toHaveCount(0);
  await steadyView(page);
  await page.screenshot(shot('block-library-nested'));

  await crumbs.getByRole('button').first().click();
  await expect(crumbs).toBeHidden();
  await expect(node(page, 'plot1')).toBeVisible();
});
