import { describe, expect, it, vi } from 'vitest';
import { forwardHostEvents, registerHostIpc, sendCommand } from '../../../src-main/electron/ipc';
import { APP_METHODS, isFileMethod, type HostApi, type HostEventListener } from '../../../src-shared/protocol';
import { GOOD_CALLS } from '../../calls';

const PAGE = 'convolab://app/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

function fakeHost() {
  const listeners = new Set<HostEventListener>();
  const host = {
    run: vi.fn(async () => ({ runId: 3 })),
    cancel: vi.fn(async () => undefined),
    info: vi.fn(async () => ({ version: '1', mode: 'electron' as const })),
    getValue: vi.fn(async () => undefined),
    compareValues: vi.fn(async () => undefined),
    frequencyResponse: vi.fn(async () => undefined),
    probeNode: vi.fn(async () => undefined),
    profile: vi.fn(async () => ({ profileId: 1 })),
    cancelProfile: vi.fn(async () => undefined),
    onEvent: (listener: HostEventListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies HostApi;
  return { host, listeners };
}

const fromPage = { senderFrame: { url: PAGE, parent: null }, sender: {} };

/** Every channel answers a CallReply: a refusal is `ok: false` with its one line, never a throw. */
function refusal(error: string | RegExp) {
  return { ok: false, error: typeof error === 'string' ? error : expect.stringMatching(error) };
}
const doc = { format: 'convolab.graph', version: 2, nodes: [], edges: [] };
const text = JSON.stringify(doc);

describe('IPC for the HostApi', () => {
  it('registers exactly one prefixed channel per method', () => {
    const ipc = fakeIpcMain();
    registerHostIpc(ipc, fakeHost().host, PAGE);
    expect([...ipc.handlers.keys()].sort()).toEqual(APP_METHODS.map((method) => `convolab:${method}`).sort());
    expect(ipc.handlers.has('convolab:run')).toBe(true);
    expect(ipc.handlers.has('convolab:saveDocument')).toBe(true);
    expect(ipc.handlers.has('convolab:profile')).toBe(true);
  });

  it('passes a checked files call to the files service, and says so when there is none', async () => {
    const ipc = fakeIpcMain();
    const files = { saveDocument: vi.fn(async () => ({ path: '/home/u/g.convolab.json', name: 'g.convolab.json' })) };
    registerHostIpc(ipc, fakeHost().host, PAGE, files as never);
    await expect(ipc.handlers.get('convolab:saveDocument')!(fromPage, { text, path: '/home/u/g.convolab.json' })).resolves.toEqual({
      ok: true,
      value: { path: '/home/u/g.convolab.json', name: 'g.convolab.json' },
    });
    expect(files.saveDocument).toHaveBeenCalledWith({ text, path: '/home/u/g.convolab.json' });
    // A path with a NUL, or a field the API does not have, never reaches the service.
    await expect(ipc.handlers.get('convolab:saveDocument')!(fromPage, { text, path: '/a\0b' })).resolves.toEqual(refusal(/saveDocument: bad arguments at 0\.path/));
    await expect(ipc.handlers.get('convolab:saveDocument')!(fromPage, { text, mode: 0o777 })).resolves.toEqual(refusal(/saveDocument: bad arguments/));
    expect(files.saveDocument).toHaveBeenCalledTimes(1);

    const bare = fakeIpcMain();
    registerHostIpc(bare, fakeHost().host, PAGE);
    await expect(bare.handlers.get('convolab:recentDocuments')!(fromPage)).resolves.toEqual(refusal(/files are not available/));
  });

  it('sends menu commands to the window while it lives', () => {
    const contents = { send: vi.fn(), isDestroyed: vi.fn(() => false) };
    sendCommand(contents, { kind: 'save' });
    expect(contents.send).toHaveBeenCalledWith('convolab:command', { kind: 'save' });
    contents.isDestroyed.mockReturnValue(true);
    sendCommand(contents, { kind: 'open' });
    expect(contents.send).toHaveBeenCalledTimes(1);
  });

  it('passes a checked call from our page to the host', async () => {
    const ipc = fakeIpcMain();
    const { host } = fakeHost();
    registerHostIpc(ipc, host, PAGE);
    await expect(ipc.handlers.get('convolab:run')!(fromPage, { doc })).resolves.toEqual({ ok: true, value: { runId: 3 } });
    expect(host.run).toHaveBeenCalledWith({ doc });
  });

  it('refuses senders that are not our main frame', async () => {
    const ipc = fakeIpcMain();
    const { host } = fakeHost();
    registerHostIpc(ipc, host, PAGE);
    const stranger = { senderFrame: { url: 'https://evil.example/', parent: null }, sender: {} };
    await expect(ipc.handlers.get('convolab:run')!(stranger, { doc })).resolves.toEqual(refusal(/refused: not sent by the Convolab window/));
    const subframe = { senderFrame: { url: PAGE, parent: {} }, sender: {} };
    await expect(ipc.handlers.get('convolab:info')!(subframe)).resolves.toEqual(refusal(/refused/));
    expect(host.run).not.toHaveBeenCalled();
  });

  it('refuses malformed arguments with a message naming the place', async () => {
    const ipc = fakeIpcMain();
    const { host } = fakeHost();
    registerHostIpc(ipc, host, PAGE);
    const bad = { doc: { ...doc, nodes: [{ id: 'a', type: 'source.sequence', params: { values: 'x'.repeat(200_000) } }] } };
    await expect(ipc.handlers.get('convolab:run')!(fromPage, bad)).resolves.toEqual(refusal(/^run: bad arguments at 0\.doc\.nodes\.0\.params\.values/));
    await expect(ipc.handlers.get('convolab:cancel')!(fromPage, -1)).resolves.toEqual(refusal(/cancel: bad arguments/));
    expect(host.run).not.toHaveBeenCalled();
    expect(host.cancel).not.toHaveBeenCalled();
  });

  it('forwards host events to the window until it is destroyed', async () => {
    const { host, listeners } = fakeHost();
    let destroyed = false;
    const contents = { send: vi.fn(), isDestroyed: () => destroyed };
    const stop = forwardHostEvents(host, contents);
    for (const listener of listeners) listener({ kind: 'runStart', runId: 1 });
    await Promise.resolve();
    expect(contents.send).toHaveBeenCalledWith('convolab:event', { kind: 'runStart', runId: 1 });
    destroyed = true;
    for (const listener of listeners) listener({ kind: 'runStart', runId: 2 });
    await Promise.resolve();
    expect(contents.send).toHaveBeenCalledTimes(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('sends the events the host emits in one go as one message, in order', async () => {
    const { host, listeners } = fakeHost();
    const contents = { send: vi.fn(), isDestroyed: () => false };
    forwardHostEvents(host, contents);
    const together = [
      { kind: 'nodesDone', runId: 3, nodes: [{ report: { id: 'conv', type: 'op.convolve', status: 'ok', ms: 2, cached: false }, previewVersion: 1 }] },
      { kind: 'runEnd', runId: 3, status: 'done', ms: 2 },
    ] as const;
    for (const event of together) for (const listener of listeners) listener(event);
    await Promise.resolve();
    expect(contents.send.mock.calls).toEqual([['convolab:event', together]]);
    // A later event is a message of its own.
    for (const listener of listeners) listener({ kind: 'runStart', runId: 4 });
    await Promise.resolve();
    expect(contents.send.mock.calls.slice(1)).toEqual([['convolab:event', { kind: 'runStart', runId: 4 }]]);
  });

});

/** A host and a files service that answer every method and record each call they get. */
function recordingTargets() {
  const calls: string[] = [];
  const target = (): object =>
    new Proxy(
      {},
      {
        get: (_object, name) =>
          name === 'onEvent' ? () => () => undefined : typeof name === 'string' ? async (..._args: unknown[]) => void calls.push(name) : undefined,
      },
    );
  return { calls, host: target() as HostApi, files: target() as never };
}

describe('IPC: every method of the API', () => {
  const strangers: [string, unknown][] = [
    ['another site', { senderFrame: { url: 'https://evil.example/', parent: null }, sender: {} }],
    ['a frame inside our page', { senderFrame: { url: PAGE, parent: { url: PAGE } }, sender: {} }],
    ['a local file', { senderFrame: { url: 'file:///tmp/evil.html', parent: null }, sender: {} }],
    ['the built page loaded from file:', { senderFrame: { url: 'file:///opt/convolab/out/renderer/index.html', parent: null }, sender: {} }],
    ['another custom scheme (its origin is "null", as ours would be to a naive check)', { senderFrame: { url: 'evil://app/index.html', parent: null }, sender: {} }],
    ['another host on our scheme', { senderFrame: { url: 'convolab://evil/index.html', parent: null }, sender: {} }],
    ['a frame that is gone', { senderFrame: null, sender: {} }],
  ];

  it.each(APP_METHODS)('%s: has its own prefixed channel and answers a well-formed call from our page', async (method) => {
    const ipc = fakeIpcMain();
    const { calls, host, files } = recordingTargets();
    registerHostIpc(ipc, host, PAGE, files);
    const handler = ipc.handlers.get(`convolab:${method}`);
    expect(handler).toBeDefined();
    await handler!(fromPage, ...GOOD_CALLS[method]);
    expect(calls).toEqual([method]);
  });

  it.each(APP_METHODS)('%s: refuses every sender but our page\'s main frame, before looking at the arguments', async (method) => {
    const ipc = fakeIpcMain();
    const { calls, host, files } = recordingTargets();
    registerHostIpc(ipc, host, PAGE, files);
    for (const [, event] of strangers) {
      await expect(ipc.handlers.get(`convolab:${method}`)!(event, ...GOOD_CALLS[method])).resolves.toEqual(refusal(`${method}: refused: not sent by the Convolab window`));
    }
    expect(calls).toEqual([]);
  });

  it.each(APP_METHODS)('%s: refuses arguments of the wrong shape, naming the method', async (method) => {
    const ipc = fakeIpcMain();
    const { calls, host, files } = recordingTargets();
    registerHostIpc(ipc, host, PAGE, files);
    const handler = ipc.handlers.get(`convolab:${method}`)!;
    const bad: unknown[][] = [
      [...GOOD_CALLS[method], 'one too many'],
      [{ evil: true }, { evil: true }, { evil: true }, { evil: true }],
      GOOD_CALLS[method].length > 0 ? [] : [1],
    ];
    // A key the API does not have, beside the right ones.
    if (GOOD_CALLS[method].length > 0) {
      bad.push(GOOD_CALLS[method].map((argument) => (typeof argument === 'object' ? { ...(argument as object), injected: 1 } : [argument])));
    }
    for (const args of bad) await expect(handler(fromPage, ...args), JSON.stringify(args)).resolves.toEqual(refusal(new RegExp(`^${method}: bad arguments`)));
    expect(calls).toEqual([]);
  });

  it('routes the files methods to the files service and the rest to the engine host', async () => {
    const ipc = fakeIpcMain();
    const host = recordingTargets();
    const files = recordingTargets();
    registerHostIpc(ipc, host.host, PAGE, files.files);
    for (const method of APP_METHODS) await ipc.handlers.get(`convolab:${method}`)!(fromPage, ...GOOD_CALLS[method]);
    expect(files.calls).toEqual(APP_METHODS.filter(isFileMethod));
    expect(host.calls).toEqual(APP_METHODS.filter((method) => !isFileMethod(method)));
  });
});
