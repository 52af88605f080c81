/**
 * Building and editing a graph the way a user does: palette drag and drop, wiring, sliders,
 * refused wires, undo/redo, selection, box select, duplicate, delete, quick add, frames.
 */
import type { Locator, Page } from '@playwright/test';
import { buildBlurGraph, connect, dropFromPalette, expect, handle, node, openEditor, selectNode, shot, test } from './fixtures';

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

/** The attribute once it has held still for a few looks (bounded): the last of a burst of runs. */
async function steadyAttribute(locator: Locator, name: string): Promise<string> {
  let last = await locator.getAttribute(name);
  for (let still = 0, i = 0; still < 3 && i < 60; i++) {
    await locator.page().waitForTimeout(150);
    const now = await locator.getAttribute(name);
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last ?? '';
}

/** Drags a wire out of the port `from` and lets go over empty canvas, about 320 px right of it (quick add opens). */
async function dropWireOnCanvas(page: Page, from: string): Promise<void> {
  const box = (await page.locator(from).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 200, box.y + 40, { steps: 5 });
  await page.mouse.move(box.x + 320, box.y + 60, { steps: 5 });
  await page.mouse.up();
}

test('drag from the palette, wire, drag a slider: the plot follows, and one undo takes back the whole drag', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraph(page);
  const trace = node(page, 'plot1').locator('[data-preview="signal"] path.trace');
  await expect(trace).toHaveAttribute('d', /^M/);
  await expect(node(page, 'plot1')).toContainText('n=413'); // 401 samples * 13 taps, full: 401 + 13 - 1
  // The inspector names Convolve's second input as the node shows it, its id beside it.
  await selectNode(page, 'convolve1');
  await expect(inspector(page).locator('.inspector-ports li')).toHaveText(['in a: signal', 'in kernel b: signal', 'out out: signal']);
  await page.screenshot(shot('editor-inspector-ports'));
  const before = (await trace.getAttribute('d'))!;

  // Drag σ's slider on the node from 2 towards 12 in many small steps: one gesture.
  const sigma = node(page, 'gaussian1').locator('input.param-number-text');
  const slider = node(page, 'gaussian1').locator('input[type="range"]');
  const box = (await slider.boundingBox())!;
  // σ's track goes by decades between the ends its definition declares.
  const min = Number(await slider.getAttribute('data-min'));
  const max = Number(await slider.getAttribute('data-max'));
  const at = (value: number): number => box.x + 7 + (Math.log(value / min) / Math.log(max / min)) * (box.width - 14);
  await page.mouse.move(at(2), box.y + box.height / 2);
  await page.mouse.down();
  for (let v = 3; v <= 12; v++) await page.mouse.move(at(v), box.y + box.height / 2, { steps: 2 });
  await page.mouse.up();
  // The value follows the pointer (the slider's span holds still while it is dragged).
  const moved = Number(await sigma.inputValue());
  expect(moved).toBeGreaterThan(10);
  expect(moved).toBeLessThan(14);
  // A wider kernel gives a longer output and a different curve.
  await expect(node(page, 'plot1')).not.toContainText('n=413');
  await expect(trace).not.toHaveAttribute('d', before);
  // The first new curve may be from a σ passed on the way; the drag's own is the one that stays.
  const after = await steadyAttribute(trace, 'd');
  await page.screenshot(shot('editor-slider-moved'));

  // One Ctrl+Z undoes the whole drag (not one pixel of it), and the preview comes back.
  await page.keyboard.press('Control+z');
  await expect(sigma).toHaveValue('2');
  await expect(trace).toHaveAttribute('d', before);
  await page.keyboard.press('Control+Shift+z');
  await expect(sigma).toHaveValue(String(moved));
  await expect(trace).toHaveAttribute('d', after);
  // Every node that ran shows its time on the canvas.
  for (const id of ['function1', 'gaussian1', 'convolve1', 'plot1']) {
    await expect(node(page, id).locator('.cl-node-ms')).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
  }
});

