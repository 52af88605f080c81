import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, node, openEditor, openGraph, selectNode, servedFolder, test, writeImageBlurGraph } from './fixtures';

const examples = join(import.meta.dirname, '../../examples');

async function fileMenu(page: Page, item: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Puts a fresh copy of an example into the served folder, for a test that changes it. */
function placeExample(example: string, name: string): string {
  const path = join(servedFolder(), name);
  copyFileSync(join(examples, example), path);
  return path;
}

/** File → Open…, then a double click on the file in the served folder's browser. */
async function openFromFolder(page: Page, path: string): Promise<void> {
  await fileMenu(page, /^Open…/);
  const browser = page.getByRole('dialog', { name: 'Open a graph' });
  await expect(browser).toBeVisible();
  const parts = path.split('/');
  for (const folder of parts.slice(0, -1)) await browser.locator(`.file-entry.folder[data-path$="${folder}"]`).dblclick();
  await browser.locator(`.file-entry[data-path="${path}"]`).dblclick();
  await expect(browser).toBeHidden();
}

test('a user opens a graph from the served folder and sees it run, named in the title', async ({ page }) => {
  await openEditor(page);
  await expect(page).toHaveTitle('Untitled — Convolab');
  await fileMenu(page, /^Open…/);
  const browser = page.getByRole('dialog', { name: 'Open a graph' });
  // Graph files are offered; other files are shown dimmed and folders can be entered.
  await expect(browser.locator('.file-entry.folder[data-path="more"]')).toBeVisible();
  await expect(browser.locator('.file-entry.other[data-path="notes.txt"]')).toBeVisible();
  await page.screenshot({ path: 'test-results/files-open-browser.png' });
  await browser.locator('.file-entry[data-path="two-dice.convolab.json"]').dblclick();

  await expect(page.locator('.cl-node[data-node-id="dieA"]')).toBeVisible();
  await expect(page.locator('.cl-node[data-node-id="plot"] [data-status="ok"]')).toBeVisible();
  await expect(page.locator('.document-name')).toHaveText('two-dice.convolab.json');
  await expect(page).toHaveTitle('two-dice.convolab.json — Convolab');
  await expect(page.locator('.unsaved-mark')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/files-opened.png' });
});

test('saving an unchanged graph writes the same bytes; an edit is saved and comes back on reopening', async ({ page }) => {
  await openEditor(page);
  await openFromFolder(page, 'more/polynomial-multiplication.convolab.json');
  const onDisk = join(servedFolder(), 'more', 'polynomial-multiplication.convolab.json');
  const original = readFileSync(join(examples, 'polynomial-multiplication.convolab.json'), 'utf8');
  await expect(page.locator('.document-name')).toHaveText('polynomial-multiplication.convolab.json');
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status')).toContainText('Saved polynomial-multiplication.convolab.json');
  expect(readFileSync(onDisk, 'utf8')).toBe(original);

  const edited = placeExample('two-dice.convolab.json', 'edited-dice.convolab.json');
  await openFromFolder(page, 'edited-dice.convolab.json');
  const faces = page.locator('.cl-node[data-node-id="dieA"]').getByLabel('Faces', { exact: true });
  await faces.fill('8');
  await faces.press('Enter');
  await expect(page.locator('.unsaved-mark')).toBeVisible();
  await expect(page).toHaveTitle('• edited-dice.convolab.json — Convolab');
  await page.screenshot({ path: 'test-results/files-unsaved-mark.png' });
  await page.keyboard.press('Control+s');
  await expect(page.locator('.unsaved-mark')).toHaveCount(0);
  const saved = readFileSync(edited, 'utf8');
  expect(saved).toContain('"faces": 8');
  // One param changed: one line of the file changed.
  const before = readFileSync(join(examples, 'two-dice.convolab.json'), 'utf8').split('\n');
  const after = saved.split('\n');
  expect(after).toHaveLength(before.length);
  expect(after.filter((line, index) => line !== before[index])).toEqual(['        "faces": 8']);

  // A fresh page: the file is in Open Recent and opens as saved.
  await page.reload();
  await page.locator('.react-flow').waitFor();
  await page.getByRole('button', { name: 'File menu' }).click();
  await expect(page.getByRole('group', { name: 'Open Recent' })).toContainText('edited-dice.convolab.json');
  await page.screenshot({ path: 'test-results/files-recent.png' });
  await page.getByRole('menuitem', { name: 'edited-dice.convolab.json' }).click();
  await expect(page.locator('.cl-node[data-node-id="dieA"]').getByLabel('Faces', { exact: true })).toHaveValue('8');
  // A d8 and a d6: sums 2 to 14. A fresh page has a fresh engine, whose worker may take a while to start.
  await expect(page.locator('.cl-node[data-node-id="sum"]')).toContainText('n=13', { timeout: 20_000 });
});

test('Save As puts a new graph where the user says in the served folder', async ({ page }) => {
  await openEditor(page);
  await page.locator('.palette-item[data-type="source.sequence"]').click();
  await expect(page.locator('.cl-node[data-node-id="sequence1"]')).toBeVisible();
  await page.keyboard.press('Control+s');
  const browser = page.getByRole('dialog', { name: 'Save the graph' });
  await expect(browser).toBeVisible();
  await browser.locator('.file-entry.folder[data-path="more"]').dblclick();
  await expect(browser.getByRole('navigation', { name: 'Folder' })).toContainText('more');
  await browser.getByLabel('Name').fill('my sequence');
  await page.screenshot({ path: 'test-results/files-save-as.png' });
  await browser.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.document-name')).toHaveText('my sequence.convolab.json');
  const text = readFileSync(join(servedFolder(), 'more', 'my sequence.convolab.json'), 'utf8');
  expect(text).toContain('"type": "source.sequence"');

  // Saving over an existing file asks first.
  const before = readFileSync(join(servedFolder(), 'two-dice.convolab.json'), 'utf8');
  await page.keyboard.press('Shift+Control+S');
  await browser.getByRole('link', { name: 'Served folder' }).or(browser.getByRole('button', { name: 'Served folder' })).click();
  await browser.locator('.file-entry[data-path="two-dice.convolab.json"]').click();
  await browser.getByRole('button', { name: 'Save', exact: true }).click();
  const replace = page.getByRole('dialog', { name: 'Replace two-dice.convolab.json?' });
  await expect(replace).toBeVisible();
  await replace.getByRole('button', { name: 'Cancel' }).click();
  await browser.getByRole('button', { name: 'Cancel' }).click();
  expect(readFileSync(join(servedFolder(), 'two-dice.convolab.json'), 'utf8')).toBe(before);
});

test('New, Open and closing over unsaved changes ask Save / Don\'t Save / Cancel first', async ({ page }) => {
  await openEditor(page);
  await page.locator('.palette-item[data-type="source.sequence"]').click();
  await expect(page.locator('.cl-node[data-node-id="sequence1"]')).toBeVisible();

  await fileMenu(page, /^New/);
  const prompt = page.getByRole('dialog', { name: 'Unsaved changes' });
  await expect(prompt).toContainText('Do you want to save the changes you made to Untitled?');
  await page.screenshot({ path: 'test-results/files-unsaved-prompt.png' });
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await expect(prompt).toBeHidden();
  await expect(page.locator('.cl-node[data-node-id="sequence1"]')).toBeVisible();

  // Open a file: the question comes once the file is known to be good.
  await openFromFolder(page, 'two-dice.convolab.json');
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: "Don't Save" }).click();
  await expect(page.locator('.cl-node[data-node-id="dieA"]')).toBeVisible();
  await expect(page.locator('.cl-node[data-node-id="sequence1"]')).toHaveCount(0);

  // Save in the question saves first (Save As for an untitled graph), then goes on.
  await page.keyboard.press('Alt+n');
  await expect(page.locator('.cl-node')).toHaveCount(0);
  await page.locator('.palette-item[data-type="source.dice"]').click();
  await page.keyboard.press('Alt+n');
  await prompt.getByRole('button', { name: 'Save', exact: true }).click();
  const browser = page.getByRole('dialog', { name: 'Save the graph' });
  await browser.getByLabel('Name').fill('saved-from-prompt');
  await browser.getByLabel('Name').press('Enter');
  await expect(page.locator('.cl-node')).toHaveCount(0);
  expect(readFileSync(join(servedFolder(), 'saved-from-prompt.convolab.json'), 'utf8')).toContain('"type": "source.dice"');

  // Closing the tab with unsaved changes: the browser asks (beforeunload).
  await page.locator('.palette-item[data-type="source.dice"]').click();
  const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => void dialog.dismiss().then(() => resolve(dialog.type()))));
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
});

