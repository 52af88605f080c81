import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ServedFiles } from '../../src-main/files/service';
import { confinedPath, startWebServer, type RunningServer } from '../../src-main/web/server';
import type { HostApi, HostEvent, HostEventListener, RunRequest, SocketServerMessage } from '../../src-shared/protocol';

class FakeHost implements HostApi {
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
  onEvent(listener: HostEventListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: HostEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

let root: string;
beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'convolab-web-'));
  root = join(base, 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Convolab</title>');
  writeFileSync(join(base, 'secret.txt'), 'outside the served folder');
  symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
});

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(host = new FakeHost()) {
  const server = await startWebServer({ rendererDir: root, host, port: 0, token: 'tok-123' });
  servers.push(server);
  return { server, host };
}

function get(port: number, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(server: RunningServer, { token = server.token, origin = `http://127.0.0.1:${server.port}` } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function call(ws: WebSocket, id: number, method: string, args: unknown[]): Promise<SocketServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as SocketServerMessage;
      if (message.t === 'reply' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, method, args }));
  });
}

describe('convolab serve: web server', () => {
  it('binds 127.0.0.1 and serves the page with a CSP that forbids inline and remote scripts', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=tok-123`);
    const page = await get(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Convolab</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/link.txt', '/a%00.html', '/%E0%A4%A'])(
    'refuses %s, which would reach outside the served folder',
    async (path) => {
      const { server } = await start();
      const response = await get(server.port, path);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('outside the served folder');
    },
  );

  it('confines paths to the root, including absolute and encoded ones', () => {
    expect(confinedPath('/srv/app', '/index.html')).toBe('/srv/app/index.html');
    expect(confinedPath('/srv/app', '/../etc/passwd')).toBeUndefined();
    expect(confinedPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(confinedPath('/srv/app', '//etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(confinedPath('/srv/app', '/app2/../../app-other/x')).toBeUndefined();
  });

  it('carries the HostApi over the socket and pushes host events', async () => {
    const { server, host } = await start();
    const ws = await connect(server);
    expect(await call(ws, 1, 'info', [])).toEqual({ t: 'reply', id: 1, ok: true, value: { version: '9.9.9', mode: 'browser' } });
    const doc = { format: 'convolab.graph', version: 1, nodes: [], edges: [] };
    expect(await call(ws, 2, 'run', [{ doc }])).toMatchObject({ ok: true, value: { runId: 7 } });
    expect(host.calls[0]).toEqual({ method: 'run', args: [{ doc }] });
    const event = new Promise<SocketServerMessage>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
    host.emit({ kind: 'runStart', runId: 7 });
    expect(await event).toEqual({ t: 'event', event: { kind: 'runStart', runId: 7 } });
    ws.close();
  });

  it('rejects calls with unknown methods or malformed arguments, and the host never sees them', async () => {
    const { server, host } = await start();
    const ws = await connect(server);
    expect(await call(ws, 1, 'constructor', [])).toMatchObject({ ok: false, error: 'unknown method "constructor"' });
    expect(await call(ws, 2, 'run', [{ doc: { format: 'other' } }])).toMatchObject({ ok: false, error: expect.stringMatching(/^run: bad arguments at 0\.doc\.format/) });
    expect(await call(ws, 3, 'cancel', ['1; rm -rf /'])).toMatchObject({ ok: false });
    expect(host.calls).toEqual([]);
    ws.close();
  });

  it('carries the files methods to the served folder, and nothing outside it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'convolab-web-files-'));
    const folder = join(base, 'served');
    mkdirSync(folder);
    writeFileSync(join(folder, 'g.convolab.json'), '{"format":"convolab.graph"}');
    writeFileSync(join(base, 'secret.convolab.json'), 'outside');
    const files = new ServedFiles({ folder, stateDir: join(base, 'state') });
    const server = await startWebServer({ rendererDir: root, host: new FakeHost(), files, port: 0, token: 'tok-123' });
    servers.push(server);
    const ws = await connect(server);
    expect(await call(ws, 1, 'openDocument', [{ path: 'g.convolab.json' }])).toMatchObject({ ok: true, value: { path: 'g.convolab.json', text: '{"format":"convolab.graph"}' } });
    expect(await call(ws, 2, 'openDocument', [{ path: '../secret.convolab.json' }])).toMatchObject({ ok: false, error: expect.stringMatching(/outside the served folder/) });
    expect(await call(ws, 3, 'listFolder', [''])).toMatchObject({ ok: true, value: { path: '', entries: [{ name: 'g.convolab.json', kind: 'file' }] } });
    expect(await call(ws, 4, 'saveDocument', [{ text: 'x', path: 'g.convolab.json', mode: 511 }])).toMatchObject({ ok: false, error: expect.stringMatching(/^saveDocument: bad arguments/) });
    ws.close();
  });

  it('answers files methods with an error when it serves no folder', async () => {
    const { server } = await start();
    const ws = await connect(server);
    expect(await call(ws, 1, 'recentDocuments', [])).toMatchObject({ ok: false, error: 'recentDocuments: files are not available here' });
    ws.close();
  });

  it('refuses a socket without the start token or from another origin', async () => {
    const { server } = await start();
    await expect(connect(server, { token: 'wrong' })).rejects.toThrow('HTTP 403');
    await expect(connect(server, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(server, { origin: 'null' })).rejects.toThrow('HTTP 403');
  });

  it('makes a new random token on every start when none is given', async () => {
    const host = new FakeHost();
    const a = await startWebServer({ rendererDir: root, host, port: 0 });
    const b = await startWebServer({ rendererDir: root, host, port: 0 });
    servers.push(a, b);
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(20);
  });
});
