import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { dropFromPalette, expect, node, openEditor, openExample, selectNode, steadyView, test } from './fixtures';
import { expectOnCanvas } from './views-fixtures';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const READABLE = 0.6;
const EXAMPLES = readdirSync(join(import.meta.dirname, '../../examples'))
  .filter((file) => file.endsWith('.convolab.json'))
  .sort();

/** The canvas's zoom, read from React Flow's viewport transform (`translate(…) scale(z)`). */
async function zoomOf(page: Page): Promise<number> {
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  const match = /scale\(([\d.e+-]+)\)/.exec(style);
  if (!match) throw new Error(`no scale in the viewport's style: ${style}`);
  return Number(match[1]);
}

/** Waits until the view stops moving (framing follows nodes as their previews arrive), then gives its zoom. */
async function settledZoom(page: Page): Promise<number> {
  await steadyView(page);
  return zoomOf(page);
}

/** The node ids of each step of an example's lesson. */
function lessonSteps(file: string): string[][] {
  const graph = JSON.parse(readFileSync(join(import.meta.dirname, '../../examples', file), 'utf8')) as { meta?: { lesson?: { nodes?: string[] }[] } };
  return (graph.meta?.lesson ?? []).map((step) => step.nodes ?? []);
}

/**
 * A step's nodes are on the canvas: its first node always; all of them unless even the readable
 * zoom cannot fit them (then the view sits at exactly that zoom).
 */
async function expectStepInView(page: Page, step: readonly string[], zoom: number): Promise<void> {
  expect(step.length).toBeGreaterThan(0);
  await expectOnCanvas(page, step[0]);
  if (zoom > READABLE + 1e-3) for (const id of step) await expectOnCanvas(page, id);
}

/** True when the screen point lies inside the box. */
function contains(box: { x: number; y: number; width: number; height: number }, point: { x: number; y: number }): boolean {
  return point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
}

test('every example opens at a readable zoom, its first lesson step in view', async ({ page }) => {
  test.setTimeout(240_000);
  await openEditor(page);
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(12);
  const zooms: Record<string, number> = {};
  for (const file of EXAMPLES) {
    await openExample(page, file);
    const zoom = await settledZoom(page);
    zooms[file] = zoom;
    expect(zoom, `${file} opened at ${zoom}`).toBeGreaterThanOrEqual(READABLE - 1e-6);
    await expectStepInView(page, lessonSteps(file)[0], zoom);
    if (file === 'image-kernels.convolab.json') await page.screenshot({ path: 'test-results/canvas-open-image-kernels.png' });
    if (file === 'ct-reconstruction.convolab.json') await page.screenshot({ path: 'test-results/canvas-open-ct.png' });
  }
  console.log('zoom at open:', JSON.stringify(zooms));
});

test('a lesson walked to its last step stays readable and shows the step’s nodes', async ({ page }) => {
  await openEditor(page);
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await page.locator('[role="menu"][aria-label="Lessons"] [data-lesson="image-kernels"]').click();
  const card = page.getByRole('region', { name: 'Lesson' });
  const count = Number(/step 1 \/ (\d+)/.exec((await card.locator('.lesson-count').textContent()) ?? '')?.[1]);
  expect(count).toBeGreaterThan(3);
  for (let step = 1; step < count; step++) {
    await card.getByRole('button', { name: 'Next ›' }).click();
    await expect(card).toContainText(`step ${step + 1} / ${count}`);
  }
  const zoom = await settledZoom(page);
  expect(zoom).toBeGreaterThanOrEqual(READABLE - 1e-6);
  await expectStepInView(page, lessonSteps('image-kernels.convolab.json').at(-1), zoom);
  await page.screenshot({ path: 'test-results/canvas-lesson-last-step.png' });
});

