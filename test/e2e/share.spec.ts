/**
 * Sharing a graph (issue 18 §2, §3) as a user does it, in serve: a PNG exported from a node or
 * from the whole canvas carries the graph and, dropped back on the window, opens it; a share link
 * in the address or pasted opens as an untitled copy; a hostile link is refused in one line and
 * the graph the user had stays.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { decode } from 'fast-png';
import { loadGraph } from '../../src-shared/graph/load';
import { graphInPng } from '../../src-shared/io/png-text';
import { readShareLink, shareLink } from '../../src-shared/io/share-link';
import { E2E_TOKEN, expect, node, openEditor, servedFolder, shot, test } from './fixtures';

const examples = join(import.meta.dirname, '../../examples');
const hostileText = readFileSync(join(import.meta.dirname, 'files/hostile.convolab.json'), 'utf8');

/** A small image graph: a test picture, blurred, in two image views. */
const PICTURE = JSON.stringify({
  format: 'convolab.graph',
  version: 2,
  meta: { title: 'Blurred disk' },
  nodes: [
    { id: 'disk', type: 'source.testImage', position: { x: 0, y: 0 }, params: { pattern: 'disk', size: 64 } },
    { id: 'blur', type: 'kernel.gaussian', position: { x: 0, y: 260 }, params: { sigma: 2 } },
    { id: 'smooth', type: 'op.convolve', position: { x: 300, y: 100 } },
    { id: 'view', type: 'sink.image', position: { x: 600, y: 100 } },
  ],
  edges: [
    { id: 'e1', source: 'disk', sourceHandle: 'out', target: 'smooth', targetHandle: 'a' },
    { id: 'e2', source: 'blur', sourceHandle: 'out', target: 'smooth', targetHandle: 'b' },
    { id: 'e3', source: 'smooth', sourceHandle: 'out', target: 'view', targetHandle: 'in' },
  ],
});

function fragment(text: string): string {
  const made = shareLink(text);
  if (!made.ok) throw new Error(made.error);
  return made.value;
}

/**
 * Opens the editor at a share link, as a user following one does: a fresh page, or on a page
 * already open a change of the fragment only (no reload), as pasting into the address bar does.
 */
async function openLink(page: Page, text: string): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`/?token=${E2E_TOKEN}${fragment(text)}`);
  await page.locator('.react-flow').waitFor();
  expect(errors).toEqual([]);
}

/** Drops a file with these bytes on the canvas, as a user dragging it from their desktop. */
async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(content)], fileName, { type: 'image/png' }));
      return data;
    },
    [name, [...bytes]] as const,
  );
  const canvas = page.locator('.react-flow__pane');
  await canvas.dispatchEvent('dragenter', { dataTransfer: transfer });
  await canvas.dispatchEvent('dragover', { dataTransfer: transfer });
  await canvas.dispatchEvent('drop', { dataTransfer: transfer });
}

async function newDocument(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'File menu' }).click();
  await page.getByRole('menuitem', { name: /^New/ }).click();
  await expect(page.locator('.cl-node')).toHaveCount(0);
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const waiting = page.waitForEvent('download');
  await click();
  const file = await waiting;
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('a node\'s image exported as PNG carries the graph: dropped on the canvas, the graph opens again', async ({ page }) => {
  await openEditor(page);
  await openLink(page, PICTURE);
  await expect(node(page, 'view').locator('[data-status="ok"]')).toBeVisible();

  await node(page, 'view').locator('.cl-node-title').click({ button: 'right' });
  const exported = await download(page, () => page.getByRole('menuitem', { name: 'Image as PNG…' }).click());
  expect(exported.name).toBe('view.png');
  const carried = graphInPng(exported.bytes);
  if (!carried.ok || carried.value === undefined) throw new Error('the PNG carries no graph');
  const loaded = loadGraph(carried.value);
  expect(loaded.ok && loaded.document.nodes.map((entry) => entry.id)).toEqual(['disk', 'blur', 'smooth', 'view']);
  // The picture itself is the node's value: the 64×64 disk convolved in full with a 13×13 kernel.
  const picture = decode(exported.bytes, { checkCrc: true });
  expect([picture.width, picture.height]).toEqual([76, 76]);

  await node(page, 'smooth').locator('.cl-node-title').click({ button: 'right' });
  const preview = await download(page, () => page.getByRole('menuitem', { name: 'Preview as PNG…' }).click());
  expect(graphInPng(preview.bytes)).toMatchObject({ ok: true, value: carried.value });

  await newDocument(page);
  await dropFile(page, exported.name, exported.bytes);
  await expect(page.locator('.cl-node')).toHaveCount(4);
  await expect(page.locator('.document-name')).toHaveText('view');
  await expect(node(page, 'view').locator('[data-status="ok"]')).toBeVisible();
  await page.screenshot(shot('share-png-dropped'));
});

