/**
 * Frames that hold their nodes, played by mouse: a frame dragged by its title bar carries the
 * nodes inside it (one undo puts all back), a node dragged out stays behind, and a collapsed frame
 * hides its nodes while their wires end at its edges and the run goes on through them.
 */
import type { Locator, Page } from '@playwright/test';
import { buildBlurGraph, expect, node, openEditor, selectNode, shot, steadyView, test } from './fixtures';

type Box = { x: number; y: number; width: number; height: number };

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

/** The blur graph side by side, low enough that a frame's title bar above it is clear of the canvas toolbar. */
async function buildBlurGraphInRow(page: Page): Promise<void> {
  await buildBlurGraph(page, { function1: [60, 100], gaussian1: [320, 100], convolve1: [640, 100], plot1: [640, 380] });
  await expect(node(page, 'plot1')).toContainText('n=413');
}

/** A frame around function1 and gaussian1, made from the toolbar with both selected. */
async function frameTheSources(page: Page): Promise<Locator> {
  await selectNode(page, 'function1');
  await node(page, 'gaussian1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await page.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Frame' }).click();
  const frame = page.locator('.cl-frame');
  await expect(frame).toHaveCount(1);
  return frame;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return box;
}

/** Drags with the mouse from a point of `from` (its left part, clear of its buttons) by (dx, dy). */
async function dragBy(page: Page, from: Locator, dx: number, dy: number): Promise<void> {
  const box = await boxOf(from);
  const x = box.x + Math.min(40, box.width / 4);
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 8 });
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

/** Every one of the nodes lies within the frame's box on screen. */
async function expectHolds(page: Page, frame: Locator, ids: readonly string[]): Promise<void> {
  const outer = await boxOf(frame);
  for (const id of ids) {
    const box = await boxOf(node(page, id));
    expect(box.x).toBeGreaterThan(outer.x);
    expect(box.y).toBeGreaterThan(outer.y);
    expect(box.x + box.width).toBeLessThan(outer.x + outer.width);
    expect(box.y + box.height).toBeLessThan(outer.y + outer.height);
  }
}

function expectMovedBy(before: Box, after: Box, dx: number, dy: number): void {
  expect(after.x - before.x).toBeCloseTo(dx, 0);
  expect(after.y - before.y).toBeCloseTo(dy, 0);
}

/** Where each visible wire starts and ends on screen, by the wire's path. */
async function wireEnds(page: Page): Promise<{ start: { x: number; y: number }; end: { x: number; y: number } }[]> {
  return page.locator('.react-flow__edge-path').evaluateAll((paths) =>
    (paths as SVGPathElement[])
      .filter((path) => path.getBoundingClientRect().width > 0 || path.getBoundingClientRect().height > 0)
      .map((path) => {
        const matrix = path.getScreenCTM()!;
        const at = (length: number) => {
          const point = path.getPointAtLength(length);
          return { x: point.x * matrix.a + point.y * matrix.c + matrix.e, y: point.x * matrix.b + point.y * matrix.d + matrix.f };
        };
        return { start: at(0), end: at(path.getTotalLength()) };
      }),
  );
}

test('a frame dragged by its title bar carries its nodes, and one undo puts all back', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraphInRow(page);
  const frame = await frameTheSources(page);
  await steadyView(page);
  const before = {
    frame: await boxOf(frame),
    function1: await boxOf(node(page, 'function1')),
    gaussian1: await boxOf(node(page, 'gaussian1')),
    convolve1: await boxOf(node(page, 'convolve1')),
  };
  await dragBy(page, frame.locator('.cl-frame-header'), 90, 60);
  const moved = await boxOf(frame);
  const dx = moved.x - before.frame.x;
  const dy = moved.y - before.frame.y;
  expect(Math.abs(dx)).toBeGreaterThan(40);
  expect(Math.abs(dy)).toBeGreaterThan(20);
  // Both nodes inside moved by the frame's delta; the node outside stayed.
  expectMovedBy(before.function1, await boxOf(node(page, 'function1')), dx, dy);
  expectMovedBy(before.gaussian1, await boxOf(node(page, 'gaussian1')), dx, dy);
  expectMovedBy(before.convolve1, await boxOf(node(page, 'convolve1')), 0, 0);
  await page.screenshot(shot('frames-dragged'));

  // One undo: the frame and both nodes are back.
  await page.keyboard.press('Control+z');
  expectMovedBy(before.frame, await boxOf(frame), 0, 0);
  expectMovedBy(before.function1, await boxOf(node(page, 'function1')), 0, 0);
  expectMovedBy(before.gaussian1, await boxOf(node(page, 'gaussian1')), 0, 0);
  // …and the next undo takes the frame away (the drag was not two entries).
  await page.keyboard.press('Control+z');
  await expect(frame).toHaveCount(0);
  await expect(page.locator('.cl-node')).toHaveCount(4);
});

