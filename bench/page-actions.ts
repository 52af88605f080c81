/**
 * What the page benches do in the editor as a user would: drop a node from the palette, wire two
 * ports, set a param in the inspector, and so build the 1-D case's graph (bench/preview-latency.ts,
 * bench/layout-probe.ts).
 */
import type { Page } from '@playwright/test';

export async function dropFromPalette(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.locator(`.palette-item[data-type="${type}"]`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

export async function connect(page: Page, from: [string, string], to: [string, string]): Promise<void> {
  const a = (await page.locator(`.cl-node[data-node-id="${from[0]}"] .react-flow__handle.source[data-handleid="${from[1]}"]`).boundingBox())!;
  const b = (await page.locator(`.cl-node[data-node-id="${to[0]}"] .react-flow__handle.target[data-handleid="${to[1]}"]`).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
}

export async function setInspector(page: Page, role: 'textbox' | 'combobox', name: string, value: string): Promise<void> {
  const field = page.getByRole('complementary', { name: 'Inspector' }).getByRole(role, { name, exact: true });
  if (role === 'combobox') await field.selectOption(value);
  else {
    await field.fill(value);
    await field.press('Enter');
  }
}

export async function select(page: Page, id: string): Promise<void> {
  await page.locator(`.cl-node[data-node-id="${id}"] .cl-node-title`).click();
}

export async function waitForText(page: Page, id: string, text: string): Promise<void> {
  await page.locator(`.cl-node[data-node-id="${id}"]`).filter({ hasText: text }).waitFor({ timeout: 120_000 });
}

/**
 * The 1-D case's graph, dropped and wired as a user would: a Gaussian function of 2^16 samples
 * (function1) ⊛ a 49-tap Gaussian kernel (gaussian1, σ = 8) → convolve1 → plot1; returns once
 * the plot shows the 65,584 samples of the full convolution.
 */
export async function buildOneDimensional(page: Page): Promise<void> {
  await dropFromPalette(page, 'source.function', 30, 20);
  await dropFromPalette(page, 'kernel.gaussian', 30, 280);
  await dropFromPalette(page, 'op.convolve', 320, 100);
  await dropFromPalette(page, 'sink.plot', 600, 40);
  await select(page, 'gaussian1');
  await setInspector(page, 'combobox', 'Dimensions', '1');
  await setInspector(page, 'textbox', 'σ', '8');
  await select(page, 'function1');
  await setInspector(page, 'combobox', 'Shape', 'gaussian');
  // 2^16 samples: start = round(-2 · 16384) = -32768, end = round(t1 · 16384) = 32767.
  await setInspector(page, 'textbox', 't1 (s)', String(2 - 1 / 16384));
  await setInspector(page, 'textbox', 'Sample rate', '16384');
  await connect(page, ['function1', 'out'], ['convolve1', 'a']);
  await connect(page, ['gaussian1', 'out'], ['convolve1', 'b']);
  await connect(page, ['convolve1', 'out'], ['plot1', 'in']);
  await waitForText(page, 'plot1', 'n=65584'); // 65536 + 49 − 1
}
