/**
 * Framing the canvas on what the reader should see first (an opened graph, a lesson step) at a
 * readable zoom (viewport.ts), once React Flow has drawn and measured the nodes, and again while
 * their previews arrive and make them taller. It stops as soon as the user takes over: an edit
 * to the document, or a pan or zoom of their own (userFramed).
 */
import type { Node, ReactFlowInstance, useStoreApi } from '@xyflow/react';
import type { EditorStore } from '../store/document';
import type { Box } from './placement';
import { boundsOf, readableViewport, type Viewport } from './viewport';

type FlowStore = ReturnType<typeof useStoreApi>;

export interface FramingRequest {
  /** The nodes that should be on the canvas (a lesson step hides later steps' nodes). */
  readonly shown: ReadonlySet<string>;
  /** What to frame when not all of `shown` can be read at once; its first node above all. */
  readonly focus: readonly string[];
  /** A small graph is magnified up to this. */
  readonly maxZoom?: number;
  /** Pixels at the pane's top that something drawn over the canvas covers (an opened block's breadcrumb). */
  readonly coveredTop?: number;
  /** Whether to go on framing (checked every frame): false once someone else frames the canvas. */
  readonly stillWanted?: () => boolean;
}

/**
 * How long framing follows growing nodes at most (ms): a slow run's previews come late. On a
 * machine whose cores are busy with other work the first run of a fresh page took over 10 s, and
 * a step's node that grew after that was left cut off by the canvas's edge. Any pan, zoom or edit
 * of the user's own ends the following sooner.
 */
const FOLLOW_MS = 30_000;
/** Sizes unchanged this long after the run: settled (ms). */
const SETTLE_MS = 600;

function boxOf(node: Node): Box {
  return { x: node.position.x, y: node.position.y, width: node.measured?.width ?? node.width ?? 0, height: node.measured?.height ?? node.height ?? 0 };
}

function sameViewport(a: Viewport, b: Viewport): boolean {
  return Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.zoom - b.zoom) < 1e-3;
}

/** The viewport that frames `request` on the canvas as it is now; undefined while nothing is shown. */
export function framingViewport(flow: ReactFlowInstance, pane: { width: number; height: number }, request: FramingRequest): Viewport | undefined {
  const shown = flow.getNodes().filter((node) => node.type === 'frame' || request.shown.has(node.id));
  const all = boundsOf(shown.map(boxOf));
  if (!all || pane.width <= 0 || pane.height <= 0) return undefined;
  const focusIds = new Set(request.focus);
  const focused = shown.filter((node) => focusIds.has(node.id));
  const focus = boundsOf(focused.map(boxOf));
  // The step's first node (its focus, whose views open) is the one never left out of sight.
  const first = request.focus.map((id) => focused.find((node) => node.id === id)).find((node) => node !== undefined);
  // Framed in the part of the pane below what covers its top.
  const covered = Math.min(request.coveredTop ?? 0, pane.height / 2);
  const viewport = readableViewport(all, focus, { width: pane.width, height: pane.height - covered }, { maxZoom: request.maxZoom ?? 1, ...(first ? { primary: boxOf(first) } : {}) });
  return { ...viewport, y: viewport.y + covered };
}

/**
 * How many framings follow each canvas now. While any does, the canvas carries `data-framing`:
 * its view may still move by itself, so whoever reads screen positions off it (the end-to-end
 * suite before a drag) waits for the attribute to go instead of watching the view for a while.
 */
const following = new WeakMap<HTMLElement, number>();

function markFollowing(canvas: HTMLElement | null, delta: 1 | -1): void {
  if (!canvas) return;
  const count = (following.get(canvas) ?? 0) + delta;
  following.set(canvas, count);
  if (count > 0) canvas.dataset.framing = 'following';
  else delete canvas.dataset.framing;
}

/** The framings following now, each by the function that ends it. */
const followers = new Set<() => void>();

/**
 * The user framed a canvas themselves — Fit, a zoom button, their shortcut, a pan or zoom by
 * pointer or wheel: every framing still following stops at once. Without this a Fit within
 * a following's own short move (its settle time) went unnoticed, and the nodes that the wider
 * view then drew and measured made the following frame the opened graph again, undoing the Fit.
 */
export function userFramed(): void {
  for (const stop of [...followers]) stop();
}

/**
 * Frames `request` once the canvas has applied it (shown nodes visible and measured, hidden ones
 * hidden, the pane at its new size), then again whenever the sizes change while the run goes
 * on. Returns a function that stops it.
 */
export function keepFramed(flow: ReactFlowInstance, flowStore: FlowStore, editor: EditorStore, request: FramingRequest): () => void {
  const started = performance.now();
  const canvas = flowStore.getState().domNode;
  markFollowing(canvas, 1);
  let ended = false;
  let frame = 0;
  const end = (): void => {
    if (ended) return;
    ended = true;
    followers.delete(stop);
    markFollowing(canvas, -1);
  };
  const stop = (): void => {
    cancelAnimationFrame(frame);
    end();
  };
  followers.add(stop);
  const document = editor.getState().document;
  let fitted = '';
  let changedAt = started;
  let target: Viewport | undefined;
  let settledAt = 0;
  const step = (): void => {
    const now = performance.now();
    if (request.stillWanted && !request.stillWanted()) return end();
    // The user took over: an edit, or a pan or zoom of their own once our move had ended.
    if (editor.getState().document !== document) return end();
    if (target && now > settledAt && !sameViewport(flow.getViewport(), target)) return end();
    const nodes = flow.getNodes().filter((node) => node.type !== 'frame');
    const applied = nodes.every((node) => node.hidden === !request.shown.has(node.id) && (node.hidden || node.measured?.width));
    // The dock under the canvas may have just changed size: wait for the canvas's new size.
    const state = flowStore.getState();
    const sized = !state.domNode || state.height === state.domNode.clientHeight;
    if ((applied && sized) || now - started > 1500) {
      const sizes = `${state.width}x${state.height}:${nodes.map((node) => (node.hidden ? '' : `${node.measured?.width}x${node.measured?.height}`)).join(',')}`;
      if (sizes !== fitted) {
        const viewport = framingViewport(flow, { width: state.width, height: state.height }, request);
        if (viewport) {
          const duration = fitted === '' ? 200 : 120;
          void flow.setViewport(viewport, { duration });
          target = viewport;
          settledAt = now + duration + 100;
        }
        fitted = sizes;
        changedAt = now;
      }
    }
    const running = editor.getState().run?.status === 'running';
    if (now - started < FOLLOW_MS && (running || now - changedAt < SETTLE_MS || fitted === '')) frame = requestAnimationFrame(step);
    else end();
  };
  frame = requestAnimationFrame(step);
  return stop;
}
