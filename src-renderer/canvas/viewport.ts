/**
 * Which part of the graph a view opens on. Fitting a whole large graph makes node text a few
 * pixels tall, so an opened example or a lesson step never goes below a readable zoom: when the
 * whole graph does not fit at that zoom, the view frames the nodes the reader starts with (the
 * step's, or the sources at the left) and the rest is a pan away.
 */
import type { GraphDocument } from '../../src-shared/graph/document';
import { lessonOf } from '../../src-shared/graph/lesson';
import type { Box } from './placement';

/** The smallest zoom at which a node's title and params can be read (about 7 px text). */
export const READABLE_ZOOM = 0.6;

/** React Flow's viewport: a flow point p is drawn at p * zoom + (x, y) inside the pane. */
export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export interface FramingOptions {
  /** The margin kept around what is framed, as a fraction of the pane on each side. */
  readonly margin?: number;
  /** A small graph is not magnified past this. */
  readonly maxZoom?: number;
  /** Never below this. */
  readonly minZoom?: number;
}

/** The union of boxes; undefined for none. */
export function boundsOf(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const box of boxes) {
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The largest zoom at which `box` fits in the pane inside the margin. */
function fittingZoom(box: Box, pane: { width: number; height: number }, margin: number): number {
  const room = 1 - 2 * margin;
  return Math.min((pane.width * room) / Math.max(box.width, 1), (pane.height * room) / Math.max(box.height, 1));
}

/**
 * Where a window of `span` flow units starts along one axis so that it shows `focus` (centred on
 * it when it fits, else from its start) while showing as little empty space beyond `all` as
 * possible: the window slides towards the graph, never off the focus.
 */
function windowStart(focusStart: number, focusSize: number, allStart: number, allSize: number, span: number, pad: number): number {
  if (focusSize + 2 * pad > span) return focusStart - pad;
  const centred = focusStart + focusSize / 2 - span / 2;
  const low = allStart - pad;
  const high = allStart + allSize + pad - span;
  if (high < low) return (low + high) / 2;
  // Clamped into the graph's extent; the focus stays inside because it lies inside `all`.
  return Math.min(Math.max(centred, low), high);
}

/**
 * The viewport an opened graph (or a lesson step) shows in a pane of `pane` pixels: the whole of
 * `all` when it fits at `minZoom` or more; else `focus` at the zoom that fits it (never below
 * `minZoom`), the window slid over the graph so that as much of it as possible shows. A focus too
 * large even at `minZoom` is shown around its `primary` box (the step's first node), as much of
 * the rest of it as fits around that.
 */
export function readableViewport(
  all: Box,
  focus: Box | undefined,
  pane: { width: number; height: number },
  options: FramingOptions & { readonly primary?: Box } = {},
): Viewport {
  const { margin = 0.05, maxZoom = 1, minZoom = READABLE_ZOOM, primary } = options;
  const wholeZoom = Math.min(fittingZoom(all, pane, margin), maxZoom);
  const target = wholeZoom >= minZoom || !focus ? all : focus;
  const zoom = Math.max(minZoom, Math.min(fittingZoom(target, pane, margin), maxZoom));
  const axis = (start: number, size: number, allStart: number, allSize: number, primaryStart: number | undefined, primarySize: number, paneSize: number): number => {
    const span = paneSize / zoom;
    const pad = (paneSize * margin) / zoom;
    // The target does not fit along this axis: keep its primary box in sight, and as much of the target as fits.
    if (size + 2 * pad > span && primaryStart !== undefined) return windowStart(primaryStart, primarySize, start, size, span, pad);
    return windowStart(start, size, allStart, allSize, span, pad);
  };
  const left = axis(target.x, target.width, all.x, all.width, primary?.x, primary?.width ?? 0, pane.width);
  const top = axis(target.y, target.height, all.y, all.height, primary?.y, primary?.height ?? 0, pane.height);
  return { x: -left * zoom, y: -top * zoom, zoom };
}

/** Fit view never magnifies past 100 %: a small graph stays at its natural size. */
export const FIT_VIEW_OPTIONS = { padding: 0.15, maxZoom: 1, duration: 200 } as const;

/** The viewport after New: zoom 1 with the flow's origin at the pane's top-left corner. */
export const HOME_VIEWPORT: Viewport = { x: 0, y: 0, zoom: 1 };

/**
 * The nodes a reader starts with, framed when a graph opens too large to read whole: the first
 * lesson step's, else the sources (nodes nothing feeds), which a left-to-right graph has on its left.
 */
export function startingNodes(document: GraphDocument): string[] {
  const first = lessonOf(document)?.[0]?.nodes;
  if (first && first.length > 0) return [...first];
  const fed = new Set(document.edges.map((edge) => edge.target));
  return document.nodes.filter((node) => !fed.has(node.id)).map((node) => node.id);
}
