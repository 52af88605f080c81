/**
 * Unsaved work in the web build is backed up in IndexedDB: a tab closed without saving offers it
 * back in the next tab, a tab still open keeps its own, and saving drops the backup.
 */
import { expect, test, type Page } from '@playwright/test';
import { node } from '../e2e/fixtures';
import { openExample, openWeb } from './web-fixtures';

/** The ids of the backups in the page's IndexedDB. */
function backupIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const opening = indexedDB.open('convolab', 1);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const read = opening.result.transaction('backups', 'readonly').objectStore('backups').getAllKeys();
          read.onsuccess = () => {
            opening.result.close();
            resolve(read.result.map(String));
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
}

test('work left unsaved in a closed tab is offered back in the next one, not while its tab is open; saving drops it', async ({ context }) => {
  const first = await context.newPage();
  await openWeb(first);
  await openExample(first, 'two-dice.convolab.json');
  const faces = node(first, 'dieA').getByLabel('Faces', { exact: true });
  await faces.fill('8');
  await faces.press('Enter');
  await expect(first.locator('.unsaved-mark')).toBeVisible();
  // About a second after the change, the backup is in IndexedDB.
  await expect.poll(() => backupIds(first), { timeout: 10_000 }).toHaveLength(1);

  // Another tab while the first is open: the first's work is its own, not offered.
  const second = await context.newPage();
  await openWeb(second);
  await expect(second.getByRole('status')).toContainText('0 nodes');
  await second.waitForTimeout(1000);
  await expect(second.getByRole('dialog', { name: 'Restore unsaved work' })).toHaveCount(0);
  await second.close({ runBeforeUnload: false });

  // The first tab goes without saving (as a crash or a closed window does).
  await first.close({ runBeforeUnload: false });
  const next = await context.newPage();
  await openWeb(next);
  const offer = next.getByRole('dialog', { name: 'Restore unsaved work' });
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('9 nodes');
  await next.screenshot({ path: 'test-results/web-backups-offer.png' });
  await offer.getByRole('button', { name: 'Restore' }).click();
  await expect(offer).toBeHidden();
  await expect(node(next, 'dieA').getByLabel('Faces', { exact: true })).toHaveValue('8');
  // A d8 and a d6: the sum runs from 2 to 14.
  await expect(node(next, 'sum')).toContainText('n=13');

  // Saved (downloaded here), the backup is gone.
  const download = next.waitForEvent('download');
  await next.keyboard.press('Control+s');
  await download;
  await expect(next.locator('.unsaved-mark')).toHaveCount(0);
  await expect.poll(() => backupIds(next)).toEqual([]);
});
