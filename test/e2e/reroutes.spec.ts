import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, node, openEditor, selectNode, servedFolder, shot, steadyView, test } from './fixtures';

const FILE = 'rerouted-dice.convolab.json';

/** File → Open…, then a double click on the file in the served folder. */
async function openServed(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: /^Open…/ }).click();
  const browser = page.getByRole('dialog', { name: 'Open a graph' });
  await browser.locator(`.file-entry[data-path="${name}"]`).dblclick();
  await expect(browser).toBeHidden();
  await expect(page.locator('.document-name')).toHaveText(name);
  await steadyView(page);
}

/** A point on screen on the drawn wire, `fraction` of the way along it. */
async function pointOnWire(page: Page, edge: string, fraction: number): Promise<{ x: number; y: number }> {
  return page.locator(`[data-testid="rf__edge-${edge}"] path.react-flow__edge-path`).evaluate((path: SVGPathElement, along: number) => {
    const point = path.getPointAtLength(path.getTotalLength() * along);
    const matrix = path.getScreenCTM()!;
    return { x: point.x * matrix.a + point.y * matrix.c + matrix.e, y: point.x * matrix.b + point.y * matrix.d + matrix.f };
  }, fraction);
}

async function centreOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`cannot see ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function savedReroutes(): unknown {
  const saved = JSON.parse(readFileSync(join(servedFolder(), FILE), 'utf8')) as { meta?: { reroutes?: unknown } };
  return saved.meta?.reroutes;
}

const dot = (edge: string, index = 0) => `.cl-reroute[data-edge="${edge}"][data-index="${index}"]`;

test('a user puts a reroute point on a wire, drags it, saves, reopens, and deletes it, all by mouse and keys', async ({ page }) => {
  copyFileSync(join(import.meta.dirname, '../../examples/two-dice.convolab.json'), join(servedFolder(), FILE));
  await openEditor(page);
  await openServed(page, FILE);
  const wire = page.locator('[data-testid="rf__edge-e4"] path.react-flow__edge-path');

  // Double-click the wire from the convolve to P(sum = 7): a point appears where the click was.
  const clicked = await pointOnWire(page, 'e4', 0.5);
  await page.mouse.dblclick(clicked.x, clicked.y);
  await expect(page.locator('.cl-reroute')).toHaveCount(1);
  const placed = await centreOf(page, dot('e4'));
  expect(Math.abs(placed.x - clicked.x)).toBeLessThan(2);
  expect(Math.abs(placed.y - clicked.y)).toBeLessThan(2);
  // No quick-add popup: the double-click belonged to the wire.
  await expect(page.locator('.quick-add')).toHaveCount(0);
  await page.screenshot(shot('reroutes-added'));

  // Drag the point down, below P(sum = 7): the wire follows it, through it.
  const target = { x: placed.x + 10, y: placed.y + 150 };
  await page.mouse.move(placed.x, placed.y);
  await page.mouse.down();
  await page.mouse.move((placed.x + target.x) / 2, (placed.y + target.y) / 2, { steps: 6 });
  await page.mouse.move(target.x, target.y, { steps: 6 });
  await page.mouse.up();
  const dragged = await centreOf(page, dot('e4'));
  expect(Math.abs(dragged.x - target.x)).toBeLessThan(2);
  expect(Math.abs(dragged.y - target.y)).toBeLessThan(2);
  // The wire is drawn in two stretches now, the second starting where the first ends.
  const stretches = (await wire.getAttribute('d'))!.split('M').filter(Boolean);
  expect(stretches).toHaveLength(2);
  const joint = stretches[0]!.trim().split(' ').pop();
  expect(stretches[1]!.startsWith(`${joint} `)).toBe(true);
  await page.screenshot(shot('reroutes-dragged'));

  // The whole drag is one undo entry: one Ctrl+Z puts the point back where it was made.
  await page.keyboard.press('Control+z');
  const undone = await centreOf(page, dot('e4'));
  expect(Math.abs(undone.x - placed.x)).toBeLessThan(2);
  expect(Math.abs(undone.y - placed.y)).toBeLessThan(2);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => Math.abs((await centreOf(page, dot('e4'))).y - target.y) < 2).toBe(true);

  // Saved with the graph, and there again when the file is opened afresh.
  await page.keyboard.press('Control+s');
  await expect(page.locator('.unsaved-mark')).toHaveCount(0);
  const saved = savedReroutes() as Record<string, { x: number; y: number }[]>;
  expect(Object.keys(saved)).toEqual(['e4']);
  expect(saved.e4).toHaveLength(1);
  await page.reload();
  await page.locator('.react-flow').waitFor();
  await openServed(page, FILE);
  await expect(page.locator(dot('e4'))).toBeVisible();
  const { x, y } = saved.e4![0]!;
  expect(await wire.getAttribute('d')).toContain(`${x},${y} M${x},${y}`);
  await page.screenshot(shot('reroutes-reopened'));

  // Select a node, then click the point: the point is selected (focused) and its wire with it,
  // the node no longer. Delete removes the point, and only the point: the wire, though
  // selected, stays (the point takes the key).
  await selectNode(page, 'plot');
  await expect(page.locator('.react-flow__node[data-id="plot"]')).toHaveClass(/selected/);
  await page.locator(dot('e4')).click();
  await expect(page.locator(dot('e4'))).toBeFocused();
  await expect(page.locator('[data-testid="rf__edge-e4"]')).toHaveClass(/selected/);
  await expect(page.locator('.react-flow__node[data-id="plot"]')).not.toHaveClass(/selected/);
  await page.screenshot(shot('reroutes-selected'));
  await page.keyboard.press('Delete');
  await expect(page.locator('.cl-reroute')).toHaveCount(0);
  await expect(node(page, 'plot')).toBeVisible();
  await expect(page.locator('[data-testid="rf__edge-e4"]')).toHaveCount(1);
  // One stretch again: drawn as React Flow's default edge.
  expect((await wire.getAttribute('d'))!.split('M').filter(Boolean)).toHaveLength(1);

  // Two points on the wire, the second put on the stretch nearer the target; a double-click on a point removes it.
  const first = await pointOnWire(page, 'e4', 0.3);
  await page.mouse.dblclick(first.x, first.y);
  await expect(page.locator('.cl-reroute')).toHaveCount(1);
  const second = await pointOnWire(page, 'e4', 0.8);
  await page.mouse.dblclick(second.x, second.y);
  await expect(page.locator('.cl-reroute')).toHaveCount(2);
  const ordered = [await centreOf(page, dot('e4', 0)), await centreOf(page, dot('e4', 1))];
  expect(ordered[0]!.x).toBeLessThan(ordered[1]!.x);
  await page.screenshot(shot('reroutes-two'));
  await page.locator(dot('e4', 0)).dblclick();
  await expect(page.locator('.cl-reroute')).toHaveCount(1);
  const left = await centreOf(page, dot('e4', 0));
  expect(Math.abs(left.x - ordered[1]!.x)).toBeLessThan(2);
});

test('deleting a wire takes its reroute points with it, and undo brings both back', async ({ page }) => {
  copyFileSync(join(import.meta.dirname, '../../examples/two-dice.convolab.json'), join(servedFolder(), FILE));
  await openEditor(page);
  await openServed(page, FILE);
  const clicked = await pointOnWire(page, 'e4', 0.5);
  await page.mouse.dblclick(clicked.x, clicked.y);
  await expect(page.locator('.cl-reroute')).toHaveCount(1);
  // Select the wire by a click on it away from its point; Delete then removes the wire.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  const elsewhere = await pointOnWire(page, 'e4', 0.15);
  await page.mouse.click(elsewhere.x, elsewhere.y);
  await expect(page.locator('[data-testid="rf__edge-e4"]')).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(page.locator('[data-testid="rf__edge-e4"]')).toHaveCount(0);
  await expect(page.locator('.cl-reroute')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.locator('[data-testid="rf__edge-e4"]')).toHaveCount(1);
  await expect(page.locator('.cl-reroute')).toHaveCount(1);
});

test('a wire\'s points ride along while both its nodes are dragged together, and stay when only one is', async ({ page }) => {
  copyFileSync(join(import.meta.dirname, '../../examples/two-dice.convolab.json'), join(servedFolder(), FILE));
  await openEditor(page);
  await openServed(page, FILE);
  const clicked = await pointOnWire(page, 'e4', 0.5);
  await page.mouse.dblclick(clicked.x, clicked.y);
  await expect(page.locator('.cl-reroute')).toHaveCount(1);

  // Both ends of e4 selected (the convolve and P(sum = 7)); drag the convolve by its title.
  await selectNode(page, 'sum');
  await node(page, 'p7').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await steadyView(page);
  const placed = await centreOf(page, dot('e4'));
  const title = await centreOf(page, '.cl-node[data-node-id="sum"] .cl-node-title');
  await page.mouse.move(title.x, title.y);
  await page.mouse.down();
  await page.mouse.move(title.x + 30, title.y + 30, { steps: 5 });
  await page.mouse.move(title.x + 60, title.y + 60, { steps: 5 });
  // Mid-drag, the point has moved as far as the nodes have.
  await page.screenshot(shot('reroutes-riding'));
  const moved = await centreOf(page, '.cl-node[data-node-id="sum"] .cl-node-title');
  const riding = await centreOf(page, dot('e4'));
  expect(moved.x - title.x).toBeGreaterThan(40);
  expect(Math.abs(riding.x - placed.x - (moved.x - title.x))).toBeLessThan(2);
  expect(Math.abs(riding.y - placed.y - (moved.y - title.y))).toBeLessThan(2);
  await page.mouse.up();
  const dropped = await centreOf(page, dot('e4'));
  expect(Math.abs(dropped.x - riding.x)).toBeLessThan(2);
  expect(Math.abs(dropped.y - riding.y)).toBeLessThan(2);

  // One undo puts the nodes and the point back.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.abs((await centreOf(page, dot('e4'))).y - placed.y) < 2).toBe(true);

  // Only P(sum = 7) dragged: the point stays where it is.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  const p7 = await centreOf(page, '.cl-node[data-node-id="p7"] .cl-node-title');
  await page.mouse.move(p7.x, p7.y);
  await page.mouse.down();
  await page.mouse.move(p7.x + 40, p7.y + 80, { steps: 8 });
  await page.mouse.up();
  const stayed = await centreOf(page, dot('e4'));
  expect(Math.abs(stayed.x - placed.x)).toBeLessThan(2);
  expect(Math.abs(stayed.y - placed.y)).toBeLessThan(2);
});
