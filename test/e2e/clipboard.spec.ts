import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { buildBlurGraph, expect, expectInCanvas, handle, node, openEditor, openExample, selectNode, shot, steadyView, test } from './fixtures';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const dice = readFileSync(join(import.meta.dirname, '../../examples/two-dice.convolab.json'), 'utf8');

/** The dice part of the two-dice example, as someone would paste it into a chat. */
function chatMessage(): string {
  const graph = JSON.parse(dice) as { nodes: { id: string }[]; edges: { source: string; target: string }[] };
  const keep = new Set(['dieA', 'dieB', 'sum', 'plot']);
  const part = {
    format: 'convolab.graph',
    version: 1,
    nodes: graph.nodes.filter((node) => keep.has(node.id)),
    edges: graph.edges.filter((edge) => keep.has(edge.source) && keep.has(edge.target)),
  };
  return `Here is how two dice add up, paste it into Convolab:\n\n\`\`\`json\n${JSON.stringify(part, null, 2)}\n\`\`\`\n\nThe plot is the triangle.`;
}

async function setClipboard(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
}

async function pasteOnCanvas(page: Page, at: { x: number; y: number }): Promise<void> {
  const pane = page.locator('.react-flow__pane');
  const box = (await pane.boundingBox())!;
  await page.mouse.move(box.x + at.x, box.y + at.y);
  await page.keyboard.press('Control+v');
}

test('nodes pasted from a chat message appear wired, run, and paste again with fresh ids', async ({ page }) => {
  await openEditor(page);
  await setClipboard(page, chatMessage());
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 300 } });
  await pasteOnCanvas(page, { x: 120, y: 120 });

  for (const id of ['dieA', 'dieB', 'sum', 'plot']) await expect(page.locator(`.cl-node[data-node-id="${id}"]`)).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await expect(page.locator('.cl-node[data-node-id="plot"] [data-status="ok"]')).toBeVisible();
  await expect(page.locator('.cl-node[data-node-id="plot"]')).toContainText('n=11');
  await expect(page.getByRole('status')).toContainText('Pasted 4 nodes');
  // The pasted nodes are selected, ready to be moved.
  await expect(page.locator('.cl-node.selected')).toHaveCount(4);
  await page.screenshot({ path: 'test-results/clipboard-pasted-from-chat.png' });

  await pasteOnCanvas(page, { x: 520, y: 160 });
  await expect(page.locator('.cl-node')).toHaveCount(8);
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);
  const ids = await page.locator('.cl-node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-id')));
  expect(new Set(ids).size).toBe(8);
  expect(ids).toEqual(expect.arrayContaining(['dieA1', 'dieB1', 'sum1', 'plot1']));
  await expect(page.locator('.cl-node[data-node-id="plot1"] [data-status="ok"]')).toBeVisible();

  // One paste is one undo step.
  await page.keyboard.press('Control+z');
  await expect(page.locator('.cl-node')).toHaveCount(4);
  await page.screenshot({ path: 'test-results/clipboard-after-undo.png' });
});

test('copy and cut put the selected nodes on the clipboard as graph JSON', async ({ page }) => {
  await openEditor(page);
  await setClipboard(page, chatMessage());
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 300 } });
  await pasteOnCanvas(page, { x: 120, y: 120 });
  await expect(page.locator('.cl-node')).toHaveCount(4);

  await page.keyboard.press('Escape');
  await page.locator('.cl-node[data-node-id="sum"] .cl-node-title').click();
  await expect(page.locator('.cl-node.selected')).toHaveCount(1);
  await page.keyboard.press('Control+c');
  await expect(page.getByRole('status')).toContainText('Copied 1 node');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const graph = JSON.parse(copied) as { format: string; nodes: { id: string; type: string }[]; edges: unknown[] };
  expect(graph.format).toBe('convolab.graph');
  expect(graph.nodes.map((node) => [node.id, node.type])).toEqual([['sum', 'op.convolve']]);
  expect(graph.edges).toEqual([]);

  await page.keyboard.press('Control+x');
  await expect(page.locator('.cl-node[data-node-id="sum"]')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await pasteOnCanvas(page, { x: 620, y: 330 });
  // Its id is free again, so it keeps it.
  await expect(page.locator('.cl-node[data-node-id="sum"]')).toBeVisible();

  // Text that holds no graph changes nothing and says why.
  await setClipboard(page, 'see you tomorrow');
  await pasteOnCanvas(page, { x: 300, y: 150 });
  await expect(page.getByRole('status')).toContainText('Nothing pasted: the clipboard holds no Convolab nodes');
  await expect(page.locator('.cl-node')).toHaveCount(4);

  // In a text field, paste is the field's own.
  await setClipboard(page, chatMessage());
  const faces = page.locator('.cl-node[data-node-id="dieA"]').getByLabel('Faces', { exact: true });
  await faces.click();
  await faces.press('Control+v');
  await expect(page.locator('.cl-node')).toHaveCount(4);
});

