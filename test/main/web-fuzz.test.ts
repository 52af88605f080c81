/**
 * A fuzz test of `convolab serve`'s front (issue 14): malformed HTTP and upgrade requests,
 * malformed frames after a valid handshake, oversize messages, a page that never reads and
 * hundreds of connections at once, all on 127.0.0.1 and bounded in count. After every batch a
 * legitimate page's call must still be answered: the server stays up and keeps serving.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startWebServer, type RunningServer } from '../../src-main/web/server';
import type { FullValue } from '../../src-shared/protocol';
import { call, connect, FakeHost } from './web/helpers';
import { callFrame, frame, rawUpgrade, upgradeRequest } from './web/raw-socket';

let server: RunningServer;
let legitimate: WebSocket;
let nextId = 1;
const VALUE_BYTES = 256 * 1024;
const UNREAD_LIMIT = 1024 * 1024;

beforeAll(async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'convolab-fuzz-')), 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><title>Convolab</title>');
  // Each page's host answers getValue with 256 KB, so that a page that never reads fills up fast.
  const openSession = () => {
    const host = new FakeHost();
    const value: FullValue = { kind: 'signal', rate: 1, start: 0, length: VALUE_BYTES / 8, step: 1, data: new Float64Array(VALUE_BYTES / 8) };
    host.getValue = (async () => value) as unknown as FakeHost['getValue'];
    return { host };
  };
  server = await startWebServer({ rendererDir: root, openSession, port: 0, token: 'fuzz-token', maxUnreadBytes: UNREAD_LIMIT });
  legitimate = await connect(server);
});

afterAll(async () => {
  legitimate.close();
  await server.close();
});

/** The legitimate page's call is answered, and a fresh page can still connect. */
async function stillServes(): Promise<void> {
  expect(await call(legitimate, nextId++, 'info', [])).toMatchObject({ ok: true, value: { version: '9.9.9' } });
  const fresh = await connect(server);
  expect(await call(fresh, 1, 'info', [])).toMatchObject({ ok: true });
  fresh.close();
}

/** Writes raw bytes on a new TCP connection and waits until the server has answered or hung up. */
function rawExchange(bytes: string | Uint8Array): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectTcp(server.port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text));
  });
}

const headerText = fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((text) => text.replace(/[\r\n]/g, ''));
const pathText = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((text) => text.replace(/[\r\n ]/g, '')),
  fc.constantFrom('//', '///ws', '/ws?token=', '/ws?token=fuzz-token%', '/%', '/%zz', 'http://[::1', '*', '/ws#x', '/ws?token=fuzz-token&token=x', '\\\\ws'),
);

describe('convolab serve under fuzzing', () => {
  it('answers malformed HTTP requests without ending (400 or a plain answer)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), pathText, headerText, async (junk, path, value) => {
        await rawExchange(junk);
        await rawExchange(`GET ${path} HTTP/1.1\r\nHost: ${value}\r\nX-Junk: ${value}\r\n\r\n`);
      }),
      { numRuns: 50 },
    );
    await stillServes();
  });

  it('refuses malformed upgrade requests (URLs, Host, Origin, key, version) and serves on', async () => {
    await fc.assert(
      fc.asyncProperty(pathText, fc.option(headerText), fc.option(headerText), headerText, async (path, origin, host, extra) => {
        const request = upgradeRequest(server.port, {
          path,
          origin: origin ?? null,
          ...(host !== null ? { host } : {}),
          extra: `Sec-WebSocket-Version: ${extra}\r\nSec-WebSocket-Key: ${extra}\r\n`,
        });
        const answer = await rawUpgrade(server.port, request);
        expect(answer.status).not.toBe(101);
        answer.socket.destroy();
      }),
      { numRuns: 120 },
    );
    await stillServes();
  });

  it('closes only the connection that sends malformed frames', async () => {
    const frames = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      fc
        .record({
          opcode: fc.integer({ min: 0, max: 15 }),
          fin: fc.boolean(),
          rsv1: fc.boolean(),
          masked: fc.boolean(),
          payload: fc.uint8Array({ maxLength: 200 }),
          claimedLength: fc.option(fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.constant(2 ** 40))),
        })
        .map(({ opcode, payload, claimedLength, ...flags }) => frame(opcode, payload, { ...flags, ...(claimedLength !== null ? { claimedLength } : {}) })),
    );
    let batch = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frames, { minLength: 1, maxLength: 4 }), async (sent) => {
        const answer = await rawUpgrade(server.port, upgradeRequest(server.port, { path: '/ws?token=fuzz-token' }));
        expect(answer.status).toBe(101);
        for (const bytes of sent) answer.socket.write(bytes);
        // Frames that happen to be valid leave the connection open: the page ends it.
        answer.socket.end();
        await answer.closed;
        if (++batch % 25 === 0) await stillServes();
      }),
      { numRuns: 150 },
    );
    await stillServes();
  });

  it('refuses oversize messages, also when the length lies, and serves on', async () => {
    for (const opcode of [1, 2]) {
      for (const claimedLength of [256 * 1024 * 1024 + 1, 2 ** 40, 2 ** 53]) {
        const answer = await rawUpgrade(server.port, upgradeRequest(server.port, { path: '/ws?token=fuzz-token' }));
        answer.socket.write(frame(opcode, Buffer.from('CVL1'), { claimedLength }));
        await answer.closed;
      }
    }
    await stillServes();
  });

  it('holds back from a page that never reads, and serves others meanwhile', async () => {
    const sleeper = await rawUpgrade(server.port, upgradeRequest(server.port, { path: '/ws?token=fuzz-token' }), { read: false });
    // 200 answers of 256 KB: 50 MB if the server held them all.
    for (let id = 1; id <= 200; id++) sleeper.socket.write(callFrame(id, 'getValue', ['n', 'out']));
    for (let i = 0; i < 3; i++) await stillServes();
    // At most the limit and one answer wait for it, however much it asked for.
    expect(server.unreadBytes()).toBeGreaterThan(0);
    expect(server.unreadBytes()).toBeLessThanOrEqual(UNREAD_LIMIT + VALUE_BYTES + 4096);
    sleeper.socket.destroy();
    await sleeper.closed;
  });

  it('takes 300 connections at once and answers the legitimate page throughout', async () => {
    const pages = await Promise.all(Array.from({ length: 300 }, () => rawUpgrade(server.port, upgradeRequest(server.port, { path: '/ws?token=fuzz-token' }))));
    expect(pages.every((page) => page.status === 101)).toBe(true);
    await stillServes();
    for (const page of pages) page.socket.destroy();
    await Promise.all(pages.map((page) => page.closed));
    await stillServes();
  });
});