test('a wire of the wrong type, a second wire into a taken input and a cycle are refused, each with its reason', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.sequence', 30, 20);
  await dropFromPalette(page, 'op.add', 300, 20);
  await dropFromPalette(page, 'op.scale', 570, 20);
  await dropFromPalette(page, 'sink.value', 570, 280);
  await connect(page, handle('sequence1', 'out', 'source'), handle('add1', 'a', 'target'));
  await connect(page, handle('add1', 'out', 'source'), handle('scale1', 'in', 'target'));
  const edges = page.locator('.react-flow__edge');
  await expect(edges).toHaveCount(2);
  const hint = page.locator('.connection-hint');

  // While the wire is held over the input, the reason shows beside it.
  await connect(page, handle('scale1', 'out', 'source'), handle('value1', 'in', 'target'), { release: false });
  await expect(hint).toHaveClass(/refused/);
  await expect(hint).toHaveText('value1.in takes a value, but scale1.out gives a signal: for a signal use Statistics (op.stats)');
  await page.screenshot(shot('editor-refused-type'));
  await page.mouse.up();
  await expect(edges).toHaveCount(2);
  await expect(page.locator('.status-bar .notice')).toContainText('Not connected: value1.in takes a value, but scale1.out gives a signal: for a signal use Statistics (op.stats)');

  await connect(page, handle('scale1', 'out', 'source'), handle('add1', 'b', 'target'), { release: false });
  await expect(hint).toHaveText('that would make a cycle: scale1 -> add1 -> scale1');
  await page.mouse.up();
  await expect(edges).toHaveCount(2);

  await connect(page, handle('sequence1', 'out', 'source'), handle('scale1', 'in', 'target'), { release: false });
  await expect(hint).toContainText('scale1.in already takes add1.out: an input takes one wire');
  await page.mouse.up();
  await expect(edges).toHaveCount(2);

  // A wire that fits is offered as such, and connects.
  await connect(page, handle('sequence1', 'out', 'source'), handle('add1', 'b', 'target'), { release: false });
  await expect(hint).toHaveClass(/ok/);
  await page.mouse.up();
  await expect(edges).toHaveCount(3);
  await expect(node(page, 'scale1')).toContainText('n=3 · [2, 6]');
});

