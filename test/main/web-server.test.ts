import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ServedFiles } from '../../src-main/files/service';
import { confinedPath, startWebServer, type RunningServer } from '../../src-main/web/server';
import {
  APP_METHODS,
  type HostApi,
  type SocketServerMessage,
} from '../../src-shared/protocol';
import { GOOD_CALLS } from '../calls';
import { call, connect, decodeFrame, FakeHost } from './web/helpers';

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

/** A request written byte for byte, so no client library tidies the path first. */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

describe('convolab serve: web server', () => {
  it('binds 127.0.0.1 and serves the page with a CSP that forbids inline and remote scripts', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=tok-123`);
    const page = await get(server.port, '/?token=tok-123');
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
    const doc = { format: 'convolab.graph', version: 2, nodes: [], edges: [] };
    expect(await call(ws, 2, 'run', [{ doc }])).toMatchObject({ ok: true, value: { runId: 7 } });
    expect(host.calls[0]).toEqual({ method: 'run', args: [{ doc }] });
    const event = new Promise<SocketServerMessage>((resolve) => ws.once('message', (data) => resolve(decodeFrame(data))));
    host.emit({ kind: 'runStart', runId: 7 });
    expect(await event).toEqual({ t: 'event', event: { kind: 'runStart', runId: 7 } });
    ws.close();
  });

  it('sends the events the host emits in one go as one frame, in order, and a later one in a frame of its own', async () => {
    const { server, host } = await start();
    const ws = await connect(server);
    await call(ws, 1, 'info', []);
    const frames: SocketServerMessage[] = [];
    ws.on('message', (data) => frames.push(decodeFrame(data)));
    const together = [
      { kind: 'nodesDone', runId: 7, nodes: [{ report: { id: 'conv', type: 'op.convolve', status: 'ok', ms: 2, cached: false }, previewVersion: 1 }] },
      { kind: 'runEnd', runId: 7, status: 'done', ms: 2 },
    ] as const;
    for (const event of together) host.emit(event);
    await new Promise((resolve) => setTimeout(resolve, 20));
    host.emit({ kind: 'runStart', runId: 8 });
    for (let look = 0; look < 100 && frames.length < 2; look++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(frames).toEqual([
      { t: 'events', events: together },
      { t: 'event', event: { kind: 'runStart', runId: 8 } },
    ]);
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

  it.each([
    '/../secret.txt',
    '/../../../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%5csecret.txt',
    '/%2e%2e%5csecret.txt',
    '/.%2e/secret.txt',
    '/link.txt',
    '/%6c%69%6e%6b.txt',
    'http://127.0.0.1/../secret.txt',
    '/index.html/../../secret.txt',
  ])('refuses %s sent byte for byte, which would reach outside the served folder', async (target) => {
    const { server } = await start();
    const response = await rawGet(server.port, target);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('outside the served folder');
    expect(response.body).not.toMatch(/root:.*:0:0:/);
  });

  it('serves an absolute-looking path from inside the folder only', async () => {
    const { server } = await start();
    expect((await rawGet(server.port, '//etc/passwd')).status).toBe(400);
    expect((await rawGet(server.port, '/%2fetc%2fpasswd')).status).toBe(404);
    expect((await rawGet(server.port, '//index.html')).status).toBe(400);
  });

  it.each<[string, { token?: string; origin?: string | null; path?: string }]>([
    ['no Origin header (a script outside any browser)', { origin: null }],
    ['a name that only starts with localhost', { origin: 'http://localhost.evil.example:PORT' }],
    ['[::1] when serve binds 127.0.0.1', { origin: 'http://[::1]:PORT' }],
    ['localhost on another port', { origin: 'http://localhost:1' }],
    ['another port on the same host', { origin: 'http://127.0.0.1:1' }],
    ['https instead of http', { origin: 'https://127.0.0.1:PORT' }],
    ['a look-alike host that starts with ours', { origin: 'http://127.0.0.1:PORT.evil.example' }],
    ['a file: page', { origin: 'file://' }],
    ['no token', { token: '' }],
    ['the token in another case', { token: 'TOK-123' }],
    ['a prefix of the token', { token: 'tok-12' }],
    ['the token and more', { token: 'tok-1234' }],
    ['another path than /ws', { path: '/ws/' }],
  ])('refuses a socket with %s', async (_what, options) => {
    const { server } = await start();
    const given = { ...options, ...(typeof options.origin === 'string' ? { origin: options.origin.replace('PORT', String(server.port)) } : {}) };
    await expect(connect(server, given)).rejects.toThrow('HTTP 403');
  });

  it.each(APP_METHODS)('%s over the socket: malformed arguments are refused before the host or the files see them', async (method) => {
    const calls: string[] = [];
    const recording = (): object =>
      new Proxy({}, { get: (_o, name) => (name === 'onEvent' ? () => () => undefined : typeof name === 'string' ? async () => void calls.push(name) : undefined) });
    const server = await startWebServer({ rendererDir: root, host: recording() as HostApi, files: recording() as never, port: 0, token: 'tok-123' });
    servers.push(server);
    const ws = await connect(server);
    expect(await call(ws, 1, method, [...GOOD_CALLS[method], 'one too many'])).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^${method}: bad arguments`)) });
    expect(await call(ws, 2, method, [{ __proto__: { polluted: true } }, 1, 2, 3])).toMatchObject({ ok: false });
    expect(await call(ws, 3, method, 'not a list' as never)).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
    expect(await call(ws, 4, method, GOOD_CALLS[method])).toMatchObject({ ok: true });
    expect(calls).toEqual([method]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    ws.close();
  });
});

