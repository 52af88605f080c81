/**
 * An engine's memory budget as a user gives it: `--memory 4G` (convolab run, convolab serve), the
 * environment's `CONVOLAB_MEMORY=4G` (serve and the desktop app), the desktop app's setting
 * (src-main/files/settings.ts). One reading of a size and one range for all of them: at least
 * MIN_MEMORY, at most what the machine (or its container) has.
 */
import { totalmem } from 'node:os';
import { printable } from '../../src-shared/graph/printable';
import { formatBytes } from '../../src-shared/engine/engine';

const UNITS: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Below this a run could not hold the smallest examples' work areas: surely a slip (4 meaning 4G?). */
export const MIN_MEMORY = 64 * 1024 ** 2;

/** The environment variable that gives serve and the desktop app their budget (a flag wins over it). */
export const MEMORY_VARIABLE = 'CONVOLAB_MEMORY';

/** Where a size was written, for messages that quote it as it was written: `--memory 4` or `CONVOLAB_MEMORY=4`. */
export interface MemorySource {
  readonly name: string;
  readonly joiner: ' ' | '=';
}

export const MEMORY_FLAG: MemorySource = { name: '--memory', joiner: ' ' };
export const MEMORY_ENVIRONMENT: MemorySource = { name: MEMORY_VARIABLE, joiner: '=' };

/** A size that cannot be a budget; its message is one line that says what to write. */
export class MemorySizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemorySizeError';
  }
}

/**
 * The memory this process may use: the machine's, or its container's limit (cgroups) when that is
 * smaller.
 */
export function machineMemory(): number {
  const total = totalmem();
  const constrained = process.constrainedMemory(); // 0 (or, in older Nodes, undefined) without a limit
  return constrained > 0 && constrained < total ? constrained : total;
}

/** Whether `bytes` may be a budget on a machine with `machine` bytes (a setting read back is checked so). */
export function isMemoryInRange(bytes: number, machine: number): boolean {
  return Number.isSafeInteger(bytes) && bytes >= MIN_MEMORY && bytes <= machine;
}

/** Bytes from `4G`, `1.5GiB`, `512M`, `512MB` (powers of 1024), between MIN_MEMORY and `machine`. */
export function parseMemorySize(text: string, machine: number, source: MemorySource = MEMORY_FLAG): number {
  const written = (value: string): string => `${source.name}${source.joiner}${value}`;
  const shown = written(printable(text));
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt])(?:i?b)?$/i.exec(text.trim());
  if (!match) {
    const unitless = /^\d+(?:\.\d+)?$/.test(text.trim());
    throw new MemorySizeError(`${shown}: ${unitless ? 'give the unit too' : 'write a size'}, e.g. ${written('4G')} or ${written('512M')} (K, M, G, T: powers of 1024)`);
  }
  const bytes = Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!); // the pattern's units are the table's keys
  if (bytes < MIN_MEMORY) throw new MemorySizeError(`${shown}: give a run at least ${formatBytes(MIN_MEMORY)} (the default is 1G)`);
  if (bytes > machine) {
    throw new MemorySizeError(`${shown}: this machine has ${formatBytes(machine)}; give at most that (a run past it would be killed, not refused)`);
  }
  return bytes;
}

/** The budget `CONVOLAB_MEMORY` gives, undefined when it is unset or empty; a size it cannot be is a MemorySizeError. */
export function memoryFromEnvironment(env: NodeJS.ProcessEnv, machine: number): number | undefined {
  const text = env[MEMORY_VARIABLE];
  if (text === undefined || text.trim() === '') return undefined;
  return parseMemorySize(text, machine, MEMORY_ENVIRONMENT);
}

/** The budgets the desktop app offers (its Memory Limit menu): powers of two from 256 MiB, up to what the machine has. */
export function memoryChoices(machine: number): number[] {
  const choices: number[] = [];
  for (let bytes = 256 * 1024 ** 2; bytes <= machine; bytes *= 2) choices.push(bytes);
  return choices;
}