test('a node dragged out of a frame stays behind when the frame moves', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraphInRow(page);
  const frame = await frameTheSources(page);
  await steadyView(page);
  // gaussian1 leaves the frame: dragged down until its bottom edge is past the frame's.
  const frameBox = await boxOf(frame);
  await dragBy(page, node(page, 'gaussian1').locator('.cl-node-title'), 0, 80);
  const gaussianOut = await boxOf(node(page, 'gaussian1'));
  expect(gaussianOut.y + gaussianOut.height).toBeGreaterThan(frameBox.y + frameBox.height);
  const functionBefore = await boxOf(node(page, 'function1'));
  await dragBy(page, frame.locator('.cl-frame-header'), 80, 0);
  const dx = (await boxOf(frame)).x - frameBox.x;
  expect(dx).toBeGreaterThan(40);
  expectMovedBy(functionBefore, await boxOf(node(page, 'function1')), dx, 0);
  expectMovedBy(gaussianOut, await boxOf(node(page, 'gaussian1')), 0, 0);
});

test('a collapsed frame hides its nodes, draws their wires to its edges, and the run goes on through them', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraphInRow(page);
  const frame = await frameTheSources(page);
  await steadyView(page);
  const open = {
    frame: await boxOf(frame),
    function1: await boxOf(node(page, 'function1')),
    gaussian1: await boxOf(node(page, 'gaussian1')),
  };

  await frame.getByRole('button', { name: 'Collapse frame' }).click();
  await expect(node(page, 'function1')).toBeHidden();
  await expect(node(page, 'gaussian1')).toBeHidden();
  await expect(frame).toContainText('2 nodes');
  const bar = await boxOf(frame);
  expect(bar.height).toBeLessThan(open.frame.height / 4);

  // Both wires into convolve1 now leave from the collapsed frame's right edge; none was dropped.
  const convolveBox = await boxOf(node(page, 'convolve1'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  const ends = await wireEnds(page);
  const fromFrame = ends.filter((wire) => Math.abs(wire.start.x - (bar.x + bar.width)) < 8 && wire.start.y > bar.y - 8 && wire.start.y < bar.y + bar.height + 8);
  expect(fromFrame).toHaveLength(2);
  for (const wire of fromFrame) expect(Math.abs(wire.end.x - convolveBox.x)).toBeLessThan(12);

  // The hidden nodes still run: a change downstream shows new values computed from them.
  await selectNode(page, 'convolve1');
  await inspector(page).getByRole('combobox', { name: 'Mode' }).selectOption('same');
  await expect(node(page, 'plot1')).toContainText('n=401');
  await expect(node(page, 'plot1').locator('[data-preview="signal"] path.trace')).toHaveAttribute('d', /^M/);
  await expect(frame.locator('.cl-frame-errors')).toHaveCount(0);
  await page.screenshot(shot('frames-collapsed'));

  // A double-click on the title bar (not its label) opens it: the nodes are back where they were.
  await frame.locator('.cl-frame-spacer').dblclick();
  await expect(node(page, 'function1')).toBeVisible();
  expectMovedBy(open.function1, await boxOf(node(page, 'function1')), 0, 0);
  expectMovedBy(open.gaussian1, await boxOf(node(page, 'gaussian1')), 0, 0);
  expect((await boxOf(frame)).height).toBeCloseTo(open.frame.height, 0);
  await page.screenshot(shot('frames-expanded'));

  // Opening was one undo entry: one undo collapses the frame again.
  await page.keyboard.press('Control+z');
  await expect(node(page, 'function1')).toBeHidden();
  await expect(frame.getByRole('button', { name: 'Expand frame' })).toBeVisible();
  await expect(frame).toContainText('2 nodes');
});

test('a collapsed frame shows a badge while a node it hides fails, and drops it once the node runs again', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraphInRow(page);
  // valid keeps only where the 13-tap kernel lies wholly inside the signal: fine for 401 samples.
  await selectNode(page, 'convolve1');
  await inspector(page).getByRole('combobox', { name: 'Mode' }).selectOption('valid');
  await expect(node(page, 'plot1')).toContainText('n=389');
  await selectNode(page, 'gaussian1');
  await node(page, 'convolve1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await page.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Frame' }).click();
  const frame = page.locator('.cl-frame');
  await frame.getByRole('button', { name: 'Collapse frame' }).click();
  await expect(node(page, 'convolve1')).toBeHidden();
  await expect(frame.locator('.cl-frame-errors')).toHaveCount(0);

  // The signal outside shrinks below the kernel's length: the hidden convolve1 fails.
  await selectNode(page, 'function1');
  const t1 = inspector(page).getByRole('textbox', { name: 't1 (s)' });
  await t1.fill('0.05');
  await t1.press('Enter');
  const t0 = inspector(page).getByRole('textbox', { name: 't0 (s)' });
  await t0.fill('-0.05');
  await t0.press('Enter');
  const badge = frame.locator('.cl-frame-errors');
  await expect(badge).toHaveText(/1/);
  await expect(badge).toHaveAttribute('title', /convolve1/);
  await page.screenshot(shot('frames-collapsed-error'));

  await t0.fill('-2');
  await t0.press('Enter');
  await expect(badge).toHaveCount(0);
});