test('a PNG without a graph opens as a picture: a source.image node on a copy in the served folder, shown in a view', async ({ page }) => {
  await openEditor(page);
  await openLink(page, PICTURE);
  await node(page, 'view').locator('.cl-node-title').click({ button: 'right' });
  const exported = await download(page, () => page.getByRole('menuitem', { name: 'Image as PNG…' }).click());
  // The same picture with the graph cut out: everything before the iTXt chunk, then IEND.
  const at = exported.bytes.indexOf(Buffer.from('iTXt')) - 4;
  const plain = Buffer.concat([exported.bytes.subarray(0, at), exported.bytes.subarray(exported.bytes.length - 12)]);
  expect(graphInPng(plain)).toEqual({ ok: true, value: undefined });

  await dropFile(page, 'disk photo.png', plain);
  await expect(page.locator('.cl-node')).toHaveCount(2);
  await expect(node(page, 'image').locator('[data-status="ok"]')).toBeVisible();
  await expect(node(page, 'view').locator('[data-status="ok"]')).toBeVisible();
  expect(existsSync(join(servedFolder(), 'disk photo.png'))).toBe(true);
  await page.screenshot(shot('share-plain-png'));
});

test('File › Open takes a PNG from the served folder: the graph it carries as an untitled copy, else the picture where it lies', async ({ page }) => {
  await openEditor(page);
  await openLink(page, PICTURE);
  await node(page, 'view').locator('.cl-node-title').click({ button: 'right' });
  const exported = await download(page, () => page.getByRole('menuitem', { name: 'Image as PNG…' }).click());
  writeFileSync(join(servedFolder(), 'open-carried.png'), exported.bytes);
  const at = exported.bytes.indexOf(Buffer.from('iTXt')) - 4;
  writeFileSync(join(servedFolder(), 'open-plain.png'), Buffer.concat([exported.bytes.subarray(0, at), exported.bytes.subarray(exported.bytes.length - 12)]));

  const openPicture = async (name: string): Promise<void> => {
    await page.getByRole('button', { name: 'File menu' }).click();
    await page.getByRole('menuitem', { name: /^Open…/ }).click();
    const browser = page.getByRole('dialog', { name: 'Open a graph' });
    // A PNG is offered beside the graph files, not dimmed.
    await expect(browser.locator(`.file-entry.file[data-path="${name}"]:not(.other)`)).toBeVisible();
    await browser.locator(`.file-entry[data-path="${name}"]`).dblclick();
    await expect(browser).toBeHidden();
  };
  await newDocument(page);
  await openPicture('open-carried.png');
  await expect(page.locator('.cl-node')).toHaveCount(4);
  await expect(page.locator('.document-name')).toHaveText('open-carried');
  await expect(node(page, 'view').locator('[data-status="ok"]')).toBeVisible();

  await openPicture('open-plain.png');
  await expect(page.locator('.cl-node')).toHaveCount(2);
  await expect(node(page, 'image').locator('[data-status="ok"]')).toBeVisible();
  // Read where it lies: no copy went into the folder.
  expect(existsSync(join(servedFolder(), 'open-plain-2.png'))).toBe(false);
  await page.screenshot(shot('share-open-png'));
});