test('New after a zoomed-out example resets the view, and a palette drop lands under the pointer', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'ct-reconstruction.convolab.json');
  await settledZoom(page);
  // Zoomed out and panned by the user, as after looking around a large graph.
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.waitForTimeout(400);
  expect(await zoomOf(page)).toBeLessThan(READABLE);

  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: /^New/ }).click();
  await expect(page.locator('.cl-node')).toHaveCount(0);
  await expect.poll(() => zoomOf(page)).toBe(1);

  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const drop = { x: 150, y: 110 };
  await dropFromPalette(page, 'source.sequence', drop.x, drop.y);
  const landed = node(page, 'sequence1');
  await expect(landed).toBeVisible();
  // The view stays where it is while the new node runs (nothing refits it away from the pointer).
  await page.waitForTimeout(1200);
  const point = { x: pane.x + drop.x, y: pane.y + drop.y };
  const box = (await landed.boundingBox())!;
  expect(contains(box, point)).toBe(true);
  // Its corner is where the pointer let go (within a pixel's rounding).
  expect(Math.abs(box.x - point.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(box.y - point.y)).toBeLessThanOrEqual(1);

  // At another zoom too: zoomed out, the second node lands under the pointer as well.
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.waitForTimeout(400);
  const second = { x: 620, y: 300 };
  await dropFromPalette(page, 'sink.plot', second.x, second.y);
  await expect(node(page, 'plot1')).toBeVisible();
  expect(contains((await node(page, 'plot1').boundingBox())!, { x: pane.x + second.x, y: pane.y + second.y })).toBe(true);
  await page.screenshot({ path: 'test-results/canvas-new-and-drop.png' });
});

test('a paste lands clear of the original, and a second paste clear of both', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.sequence', 200, 140);
  await expect(node(page, 'sequence1')).toBeVisible();
  // Placed by the nodes' measured sizes: wait for the preview that makes the node its full height.
  await expect(node(page, 'sequence1').locator('[data-preview="signal"]')).toBeVisible();
  await selectNode(page, 'sequence1');
  // The pointer stays on the original, as it does after clicking it.
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.locator('.cl-node')).toHaveCount(2);
  await page.keyboard.press('Control+v');
  await expect(page.locator('.cl-node')).toHaveCount(3);
  await page.waitForTimeout(300);
  const boxes = await page.locator('.cl-node').evaluateAll((nodes) =>
    nodes.map((n) => {
      const r = n.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  const overlap = (a: (typeof boxes)[number], b: (typeof boxes)[number]) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j]), `nodes ${i} and ${j} overlap`).toBe(false);
  await page.screenshot({ path: 'test-results/canvas-paste.png' });
});

test('the dock resizes by its edge, collapses, and remembers both across a reload', async ({ page }) => {
  await openEditor(page);
  const dock = page.getByRole('region', { name: 'Views' });
  const edge = page.getByRole('separator', { name: /Resize the dock/ });
  const before = (await dock.boundingBox())!.height;
  const grip = (await edge.boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2 - 60, { steps: 4 });
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2 - 120, { steps: 4 });
  await page.mouse.up();
  const after = (await dock.boundingBox())!.height;
  expect(after).toBeGreaterThan(before + 100);
  expect(after).toBeLessThan(before + 140);

  // The keyboard moves the edge as well.
  await edge.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await dock.boundingBox())!.height).toBeGreaterThan(after + 10);

  // Dragged far past the window's top, the dock stops short of hiding the canvas.
  const top = (await edge.boundingBox())!;
  await page.mouse.move(top.x + 40, top.y + 4);
  await page.mouse.down();
  await page.mouse.move(top.x + 40, 5, { steps: 5 });
  await page.mouse.up();
  expect((await page.locator('.react-flow').boundingBox())!.height).toBeGreaterThan(150);
  const kept = (await dock.boundingBox())!.height;
  expect(kept).toBeGreaterThan(after + 100);

  await page.reload();
  await page.locator('.react-flow').waitFor();
  await expect.poll(async () => Math.round((await dock.boundingBox())!.height)).toBe(Math.round(kept));

  // Double-click on the edge collapses it to its header; the canvas takes the room.
  const canvasBefore = (await page.locator('.react-flow').boundingBox())!.height;
  await edge.dblclick();
  await expect(dock).toHaveAttribute('data-collapsed', 'true');
  expect((await dock.boundingBox())!.height).toBeLessThan(40);
  expect((await page.locator('.react-flow').boundingBox())!.height).toBeGreaterThan(canvasBefore + 100);
  await page.screenshot({ path: 'test-results/canvas-dock-collapsed.png' });

  await page.reload();
  await page.locator('.react-flow').waitFor();
  await expect(dock).toHaveAttribute('data-collapsed', 'true');
  // The button expands it again, at the height it had.
  await dock.getByRole('button', { name: 'Expand the dock' }).click();
  await expect(dock).toHaveAttribute('data-collapsed', 'false');
  expect(Math.round((await dock.boundingBox())!.height)).toBe(Math.round(kept));
});
