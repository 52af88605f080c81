/**
 * The desktop app's settings, kept across restarts as a small JSON file in its state folder
 * (Electron's userData): `{ "memoryLimit": 2147483648 }`, the engine's memory budget in bytes.
 * The file is ours, but anything may have written it: it is read only when it is a regular file
 * of at most a few KiB, and a broken file, or a value of the wrong kind or out of range, is
 * ignored with one line in the log, never a crash. Which budget the app starts with:
 * `startupMemoryLimit`.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBytes } from '../../src-shared/engine/engine';
import { printable } from '../../src-shared/graph/printable';
import { isMemoryInRange, MEMORY_VARIABLE, MemorySizeError, MIN_MEMORY, memoryFromEnvironment } from '../host/memory-limit';
import { writeFileAtomic } from './atomic';
import { FileReadRefused, readRegularFile } from './regular';

export const SETTINGS_FILE = 'settings.json';

/** A settings file is a few dozen bytes; past this it is not ours. */
const MAX_SETTINGS_BYTES = 64 * 1024;

export interface AppSettings {
  /** The engine's memory budget in bytes (the Memory Limit menu). */
  readonly memoryLimit?: number;
}

export class SettingsFile {
  /** The write under way, which the next one waits for. */
  private writing: Promise<void> = Promise.resolve();

  /**
   * @param path the settings file (userData/settings.json)
   * @param machine the machine's memory: a budget above it is not read back
   * @param log where a file that was ignored is reported, one line each
   */
  constructor(
    readonly path: string,
    private readonly machine: number,
    private readonly log: (line: string) => void,
  ) {}

  /** The settings the file holds that can be used; none when it is missing, and none of what is broken. */
  async read(): Promise<AppSettings> {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await readRegularFile(this.path, MAX_SETTINGS_BYTES));
    } catch (error) {
      if (error instanceof FileReadRefused && error.needed !== undefined) this.ignored(`it is ${formatBytes(error.needed)}, too large for a settings file`);
      else if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.ignored(error instanceof Error ? error.message : String(error));
      return {};
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.ignored('not JSON');
      return {};
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.ignored('not a JSON object');
      return {};
    }
    if (!Object.hasOwn(parsed, 'memoryLimit')) return {};
    const memoryLimit = (parsed as { memoryLimit: unknown }).memoryLimit;
    if (typeof memoryLimit !== 'number' || !isMemoryInRange(memoryLimit, this.machine)) {
      const shown = printable(JSON.stringify(memoryLimit) ?? String(memoryLimit)).slice(0, 40);
      this.ignored(`memoryLimit ${shown} is not a number of bytes from ${formatBytes(MIN_MEMORY)} to this machine's ${formatBytes(this.machine)}`);
      return {};
    }
    return { memoryLimit };
  }

  /**
   * Keeps `settings` for the next start (written whole, atomically: a crash leaves the old file or
   * the new). Writes go one after another, so two quick choices leave the second on disk.
   */
  write(settings: AppSettings): Promise<void> {
    const text = JSON.stringify(settings, null, 2) + '\n';
    const written = this.writing.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFileAtomic(this.path, text);
    });
    this.writing = written.catch(() => undefined);
    return written;
  }

  private ignored(why: string): void {
    this.log(`convolab: ignored ${printable(this.path)}: ${printable(why)}; using the defaults (set the memory limit again from the menu to rewrite it)`);
  }
}

/**
 * The budget the desktop app starts with: CONVOLAB_MEMORY when it is set and valid (a choice for
 * this start, as a flag would be), else the saved setting, else undefined (the engine's default).
 * A CONVOLAB_MEMORY it cannot use is logged in one line and passed over.
 */
export function startupMemoryLimit(env: NodeJS.ProcessEnv, saved: AppSettings, machine: number, log: (line: string) => void): number | undefined {
  try {
    const fromEnvironment = memoryFromEnvironment(env, machine);
    if (fromEnvironment !== undefined) return fromEnvironment;
  } catch (error) {
    if (!(error instanceof MemorySizeError)) throw error;
    log(`convolab: ignored ${MEMORY_VARIABLE}: ${error.message}`);
  }
  return saved.memoryLimit;
}