test('a collapsed frame dragged by its bar takes its hidden nodes along: opened, they sit where the frame went', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraphInRow(page);
  const frame = await frameTheSources(page);
  await steadyView(page);
  const before = { frame: await boxOf(frame), function1: await boxOf(node(page, 'function1')), gaussian1: await boxOf(node(page, 'gaussian1')) };
  await frame.getByRole('button', { name: 'Collapse frame' }).click();
  await expect(node(page, 'function1')).toBeHidden();
  await dragBy(page, frame.locator('.cl-frame-header'), 60, 120);
  const moved = await boxOf(frame);
  const dx = moved.x - before.frame.x;
  const dy = moved.y - before.frame.y;
  expect(dy).toBeGreaterThan(60);
  await frame.getByRole('button', { name: 'Expand frame' }).click();
  await expect(node(page, 'function1')).toBeVisible();
  expectMovedBy(before.function1, await boxOf(node(page, 'function1')), dx, dy);
  expectMovedBy(before.gaussian1, await boxOf(node(page, 'gaussian1')), dx, dy);
});

test('a frame made around nodes at the top of the view brings its title bar into sight', async ({ page }) => {
  await openEditor(page);
  // The first node at the top edge of the view: the frame's title bar reaches above it.
  await buildBlurGraph(page);
  const frame = await frameTheSources(page);
  await steadyView(page);
  const canvas = await boxOf(page.locator('.react-flow'));
  const chevron = frame.getByRole('button', { name: 'Collapse frame' });
  const bar = await boxOf(chevron);
  expect(bar.y).toBeGreaterThanOrEqual(canvas.y);
  expect(bar.x).toBeGreaterThanOrEqual(canvas.x);
  await page.screenshot(shot('frame-title-in-view'));
  // Reachable, not under the canvas toolbar: a click collapses it.
  await chevron.click({ timeout: 5_000 });
  await expect(frame.getByRole('button', { name: 'Expand frame' })).toBeVisible();
});

