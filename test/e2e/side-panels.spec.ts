/**
 * The side panels in the desktop window's smallest size (960 × 640), played as a user does: the
 * palette and the inspector collapse and come back by their buttons, their strips and their keys,
 * the canvas takes the room, nothing they held is lost, their edges drag within bounds, and all
 * of it is there again after a reload. A window this narrow starts with the palette collapsed
 * while nothing is stored.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, node, openEditor, selectNode, steadyView, test } from './fixtures';
import { openLesson } from './views-fixtures';

test.use({ viewport: { width: 960, height: 640 } });

const palette = (page: Page) => page.locator('.side-panel[data-side="palette"]');
const inspector = (page: Page) => page.locator('.side-panel[data-side="inspector"]');
const pane = (page: Page) => page.locator('.react-flow__pane');

async function width(locator: Locator): Promise<number> {
  return Math.round((await locator.boundingBox())!.width);
}

/** The pane's width once it has stopped changing (React Flow follows its container's size). */
async function paneWidth(page: Page): Promise<number> {
  let last = -1;
  await expect.poll(async () => (last === (last = await width(pane(page))) ? 'still' : 'moving')).toBe('still');
  return last;
}

/** Brings back the palette, which a window this narrow starts with collapsed, by its strip. */
async function expandPalette(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Expand the node palette' }).click();
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'false');
}

/** Drags a panel's edge by `dx` pixels, as a user does with the mouse. */
async function dragEdge(page: Page, panel: Locator, dx: number): Promise<void> {
  const edge = (await panel.getByRole('separator').boundingBox())!;
  const x = edge.x + edge.width / 2;
  const y = edge.y + edge.height * 0.75;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 4 });
  await page.mouse.move(x + dx, y, { steps: 4 });
  await page.mouse.up();
}

test('each side panel collapses and comes back by its button, its strip and its key, and the canvas takes the room', async ({ page }) => {
  await openEditor(page);
  await openLesson(page, 'two-dice');
  await steadyView(page);
  // With nothing stored, a window this narrow starts with the palette collapsed, the inspector not.
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  await expect(inspector(page)).toHaveAttribute('data-collapsed', 'false');
  await expandPalette(page);
  const start = await paneWidth(page);
  expect(await width(palette(page))).toBe(200);
  expect(await width(inspector(page))).toBe(300);

  // The palette's button collapses it to a strip; the canvas gets its width.
  await page.getByRole('button', { name: 'Collapse the node palette' }).click();
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  await expect(page.getByRole('searchbox', { name: 'Search nodes' })).toBeHidden();
  expect(await width(palette(page))).toBeLessThan(30);
  expect(await paneWidth(page)).toBeGreaterThan(start + 150);
  // The strip brings it back at its width.
  await page.getByRole('button', { name: 'Expand the node palette' }).click();
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'false');
  await expect(page.getByRole('searchbox', { name: 'Search nodes' })).toBeVisible();
  expect(await paneWidth(page)).toBe(start);

  // The inspector the same way.
  await page.getByRole('button', { name: 'Collapse the inspector' }).click();
  await expect(inspector(page)).toHaveAttribute('data-collapsed', 'true');
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeHidden();
  expect(await paneWidth(page)).toBeGreaterThan(start + 250);
  await page.getByRole('button', { name: 'Expand the inspector' }).click();
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeVisible();
  expect(await paneWidth(page)).toBe(start);

  // The keys: Ctrl+B the palette, Alt+Ctrl+B the inspector; both together leave the canvas nearly the window.
  await page.keyboard.press('Control+b');
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  await page.keyboard.press('Control+Alt+b');
  await expect(inspector(page)).toHaveAttribute('data-collapsed', 'true');
  expect(await paneWidth(page)).toBeGreaterThan(900);
  await page.keyboard.press('Control+b');
  await page.keyboard.press('Control+Alt+b');
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'false');
  await expect(inspector(page)).toHaveAttribute('data-collapsed', 'false');
  expect(await paneWidth(page)).toBe(start);
  // The help lists the keys.
  await page.keyboard.press('Escape');
  const help = page.getByRole('complementary', { name: 'Inspector' }).locator('dl.shortcuts');
  await expect(help).toContainText('Ctrl+B');
  await expect(help).toContainText('Alt+Ctrl+B');
});

