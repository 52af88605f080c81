/**
 * Live execution as the user sees it: an error stays on its node while the rest of the graph
 * still shows its previews, invalid input is refused where it is typed, a long node shows its
 * progress and can be cancelled, and sink.audio plays and stops.
 */
import type { Page } from '@playwright/test';
import { connect, dropFromPalette, expect, handle, node, openEditor, selectNode, shot, test } from './fixtures';

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

test("a node's error stays on that node; what depends on it is skipped, and the rest of the graph keeps its previews", async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 30, 20);
  await dropFromPalette(page, 'sink.plot', 320, 20);
  await dropFromPalette(page, 'source.sequence', 30, 290);
  await dropFromPalette(page, 'sink.plot', 320, 290);
  await connect(page, handle('function1', 'out', 'source'), handle('plot1', 'in', 'target'));
  await connect(page, handle('sequence1', 'out', 'source'), handle('plot2', 'in', 'target'));
  await expect(node(page, 'plot1').locator('[data-status="ok"]')).toBeVisible();

  // A broken expression: the function node says what is wrong, in its own words.
  await node(page, 'function1').getByRole('combobox', { name: 'Shape' }).selectOption('expression');
  await selectNode(page, 'function1');
  const expression = inspector(page).getByRole('textbox', { name: 'Expression' });
  await expression.fill('t +* 2');
  await expression.press('Enter');
  await expect(node(page, 'function1')).toHaveClass(/status-error/);
  await expect(node(page, 'function1').locator('.cl-node-error')).toHaveText('params.expression: cannot read it: Value expected (char 4)');
  await expect(inspector(page).locator('.inspector-status')).toContainText('params.expression: cannot read it');
  // The inspector also puts the message under the field it is about.
  await expect(inspector(page).getByRole('alert')).toHaveText('cannot read it: Value expected (char 4)');
  await expect(expression).toHaveAttribute('aria-invalid', 'true');
  await expect(node(page, 'plot1').locator('[data-status="skipped"]')).toHaveText(/skipped: input from function1 has no value/);
  // The other branch ran and still draws.
  await expect(node(page, 'plot2').locator('[data-status="ok"]')).toBeVisible();
  await expect(node(page, 'plot2').locator('path.stems')).toHaveAttribute('d', /M.*V.*M.*V.*M.*V/);
  await page.screenshot(shot('runs-error-on-one-node'));

  // Fixing it brings the plot back.
  await expression.fill('exp(-t * t)');
  await expression.press('Enter');
  await expect(node(page, 'function1').locator('[data-status="ok"]')).toBeVisible();
  await expect(node(page, 'plot1').locator('path.trace')).toHaveAttribute('d', /^M/);

  // A value out of range is refused where it is typed, with the rule; the document keeps its value.
  await selectNode(page, 'sequence1');
  const rate = inspector(page).getByRole('textbox', { name: 'Sample rate' });
  await rate.fill('-5');
  await rate.press('Enter');
  await expect(rate).toHaveAttribute('aria-invalid', 'true');
  await expect(inspector(page).getByRole('alert')).toHaveText('-5 is out of range: type a value from 1e-6 to 1e9');
  await expect(node(page, 'sequence1').locator('[data-status="ok"]')).toBeVisible();
  await page.screenshot(shot('runs-inline-validation'));
  await rate.press('Escape');
  await expect(rate).toHaveValue('1');
  await expect(inspector(page).getByRole('alert')).toHaveCount(0);
});

test('a long node shows its progress from inside its loop and a Cancel button; the status bar shows the run', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 30, 20);
  await dropFromPalette(page, 'op.convolve', 320, 20);
  await dropFromPalette(page, 'sink.plot', 600, 20);
  // 120,001 samples convolved with themselves the direct way: about 1.4·10^10 multiply-adds.
  await selectNode(page, 'function1');
  await inspector(page).getByRole('textbox', { name: 'Sample rate' }).fill('30000');
  await inspector(page).getByRole('textbox', { name: 'Sample rate' }).press('Enter');
  await expect(node(page, 'function1')).toContainText('n=120001');
  await selectNode(page, 'convolve1');
  await inspector(page).getByRole('combobox', { name: 'Method' }).selectOption('direct');
  await connect(page, handle('convolve1', 'out', 'source'), handle('plot1', 'in', 'target'));
  await connect(page, handle('function1', 'out', 'source'), handle('convolve1', 'a', 'target'));
  await connect(page, handle('function1', 'out', 'source'), handle('convolve1', 'b', 'target'));

  const convolve = node(page, 'convolve1');
  await expect(convolve.locator('[data-status="running"]')).toBeVisible();
  // After half a second the node shows a progress bar that the engine moves from inside the loop.
  const bar = convolve.getByRole('progressbar', { name: 'Progress' });
  await expect(bar).toBeVisible();
  const first = Number(await bar.getAttribute('value'));
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(first);
  expect(Number(await bar.getAttribute('value'))).toBeLessThan(1);
  await expect(convolve.locator('[data-status="running"]')).toContainText(/running \d+%/);
  const status = page.getByRole('status');
  await expect(status).toContainText(/running… \d of 3 nodes/);
  await expect(status.getByRole('progressbar', { name: 'Run progress' })).toBeVisible();
  await page.screenshot(shot('runs-progress'));

  await convolve.getByRole('button', { name: 'Cancel' }).click();
  await expect(status).toContainText('run cancelled');
  await expect(convolve.locator('[data-status="idle"]')).toHaveText('stopped before it finished');
  await page.screenshot(shot('runs-cancelled'));

  // Run again starts it over; the status bar's Cancel stops it too.
  await status.getByRole('button', { name: 'Run again' }).click();
  await expect(convolve.locator('[data-status="running"]')).toBeVisible();
  await status.getByRole('button', { name: 'Cancel run' }).click();
  await expect(status).toContainText('run cancelled');
});

