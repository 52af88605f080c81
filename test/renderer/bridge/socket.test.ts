import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { socketBridge } from '../../../src-renderer/bridge';
import { APP_METHODS, type SocketClientMessage } from '../../../src-shared/protocol';
import { decodeMessage, encodeMessage } from '../../../src-shared/protocol-codec';
import { GOOD_CALLS } from '../../calls';

/** A frame as a browser's socket hands it over with binaryType 'arraybuffer': a whole ArrayBuffer. */
const arrived = (message: unknown): ArrayBuffer => encodeMessage(message).buffer as ArrayBuffer;

/** A WebSocket that opens at once and answers every call with ok, recording what was sent. */
class FakeSocket extends EventTarget {
  static last: FakeSocket | undefined;
  readonly sent: SocketClientMessage[] = [];
  binaryType = 'blob';
  constructor(readonly url: string) {
    super();
    FakeSocket.last = this;
    queueMicrotask(() => this.dispatchEvent(new Event('open')));
  }
  send(frame: Uint8Array): void {
    const message = decodeMessage(frame) as SocketClientMessage;
    this.sent.push(message);
    queueMicrotask(() => this.dispatchEvent(Object.assign(new Event('message'), { data: arrived({ t: 'reply', id: message.id, ok: true, value: null }) })));
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

  it('sends a call on an open socket at once, before the microtasks queued ahead of it', async () => {
    const bridge = socketBridge('ws://127.0.0.1:5178/ws?token=t');
    await bridge.info();
    const sent = FakeSocket.last!.sent;
    const order: string[] = [];
    // As React's render of an edit is queued before the run the edit asked for.
    queueMicrotask(() => order.push(`render with ${sent.length} calls sent`));
    const running = bridge.run({ doc: { format: 'convolab.graph', version: 2, nodes: [], edges: [] } });
    expect(sent.map((message) => message.method)).toEqual(['info', 'run']);
    await running;
    expect(order).toEqual(['render with 2 calls sent']);
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
    const reply = (data: unknown) => socket.dispatchEvent(Object.assign(new Event('message'), { data: arrived(data) }));
    reply({ t: 'event', event: { kind: 'runStart', runId: 4 } });
    expect(seen).toEqual([{ kind: 'runStart', runId: 4 }]);
    // Events the host sent together, one frame: each to the listeners, in order.
    const together = [
      { kind: 'nodesDone', runId: 4, nodes: [{ report: { id: 'conv' }, previewVersion: 1 }, { report: { id: 'plot' }, previewVersion: 2 }] },
      { kind: 'runEnd', runId: 4, status: 'done', ms: 3 },
    ];
    reply({ t: 'events', events: together });
    expect(seen.slice(1)).toEqual(together);
    socket.send = (frame: Uint8Array) => {
      const message = decodeMessage(frame) as SocketClientMessage;
      queueMicrotask(() => reply({ t: 'reply', id: message.id, ok: false, error: 'cancel: bad arguments at 0: Too small' }));
    };
    await expect(bridge.cancel(-1)).rejects.toThrow(/^cancel: bad arguments at 0: Too small$/);
  });

  it('asks for frames as ArrayBuffers and hands over arrays as views on them, not copies', async () => {
    const bridge = socketBridge('ws://127.0.0.1:5178/ws?token=t');
    const socket = FakeSocket.last!;
    expect(socket.binaryType).toBe('arraybuffer');
    const pixels = Uint8Array.from({ length: 300 }, (_, i) => i % 251);
    const frame = arrived({ t: 'event', event: { kind: 'nodesDone', runId: 1, nodes: [{ report: { id: 'a' }, previews: { out: { kind: 'image', pixels } } }] } });
    const seen: unknown[] = [];
    bridge.onEvent((event) => seen.push(event));
    socket.dispatchEvent(Object.assign(new Event('message'), { data: frame }));
    const shown = (seen[0] as { nodes: [{ previews: { out: { pixels: Uint8Array } } }] }).nodes[0].previews.out.pixels;
    expect(shown).toEqual(pixels);
    expect(shown.buffer).toBe(frame);
  });

  it('drops a frame that is not one of ours and says why in one line, then goes on', async () => {
    const bridge = socketBridge('ws://127.0.0.1:5178/ws?token=t');
    await bridge.info();
    const socket = FakeSocket.last!;
    const seen: { kind: string; message?: string }[] = [];
    bridge.onEvent((event) => seen.push(event as { kind: string; message?: string }));
    const deliver = (data: unknown) => socket.dispatchEvent(Object.assign(new Event('message'), { data }));
    deliver('{"t":"event","event":{"kind":"runStart","runId":1}}');
    deliver(new Uint8Array([1, 2, 3]).buffer);
    const lying = encodeMessage({ t: 'event', event: { kind: 'runStart', runId: 1 } });
    new DataView(lying.buffer).setUint32(4, 1 << 30, true);
    deliver(lying.buffer);
    expect(seen.map((event) => event.kind)).toEqual(['notice', 'notice', 'notice']);
    expect(seen[0]!.message).toMatch(/^Dropped a message from the Convolab server: a text message where binary frames are expected$/);
    expect(seen[1]!.message).toMatch(/shorter than the 8-byte header/);
    expect(seen[2]!.message).toMatch(/declares 1073741824 bytes of JSON/);
    for (const event of seen) expect(event.message).not.toContain('\n');
    deliver(arrived({ t: 'event', event: { kind: 'runStart', runId: 2 } }));
    expect(seen.at(-1)).toEqual({ kind: 'runStart', runId: 2 });
  });
});
