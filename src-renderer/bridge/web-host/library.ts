/**
 * The block library of the web build: one record per block in IndexedDB, in a database of its
 * own beside the backups' (backups.ts), so neither's schema waits on the other's. The records
 * are the same text the desktop writes to `<name>.convolab.json`, read with the same loader and
 * limits (src-shared/library.ts).
 */
import {
  checkLibrarySave,
  type LibraryListing,
  type LibrarySaveRequest,
  type LibrarySaveResult,
  listLibrary,
} from '../../../src-shared/library';
import { idbRequest, openStoreDatabase } from './idb';

export const LIBRARY_DATABASE = 'convolab-library';
export const LIBRARY_STORE = 'blocks';

interface StoredBlock {
  readonly name: string;
  readonly text: string;
  readonly savedAt: number;
}

function isStoredBlock(record: unknown): record is StoredBlock {
  return typeof (record as StoredBlock | null)?.name === 'string' && typeof (record as StoredBlock).text === 'string';
}

export class BrowserLibrary {
  private database: Promise<IDBDatabase> | undefined;

  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    const factory = this.factory;
    if (!factory) throw new Error('this browser keeps no IndexedDB (a private window?), so there is no block library');
    this.database ??= openStoreDatabase(factory, LIBRARY_DATABASE, LIBRARY_STORE, 'name');
    return (await this.database).transaction(LIBRARY_STORE, mode).objectStore(LIBRARY_STORE);
  }

  async list(): Promise<LibraryListing> {
    const records: unknown[] = await idbRequest((await this.store('readonly')).getAll());
    return listLibrary(
      records.filter(isStoredBlock).map((record) => ({
        name: record.name,
        read: async (maxBytes: number) => {
          if (record.text.length > maxBytes) throw new Error(`${record.text.length} characters is over the library's limit of ${maxBytes} for one block`);
          return record.text;
        },
      })),
    );
  }

  async save(save: LibrarySaveRequest): Promise<LibrarySaveResult> {
    const outcome = checkLibrarySave(save);
    if (!outcome.ok) throw new Error(outcome.error);
    // The look and the write in one transaction: two tabs saving one name cannot both see it free.
    const store = await this.store('readwrite');
    const existing = await idbRequest(store.getKey(save.name));
    if (existing !== undefined && !save.replace) return { name: save.name, saved: false, key: outcome.block.key };
    const record: StoredBlock = { name: save.name, text: save.text, savedAt: Date.now() };
    await idbRequest(store.put(record));
    return { name: save.name, saved: true, key: outcome.block.key };
  }
}
