import { expect, type Page } from '@playwright/test';

/** Opens one of the shipped lessons the way a user does: the Lessons menu in the title bar. */
export async function openLesson(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await page.locator(`[role="menu"][aria-label="Lessons"] [data-lesson="${name}"]`).click();
  await expect(page.getByRole('region', { name: 'Lesson' })).toBeVisible();
}

/** Opens a lesson at one of its steps (1-based), by the step's dot in the lesson card. */
export async function lessonStep(page: Page, name: string, step: number): Promise<void> {
  await openLesson(page, name);
  await page.getByRole('region', { name: 'Lesson' }).getByRole('button', { name: `Step ${step}`, exact: true }).click();
  await expect(page.getByRole('region', { name: 'Lesson' })).toHaveAttribute('data-step', String(step - 1));
  // The step brings its nodes into view: wait until the view has settled with them inside, so
  // screenshots show the step as a user sees it.
  let last = '';
  await expect
    .poll(
      async () => {
        const now = await page.locator('.react-flow__viewport').getAttribute('style');
        const settled = now === last;
        last = now ?? '';
        return settled;
      },
      { intervals: [300] },
    )
    .toBe(true);
  // The step's first node (selected) is always in view; all of its nodes when they fit at the
  // readable zoom (canvas/viewport.ts), else the view sits at exactly that zoom.
  const first = await page.locator('.cl-node.selected').first().getAttribute('data-node-id');
  if (first) await expectOnCanvas(page, first);
  const zoom = Number(await page.locator('.zoom-readout').getAttribute('data-zoom'));
  if (zoom > 0.601) {
    const ids = await page.locator('.react-flow__node.lesson-highlight').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id') ?? ''));
    for (const id of ids) await expectOnCanvas(page, id);
  }
}

/** Selects a node by clicking its title on the canvas, as a user does. */
export async function selectNode(page: Page, id: string, modifiers: ('Shift' | 'Control')[] = []): Promise<void> {
  await page.locator(`.cl-node[data-node-id="${id}"] .cl-node-title`).click({ modifiers });
}

/** Waits until a node lies wholly inside the canvas (not under the dock or off screen). */
export async function expectOnCanvas(page: Page, id: string): Promise<void> {
  await expect
    .poll(async () => {
      const node = await page.locator(`.cl-node[data-node-id="${id}"]`).boundingBox();
      const pane = await page.locator('.react-flow').boundingBox();
      if (!node || !pane) return false;
      const inside = (a: number, lo: number, hi: number) => a >= lo - 0.5 && a <= hi + 0.5;
      return inside(node.x, pane.x, pane.x + pane.width) && inside(node.x + node.width, pane.x, pane.x + pane.width) && inside(node.y, pane.y, pane.y + pane.height) && inside(node.y + node.height, pane.y, pane.y + pane.height);
    })
    .toBe(true);
}
