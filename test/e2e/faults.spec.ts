import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, startOwnServer, test } from './fixtures';

/** Two padded sequences convolved by the direct sum: long enough (a second or so) to die inside. */
function slowGraph(): string {
  const edge = (id: string, source: string, target: string, targetHandle = 'in') => ({ id, source, sourceHandle: 'out', target, targetHandle });
  return JSON.stringify({
    format: 'convolab.graph',
    version: 1,
    nodes: [
      { id: 'a', type: 'source.sequence', position: { x: 0, y: 0 }, params: { values: [1, 2, 3, 2, 1] } },
      { id: 'b', type: 'source.sequence', position: { x: 0, y: 300 }, params: { values: [1, -1] } },
      { id: 'padA', type: 'op.pad', position: { x: 260, y: 0 }, params: { length: 32768 } },
      { id: 'padB', type: 'op.pad', position: { x: 260, y: 300 }, params: { length: 8192 } },
      { id: 'conv', type: 'op.convolve', position: { x: 520, y: 100 }, params: { method: 'direct' } },
      { id: 'plot', type: 'sink.plot', position: { x: 800, y: 100 } },
    ],
    edges: [edge('e1', 'a', 'padA'), edge('e2', 'b', 'padB'), edge('e3', 'padA', 'conv', 'a'), edge('e4', 'padB', 'conv', 'b'), edge('e5', 'conv', 'plot')],
  });
}

test('a worker killed mid-run is reported in the status bar, replaced, and the graph runs again intact', async ({ page }) => {
  test.skip(process.platform === 'win32', 'the test server takes its fault by a POSIX signal');
  const base = mkdtempSync(join(tmpdir(), 'convolab-fault-'));
  const folder = join(base, 'served');
  mkdirSync(folder);
  writeFileSync(join(folder, 'slow.convolab.json'), slowGraph());
  const server = await startOwnServer({ folder, stateDir: join(base, 'state') });
  try {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'File menu' }).click();
    await page.getByRole('menuitem', { name: /^Open…/ }).click();
    await page.locator('.file-entry[data-path="slow.convolab.json"]').dblclick();
    const conv = page.locator('.cl-node[data-node-id="conv"]');
    // Full mode: 32768 + 8192 − 1 samples.
    await expect(conv).toContainText('n=40959', { timeout: 30_000 });

    await server.signal('SIGUSR2', /armed/);
    await conv.getByLabel('Mode', { exact: true }).selectOption('same');
    await expect.poll(() => server.output(), { timeout: 15_000 }).toMatch(/killed the engine worker while node conv ran/);

    const notice = page.locator('.status-bar .notice.error');
    await expect(notice).toContainText(/the engine worker stopped \(exit code \d+\); started a new one and ran the graph again/);
    await page.screenshot({ path: 'test-results/faults-worker-killed.png' });

    // The new worker ran the graph as it is now (same mode: as long as a), every node ok.
    await expect(conv).toContainText('n=32768', { timeout: 30_000 });
    await expect(page.locator('.status-bar [data-run-status="done"]')).toBeVisible();
    for (const id of ['a', 'b', 'padA', 'padB', 'conv', 'plot']) {
      await expect(page.locator(`.cl-node[data-node-id="${id}"] .cl-node-status`)).toHaveAttribute('data-status', 'ok');
    }
    // The report stays until the user dismisses it.
    await expect(notice).toBeVisible();
    await page.screenshot({ path: 'test-results/faults-graph-ran-again.png' });
  } finally {
    await server.stop('SIGKILL');
  }
});
