import { describe, expect, it } from 'vitest';
import type { NodeReport } from '../../src-shared/engine/engine';
import type { FullValue, HostApi, HostEvent, HostEventListener, HostInfo, RunRequest } from '../../src-shared/protocol';
import { createEditorStore } from '../../src-renderer/store/document';

/** A host that records what it is asked and lets the test play its events back. */
class FakeHost implements HostApi {
  readonly runs: RunRequest[] = [];
  readonly cancelled: number[] = [];
  private listener: HostEventListener | undefined;
  run(request: RunRequest): Promise<{ runId: number }> {
    this.runs.push(request);
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
    host.emit({ kind: 'nodeDone', runId: 1, report: report('sequence1', true), previews: {} });
    expect(store.getState().nodeStates.sequence1.generation).toBe(1);
    // A later cached report of the same value is not new to this page.
    host.emit({ kind: 'nodeDone', runId: 1, report: report('sequence1', true), previews: {} });
    expect(store.getState().nodeStates.sequence1.generation).toBe(1);
    host.emit({ kind: 'nodeDone', runId: 1, report: report('sequence1', false), previews: {} });
    expect(store.getState().nodeStates.sequence1.generation).toBe(2);
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
    expect(host.runs[1].doc).toBe(store.getState().document);
  });
});
