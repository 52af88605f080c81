/**
 * A graph of 300 nodes (issue 19 §7): only the nodes in view are in the page, so panning costs
 * what is on screen, not what is in the file; a node brought into view renders with its preview,
 * and the run still computes every node (a sink far out of view reports its value).
 */
import { scaleGraph } from '../../bench/scale-graph';
import { shareLink } from '../../src-shared/io/share-link';
import { E2E_TOKEN, expect, node, openEditor, shot, test } from './fixtures';

test('a 300-node graph renders only what is in view, and a node panned into view shows its preview', async ({ page }) => {
  await openEditor(page);
  const link = shareLink(scaleGraph());
  if (!link.ok) throw new Error(link.error);
  await page.goto(`/?token=${E2E_TOKEN}${link.value}`);
  await expect(page.locator('.cl-node').first()).toBeVisible();
  await expect(page.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'done', { timeout: 60_000 });
  const opened = await page.locator('.cl-node').count();
  expect(opened).toBeGreaterThan(0);
  expect(opened).toBeLessThan(100);
  await expect(page.locator('.cl-node[data-node-id="p67"]')).toHaveCount(0);
  await expect(page.locator('.status-bar')).toContainText('300 nodes');

  // The last chain is far off screen: zoom out to fit, then wheel in around it, as a user does.
  await page.getByRole('button', { name: /^Fit$/ }).click();
  const far = node(page, 'p67');
  await expect(far).toBeVisible();
  const box = (await far.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -200);
  await expect(far.locator('[data-preview="signal"]')).toBeVisible();
  // It ran while out of view: its value is there as soon as it renders.
  await expect(far.locator('[data-status="ok"]')).toBeVisible();
  expect(await page.locator('.cl-node').count()).toBeLessThan(100);
  await page.screenshot(shot('canvas-scale-far-chain'));
});
