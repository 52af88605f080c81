import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_METHODS, checkCall, ipcChannel } from '../../../src-shared/protocol';
import { GOOD_CALLS } from '../../calls';

const exposed: Record<string, unknown> = {};
const ipcRenderer = {
  // Every channel answers a CallReply (ipc.ts).
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'answer' })),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
};
const webUtils = { getPathForFile: vi.fn((_file: unknown) => '/dropped/g.convolab.json') };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
  webUtils,
}));

beforeEach(async () => {
  vi.resetModules();
  ipcRenderer.invoke.mockClear();
  for (const key of Object.keys(exposed)) delete exposed[key];
  await import('../../../src-main/electron/preload');
});

describe('preload', () => {
  it('exposes exactly the typed AppApi under one name, and nothing of Electron itself', () => {
    expect(Object.keys(exposed)).toEqual(['convolab']);
    const api = exposed.convolab as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...APP_METHODS, 'onEvent', 'onCommand', 'pathForFile'].sort());
    expect(APP_METHODS).toEqual(expect.arrayContaining(['run', 'cancel', 'info', 'getValue', 'compareValues', 'frequencyResponse', 'profile', 'cancelProfile']));
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send|invoke/i);
  });

  it('maps each method to its own channel, with no way to name another', async () => {
    const api = exposed.convolab as { run: (r: unknown) => Promise<unknown>; cancel: (id: number) => Promise<void>; info: () => Promise<unknown> };
    await api.run({ doc: 1 });
    await api.cancel(4);
    await api.info();
    expect(ipcRenderer.invoke.mock.calls).toEqual([['convolab:run', { doc: 1 }], ['convolab:cancel', 4], ['convolab:info']]);
    expect(ipcRenderer.send).not.toHaveBeenCalled();
  });

  // The preload is spelled out by hand (a sandboxed preload imports only electron): these check
  // it against the protocol's method table, so the two cannot drift apart.
  it.each(APP_METHODS)('%s: sends the table\'s channel with arguments the table accepts, and hands back the answer', async (method) => {
    const api = exposed.convolab as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await expect(api[method](...GOOD_CALLS[method])).resolves.toBe('answer');
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(1);
    const [channel, ...args] = ipcRenderer.invoke.mock.calls[0];
    expect(channel).toBe(ipcChannel(method));
    expect(args).toEqual(GOOD_CALLS[method]);
    expect(checkCall(method, args)).toMatchObject({ ok: true, method });
  });

  it('leaves an option out rather than sending undefined for it, which the table would refuse', async () => {
    const api = exposed.convolab as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const ref = { node: 'a', port: 'out' };
    await api.getValue('a', 'out', undefined);
    await api.compareValues(ref, ref, undefined);
    await api.frequencyResponse(ref, undefined);
    const sent = ipcRenderer.invoke.mock.calls.map(([channel, ...args]) => [channel, args.length]);
    expect(sent).toEqual([['convolab:getValue', 2], ['convolab:compareValues', 2], ['convolab:frequencyResponse', 1]]);
  });

  it('rejects with the host\'s one line, word for word, as the WebSocket bridge does', async () => {
    const api = exposed.convolab as Record<string, (...args: unknown[]) => Promise<unknown>>;
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: 'cancel: bad arguments at 0: Too small: expected number to be >=0' });
    await expect(api.cancel(-1)).rejects.toThrow(/^cancel: bad arguments at 0: Too small/);
  });

  it('delivers menu commands to a listener and unsubscribes it', () => {
    const api = exposed.convolab as { onCommand: (listener: (command: unknown) => void) => () => void };
    const seen: unknown[] = [];
    const stop = api.onCommand((command) => seen.push(command));
    const [channel, handler] = ipcRenderer.on.mock.calls.at(-1) as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe('convolab:command');
    handler({ sender: 'hidden' }, { kind: 'save' });
    expect(seen).toEqual([{ kind: 'save' }]);
    stop();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('convolab:command', handler);
  });

  it('gives a dropped file\'s path through webUtils only', () => {
    const api = exposed.convolab as { pathForFile: (file: unknown) => string };
    expect(api.pathForFile({ name: 'g.convolab.json' })).toBe('/dropped/g.convolab.json');
    expect(webUtils.getPathForFile).toHaveBeenCalledWith({ name: 'g.convolab.json' });
  });

  it('subscribes to host events and unsubscribes the same handler', () => {
    const api = exposed.convolab as { onEvent: (listener: (event: unknown) => void) => () => void };
    const seen: unknown[] = [];
    const stop = api.onEvent((event) => seen.push(event));
    const [channel, handler] = ipcRenderer.on.mock.calls.at(-1) as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe('convolab:event');
    handler({ sender: 'hidden' }, { kind: 'runStart', runId: 1 });
    expect(seen).toEqual([{ kind: 'runStart', runId: 1 }]);
    // Events the host sent together (ipc.ts, forwardHostEvents): each to the listener, in order.
    handler({ sender: 'hidden' }, [
      { kind: 'nodesDone', runId: 1, nodes: [] },
      { kind: 'runEnd', runId: 1, status: 'done', ms: 1 },
    ]);
    expect(seen.slice(1)).toEqual([
      { kind: 'nodesDone', runId: 1, nodes: [] },
      { kind: 'runEnd', runId: 1, status: 'done', ms: 1 },
    ]);
    stop();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('convolab:event', handler);
  });
});
