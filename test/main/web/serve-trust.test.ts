/**
 * `convolab serve` against hostile peers (issue 14, items 1, 2 and 12; issue 13's front door):
 * nothing a peer sends may end the server, one page cannot starve or steer another, and the
 * bare address tells a person how to get in.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type RunningServer, type ServeSession } from '../../../src-main/web/server';
import type { FullValue, SocketServerMessage } from '../../../src-shared/protocol';
import { GOOD_CALLS } from '../../calls';
import { call, connect, decodeFrame, FakeHost } from './helpers';
import { callFrame, frame, rawUpgrade, upgradeRequest } from './raw-socket';

let root: string;
beforeAll(() => {
  root = join(mkdtempSync(join(tmpdir(), 'convolab-trust-')), 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><title>Convolab</title>');
});

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<Parameters<typeof startWebServer>[0]> = {}) {
  const host = new FakeHost();
  const server = await startWebServer({ rendererDir: root, host, port: 0, token: 'tok-123', ...options });
  servers.push(server);
  return { server, host };
}

function get(port: number, path: string, hostHeader = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host: hostHeader } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A legitimate page's call still answers (the server is up and serves others). */
async function stillServes(server: RunningServer): Promise<void> {
  const ws = await connect(server);
  expect(await call(ws, 1, 'info', [])).toMatchObject({ ok: true, value: { version: '9.9.9' } });
  ws.close();
}

describe('convolab serve: nothing a peer sends ends the server', () => {
  it.each(['//', '//ws?token=tok-123', '/ws//', 'ws', '*', 'http://[::1', '/%%'])('answers an upgrade to %s with 400 or 403, and serves on', async (path) => {
    const { server } = await start();
    const answer = await rawUpgrade(server.port, upgradeRequest(server.port, { path }));
    expect([400, 403]).toContain(answer.status);
    await answer.closed;
    await stillServes(server);
  });

  it('answers an upgrade to // without a token from another origin with 400', async () => {
    const { server } = await start();
    const answer = await rawUpgrade(server.port, upgradeRequest(server.port, { path: '//', origin: 'http://evil.example' }));
    expect(answer.status).toBe(400);
    await stillServes(server);
  });

  it.each<[string, Buffer]>([
    ['invalid UTF-8 in a text frame', frame(1, Buffer.from([0xff, 0xfe, 0xfd]))],
    ['an unmasked frame', frame(1, Buffer.from('{}'), { masked: false })],
    ['RSV1 set without compression', frame(1, Buffer.from('{}'), { rsv1: true })],
    ['opcode 3', frame(3, Buffer.from('{}'))],
    ['close code 999', frame(8, Buffer.from([0x03, 0xe7]))],
    ['a continuation with nothing to continue', frame(0, Buffer.from('x'))],
    ['a fragmented ping', frame(9, Buffer.from('x'), { fin: false })],
    ['a message over the size cap', frame(1, Buffer.alloc(0), { claimedLength: 300 * 1024 * 1024 })],
    ['a binary message over the size cap', frame(2, Buffer.alloc(0), { claimedLength: 300 * 1024 * 1024 })],
  ])('closes only the connection that sent %s', async (_what, bytes) => {
    const { server } = await start();
    const bystander = await connect(server);
    const answer = await rawUpgrade(server.port, upgradeRequest(server.port, { path: '/ws?token=tok-123' }));
    expect(answer.status).toBe(101);
    answer.socket.write(bytes);
    await answer.closed;
    expect(await call(bystander, 1, 'info', [])).toMatchObject({ ok: true });
    bystander.close();
    await stillServes(server);
  });
});

describe('convolab serve: an answer that cannot be carried', () => {
  it('gets an error reply instead of ending the server or leaving the page waiting', async () => {
    const host = new FakeHost();
    host.getValue = (async () => ({ kind: 'value', value: 1n })) as unknown as FakeHost['getValue'];
    const { server } = await start({ host });
    const ws = await connect(server);
    expect(await call(ws, 1, 'getValue', ['n', 'out'])).toMatchObject({ ok: false, error: expect.stringContaining('could not be sent') });
    ws.close();
    await stillServes(server);
  });
});

