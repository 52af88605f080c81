import { describe, expect, it } from 'vitest';
import type { HostApi, HostEvent, HostEventListener, RunRequest } from '../../../src-shared/protocol';
import { refusalResolved } from '../../../src-renderer/canvas/refusal';
import { checkConnection, type ConnectionRequest } from '../../../src-renderer/canvas/rules';
import { createEditorStore, type EditorStore } from '../../../src-renderer/store/document';

/** A host that accepts runs (or refuses them while `down`) and plays events back. */
function fakeHost() {
  let listener: HostEventListener | undefined;
  const runs: RunRequest[] = [];
  const state = { down: false };
  const host = {
    run(request: RunRequest) {
      if (state.down) return Promise.reject(new Error('the connection to the Convolab server closed'));
      runs.push(request);
      return Promise.resolve({ runId: runs.length });
    },
    cancel: () => Promise.resolve(),
    onEvent(next: HostEventListener) {
      listener = next;
      return () => (listener = undefined);
    },
  } as unknown as HostApi;
  return { host, runs, state, emit: (event: HostEvent) => listener?.(event) };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Tries a wire as the canvas does: refused with its reason tied to the wire, or connected. */
function tryConnect(store: EditorStore, request: ConnectionRequest): boolean {
  const check = checkConnection(store.getState().document, request);
  if (check.ok) store.getState().connect(request);
  else store.getState().say(`Not connected: ${check.reason}`, 'error', { resolvedWhen: refusalResolved(request) });
  return check.ok;
}

const wire = (source: string, target: string, targetHandle = 'in'): ConnectionRequest => ({ source, sourceHandle: 'out', target, targetHandle });

describe('a notice tied to its cause', () => {
  it('"Not connected" (an input already taken) clears once the wire in the way is removed, not on an unrelated edit', () => {
    const store = createEditorStore(fakeHost().host);
    const state = () => store.getState();
    const sequence = state().addNode('source.sequence', { x: 0, y: 0 });
    const add = state().addNode('op.add', { x: 200, y: 0 });
    const scale = state().addNode('op.scale', { x: 400, y: 0 });
    expect(tryConnect(store, wire(sequence, add, 'a'))).toBe(true);
    expect(tryConnect(store, wire(add, scale))).toBe(true);
    expect(tryConnect(store, wire(sequence, scale))).toBe(false);
    expect(state().notice?.text).toMatch(/^Not connected: .*already takes/);

    // Moving a node or changing a param elsewhere leaves the reason standing.
    state().dispatch({ kind: 'move', nodes: { [add]: { x: 220, y: 10 } }, frames: {} });
    state().setParam(scale, 'factor', 3);
    expect(state().notice?.level).toBe('error');

    const inTheWay = state().document.edges.find((edge) => edge.target === scale)!;
    state().dispatch({ kind: 'remove', edges: [inTheWay.id] });
    expect(state().notice).toBeUndefined();
  });

  it('a refused cycle clears when the wire that closed it goes, and a refused type when a node goes', () => {
    const store = createEditorStore(fakeHost().host);
    const state = () => store.getState();
    const add = state().addNode('op.add', { x: 0, y: 0 });
    const scale = state().addNode('op.scale', { x: 200, y: 0 });
    tryConnect(store, wire(add, scale));
    expect(tryConnect(store, wire(scale, add, 'b'))).toBe(false);
    expect(state().notice?.text).toContain('cycle');
    state().dispatch({ kind: 'remove', edges: [state().document.edges[0].id] });
    expect(state().notice).toBeUndefined();

    const value = state().addNode('sink.value', { x: 400, y: 0 });
    expect(tryConnect(store, wire(scale, value))).toBe(false);
    expect(state().notice?.text).toContain('takes a value');
    state().dispatch({ kind: 'remove', nodes: [value] });
    expect(state().notice).toBeUndefined();
  });

  it('a run the host could not take clears once a later run goes through', async () => {
    const fake = fakeHost();
    const store = createEditorStore(fake.host);
    fake.state.down = true;
    const id = store.getState().addNode('source.sequence', { x: 0, y: 0 });
    await settle();
    expect(store.getState().notice).toMatchObject({ level: 'error', text: 'the connection to the Convolab server closed' });
    fake.state.down = false;
    store.getState().setParam(id, 'values', [1, 2]);
    await settle();
    expect(fake.runs).toHaveLength(1);
    expect(store.getState().notice).toBeUndefined();
  });

  it('a notice with no cause to watch (a report from the host) stays until dismissed or replaced', async () => {
    const fake = fakeHost();
    const store = createEditorStore(fake.host);
    fake.emit({ kind: 'notice', level: 'error', message: 'the engine worker stopped; started a new one and ran the graph again' });
    store.getState().addNode('source.sequence', { x: 0, y: 0 });
    await settle();
    fake.emit({ kind: 'runStart', runId: 1 });
    fake.emit({ kind: 'runEnd', runId: 1, status: 'done', ms: 1 });
    expect(store.getState().notice?.text).toContain('the engine worker stopped');
  });
});
