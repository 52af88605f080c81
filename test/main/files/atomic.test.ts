import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/files/atomic';

const folder = () => mkdtempSync(join(tmpdir(), 'convolab-atomic-'));

describe('atomic save', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const dir = folder();
    const file = join(dir, 'graph.convolab.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new contents');
    expect(readFileSync(file, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['graph.convolab.json']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    const dir = folder();
    const file = join(dir, 'graph.convolab.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    await writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file intact and cleans up when the write fails before the rename', async () => {
    const dir = folder();
    const file = join(dir, 'graph.convolab.json');
    writeFileSync(file, 'precious');
    await expect(
      writeFileAtomic(file, 'half', {
        beforeRename: () => {
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['graph.convolab.json']);
  });

  it('leaves the old file intact when the writer is killed between write and rename', async () => {
    const dir = folder();
    const file = join(dir, 'graph.convolab.json');
    writeFileSync(file, 'precious');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures-killed-writer.ts'), file, 'the new version'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const temp = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /ready (.+)\n/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });
    // The new bytes are complete on disk in the temp file, and the target is untouched.
    expect(readFileSync(temp, 'utf8')).toBe('the new version');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect(existsSync(file)).toBe(true);
  });
});
