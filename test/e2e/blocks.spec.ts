/**
 * Blocks (issue 19 §1), played by mouse and keys: the convolution theorem's FFT route grouped
 * as one block node, the graph still running (PASS stays); opened in place, an inner param
 * changed and its preview changing; back out by the breadcrumb; two params promoted as one `n`
 * set on the block's face; one undo; Ungroup.
 */
import type { Page } from '@playwright/test';
import { scaleGraph } from '../../bench/scale-graph';
import { shareLink } from '../../src-shared/io/share-link';
import { E2E_TOKEN, expect, expectInCanvas, node, openEditor, openExample, selectNode, shot, steadyView, test } from './fixtures';

const ROUTE = ['fftA', 'fftB', 'product', 'back'];

async function expectPass(page: Page): Promise<void> {
  await expect(node(page, 'check')).toHaveAttribute('data-verdict', 'pass');
}

/** Sets a number field of the inspector by typing, as a user does (Enter commits it). */
async function typeInto(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: label, exact: true });
  await field.fill(value);
  await field.press('Enter');
}

test('group the FFT route as a block, open it, change and promote a param, undo, ungroup', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'convolution-theorem.convolab.json');
  await expectPass(page);
  await steadyView(page);

  // Select the route by mouse: a click, then Shift+clicks.
  await node(page, 'fftA').locator('.cl-node-title').click();
  for (const id of ROUTE.slice(1)) await node(page, id).locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await node(page, 'product').locator('.cl-node-title').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Group 4 nodes as block' }).click();

  const block = page.locator('.cl-node.cl-block');
  await expect(block).toHaveCount(1);
  for (const id of ROUTE) await expect(node(page, id)).toHaveCount(0);
  // It lands at a free spot near the route's centre, on none of the nodes left outside.
  await expectPass(page);
  const overlapping = await page.evaluate(() => {
    const nodes = [...document.querySelectorAll('.react-flow__node')];
    const blockNode = nodes.find((element) => element.querySelector('.cl-block'))!;
    const mine = blockNode.getBoundingClientRect();
    return nodes
      .filter((element) => element !== blockNode && !element.classList.contains('react-flow__node-frame'))
      .filter((element) => {
        const other = element.getBoundingClientRect();
        return mine.left < other.right && other.left < mine.right && mine.top < other.bottom && other.top < mine.bottom;
      })
      .map((element) => element.getAttribute('data-id'));
  });
  expect(overlapping).toEqual([]);
  await expect(block.locator('.react-flow__handle.target')).toHaveCount(2);
  await expect(block.locator('.react-flow__handle.source')).toHaveCount(2);
  // The graph still runs: the check behind the block still passes, the block ran its inner nodes.
  await expectPass(page);
  await expect(block.locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');
  const blockId = await block.getAttribute('data-node-id');
  expect(blockId).toBeTruthy();
  // Selected, the block shows in the dock the value behind its first output (the product's spectrum).
  await expect(page.locator('.large-preview')).toHaveAttribute('data-node-id', `${blockId}/product`);
  await expect(page.locator('.large-preview canvas, .large-preview svg').first()).toBeVisible();

  // Named in the inspector, as the user would call it; its first input renamed, then moved down.
  await typeInto(page, 'Label', 'FFT convolution');
  await typeInto(page, 'Name of input port 1', 'signal');
  await expect(block.locator('.react-flow__handle.target[data-handleid="signal"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Move signal down' }).click();
  await expect(block.locator('.cl-node-inputs .cl-port')).toHaveText(['in2', 'signal']);
  await expectPass(page);
  await expect(block.locator('.cl-node-title')).toContainText('FFT convolution');
  await steadyView(page);
  await page.screenshot(shot('blocks-outside'));

  // Double-click opens it in place: the inner nodes with their previews, the breadcrumb on top.
  await block.locator('.cl-node-title').dblclick();
  const crumbs = page.getByRole('navigation', { name: 'Block path' });
  await expect(crumbs).toContainText('Graph');
  await expect(crumbs).toContainText('FFT convolution');
  for (const id of ROUTE) await expect(node(page, id)).toBeVisible();
  await expect(node(page, 'a')).toHaveCount(0);
  await expect(node(page, 'fftA').locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');
  await expect(node(page, 'fftA').locator('.cl-port-end')).toHaveText('⇠ signal');
  await steadyView(page);
  await page.screenshot(shot('blocks-inside'));

  // Change n of the first FFT inside: its preview is of 32 bins now.
  const preview = node(page, 'fftA').locator('.cl-node-preview');
  const before = await preview.screenshot();
  await node(page, 'fftA').locator('.cl-node-title').click();
  await typeInto(page, 'n', '32');
  await expect.poll(async () => Buffer.compare(before, await preview.screenshot()) !== 0, { timeout: 10_000 }).toBe(true);
  // And promote n of both FFTs to the face as one param.
  await page.getByRole('button', { name: 'Promote n to block' }).click();
  await node(page, 'fftB').locator('.cl-node-title').click();
  await typeInto(page, 'n', '32');
  await page.getByRole('button', { name: 'Promote n to block (joins n)' }).click();

  // Back out by the breadcrumb: the graph as it was, the check passing with n = 32 on both.
  await crumbs.getByRole('button', { name: 'Graph' }).click();
  await expect(crumbs).toBeHidden();
  await expect(node(page, 'a')).toBeVisible();
  await expectPass(page);

  // Set n on the face: 64 for both FFTs at once; the check still passes.
  const face = block.getByRole('textbox', { name: 'n' });
  await expect(face).toHaveValue('32');
  await face.fill('64');
  await face.press('Enter');
  await expect(face).toHaveValue('64');
  await expectPass(page);

  // One undo takes the face's value back (the inner 32 shows again).
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(face).toHaveValue('32');

  // Ungroup (Ctrl+Shift+G on the selected block): the route is back, with n = 32, and passes.
  await block.locator('.cl-node-title').click();
  await page.keyboard.press('Control+Shift+G');
  await expect(page.locator('.cl-node.cl-block')).toHaveCount(0);
  for (const id of ROUTE) await expect(node(page, id)).toBeVisible();
  await expectPass(page);
  // Ungroup selected the restored nodes: a click on the canvas clears that, then one is inspected.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await node(page, 'fftB').locator('.cl-node-title').click();
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: 'n', exact: true })).toHaveValue('32');
});

