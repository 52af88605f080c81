import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_METHODS, FILE_METHODS } from '../../../src-shared/protocol';

const exposed: Record<string, unknown> = {};
const ipcRenderer = {
  invoke: vi.fn(async (..._args: unknown[]) => 'answer'),
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

  it('maps every files method to its own channel, with its arguments as given', async () => {
    const api = exposed.convolab as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const calls: [string, unknown[]][] = [
      ['openDocument', [{ path: '/g.convolab.json' }]],
      ['saveDocument', [{ text: '{}' }]],
      ['exportFile', [{ suggestedName: 'a.wav', data: 'AAAA' }]],
      ['listFolder', ['sub']],
      ['uploadFile', [{ path: 'a.wav', data: 'AAAA' }]],
      ['recentDocuments', []],
      ['clearRecent', []],
      ['startup', ['s1']],
      ['writeBackup', [{ id: 's1', text: '{}' }]],
      ['discardBackup', ['s1']],
      ['setDocumentState', [{ name: 'g', dirty: true }]],
      ['askToSave', ['g']],
      ['closeWindow', []],
    ];
    expect(calls.map(([method]) => method).sort()).toEqual([...FILE_METHODS].sort());
    for (const [method, args] of calls) await api[method]!(...args);
    expect(ipcRenderer.invoke.mock.calls).toEqual(calls.map(([method, args]) => [`convolab:${method}`, ...args]));
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
    stop();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('convolab:event', handler);
  });
});
