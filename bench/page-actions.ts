/**
 * What the page benches do in the editor as a user would: drop a node from the palette, wire two
 * ports, set a param in the inspector (bench/preview-latency.ts, bench/layout-probe.ts).
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
