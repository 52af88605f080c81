/** Shared by the serve tests: a host that records calls, and a page's socket that calls it. */
import WebSocket from 'ws';
import type { RunningServer } from '../../../src-main/web/server';
import { decodeMessage, encodeMessage } from '../../../src-shared/protocol-codec';
import type { HostApi, HostEvent, HostEventListener, PortRef, ProbeArgs, ProfileRequest, RunRequest, SocketServerMessage } from '../../../src-shared/protocol';

export class FakeHost implements HostApi {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly listeners = new Set<HostEventListener>();
  async run(request: RunRequest) {
    this.calls.push({ method: 'run', args: [request] });
    return { runId: 7 };
  }
  async cancel(runId: number) {
    this.calls.push({ method: 'cancel', args: [runId] });
  }
  async info() {
    return { version: '9.9.9', mode: 'browser' as const };
  }
  async getValue(nodeId: string, port: string) {
    this.calls.push({ method: 'getValue', args: [nodeId, port] });
    return undefined;
  }
  async compareValues(a: PortRef, b: PortRef) {
    this.calls.push({ method: 'compareValues', args: [a, b] });
    return undefined;
  }
  async frequencyResponse(ref: PortRef) {
    this.calls.push({ method: 'frequencyResponse', args: [ref] });
    return undefined;
  }
  async probeNode(nodeId: string, probe: string, args?: ProbeArgs) {
    this.calls.push({ method: 'probeNode', args: args === undefined ? [nodeId, probe] : [nodeId, probe, args] });
    return undefined;
  }
  async profile(request: ProfileRequest) {
    this.calls.push({ method: 'profile', args: [request] });
    return { profileId: 5 };
  }
  async cancelProfile(profileId: number) {
    this.calls.push({ method: 'cancelProfile', args: [profileId] });
  }
  onEvent(listener: HostEventListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: HostEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

export function connect(
  server: RunningServer,
  { token = server.token, origin = `http://127.0.0.1:${server.port}` as string | null, path = '/ws' } = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // origin null: no Origin header at all, as a script outside a browser sends.
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}?token=${token}`, origin === null ? {} : { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** A server message from its binary frame (protocol-codec.ts). */
export function decodeFrame(data: WebSocket.RawData): SocketServerMessage {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  return decodeMessage(bytes) as SocketServerMessage;
}

export function call(ws: WebSocket, id: number, method: string, args: unknown[]): Promise<SocketServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = decodeFrame(data);
      if (message.t === 'reply' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeMessage({ t: 'call', id, method, args }));
  });
}