test('a broken or hostile file shows its one-line error and leaves the open graph untouched', async ({ page }) => {
  await openEditor(page);
  await openFromFolder(page, 'two-dice.convolab.json');
  const faces = page.locator('.cl-node[data-node-id="dieA"]').getByLabel('Faces', { exact: true });
  await faces.fill('4');
  await faces.press('Enter');
  await expect(page.locator('.unsaved-mark')).toBeVisible();

  await openFromFolder(page, 'broken.convolab.json');
  const alert = page.getByRole('dialog', { name: 'Could not open broken.convolab.json' });
  await expect(alert.getByRole('alert')).toHaveText('line 6, column 5: expected , or ] but found "{"');
  await page.screenshot({ path: 'test-results/files-broken.png' });
  await alert.getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('.cl-node')).toHaveCount(9);
  await expect(faces).toHaveValue('4');
  await expect(page.locator('.document-name')).toHaveText('•two-dice.convolab.json');
  await expect(page.locator('.unsaved-mark')).toBeVisible();

  await openFromFolder(page, 'hostile.convolab.json');
  const hostile = page.getByRole('dialog', { name: 'Could not open hostile.convolab.json' });
  await expect(hostile.getByRole('alert')).toHaveText(/nested deeper than 64 levels/);
  await hostile.getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('.cl-node')).toHaveCount(9);
  await expect(faces).toHaveValue('4');
});