test('Export canvas as PNG draws the graph as seen and carries it', async ({ page }) => {
  await openEditor(page);
  await openLink(page, PICTURE);
  await expect(node(page, 'view').locator('[data-status="ok"]')).toBeVisible();
  await page.getByRole('button', { name: 'Share menu' }).click();
  await page.screenshot(shot('share-menu'));
  const exported = await download(page, () => page.getByRole('menuitem', { name: 'Export canvas as PNG…' }).click());
  expect(exported.name).toBe('Blurred disk.png');
  writeFileSync('test-results/share-canvas-export.png', exported.bytes);
  const carried = graphInPng(exported.bytes);
  expect(carried.ok && carried.value && loadGraph(carried.value).ok).toBe(true);

  // Twice the canvas's size, and the nodes are drawn where they are on screen: the pixel at the
  // middle of the `view` node's title is its title bar's colour, not the canvas background.
  const image = decode(exported.bytes, { checkCrc: true });
  const flow = (await page.locator('.react-flow').boundingBox())!;
  expect([image.width, image.height]).toEqual([Math.round(flow.width * 2), Math.round(flow.height * 2)]);
  const pixel = (x: number, y: number): number[] => {
    const at = (Math.round((y - flow.y) * 2) * image.width + Math.round((x - flow.x) * 2)) * image.channels;
    return [...image.data.subarray(at, at + 3)];
  };
  const title = (await node(page, 'view').locator('.cl-node-title').boundingBox())!;
  const background = pixel(flow.x + 4, flow.y + flow.height - 4);
  const expected = await node(page, 'view').locator('.cl-node-title').evaluate((element) => getComputedStyle(element).backgroundColor);
  const [r, g, b] = expected.match(/\d+/g)!.map(Number);
  // Between the title ("Image view") and the id ("view"): the title bar's own colour.
  const drawn = pixel(title.x + title.width * 0.62, title.y + title.height / 2);
  expect(drawn).not.toEqual(background);
  for (const [channel, value] of drawn.entries()) expect(Math.abs(value - [r, g, b][channel]!)).toBeLessThanOrEqual(2);
});

test('a share link opens as an untitled copy with its lesson; Copy link gives it back', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // A fresh page at the link (the others change the fragment of a page already open).
  const theorem = readFileSync(join(examples, 'convolution-theorem.convolab.json'), 'utf8');
  await openLink(page, theorem);
  await expect(page.locator('.document-name')).toHaveText('The convolution theorem (1-D)');
  await expect(page.locator('.document-name')).toHaveAttribute('data-dirty', 'false');
  // The lesson came with it: offered, and it starts at its first step.
  await expect(page.locator('.lesson-offer')).toContainText('(5 steps)');
  await page.locator('.lesson-resume').click();
  await expect(page.getByRole('region', { name: 'Lesson' })).toContainText('step 1 / 5');
  await page.screenshot(shot('share-link-opened'));

  await page.getByRole('button', { name: 'Share menu' }).click();
  await page.getByRole('menuitem', { name: 'Copy link' }).click();
  await expect(page.locator('.status-bar')).toContainText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.startsWith(`${new URL(page.url()).origin}/#graph=`)).toBe(true);
  expect(copied).not.toContain(E2E_TOKEN);
  const read = readShareLink(copied);
  const original = loadGraph(theorem);
  const back = read.ok ? loadGraph(read.value) : undefined;
  expect(back?.ok && original.ok && back.document.meta).toEqual(original.ok && original.document.meta);
});

test('a pasted link opens; a hostile or mangled one is refused in one line and the graph the user had stays', async ({ page }) => {
  await openEditor(page);
  await openLink(page, PICTURE);
  await expect(page.locator('.cl-node')).toHaveCount(4);
  const paste = (text: string) =>
    page.evaluate((value) => {
      const data = new DataTransfer();
      data.setData('text/plain', value);
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, text);

  for (const [link, pattern] of [
    [fragment(hostileText), /nested deeper than 64 levels/],
    [fragment(PICTURE).slice(0, '#graph='.length + 56), /damaged/],
  ] as const) {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, link);
    const refused = page.getByRole('dialog', { name: 'Could not open the link' });
    await expect(refused.getByRole('alert')).toHaveText(pattern);
    expect((await refused.getByRole('alert').textContent())!.includes('\n')).toBe(false);
    await page.screenshot(shot('share-hostile-link'));
    await refused.getByRole('button', { name: 'OK' }).click();
    await expect(page.locator('.cl-node')).toHaveCount(4);
    await expect(page.locator('.document-name')).toHaveText('Blurred disk');
  }

  await paste(`  ${fragment(readFileSync(join(examples, 'two-dice.convolab.json'), 'utf8'))}\n`);
  await expect(node(page, 'dieA')).toBeVisible();
  await expect(page.locator('.cl-node[data-node-id="disk"]')).toHaveCount(0);
});