test('inside a block, a param set on its face is edited there: the inner field changes what runs', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'fft-convolution-block.convolab.json');
  await expectPass(page);
  await steadyView(page);
  // The example's block has n = 16 on its face, bound to both FFTs inside.
  await node(page, 'fftConvolution').locator('.cl-node-title').dblclick();
  await expect(node(page, 'fftA')).toBeVisible();
  // The opened block is framed as its previews come: click until the node is selected (a click
  // during the move can land where it was a frame before, and the inspector then shows nothing).
  await selectNode(page, 'fftA');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const n = inspector.getByRole('textbox', { name: "n (block's face)", exact: true });
  // It shows the value that runs (the face's), not the inner node's own.
  await expect(n).toHaveValue('16');
  await n.fill('32');
  await n.press('Enter');
  // Both FFTs run with it, as when it is set on the block's face outside.
  await expect(node(page, 'fftA').locator('.cl-node-preview')).toContainText('n=32');
  await expect(node(page, 'fftB').locator('.cl-node-preview')).toContainText('n=32');
  await page.screenshot(shot('block-face-param-inside'));
  // Outside, the block's face says 32 too.
  await page.getByRole('button', { name: 'Graph', exact: true }).click();
  await expect(node(page, 'fftConvolution').getByRole('textbox', { name: 'n', exact: true })).toHaveValue('32');
});

test('inside a block, Escape on a clicked node first clears the selection, then leaves; never selects it again', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'two-dice.convolab.json');
  await steadyView(page);
  await node(page, 'dieA').locator('.cl-node-title').click();
  await node(page, 'sum').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+g');
  await page.locator('.cl-node.cl-block .cl-node-title').dblclick();
  const path = page.getByRole('navigation', { name: 'Block path' });
  await expect(path).toBeVisible();

  // A click selects the node and focuses it (React Flow's node wrapper takes the focus).
  await node(page, 'sum').locator('.cl-node-title').click();
  await expect(node(page, 'sum')).toHaveClass(/\bselected\b/);
  await expect(page.locator('.react-flow__node[data-id="sum"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('.cl-node.selected')).toHaveCount(0);
  await expect(path).toBeVisible();

  // Copy and paste with the focus still on that node: the pasted copy is selected, the focused
  // original is not. Escape clears the selection (not selecting the focused node in its stead) …
  await node(page, 'sum').locator('.cl-node-title').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'sum1')).toHaveClass(/\bselected\b/);
  await page.keyboard.press('Escape');
  await expect(page.locator('.cl-node.selected')).toHaveCount(0);
  await expect(path).toBeVisible();
  await page.screenshot(shot('blocks-escape-cleared'));
  // … and the next Escape goes out of the block.
  await page.keyboard.press('Escape');
  await expect(path).toBeHidden();
  await expect(page.locator('.cl-node.cl-block')).toHaveCount(1);
});

test('grouping a selection larger than the view brings the new block into sight', async ({ page }) => {
  await openEditor(page);
  const link = shareLink(scaleGraph());
  if (!link.ok) throw new Error(link.error);
  await page.goto(`/?token=${E2E_TOKEN}${link.value}`);
  await expect(page.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'done', { timeout: 60_000 });
  await steadyView(page);
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+g');
  await expect(page.locator('.status-bar')).toContainText('1 node');
  // The 300 nodes' centre lies far below the view the graph opened at: the block is shown there.
  const block = page.locator('.cl-node.cl-block');
  await expect(block).toBeVisible();
  await expectInCanvas(page, block);
  await page.screenshot(shot('blocks-group-large-selection'));
});
