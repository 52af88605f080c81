import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const ipcRenderer = {
  invoke: vi.fn(async (..._args: unknown[]) => 'answer'),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
}));

beforeEach(async () => {
  vi.resetModules();
  for (const key of Object.keys(exposed)) delete exposed[key];
  await import('../../../src-main/electron/preload');
});

describe('preload', () => {
  it('exposes exactly the typed HostApi under one name, and nothing of Electron itself', () => {
    expect(Object.keys(exposed)).toEqual(['convolab']);
    const api = exposed.convolab as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['cancel', 'getValue', 'info', 'onEvent', 'run']);
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

  it('subscribes to host events and unsubscribes the same handler', () => {
    const api = exposed.convolab as { onEvent: (listener: (event: unknown) => void) => () => void };
    const seen: unknown[] = [];
    const stop = api.onEvent((event) => seen.push(event));
    const [channel, handler] = ipcRenderer.on.mock.calls.at(-1) as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe('convolab:event');
    handler({ sender: 'hidden' }, { kind: 'runStart', runId: 1 });
    expect(seen).toEqual([{ kind: 'runStart', runId: 1 }]);
    stop();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('convolab:event', handler);
  });
});
