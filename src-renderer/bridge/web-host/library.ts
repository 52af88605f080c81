/**
 * The block library of the web build: one record per block in IndexedDB, in a database of its
 * own beside the backups' (backups.ts), so neither's schema waits on the other's. The records
 * are the same text the desktop writes to `<name>.convolab.json`, read with the same loader and
 * limits (src-shared/library.ts).
 */
import {
  type LibraryBlock,
  type LibraryListing,
  type LibrarySaveRequest,
  type LibrarySaveResult,
  checkLibrarySave,
  libraryFileName,
  libraryNameProblem,
  MAX_LIBRARY_BLOCKS,
  MAX_LIBRARY_BYTES,
  MAX_LIBRARY_FILE_BYTES,
  readLibraryBlock,
  skippedLine,
} from '../../../src-shared/library';

export const LIBRARY_DATABASE = 'convolab-library';
export const LIBRARY_STORE = 'blocks';

interface StoredBlock {
  readonly name: string;
  readonly text: string;
  readonly savedAt: number;
}

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error ?? new Error('IndexedDB refused the request'));
  });
}

export class BrowserLibrary {
  private database: Promise<IDBDatabase> | undefined;

  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    const factory = this.factory;
    if (!factory) return Promise.reject(new Error('My blocks: this browser keeps no IndexedDB (a private window?), so there is no block library'));
    this.database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const opening = factory.open(LIBRARY_DATABASE, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(LIBRARY_STORE, { keyPath: 'name' });
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error ?? new Error('IndexedDB could not be opened'));
      opening.onblocked = () => reject(new Error('IndexedDB is held by an older Convolab tab: close it and reload'));
    });
    return this.database;
  }

  async list(): Promise<LibraryListing> {
    const store = (await this.open()).transaction(LIBRARY_STORE, 'readonly').objectStore(LIBRARY_STORE);
    const records: unknown[] = await request(store.getAll());
    const stored = records
      .filter((record): record is StoredBlock => typeof (record as StoredBlock | null)?.name === 'string' && typeof (record as StoredBlock).text === 'string')
      .sort((a, b) => a.name.localeCompare(b.name));
    const blocks: LibraryBlock[] = [];
    const skipped: string[] = [];
    let chars = 0;
    for (const [index, record] of stored.entries()) {
      const fileName = libraryFileName(record.name);
      if (index === MAX_LIBRARY_BLOCKS || chars >= MAX_LIBRARY_BYTES) {
        skipped.push(skippedLine(fileName, `the library lists at most ${MAX_LIBRARY_BLOCKS} blocks; this and ${stored.length - index - 1} more were not read`));
        break;
      }
      const problem = libraryNameProblem(record.name) ?? (record.text.length > MAX_LIBRARY_FILE_BYTES ? `${record.text.length} characters is over the library's limit for one block` : undefined);
      if (problem !== undefined) {
        skipped.push(skippedLine(fileName, problem));
        continue;
      }
      chars += record.text.length;
      const outcome = readLibraryBlock(record.name, record.text);
      if (outcome.ok) blocks.push(outcome.block);
      else skipped.push(skippedLine(fileName, outcome.error));
    }
    return { blocks, skipped };
  }

  async save(save: LibrarySaveRequest): Promise<LibrarySaveResult> {
    const outcome = checkLibrarySave(save);
    if (!outcome.ok) throw new Error(outcome.error);
    // The look and the write in one transaction: two tabs saving one name cannot both see it free.
    const store = (await this.open()).transaction(LIBRARY_STORE, 'readwrite').objectStore(LIBRARY_STORE);
    const existing = await request(store.getKey(save.name));
    if (existing !== undefined && !save.replace) return { name: save.name, saved: false, key: outcome.block.key };
    const record: StoredBlock = { name: save.name, text: save.text, savedAt: Date.now() };
    await request(store.put(record));
    return { name: save.name, saved: true, key: outcome.block.key };
  }
}
