/**
 * A param typed on a node of a 300-node graph re-renders that node and what shows its value, not
 * the panels around the canvas nor the other nodes (issue 19 §7): renders are counted by
 * component (src-renderer/renderCount.ts) from the edit until its run has ended and its plot shown.
 */
import type { Page } from '@playwright/test';
import { scaleGraph } from '../../bench/scale-graph';
import { shareLink } from '../../src-shared/io/share-link';
import { E2E_TOKEN, expect, node, openEditor, shot, test } from './fixtures';

async function renderCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => ({ ...window.__convolabRenderCounts }));
}

/** Types `value` into k0's σ on the node, presses Enter, and waits for the run and for p0's plot to show it. */
async function changeSigma(page: Page, value: string): Promise<Record<string, number>> {
  const field = node(page, 'k0').locator('input.param-number-text');
  const plot = node(page, 'p0').locator('[data-preview="signal"]');
  const before = await plot.innerHTML();
  await field.fill(value);
  await page.evaluate(() => (window.__convolabRenderCounts = {}));
  await field.press('Enter');
  await expect(page.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'done');
  await expect.poll(() => plot.innerHTML()).not.toBe(before);
  await page.waitForTimeout(300);
  return renderCounts(page);
}

// The counting is switched on by an init script, which a shared page cannot drop again for the
// next test (shared-editor.ts): these tests get a browser context of their own.
test.use({ freshContext: true });

/** Components outside the canvas's nodes that show nothing of one node's param or value. */
const PANELS = ['Canvas', 'CanvasToolbar', 'Palette', 'Navigator', 'LessonPanel', 'TitleBar', 'NodeMenu', 'StatusBar', 'FailedNodes', 'CheckSummary'];

const nodesRendered = (counts: Record<string, number>): string[] =>
  Object.keys(counts)
    .filter((name) => name.startsWith('GenericNode '))
    .map((name) => name.slice('GenericNode '.length))
    .sort();

test('a param typed on a node re-renders that node and what shows its value, not the panels or the other nodes', async ({ page }) => {
  await page.addInitScript(() => (window.__convolabRenderCounts = {}));
  await openEditor(page);
  const link = shareLink(scaleGraph());
  if (!link.ok) throw new Error(link.error);
  await page.goto(`/?token=${E2E_TOKEN}${link.value}`);
  await expect(node(page, 'k0')).toBeVisible();
  await expect(page.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'done', { timeout: 60_000 });
  // The first edit makes the document unsaved and undoable (the title bar and the toolbar show it) and
  // the page's first cached reports are news: what a later edit renders is what this test is about.
  await changeSigma(page, '2.25');

  const unselected = await changeSigma(page, '2.75');
  // The node edited, and the chain whose values changed (k0 → c0 → p0): no other node of the 300.
  expect(nodesRendered(unselected)).toEqual(['c0', 'k0', 'p0']);
  for (const panel of [...PANELS, 'Inspector', 'ViewDock', 'LargePreview']) expect(unselected[panel] ?? 0, panel).toBe(0);

  // Selected, the inspector and the dock show k0: they render for it, the rest still does not.
  await node(page, 'k0').click({ position: { x: 20, y: 10 } });
  await expect(page.locator('.inspector[data-node-id="k0"]')).toBeVisible();
  const selected = await changeSigma(page, '3.25');
  expect(nodesRendered(selected)).toEqual(['c0', 'k0', 'p0']);
  for (const panel of PANELS) expect(selected[panel] ?? 0, panel).toBe(0);
  // The edit, the node running and its result (and the moment it shows running, on a slow run):
  // a few renders, not one per store change of the run.
  const counts = JSON.stringify(selected);
  expect(selected.Inspector ?? 0, counts).toBeGreaterThanOrEqual(1);
  expect(selected.Inspector ?? 0, counts).toBeLessThanOrEqual(5);
  expect(selected.ViewDock ?? 0, counts).toBeLessThanOrEqual(2);
  await page.locator('.status-bar').screenshot(shot('render-counts-status-bar'));
});
