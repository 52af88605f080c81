import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openEditor, servedFolder, test } from './fixtures';

test('File › Export as Python downloads the open graph as a numpy/scipy script and says how to run it', async ({ page }) => {
  copyFileSync(join(import.meta.dirname, '../../examples/two-dice.convolab.json'), join(servedFolder(), 'python-dice.convolab.json'));
  await openEditor(page);
  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: /^Open…/ }).click();
  const browser = page.getByRole('dialog', { name: 'Open a graph' });
  await browser.locator('.file-entry[data-path="python-dice.convolab.json"]').dblclick();
  await expect(page.locator('.document-name')).toHaveText('python-dice.convolab.json');

  await page.getByRole('button', { name: 'File menu' }).click();
  const item = page.getByRole('menuitem', { name: 'Export as Python…' });
  await expect(item).toBeVisible();
  await page.screenshot({ path: 'test-results/export-python-menu.png' });
  const download = page.waitForEvent('download');
  await item.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('python-dice.py');
  const text = readFileSync(await file.path(), 'utf8');
  expect(text.startsWith('#!/usr/bin/env python3\n"""python-dice.convolab.json, exported from Convolab')).toBe(true);
  expect(text).toContain('    sum = op_convolve(dieA, dieB, method="direct", mode="full", boundary="zero", stride=1, integral=False)\n');
  await expect(page.getByRole('status')).toContainText('Exported python-dice.py: run it with python3 python-dice.py');
  await page.screenshot({ path: 'test-results/export-python-done.png' });
});