test('select, shift-click, box select, duplicate, select all, delete and move are each one undoable step', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.sequence', 30, 20);
  await dropFromPalette(page, 'op.scale', 300, 20);
  await dropFromPalette(page, 'sink.plot', 570, 20);
  await connect(page, handle('sequence1', 'out', 'source'), handle('scale1', 'in', 'target'));
  await connect(page, handle('scale1', 'out', 'source'), handle('plot1', 'in', 'target'));
  const nodes = page.locator('.cl-node');
  const edges = page.locator('.react-flow__edge');
  const selected = page.locator('.cl-node.selected');
  await expect(node(page, 'plot1').locator('path.trace')).toHaveAttribute('d', /^M/);

  // Click, then Shift+click: two selected, and the inspector says so.
  await selectNode(page, 'sequence1');
  await node(page, 'scale1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await expect(selected).toHaveCount(2);
  await expect(inspector(page)).toContainText('2 nodes selected');
  await page.keyboard.press('Delete');
  await expect(nodes).toHaveCount(1);
  await expect(edges).toHaveCount(0);
  await expect(node(page, 'plot1').locator('[data-status="waiting"]')).toBeVisible();
  // One undo brings both nodes and both wires back, and the plot draws again.
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(3);
  await expect(edges).toHaveCount(2);
  await expect(node(page, 'plot1').locator('[data-status="ok"]')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(nodes).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(3);
  // The nodes grow as their previews come back: measure them once the run that brings those is done
  // (a box measured around the smaller nodes leaves them partly outside, and selects neither).
  await expect(node(page, 'plot1').locator('[data-status="ok"]')).toBeVisible();
  await expect(page.locator('.cl-node [data-status="ok"]')).toHaveCount(3);

  // Shift+drag a box around the first two nodes.
  await page.locator('.react-flow__pane').click({ position: { x: 850, y: 400 } });
  await expect(selected).toHaveCount(0);
  const a = (await node(page, 'sequence1').boundingBox())!;
  const b = (await node(page, 'scale1').boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(a.x - 12, a.y - 12);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width + 12, Math.max(a.y + a.height, b.y + b.height) + 12, { steps: 4 });
  await page.screenshot(shot('editor-box-select'));
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(selected).toHaveCount(2);
  await expect(node(page, 'plot1')).not.toHaveClass(/selected/);

  // Ctrl+D copies the two with the wire between them; the copies are selected and run.
  await page.keyboard.press('Control+d');
  await expect(nodes).toHaveCount(5);
  await expect(edges).toHaveCount(3);
  await expect(node(page, 'sequence2')).toHaveClass(/selected/);
  await expect(node(page, 'scale2')).toHaveClass(/selected/);
  await expect(node(page, 'scale2').locator('[data-status="ok"]')).toBeVisible();
  await page.screenshot(shot('editor-duplicated'));

  // A drag of a node is one step: undo puts it back where it was (measured against a node that
  // stayed, since the view may pan while a node is dragged near its edge).
  await page.locator('.react-flow__pane').click({ position: { x: 850, y: 400 } });
  const title = node(page, 'plot1').locator('.cl-node-title');
  const offset = async (): Promise<number> =>
    Math.round((await title.boundingBox())!.y - (await node(page, 'sequence1').locator('.cl-node-title').boundingBox())!.y);
  const before = await offset();
  const start = (await title.boundingBox())!;
  await page.mouse.move(start.x + 40, start.y + 10);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(start.x + 40, start.y + 10 + i * 20);
  await page.mouse.up();
  await expect.poll(offset).toBeGreaterThan(before + 150);
  await page.keyboard.press('Control+z');
  await expect.poll(offset).toBe(before);
  await expect(nodes).toHaveCount(5);

  // Ctrl+A then Delete empties the canvas; undo restores all five.
  await page.keyboard.press('Control+a');
  await expect(selected).toHaveCount(5);
  await page.keyboard.press('Delete');
  await expect(nodes).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(5);
  await expect(edges).toHaveCount(3);
});

test('quick add: double-click the canvas, Tab, or drop a wire on empty canvas to add a node already wired', async ({ page }) => {
  await openEditor(page);
  const pane = page.locator('.react-flow__pane');
  await pane.dblclick({ position: { x: 80, y: 60 } });
  const search = page.getByRole('dialog', { name: 'Add a node' }).getByRole('textbox');
  await expect(search).toBeFocused();
  await search.fill('sequence');
  await page.keyboard.press('Enter');
  await expect(node(page, 'sequence1')).toBeVisible();
  // It went where the user double-clicked.
  const paneBox = (await pane.boundingBox())!;
  const placed = (await node(page, 'sequence1').boundingBox())!;
  expect(Math.abs(placed.x - (paneBox.x + 80))).toBeLessThan(4);
  expect(Math.abs(placed.y - (paneBox.y + 60))).toBeLessThan(4);

  // A wire dropped on empty canvas offers the nodes that can take it, and wires the one picked.
  await dropWireOnCanvas(page, handle('sequence1', 'out', 'source'));
  await expect(search).toBeFocused();
  await search.fill('plot');
  // Only nodes that take a signal are offered: the spectrum plot is not.
  const options = page.getByRole('dialog', { name: 'Add a node' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options).toContainText('Plot');
  await page.screenshot(shot('editor-quick-add'));
  await page.keyboard.press('Enter');
  await expect(node(page, 'plot1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(node(page, 'plot1').locator('path.stems')).toHaveAttribute('d', /M.*V.*M.*V.*M.*V/);

  // Tab with the pointer away from the canvas adds at a free spot, clear of the other nodes.
  await page.getByRole('complementary', { name: 'Inspector' }).hover();
  await page.keyboard.press('Tab');
  await search.fill('scale');
  await page.keyboard.press('Enter');
  await expect(node(page, 'scale1')).toBeVisible();
  const boxes = await Promise.all(['sequence1', 'plot1', 'scale1'].map(async (id) => (await node(page, id).boundingBox())!));
  const [s, p, c] = boxes as [typeof placed, typeof placed, typeof placed];
  for (const other of [s, p]) {
    const apart = c.x >= other.x + other.width || other.x >= c.x + c.width || c.y >= other.y + other.height || other.y >= c.y + c.height;
    expect(apart).toBe(true);
  }
});

test('a node quick-added from a wire is one undo with its wire, and one added with the pointer on a node lands clear of it', async ({ page }) => {
  await openEditor(page);
  const pane = page.locator('.react-flow__pane');
  await pane.dblclick({ position: { x: 80, y: 60 } });
  const search = page.getByRole('dialog', { name: 'Add a node' }).getByRole('textbox');
  await search.fill('sequence');
  await page.keyboard.press('Enter');
  await expect(node(page, 'sequence1')).toBeVisible();
  await dropWireOnCanvas(page, handle('sequence1', 'out', 'source'));
  await search.fill('plot');
  await page.keyboard.press('Enter');
  await expect(node(page, 'plot1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  // One undo takes the node and its wire away together, one redo brings both back.
  await pane.click({ position: { x: 600, y: 400 } });
  await page.keyboard.press('Control+z');
  await expect(node(page, 'plot1')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await expect(node(page, 'sequence1')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'plot1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // Tab with the pointer on sequence1's body: the new node goes beside it, not over it.
  const sequence = (await node(page, 'sequence1').boundingBox())!;
  await page.mouse.move(sequence.x + sequence.width / 2, sequence.y + sequence.height / 2);
  await pane.focus();
  await page.keyboard.press('Tab');
  await search.fill('scale');
  await page.keyboard.press('Enter');
  await expect(node(page, 'scale1')).toBeVisible();
  const added = (await node(page, 'scale1').boundingBox())!;
  const apart = added.x >= sequence.x + sequence.width || sequence.x >= added.x + added.width || added.y >= sequence.y + sequence.height || sequence.y >= added.y + added.height;
  expect(apart).toBe(true);
  await page.screenshot(shot('editor-quick-add-clear'));
});

test('Tab on a button or a slider moves focus on, as on any page; on the canvas it opens quick add', async ({ page }) => {
  await openEditor(page);
  const quickAdd = page.getByRole('dialog', { name: 'Add a node' });
  // A keyboard user walks the title bar: Tab leaves the File menu for the next button.
  const banner = page.getByRole('banner');
  await banner.getByRole('button', { name: 'File menu' }).focus();
  await page.keyboard.press('Tab');
  await expect(quickAdd).toBeHidden();
  await expect(banner.getByRole('button', { name: 'Examples' })).toBeFocused();

  // In the inspector, Tab goes from a param's slider to its number.
  await dropFromPalette(page, 'kernel.gaussian', 60, 60);
  await selectNode(page, 'gaussian1');
  await inspector(page).getByRole('slider', { name: 'σ slider' }).focus();
  await page.keyboard.press('Tab');
  await expect(quickAdd).toBeHidden();
  await expect(inspector(page).getByRole('textbox', { name: 'σ' })).toBeFocused();

  // With the canvas clicked, Tab still opens quick add.
  await page.locator('.react-flow__pane').click({ position: { x: 500, y: 300 } });
  await page.keyboard.press('Tab');
  await expect(quickAdd).toBeVisible();
  await expect(quickAdd.getByRole('textbox')).toBeFocused();

  // Escape gives the focus back to the canvas; from there Shift+Tab moves focus back to a control
  // (here the σ field of the node before), as on any page, and on from there: Tab would only open
  // quick add again, and without this the keyboard could not get out of the canvas.
  await page.keyboard.press('Escape');
  await expect(quickAdd).toBeHidden();
  await page.keyboard.press('Shift+Tab');
  await expect(quickAdd).toBeHidden();
  expect(await page.evaluate(() => document.activeElement?.matches('input, button, select, textarea, [role="slider"]'))).toBe(true);
});

test('with a dialog open and focus on nothing, the canvas keys do nothing behind it', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.dice', 60, 60);
  await selectNode(page, 'dice1');
  await page.getByRole('banner').getByRole('button', { name: 'Examples' }).click();
  const gallery = page.getByRole('dialog', { name: 'Examples' });
  await expect(gallery).toBeVisible();
  // Focus lost inside the dialog (its focused element went away): keys reach the page itself.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Delete');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+a');
  await expect(page.getByRole('dialog', { name: 'Add a node' })).toBeHidden();
  await expect(page.locator('.cl-node[data-node-id="dice1"]')).toHaveCount(1);
  await expect(gallery).toBeVisible();
});

test('the status bar counts the nodes in words: 0 nodes, 1 node, 2 nodes', async ({ page }) => {
  await openEditor(page);
  const count = page.locator('.status-bar').getByText(/^\d+ nodes?$/);
  await expect(count).toHaveText('0 nodes');
  await dropFromPalette(page, 'source.dice', 60, 60);
  await expect(count).toHaveText('1 node');
  await dropFromPalette(page, 'source.dice', 60, 300);
  await expect(count).toHaveText('2 nodes');
});

test('in a narrow window the canvas toolbar keeps each button on one line, wrapping the row instead', async ({ page }) => {
  await openEditor(page);
  // A 1024-pixel window leaves the canvas about 520 pixels between the palette and the inspector.
  await page.setViewportSize({ width: 900, height: 640 });
  const toolbar = page.getByRole('toolbar', { name: 'Canvas' });
  const fit = (await toolbar.getByRole('button', { name: 'Fit' }).boundingBox())!;
  for (const name of ['Undo', 'Redo', '+ Node', 'Frame', 'Tidy up', /^Align/]) {
    const box = (await toolbar.getByRole('button', { name }).first().boundingBox())!;
    // One line of text: as tall as Fit, whose one word never wraps.
    expect(box.height, String(name)).toBeLessThanOrEqual(fit.height + 1);
  }
  await toolbar.screenshot(shot('editor-toolbar-narrow'));
});

test('a frame groups the selected nodes behind them, takes a label, and undo removes it', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.dice', 60, 60);
  await dropFromPalette(page, 'source.dice', 60, 300);
  // A node grows when its first preview arrives: the frame is drawn around the dice as they will stay.
  for (const id of ['dice1', 'dice2']) await expect(node(page, id).locator('[data-preview="signal"]')).toBeVisible();
  await page.keyboard.press('Control+a');
  await page.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Frame' }).click();
  const frame = page.locator('.cl-frame');
  await expect(frame).toHaveCount(1);
  // The frame encloses both dice.
  const f = (await frame.boundingBox())!;
  for (const id of ['dice1', 'dice2']) {
    const n = (await node(page, id).boundingBox())!;
    expect(n.x).toBeGreaterThan(f.x);
    expect(n.y).toBeGreaterThan(f.y);
    expect(n.x + n.width).toBeLessThan(f.x + f.width);
    expect(n.y + n.height).toBeLessThan(f.y + f.height);
  }
  await frame.locator('.cl-frame-label').dblclick();
  await page.getByRole('textbox', { name: 'Frame label' }).fill('Two dice');
  await page.keyboard.press('Enter');
  await expect(frame.locator('.cl-frame-label')).toHaveText('Two dice');
  await page.screenshot(shot('editor-frame'));
  await page.keyboard.press('Control+z');
  await expect(frame.locator('.cl-frame-label')).toHaveText('Frame 1');
  await page.keyboard.press('Control+z');
  await expect(frame).toHaveCount(0);
  await expect(page.locator('.cl-node')).toHaveCount(2);
});

test('typing into a field is one undo entry however many keys it took', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.sequence', 60, 40);
  const values = node(page, 'sequence1').getByRole('textbox', { name: 'Values' });
  await expect(node(page, 'sequence1')).toContainText('n=3');
  await values.click();
  await values.press('Control+a');
  await values.pressSequentially('4, 5, 6, 7', { delay: 20 });
  await values.press('Enter');
  await expect(node(page, 'sequence1')).toContainText('n=4 · [4, 7]');
  await page.keyboard.press('Control+z');
  await expect(values).toHaveValue('1, 2, 3');
  await expect(node(page, 'sequence1')).toContainText('n=3 · [1, 3]');
  await page.keyboard.press('Control+Shift+z');
  await expect(values).toHaveValue('4, 5, 6, 7');
});

test('F fits the whole graph in view, the zoom buttons zoom, and the minimap shows every node', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.sequence', 40, 40);
  await dropFromPalette(page, 'sink.plot', 620, 300);
  const zoom = page.getByLabel('Zoom', { exact: true });
  await expect(zoom).toHaveText('100%');
  const toolbar = page.getByRole('toolbar', { name: 'Canvas' });
  await toolbar.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => Number(await zoom.getAttribute('data-zoom'))).toBeGreaterThan(1.1);
  await toolbar.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(async () => Number(await zoom.getAttribute('data-zoom'))).toBeGreaterThan(1.3);
  // Zoomed in, part of the graph is out of view; F brings all of it back, at no more than 100 %.
  await page.locator('.react-flow__pane').click({ position: { x: 400, y: 20 } });
  await page.keyboard.press('f');
  await expect.poll(async () => Number(await zoom.getAttribute('data-zoom'))).toBeLessThanOrEqual(1);
  const pane = (await page.locator('.react-flow').boundingBox())!;
  for (const id of ['sequence1', 'plot1']) {
    await expect.poll(async () => {
      const box = (await node(page, id).boundingBox())!;
      return box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width && box.y + box.height <= pane.y + pane.height;
    }).toBe(true);
  }
  // The minimap sits beside the canvas, not over it, and draws both nodes.
  const minimap = page.getByRole('region', { name: 'Overview of the graph' });
  await expect(minimap.locator('.react-flow__minimap-node')).toHaveCount(2);
  const map = (await minimap.boundingBox())!;
  expect(map.x + map.width <= pane.x || map.y >= pane.y + pane.height).toBe(true);
  await page.screenshot(shot('editor-fit-view'));
});

test('. fits the selection: a node picked while zoomed out is brought to the middle at its natural size', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.sequence', 40, 40);
  await dropFromPalette(page, 'sink.plot', 620, 300);
  const zoom = page.getByLabel('Zoom', { exact: true });
  const toolbar = page.getByRole('toolbar', { name: 'Canvas' });
  for (let k = 0; k < 3; k++) await toolbar.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(async () => Number(await zoom.getAttribute('data-zoom'))).toBeLessThan(0.8);
  await selectNode(page, 'plot1');
  await page.keyboard.press('.');
  await expect.poll(async () => Number(await zoom.getAttribute('data-zoom'))).toBeCloseTo(1, 2);
  const pane = (await page.locator('.react-flow').boundingBox())!;
  await expect.poll(async () => {
    const box = (await node(page, 'plot1').boundingBox())!;
    return Math.abs(box.x + box.width / 2 - (pane.x + pane.width / 2)) < 4 && Math.abs(box.y + box.height / 2 - (pane.y + pane.height / 2)) < 4;
  }).toBe(true);
  await page.screenshot(shot('editor-fit-selection'));
  // With nothing selected it fits the whole graph, as F does.
  await page.keyboard.press('Escape');
  await page.keyboard.press('.');
  for (const id of ['sequence1', 'plot1']) {
    await expect.poll(async () => {
      const box = (await node(page, id).boundingBox())!;
      return box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width && box.y + box.height <= pane.y + pane.height;
    }).toBe(true);
  }
});

test('a tolerance of 1e-9 gets a slider by decades: the thumb sits inside the track and dragging it moves by factors', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'op.compare', 200, 120);
  await selectNode(page, 'compare1');
  const field = inspector(page).getByRole('textbox', { name: 'Tolerance' });
  const slider = inspector(page).getByRole('slider', { name: 'Tolerance slider' });
  await expect(field).toHaveValue('1e-9');
  await expect(slider).toHaveAttribute('data-scale', 'log');
  const position = Number(await slider.inputValue());
  const max = Number(await slider.getAttribute('max'));
  expect(position / max).toBeGreaterThan(0.1);
  expect(position / max).toBeLessThan(0.9);
  // A drag to the right by a tenth of the track raises the tolerance by decades, not by 0.05.
  const box = (await slider.boundingBox())!;
  const x = box.x + 7 + (position / max) * (box.width - 14);
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x + 0.1 * (box.width - 14), box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const raised = Number(await field.inputValue());
  expect(raised).toBeGreaterThan(1e-8);
  expect(raised).toBeLessThan(1e-5);
  await page.screenshot(shot('editor-log-slider'));
  // Shift+arrow in the number field steps a decade down the 1-2-5 ladder, and one Ctrl+Z undoes the step.
  await field.press('Shift+ArrowDown');
  await expect(field).not.toHaveValue(String(raised));
  const lowered = Number(await field.inputValue());
  expect(String(lowered)).toMatch(/^[125]e-\d+$/);
  expect(lowered).toBeLessThan(raised / 5);
  expect(lowered).toBeGreaterThan(raised / 25);
  await field.blur();
  await page.keyboard.press('Control+z');
  await expect(field).toHaveValue(String(raised));
});

