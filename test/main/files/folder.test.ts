import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfinedFolder } from '../../../src-main/files/folder';

let base: string;
let root: string;
let folder: ConfinedFolder;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'convolab-folder-'));
  root = join(base, 'served');
  mkdirSync(join(root, 'graphs'), { recursive: true });
  writeFileSync(join(root, 'graphs', 'dice.convolab.json'), '{"dice":1}');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  symlinkSync(base, join(root, 'escape-dir'));
  symlinkSync(join(root, 'graphs', 'dice.convolab.json'), join(root, 'inner-link.json'));
  folder = new ConfinedFolder(root);
});

describe('the served folder', () => {
  it('lists files and folders inside, hiding links that lead outside', async () => {
    expect((await folder.list()).map((e) => `${e.kind}:${e.path}`)).toEqual(['folder:graphs', 'file:inner-link.json']);
    expect((await folder.list('graphs')).map((e) => e.path)).toEqual(['graphs/dice.convolab.json']);
  });

  it('reads and writes inside, atomically', async () => {
    expect(new TextDecoder().decode(await folder.read('graphs/dice.convolab.json'))).toBe('{"dice":1}');
    await folder.write('new/two.convolab.json', '{"two":2}');
    expect(readFileSync(join(root, 'new', 'two.convolab.json'), 'utf8')).toBe('{"two":2}');
  });

  it.each([
    ['../secret.txt', /outside the served folder/],
    ['graphs/../../secret.txt', /outside the served folder/],
    ['/etc/passwd', /only paths inside/],
    ['C:/Windows/win.ini', /only paths inside/],
    ['..\\secret.txt', /outside the served folder/],
    ['escape.txt', /leads outside/],
    ['escape-dir/secret.txt', /leads outside/],
    ['a\0b', /not a valid path/],
    ['./../secret.txt', /outside the served folder/],
    ['graphs/./../../secret.txt', /outside the served folder/],
    ['//server/share/secret.txt', /only paths inside/],
    ['\\\\server\\share\\secret.txt', /only paths inside/],
    ['escape-dir', /leads outside/],
  ])('refuses to read %s', async (path, message) => {
    await expect(folder.read(path)).rejects.toThrow(message);
  });

  it('refuses to write through a link that leads outside, and leaves the target alone', async () => {
    await expect(folder.write('escape.txt', 'overwritten')).rejects.toThrow(/leads outside/);
    await expect(folder.write('escape-dir/new.txt', 'x')).rejects.toThrow(/leads outside/);
    await expect(folder.write('../new.txt', 'x')).rejects.toThrow(/outside/);
    expect(readFileSync(join(base, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it.each(['%2e%2e/secret.txt', '%2e%2e%2fsecret.txt', '%252e%252e%252fsecret.txt', '..%2fsecret.txt', '%2E%2E%5Csecret.txt'])(
    'takes %s as a name inside the folder, never as an escape (paths here are not URLs)',
    async (path) => {
      await expect(folder.read(path)).rejects.toThrow(/no such file/);
      const written = folder.write(path.replace(/secret\.txt$/, 'note.json'), 'inside');
      // A name that starts with a dot is a hidden file, which the browser never writes.
      if (path.startsWith('.')) await expect(written).rejects.toThrow(/starting with a dot/);
      else await written;
      expect(readFileSync(join(base, 'secret.txt'), 'utf8')).toBe('secret');
      expect(readdirSync(base).sort()).toEqual(['secret.txt', 'served']);
    },
  );

  it('makes no folder outside when a write goes through a link to a folder that does not exist yet', async () => {
    await expect(folder.write('escape-dir/new-folder/deeper/g.convolab.json', '{}')).rejects.toThrow(/leads outside/);
    await expect(folder.list('escape-dir')).rejects.toThrow(/leads outside/);
    expect(existsSync(join(base, 'new-folder'))).toBe(false);
    expect(readdirSync(base).sort()).toEqual(['secret.txt', 'served']);
  });

  it('refuses a path through a broken link, which could point anywhere once its target appears', async () => {
    symlinkSync(join(base, 'not-yet'), join(root, 'dangling'));
    await expect(folder.write('dangling/g.convolab.json', '{}')).rejects.toThrow(/broken link/);
    await expect(folder.read('dangling/g.convolab.json')).rejects.toThrow(/broken link/);
    expect(existsSync(join(base, 'not-yet'))).toBe(false);
  });
});
