import { spawnSync, type spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, version, type CliIo } from '../../src-main/cli/main';
import { openBrowser, parseServeArguments } from '../../src-main/cli/serve';
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