test('the menus work from the keyboard: Enter opens, arrows, Home and End move among the items, Escape gives focus back', async ({ page }) => {
  await openEditor(page);
  const fileMenu = page.getByRole('button', { name: 'File menu' });
  await fileMenu.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'File' });
  await expect(menu).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: /^New/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: /^Open…/ })).toBeFocused();
  // Up from the first wraps to the last; the greyed Revert is stepped over.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: /^Examples…/ })).toBeFocused();
  await page.screenshot(shot('file-menu-keyboard'));
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(fileMenu).toBeFocused();
  // The Share menu the same way, and Enter on an item does what a click does.
  const shareMenu = page.getByRole('button', { name: 'Share menu' });
  await shareMenu.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: /^Export canvas as PNG/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Copy link' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(shareMenu).toBeFocused();
  // And the Lessons menu.
  const lessons = page.getByRole('banner').getByRole('button', { name: 'Lessons' });
  await lessons.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: /^1\.\s*Two dice/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(lessons).toBeFocused();
  await fileMenu.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Open a graph' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Open a graph' })).toBeHidden();
});

test('arrow keys move the selected node as edits: each press one undo entry, kept by the next edit', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.dice', 60, 60);
  await dropFromPalette(page, 'source.dice', 60, 360);
  await selectNode(page, 'dice1');
  const at = () => page.locator('.react-flow__node[data-id="dice1"]').evaluate((element) => (element as HTMLElement).style.transform);
  const start = await at();
  const [x, y] = start.match(/-?[\d.]+/g)!.map(Number) as [number, number];
  const moved = (dx: number, dy: number) => `translate(${x + dx}px, ${y + dy}px)`;

  // React Flow moves a focused, selected node 5 px a press (Shift: 20).
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(at).toBe(moved(10, 20));
  await page.keyboard.press('Control+z');
  await expect.poll(at).toBe(moved(10, 0));
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect.poll(at).toBe(start);
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+y');
  await expect.poll(at).toBe(moved(10, 20));

  // The next edit (another node moved) keeps the moved place, and undoing it leaves it there.
  await selectNode(page, 'dice2');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Control+z');
  await expect.poll(at).toBe(moved(10, 20));
});

