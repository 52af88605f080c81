import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { socketBridge } from '../../../src-renderer/bridge';
import { APP_METHODS, type SocketClientMessage } from '../../../src-shared/protocol';
import { GOOD_CALLS } from '../../calls';

/** A WebSocket that opens at once and answers every call with ok, recording what was sent. */
class FakeSocket extends EventTarget {
  static last: FakeSocket | undefined;
  readonly sent: SocketClientMessage[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.last = this;
    queueMicrotask(() => this.dispatchEvent(new Event('open')));
  }
  send(text: string): void {
    const message = JSON.parse(text) as SocketClientMessage;
    this.sent.push(message);
    queueMicrotask(() => this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify({ t: 'reply', id: message.id, ok: true, value: null }) })));
  }
}

beforeEach(() => vi.stubGlobal('WebSocket', FakeSocket));
afterEach(() => vi.unstubAllGlobals());

describe('the browser bridge (socketBridge)', () => {
  it('has exactly the typed API: every method of the protocol\'s table, onEvent and onCommand, nothing else', () => {
    const bridge = socketBridge('ws://127.0.0.1:5178/ws?token=t');
    expect(Object.keys(bridge).sort()).toEqual([...APP_METHODS, 'onEvent', 'onCommand'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it.each(APP_METHODS)('%s sends one call under its own name with its arguments as given', async (method) => {
    const bridge = socketBridge('ws://127.0.0.1:5178/ws?token=t');
    const call = (bridge as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method];
    await call.apply(bridge, GOOD_CALLS[method]);
    const sent = FakeSocket.last!.sent;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ t: 'call', id: 1, method, args: GOOD_CALLS[method] });
  });

  it('leaves an option out rather than sending it as null, which the table would refuse', async () => {
    const bridge = socketBridge('ws://127.0.0.1:5178/ws?token=t');
    await bridge.getValue('a', 'out', undefined);
    await bridge.frequencyResponse({ node: 'k', port: 'out' }, undefined);
    expect(FakeSocket.last!.sent.map((message) => message.args)).toEqual([['a', 'out'], [{ node: 'k', port: 'out' }]]);
  });

  it('rejects with the server\'s one line and hands events to every listener', async () => {
    const bridge = socketBridge('ws://127.0.0.1:5178/ws?token=t');
    const seen: unknown[] = [];
    bridge.onEvent((event) => seen.push(event));
    await bridge.info();
    const socket = FakeSocket.last!;
    const reply = (data: unknown) => socket.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(data) }));
    reply({ t: 'event', event: { kind: 'runStart', runId: 4 } });
    expect(seen).toEqual([{ kind: 'runStart', runId: 4 }]);
    socket.send = (text: string) => {
      const message = JSON.parse(text) as SocketClientMessage;
      queueMicrotask(() => reply({ t: 'reply', id: message.id, ok: false, error: 'cancel: bad arguments at 0: Too small' }));
    };
    await expect(bridge.cancel(-1)).rejects.toThrow(/^cancel: bad arguments at 0: Too small$/);
  });
});
