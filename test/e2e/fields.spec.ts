/**
 * Typing into param fields and moving their sliders as a user does: a typed entry applies whole
 * (arithmetic included) or not at all, with the reason in words beside the field, on the node and
 * in the inspector; σ's two sliders are one track; keys walk a 1-2-5 ladder and come back.
 * The document is read as a user would share it: the node copied to the clipboard as graph JSON.
 */
import type { Locator, Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFromPalette, expect, node, openEditor, openGraph, selectNode, servedFolder, shot, test } from './fixtures';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

/** The node's params in the document (what Ctrl+C copies). */
async function paramsOf(page: Page, id: string): Promise<Record<string, unknown>> {
  await selectNode(page, id);
  await page.keyboard.press('Control+c');
  await expect(page.getByRole('status')).toContainText('Copied 1 node');
  const graph = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { nodes: { id: string; params?: Record<string, unknown> }[] };
  return graph.nodes.find((entry) => entry.id === id)?.params ?? {};
}

/** Selects what a field holds and types `text` key by key, then presses `key` (Enter, Tab, Escape). */
async function typeInto(field: Locator, text: string, key: string): Promise<void> {
  await field.click();
  await field.press('Control+a');
  await field.pressSequentially(text, { delay: 5 });
  await field.press(key);
}

/** The alert in the same inspector row as the field named `name`. */
function inspectorReason(page: Page, name: string): Locator {
  return inspector(page).locator('.inspector-param', { has: page.getByRole('textbox', { name, exact: true }) }).getByRole('alert');
}

test('a number typed on the node or in the inspector applies whole, arithmetic included, or not at all, saying why beside the field', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'kernel.gaussian', 200, 120);
  const onNode = node(page, 'gaussian1').getByRole('textbox', { name: 'σ', exact: true });
  await typeInto(onNode, '2+3', 'Enter');
  await expect(onNode).toHaveValue('5');
  expect((await paramsOf(page, 'gaussian1')).sigma).toBe(5);

  await selectNode(page, 'gaussian1');
  const field = inspector(page).getByRole('textbox', { name: 'σ', exact: true });
  await typeInto(field, 'pi/4', 'Enter');
  await expect(field).toHaveValue('0.785398');
  await expect(onNode).toHaveValue('0.785398');
  expect((await paramsOf(page, 'gaussian1')).sigma).toBe(Math.PI / 4);

  const refusals: [string, string][] = [
    ['1,5', '“1,5” is not a number: use a dot for decimals (1.5)'],
    ['7x', '“7x” is not a number (x is unknown): type a number, or arithmetic such as 2+3 or pi/4'],
    ['1e999', '“1e999” is not a finite number (too large): type a value above 0, up to 1000'],
    ['5000', '5000 is out of range: type a value above 0, up to 1000'],
  ];
  for (const [text, reason] of refusals) {
    // Enter keeps the text and the focus, so it can be mended; the reason shows under the field.
    await typeInto(field, text, 'Enter');
    await expect(field).toHaveValue(text);
    await expect(field).toBeFocused();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(inspectorReason(page, 'σ')).toHaveText(reason);
    await expect(inspectorReason(page, 'σ')).toBeVisible();
    if (text === '1,5') await inspector(page).screenshot(shot('fields-inspector-refused'));
    // Leaving puts the committed value back and says what was kept; the document never saw a part of it.
    await field.press('Tab');
    await expect(field).toHaveValue('0.785398');
    await expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await expect(inspectorReason(page, 'σ')).toHaveText(`${reason} — kept 0.785398`);
    expect((await paramsOf(page, 'gaussian1')).sigma).toBe(Math.PI / 4);
  }

  // On the node, the reason is text under the field too (not only a tooltip).
  await typeInto(onNode, '7x', 'Enter');
  const nodeReason = node(page, 'gaussian1').locator('.cl-param-field', { has: page.getByRole('textbox', { name: 'σ', exact: true }) }).getByRole('alert');
  await expect(nodeReason).toHaveText('“7x” is not a number (x is unknown): type a number, or arithmetic such as 2+3 or pi/4');
  await expect(nodeReason).toBeVisible();
  const fieldBox = (await onNode.boundingBox())!;
  const reasonBox = (await nodeReason.boundingBox())!;
  expect(reasonBox.y).toBeGreaterThanOrEqual(fieldBox.y + fieldBox.height - 1);
  expect(reasonBox.y).toBeLessThan(fieldBox.y + fieldBox.height + 20);
  await page.screenshot(shot('fields-node-refused'));
  // Escape puts the committed value back and the reason goes.
  await onNode.press('Escape');
  await expect(onNode).toHaveValue('0.785398');
  await expect(node(page, 'gaussian1').getByRole('alert')).toHaveCount(0);
  expect((await paramsOf(page, 'gaussian1')).sigma).toBe(Math.PI / 4);
});

