import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineMemory } from '../../src-main/host/memory-limit';
import { expect, startOwnServer, test } from './fixtures';

/** A 10,000,001-sample signal (76.3 MiB as 64-bit samples) into a plot, beside a small one that fits any budget. */
function bigGraph(): string {
  const edge = (id: string, source: string, target: string) => ({ id, source, sourceHandle: 'out', target, targetHandle: 'in' });
  return JSON.stringify({
    format: 'convolab.graph',
    version: 2,
    nodes: [
      { id: 'big', type: 'source.function', position: { x: 0, y: 0 }, params: { shape: 'sine', t0: 0, t1: 10, rate: 1e6 } },
      { id: 'plot', type: 'sink.plot', position: { x: 320, y: 0 } },
      { id: 'small', type: 'source.sequence', position: { x: 0, y: 320 }, params: { values: [1, 2, 3] } },
      { id: 'smallPlot', type: 'sink.plot', position: { x: 320, y: 320 } },
    ],
    edges: [edge('e1', 'big', 'plot'), edge('e2', 'small', 'smallPlot')],
  });
}

test('under serve, a node over the budget says to start the server with a larger --memory; the page cannot raise it', async ({ page }) => {
  const base = mkdtempSync(join(tmpdir(), 'convolab-memory-'));
  const folder = join(base, 'served');
  mkdirSync(folder);
  writeFileSync(join(folder, 'big.convolab.json'), bigGraph());
  const server = await startOwnServer({ folder, stateDir: join(base, 'state'), memory: '64M' });
  try {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'File menu' }).click();
    await page.getByRole('menuitem', { name: /^Open…/ }).click();
    await page.locator('.file-entry[data-path="big.convolab.json"]').dblclick();
    const big = page.locator('.cl-node[data-node-id="big"]');
    await expect(big.locator('.cl-node-status')).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
    // The way out is the server's, named only when the machine has that much.
    const wayOut = machineMemory() >= 256 * 1024 ** 2 ? ', or start convolab serve with --memory 256M (this page cannot raise it)' : '';
    await expect(big.locator('.cl-node-error')).toHaveText(`10000001 samples would need 76.3 MiB, over the 64.0 MiB limit: use smaller inputs or sizes${wayOut}`);
    // The error is the node's: the rest of the graph runs.
    await expect(page.locator('.cl-node[data-node-id="smallPlot"] .cl-node-status')).toHaveAttribute('data-status', 'ok');
    await page.screenshot({ path: 'test-results/memory-serve-refusal.png' });
    await big.click();
    await page.screenshot({ path: 'test-results/memory-serve-refusal-selected.png' });
  } finally {
    await server.stop('SIGKILL');
  }
});
