/**
 * Module names that work on every file system Convolab is built on. macOS and Windows compare
 * names without regard to case, so `import './frameNode'` beside FrameNode.tsx and frameNode.ts
 * resolves there to whichever the resolver tries first (`.ts` before `.tsx`): one of the two
 * imports gets the other file's exports and the build breaks on the user's machine, never on
 * Linux. Two such pairs were in src-renderer. Within one folder, no two modules may have names
 * that differ only in case, nor any two files at all.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TREES = ['src-main', 'src-renderer', 'src-shared', 'test', 'scripts', 'bench', 'bin', 'docs', 'examples', 'models', '.ci'];
const MODULE = /\.(tsx?|mts|cts|jsx?|mjs|cjs)$/;

/** Every folder under `dir`, itself included, with the names of the entries in it. */
function* folders(dir: string): Generator<{ dir: string; names: string[] }> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  yield { dir, names: entries.map((entry) => entry.name) };
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* folders(join(dir, entry.name));
  }
}

/** The groups of names in `names` that `key` maps together although they are spelt differently. */
function clashes(names: readonly string[], key: (name: string) => string): string[][] {
  const groups = new Map<string, Set<string>>();
  for (const name of names) {
    const k = key(name);
    groups.set(k, (groups.get(k) ?? new Set()).add(name));
  }
  return [...groups.values()].map((group) => [...group].sort()).filter((group) => group.length > 1);
}

const moduleStem = (name: string) => name.replace(MODULE, '').toLowerCase();

describe('file names', () => {
  it('the rule finds what it is for: a case-only pair of modules, and of any files', () => {
    const byStem = (names: string[]) => clashes(names.filter((n) => MODULE.test(n)), moduleStem).filter((g) => new Set(g.map((n) => n.replace(MODULE, ''))).size > 1);
    expect(byStem(['FrameNode.tsx', 'frameNode.ts', 'frameWires.ts'])).toEqual([['FrameNode.tsx', 'frameNode.ts']]);
    // the same stem in the same case (a script and the module it loads) is not a clash
    expect(byStem(['serve-for-tests.mjs', 'serve-for-tests.ts'])).toEqual([]);
    expect(clashes(['README.md', 'readme.md', 'notes.md'], (n) => n.toLowerCase())).toEqual([['README.md', 'readme.md']]);
  });

  it('no folder holds two modules, or two files, whose names differ only in case', () => {
    const found: string[] = [];
    for (const tree of TREES) {
      for (const { dir, names } of folders(join(ROOT, tree))) {
        const where = dir.slice(ROOT.length + 1);
        for (const group of clashes(names, (n) => n.toLowerCase())) found.push(`${where}: ${group.join(', ')}`);
        const modules = clashes(names.filter((n) => MODULE.test(n)), moduleStem);
        for (const group of modules) {
          if (new Set(group.map((n) => n.replace(MODULE, ''))).size > 1) found.push(`${where}: ${group.join(', ')} (an import without extension is ambiguous on macOS and Windows)`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
