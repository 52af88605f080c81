import { existsSync, linkSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/files/atomic';
import { ATOMIC_TEMP_NAME, removeStaleTempFiles } from '../../../src-main/files/backups';

describe('temp files left by killed saves', () => {
  it('are removed at start when old and named as writeFileAtomic names them; nothing else is touched', async () => {
    const base = mkdtempSync(join(tmpdir(), 'convolab-temps-'));
    const folder = join(base, 'served');
    const outside = join(base, 'outside');
    mkdirSync(join(folder, 'sub', 'deeper'), { recursive: true });
    mkdirSync(join(folder, '.git'));
    mkdirSync(outside);
    // A temp exactly as a save makes it, kept (hard-linked) before the rename, as a kill would leave it.
    let tempName = '';
    await writeFileAtomic(join(folder, 'sub', 'graph.convolab.json'), '{}', {
      beforeRename: (temp) => {
        tempName = basename(temp);
        linkSync(temp, join(folder, 'sub', 'deeper', tempName));
      },
    });
    expect(tempName).toMatch(ATOMIC_TEMP_NAME);
    const old = Date.now() / 1000 - 3600;
    const killed = join(folder, 'sub', 'deeper', tempName);
    const alsoKilled = join(folder, '.a.convolab.json.0123456789ab.tmp');
    const young = join(folder, '.b.convolab.json.0123456789ab.tmp');
    const users = join(folder, '.notes.tmp');
    const hidden = join(folder, '.git', '.c.json.0123456789ab.tmp');
    const target = join(outside, '.d.json.0123456789ab.tmp');
    const link = join(folder, '.e.json.0123456789ab.tmp');
    for (const path of [alsoKilled, young, users, hidden, target]) writeFileSync(path, 'x');
    symlinkSync(target, link);
    for (const path of [killed, alsoKilled, users, hidden, target]) utimesSync(path, old, old);
    const removed = await removeStaleTempFiles([folder]);
    expect(removed.sort()).toEqual([alsoKilled, killed].sort());
    for (const path of [young, users, hidden, target, link, join(folder, 'sub', 'graph.convolab.json')]) expect(existsSync(path)).toBe(true);
  });
});
