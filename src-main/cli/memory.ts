/**
 * `--memory SIZE`: the memory budget of a `convolab run` (each engine's, in a batch), 1 GiB unless
 * given. A run refuses what would go over it before allocating (src-shared/engine/engine.ts), so
 * the editor stays responsive and a batch's engines cannot starve each other; a headless run on a
 * machine with the memory to spare (an hour of audio is 1.3 GiB a channel as 64-bit samples) can
 * be given more.
 */
import { totalmem } from 'node:os';
import { printable } from '../../src-shared/graph/printable';
import { formatBytes } from '../../src-shared/engine/engine';
import { UsageError } from './main';

const UNITS: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Below this a run could not hold the smallest examples' work areas: surely a slip (4 meaning 4G?). */
export const MIN_MEMORY = 64 * 1024 ** 2;

/**
 * The memory this process may use: the machine's, or its container's limit (cgroups) when that is
 * smaller.
 */
export function machineMemory(): number {
  const total = totalmem();
  const constrained = process.constrainedMemory(); // 0 (or, in older Nodes, undefined) without a limit
  return constrained > 0 && constrained < total ? constrained : total;
}

/** Bytes from `4G`, `1.5GiB`, `512M`, `512MB` (powers of 1024), between MIN_MEMORY and `machine`. */
export function parseMemory(text: string | undefined, machine: number): number {
  if (text === undefined) throw new UsageError('--memory needs a size, e.g. --memory 4G');
  const shown = printable(text);
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt])(?:i?b)?$/i.exec(text.trim());
  if (!match) {
    const unitless = /^\d+(?:\.\d+)?$/.test(text.trim());
    throw new UsageError(`--memory ${shown}: ${unitless ? 'give the unit too' : 'write a size'}, e.g. --memory 4G or --memory 512M (K, M, G, T: powers of 1024)`);
  }
  const bytes = Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!); // the pattern's units are the table's keys
  if (bytes < MIN_MEMORY) throw new UsageError(`--memory ${shown}: give a run at least ${formatBytes(MIN_MEMORY)} (the default is 1G)`);
  if (bytes > machine) {
    throw new UsageError(`--memory ${shown}: this machine has ${formatBytes(machine)}; give at most that (a run past it would be killed, not refused)`);
  }
  return bytes;
}

/** A --memory value of at least `needed` bytes with room to spare: 256M steps up to 768M, whole G above. */
export function memoryToAsk(needed: number): string {
  return askFor(needed).text;
}

function askFor(needed: number): { readonly text: string; readonly bytes: number } {
  const wanted = needed * 1.125;
  if (wanted <= 768 * 1024 ** 2) {
    const steps = Math.ceil(wanted / (256 * 1024 ** 2));
    return { text: `${steps * 256}M`, bytes: steps * 256 * 1024 ** 2 };
  }
  const gib = Math.ceil(wanted / 1024 ** 3);
  return { text: `${gib}G`, bytes: gib * 1024 ** 3 };
}

/**
 * The engine's `moreMemory` for a run: the --memory that would fit a refused request, when the
 * machine has that much (with -j N, each of the N engines has its own).
 */
export function moreMemoryAdvice(machine: number): (needed: number) => string | undefined {
  return (needed) => {
    const ask = askFor(needed);
    return ask.bytes <= machine ? `run with --memory ${ask.text}` : undefined;
  };
}
