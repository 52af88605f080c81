/**
 * The desktop app's settings file (userData/settings.json): the memory limit kept across restarts;
 * a file that is broken, hostile, or holds a value of the wrong kind or out of range is ignored
 * with one line in the log, never a crash; CONVOLAB_MEMORY wins over it for one start.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsFile, startupMemoryLimit } from '../../../src-main/files/settings';

const GiB = 1024 ** 3, MiB = 1024 ** 2;
const machine = 8 * GiB;

function settingsIn(text?: string): { file: SettingsFile; logged: string[]; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'convolab-settings-'));
  const path = join(dir, 'settings.json');
  if (text !== undefined) writeFileSync(path, text);
  const logged: string[] = [];
  return { file: new SettingsFile(path, machine, (line) => logged.push(line)), logged, path };
}

describe('the settings file', () => {
  it('keeps the memory limit across restarts: written, then read back by a new reader', async () => {
    const { file, path, logged } = settingsIn();
    await file.write({ memoryLimit: 2 * GiB });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ memoryLimit: 2 * GiB });
    expect(await new SettingsFile(path, machine, () => undefined).read()).toEqual({ memoryLimit: 2 * GiB });
    expect(logged).toEqual([]);
  });

  it('leaves the last of several quick writes on disk', async () => {
    const { file, path } = settingsIn();
    // Twenty choices as fast as they come: without writes in order, an earlier one often landed last.
    const choices = Array.from({ length: 20 }, (_, i) => (i % 4) * GiB + 512 * MiB);
    await Promise.all(choices.map((memoryLimit) => file.write({ memoryLimit })));
    expect(choices.at(-1)).toBe(3.5 * GiB);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ memoryLimit: 3.5 * GiB });
  });

  it('is quietly empty before anything was kept, and creates its folder when first written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convolab-settings-'));
    const logged: string[] = [];
    const file = new SettingsFile(join(dir, 'not-yet', 'settings.json'), machine, (line) => logged.push(line));
    expect(await file.read()).toEqual({});
    expect(logged).toEqual([]);
    await file.write({ memoryLimit: 512 * MiB });
    expect(await file.read()).toEqual({ memoryLimit: 512 * MiB });
  });

  it.each([
    ['broken JSON', '{"memoryLimit": 2147', /: not JSON; using the defaults/],
    ['not an object', '[2147483648]', /: not a JSON object; using the defaults/],
    ['a string where the number belongs', '{"memoryLimit": "2G"}', /: memoryLimit "2G" is not a number of bytes from 64\.0 MiB to this machine's 8\.0 GiB; using the defaults/],
    ['a number below the least', '{"memoryLimit": 1024}', /: memoryLimit 1024 is not a number of bytes from 64\.0 MiB/],
    ['a number above the machine', `{"memoryLimit": ${16 * GiB}}`, /: memoryLimit 17179869184 is not a number of bytes from 64\.0 MiB to this machine's 8\.0 GiB/],
    ['a fraction of a byte', `{"memoryLimit": ${GiB + 0.5}}`, /: memoryLimit 1073741824\.5 is not a number of bytes/],
    ['null', '{"memoryLimit": null}', /: memoryLimit null is not a number of bytes/],
    ['a control character in the value', '{"memoryLimit": "\\u001b[2J"}', /: memoryLimit "\\u001b\[2J" is not a number of bytes/],
    ['bytes that are not UTF-8', '\u00ff', /ignored .*settings\.json: /],
  ])('ignores %s, with one line in the log', async (_what, text, line) => {
    const { file, logged, path } = settingsIn(text);
    expect(await file.read()).toEqual({});
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`convolab: ignored ${path}`);
    expect(logged[0]).toMatch(line);
    expect(logged[0]).not.toMatch(/[\n\r\u001b]/);
  });

  it('takes only memoryLimit from an object with other keys, its prototype untouched', async () => {
    const { file, logged } = settingsIn(`{"__proto__": {"memoryLimit": 1}, "theme": "dark", "memoryLimit": ${GiB}}`);
    expect(await file.read()).toEqual({ memoryLimit: GiB });
    expect(({} as { memoryLimit?: unknown }).memoryLimit).toBeUndefined();
    expect(logged).toEqual([]);
    // Without its own memoryLimit, nothing: an inherited one does not count.
    const inherited = settingsIn('{"__proto__": {"memoryLimit": 2147483648}}');
    expect(await inherited.file.read()).toEqual({});
  });

  it('does not read what is not a small regular file: a huge file, a folder, a link to a device, a pipe', async () => {
    const huge = settingsIn(`{"memoryLimit": ${GiB}, "pad": "${'x'.repeat(100_000)}"}`);
    expect(await huge.file.read()).toEqual({});
    expect(huge.logged[0]).toMatch(/: it is 98 KiB, too large for a settings file; using the defaults/);

    const folder = settingsIn();
    mkdirSync(folder.path);
    expect(await folder.file.read()).toEqual({});
    expect(folder.logged).toHaveLength(1);

    const device = settingsIn();
    symlinkSync('/dev/zero', device.path);
    expect(await device.file.read()).toEqual({});
    expect(device.logged[0]).toMatch(/not a regular file/);

    const pipe = settingsIn();
    execFileSync('mkfifo', [pipe.path]);
    expect(await pipe.file.read()).toEqual({});
    expect(pipe.logged[0]).toMatch(/not a regular file/);
  });
});

describe('the budget the desktop app starts with', () => {
  it('is CONVOLAB_MEMORY when set, else the saved setting, else the default (undefined)', () => {
    const logged: string[] = [];
    const log = (line: string): void => void logged.push(line);
    expect(startupMemoryLimit({ CONVOLAB_MEMORY: '4G' }, { memoryLimit: 2 * GiB }, machine, log)).toBe(4 * GiB);
    expect(startupMemoryLimit({}, { memoryLimit: 2 * GiB }, machine, log)).toBe(2 * GiB);
    expect(startupMemoryLimit({}, {}, machine, log)).toBeUndefined();
    expect(logged).toEqual([]);
  });

  it('passes over a CONVOLAB_MEMORY it cannot use, with one line in the log', () => {
    const logged: string[] = [];
    expect(startupMemoryLimit({ CONVOLAB_MEMORY: '64G' }, { memoryLimit: 2 * GiB }, machine, (line) => logged.push(line))).toBe(2 * GiB);
    expect(logged).toEqual(['convolab: ignored CONVOLAB_MEMORY: CONVOLAB_MEMORY=64G: this machine has 8.0 GiB; give at most that (a run past it would be killed, not refused)']);
  });
});
