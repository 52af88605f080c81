import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main, version, type CliIo } from '../../src-main/cli/main';
import { parseServeArguments } from '../../src-main/cli/serve';
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

  it('runs from source through the installed bin script, printing only its own output', () => {
    const result = spawnSync(process.execPath, ['src-main/cli/convolab.mjs', '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${packageJson.version}\n`);
    expect(result.stderr).toBe('');
  });
});