test("Pad's inspector offers the size that applies to what it meets: a length for a signal, width and height for an image", async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 60, 80);
  await dropFromPalette(page, 'op.pad', 380, 80);
  await dropFromPalette(page, 'source.testImage', 60, 340);
  await selectNode(page, 'pad1');
  const field = (name: string) => inspector(page).getByRole('textbox', { name, exact: true });
  // Unconnected, all three can be set beforehand.
  for (const name of ['Length', 'Width', 'Height']) await expect(field(name)).toBeVisible();

  await connect(page, handle('function1', 'out', 'source'), handle('pad1', 'in', 'target'));
  await selectNode(page, 'pad1');
  await expect(field('Length')).toBeVisible();
  await expect(field('Width')).toHaveCount(0);
  await expect(field('Height')).toHaveCount(0);
  await page.screenshot(shot('pad-signal-inspector'));

  // An image wired in instead (the signal's source deleted): its width and height, no length.
  await selectNode(page, 'function1');
  await page.keyboard.press('Delete');
  await expect(node(page, 'function1')).toHaveCount(0);
  await connect(page, handle('testImage1', 'out', 'source'), handle('pad1', 'in', 'target'));
  await selectNode(page, 'pad1');
  await expect(field('Width')).toBeVisible();
  await expect(field('Height')).toBeVisible();
  await expect(field('Length')).toHaveCount(0);
  await page.screenshot(shot('pad-image-inspector'));
});
