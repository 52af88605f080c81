/**
 * Blocks inside blocks (issue 19 §1), played by mouse: the convolution theorem's two FFTs grouped
 * as a block, that block grouped with the product and the IFFT as an outer block; both levels
 * opened by double-clicks (breadcrumb Graph › FFT route › Two FFTs), an FFT's n changed inside
 * the inner block and its preview changing, one undo taking it back, Escape going out one level
 * at a time. The check behind the blocks passes throughout.
 */
import type { Page } from '@playwright/test';
import { expect, node, openEditor, openExample, shot, steadyView, test } from './fixtures';

async function expectPass(page: Page): Promise<void> {
  await expect(node(page, 'check')).toHaveAttribute('data-verdict', 'pass');
}

function inspectorField(page: Page, label: string) {
  return page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: label, exact: true });
}

/** Sets a text field of the inspector by typing, as a user does (Enter commits it). */
async function typeInto(page: Page, label: string, value: string): Promise<void> {
  const field = inspectorField(page, label);
  await field.fill(value);
  await field.press('Enter');
}

/** Selects `ids` by a click and Shift+clicks, then groups them from the node menu. */
async function groupByMouse(page: Page, ids: readonly string[]): Promise<void> {
  await node(page, ids[0]!).locator('.cl-node-title').click();
  for (const id of ids.slice(1)) await node(page, id).locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await node(page, ids[0]!).locator('.cl-node-title').click({ button: 'right' });
  await page.getByRole('menuitem', { name: `Group ${ids.length} nodes as block` }).click();
}

test('group a block with other nodes, open both levels, change a param inside, undo, leave by Escape', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'convolution-theorem.convolab.json');
  await expectPass(page);
  await steadyView(page);

  // The two FFTs as a block, labelled as a user would.
  await groupByMouse(page, ['fftA', 'fftB']);
  const blocks = page.locator('.cl-node.cl-block');
  await expect(blocks).toHaveCount(1);
  const inner = (await blocks.first().getAttribute('data-node-id'))!;
  await typeInto(page, 'Label', 'Two FFTs');
  await expectPass(page);

  // That block with the product and the IFFT as an outer block: a block of blocks.
  await groupByMouse(page, [inner, 'product', 'back']);
  await expect(blocks).toHaveCount(1);
  const outer = (await blocks.first().getAttribute('data-node-id'))!;
  expect(outer).not.toBe(inner);
  await typeInto(page, 'Label', 'FFT route');
  await expectPass(page);
  await expect(blocks.first().locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');

  // Open the outer block, then the block inside it.
  await node(page, outer).locator('.cl-node-title').dblclick();
  const crumbs = page.getByRole('navigation', { name: 'Block path' });
  await expect(crumbs).toContainText('FFT route');
  await expect(node(page, 'product')).toBeVisible();
  await expect(node(page, inner)).toBeVisible();
  await expect(node(page, inner).locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');
  // Framing the inside moves the view for a moment: double-click where the block has come to rest.
  await steadyView(page);
  await node(page, inner).locator('.cl-node-title').dblclick();
  await expect(crumbs).toHaveText(/Graph\s*›\s*▣ FFT route\s*›\s*▣ Two FFTs/);
  await expect(node(page, 'fftA')).toBeVisible();
  await expect(node(page, 'product')).toHaveCount(0);
  await expect(node(page, 'fftA').locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');
  await steadyView(page);
  await page.screenshot(shot('blocks-nested-inside'));

  // Change n of the first FFT inside the inner block: its preview changes.
  const preview = node(page, 'fftA').locator('.cl-node-preview');
  const before = await preview.screenshot();
  await node(page, 'fftA').locator('.cl-node-title').click();
  await expect(inspectorField(page, 'n')).toHaveValue('16');
  await typeInto(page, 'n', '32');
  await expect.poll(async () => Buffer.compare(before, await preview.screenshot()) !== 0, { timeout: 10_000 }).toBe(true);

  // One undo takes the edit back: n is 16 again, inside the block still open.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await node(page, 'fftA').locator('.cl-node-title').click();
  await expect(inspectorField(page, 'n')).toHaveValue('16');
  await expect(crumbs).toContainText('Two FFTs');

  // Escape (nothing selected) goes out one level at a time.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await expect(crumbs).not.toContainText('Two FFTs');
  await expect(crumbs).toContainText('FFT route');
  await expect(node(page, 'product')).toBeVisible();
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await expect(crumbs).toBeHidden();
  await expect(node(page, 'a')).toBeVisible();
  await expectPass(page);
});
