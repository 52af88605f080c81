/**
 * The two transports of the one typed API — Electron IPC (ipc.ts) and serve's WebSocket
 * (web/server.ts) — share one dispatch (protocol.ts `dispatchCall`): the same call gets the same
 * answer, and a refused one the same one line, on both.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import { registerHostIpc } from '../../src-main/electron/ipc';
import { startWebServer, type RunningServer } from '../../src-main/web/server';
import type { CallReply, FileMethods } from '../../src-shared/protocol';
import { call, connect, FakeHost } from './web/helpers';

const PAGE = 'convolab://app/index.html';
const fromPage = { senderFrame: { url: PAGE, parent: null }, sender: {} };
const doc = { format: 'convolab.graph', version: 2, nodes: [], edges: [] };

/** A host whose getValue fails as the real one does when the worker is gone. */
class FailingHost extends FakeHost {
  override async getValue(): Promise<undefined> {
    throw new Error('the engine worker is not running');
  }
}

const files = { listFolder: vi.fn(async (path: string) => ({ path, entries: [] })) } as unknown as FileMethods;

let server: RunningServer;
let socket: WebSocket;
const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();

beforeAll(async () => {
  const host = new FailingHost();
  registerHostIpc({ handle: (channel, handler) => void handlers.set(channel, handler as never), removeHandler: () => undefined }, host, PAGE, files);
  server = await startWebServer({ rendererDir: mkdtempSync(join(tmpdir(), 'convolab-transports-')), host, files, port: 0, token: 'tok' });
  socket = await connect(server);
});

afterAll(async () => {
  socket.close();
  await server.close();
});

let nextId = 1;
async function overSocket(method: string, args: unknown[]): Promise<CallReply> {
  const { t: _t, id: _id, ...reply } = (await call(socket, nextId++, method, args)) as { t: 'reply'; id: number } & CallReply;
  return reply;
}

async function overIpc(method: string, args: unknown[]): Promise<unknown> {
  const handler = handlers.get(`convolab:${method}`);
  return handler ? handler(fromPage, ...args) : undefined;
}

describe('one dispatch for IPC and the WebSocket', () => {
  it.each<[string, string, unknown[]]>([
    ['a document the file format refuses', 'run', [{ doc: { ...doc, version: 1.5 } }]],
    ['a run id below zero', 'cancel', [-1]],
    ['a missing argument', 'getValue', ['a']],
    ['a key the options do not have', 'getValue', ['a', 'out', { maxSamples: 8, everything: true }]],
    ['a profile whose sizes run backwards', 'profile', [{ series: [{ label: 'x', operation: 'fft', dims: 1 }], fromLog2: 12, toLog2: 8 }]],
    ['a folder path with a NUL', 'listFolder', ['a\0b']],
  ])('refuses %s with the same one line on both', async (_what, method, args) => {
    const ipc = await overIpc(method, args);
    const web = await overSocket(method, args);
    expect(web).toEqual({ ok: false, error: expect.stringMatching(new RegExp(`^${method}: bad arguments`)) });
    expect(ipc).toEqual(web);
    expect((web as { error: string }).error).not.toContain('\n');
  });

  it('answers a good call, and a failing method\'s own message, the same on both', async () => {
    for (const [method, args] of [
      ['run', [{ doc }]],
      ['info', []],
      ['listFolder', ['sub']],
      ['getValue', ['a', 'out']],
    ] as const) {
      expect(await overIpc(method, [...args]), method).toEqual(await overSocket(method, [...args]));
    }
    expect(await overSocket('run', [{ doc }])).toEqual({ ok: true, value: { runId: 7 } });
    expect(await overSocket('getValue', ['a', 'out'])).toEqual({ ok: false, error: 'the engine worker is not running' });
  });
});
