/**
 * The user's block library by mouse (issue 19 §1): group nodes, Save to library, the palette's My
 * blocks lists it, a drag puts it on the canvas where it runs; another window changes the library
 * block (an edit inside, saved again under the same name), and Update from library brings the
 * first window's instances to that version as one undo.
 */
import { expect, test, type Page } from '@playwright/test';
import { buildBlurGraph, connect, dropFromPalette, handle, node, openEditor, selectNode, shot, steadyView } from './fixtures';

/** Opens block node `id`'s menu with a right click on its title bar. */
async function nodeMenu(page: Page, id: string) {
  await node(page, id).locator('.cl-node-title').click({ button: 'right' });
  return page.getByRole('menu', { name: `Node ${id}` });
}

async function saveToLibrary(page: Page, id: string, name: string): Promise<void> {
  await (await nodeMenu(page, id)).getByRole('menuitem', { name: 'Save to library…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save block to library' });
  await dialog.getByLabel('Block name').fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

test('a grouped block saved to the library is inserted from the palette, runs, and an older instance updates to a newer library version', async ({ context }) => {
  const page = await context.newPage();
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
  await expect(myBlocks.locator('.palette-block')).toHaveCount(0);

  // The menu prefills the block's title; a name of its own retitles the block too.
  await (await nodeMenu(page, 'block1')).getByRole('menuitem', { name: 'Save to library…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save block to library' });
  await expect(dialog.getByLabel('Block name')).toHaveValue('Block');
  await dialog.getByLabel('Block name').fill('a/b');
  await expect(dialog.getByRole('alert')).toContainText('plain file name');
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await dialog.getByLabel('Block name').fill('Gaussian blur');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Saved block “Gaussian blur” to My blocks');
  const item = myBlocks.locator('.palette-block[data-library-block="Gaussian blur"]');
  await expect(item).toContainText('Gaussian blur');
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
  await other.getByRole('region', { name: 'My blocks' }).locator('.palette-block[data-library-block="Gaussian blur"]').click();
  await expect(node(other, 'block1')).toBeVisible();
  await node(other, 'block1').dblclick();
  await expect(other.getByRole('navigation', { name: 'Block path' })).toBeVisible();
  const sigma = node(other, 'gaussian1').getByLabel('σ', { exact: true });
  await sigma.fill('6');
  await sigma.press('Enter');
  await other.getByRole('navigation', { name: 'Block path' }).getByRole('button').first().click();
  await saveToLibrary(other, 'block1', 'Gaussian blur');
  const replace = other.getByRole('dialog', { name: 'Replace “Gaussian blur” in My blocks?' });
  await replace.getByRole('button', { name: 'Replace' }).click();
  await expect(other.getByRole('status')).toContainText('Saved block “Gaussian blur” to My blocks');
  const newKey = await node(other, 'block1').getAttribute('data-block');
  expect(newKey).not.toBe(firstKey);
  await other.close({ runBeforeUnload: false });

  // Back in the first window, the first instance is offered the newer version: both instances take it.
  await steadyView(page);
  const update = (await nodeMenu(page, 'block1')).getByRole('menuitem', { name: 'Update from library' });
  await expect(update).toBeVisible();
  await update.click();
  await expect(page.getByRole('status')).toContainText('Updated 2 instances from My blocks “Gaussian blur” (one undo)');
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