test('sink.audio plays its signal through Web Audio and stops', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.testSound', 30, 20);
  // Long enough to be still playing when Stop is pressed, however busy the machine.
  await setDuration(page, 'testSound1', 6);
  await dropFromPalette(page, 'sink.audio', 320, 20);
  await connect(page, handle('testSound1', 'out', 'source'), handle('audioSink1', 'in', 'target'));
  await expect(node(page, 'audioSink1').locator('[data-status="ok"]')).toBeVisible();
  const player = node(page, 'audioSink1').locator('.audio-player');
  await expect(player).toHaveAttribute('data-context', 'none');

  await player.getByRole('button', { name: /Play/ }).click();
  await expect(player).toHaveAttribute('data-state', 'playing');
  // The state of the page's real AudioContext, as it reported it.
  await expect(player).toHaveAttribute('data-context', 'running');
  // The large preview's buttons show the same playback.
  await selectNode(page, 'audioSink1');
  const panel = page.getByRole('region', { name: 'Large preview' }).locator('.audio-player');
  await expect(panel).toHaveAttribute('data-state', 'playing');
  await expect(panel).toContainText('6.00 s at 48000 Hz');
  await page.screenshot(shot('runs-audio-playing'));

  await panel.getByRole('button', { name: /Stop/ }).click();
  await expect(player).toHaveAttribute('data-state', 'idle');
  await expect(player).toHaveAttribute('data-context', 'suspended');
  await expect(player.getByRole('button', { name: /Stop/ })).toBeDisabled();

  // Played to its end, a short sound stops by itself and releases the device.
  await dropFromPalette(page, 'source.testSound', 30, 320);
  await setDuration(page, 'testSound2', 3);
  await dropFromPalette(page, 'sink.audio', 320, 320);
  await connect(page, handle('testSound2', 'out', 'source'), handle('audioSink2', 'in', 'target'));
  await expect(node(page, 'audioSink2').locator('[data-status="ok"]')).toBeVisible();
  const short = node(page, 'audioSink2').locator('.audio-player');
  await short.getByRole('button', { name: /Play/ }).click();
  await expect(short).toHaveAttribute('data-state', 'playing');
  await expect(short).toHaveAttribute('data-context', 'running');
  await expect(short).toHaveAttribute('data-state', 'idle', { timeout: 20_000 });
  await expect(short).toHaveAttribute('data-context', 'suspended');
});

/** Sets a test sound's duration in the inspector, before anything is wired to it. */
async function setDuration(page: Page, id: string, seconds: number): Promise<void> {
  await selectNode(page, id);
  const field = inspector(page).getByRole('textbox', { name: 'Duration (s)', exact: true });
  await field.fill(String(seconds));
  await field.press('Enter');
  await expect(field).toHaveValue(String(seconds));
}

test('direct and FFT convolutions side by side agree, each showing its own time on the canvas', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.function', 30, 120);
  await dropFromPalette(page, 'op.convolve', 320, 20);
  await dropFromPalette(page, 'op.convolve', 320, 250);
  await dropFromPalette(page, 'op.compare', 600, 20);
  await dropFromPalette(page, 'sink.value', 600, 250);
  await selectNode(page, 'function1');
  await inspector(page).getByRole('textbox', { name: 'Sample rate' }).fill('2000');
  await inspector(page).getByRole('textbox', { name: 'Sample rate' }).press('Enter');
  for (const [id, method] of [['convolve1', 'direct'], ['convolve2', 'fft']] as const) {
    await selectNode(page, id);
    await inspector(page).getByRole('combobox', { name: 'Method' }).selectOption(method);
    await connect(page, handle('function1', 'out', 'source'), handle(id, 'a', 'target'));
    await connect(page, handle('function1', 'out', 'source'), handle(id, 'b', 'target'));
  }
  await connect(page, handle('convolve1', 'out', 'source'), handle('compare1', 'a', 'target'));
  await connect(page, handle('convolve2', 'out', 'source'), handle('compare1', 'b', 'target'));
  await connect(page, handle('compare1', 'out', 'source'), handle('value1', 'in', 'target'));
  const table = node(page, 'value1').locator('[data-preview="value"]');
  await expect(table.locator('tr', { hasText: 'match' }).locator('td')).toHaveText('1', { timeout: 20_000 });
  // 8001 × 8001 samples: both give the same 16001 numbers to rounding.
  await expect(node(page, 'convolve1')).toContainText('n=16001');
  expect(Number(await table.locator('tr', { hasText: 'relError' }).locator('td').innerText())).toBeLessThan(1e-9);
  for (const id of ['convolve1', 'convolve2']) await expect(node(page, id).locator('.cl-node-ms')).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
  await page.screenshot(shot('runs-direct-against-fft'));
});
