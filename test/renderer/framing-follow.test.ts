/**
 * keepFramed marks the canvas `data-framing` for as long as it follows (the end-to-end suite's
 * steadyView waits for the mark to go before it reads positions off the canvas): from its start
 * until the run is done and the sizes have been still, the user edits, or it is stopped. Played
 * frame by frame with a fake clock and animation frames (globals stubbed: listed in ISOLATED).
 */
import type { Node, ReactFlowInstance, useStoreApi } from '@xyflow/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepFramed, userFramed } from '../../src-renderer/canvas/framing';
import type { EditorStore } from '../../src-renderer/store/document';

let clock = 0;
let nextFrame = 1;
/** The animation frames asked for and not yet run or cancelled, by handle. */
const frames = new Map<number, () => void>();

/** Runs the animation frames queued now, `ms` after the last ones. */
function frame(ms = 16): void {
  clock += ms;
  const due = [...frames.values()];
  frames.clear();
  for (const callback of due) callback();
}

beforeEach(() => {
  clock = 0;
  frames.clear();
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => {
    frames.set(nextFrame, callback);
    return nextFrame++;
  });
  vi.stubGlobal('cancelAnimationFrame', (handle: number) => frames.delete(handle));
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** A canvas with one measured node, an editor whose run and document the test sets. */
function canvasOf() {
  const canvas = { dataset: {} as Record<string, string>, clientHeight: 520 } as unknown as HTMLElement;
  let viewport = { x: 0, y: 0, zoom: 1 };
  const nodes: Node[] = [{ id: 'a', type: 'generic', hidden: false, position: { x: 0, y: 0 }, data: {}, measured: { width: 240, height: 200 } }];
  const flow = {
    getNodes: () => nodes,
    getViewport: () => viewport,
    setViewport: (next: typeof viewport) => {
      viewport = next;
      return Promise.resolve(true);
    },
  } as unknown as ReactFlowInstance;
  const flowStore = { getState: () => ({ domNode: canvas, width: 900, height: 520 }) } as unknown as ReturnType<typeof useStoreApi>;
  const state = { document: { nodes: [] }, run: { status: 'running' as 'running' | 'done' }, lessonStep: undefined };
  const editor = { getState: () => state } as unknown as EditorStore;
  const follow = () => keepFramed(flow, flowStore, editor, { shown: new Set(['a']), focus: ['a'] });
  return { canvas, state, follow, nodes, flow, marked: () => canvas.dataset.framing === 'following' };
}

describe('keepFramed marks the canvas while it follows', () => {
  it('from its start while the run goes on, and ends at the first frame after it once the sizes were still', () => {
    const { state, follow, marked } = canvasOf();
    follow();
    expect(marked()).toBe(true);
    for (let i = 0; i < 100; i++) frame();
    // 1.6 s in, the run still going: still following.
    expect(marked()).toBe(true);
    state.run.status = 'done';
    frame();
    expect(marked()).toBe(false);
    expect(frames.size).toBe(0);
  });

  it('after a run already done, until the sizes have been still for 600 ms', () => {
    const { state, follow, marked } = canvasOf();
    state.run.status = 'done';
    follow();
    frame();
    frame(300);
    expect(marked()).toBe(true);
    frame(400);
    expect(marked()).toBe(false);
    expect(frames.size).toBe(0);
  });

  it('until the user edits the document', () => {
    const { state, follow, marked } = canvasOf();
    follow();
    frame();
    expect(marked()).toBe(true);
    state.document = { nodes: [] };
    frame();
    expect(marked()).toBe(false);
  });

  it('until it is stopped; two framings of one canvas keep the mark until both have ended', () => {
    const { follow, marked } = canvasOf();
    const stopFirst = follow();
    const stopSecond = follow();
    frame();
    stopFirst();
    expect(marked()).toBe(true);
    stopSecond();
    expect(marked()).toBe(false);
    // Stopping again changes nothing.
    stopSecond();
    expect(marked()).toBe(false);
  });

  it("ends at the user's own Fit, even one within its own move's settle time: a node that grows after it does not frame the graph again", () => {
    const { state, follow, nodes, flow, marked } = canvasOf();
    state.run.status = 'done';
    follow();
    frame();
    const framed = flow.getViewport();
    // The user's Fit lands 50 ms after the following moved the view (its move and settle: 300 ms).
    frame(50);
    userFramed();
    const fit = { x: 10, y: 10, zoom: 0.2 };
    void flow.setViewport(fit);
    // A node grows as the wider view draws it again with its preview: the sizes change.
    nodes[0] = { ...nodes[0]!, measured: { width: 240, height: 320 } };
    for (let i = 0; i < 10; i++) frame();
    expect(flow.getViewport()).toEqual(fit);
    expect(flow.getViewport()).not.toEqual(framed);
    expect(marked()).toBe(false);
    expect(frames.size).toBe(0);
  });
});
