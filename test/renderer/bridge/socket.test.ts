import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SocketBridge } from '../../../src-renderer/bridge';
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

describe('the browser bridge (SocketBridge)', () => {
  it('has exactly the typed API: every method of the protocol, onEvent and onCommand, nothing else', () => {
    const own = Object.getOwnPropertyNames(SocketBridge.prototype).filter((name) => name !== 'constructor');
    const publicMethods = own.filter((name) => !['receive', 'emit', 'call'].includes(name));
    expect(publicMethods.sort()).toEqual([...APP_METHODS, 'onEvent', 'onCommand'].sort());
    // What is left are its private helpers; TypeScript keeps them out of the AppApi type.
    expect(own.filter((name) => !publicMethods.includes(name)).sort()).toEqual(['call', 'emit', 'receive']);
  });

  it.each(APP_METHODS)('%s sends one call under its own name with its arguments as given', async (method) => {
    const bridge = new SocketBridge('ws://127.0.0.1:5178/ws?token=t');
    const call = (bridge as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method]!;
    await call.apply(bridge, GOOD_CALLS[method]);
    const sent = FakeSocket.last!.sent;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ t: 'call', id: 1, method, args: GOOD_CALLS[method] });
  });
});