test('a frame selected with its nodes is cut with them, as Delete takes it, and pastes back with them: one undo each', async ({ page }) => {
  await openEditor(page);
  await openExample(page, 'two-dice.convolab.json');
  await steadyView(page);
  const frames = page.locator('.react-flow__node-frame');
  await page.locator('.cl-node[data-node-id="dieA"] .cl-node-title').click();
  await page.locator('.cl-node[data-node-id="dieB"] .cl-node-title').click({ modifiers: ['Shift'] });
  await page.getByRole('button', { name: 'Frame' }).click();
  await expect(frames).toHaveCount(1);
  const nodes = await page.locator('.cl-node').count();

  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+x');
  await expect(page.locator('.cl-node')).toHaveCount(0);
  // Not left behind, empty.
  await expect(frames).toHaveCount(0);
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { meta?: { frames?: unknown[] } };
  expect(copied.meta?.frames).toHaveLength(1);

  await pasteOnCanvas(page, { x: 60, y: 60 });
  await expect(page.locator('.cl-node')).toHaveCount(nodes);
  await expect(frames).toHaveCount(1);
  // Selected with the pasted nodes, ready to be moved with them.
  await expect(frames).toHaveClass(/\bselected\b/);
  // The frame still holds the two dice it was drawn around.
  const inside = await page.evaluate(() => {
    const frame = document.querySelector('.react-flow__node-frame')!.getBoundingClientRect();
    return [...document.querySelectorAll('.cl-node')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
      })
      .map((element) => element.getAttribute('data-node-id'))
      .sort();
  });
  expect(inside).toEqual(['dieA', 'dieB']);
  await page.screenshot(shot('clipboard-frame-cut-paste'));

  await page.keyboard.press('Control+z');
  await expect(page.locator('.cl-node')).toHaveCount(0);
  await expect(frames).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.cl-node')).toHaveCount(nodes);
  await expect(frames).toHaveCount(1);
});

test('a paste near the canvas edge lands in sight, not under the inspector or the dock', async ({ page }) => {
  await openEditor(page);
  const die = (JSON.parse(dice) as { nodes: { id: string }[] }).nodes.find((node) => node.id === 'dieA');
  await setClipboard(page, JSON.stringify({ format: 'convolab.graph', version: 1, nodes: [die], edges: [] }));
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 300 } });
  const pasted = page.locator('.cl-node.selected');
  const expectInSight = async (): Promise<void> => {
    await expect(pasted).toHaveCount(1);
    await expectInCanvas(page, pasted);
  };
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  // The pointer just inside the canvas's right edge, the inspector beyond it …
  await pasteOnCanvas(page, { x: canvas.width - 40, y: 120 });
  await expectInSight();
  await page.screenshot(shot('clipboard-paste-right-edge'));
  // … and just above its bottom edge, the value dock below it.
  await pasteOnCanvas(page, { x: 200, y: canvas.height - 20 });
  await expectInSight();
  await page.screenshot(shot('clipboard-paste-bottom-edge'));

  // A frame pasted with its node near the top edge: its title bar, above the node, is in sight too.
  const at = (die as unknown as { position: { x: number; y: number } }).position;
  const frame = { id: 'frame1', label: 'Die', color: '#3b82f6', x: at.x - 24, y: at.y - 48, width: 290, height: 300 };
  await setClipboard(page, JSON.stringify({ format: 'convolab.graph', version: 1, meta: { frames: [frame] }, nodes: [die], edges: [] }));
  await pasteOnCanvas(page, { x: 300, y: 4 });
  await expectInSight();
  const pastedFrame = page.locator('.cl-frame.selected');
  await expect(pastedFrame).toHaveCount(1);
  const box = (await pastedFrame.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual((await page.locator('.react-flow').boundingBox())!.y);
  await page.screenshot(shot('clipboard-paste-frame-top-edge'));
});

