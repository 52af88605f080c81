/**
 * The memory budget as serve and the desktop app take it beside --memory: CONVOLAB_MEMORY (read
 * as --memory is, the flag winning), the desktop app's choices, and what each host's refusals
 * tell the user to do (src-shared/engine/memory-advice.ts).
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src-main/cli/main';
import { parseServeArguments } from '../../src-main/cli/serve';
import { MemorySizeError, memoryChoices, memoryFromEnvironment } from '../../src-main/host/memory-limit';
import { memoryLabel, moreMemoryOf } from '../../src-shared/engine/memory-advice';

const GiB = 1024 ** 3, MiB = 1024 ** 2;

describe('CONVOLAB_MEMORY', () => {
  it('reads the sizes --memory reads; unset or empty, it gives nothing', () => {
    expect(memoryFromEnvironment({ CONVOLAB_MEMORY: '2G' }, 8 * GiB)).toBe(2 * GiB);
    expect(memoryFromEnvironment({ CONVOLAB_MEMORY: ' 512MiB ' }, 8 * GiB)).toBe(512 * MiB);
    expect(memoryFromEnvironment({}, 8 * GiB)).toBeUndefined();
    expect(memoryFromEnvironment({ CONVOLAB_MEMORY: '' }, 8 * GiB)).toBeUndefined();
  });

  it.each([
    ['4', 'CONVOLAB_MEMORY=4: give the unit too, e.g. CONVOLAB_MEMORY=4G or CONVOLAB_MEMORY=512M (K, M, G, T: powers of 1024)'],
    ['lots\u001b[2J', 'CONVOLAB_MEMORY=lots\\u001B[2J: write a size, e.g. CONVOLAB_MEMORY=4G or CONVOLAB_MEMORY=512M (K, M, G, T: powers of 1024)'],
    ['32M', 'CONVOLAB_MEMORY=32M: give a run at least 64.0 MiB (the default is 1G)'],
    ['9G', 'CONVOLAB_MEMORY=9G: this machine has 8.0 GiB; give at most that (a run past it would be killed, not refused)'],
  ])('refuses %s in one line that names the variable as it was written', (text, message) => {
    expect(() => memoryFromEnvironment({ CONVOLAB_MEMORY: text }, 8 * GiB)).toThrow(new MemorySizeError(message));
  });

  it('gives serve its budget; --memory wins over it; a size it cannot be stops serve as a flag would', () => {
    const cwd = process.cwd();
    expect(parseServeArguments([], cwd, 8 * GiB, { CONVOLAB_MEMORY: '2G' }).memory).toBe(2 * GiB);
    expect(parseServeArguments(['--memory', '3G'], cwd, 8 * GiB, { CONVOLAB_MEMORY: '2G' }).memory).toBe(3 * GiB);
    // The flag wins even over a variable that could not be used.
    expect(parseServeArguments(['--memory', '3G'], cwd, 8 * GiB, { CONVOLAB_MEMORY: 'lots' }).memory).toBe(3 * GiB);
    expect(parseServeArguments([], cwd, 8 * GiB, {}).memory).toBeUndefined();
    expect(() => parseServeArguments([], cwd, 8 * GiB, { CONVOLAB_MEMORY: '16G' })).toThrow(
      new UsageError('CONVOLAB_MEMORY=16G: this machine has 8.0 GiB; give at most that (a run past it would be killed, not refused)'),
    );
  });
});

describe('the desktop app\'s choices', () => {
  it('are powers of two from 256 MiB up to what the machine has', () => {
    expect(memoryChoices(6 * GiB)).toEqual([256 * MiB, 512 * MiB, GiB, 2 * GiB, 4 * GiB]);
    expect(memoryChoices(4 * GiB).at(-1)).toBe(4 * GiB);
    expect(memoryChoices(200 * MiB)).toEqual([]);
    expect([256 * MiB, GiB, 1.5 * GiB, 3 * GiB, 1.3 * GiB].map(memoryLabel)).toEqual(['256 MiB', '1 GiB', '1.5 GiB', '3 GiB', '1331 MiB']);
  });
});

describe('a refusal for memory names the way out its host has', () => {
  const needed = 80 * MiB;

  it('convolab run: the --memory that fits, when the machine has it', () => {
    expect(moreMemoryOf({ way: 'flag', machine: 8 * GiB })(needed)).toBe('run with --memory 256M');
    expect(moreMemoryOf({ way: 'flag', machine: 8 * GiB })(7.5 * GiB)).toBeUndefined();
  });

  it('convolab serve: the server\'s --memory, which the page cannot raise', () => {
    expect(moreMemoryOf({ way: 'server', machine: 8 * GiB })(needed)).toBe('start convolab serve with --memory 256M (this page cannot raise it)');
    expect(moreMemoryOf({ way: 'server', machine: 8 * GiB })(1.3 * GiB)).toBe('start convolab serve with --memory 2G (this page cannot raise it)');
    expect(moreMemoryOf({ way: 'server', machine: 8 * GiB })(7.5 * GiB)).toBeUndefined();
  });

  it('the desktop app: the smallest choice of its menu with room to spare, else one that just holds it, else nothing', () => {
    const setting = moreMemoryOf({ way: 'setting', where: 'Edit › Memory Limit', choices: memoryChoices(8 * GiB) });
    expect(setting(needed)).toBe('raise the memory limit to 256 MiB in Edit › Memory Limit');
    // An hour of 48 kHz audio through a second-long reverb: 1.3 GiB a channel.
    expect(setting(1.3 * GiB)).toBe('raise the memory limit to 2 GiB in Edit › Memory Limit');
    expect(setting(7.5 * GiB)).toBe('raise the memory limit to 8 GiB in Edit › Memory Limit');
    expect(setting(9 * GiB)).toBeUndefined();
  });
});
