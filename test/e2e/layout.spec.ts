/**
 * Tidy up, align and distribute, played by mouse: an example scrambled by dragging its nodes is
 * laid out again left to right with no node over another, one undo puts the scramble back, and
 * the Align menu lines a selection up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, node, openEditor, shot, steadyView, test } from './fixtures';

const EXAMPLE = 'two-dice.convolab.json';
const EDGES = (JSON.parse(readFileSync(join(import.meta.dirname, '../../examples', EXAMPLE), 'utf8')) as { edges: { source: string; target: string }[] }).edges;

interface FlowBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Every graph node's (or frame's) box in flow coordinates: React Flow's translate on it, its unscaled size. */
async function flowBoxes(page: Page, selector = '.react-flow__node-convolab'): Promise<Record<string, FlowBox>> {
  return page.locator(selector).evaluateAll((elements) =>
    Object.fromEntries(
      elements.map((element) => {
        const match = /translate\(([-\d.e]+)px, ?([-\d.e]+)px\)/.exec((element as HTMLElement).style.transform);
        const box = { x: Number(match?.[1]), y: Number(match?.[2]), width: (element as HTMLElement).offsetWidth, height: (element as HTMLElement).offsetHeight };
        return [element.getAttribute('data-id') ?? '', box];
      }),
    ),
  );
}

function overlaps(boxes: Record<string, FlowBox>): string[] {
  const list = Object.entries(boxes);
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [a, p] = list[i];
      const [b, q] = list[j];
      if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height) out.push(`${a}×${b}`);
    }
  }
  return out;
}

/** Wires whose source does not end left of where its target starts. */
function backwards(boxes: Record<string, FlowBox>): string[] {
  return EDGES.filter((edge) => !(boxes[edge.source].x + boxes[edge.source].width < boxes[edge.target].x)).map((edge) => `${edge.source}→${edge.target}`);
}

/** Drags a node by its title bar by (dx, dy) screen pixels, as a user does. */
async function drag(page: Page, id: string, dx: number, dy: number): Promise<void> {
  const title = (await node(page, id).locator('.cl-node-title').boundingBox())!;
  const x = title.x + Math.min(40, title.width / 2);
  const y = title.y + title.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x + (dx * i) / 8, y + (dy * i) / 8);
  await page.mouse.up();
}

async function openExample(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Examples' }).click();
  const gallery = page.getByRole('dialog', { name: 'Examples' });
  await gallery.locator(`[data-example="${EXAMPLE}"]`).click();
  await expect(gallery).toBeHidden();
  await expect(node(page, 'table').locator('[data-status="ok"]')).toBeVisible();
  await steadyView(page);
}

test('Tidy up lays a scrambled graph out left to right with no overlap, and one undo puts the scramble back', async ({ page }) => {
  await openEditor(page);
  await openExample(page);
  const toolbar = page.getByRole('toolbar', { name: 'Canvas' });

  // Scramble: the last node dragged onto the first, the first to the right, a plot down.
  const start = await flowBoxes(page);
  expect(backwards(start)).toEqual([]);
  const screen = async (id: string) => (await node(page, id).boundingBox())!;
  const [dieA, table] = [await screen('dieA'), await screen('table')];
  await drag(page, 'table', dieA.x - table.x + 30, dieA.y - table.y + 30);
  await drag(page, 'dieA', 420, 80);
  await drag(page, 'plot', -200, 180);
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  const scrambled = await flowBoxes(page);
  expect(overlaps(scrambled).length).toBeGreaterThan(0);
  expect(backwards(scrambled).length).toBeGreaterThan(0);
  await page.screenshot(shot('layout-scrambled'));

  await toolbar.getByRole('button', { name: 'Tidy up' }).click();
  await expect.poll(async () => backwards(await flowBoxes(page))).toEqual([]);
  const tidied = await flowBoxes(page);
  expect(overlaps(tidied)).toEqual([]);
  await expect(page.locator('.notice').filter({ hasText: 'Tidied up the graph' }).first()).toBeVisible();
  await steadyView(page);
  await page.screenshot(shot('layout-tidied'));

  // One undo: every node back where the scramble left it.
  await toolbar.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => flowBoxes(page).then((boxes) => Object.fromEntries(Object.entries(boxes).map(([id, box]) => [id, [box.x, box.y]])))).toEqual(
    Object.fromEntries(Object.entries(scrambled).map(([id, box]) => [id, [box.x, box.y]])),
  );
  // And redo brings the tidy layout back, still one step.
  await toolbar.getByRole('button', { name: 'Redo' }).click();
  await expect.poll(async () => overlaps(await flowBoxes(page))).toEqual([]);

  // Shift+L is the same Tidy up, from the keyboard.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => overlaps(await flowBoxes(page)).length).toBeGreaterThan(0);
  await page.keyboard.press('Shift+L');
  await expect.poll(async () => backwards(await flowBoxes(page))).toEqual([]);
  expect(overlaps(await flowBoxes(page))).toEqual([]);
});

