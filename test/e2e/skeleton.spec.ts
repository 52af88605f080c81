import { connect, expect, openEditor, test } from './fixtures';

test('a user adds a sequence and a plot, wires them, and sees the preview drawn', async ({ page }) => {
  await openEditor(page);
  await expect(page.getByRole('status')).toContainText('Convolab test · browser');

  await page.locator('.palette-item[data-type="source.sequence"]').click();
  const sequence = page.locator('.cl-node[data-node-id="sequence1"]');
  await expect(sequence).toBeVisible();
  // The new node ran in the host's worker and came back with its preview.
  await expect(sequence.locator('[data-status="ok"]')).toBeVisible();

  // Drag the plot from the palette onto the canvas, to the right of the sequence.
  const canvas = page.locator('.react-flow__pane');
  const box = (await canvas.boundingBox())!;
  await page.locator('.palette-item[data-type="sink.plot"]').dragTo(canvas, {
    targetPosition: { x: box.width / 2 + 220, y: box.height / 2 - 40 },
  });
  const plot = page.locator('.cl-node[data-node-id="plot1"]');
  await expect(plot).toBeVisible();
  // Not an error yet: it only waits for its input, and says which.
  await expect(plot.locator('[data-status="waiting"]')).toContainText('input in is not connected');

  await connect(page, '.cl-node[data-node-id="sequence1"] .react-flow__handle.source', '.cl-node[data-node-id="plot1"] .react-flow__handle[data-handleid="in"]');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(plot.locator('[data-status="ok"]')).toBeVisible();
  const stems = plot.locator('[data-preview="signal"] path.stems');
  await expect(stems).toHaveAttribute('d', /M.*V.*M.*V.*M.*V/);
  await expect(plot).toContainText('n=3');

  // Editing the values on the node re-runs it and the plot follows.
  await sequence.getByLabel('Values').fill('1, 2, 3, 4, 5');
  await sequence.getByLabel('Values').press('Enter');
  await expect(plot).toContainText('n=5');

  await page.screenshot({ path: 'test-results/skeleton-two-nodes.png' });
});
