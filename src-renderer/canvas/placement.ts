/**
 * Where a node added without a drop point goes (palette click, quick add from the toolbar): the
 * free spot nearest the preferred point, so a new node never lands on top of the user's work.
 */

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Space kept between a new node and its neighbours (flow units). */
export const PLACEMENT_GAP = 24;

/** Whether boxes `a` and `b` come closer than `gap` (0: whether they overlap). */
export function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * The top-left corner nearest `preferred` at which a `size` box overlaps none of `taken` (with
 * `gap` around each). Candidates lie on a grid of `step` around the preferred point, tried in
 * rings of growing distance, so the answer is deterministic and as close as the grid allows.
 */
export function freeSpot(
  preferred: { readonly x: number; readonly y: number },
  size: { readonly width: number; readonly height: number },
  taken: readonly Box[],
  { gap = PLACEMENT_GAP, step = 40, maxRings = 60 }: { gap?: number; step?: number; maxRings?: number } = {},
): { x: number; y: number } {
  const fits = (x: number, y: number): boolean => {
    const box = { x, y, width: size.width, height: size.height };
    return !taken.some((other) => overlaps(box, other, gap));
  };
  if (fits(preferred.x, preferred.y)) return { x: preferred.x, y: preferred.y };
  for (let ring = 1; ring <= maxRings; ring++) {
    let best: { x: number; y: number; distance: number } | undefined;
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        const x = preferred.x + i * step;
        const y = preferred.y + j * step;
        const distance = Math.hypot(i, j);
        // Ties go to the right, then down: graphs read left to right.
        if (best && (distance > best.distance || (distance === best.distance && (x < best.x || (x === best.x && y < best.y))))) continue;
        if (fits(x, y)) best = { x, y, distance };
      }
    }
    if (best) return { x: best.x, y: best.y };
  }
  // Everything near is taken: go right of all of it.
  const right = Math.max(...taken.map((box) => box.x + box.width));
  return { x: right + gap, y: preferred.y };
}

/**
 * Where a block made of the `selected` boxes goes (its top-left corner): centred on the
 * selection, or where that would sit on one of `others` (the nodes left outside), the free spot
 * nearest it, so grouping never hides a neighbour under the new block.
 */
export function groupSpot(selected: readonly Box[], others: readonly Box[], size: { readonly width: number; readonly height: number }): { x: number; y: number } {
  if (selected.length === 0) return freeSpot({ x: 0, y: 0 }, size, others);
  const left = Math.min(...selected.map((box) => box.x));
  const top = Math.min(...selected.map((box) => box.y));
  const right = Math.max(...selected.map((box) => box.x + box.width));
  const bottom = Math.max(...selected.map((box) => box.y + box.height));
  const spot = freeSpot({ x: (left + right - size.width) / 2, y: (top + bottom - size.height) / 2 }, size, others);
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}

/** How far off its originals a paste is first tried when the pointer is not over the canvas. */
export const PASTE_STEP = 40;

/**
 * Where a pasted group (`group`: its box where it was copied from) goes: the free spot nearest
 * `pointer` (flow coordinates) when there is one, else nearest PASTE_STEP down and right of where
 * it was. Each paste counts the ones before among `taken`, so repeated pastes cascade into the
 * next free spots instead of piling up on the originals. With `view` (the part of the canvas in
 * sight) the group lands wholly within it wherever it has room: a paste near the canvas's edge,
 * or beside originals scrolled out of sight, is not lost under the panels around the canvas.
 */
export function pasteSpot(group: Box, taken: readonly Box[], pointer?: { readonly x: number; readonly y: number }, view?: Box): { x: number; y: number } {
  const preferred = pointer ?? { x: group.x + PASTE_STEP, y: group.y + PASTE_STEP };
  if (!view) return freeSpot(preferred, group, taken);
  const margin = PLACEMENT_GAP;
  const inView = {
    x: Math.max(view.x + margin, Math.min(preferred.x, view.x + view.width - margin - group.width)),
    y: Math.max(view.y + margin, Math.min(preferred.y, view.y + view.height - margin - group.height)),
  };
  const roomy = group.width + 2 * margin <= view.width && group.height + 2 * margin <= view.height;
  if (!roomy) return freeSpot(inView, group, taken);
  // The canvas beyond the view counts as taken (a gap from its edges too), so the nearest free
  // spot is one in sight ...
  const far = 1e9;
  const beyond: Box[] = [
    { x: view.x - far, y: view.y - far, width: far, height: 3 * far },
    { x: view.x + view.width, y: view.y - far, width: far, height: 3 * far },
    { x: view.x - far, y: view.y - far, width: 3 * far, height: far },
    { x: view.x - far, y: view.y + view.height, width: 3 * far, height: far },
  ];
  const spot = freeSpot(inView, group, [...taken, ...beyond]);
  const within = spot.x >= view.x && spot.y >= view.y && spot.x + group.width <= view.x + view.width && spot.y + group.height <= view.y + view.height;
  // ... unless the view is too full to hold it: then the nearest free spot, wherever it is.
  return within ? spot : freeSpot(inView, group, taken);
}

/**
 * Where a block of new nodes made for one node goes (a rewrite's new route): just below the node
 * (`node`, its box as drawn), so the two routes read side by side, at the free spot nearest that.
 */
export function spotBelow(
  node: Box | undefined,
  size: { readonly width: number; readonly height: number },
  taken: readonly Box[],
): { x: number; y: number } {
  const at = node ? { x: node.x, y: node.y + node.height + PLACEMENT_GAP } : { x: 0, y: 0 };
  return freeSpot(at, size, taken);
}