test('collapsing loses nothing: the palette\'s search, the selection and what the inspector shows', async ({ page }) => {
  await openEditor(page);
  await openLesson(page, 'two-dice');
  await expandPalette(page);
  await steadyView(page);
  await selectNode(page, 'dieA');
  const shown = page.getByRole('complementary', { name: 'Inspector' });
  await expect(shown).toHaveAttribute('data-node-id', 'dieA');
  const search = page.getByRole('searchbox', { name: 'Search nodes' });
  const items = page.locator('.palette-item');
  const all = await items.count();
  await search.fill('gauss');
  await expect.poll(() => items.count()).toBeLessThan(all);
  const found = await items.count();

  // Ctrl+B from the search field: it edits no text, the palette goes and focus waits on its strip.
  await page.keyboard.press('Control+b');
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  await expect(page.getByRole('button', { name: 'Expand the node palette' })).toBeFocused();
  await page.keyboard.press('Control+Alt+b');
  await expect(inspector(page)).toHaveAttribute('data-collapsed', 'true');
  await expect(node(page, 'dieA')).toHaveClass(/\bselected\b/);

  await page.keyboard.press('Control+b');
  await page.keyboard.press('Control+Alt+b');
  await expect(search).toHaveValue('gauss');
  await expect(items).toHaveCount(found);
  await expect(shown).toHaveAttribute('data-node-id', 'dieA');
  await expect(node(page, 'dieA')).toHaveClass(/\bselected\b/);
});

test('a side panel\'s edge drags and steps within bounds, the canvas keeps its room and its view, and all is there after a reload', async ({ page }) => {
  await openEditor(page);
  await openLesson(page, 'two-dice');
  await expandPalette(page);
  await steadyView(page);
  const before = await paneWidth(page);
  const paneX = (await pane(page).boundingBox())!.x;
  const die = (await node(page, 'dieA').boundingBox())!;

  // Dragged 80 pixels right, the palette is 80 wider and the canvas 80 narrower; the view does not
  // move under the nodes: they shift with the canvas's edge.
  await dragEdge(page, palette(page), 80);
  await expect.poll(() => width(palette(page))).toBe(280);
  expect(await paneWidth(page)).toBe(before - 80);
  const moved = (await node(page, 'dieA').boundingBox())!;
  expect(Math.round(moved.x - die.x)).toBe(80);
  expect(Math.round((await pane(page).boundingBox())!.x - paneX)).toBe(80);
  // The minimap follows the palette's width.
  expect(await width(page.locator('.navigator .react-flow__minimap'))).toBeGreaterThan(250);

  // Far to the right it stops where the canvas keeps 360 pixels; far to the left at its least, 160.
  await dragEdge(page, palette(page), 600);
  await expect.poll(() => paneWidth(page)).toBe(360);
  expect(await width(palette(page))).toBe(960 - 360 - 300);
  // A narrower window narrows both panels, not the canvas, each by what it has over its least
  // (the palette 140, the inspector 60); wider again, the palette has the width it was given.
  await page.setViewportSize({ width: 900, height: 640 });
  await expect.poll(() => paneWidth(page)).toBe(360);
  expect(await width(palette(page))).toBe(258);
  expect(await width(inspector(page))).toBe(282);
  await page.setViewportSize({ width: 960, height: 640 });
  await expect.poll(() => width(palette(page))).toBe(300);
  await dragEdge(page, palette(page), -600);
  await expect.poll(() => width(palette(page))).toBe(160);

  // The inspector's edge drags left to widen it, and the keys step it.
  await dragEdge(page, inspector(page), -40);
  await expect.poll(() => width(inspector(page))).toBe(340);
  const edge = inspector(page).getByRole('separator');
  await edge.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => width(inspector(page))).toBe(356);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => width(inspector(page))).toBe(324);
  // Enter on the edge collapses it, and a double-click on the edge brings it back.
  await page.keyboard.press('Enter');
  await expect(inspector(page)).toHaveAttribute('data-collapsed', 'true');
  await edge.dblclick();
  await expect(inspector(page)).toHaveAttribute('data-collapsed', 'false');
  await expect.poll(() => width(inspector(page))).toBe(324);

  // Fit frames the graph in the canvas as it now is.
  await page.keyboard.press('Control+b');
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  await page.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Fit' }).click();
  await steadyView(page);
  const box = (await pane(page).boundingBox())!;
  for (const id of ['dieA', 'dieB']) {
    const n = (await node(page, id).boundingBox())!;
    expect(n.x, id).toBeGreaterThanOrEqual(box.x);
    expect(n.x + n.width, id).toBeLessThanOrEqual(box.x + box.width);
  }

  // The last drag before the reload is remembered as it ends.
  await dragEdge(page, inspector(page), -20);
  await expect.poll(() => width(inspector(page))).toBe(344);

  // After a reload: the palette collapsed (at 160 when it comes back), the inspector at 344.
  await page.reload();
  await page.locator('.react-flow').waitFor();
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  await expect.poll(() => width(inspector(page))).toBe(344);
  await page.getByRole('button', { name: 'Expand the node palette' }).click();
  await expect.poll(() => width(palette(page))).toBe(160);
});

