import { expect, openEditor, selectNode, test } from './fixtures';
import { expectOnCanvas, openLesson } from './views-fixtures';

test('a lesson walks through its steps: reveals nodes, highlights and selects the step\'s own, back, and starts over', async ({ page }) => {
  await openEditor(page);
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const list = page.getByRole('menu', { name: 'Lessons' });
  // The story's order: dice first, CT after the CNN layer.
  const names = await list.locator('[data-lesson]').evaluateAll((items) => items.map((item) => item.getAttribute('data-lesson')));
  expect(names.indexOf('two-dice')).toBe(0);
  expect(names.indexOf('cnn-layer')).toBeLessThan(names.indexOf('ct-reconstruction'));
  await page.screenshot({ path: 'test-results/views-lesson-menu.png' });
  await list.locator('[data-lesson="two-dice"]').click();

  const card = page.getByRole('region', { name: 'Lesson' });
  await expect(card.getByTestId('lesson-text')).toContainText('Two fair dice');
  await expect(card).toContainText('step 1 / 4');
  // Step 1 shows the dice only: the sum, the plot and the check come later.
  await expect(page.locator('.cl-node[data-node-id="dieA"]')).toBeVisible();
  await expect(page.locator('.cl-node[data-node-id="sum"]')).toHaveCount(0);
  await expect(page.locator('.react-flow__node.lesson-highlight')).toHaveCount(2);

  await card.getByRole('button', { name: 'Next ›' }).click();
  await expect(card.getByTestId('lesson-text')).toContainText('convolution of their lists');
  await expect(page.locator('.cl-node[data-node-id="sum"]')).toBeVisible();
  await expect(page.locator('.react-flow__node.lesson-highlight .cl-node[data-node-id="sum"]')).toBeVisible();
  // The step's node is selected and its teaching view opens: flip and slide for the convolution.
  await expect(page.locator('.view-dock[data-view="slide"]')).toBeVisible();
  await expect(page.getByTestId('flip-slide')).toBeVisible();
  await page.screenshot({ path: 'test-results/views-lesson-step2.png' });

  await card.getByRole('button', { name: 'Next ›' }).click();
  await card.getByRole('button', { name: 'Next ›' }).click();
  await expect(card).toContainText('step 4 / 4');
  await expect(page.locator('.view-dock[data-view="compare"]')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Next ›' })).toBeDisabled();
  await card.getByRole('button', { name: '‹ Back' }).click();
  await expect(card).toContainText('step 3 / 4');
  // The learner deletes the sum; Start over brings the first step and the graph as the lesson
  // began, and one undo gives the learner's change back.
  const sum = page.locator('.cl-node[data-node-id="sum"]');
  await selectNode(page, 'sum');
  await page.keyboard.press('Delete');
  await expect(sum).toHaveCount(0);
  await card.getByRole('button', { name: '↺ Start over' }).click();
  await expect(card).toContainText('step 1 / 4');
  await expect(page.locator('.status-bar')).toContainText('Started over');
  await expect(card.getByRole('button', { name: '↺ Start over' })).toBeDisabled();
  await card.getByRole('button', { name: 'Step 2' }).click();
  await expect(sum).toBeVisible();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(sum).toHaveCount(0);
  // Changed since the lesson began: Start over is offered on the first step too.
  await card.getByRole('button', { name: 'Step 1' }).click();
  await expect(card.getByRole('button', { name: '↺ Start over' })).toBeEnabled();
  await card.getByRole('button', { name: '↺ Start over' }).click();
  await card.getByRole('button', { name: 'Step 2' }).click();
  await expect(sum).toBeVisible();
  await card.getByRole('button', { name: 'Step 1' }).click();
  await expect(page.locator('.cl-node[data-node-id="sum"]')).toHaveCount(0);

  // Closing the lesson shows every node again; the lesson can be resumed.
  await card.getByRole('button', { name: 'Close the lesson' }).click();
  await expect(page.locator('.cl-node')).toHaveCount(9);
  await page.getByRole('button', { name: /Two dice \(4 steps\)/ }).click();
  await expect(card).toContainText('step 1 / 4');
});

test('the CNN lesson ends on translation equivariance, checked by op.compare', async ({ page }) => {
  await openEditor(page);
  await openLesson(page, 'cnn-layer');
  const card = page.getByRole('region', { name: 'Lesson' });
  await card.getByRole('button', { name: 'Step 5' }).click();
  await expect(card.getByTestId('lesson-text')).toContainText('conv(shift(x)) = shift(conv(x))');
  await expect(page.getByTestId('compare-verdict')).toHaveText('PASS', { timeout: 30_000 });
  await expect(page.getByTestId('compare-stats')).toContainText('0');
  // The step brings its first node into view at a readable zoom (the whole graph would be too small to read).
  await expectOnCanvas(page, 'equivariance');
  // The framing moves the view over a fifth of a second: the zoom it ends at, not one on the way
  // (a busy CI run read 0.596 while the view was still moving to 0.6).
  await expect.poll(async () => Number(await page.locator('.zoom-readout').getAttribute('data-zoom'))).toBeGreaterThanOrEqual(0.6);
  await page.screenshot({ path: 'test-results/views-lesson-cnn-equivariance.png' });
});

test('on a small screen a long lesson step and a teaching view still leave the canvas room for the step\'s nodes', async ({ page }) => {
  test.slow();
  // A 1024 × 640 window: the 3-D CT lesson's U-Net step wraps to many lines, and the U-Net view is a tall dock.
  await page.setViewportSize({ width: 1024, height: 640 });
  await openEditor(page);
  await openLesson(page, 'ct-3d-sparse');
  const card = page.getByRole('region', { name: 'Lesson' });
  await card.getByRole('button', { name: 'Step 5', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'U-Net', selected: true })).toBeVisible({ timeout: 60_000 });
  // The step's text has the card's width to itself (the buttons go under it when the card is
  // narrow), not a column beside them ten lines tall.
  const cardBox = (await card.boundingBox())!;
  expect((await card.getByTestId('lesson-text').boundingBox())!.width).toBeGreaterThan(0.75 * cardBox.width);
  expect(cardBox.height).toBeLessThan(200);
  // The canvas keeps a usable height (it once had none: the lesson and the dock took it all), and
  // the step's selected node is on it; the dock gives way, and the status bar stays in the window.
  await expect.poll(async () => (await page.locator('.react-flow').boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(150);
  await expectOnCanvas(page, 'unet');
  const dock = (await page.getByRole('region', { name: 'Views' }).boundingBox())!;
  const status = (await page.getByRole('status').first().boundingBox())!;
  expect(dock.y + dock.height).toBeLessThanOrEqual(status.y + 1);
  await page.screenshot({ path: 'test-results/views-lesson-small-window.png' });
});
