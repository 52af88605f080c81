/**
 * Find in the graph (issue 19 §5), played by keyboard and mouse: Ctrl+F opens the bar over the
 * canvas, typing counts and highlights the matches, Enter steps to each — selected and brought
 * into view — Escape closes it, and nothing of it is an edit. The status bar's error count takes
 * the user to each failing node in turn.
 */
import type { Page } from '@playwright/test';
import { READABLE_ZOOM } from '../../src-renderer/canvas/viewport';
import { buildBlurGraph, expect, node, openEditor, openExample, selectNode, shot, steadyView, test } from './fixtures';
import { expectOnCanvas } from './views-fixtures';

const findBar = (page: Page) => page.getByRole('search', { name: 'Find in the graph' });
const findField = (page: Page) => findBar(page).getByRole('textbox', { name: 'Find nodes' });
const findCount = (page: Page) => findBar(page).locator('.find-count');
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Canvas' });
const viewTransform = (page: Page) => page.locator('.react-flow__viewport').getAttribute('style');
const zoom = async (page: Page) => Number(await page.locator('.zoom-readout').getAttribute('data-zoom'));
const SELECTED = /\bselected\b/;

/** Whether the node's whole box lies inside the canvas's pane now (no waiting). */
async function inView(page: Page, id: string): Promise<boolean> {
  const box = await node(page, id).boundingBox();
  const pane = await page.locator('.react-flow').boundingBox();
  if (!box || !pane) return false;
  return box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width && box.y + box.height <= pane.y + pane.height;
}

/** The ids of the nodes ringed as matches. */
function matchedIds(page: Page): Promise<string[]> {
  return page.locator('.cl-node.find-match').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-node-id') ?? ''));
}

test('Ctrl+F finds nodes by label and by value; Enter steps to each, selected and in view; Escape closes; nothing to undo', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'image-kernels.convolab.json');
  await steadyView(page);
  await expect(toolbar(page).getByRole('button', { name: 'Undo' })).toBeDisabled();
  // Focus in the canvas (the phantom the example opens on), and the whole graph fitted: too small to read.
  await selectNode(page, 'phantom');
  await page.keyboard.press('f');
  await steadyView(page);
  expect(await zoom(page)).toBeLessThan(READABLE_ZOOM);

  await page.keyboard.press('Control+f');
  await expect(findField(page)).toBeFocused();
  await page.keyboard.type('sobel y');
  // Typing counts and highlights; it moves nothing.
  await expect(findCount(page)).toHaveText('3 matches');
  expect((await matchedIds(page)).sort()).toEqual(['sobelY', 'sobelYKernel', 'sobelYView']);
  const total = await page.locator('.cl-node').count();
  await expect(page.locator('.cl-node.find-dimmed')).toHaveCount(total - 3);
  await expect(node(page, 'phantom')).toHaveClass(SELECTED);

  // The first step zooms in from the unreadable fit to show the node.
  await page.keyboard.press('Enter');
  await expect(node(page, 'sobelYKernel')).toHaveClass(SELECTED);
  await expect(findCount(page)).toHaveText('1 of 3');
  await expectOnCanvas(page, 'sobelYKernel');
  await steadyView(page);
  const readable = await zoom(page);
  expect(readable).toBeGreaterThanOrEqual(READABLE_ZOOM);
  expect(await inView(page, 'sobelYView')).toBe(false);
  const before = await viewTransform(page);

  await page.keyboard.press('Enter');
  // The labels that are exactly "Sobel y" rank first: the view before sobelY ("phantom * Sobel y"), which the file lists earlier.
  await expect(node(page, 'sobelYView')).toHaveClass(SELECTED);
  await expect(node(page, 'sobelYKernel')).not.toHaveClass(SELECTED);
  await expect(findCount(page)).toHaveText('2 of 3');
  await expect(findBar(page).locator('.find-where')).toHaveText('label Sobel y');
  await expectOnCanvas(page, 'sobelYView');
  await steadyView(page);
  // The view moved to it, at the readable zoom it already had.
  expect(await viewTransform(page)).not.toBe(before);
  expect(await zoom(page)).toBeCloseTo(readable, 3);
  await page.screenshot(shot('find-stepped'));

  await page.keyboard.press('Shift+Enter');
  await expect(node(page, 'sobelYKernel')).toHaveClass(SELECTED);

  // Ctrl+F again selects the query, so typing replaces it: a param's value finds the three views with a diverging colour map.
  await page.keyboard.press('Control+f');
  await page.keyboard.type('diverging');
  await expect(findField(page)).toHaveValue('diverging');
  await expect(findCount(page)).toHaveText('3 matches');
  expect((await matchedIds(page)).sort()).toEqual(['laplacianView', 'sobelXView', 'sobelYView']);
  await page.keyboard.press('Enter');
  await expect(node(page, 'laplacianView')).toHaveClass(SELECTED);
  await expect(findBar(page).locator('.find-where')).toHaveText('colormap = diverging');
  await expectOnCanvas(page, 'laplacianView');
  await steadyView(page);
  const stepped = await viewTransform(page);

  // Escape closes the bar and puts nothing back: the selection and the view stay.
  await page.keyboard.press('Escape');
  await expect(findBar(page)).toBeHidden();
  await expect(page.locator('.cl-node.find-dimmed')).toHaveCount(0);
  await expect(page.locator('.cl-node.find-match')).toHaveCount(0);
  await expect(node(page, 'laplacianView')).toHaveClass(SELECTED);
  expect(await viewTransform(page)).toBe(stepped);
  // Find edited nothing: there is still nothing to undo.
  await expect(toolbar(page).getByRole('button', { name: 'Undo' })).toBeDisabled();

  // F3 opens the bar on the same query and goes on from where it was.
  await page.keyboard.press('F3');
  await expect(findBar(page)).toBeVisible();
  await expect(node(page, 'sobelXView')).toHaveClass(SELECTED);
  await expect(findCount(page)).toHaveText('2 of 3');
  await expectOnCanvas(page, 'sobelXView');
  // Escape with the focus in the canvas closes the bar too, and clears the selection as it always does.
  await selectNode(page, 'sobelXView');
  await page.keyboard.press('Escape');
  await expect(findBar(page)).toBeHidden();
  await expect(node(page, 'sobelXView')).not.toHaveClass(SELECTED);
  // With nothing selected the inspector's help lists the find keys.
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.locator('dt', { hasText: /^Ctrl\+F$/ })).toBeVisible();
  await expect(inspector.locator('dt', { hasText: /^F3$/ })).toBeVisible();
  await inspector.screenshot(shot('find-shortcut-help'));
});