test('stored panel states that make no sense fall back to the defaults', async ({ page }) => {
  await openEditor(page);
  await page.evaluate(() => {
    localStorage.setItem('convolab.palette', '{not json');
    localStorage.setItem('convolab.inspector', JSON.stringify({ width: 'wide', collapsed: 'yes' }));
  });
  await page.reload();
  await page.locator('.react-flow').waitFor();
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'false');
  await expect(inspector(page)).toHaveAttribute('data-collapsed', 'false');
  expect(await width(palette(page))).toBe(200);
  expect(await width(inspector(page))).toBe(300);
});

test('the palette starts collapsed only in a narrow window with nothing stored', async ({ page }) => {
  await openEditor(page);
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  // Nothing was stored: in a wide window the next start has it expanded.
  await page.setViewportSize({ width: 1400, height: 860 });
  await page.reload();
  await page.locator('.react-flow').waitFor();
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'false');
  // Collapsed by the user, it stays collapsed in the wide window; expanded by the user, it stays expanded in the narrow one.
  await page.keyboard.press('Control+b');
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  await page.reload();
  await page.locator('.react-flow').waitFor();
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'true');
  await page.keyboard.press('Control+b');
  await page.setViewportSize({ width: 960, height: 640 });
  await page.reload();
  await page.locator('.react-flow').waitFor();
  await expect(palette(page)).toHaveAttribute('data-collapsed', 'false');
});

test('with a lesson and a teaching view open, the dock gives way so the canvas keeps its least height and nothing covers the status bar', async ({ page }) => {
  await openEditor(page);
  await openLesson(page, 'two-dice');
  await expandPalette(page);
  // Step 2 opens Flip & slide, a tall view, under a lesson card of four lines.
  await page.getByRole('region', { name: 'Lesson' }).getByRole('button', { name: 'Step 2' }).click();
  await expect(page.locator('.view-dock[data-view="slide"]')).toBeVisible();
  const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
  await expect.poll(async () => Math.round((await box('.centre > .canvas')).height)).toBeGreaterThanOrEqual(180);
  const dock = await box('.view-dock');
  expect(dock.y + dock.height).toBeLessThanOrEqual((await box('.status-bar')).y + 1);
  expect(dock.height).toBeGreaterThanOrEqual(120);
  // Its edge moves with the pointer from the height drawn, not from the taller one chosen.
  const edge = await box('.dock-splitter');
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2 + 20, { steps: 2 });
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2 + 40, { steps: 2 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await box('.view-dock')).height)).toBe(Math.round(dock.height) - 40);
});
