/**
 * Files in the static web build: Save downloads and Open uploads where the browser has no File
 * System Access API; where it has one, a file opened is saved back through its handle. A file
 * that is not a graph is refused in one line and the open graph stays. A path param reads the
 * file the user picks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { makeImage } from '../../src-shared/data';
import { writePng } from '../../src-shared/io/image';
import { embedGraphInPng } from '../../src-shared/io/png-text';
import { writeWav } from '../../src-shared/io/wav';
import { dropFromPalette, node } from '../e2e/fixtures';
import { fileMenu, openExample, openWeb } from './web-fixtures';

const examples = join(import.meta.dirname, '../../examples');

test('without the File System Access API, Save As downloads the graph and Open uploads one; a broken file changes nothing', async ({ page }) => {
  await openWeb(page);
  await openExample(page, 'two-dice.convolab.json');
  const faces = node(page, 'dieA').getByLabel('Faces', { exact: true });
  await faces.fill('8');
  await faces.press('Enter');
  await expect(page.locator('.unsaved-mark')).toBeVisible();

  const download = page.waitForEvent('download');
  await fileMenu(page, /^Save As…/);
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('two-dice.convolab.json');
  const text = readFileSync(await saved.path(), 'utf8');
  const graph = JSON.parse(text) as { nodes: { id: string; params?: { faces?: number } }[] };
  expect(graph.nodes.find((entry) => entry.id === 'dieA')?.params?.faces).toBe(8);
  await expect(page.locator('.unsaved-mark')).toHaveCount(0);

  // A page is never told where files live: the File menu offers no Open Recent.
  await page.getByRole('button', { name: 'File menu' }).click();
  await expect(page.getByRole('menu', { name: 'File' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Open Recent' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Open… asks for a file from this computer.
  const triangle = readFileSync(join(examples, 'rect-rect-triangle.convolab.json'));
  const chooser = page.waitForEvent('filechooser');
  await fileMenu(page, /^Open…/);
  await (await chooser).setFiles({ name: 'triangle.convolab.json', mimeType: 'application/json', buffer: triangle });
  await expect(page.locator('.document-name')).toHaveText('triangle.convolab.json');
  await expect(page.locator('.cl-node-status[data-status="ok"]').first()).toBeVisible();
  const nodes = await page.locator('.cl-node').count();
  expect(nodes).toBe((JSON.parse(triangle.toString('utf8')) as { nodes: unknown[] }).nodes.length);

  const broken = page.waitForEvent('filechooser');
  await fileMenu(page, /^Open…/);
  await (await broken).setFiles({ name: 'broken.convolab.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "nodes": [') });
  const alert = page.getByRole('dialog', { name: 'Could not open broken.convolab.json' });
  await expect(alert).toBeVisible();
  await page.screenshot({ path: 'test-results/web-files-broken.png' });
  await alert.getByRole('button').first().click();
  await expect(page.locator('.document-name')).toHaveText('triangle.convolab.json');
  await expect(page.locator('.cl-node')).toHaveCount(nodes);
});

test('with the File System Access API, a file opened is saved back through its handle, without a second picker', async ({ page }) => {
  const original = readFileSync(join(examples, 'two-dice.convolab.json'), 'utf8');
  // The browser's pickers, played by handles that keep what is written to them.
  await page.addInitScript((text) => {
    const record = { opened: 0, saved: 0, writes: [] as string[] };
    (window as unknown as { pickers: typeof record }).pickers = record;
    const handle = {
      kind: 'file',
      name: 'dice.convolab.json',
      getFile: async () => new File([record.writes.at(-1) ?? text], 'dice.convolab.json'),
      createWritable: async () => {
        let written = '';
        return {
          write: async (data: Blob | string) => void (written += typeof data === 'string' ? data : await data.text()),
          close: async () => void record.writes.push(written),
        };
      },
    };
    Object.defineProperty(window, 'showOpenFilePicker', { configurable: true, value: async () => (record.opened++, [handle]) });
    Object.defineProperty(window, 'showSaveFilePicker', { configurable: true, value: async () => (record.saved++, handle) });
  }, original);
  await openWeb(page, { fileSystemAccess: true });
  await fileMenu(page, /^Open…/);
  await expect(page.locator('.document-name')).toHaveText('dice.convolab.json');
  const faces = node(page, 'dieA').getByLabel('Faces', { exact: true });
  await faces.fill('4');
  await faces.press('Enter');
  await expect(page.locator('.unsaved-mark')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.locator('.unsaved-mark')).toHaveCount(0);
  const pickers = await page.evaluate(() => (window as unknown as { pickers: { opened: number; saved: number; writes: string[] } }).pickers);
  expect(pickers.opened).toBe(1);
  expect(pickers.saved).toBe(0);
  expect(pickers.writes).toHaveLength(1);
  expect(JSON.parse(pickers.writes[0]).nodes.find((entry: { id: string }) => entry.id === 'dieA').params.faces).toBe(4);
});

test('a path param reads the file picked for it; before, its node says what to do', async ({ page }) => {
  await openWeb(page);
  await dropFromPalette(page, 'source.audio', 60, 60);
  const audio = node(page, 'audio1');
  // A path that names no picked file is the node's error, in one line saying what to do.
  const field = audio.getByRole('textbox', { name: 'File', exact: true });
  await field.fill('missing.wav');
  await field.press('Enter');
  await expect(audio.locator('.cl-node-status')).toHaveAttribute('data-status', 'error');
  await expect(audio).toContainText('missing.wav: not a file picked in this tab');

  const samples = Array.from({ length: 800 }, (_, index) => Math.sin(index / 10));
  const wav = writeWav([samples], 8000);
  if (!wav.ok) throw new Error(wav.error);
  const chooser = page.waitForEvent('filechooser');
  await audio.getByRole('button', { name: 'Choose a file for File' }).click();
  await (await chooser).setFiles({ name: 'tone.wav', mimeType: 'audio/wav', buffer: Buffer.from(wav.value) });
  await expect(field).toHaveValue('tone.wav');
  await expect(audio.locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');
  await expect(audio).toContainText('n=800');
  // The node's help says what a path is here: a picked file, not one beside the graph.
  await audio.locator('.cl-node-title').click();
  await expect(page.locator('.inspector-doc')).toContainText('a path names a file picked with the … button');
  await expect(page.locator('.inspector-doc')).not.toContainText('graph file\'s folder');
  await page.screenshot({ path: 'test-results/web-files-param.png' });
});

test('Open… takes a PNG: the graph it carries, else the picture in an Image file node', async ({ page }) => {
  await openWeb(page);
  const picture = writePng(makeImage(Float32Array.from({ length: 64 }, (_, index) => index / 63), 8, 8));
  if (!picture.ok) throw new Error(picture.error);
  const dice = readFileSync(join(examples, 'two-dice.convolab.json'), 'utf8');
  const carrying = embedGraphInPng(picture.value, dice);
  if (!carrying.ok) throw new Error(carrying.error);

  const chooser = page.waitForEvent('filechooser');
  await fileMenu(page, /^Open…/);
  await (await chooser).setFiles({ name: 'dice-shot.png', mimeType: 'image/png', buffer: Buffer.from(carrying.value) });
  await expect(page.locator('.document-name')).toHaveText('dice-shot');
  await expect(page.locator('.cl-node')).toHaveCount((JSON.parse(dice) as { nodes: unknown[] }).nodes.length);

  const plain = page.waitForEvent('filechooser');
  await fileMenu(page, /^Open…/);
  await (await plain).setFiles({ name: 'ramp.png', mimeType: 'image/png', buffer: Buffer.from(picture.value) });
  await expect(page.locator('.cl-node')).toHaveCount(2);
  await expect(node(page, 'image').locator('.cl-node-status')).toHaveAttribute('data-status', 'ok');
  await expect(node(page, 'image')).toContainText('8×8');
});