test('the Align menu lines the selected nodes up and distributes them; a selection tidies where it is', async ({ page }) => {
  await openEditor(page);
  await openExample(page);
  const toolbar = page.getByRole('toolbar', { name: 'Canvas' });
  const chosen = ['sum', 'p7', 'expected'];
  await drag(page, 'p7', 60, -40);
  await node(page, chosen[0]).locator('.cl-node-title').click();
  for (const id of chosen.slice(1)) await node(page, id).locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await expect(page.locator('.cl-node.selected')).toHaveCount(3);

  await toolbar.getByRole('button', { name: 'Align ▾' }).click();
  const menu = page.getByRole('menu', { name: 'Align' });
  await page.screenshot(shot('layout-align-menu'));
  await menu.getByRole('menuitem', { name: 'Align top edges' }).click();
  await expect(menu).toBeHidden();
  const tops = async (): Promise<number[]> => {
    const boxes = await flowBoxes(page);
    return chosen.map((id) => boxes[id].y);
  };
  await expect.poll(async () => new Set(await tops()).size).toBe(1);
  await page.screenshot(shot('layout-aligned'));

  // Distribute horizontally: equal gaps between the three, in their order left to right.
  await toolbar.getByRole('button', { name: 'Align ▾' }).click();
  await menu.getByRole('menuitem', { name: 'Distribute horizontally' }).click();
  const gaps = async (): Promise<number[]> => {
    const boxes = await flowBoxes(page);
    const row = chosen.map((id) => boxes[id]).sort((a, b) => a.x - b.x);
    return row.slice(1).map((box, i) => Math.round(box.x - (row[i].x + row[i].width)));
  };
  await expect.poll(async () => {
    const [first, second] = await gaps();
    return Math.abs(first - second) <= 1;
  }).toBe(true);
  await page.screenshot(shot('layout-distributed'));

  // Tidy up with three selected: only they move, wired left to right, near where they were and
  // on top of no other node.
  const before = await flowBoxes(page);
  await toolbar.getByRole('button', { name: 'Tidy up' }).click();
  await expect(page.locator('.notice').filter({ hasText: 'Tidied up the 3 selected nodes' })).toBeVisible();
  const after = await flowBoxes(page);
  expect(backwards(after)).not.toContain('sum→p7');
  expect(overlaps(after).filter((pair) => chosen.some((id) => pair.split('×').includes(id)))).toEqual([]);
  const corner = (boxes: Record<string, FlowBox>) => [Math.min(...chosen.map((id) => boxes[id].x)), Math.min(...chosen.map((id) => boxes[id].y))];
  expect(Math.hypot(corner(after)[0] - corner(before)[0], corner(after)[1] - corner(before)[1])).toBeLessThan(800);
  for (const id of Object.keys(before).filter((id) => !chosen.includes(id))) expect(after[id]).toEqual(before[id]);
  await page.screenshot(shot('layout-selection-tidied'));
});

test('Tidy up keeps a frame around the nodes it holds, fitted to them, and one undo puts it back', async ({ page }) => {
  await openEditor(page);
  await openExample(page);
  const toolbar = page.getByRole('toolbar', { name: 'Canvas' });
  await node(page, 'dieA').locator('.cl-node-title').click();
  await node(page, 'dieB').locator('.cl-node-title').click({ modifiers: ['Shift'] });
  await toolbar.getByRole('button', { name: 'Frame' }).click();
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  const frameBox = async (): Promise<FlowBox> => {
    const [frame] = Object.values(await flowBoxes(page, '.react-flow__node-frame'));
    return frame;
  };
  const framed = await frameBox();
  await drag(page, 'sum', 60, 320);

  await toolbar.getByRole('button', { name: 'Tidy up' }).click();
  await expect(page.locator('.notice').filter({ hasText: 'Tidied up the graph' })).toBeVisible();
  await expect.poll(async () => backwards(await flowBoxes(page))).toEqual([]);
  const boxes = await flowBoxes(page);
  const frame = await frameBox();
  const inside = (box: FlowBox) => box.x >= frame.x && box.y >= frame.y && box.x + box.width <= frame.x + frame.width && box.y + box.height <= frame.y + frame.height;
  expect(inside(boxes.dieA) && inside(boxes.dieB)).toBe(true);
  for (const [id, box] of Object.entries(boxes).filter(([id]) => id !== 'dieA' && id !== 'dieB')) {
    expect(overlaps({ [id]: box, frame }), id).toEqual([]);
  }
  expect(overlaps(boxes)).toEqual([]);
  await steadyView(page);
  await page.screenshot(shot('layout-frame-tidied'));

  await toolbar.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(frameBox).toEqual(framed);
});
