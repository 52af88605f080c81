/**
 * `--memory SIZE`: the memory budget of a `convolab run` (each engine's, in a batch) or of each
 * page's engine under `convolab serve`, 1 GiB unless given (both also read CONVOLAB_MEMORY). A
 * run refuses what would go over it before allocating (src-shared/engine/engine.ts), so the editor
 * stays responsive and a batch's engines cannot starve each other; a headless run on a machine
 * with the memory to spare (an hour of audio is 1.3 GiB a channel as 64-bit samples) can be given
 * more. How a size is read and which are allowed: src-main/host/memory-limit.ts.
 */
import { memorySizeFor, moreMemoryOf } from '../../src-shared/engine/memory-advice';
import { MEMORY_FLAG, MemorySizeError, memoryFromEnvironment, parseMemorySize } from '../host/memory-limit';
import { UsageError } from './main';

export { machineMemory, MIN_MEMORY } from '../host/memory-limit';

/** Bytes from `--memory`'s `4G`, `1.5GiB`, `512M`, `512MB` (powers of 1024), between MIN_MEMORY and `machine`. */
export function parseMemory(text: string | undefined, machine: number): number {
  if (text === undefined) throw new UsageError('--memory needs a size, e.g. --memory 4G');
  return asUsage(() => parseMemorySize(text, machine, MEMORY_FLAG));
}

/** `--memory` when given, else CONVOLAB_MEMORY when set (the flag wins), else undefined (the default). */
export function memoryOfFlagOrEnvironment(flag: number | undefined, env: NodeJS.ProcessEnv, machine: number): number | undefined {
  return flag ?? asUsage(() => memoryFromEnvironment(env, machine));
}

function asUsage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MemorySizeError) throw new UsageError(error.message);
    throw error;
  }
}

/** A --memory value of at least `needed` bytes with room to spare: 256M steps up to 768M, whole G above. */
export function memoryToAsk(needed: number): string {
  return memorySizeFor(needed).text;
}

/**
 * The engine's `moreMemory` for a run: the --memory that would fit a refused request, when the
 * machine has that much (with -j N, each of the N engines has its own).
 */
export function moreMemoryAdvice(machine: number): (needed: number) => string | undefined {
  return moreMemoryOf({ way: 'flag', machine });
}
