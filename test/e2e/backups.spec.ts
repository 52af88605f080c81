import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type OwnServer, startOwnServer, test } from './fixtures';

const example = join(import.meta.dirname, '../../examples/two-dice.convolab.json');

function backupsIn(stateDir: string): string[] {
  const folder = join(stateDir, 'backups');
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.backup.json')) : [];
}

test('unsaved work survives a killed server: the next start offers it back, and saving it drops the backup', async ({ browser }) => {
  const base = mkdtempSync(join(tmpdir(), 'convolab-crash-'));
  const folder = join(base, 'served');
  const stateDir = join(base, 'state');
  mkdirSync(folder);
  copyFileSync(example, join(folder, 'dice.convolab.json'));
  const servers: OwnServer[] = [];
  try {
    servers.push(await startOwnServer({ folder, stateDir }));
    const first = await browser.newPage();
    await first.goto(servers[0].url);
    await first.getByRole('button', { name: 'File menu' }).click();
    await first.getByRole('menuitem', { name: /^Open…/ }).click();
    await first.locator('.file-entry[data-path="dice.convolab.json"]').dblclick();
    const faces = first.locator('.cl-node[data-node-id="dieA"]').getByLabel('Faces', { exact: true });
    await faces.fill('8');
    await faces.press('Enter');
    await expect(first.locator('.unsaved-mark')).toBeVisible();
    // About a second after the change, the backup is on disk.
    await expect.poll(() => backupsIn(stateDir).length, { timeout: 5000 }).toBe(1);

    await servers[0].stop('SIGKILL');
    await first.close({ runBeforeUnload: false });
    expect(readFileSync(join(folder, 'dice.convolab.json'), 'utf8')).toBe(readFileSync(example, 'utf8'));

    servers.push(await startOwnServer({ folder, stateDir }));
    const next = await browser.newPage();
    await next.goto(servers[1].url);
    const offer = next.getByRole('dialog', { name: 'Restore unsaved work' });
    await expect(offer).toBeVisible();
    await expect(offer).toContainText('dice.convolab.json');
    await expect(offer).toContainText('9 nodes');
    await next.screenshot({ path: 'test-results/backups-restore-offer.png' });
    await offer.getByRole('button', { name: 'Restore' }).click();
    await expect(offer).toBeHidden();
    await expect(next.locator('.cl-node[data-node-id="dieA"]').getByLabel('Faces', { exact: true })).toHaveValue('8');
    await expect(next.locator('.document-name')).toHaveText('•dice.convolab.json');
    // A d8 and a d6: the sum runs from 2 to 14.
    await expect(next.locator('.cl-node[data-node-id="sum"]')).toContainText('n=13', { timeout: 20_000 });
    await next.screenshot({ path: 'test-results/backups-restored.png' });

    // Saved back to its file, the backup is gone.
    await next.keyboard.press('Control+s');
    await expect(next.locator('.unsaved-mark')).toHaveCount(0);
    expect(readFileSync(join(folder, 'dice.convolab.json'), 'utf8')).toContain('"faces": 8');
    await expect.poll(() => backupsIn(stateDir)).toEqual([]);
    await next.close();
  } finally {
    for (const server of servers) await server.stop('SIGKILL');
  }
});

test('a backup that is discarded is not offered again', async ({ browser }) => {
  const base = mkdtempSync(join(tmpdir(), 'convolab-discard-'));
  const folder = join(base, 'served');
  const stateDir = join(base, 'state');
  mkdirSync(folder);
  const servers: OwnServer[] = [];
  try {
    servers.push(await startOwnServer({ folder, stateDir }));
    const first = await browser.newPage();
    await first.goto(servers[0].url);
    await first.locator('.palette-item[data-type="source.sequence"]').click();
    await expect.poll(() => backupsIn(stateDir).length, { timeout: 5000 }).toBe(1);
    await servers[0].stop('SIGKILL');
    await first.close({ runBeforeUnload: false });

    servers.push(await startOwnServer({ folder, stateDir }));
    const next = await browser.newPage();
    await next.goto(servers[1].url);
    const offer = next.getByRole('dialog', { name: 'Restore unsaved work' });
    await expect(offer).toContainText('Untitled');
    await expect(offer).toContainText('1 node');
    await offer.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => backupsIn(stateDir)).toEqual([]);
    await expect(next.locator('.cl-node')).toHaveCount(0);
    await expect(offer).toBeHidden();
    // With the last offer discarded the dialog is closed, not just empty: the page's File keys
    // work again (Ctrl+S, Ctrl+O and Alt+N did nothing for the rest of the session).
    await next.locator('.palette-item[data-type="source.dice"]').click();
    await next.keyboard.press('Control+s');
    await expect(next.getByRole('dialog', { name: 'Save the graph' })).toBeVisible();
    await next.close();
  } finally {
    for (const server of servers) await server.stop('SIGKILL');
  }
});