test('a graph file dropped on the window opens; the current graph is asked about first', async ({ page }) => {
  await openEditor(page);
  const text = readFileSync(join(examples, 'three-dice.convolab.json'), 'utf8');
  const drop = async (name: string, body: string) => {
    const transfer = await page.evaluateHandle(
      ([fileName, content]) => {
        const data = new DataTransfer();
        data.items.add(new File([content], fileName, { type: 'application/json' }));
        return data;
      },
      [name, body],
    );
    const canvas = page.locator('.react-flow__pane');
    await canvas.dispatchEvent('dragenter', { dataTransfer: transfer });
    await canvas.dispatchEvent('dragover', { dataTransfer: transfer });
    await expect(page.locator('.drop-overlay')).toBeVisible();
    await page.screenshot({ path: 'test-results/files-drop-overlay.png' });
    await canvas.dispatchEvent('drop', { dataTransfer: transfer });
  };
  await drop('three-dice.convolab.json', text);
  await expect(page.locator('.cl-node[data-node-id="dieC"]')).toBeVisible();
  await expect(page.locator('.document-name')).toHaveText('three-dice.convolab.json');

  await drop('picture.png', 'not a graph');
  await expect(page.getByRole('dialog', { name: 'Could not open picture.png' })).toContainText('not a graph file');
});

