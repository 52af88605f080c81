import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StartupState } from '../../../src-shared/protocol';
import { encodeMessage } from '../../../src-shared/protocol-codec';
import { decodeFrame } from '../web/helpers';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts the host in its own process; resolves with its port once it serves. */
function startHost(folder: string, stateDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures-backup-host.ts'), folder, stateDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)\n/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`host exited early (${code})`)));
  });
}

/** A page's connection: calls go as the renderer's bridge sends them. */
async function connect(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=kill-test`, { origin: `http://127.0.0.1:${port}` });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const call = <T>(method: string, args: unknown[]): Promise<T> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData): void => {
        const message = decodeFrame(data);
        if (message.t !== 'reply' || message.id !== id) return;
        ws.off('message', onMessage);
        if (message.ok) resolve(message.value as T);
        else reject(new Error(message.error));
      };
      ws.on('message', onMessage);
      ws.send(encodeMessage({ t: 'call', id, method, args }));
    });
  };
  return { ws, call };
}

describe('backups of unsaved work survive a killed host', () => {
  it('the next start offers the edit made before the kill, with its file', async () => {
    const base = mkdtempSync(join(tmpdir(), 'convolab-kill-'));
    const folder = join(base, 'served');
    const stateDir = join(base, 'state');
    mkdirSync(folder);
    const original = readFileSync(join(import.meta.dirname, '../../../examples/two-dice.convolab.json'), 'utf8');
    writeFileSync(join(folder, 'dice.convolab.json'), original);
    const edited = original.replace('"faces": 6', '"faces": 8');
    expect(edited).not.toBe(original);

    const first = await startHost(folder, stateDir);
    const page = await connect(first.port);
    expect((await page.call<StartupState>('startup', ['tabA'])).backups).toEqual([]);
    await page.call('openDocument', [{ path: 'dice.convolab.json' }]);
    await page.call('setDocumentState', [{ name: 'dice.convolab.json', dirty: true, path: 'dice.convolab.json' }]);
    await page.call('writeBackup', [{ id: 'tabA', text: edited, path: 'dice.convolab.json' }]);
    page.ws.close();
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startHost(folder, stateDir);
    const next = await connect(second.port);
    const state = await next.call<StartupState>('startup', ['tabB']);
    expect(state.backups).toEqual([{ id: 'tabA', file: { path: 'dice.convolab.json', name: 'dice.convolab.json' }, text: edited, savedAt: expect.any(Number) }]);
    expect(state.recent).toEqual([{ path: 'dice.convolab.json', name: 'dice.convolab.json' }]);
    // The file itself was never touched: the edit lives only in the backup.
    expect(readFileSync(join(folder, 'dice.convolab.json'), 'utf8')).toBe(original);

    // Restored and saved, the backup goes.
    await next.call('saveDocument', [{ text: edited, path: 'dice.convolab.json' }]);
    await next.call('discardBackup', ['tabA']);
    expect((await next.call<StartupState>('startup', ['tabC'])).backups).toEqual([]);
    expect(readFileSync(join(folder, 'dice.convolab.json'), 'utf8')).toBe(edited);
    next.ws.close();
  });
});