test('a list or a matrix cell applies whole or not at all, naming the bad item', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'source.sequence', 40, 40);
  await dropFromPalette(page, 'source.dice', 40, 300);
  await dropFromPalette(page, 'kernel.custom', 420, 40);

  const values = node(page, 'sequence1').getByRole('textbox', { name: 'Values' });
  await typeInto(values, '4, 5, 2+3', 'Enter');
  expect((await paramsOf(page, 'sequence1')).values).toEqual([4, 5, 5]);
  const sequenceReason = node(page, 'sequence1').getByRole('alert');
  await typeInto(values, '1, 2, banana', 'Tab');
  await expect(sequenceReason).toHaveText('item 3, “banana”, is not a number (banana is unknown): type numbers separated by commas, such as 1, 2.5, 2+3 — kept 4, 5, 5');
  await expect(values).toHaveValue('4, 5, 5');
  await node(page, 'sequence1').screenshot(shot('fields-list-refused'));
  await typeInto(values, '1e400, 2', 'Tab');
  await expect(sequenceReason).toHaveText(/^item 1, “1e400”, is not a finite number \(too large\): .* — kept 4, 5, 5$/);
  expect((await paramsOf(page, 'sequence1')).values).toEqual([4, 5, 5]);

  // Dice weights, in the inspector.
  await selectNode(page, 'dice1');
  const weights = inspector(page).getByRole('textbox', { name: 'Weights' });
  await typeInto(weights, '1 1 1 1 1 2', 'Enter');
  expect((await paramsOf(page, 'dice1')).weights).toEqual([1, 1, 1, 1, 1, 2]);
  await selectNode(page, 'dice1');
  await typeInto(weights, '1 1 1 1 1 2x', 'Enter');
  await expect(inspectorReason(page, 'Weights')).toHaveText(/^item 6, “2x”, is not a number/);
  expect((await paramsOf(page, 'dice1')).weights).toEqual([1, 1, 1, 1, 1, 2]);

  // A custom kernel's cell: arithmetic applies, other text is refused and says which cell.
  await selectNode(page, 'custom1');
  const cell = inspector(page).getByRole('textbox', { name: 'Values row 1 column 2' });
  await typeInto(cell, '2*3', 'Enter');
  expect((await paramsOf(page, 'custom1')).values).toEqual([[1, 6, 1], [2, 4, 2], [1, 2, 1]]);
  await selectNode(page, 'custom1');
  await typeInto(cell, '7x', 'Tab');
  await expect(inspector(page).getByRole('group', { name: 'Values grid' }).getByRole('alert')).toHaveText(
    'row 1, column 2, “7x”, is not a number (x is unknown): type a number, or arithmetic such as 2+3 or pi/4 — kept 6',
  );
  await expect(cell).toHaveValue('6');
  expect((await paramsOf(page, 'custom1')).values).toEqual([[1, 6, 1], [2, 4, 2], [1, 2, 1]]);
});

