/**
 * Verdicts at a glance (issue 13): a Compare that does not match is FAIL in red on the node, in
 * its value preview, in the inspector and in the status bar; fixed, it is PASS in green and the
 * status bar's failure is gone. A refused wire's notice clears when its cause does. The palette
 * finds nodes by what people call them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { connect, expect, handle, node, openEditor, openGraph, selectNode, servedFolder, shot, test } from './fixtures';

const RED = 'rgb(255, 107, 107)';
const GREEN = 'rgb(127, 214, 127)';

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const colour = (locator: Locator, property = 'color') => locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);

/** Two sequences that differ in one sample, compared, the record shown in a value table. */
function failingGraph(): string {
  const at = (x: number, y: number) => ({ x, y });
  return JSON.stringify({
    format: 'convolab.graph',
    version: 1,
    meta: { title: 'A check that fails' },
    nodes: [
      { id: 'seqA', type: 'source.sequence', position: at(0, 0), params: { values: [1, 2, 3] } },
      { id: 'seqB', type: 'source.sequence', position: at(0, 260), params: { values: [1, 2, 4] } },
      { id: 'check', type: 'op.compare', position: at(320, 80) },
      { id: 'table', type: 'sink.value', position: at(620, 80) },
    ],
    edges: [
      { id: 'e1', source: 'seqA', sourceHandle: 'out', target: 'check', targetHandle: 'a' },
      { id: 'e2', source: 'seqB', sourceHandle: 'out', target: 'check', targetHandle: 'b' },
      { id: 'e3', source: 'check', sourceHandle: 'out', target: 'table', targetHandle: 'in' },
    ],
  });
}

test('a failing Compare is FAIL in red on the node, its preview, the inspector and the status bar; fixed, PASS in green', async ({ page }) => {
  writeFileSync(join(servedFolder(), 'failing-check.convolab.json'), failingGraph());
  await openEditor(page);
  await openGraph(page, 'failing-check.convolab.json');
  const check = node(page, 'check');
  const status = page.getByRole('status');

  // On the canvas: the node ran (its status line, its time) and its check failed.
  await expect(check).toHaveAttribute('data-verdict', 'fail');
  const badge = check.locator('.cl-verdict');
  await expect(badge).toHaveText('FAIL');
  expect(await colour(badge, 'background-color')).toBe(RED);
  expect(await colour(check, 'border-top-color')).toBe(RED);
  await expect(check.locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');
  await expect(check.locator('.cl-node-ms')).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
  // The ran-ok line is not green on a check: green is for PASS.
  expect(await colour(check.locator('.cl-node-status'))).not.toBe(GREEN);
  // Its value preview, and the value table it feeds.
  for (const id of ['check', 'table']) {
    const caption = node(page, id).locator('[data-preview="value"] caption');
    await expect(caption).toHaveText('FAIL');
    expect(await colour(caption)).toBe(RED);
    expect(await colour(node(page, id).locator('tr.verdict-row td'))).toBe(RED);
  }
  await expect(node(page, 'table').locator('tr', { hasText: 'match' }).locator('td')).toHaveText('0');

  // The status bar names it; a click selects it and the inspector says FAIL, apart from "ran".
  const summary = status.locator('.check-summary');
  await expect(summary).toHaveText(/^1 check failed:\s*check$/);
  expect(await colour(summary)).toBe(RED);
  await summary.getByRole('button', { name: 'check' }).click();
  await expect(check).toHaveClass(/selected/);
  const verdict = inspector(page).locator('.inspector-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'fail');
  await expect(verdict.locator('strong')).toHaveText('FAIL');
  await expect(verdict).toContainText('match = 0');
  expect(await colour(verdict.locator('strong'))).toBe(RED);
  await expect(inspector(page).locator('.inspector-status strong')).toHaveText('ran');
  await page.screenshot(shot('verdicts-fail'));
  await check.screenshot(shot('verdicts-fail-node'));

  // Fix it: relError is 1/3, so a tolerance of 0.5 lets the check pass.
  const tolerance = inspector(page).getByRole('textbox', { name: 'Tolerance' });
  await tolerance.fill('0.5');
  await tolerance.press('Enter');
  await expect(check).toHaveAttribute('data-verdict', 'pass');
  await expect(badge).toHaveText('PASS');
  expect(await colour(badge)).toBe(GREEN);
  await expect(verdict.locator('strong')).toHaveText('PASS');
  expect(await colour(verdict.locator('strong'))).toBe(GREEN);
  const caption = node(page, 'table').locator('[data-preview="value"] caption');
  await expect(caption).toHaveText('PASS');
  expect(await colour(caption)).toBe(GREEN);
  // The failure is gone from the status bar; the pass is said in green.
  await expect(status).not.toContainText('failed');
  await expect(summary).toHaveText('1 check passed: check');
  expect(await colour(summary)).toBe(GREEN);
  await page.screenshot(shot('verdicts-pass'));
});

test('a refused wire\'s notice clears when its cause does: the wire in the way is deleted', async ({ page }) => {
  writeFileSync(join(servedFolder(), 'notice-check.convolab.json'), failingGraph());
  await openEditor(page);
  await openGraph(page, 'notice-check.convolab.json');
  await expect(node(page, 'check')).toHaveAttribute('data-verdict', 'fail');
  const notice = page.locator('.status-bar .notice');
  await connect(page, handle('seqA', 'out', 'source'), handle('check', 'b', 'target'));
  await expect(notice).toContainText('Not connected: check.b already takes seqB.out');

  // Deleting seqB (and its wire) removes what stood in the way: the notice goes by itself.
  await selectNode(page, 'seqB');
  await page.keyboard.press('Delete');
  await expect(node(page, 'seqB')).toHaveCount(0);
  await expect(notice).toHaveCount(0);
  // A check waiting for an input has no verdict.
  await expect(node(page, 'check')).not.toHaveAttribute('data-verdict', /./);
  await expect(page.locator('.status-bar .check-summary')).toHaveCount(0);
});

test('the palette finds the Gaussian kernel by "blur" and "lowpass", and its scrollbar is dark', async ({ page }) => {
  await openEditor(page);
  const palette = page.getByRole('complementary', { name: 'Node palette' });
  await palette.screenshot(shot('verdicts-palette-scrollbar'));
  // Dark scrollbars: the thumb is drawn in the theme's colours, not the system's white.
  expect(await colour(palette, 'scrollbar-color')).not.toBe('auto');
  const search = palette.getByRole('searchbox', { name: 'Search nodes' });
  for (const query of ['blur', 'lowpass', 'smooth', 'average']) {
    await search.fill(query);
    await expect(palette.locator('.palette-item[data-type="kernel.gaussian"]')).toBeVisible();
    await expect(palette.locator('.palette-item[data-type="kernel.box"]')).toBeVisible();
  }
  await search.fill('lowpass');
  await palette.screenshot(shot('verdicts-palette-lowpass'));
  // Enter adds the first match: a kernel, by its intent.
  await search.press('Enter');
  await expect(page.locator('.cl-node[data-type^="kernel."]')).toHaveCount(1);
});