/** What the canvas shows, to compare one moment with another: every node and frame where it is, with its title and controls' values, and every wire's path. */
async function canvasState(page: Page): Promise<string> {
  await steadyView(page);
  return page.evaluate(() =>
    JSON.stringify({
      nodes: [...document.querySelectorAll('.react-flow__node')]
        .map((each) => {
          const controls = [...each.querySelectorAll('input, select')].map((control) => `${control.getAttribute('aria-label')}=${(control as HTMLInputElement).value}`);
          return `${each.getAttribute('data-id')}@${(each as HTMLElement).style.transform}|${each.querySelector('.cl-node-title, .cl-frame-label')?.textContent ?? ''}|${controls.join(',')}`;
        })
        .sort(),
      wires: [...document.querySelectorAll('.react-flow__edge')].map((edge) => `${edge.getAttribute('data-id')}:${edge.querySelector('path')?.getAttribute('d') ?? ''}`).sort(),
    }),
  );
}

test('undo steps back exactly through a frame move, a rename, a param edit, a wire moved to another input and a paste; redo replays each', async ({ page }) => {
  await openEditor(page);
  await buildBlurGraph(page, { function1: [60, 100], gaussian1: [320, 100], convolve1: [640, 100], plot1: [640, 380] });
  await selectNode(page, 'function1');
  await node(page, 'gaussian1').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await page.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Frame' }).click();
  const states = [await canvasState(page)];

  // The frame dragged by its title bar, carrying its two nodes.
  const header = (await page.locator('.cl-frame .cl-frame-header').boundingBox())!;
  await page.mouse.move(header.x + 30, header.y + header.height / 2);
  await page.mouse.down();
  await page.mouse.move(header.x + 80, header.y + 60, { steps: 10 });
  await page.mouse.up();
  states.push(await canvasState(page));
  // convolve1 renamed in the inspector.
  await selectNode(page, 'convolve1');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const label = inspector.getByRole('textbox', { name: 'Label' });
  await label.fill('Blur');
  await label.press('Enter');
  states.push(await canvasState(page));
  // Its mode set.
  await inspector.getByRole('combobox', { name: 'Mode' }).selectOption('same');
  states.push(await canvasState(page));
  // The wire into plot1.in dragged by its end to plot1.in2.
  const end = (await page.locator('.react-flow__edge[data-id="e3"] .react-flow__edgeupdater-target').boundingBox())!;
  const in2 = (await page.locator(handle('plot1', 'in2', 'target')).boundingBox())!;
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x - 30, end.y + 10, { steps: 5 });
  await page.mouse.move(in2.x + in2.width / 2, in2.y + in2.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(node(page, 'plot1')).toContainText('input in is not connected');
  states.push(await canvasState(page));
  // plot1 copied and pasted.
  await selectNode(page, 'plot1');
  await page.keyboard.press('Control+c');
  await pasteOnCanvas(page, { x: 200, y: 380 });
  await expect(node(page, 'plot2')).toBeVisible();
  states.push(await canvasState(page));
  expect(new Set(states).size).toBe(states.length);
  await page.screenshot(shot('clipboard-undo-all-done'));

  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  for (let k = states.length - 2; k >= 0; k--) {
    await page.keyboard.press('Control+z');
    expect(await canvasState(page), `undo back to step ${k}`).toBe(states[k]);
  }
  for (let k = 1; k < states.length; k++) {
    await page.keyboard.press('Control+Shift+z');
    expect(await canvasState(page), `redo to step ${k}`).toBe(states[k]);
  }
});