test('a frame grouped with its nodes goes into the block, and ungroup brings it back around them', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraphInRow(page);
  const frame = await frameTheSources(page);
  await steadyView(page);
  const framed = await boxOf(frame);
  // The frame (selected as it is made) and both its nodes, grouped with Ctrl+G.
  await node(page, 'function1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await node(page, 'gaussian1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+g');
  const block = page.locator('.cl-node.cl-block');
  await expect(block).toHaveCount(1);
  // No empty frame is left behind on the canvas …
  await expect(frame).toHaveCount(0);
  await page.screenshot(shot('frames-grouped'));
  // … it is inside the block, around the same two nodes.
  await block.locator('.cl-node-title').dblclick();
  await expect(page.getByRole('navigation', { name: 'Block path' })).toBeVisible();
  await expect(frame).toHaveCount(1);
  await expect(node(page, 'function1')).toBeVisible();
  await steadyView(page);
  await expectHolds(page, frame, ['function1', 'gaussian1']);
  await page.screenshot(shot('frames-inside-block'));
  await page.getByRole('button', { name: 'Graph', exact: true }).click();

  // Ungrouped, the frame is back where the block stands, around its nodes, and selected with them …
  await selectNode(page, 'block1');
  await page.keyboard.press('Control+Shift+g');
  await expect(frame).toHaveCount(1);
  await expect(frame).toHaveClass(/\bselected\b/);
  await expectHolds(page, frame, ['function1', 'gaussian1']);
  const back = await boxOf(frame);
  expect(Math.abs(back.x - framed.x) + Math.abs(back.y - framed.y)).toBeLessThan(40);
  await page.screenshot(shot('frames-ungrouped'));
  // … so grouping again takes it in again: never an empty frame left over.
  await page.keyboard.press('Control+g');
  await expect(block).toHaveCount(1);
  await expect(frame).toHaveCount(0);
});

test('Ctrl+D duplicates a selected frame with its nodes, the copy holding the copies, clear of the originals', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraphInRow(page);
  const frame = await frameTheSources(page);
  await steadyView(page);
  const original = await boxOf(frame);
  await node(page, 'function1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await node(page, 'gaussian1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+d');
  await expect(frame).toHaveCount(2);
  await expect(page.locator('.cl-node')).toHaveCount(6);
  await steadyView(page);
  await page.screenshot(shot('frames-duplicated'));
  // The copy is the selected frame, of the same size, around the two selected copies, and lies
  // clear of the original.
  const copy = page.locator('.cl-frame.selected');
  await expect(copy).toHaveCount(1);
  const copied = await boxOf(copy);
  expect(copied.width).toBeCloseTo(original.width, 0);
  expect(copied.height).toBeCloseTo(original.height, 0);
  const copies = await page.locator('.cl-node.selected').evaluateAll((nodes) => nodes.map((each) => each.getAttribute('data-node-id')!));
  expect(copies).toHaveLength(2);
  expect(copies).not.toContain('function1');
  await expectHolds(page, copy, copies);
  const originalNow = await boxOf(page.locator('.cl-frame:not(.selected)'));
  expect(copied.y >= originalNow.y + originalNow.height || copied.x >= originalNow.x + originalNow.width).toBe(true);
  // One undo takes the copies away, frame and all.
  await page.keyboard.press('Control+z');
  await expect(frame).toHaveCount(1);
  await expect(page.locator('.cl-node')).toHaveCount(4);
});

test("the node menu's Delete takes the frames selected with the nodes, as the Del key does, as one undo", async ({ page }) => {
  await openEditor(page);
  await buildBlurGraphInRow(page);
  const frame = await frameTheSources(page);
  await node(page, 'function1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await node(page, 'gaussian1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await node(page, 'function1').locator('.cl-node-title').click({ button: 'right' });
  await page.getByRole('menuitem', { name: /^Delete 2 nodes/ }).click();
  await expect(page.locator('.cl-node')).toHaveCount(2);
  // Not left behind, empty.
  await expect(frame).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.cl-node')).toHaveCount(4);
  await expect(frame).toHaveCount(1);
});