test("the status bar's error count selects each failing node in turn and brings it into view", async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'convolution-theorem.convolab.json');
  await steadyView(page);
  await expect(node(page, 'check').locator('[data-status="ok"]')).toBeVisible();
  const failed = page.getByRole('status').locator('.failed-nodes');
  await expect(failed).toHaveCount(0);

  // Break both FFTs (an n shorter than the signal), going to each with Find and editing n in the inspector.
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  for (const id of ['fftA', 'fftB']) {
    await page.keyboard.press('Control+f');
    await page.keyboard.type(id);
    await page.keyboard.press('Enter');
    await expect(node(page, id)).toHaveClass(SELECTED);
    const n = inspector.getByRole('textbox', { name: 'n', exact: true });
    await n.fill('4');
    await n.press('Enter');
    await expect(node(page, id)).toHaveClass(/status-error/);
  }
  // The nodes downstream are skipped, not failed: the two FFTs are what broke.
  await expect(failed).toHaveText('2 nodes failed');
  await expect(failed).toHaveAttribute('title', /fftA: .*\nfftB: /);

  // Away to the value table at the far right; the FFTs are off screen.
  await page.keyboard.press('Control+f');
  await page.keyboard.type('table');
  await page.keyboard.press('Enter');
  await findBar(page).getByRole('button', { name: 'Close find' }).click();
  await expect(findBar(page)).toBeHidden();
  await expectOnCanvas(page, 'table');
  await steadyView(page);
  expect(await inView(page, 'fftA')).toBe(false);
  expect(await inView(page, 'fftB')).toBe(false);

  await failed.click();
  await expect(node(page, 'fftA')).toHaveClass(SELECTED);
  await expect(node(page, 'table')).not.toHaveClass(SELECTED);
  await expectOnCanvas(page, 'fftA');
  await steadyView(page);
  await page.screenshot(shot('find-error-jump'));
  await failed.click();
  await expect(node(page, 'fftB')).toHaveClass(SELECTED);
  await expect(node(page, 'fftA')).not.toHaveClass(SELECTED);
  await expectOnCanvas(page, 'fftB');
  // After the last, the first again.
  await failed.click();
  await expect(node(page, 'fftA')).toHaveClass(SELECTED);
});

test('a match a collapsed frame hides shows as that frame, selected in its stead, so Delete never takes a node out of sight', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraph(page, { function1: [60, 100], gaussian1: [320, 100], convolve1: [640, 100], plot1: [640, 380] });
  await selectNode(page, 'function1');
  await node(page, 'gaussian1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await page.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Frame' }).click();
  const frame = page.locator('.cl-frame');
  await frame.getByRole('button', { name: 'Collapse frame' }).click();
  await expect(node(page, 'gaussian1')).toBeHidden();
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 300 } });
  await page.keyboard.press('Control+f');
  await page.keyboard.type('gaussian');
  await page.keyboard.press('Enter');
  await expect(frame).toHaveClass(/\bselected\b/);
  // The inspector shows no hidden node as selected.
  await expect(page.getByRole('complementary', { name: 'Inspector' }).locator('h2')).toHaveText('Inspector');
  await page.screenshot(shot('find-hidden-in-frame'));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Delete');
  // What Delete took is the frame the user saw selected: both nodes it hid are back in sight.
  await expect(frame).toHaveCount(0);
  await expect(node(page, 'gaussian1')).toBeVisible();
  await expect(node(page, 'function1')).toBeVisible();
});
