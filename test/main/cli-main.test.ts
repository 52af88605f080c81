import { spawnSync, type spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main, version, type CliIo } from '../../src-main/cli/main';
import { openBrowser, parseServeArguments } from '../../src-main/cli/serve';
import { servedSessions } from '../../src-main/web/sessions';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { HostEvent } from '../../src-shared/protocol';
import { nodeResults } from '../node-results';
import packageJson from '../../package.json';

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd: process.cwd(), stdout: (t: string) => (io.out += t), stderr: (t: string) => (io.err += t) };
  return io;
}

describe('convolab command line', () => {
  it('prints usage for --help naming every command', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    for (const command of ['convolab run GRAPH --out DIR', 'convolab validate GRAPH', 'convolab serve [DIR]']) expect(io.out).toContain(command);
  });

  it('prints the package version for --version', async () => {
    const io = capture();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out).toBe(`${packageJson.version}\n`);
    expect(version()).toBe(packageJson.version);
  });

  it('answers an unknown command with one line on stderr and exit status 2', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err).toBe('convolab: unknown command "frobnicate": try convolab --help\n');
  });

  it('parses serve options and refuses bad ones in one line each', () => {
    expect(parseServeArguments([], process.cwd())).toEqual({ dir: process.cwd(), port: 5178, hostname: '127.0.0.1', open: false });
    expect(parseServeArguments(['test', '--port', '0', '--open'], process.cwd())).toMatchObject({ port: 0, open: true });
    expect(() => parseServeArguments(['--port', 'x'], process.cwd())).toThrow('--port: must be a whole number 0..65535 (got x)');
    expect(() => parseServeArguments(['--port'], process.cwd())).toThrow('--port needs a value');
    expect(() => parseServeArguments(['no-such-folder'], process.cwd())).toThrow(/no-such-folder is not a folder/);
    expect(() => parseServeArguments(['--bogus'], process.cwd())).toThrow('serve: unknown option --bogus');
    expect(parseServeArguments(['--memory', '3G'], process.cwd(), 8 * 1024 ** 3)).toMatchObject({ memory: 3 * 1024 ** 3 });
    expect(() => parseServeArguments(['--memory', '16G'], process.cwd(), 8 * 1024 ** 3)).toThrow('--memory 16G: this machine has 8.0 GiB; give at most that');
  });

  it('serve --memory gives each page\'s engine that budget; a refusal names the server\'s --memory, which the page cannot raise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convolab-serve-memory-'));
    const session = servedSessions({ folder: dir, stateDir: join(dir, 'state'), version: 'test', memoryLimit: 64 * 1024 ** 2, machine: 8 * 1024 ** 3 })();
    const events: HostEvent[] = [];
    session.host.onEvent((event) => events.push(event));
    try {
      // 10,000,001 samples: 76.3 MiB as 64-bit floats, over 64 MiB (and well under the default 1 GiB).
      const doc: GraphDocument = {
        format: 'convolab.graph',
        version: 2,
        nodes: [{ id: 'big', type: 'source.function', params: { shape: 'sine', t0: 0, t1: 10, rate: 1e6 } }],
        edges: [],
      };
      const answer = await session.host.run({ doc });
      if (!('runId' in answer)) throw new Error('the host asked for the document it was given');
      const { runId } = answer;
      await vi.waitFor(() => expect(events.some((e) => e.kind === 'runEnd' && e.runId === runId)).toBe(true), { timeout: 60_000 });
      expect(nodeResults(events).find((e) => e.report.id === 'big')?.report).toMatchObject({
        status: 'error',
        error: expect.stringMatching(/over the 64\.0 MiB limit: use smaller inputs or sizes, or start convolab serve with --memory 256M \(this page cannot raise it\)$/),
      });
    } finally {
      await session.close?.();
    }
  });

  it('serve --open never puts the link on a command line, where every local user can read its token', () => {
    const url = 'http://127.0.0.1:5178/?token=Secret_Token-123';
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const calls: { command: string; args: readonly string[] }[] = [];
      const run = ((command: string, args: readonly string[]) => {
        calls.push({ command, args });
        return Object.assign(new EventEmitter(), { unref: () => undefined });
      }) as unknown as typeof spawn;
      const remove = openBrowser(url, run, platform);
      expect(calls).toHaveLength(1);
      const { command, args } = calls[0]!;
      expect(command).toBe({ linux: 'xdg-open', darwin: 'open', win32: 'cmd' }[platform]);
      expect(args.join(' ')).not.toContain('Secret_Token');
      // What it opens is a page only this user can read, which goes on to the link.
      const page = args[args.length - 1]!;
      expect(readFileSync(page, 'utf8')).toContain(`<meta http-equiv="refresh" content="0;url=${url}" />`);
      if (process.platform !== 'win32') {
        expect(statSync(page).mode & 0o777).toBe(0o600);
        expect(statSync(dirname(page)).mode & 0o777).toBe(0o700);
      }
      remove();
      expect(existsSync(dirname(page))).toBe(false);
    }
  });

  it('runs from source through the installed bin script, printing only its own output', () => {
    const result = spawnSync(process.execPath, ['src-main/cli/convolab.mjs', '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${packageJson.version}\n`);
    expect(result.stderr).toBe('');
  });
});