describe('convolab serve: the files methods stay in the served folder', () => {
  let base: string;
  let folder: string;
  let ws: WebSocket;
  let server: RunningServer;
  let nextId = 1;
  const outside = () => readdirSync(base).sort();

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'convolab-web-escape-'));
    folder = join(base, 'served');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'g.convolab.json'), JSON.stringify({ format: 'convolab.graph', version: 2, nodes: [], edges: [] }));
    writeFileSync(join(base, 'secret.convolab.json'), '{"secret": "TOP-SECRET-CONTENT"}');
    mkdirSync(join(base, 'private'));
    writeFileSync(join(base, 'private', 'diary.convolab.json'), '{"secret": "TOP-SECRET-CONTENT"}');
    symlinkSync(join(base, 'secret.convolab.json'), join(folder, 'link-out.convolab.json'));
    symlinkSync(join(base, 'private'), join(folder, 'dir-out'));
    server = await startWebServer({
      rendererDir: root,
      host: new FakeHost(),
      files: new ServedFiles({ folder, stateDir: join(mkdtempSync(join(tmpdir(), 'convolab-web-state-')), 'state') }),
      port: 0,
      token: 'tok-123',
    });
    ws = await connect(server);
  });
  afterAll(() => server.close());

  const escapes = [
    '../secret.convolab.json',
    'sub/../../secret.convolab.json',
    '..\\secret.convolab.json',
    '/etc/passwd.convolab.json',
    `${'../'.repeat(20)}etc/passwd.convolab.json`,
    'C:/Windows/win.convolab.json',
    '//server/share/x.convolab.json',
    'link-out.convolab.json',
    'dir-out/diary.convolab.json',
    'dir-out/new.convolab.json',
    'dir-out/new-folder/new.convolab.json',
  ];
  const graph = JSON.stringify({ format: 'convolab.graph', version: 2, nodes: [], edges: [] });
  const calls: [string, (path: string) => unknown[]][] = [
    ['openDocument', (path) => [{ path }]],
    ['saveDocument', (path) => [{ text: graph, path }]],
    ['uploadFile', (path) => [{ path, data: new TextEncoder().encode('overwritten'), replace: true }]],
    ['listFolder', (path) => [path.replace(/[^/\\]*$/, '') || '..']],
  ];

  for (const [method, args] of calls) {
    it.each(escapes)(`${method}: refuses %s and reads or writes nothing outside`, async (path) => {
      const before = outside();
      const reply = await call(ws, nextId++, method, args(path));
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/outside|only paths inside|no such|not a valid path|broken link/) });
      expect(JSON.stringify(reply)).not.toContain('TOP-SECRET-CONTENT');
      expect(outside()).toEqual(before);
      expect(readFileSync(join(base, 'secret.convolab.json'), 'utf8')).toContain('TOP-SECRET-CONTENT');
      expect(readdirSync(join(base, 'private'))).toEqual(['diary.convolab.json']);
    });
  }

  it.each(['%2e%2e/secret.convolab.json', '%2e%2e%2fsecret.convolab.json', '%252e%252e%252fsecret.convolab.json'])(
    'takes the encoded escape %s as a plain name inside the folder',
    async (path) => {
      expect(await call(ws, nextId++, 'openDocument', [{ path }])).toMatchObject({ ok: false, error: expect.stringMatching(/no such file/) });
      const saved = await call(ws, nextId++, 'saveDocument', [{ text: graph, path }]);
      expect(saved).toMatchObject({ ok: true, value: { path } });
      expect(existsSync(join(folder, path))).toBe(true);
      expect(readFileSync(join(base, 'secret.convolab.json'), 'utf8')).toContain('TOP-SECRET-CONTENT');
    },
  );

  it('lists the folder without the links that lead outside', async () => {
    const reply = await call(ws, nextId++, 'listFolder', ['']);
    expect(reply.t === 'reply' && reply.ok ? (reply.value as { entries: { name: string }[] }).entries.map((entry) => entry.name) : reply).not.toContain('link-out.convolab.json');
    expect(reply.t === 'reply' && reply.ok ? (reply.value as { entries: { name: string }[] }).entries.map((entry) => entry.name) : reply).not.toContain('dir-out');
  });
});
