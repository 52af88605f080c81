import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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
  ])('refuses to read %s', async (path, message) => {
    await expect(folder.read(path)).rejects.toThrow(message);
  });

  it('refuses to write through a link that leads outside, and leaves the target alone', async () => {
    await expect(folder.write('escape.txt', 'overwritten')).rejects.toThrow(/leads outside/);
    await expect(folder.write('escape-dir/new.txt', 'x')).rejects.toThrow(/leads outside/);
    await expect(folder.write('../new.txt', 'x')).rejects.toThrow(/outside/);
    expect(readFileSync(join(base, 'secret.txt'), 'utf8')).toBe('secret');
  });
});
