/**
 * Backups of unsaved work in the web build: one record per tab in IndexedDB (the desktop keeps
 * files in its state folder, src-main/files/backups.ts). A tab holds a Web Lock named after its
 * session while it lives, so a new tab offers back only the work of tabs that are gone.
 */

import { idbRequest, openStoreDatabase } from './idb';

const DATABASE = 'convolab';
const STORE = 'backups';
const LOCK_PREFIX = 'convolab.session.';

export interface StoredBackup {
  readonly id: string;
  readonly path?: string;
  readonly text: string;
  readonly savedAt: number;
}

function isBackup(value: unknown): value is StoredBackup {
  const record = value as Partial<StoredBackup> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.id === 'string' &&
    typeof record.text === 'string' &&
    typeof record.savedAt === 'number' &&
    (record.path === undefined || typeof record.path === 'string')
  );
}

export class BrowserBackups {
  private database: Promise<IDBDatabase> | undefined;
  private readonly held = new Set<string>();

  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    const factory = this.factory;
    if (!factory) return Promise.reject(new Error('this browser keeps no IndexedDB (a private window?): unsaved work is not backed up'));
    this.database ??= openStoreDatabase(factory, DATABASE, STORE, 'id');
    return this.database;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  async write(backup: StoredBackup): Promise<void> {
    await idbRequest((await this.store('readwrite')).put(backup));
  }

  async discard(id: string): Promise<void> {
    await idbRequest((await this.store('readwrite')).delete(id));
  }

  /** Every backup, newest first; records that are not backups are skipped. */
  async list(): Promise<StoredBackup[]> {
    const records: unknown[] = await idbRequest((await this.store('readonly')).getAll());
    return records.filter(isBackup).sort((a, b) => b.savedAt - a.savedAt);
  }

  /**
   * Marks session `id` as alive in this tab for as long as the tab lives, and answers the
   * sessions other tabs hold now (their backups are theirs, not offered here).
   */
  async claim(id: string): Promise<ReadonlySet<string>> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return new Set();
    if (!this.held.has(id)) {
      this.held.add(id);
      let granted: () => void = () => undefined;
      const acquired = new Promise<void>((resolve) => (granted = resolve));
      // ifAvailable: a duplicated tab shares its session id (sessionStorage is copied) and must
      // not wait forever for the lock its original holds.
      void locks.request(`${LOCK_PREFIX}${id}`, { ifAvailable: true }, (lock) => {
        granted();
        return lock ? new Promise<void>(() => undefined) : undefined;
      });
      await acquired;
    }
    const state = await locks.query();
    const others = new Set<string>();
    for (const lock of state.held ?? []) {
      const name = lock.name ?? '';
      if (name.startsWith(LOCK_PREFIX) && !this.held.has(name.slice(LOCK_PREFIX.length))) others.add(name.slice(LOCK_PREFIX.length));
    }
    return others;
  }
}
