import { describe, expect, it, vi } from 'vitest';
import type { NodeReport } from '../../src-shared/engine/engine';
import type { DocumentRun, FullValue, HostApi, HostEvent, HostEventListener, HostInfo, RunAnswer, RunRequest } from '../../src-shared/protocol';
import type { GraphDocument } from '../../src-shared/graph/document';
import { applyDocumentEdit } from '../../src-shared/graph/document-edit';
import { LIMITS } from '../../src-shared/graph/schema';
import { createEditorStore } from '../../src-renderer/store/document';

/** A host that records what it is asked and lets the test play its events back. */
class FakeHost implements HostApi {
  /** Each run's document (an edit applied to the one held, as the engine host does). */
  readonly runs: DocumentRun[] = [];
  /** What the page sent: whole documents and edits. */
  readonly requests: RunRequest[] = [];
  readonly cancelled: number[] = [];
  private listener: HostEventListener | undefined;
  private held: { version: string; doc: GraphDocument } | undefined;
  run(request: RunRequest): Promise<RunAnswer> {
    this.requests.push(request);
    if ('edit' in request) {
      if (this.held?.version !== request.edit.base) return Promise.resolve({ needsDocument: true });
      const doc = applyDocumentEdit(this.held.doc, request.edit, LIMITS);
      this.held = { version: request.edit.version, doc };
      this.runs.push({ doc, ...(request.resend ? { resend: true } : {}) });
    } else {
      this.held = request.version === undefined ? undefined : { version: request.version, doc: request.doc };
      this.runs.push(request);
    }
    return Promise.resolve({ runId: this.runs.length });
  }
  cancel(runId: number): Promise<void> {
    this.cancelled.push(runId);
    return Promise.resolve();
  }
  info(): Promise<HostInfo> {
    return Promise.resolve({ version: 'test', mode: 'browser' });
  }
  getValue(): Promise<FullValue | undefined> {
    return Promise.resolve(undefined);
  }
  compareValues(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  frequencyResponse(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  probeNode(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  profile(): Promise<{ profileId: number }> {
    return Promise.resolve({ profileId: 1 });
  }
  cancelProfile(): Promise<void> {
    return Promise.resolve();
  }
  onEvent(listener: HostEventListener): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  emit(event: HostEvent): void {
    this.listener?.(event);
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function report(id: string, cached: boolean): NodeReport {
  return { id, type: 'source.sequence', status: 'ok', ms: 1, cached };
}

describe('editor store', () => {
  it('counts a cached first report as a fresh value, so the large preview fetches it after a reload', async () => {
    const host = new FakeHost();
    const store = createEditorStore(host);
    store.getState().addNode('source.sequence', { x: 0, y: 0 });
    await settle();
    expect(host.runs).toHaveLength(1);
    // The host's memo outlived the page: the very first report says cached.
    host.emit({ kind: 'runStart', runId: 1 });
    host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence1', true), previews: {}, previewVersion: 1 }] });
    expect(store.getState().nodeStates.sequence1.generation).toBe(1);
    // A later cached report of the same value is not new to this page.
    host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence1', true), previews: {}, previewVersion: 1 }] });
    expect(store.getState().nodeStates.sequence1.generation).toBe(1);
    host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence1', false), previews: {}, previewVersion: 1 }] });
    expect(store.getState().nodeStates.sequence1.generation).toBe(2);
  });

  it('asks for every preview on its first run only, and shows a cached node\'s previews named by version, even ones sent in a run it dropped', async () => {
    const host = new FakeHost();
    const store = createEditorStore(host);
    const preview = { kind: 'value', fields: { n: 3 } } as never;
    store.getState().addNode('source.sequence', { x: 0, y: 0 });
    await settle();
    host.emit({ kind: 'runStart', runId: 1 });
    host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence1', false), previews: { out: preview }, previewVersion: 7 }] });
    host.emit({ kind: 'runEnd', runId: 1, status: 'done', ms: 1 });
    store.getState().addNode('source.sequence', { x: 0, y: 200 });
    await settle();
    // Run 2 starts, and a late report of run 1 is dropped as stale, though its previews
    // (version 8) are kept for a later run to name.
    host.emit({ kind: 'runStart', runId: 2 });
    host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence2', false), previews: { out: preview }, previewVersion: 8 }] });
    expect(store.getState().nodeStates.sequence2).toBeUndefined();
    // Run 2 names both by version alone.
    host.emit({ kind: 'nodesDone', runId: 2, nodes: [{ report: report('sequence1', true), previewVersion: 7 }] });
    host.emit({ kind: 'nodesDone', runId: 2, nodes: [{ report: report('sequence2', true), previewVersion: 8 }] });
    expect(store.getState().nodeStates.sequence1?.previews).toEqual({ out: preview });
    expect(store.getState().nodeStates.sequence2?.previews).toEqual({ out: preview });
    expect(host.runs.map((request) => request.resend === true)).toEqual([true, false]);
  });

  it('marks what a cancelled run left running as stopped, and Run again sends the document once more', async () => {
    const host = new FakeHost();
    const store = createEditorStore(host);
    store.getState().addNode('source.sequence', { x: 0, y: 0 });
    await settle();
    host.emit({ kind: 'runStart', runId: 1 });
    host.emit({ kind: 'nodeStart', runId: 1, id: 'sequence1' });
    host.emit({ kind: 'nodeProgress', runId: 1, id: 'sequence1', fraction: 0.25 });
    expect(store.getState().nodeStates.sequence1).toMatchObject({ status: 'running', progress: 0.25 });
    store.getState().cancelRun();
    expect(host.cancelled).toEqual([1]);
    host.emit({ kind: 'runEnd', runId: 1, status: 'cancelled', ms: 5 });
    expect(store.getState().nodeStates.sequence1.status).toBe('idle');
    expect(store.getState().run).toMatchObject({ status: 'cancelled' });
    store.getState().runAgain();
    await settle();
    expect(host.runs).toHaveLength(2);
    expect(host.runs[1]!.doc).toEqual(store.getState().document);
  });

  it('applies a batch of results as one change, and a cached node that shows what it showed keeps its state object', async () => {
    const host = new FakeHost();
    const store = createEditorStore(host);
    store.getState().addNode('source.sequence', { x: 0, y: 0 });
    await settle();
    const preview = (n: number) => ({ kind: 'value', fields: { n } }) as never;
    const ids = Array.from({ length: 200 }, (_, i) => `n${i}`);
    host.emit({ kind: 'runStart', runId: 1 });
    let changes = 0;
    const unsubscribe = store.subscribe(() => changes++);
    host.emit({ kind: 'nodesDone', runId: 1, nodes: ids.map((id, i) => ({ report: report(id, false), previews: { out: preview(i) }, previewVersion: i + 1 })) });
    unsubscribe();
    expect(changes).toBe(1);
    expect(store.getState().run).toMatchObject({ runId: 1, nodesDone: 200 });
    host.emit({ kind: 'runEnd', runId: 1, status: 'done', ms: 1 });
    // Run 2 reuses every result: the first cached report of each is news (it was fresh before).
    const cachedRun = (runId: number, changed?: string): void => {
      host.emit({ kind: 'runStart', runId });
      host.emit({
        kind: 'nodesDone',
        runId,
        nodes: ids.map((id, i) =>
          id === changed ? { report: report(id, false), previews: { out: preview(-runId) }, previewVersion: 1000 + runId } : { report: report(id, true), previewVersion: i + 1 },
        ),
      });
      host.emit({ kind: 'runEnd', runId, status: 'done', ms: 1 });
    };
    cachedRun(2);
    const before = store.getState().nodeStates;
    // Run 3 changes n7 alone: every other node keeps its very state object, so nothing draws it again.
    cachedRun(3, 'n7');
    const after = store.getState().nodeStates;
    expect(ids.filter((id) => after[id] !== before[id])).toEqual(['n7']);
    expect(after.n7).toMatchObject({ previews: { out: preview(-3) }, generation: before.n7!.generation + 1 });
    expect(after.n8!.previews).toEqual({ out: preview(8) });
  });

  it('drops a batch of results from a run a newer one superseded', async () => {
    const host = new FakeHost();
    const store = createEditorStore(host);
    store.getState().addNode('source.sequence', { x: 0, y: 0 });
    await settle();
    host.emit({ kind: 'runStart', runId: 2 });
    host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence1', false), previews: {}, previewVersion: 1 }, { report: report('late', false), previews: {}, previewVersion: 2 }] });
    expect(store.getState().nodeStates).toEqual({});
    expect(store.getState().run).toMatchObject({ runId: 2, nodesDone: 0 });
  });

  it('sends the run of an edit before what the page renders for it', async () => {
    const host = new FakeHost();
    const store = createEditorStore(host);
    store.getState().addNode('source.sequence', { x: 0, y: 0 });
    await settle();
    host.emit({ kind: 'runEnd', runId: 1, status: 'done', ms: 1 });
    // React renders a store change in a microtask it queues when the store tells it of the change.
    const order: string[] = [];
    store.subscribe(() => queueMicrotask(() => order.push(`render with ${host.runs.length} runs sent`)));
    store.getState().setParam('sequence1', 'values', [4, 5]);
    await settle();
    expect(host.runs).toHaveLength(2);
    expect(host.runs[1]!.doc.nodes[0]!.params).toEqual({ values: [4, 5] });
    expect(order[0]).toBe('render with 2 runs sent');
  });

  it('in a page, applies a result that brings previews in a task after the messages queued, with what waited, as one change; the rest waits for a frame', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    try {
      const host = new FakeHost();
      const store = createEditorStore(host);
      store.getState().addNode('source.sequence', { x: 0, y: 0 });
      await settle();
      for (const callback of frames.splice(0)) callback(0);
      let changes = 0;
      const unsubscribe = store.subscribe(() => changes++);
      // Starts and a cached node that shows what it showed: nothing to draw yet, so no change.
      host.emit({ kind: 'runStart', runId: 1 });
      host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('cached', true), previewVersion: 3 }] });
      host.emit({ kind: 'nodeStart', runId: 1, id: 'sequence1' });
      await settle();
      expect(changes).toBe(0);
      expect(store.getState().nodeStates.sequence1).toBeUndefined();
      // The changed node's result while the run goes on: not in the task it came in, but in one
      // of its own, with what waited before it, as one change.
      const preview = { kind: 'value', fields: { n: 1 } } as never;
      host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence1', false), previews: { out: preview }, previewVersion: 4 }] });
      expect(changes).toBe(0);
      await vi.waitFor(() => expect(changes).toBe(1));
      expect(store.getState().nodeStates.sequence1).toMatchObject({ status: 'ok', previews: { out: preview } });
      expect(store.getState().nodeStates.cached).toMatchObject({ status: 'ok' });
      expect(store.getState().run).toMatchObject({ runId: 1, status: 'running', nodesDone: 2 });
      // The run's end with nothing new to draw waits for the next frame.
      host.emit({ kind: 'runEnd', runId: 1, status: 'done', ms: 1 });
      await settle();
      expect(store.getState().run).toMatchObject({ status: 'running' });
      for (const callback of frames.splice(0)) callback(0);
      expect(store.getState().run).toMatchObject({ status: 'done' });
      expect(changes).toBe(2);
      // The next run: a result that brings previews and the run's end in one go (the sink's report
      // and the end come in one socket message): at once, with what waited, as one change.
      host.emit({ kind: 'runStart', runId: 2 });
      host.emit({ kind: 'nodeStart', runId: 2, id: 'sequence1' });
      const next = { kind: 'value', fields: { n: 2 } } as never;
      host.emit({ kind: 'nodesDone', runId: 2, nodes: [{ report: report('sequence1', false), previews: { out: next }, previewVersion: 5 }] });
      expect(changes).toBe(2);
      host.emit({ kind: 'runEnd', runId: 2, status: 'done', ms: 1 });
      expect(changes).toBe(3);
      expect(store.getState().nodeStates.sequence1).toMatchObject({ status: 'ok', previews: { out: next } });
      expect(store.getState().run).toMatchObject({ runId: 2, status: 'done', nodesDone: 1 });
      // The task and the frame asked for meanwhile find nothing left to apply.
      await settle();
      for (const callback of frames.splice(0)) callback(0);
      expect(changes).toBe(3);
      unsubscribe();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('in a hidden page (no frames), what waits applies a tenth of a second after it began to wait, not sooner', async () => {
    // Frames never come; the clock is the test's. A flush timer left from an earlier wait (its
    // events applied since by a result that brought previews) must not apply the next wait early.
    vi.stubGlobal('requestAnimationFrame', () => 0);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const task = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    try {
      const host = new FakeHost();
      const store = createEditorStore(host);
      store.getState().addNode('source.sequence', { x: 0, y: 0 });
      await vi.advanceTimersByTimeAsync(0);
      // The run starts (waits: a flush is due in 100 ms), then a result with previews applies it in a task.
      host.emit({ kind: 'runStart', runId: 1 });
      const preview = { kind: 'value', fields: { n: 1 } } as never;
      host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence1', false), previews: { out: preview }, previewVersion: 1 }] });
      for (let i = 0; i < 50 && store.getState().nodeStates.sequence1 === undefined; i++) await task();
      expect(store.getState().run).toMatchObject({ runId: 1, status: 'running' });
      // 60 ms on, the run's end waits: its own flush is due 100 ms after it, at 160.
      vi.advanceTimersByTime(60);
      host.emit({ kind: 'runEnd', runId: 1, status: 'done', ms: 1 });
      vi.advanceTimersByTime(50);
      expect(store.getState().run).toMatchObject({ status: 'running' });
      vi.advanceTimersByTime(50);
      expect(store.getState().run).toMatchObject({ status: 'done' });
    } finally {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    }
  });

  it('in a page, shows a run the host answered for with its first result, in one change, or at the next frame', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    try {
      const host = new FakeHost();
      const store = createEditorStore(host);
      let changes = 0;
      const unsubscribe = store.subscribe(() => changes++);
      store.getState().addNode('source.sequence', { x: 0, y: 0 });
      await settle();
      // The answer (run 1) came: the page draws nothing for it yet.
      expect(host.runs).toHaveLength(1);
      const afterEdit = changes;
      expect(store.getState().run).toBeUndefined();
      // The run's first result: the run's state and the node's, one change, in a task of its own.
      const preview = { kind: 'value', fields: { n: 1 } } as never;
      host.emit({ kind: 'runStart', runId: 1 });
      host.emit({ kind: 'nodesDone', runId: 1, nodes: [{ report: report('sequence1', false), previews: { out: preview }, previewVersion: 1 }] });
      expect(changes).toBe(afterEdit);
      await vi.waitFor(() => expect(changes).toBe(afterEdit + 1));
      expect(store.getState().run).toMatchObject({ runId: 1, status: 'running', nodesDone: 1 });
      expect(store.getState().nodeStates.sequence1).toMatchObject({ status: 'ok', previews: { out: preview } });
      host.emit({ kind: 'runEnd', runId: 1, status: 'done', ms: 1 });
      for (const callback of frames.splice(0)) callback(0);
      expect(store.getState().run).toMatchObject({ runId: 1, status: 'done' });
      // A run whose events are slow to come shows as running at the next frame all the same.
      store.getState().setParam('sequence1', 'values', [4, 5]);
      await settle();
      expect(host.runs).toHaveLength(2);
      expect(store.getState().run).toMatchObject({ runId: 1, status: 'done' });
      for (const callback of frames.splice(0)) callback(0);
      expect(store.getState().run).toMatchObject({ runId: 2, status: 'running', nodesDone: 0 });
      unsubscribe();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('a lesson started over', () => {
  it('restores the graph the lesson began on as one undo entry, and goes to the first step', () => {
    const store = createEditorStore(new FakeHost());
    const begun = store.getState().addNode('source.sequence', { x: 0, y: 0 });
    const start = store.getState().document;
    store.getState().setLessonStep(0);
    store.getState().setLessonStep(2);
    store.getState().addNode('op.fft', { x: 200, y: 0 });
    store.getState().setParam(begun, 'values', [4, 5]);
    const changed = store.getState().document;
    store.getState().restartLesson();
    expect(store.getState().document).toBe(start);
    expect(store.getState().lessonStep).toBe(0);
    // One undo brings every change back; redo starts over again.
    store.getState().undo();
    expect(store.getState().document).toBe(changed);
    store.getState().redo();
    expect(store.getState().document).toBe(start);
  });

  it('begins where the lesson was started, is forgotten when it is closed or another graph opens, and changes nothing when nothing changed', () => {
    const store = createEditorStore(new FakeHost());
    store.getState().addNode('source.sequence', { x: 0, y: 0 });
    store.getState().setLessonStep(0);
    store.getState().setLessonStep(undefined);
    expect(store.getState().lessonStart).toBeUndefined();
    store.getState().addNode('op.fft', { x: 200, y: 0 });
    const second = store.getState().document;
    store.getState().setLessonStep(1);
    expect(store.getState().lessonStart).toBe(second);
    const entries = store.getState().history.past.length;
    store.getState().restartLesson();
    expect(store.getState().history.past).toHaveLength(entries);
    expect(store.getState().lessonStep).toBe(0);
    store.getState().replaceDocument({ ...second, nodes: [] });
    expect(store.getState().lessonStart).toBeUndefined();
  });
});