describe('convolab serve: the front door', () => {
  it('answers the bare address with a page that says how to get in, under the same policy', async () => {
    const { server } = await start();
    for (const path of ['/', '/index.html', '/?token=', '/?token=from-an-earlier-start']) {
      const page = await get(server.port, path);
      expect(page.status).toBe(401);
      expect(page.body).toContain('convolab serve --open');
      expect(page.body).toContain('link');
      expect(page.body).not.toMatch(/<script/i);
      expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'(;|$)/);
    }
    expect((await get(server.port, '/?token=tok-123')).body).toContain('<title>Convolab</title>');
  });

  it('tells one who opened a share link (Share › Copy link gives the address without the token) how to open its graph', async () => {
    const { server } = await start();
    // The browser never sends the #graph=… part: the server answers the bare address, which must say what to do with it.
    const page = await get(server.port, '/');
    expect(page.status).toBe(401);
    expect(page.body).toContain('<code>#graph=…</code>');
    expect(page.body).toMatch(/open the editor by the printed link, and paste it\s+there \(Ctrl\+V/);
  });

  it('serves the printed page at localhost too, and its socket opens', async () => {
    const { server } = await start();
    const page = await get(server.port, '/?token=tok-123', `localhost:${server.port}`);
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain(`ws://localhost:${server.port}`);
    const ws = await connect(server, { origin: `http://localhost:${server.port}` });
    expect(await call(ws, 1, 'info', [])).toMatchObject({ ok: true });
    ws.close();
  });

  it('refuses other host names (a DNS-rebinding page), for the page and for the socket', async () => {
    const { server } = await start();
    const page = await get(server.port, '/?token=tok-123', `evil.example:${server.port}`);
    expect(page.status).toBe(421);
    expect(page.body).not.toContain('<title>Convolab</title>');
    const answer = await rawUpgrade(
      server.port,
      upgradeRequest(server.port, { path: '/ws?token=tok-123', host: `evil.example:${server.port}`, origin: `http://evil.example:${server.port}` }),
    );
    expect(answer.status).toBe(403);
  });
});

describe('convolab serve: each page has its own session', () => {
  function sessions() {
    const opened: { host: FakeHost; closed: boolean }[] = [];
    const openSession = (): ServeSession => {
      const entry = { host: new FakeHost(), closed: false };
      opened.push(entry);
      return {
        host: entry.host,
        close: async () => {
          entry.closed = true;
        },
      };
    };
    return { opened, openSession };
  }

  it("sends a page only its own host's events, and one page's cancel never reaches another's runs", async () => {
    const { opened, openSession } = sessions();
    const { server } = await start({ openSession });
    const a = await connect(server);
    const b = await connect(server);
    expect(await call(a, 1, 'run', GOOD_CALLS.run)).toMatchObject({ ok: true, value: { runId: 7 } });
    expect(await call(b, 1, 'cancel', [7])).toMatchObject({ ok: true });
    // The spare opened at start (taken by A) and B's own: the next spare waits a few seconds.
    expect(opened).toHaveLength(2);
    const [first, second] = opened as [(typeof opened)[0], (typeof opened)[0]];
    expect(first.host.calls.map((c) => c.method)).toEqual(['run']);
    expect(second.host.calls.map((c) => c.method)).toEqual(['cancel']);
    const heardByB: SocketServerMessage[] = [];
    b.on('message', (data) => heardByB.push(decodeFrame(data)));
    const heardByA = new Promise<SocketServerMessage>((resolve) => a.once('message', (data) => resolve(decodeFrame(data))));
    first.host.emit({ kind: 'runStart', runId: 7 });
    expect(await heardByA).toEqual({ t: 'event', event: { kind: 'runStart', runId: 7 } });
    // B's socket is in order: an answer to a later call arrives after any event sent before it.
    expect(await call(b, 2, 'info', [])).toMatchObject({ ok: true });
    expect(heardByB.filter((message) => message.t === 'event')).toEqual([]);
    a.close();
    await new Promise<void>((resolve) => a.once('close', () => resolve()));
    for (let i = 0; i < 100 && !first.closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(first.closed).toBe(true);
    expect(second.closed).toBe(false);
    b.close();
  });

  it('opens no session for a socket that never calls, and refuses pages past the limit with a message', async () => {
    const { opened, openSession } = sessions();
    const { server } = await start({ openSession, maxSessions: 2 });
    const idle = await connect(server);
    const pages = [await connect(server), await connect(server), await connect(server)];
    // Only the one spare opened ahead of need, however many sockets are open.
    expect(opened).toHaveLength(1);
    expect(await call(pages[0], 1, 'info', [])).toMatchObject({ ok: true });
    expect(await call(pages[1], 1, 'info', [])).toMatchObject({ ok: true });
    expect(await call(pages[2], 1, 'info', [])).toMatchObject({ ok: false, error: expect.stringContaining('2 pages are open already: close one') });
    pages[0].close();
    for (let i = 0; i < 100 && !opened[0].closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await call(pages[2], 2, 'info', [])).toMatchObject({ ok: true });
    // Three taken by pages (the first the spare; the refused call took none).
    expect(opened).toHaveLength(3);
    for (const ws of [idle, ...pages]) ws.close();
  });
});

describe('convolab serve: a page that never reads', () => {
  it('holds at most the limit and one answer for it, refuses it the rest, and drops it all when it leaves', async () => {
    const valueBytes = 4 * 1024 * 1024;
    const limit = 8 * 1024 * 1024;
    const big: FullValue = { kind: 'signal', rate: 1, start: 0, length: valueBytes / 8, step: 1, data: new Float64Array(valueBytes / 8) };
    const host = new FakeHost();
    const answers: (() => void)[] = [];
    host.getValue = ((nodeId: string, port: string) => {
      host.calls.push({ method: 'getValue', args: [nodeId, port] });
      return new Promise<FullValue>((resolve) => answers.push(() => resolve(big)));
    }) as unknown as FakeHost['getValue'];
    const { server } = await start({ host, maxUnreadBytes: limit });
    const reader = await connect(server);
    const sleeper = await rawUpgrade(server.port, upgradeRequest(server.port, { path: '/ws?token=tok-123' }), { read: false });
    expect(sleeper.status).toBe(101);
    const asked = 20;
    for (let id = 1; id <= asked; id++) sleeper.socket.write(callFrame(id, 'getValue', ['n', 'out']));
    for (let i = 0; i < 500 && answers.length < asked; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answers).toHaveLength(asked);
    for (const answer of answers) answer();
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    // Without back-pressure the server would hold about asked × 4 MB (80 MB) for this page.
    expect(server.unreadBytes()).toBeGreaterThan(0);
    expect(server.unreadBytes()).toBeLessThanOrEqual(limit + valueBytes + 1024);
    // A page that reads is not held up by the one that does not.
    expect(await call(reader, 1, 'info', [])).toMatchObject({ ok: true });
    sleeper.socket.destroy();
    for (let i = 0; i < 200 && server.unreadBytes() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.unreadBytes()).toBe(0);
    reader.close();
  });
});
