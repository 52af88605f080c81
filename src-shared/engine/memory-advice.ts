/**
 * What a refusal for memory tells the user to do, per host: each host has its own way to give a
 * run a larger budget, and its refusals name that way (engine.ts, `EngineOptions.moreMemory`).
 * It is data, not a function, so that a host can hand it to its engine's worker in `init`.
 */

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export type MemoryAdvice =
  /** `convolab run`: the user's own command line. */
  | { readonly way: 'flag'; readonly machine: number }
  /**
   * `convolab serve`: only whoever started the server can raise its budget; the page cannot (a
   * page must never make the server allocate more than its owner set).
   */
  | { readonly way: 'server'; readonly machine: number }
  /** The desktop app: a setting, chosen from `choices` (bytes, ascending) at `where` in its menu. */
  | { readonly way: 'setting'; readonly where: string; readonly choices: readonly number[] };

/** A `--memory` size of at least `needed` bytes with room to spare: 256M steps up to 768M, whole G above. */
export function memorySizeFor(needed: number): { readonly text: string; readonly bytes: number } {
  const wanted = needed * 1.125;
  if (wanted <= 768 * MiB) {
    const steps = Math.ceil(wanted / (256 * MiB));
    return { text: `${steps * 256}M`, bytes: steps * 256 * MiB };
  }
  const gib = Math.ceil(wanted / GiB);
  return { text: `${gib}G`, bytes: gib * GiB };
}

/** A budget as the desktop app's menu shows it: `512 MiB`, `2 GiB`, `1.5 GiB`. */
export function memoryLabel(bytes: number): string {
  if (bytes >= GiB && Number.isInteger((bytes / GiB) * 4)) return `${bytes / GiB} GiB`;
  return `${Math.round(bytes / MiB)} MiB`;
}

/**
 * The engine's `moreMemory` for a host's advice: what would let a refused request of `needed`
 * bytes (what the run holds and the request) through, or undefined when the host's way could
 * not give that much (more than the machine has, or than any choice).
 */
export function moreMemoryOf(advice: MemoryAdvice): (needed: number) => string | undefined {
  switch (advice.way) {
    case 'flag':
      return (needed) => {
        const ask = memorySizeFor(needed);
        return ask.bytes <= advice.machine ? `run with --memory ${ask.text}` : undefined;
      };
    case 'server':
      return (needed) => {
        const ask = memorySizeFor(needed);
        return ask.bytes <= advice.machine ? `start convolab serve with --memory ${ask.text} (this page cannot raise it)` : undefined;
      };
    case 'setting':
      return (needed) => {
        // The smallest choice with the same room to spare as a --memory suggestion, else one that just holds it.
        const choice = advice.choices.find((bytes) => bytes >= needed * 1.125) ?? advice.choices.find((bytes) => bytes >= needed);
        return choice !== undefined ? `raise the memory limit to ${memoryLabel(choice)} in ${advice.where}` : undefined;
      };
  }
}
