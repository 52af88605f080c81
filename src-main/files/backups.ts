/**
 * Backups of unsaved work (hot exit): about a second after a change the document is written to
 * the backup folder; on the next start the backups that remain are offered back; a backup is
 * deleted once its document is saved or discarded. One backup per open document, keyed by an id.
 */
import { lstat, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic';

export interface Backup {
  /** The document's id in this store (one per window or tab). */
  readonly id: string;
  /** Where the document was saved last, or undefined for an untitled one. */
  readonly path: string | undefined;
  /** The graph file's text as it stood. */
  readonly text: string;
  /** When the backup was written (ms since 1970). */
  readonly savedAt: number;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class BackupStore {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly folder: string,
    private readonly delayMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  private file(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`backup id ${JSON.stringify(id)} is not a plain name`);
    return join(this.folder, `${id}.backup.json`);
  }

  /** Schedules a backup; a newer change within the delay replaces the pending one. */
  schedule(id: string, path: string | undefined, text: string): void {
    this.file(id);
    const pending = this.timers.get(id);
    if (pending) clearTimeout(pending);
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        void this.writeNow(id, path, text);
      }, this.delayMs),
    );
  }

  /** Writes a backup at once (also used when the app is about to quit). */
  writeNow(id: string, path: string | undefined, text: string): Promise<void> {
    const previous = this.writing.get(id) ?? Promise.resolve();
    const next = previous.then(async () => {
      await mkdir(this.folder, { recursive: true });
      const backup: Backup = { id, path, text, savedAt: this.now() };
      await writeFileAtomic(this.file(id), JSON.stringify(backup));
    });
    this.writing.set(id, next.catch(() => undefined));
    return next;
  }

  /** Drops the backup of a document that was saved or discarded (and any pending write). */
  async discard(id: string): Promise<void> {
    const pending = this.timers.get(id);
    if (pending) clearTimeout(pending);
    this.timers.delete(id);
    await this.writing.get(id);
    await rm(this.file(id), { force: true });
  }

  /** The backups left by an earlier run, newest first; broken ones are skipped. */
  async list(): Promise<Backup[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const backups: Backup[] = [];
    for (const name of names) {
      if (!name.endsWith('.backup.json')) continue;
      try {
        const parsed = JSON.parse(await readFile(join(this.folder, name), 'utf8')) as Partial<Backup>;
        if (typeof parsed.id === 'string' && SAFE_ID.test(parsed.id) && typeof parsed.text === 'string' && typeof parsed.savedAt === 'number') {
          backups.push({ id: parsed.id, path: typeof parsed.path === 'string' ? parsed.path : undefined, text: parsed.text, savedAt: parsed.savedAt });
        }
      } catch {
        // A torn or foreign file is not a backup.
      }
    }
    return backups.sort((a, b) => b.savedAt - a.savedAt);
  }

  /** Waits for scheduled backups to be written (before quitting). */
  async flush(latest: ReadonlyMap<string, { path: string | undefined; text: string }>): Promise<void> {
    for (const [id, timer] of this.timers) {
      clearTimeout(timer);
      const document = latest.get(id);
      if (document) await this.writeNow(id, document.path, document.text);
    }
    this.timers.clear();
    await Promise.all(this.writing.values());
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * The name writeFileAtomic (atomic.ts) gives its temporary files: `.NAME.<12 hex>.tmp`. A save
 * killed before its rename leaves one behind; nothing else is named like this.
 */
export const ATOMIC_TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

export interface StaleTempOptions {
  /** Only temp files untouched for this long are removed (a save still going is younger). */
  readonly olderThanMs?: number;
  readonly now?: () => number;
  /** How many folders to look through at most (serve may be started on a large tree). */
  readonly maxFolders?: number;
}

/**
 * Removes the temp files that killed saves left in `folders` and the visible folders below them
 * (links are not followed; dot-folders are skipped, as nothing of ours saves there). Returns the
 * paths removed.
 */
export async function removeStaleTempFiles(folders: readonly string[], options: StaleTempOptions = {}): Promise<string[]> {
  const olderThan = options.olderThanMs ?? 10 * 60 * 1000;
  const now = (options.now ?? Date.now)();
  let budget = options.maxFolders ?? 2000;
  const removed: string[] = [];
  const queue = [...folders];
  while (queue.length > 0 && budget-- > 0) {
    const folder = queue.shift()!;
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) queue.push(path);
      if (!entry.isFile() || !ATOMIC_TEMP_NAME.test(entry.name)) continue;
      const info = await lstat(path).catch(() => undefined);
      if (!info?.isFile() || now - info.mtimeMs < olderThan) continue;
      await rm(path, { force: true }).then(() => removed.push(path), () => undefined);
    }
  }
  return removed;
}
