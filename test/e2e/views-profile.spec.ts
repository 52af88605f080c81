import { expect, openEditor, test } from './fixtures';
import { lessonStep, selectNode } from './views-fixtures';

test('profiler: direct against the FFT route, timed in the host over growing n, slopes fitted on log–log axes', async ({ page }) => {
  test.setTimeout(120_000);
  await openEditor(page);
  await lessonStep(page, 'convolution-theorem', 5);
  await page.getByRole('button', { name: 'Close the lesson' }).click();
  // The whole graph in view (F), as the step framed only its own nodes.
  await page.keyboard.press('f');
  await page.waitForTimeout(400);
  await selectNode(page, 'direct');
  await selectNode(page, 'back', ['Shift']);
  await page.getByRole('tab', { name: 'Profile' }).click();
  const view = page.getByTestId('profile-view');
  await expect(view.getByRole('checkbox', { name: 'direct' })).toBeChecked();
  await expect(view.getByRole('checkbox', { name: 'FFT → × → IFFT' })).toBeChecked();
  await view.getByLabel('Largest size').selectOption('16');
  await view.getByRole('button', { name: 'Run profile' }).click();
  await expect(view.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(view).toHaveAttribute('data-status', 'done', { timeout: 100_000 });
  // Both curves have a fitted slope (the values are measured, not asserted: timing is never tested).
  await expect(page.getByTestId('slope-0')).toHaveText(/^\d+\.\d\d$/);
  await expect(page.getByTestId('slope-1')).toHaveText(/^\d+\.\d\d$/);
  await expect(view.locator('.profile-chart canvas')).toBeVisible();
  const slopes = await view.locator('.profile-series').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-slope')));
  test.info().annotations.push({ type: 'slopes', description: slopes.join(', ') });
  await page.screenshot({ path: 'test-results/views-profile-theorem.png' });
});

test('profiler: a running profile can be cancelled', async ({ page }) => {
  test.setTimeout(90_000);
  await openEditor(page);
  await lessonStep(page, 'two-dice', 2);
  await page.getByRole('tab', { name: 'Profile' }).click();
  const view = page.getByTestId('profile-view');
  await view.getByLabel('Largest size').selectOption('22');
  await view.getByLabel('Time budget per size').selectOption('5000');
  await view.getByRole('button', { name: 'Run profile' }).click();
  await expect(page.getByTestId('profile-progress')).toContainText('timing', { timeout: 60_000 });
  await view.getByRole('button', { name: 'Cancel' }).click();
  await expect(view).toHaveAttribute('data-status', 'cancelled');
  await expect(view.getByRole('button', { name: 'Run again' })).toBeVisible();
});
