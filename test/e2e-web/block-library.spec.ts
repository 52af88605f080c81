/**
 * The web build keeps the block library in IndexedDB (web-host/library.ts): a saved block is
 * listed in another tab, a name in use is replaced only when the user says so, and a record
 * that is not a block (a hostile or broken one put there by hand) is skipped with one line.
 */
import { expect, test, type Page } from '@playwright/test';
import { dropFromPalette, node } from '../e2e/fixtures';
import { openWeb } from './web-fixtures';

/** Puts records into the library's store as they are, past every check the page makes. */
function putRecords(page: Page, records: { name: unknown; text: unknown }[]): Promise<void> {
  return page.evaluate(
    (records) =>
      new Promise<void>((resolve, reject) => {
        const opening = indexedDB.open('convolab-library', 1);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const transaction = opening.result.transaction('blocks', 'readwrite');
          for (const record of records) transaction.objectStore('blocks').put({ ...record, savedAt: 0 });
          transaction.oncomplete = () => {
            opening.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    records,
  );
}

function storedNames(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const opening = indexedDB.open('convolab-library', 1);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const read = opening.result.transaction('blocks', 'readonly').objectStore('blocks').getAllKeys();
          read.onsuccess = () => {
            opening.result.close();
            resolve(read.result.map(String));
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
}

async function saveToLibrary(page: Page, id: string, name: string): Promise<void> {
  await node(page, id).locator('.cl-node-title').click({ button: 'right' });
  await page.getByRole('menu', { name: `Node ${id}` }).getByRole('menuitem', { name: 'Save to library…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save block to library' });
  await dialog.getByLabel('Block name').fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

test('a block saved to the library is listed in the next tab; a broken record is skipped with one line', async ({ context }) => {
  const page = await context.newPage();
  await openWeb(page);
  await dropFromPalette(page, 'op.scale', 200, 150);
  await node(page, 'scale1').locator('.cl-node-title').click({ button: 'right' });
  await page.getByRole('menu', { name: 'Node scale1' }).getByRole('menuitem', { name: 'Group as block' }).click();
  await expect(node(page, 'block1')).toBeVisible();
  await saveToLibrary(page, 'block1', 'Scaler');
  const myBlocks = page.getByRole('region', { name: 'My blocks' });
  await expect(myBlocks.locator('.palette-block[data-library-block="Scaler"]')).toContainText('no inputs → no outputs');
  expect(await storedNames(page)).toEqual(['Scaler']);

  // Saving another block under that name asks first; Cancel leaves the library as it was.
  await dropFromPalette(page, 'op.shift', 200, 400);
  await node(page, 'shift1').locator('.cl-node-title').click({ button: 'right' });
  await page.getByRole('menu', { name: 'Node shift1' }).getByRole('menuitem', { name: 'Group as block' }).click();
  await saveToLibrary(page, 'block2', 'Scaler');
  const replace = page.getByRole('dialog', { name: 'Replace “Scaler” in My blocks?' });
  await replace.getByRole('button', { name: 'Cancel' }).click();
  await expect(replace).toBeHidden();

  await putRecords(page, [
    { name: 'Broken', text: '{ "format": "convolab.graph", "version": 3, "nodes": [' },
    { name: '../escape', text: 'x' },
    { name: 'Plain graph', text: JSON.stringify({ format: 'convolab.graph', version: 2, nodes: [{ id: 'a', type: 'op.fft' }], edges: [] }) },
  ]);
  // A new tab (the first one stays open, so its unsaved work is not offered there) lists the library anew.
  const next = await context.newPage();
  await openWeb(next);
  const item = next.getByRole('region', { name: 'My blocks' }).locator('.palette-block');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-library-block', 'Scaler');
  // The kept block is the first one saved (a scale), not the shift the Cancel refused.
  await item.click();
  await node(next, 'block1').dblclick();
  await expect(node(next, 'scale1')).toBeVisible();
  const warnings = next.getByRole('region', { name: 'My blocks' }).locator('.palette-warning');
  await expect(warnings).toHaveCount(3);
  await expect(warnings.filter({ hasText: 'Broken.convolab.json skipped: line' })).toHaveCount(1);
  await expect(warnings.filter({ hasText: 'plain file name' })).toHaveCount(1);
  await expect(warnings.filter({ hasText: 'exactly one block node' })).toHaveCount(1);
  await next.getByRole('navigation', { name: 'Block path' }).getByRole('button').first().click();
  await next.screenshot({ path: 'test-results/block-library-web.png' });
});