test('upload puts a file from this computer into the served folder; Download gives the graph', async ({ page }) => {
  await openEditor(page);
  await fileMenu(page, /^Open…/);
  const browser = page.getByRole('dialog', { name: 'Open a graph' });
  const text = readFileSync(join(examples, 'rect-rect-triangle.convolab.json'), 'utf8');
  await browser.locator('input[type="file"]').setInputFiles({ name: 'uploaded.convolab.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(browser.locator('.file-entry.selected[data-path="uploaded.convolab.json"]')).toBeVisible();
  expect(readFileSync(join(servedFolder(), 'uploaded.convolab.json'), 'utf8')).toBe(text);
  await browser.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.locator('.document-name')).toHaveText('uploaded.convolab.json');

  const download = page.waitForEvent('download');
  await fileMenu(page, /^Download/);
  const file = await download;
  expect(file.suggestedFilename()).toBe('uploaded.convolab.json');
  expect(readFileSync(await file.path(), 'utf8')).toBe(text);
});

test('a node\'s value is exported from its context menu and from the inspector', async ({ page }) => {
  await openEditor(page);
  await openFromFolder(page, 'two-dice.convolab.json');
  const sum = page.locator('.cl-node[data-node-id="sum"]');
  await expect(sum.locator('[data-status="ok"]')).toBeVisible();
  await sum.locator('.cl-node-title').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Node sum' });
  await expect(menu).toBeVisible();
  await page.screenshot({ path: 'test-results/files-node-menu.png' });
  const csv = page.waitForEvent('download');
  await menu.getByRole('menuitem', { name: 'Signal as CSV…' }).click();
  const csvFile = await csv;
  expect(csvFile.suggestedFilename()).toBe('sum.csv');
  // In a browser the file goes to the downloads, and the status line says so.
  await expect(page.getByRole('status')).toContainText("Downloaded sum.csv (see your browser's downloads)");
  const lines = readFileSync(await csvFile.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('index,time,value');
  // P(sum = 7) = 6/36.
  expect(Number(lines.find((line) => line.startsWith('7,'))!.split(',')[2])).toBeCloseTo(1 / 6, 12);

  const preview = page.waitForEvent('download');
  await page.locator('.cl-node[data-node-id="plot"] .cl-node-title').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Preview as PNG…' }).click();
  const png = readFileSync(await (await preview).path());
  expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');

  await page.locator('.cl-node[data-node-id="dieA"] .cl-node-title').click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const npy = page.waitForEvent('download');
  await inspector.getByRole('button', { name: 'Signal as NPY' }).click();
  const npyBytes = readFileSync(await (await npy).path());
  expect(npyBytes.subarray(1, 6).toString('latin1')).toBe('NUMPY');
  await page.screenshot({ path: 'test-results/files-inspector-export.png' });
});

test('a slow node computing again keeps its exports in the inspector, disabled, instead of dropping them', async ({ page }) => {
  // A 4096² blur with σ = 10 takes tens of ms even on a fast machine: the page shows it running.
  writeImageBlurGraph('slow-blur.convolab.json', { title: 'A slow blur', size: 4096, sigma: 10 });
  await openEditor(page);
  await openGraph(page, 'slow-blur.convolab.json');
  await expect(node(page, 'blur').locator('[data-status="ok"]')).toBeVisible({ timeout: 60_000 });
  await selectNode(page, 'blur');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('button', { name: 'Image as NPY' })).toBeEnabled();
  // Watch the section through the next run: is it ever gone, is a button ever disabled?
  await page.evaluate(() => {
    const seen = { gone: false, disabled: false };
    (window as unknown as { __exportSeen: typeof seen }).__exportSeen = seen;
    new MutationObserver(() => {
      const section = document.querySelector('.inspector-export');
      if (!section) seen.gone = true;
      else if (section.querySelector('button:disabled')) seen.disabled = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await inspector.getByRole('combobox', { name: 'Boundary' }).selectOption('nearest');
  const seen = () => page.evaluate(() => (window as unknown as { __exportSeen: { gone: boolean; disabled: boolean } }).__exportSeen);
  // The run starts a moment after the change: wait until the section went, or was disabled.
  await expect.poll(async () => Object.values(await seen()).includes(true), { timeout: 60_000 }).toBe(true);
  await expect(inspector.getByRole('button', { name: 'Image as NPY' })).toBeEnabled({ timeout: 60_000 });
  expect(await seen()).toEqual({ gone: false, disabled: true });
});
