/**
 * The equivalence check of two long signals that differ at one sample: the view's residual is
 * reduced to the sample of largest |a − b| in each step (engine/analysis.ts worstOfEach), and says
 * so; every 4th sample alone would have drawn a flat residual here (the one sample that differs is
 * at index 78,643 of 262,144, not a multiple of 4).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openEditor, openGraph, selectNode, servedFolder, test } from './fixtures';

const R = 1 << 18;
const common = { t0: -0.3, t1: -0.3 + (R - 1) / R, rate: R };
const graph = {
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'x', type: 'source.function', position: { x: 40, y: 40 }, params: { shape: 'noise', seed: 3, ...common } },
    { id: 'imp', type: 'source.function', position: { x: 40, y: 300 }, params: { shape: 'impulse', amplitude: 0.01, ...common } },
    { id: 'y', type: 'op.add', position: { x: 340, y: 200 } },
    { id: 'cmp', type: 'op.compare', position: { x: 640, y: 80 } },
  ],
  edges: [
    { id: 'e1', source: 'x', sourceHandle: 'out', target: 'y', targetHandle: 'a' },
    { id: 'e2', source: 'imp', sourceHandle: 'out', target: 'y', targetHandle: 'b' },
    { id: 'e3', source: 'x', sourceHandle: 'out', target: 'cmp', targetHandle: 'a' },
    { id: 'e4', source: 'y', sourceHandle: 'out', target: 'cmp', targetHandle: 'b' },
  ],
};

test('a long pair that differs at one sample: the reduced residual keeps it, and the view says how it is reduced', async ({ page }) => {
  writeFileSync(join(servedFolder(), 'cmp.convolab.json'), JSON.stringify(graph));
  await openEditor(page);
  await openGraph(page, 'cmp.convolab.json');
  await selectNode(page, 'cmp');
  await page.getByText('Equivalence', { exact: true }).click();
  await expect(page.getByTestId('compare-view')).toBeVisible({ timeout: 30000 });
  await expect(page.locator('.compare-reduced')).toHaveText('Each point is the sample of largest |a − b| among 4, so the residual\'s peak is max |a − b|.', { timeout: 30000 });
  await expect(page.getByTestId('compare-verdict')).toHaveText('FAIL');
  await page.screenshot({ path: 'test-results/compare-long-residual.png' });
});
