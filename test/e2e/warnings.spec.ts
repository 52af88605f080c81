/**
 * A node's note that is a warning (computed, but likely not what was meant) is drawn as one, on
 * the node and in the inspector; an ordinary note is not.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, node, openEditor, openGraph, selectNode, shot, test } from './fixtures';
import { servedFolder } from './served';

test('an index past the last plane is a warning on the node and in the inspector; the middle plane is not', async ({ page }) => {
  const at = (x: number, y: number) => ({ x, y });
  writeFileSync(join(servedFolder(), 'warning.convolab.json'), JSON.stringify({
    format: 'convolab.graph',
    version: 2,
    nodes: [
      { id: 'ball', type: 'source.phantom3d', position: at(0, 0), params: { pattern: 'sphere', size: 16 } },
      { id: 'far', type: 'op.slice', position: at(320, 0), params: { axis: 'z', index: 40 } },
      { id: 'mid', type: 'op.slice', position: at(320, 260), params: { axis: 'z', index: -1 } },
    ],
    edges: [
      { id: 'e1', source: 'ball', sourceHandle: 'out', target: 'far', targetHandle: 'in' },
      { id: 'e2', source: 'ball', sourceHandle: 'out', target: 'mid', targetHandle: 'in' },
    ],
  }));
  await openEditor(page);
  await openGraph(page, 'warning.convolab.json');
  await expect(node(page, 'far').locator('.cl-node-info.warning')).toHaveText(/^index 40 is past the 16 planes along z/);
  await expect(node(page, 'mid').locator('.cl-node-info')).toHaveText('ok');
  await expect(node(page, 'mid').locator('.cl-node-info.warning')).toHaveCount(0);
  await selectNode(page, 'far');
  await expect(page.locator('.inspector-note.warning')).toHaveText('⚠ index 40 is past the 16 planes along z: showing the last (15)');
  await page.screenshot(shot('warning-note'));
});