test('a long list shows as a summary on the node and in the inspector, and its whole text only when asked', async ({ page }) => {
  // 20,000 values: over the field's 10,000 (a pasted data series; a million would be ten megabytes of text).
  const values = Array.from({ length: 20_000 }, (_, i) => i % 7);
  const graph = {
    format: 'convolab.graph',
    version: 2,
    nodes: [
      { id: 'seq', type: 'source.sequence', position: { x: 40, y: 40 }, params: { values } },
      { id: 'plot', type: 'sink.plot', position: { x: 420, y: 40 } },
    ],
    edges: [{ id: 'e1', source: 'seq', sourceHandle: 'out', target: 'plot', targetHandle: 'in' }],
  };
  writeFileSync(join(servedFolder(), 'long-list.convolab.json'), JSON.stringify(graph));
  await openEditor(page);
  await openGraph(page, 'long-list.convolab.json');
  await expect(node(page, 'plot')).toContainText('n=20000');
  const onNode = node(page, 'seq').getByRole('textbox', { name: 'Values' });
  await expect(onNode).toHaveValue('20,000 numbers: 0, 1, 2, 3, …, 0');
  await expect(onNode).not.toBeEditable();
  await selectNode(page, 'seq');
  const field = inspector(page).getByRole('textbox', { name: 'Values' });
  await expect(field).toHaveValue('20,000 numbers: 0, 1, 2, 3, …, 0');
  await inspector(page).screenshot(shot('fields-long-list'));
  await inspector(page).getByRole('button', { name: 'edit as text' }).click();
  await expect(field).toHaveValue(values.join(', '));
  await typeInto(field, '1, 2, 3', 'Enter');
  await expect(node(page, 'plot')).toContainText('n=3');
  await expect(onNode).toHaveValue('1, 2, 3');
  // Undone, the long list is back, and shows as its summary again.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node(page, 'plot')).toContainText('n=20000');
  await expect(field).toHaveValue('20,000 numbers: 0, 1, 2, 3, …, 0');
  await expect(onNode).toHaveValue('20,000 numbers: 0, 1, 2, 3, …, 0');
  await page.getByRole('button', { name: 'Redo' }).click();
  expect((await paramsOf(page, 'seq')).values).toEqual([1, 2, 3]);
});

test('σ\'s sliders on the node and in the inspector are one track; keys walk 1-2-5 and come back, drags give round values', async ({ page }) => {
  await openEditor(page);
  await dropFromPalette(page, 'kernel.gaussian', 200, 120);
  await selectNode(page, 'gaussian1');
  const onNode = node(page, 'gaussian1').getByRole('slider', { name: 'σ slider' });
  const inInspector = inspector(page).getByRole('slider', { name: 'σ slider' });
  const field = inspector(page).getByRole('textbox', { name: 'σ', exact: true });
  const fraction = async (slider: Locator): Promise<number> => Number(await slider.inputValue()) / Number(await slider.getAttribute('max'));
  const sigma = async (): Promise<unknown> => {
    const params = await paramsOf(page, 'gaussian1');
    return params.sigma ?? 2;
  };

  // Both at the same place: 2 on a track by decades from 0.1 to 100.
  expect(await fraction(onNode)).toBeCloseTo(Math.log(20) / Math.log(1000), 2);
  expect(await fraction(inInspector)).toBe(await fraction(onNode));
  // The same thumb geometry too: each thumb sits the same share along its own track.
  await page.screenshot(shot('fields-sliders-agree'));

  // Arrow keys on the slider: 2 → 5 → 2, exactly.
  await inInspector.focus();
  await inInspector.press('ArrowUp');
  await expect(field).toHaveValue('5');
  expect(await sigma()).toBe(5);
  expect(await fraction(inInspector)).toBe(await fraction(onNode));
  await inInspector.focus();
  await inInspector.press('ArrowDown');
  await expect(field).toHaveValue('2');
  expect(await sigma()).toBe(2);
  // And in the number field.
  await field.focus();
  await field.press('ArrowDown');
  await expect(field).toHaveValue('1');
  await field.press('ArrowUp');
  await expect(field).toHaveValue('2');
  expect(await sigma()).toBe(2);

  // A drag on the node's slider gives a value rounded to what the track resolves (two digits).
  const box = (await onNode.boundingBox())!;
  const y = box.y + box.height / 2;
  const start = box.x + 7 + (await fraction(onNode)) * (box.width - 14);
  await page.mouse.move(start, y);
  await page.mouse.down();
  await page.mouse.move(start + 0.27 * (box.width - 14), y, { steps: 6 });
  await page.mouse.up();
  const dragged = (await sigma()) as number;
  expect(dragged).toBeGreaterThan(4);
  expect(Number(dragged.toPrecision(2))).toBe(dragged);
  expect(await fraction(inInspector)).toBe(await fraction(onNode));

  // A value beyond the track but within σ's range is kept; both thumbs sit at the end; the tracks do not move.
  await selectNode(page, 'gaussian1');
  await typeInto(field, '500', 'Enter');
  expect(await sigma()).toBe(500);
  expect(await fraction(onNode)).toBe(1);
  expect(await fraction(inInspector)).toBe(1);
  for (const slider of [onNode, inInspector]) {
    await expect(slider).toHaveAttribute('data-min', '0.1');
    await expect(slider).toHaveAttribute('data-max', '100');
  }
});
