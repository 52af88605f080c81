/**
 * IndexedDB as promises, for the web build's stores (backups.ts, library.ts): each is a database
 * of one object store, opened once per tab.
 */

export function idbRequest<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error ?? new Error('IndexedDB refused the request'));
  });
}

/** Opens database `name` (version 1), made with one object store `store` keyed by `keyPath` the first time. */
export function openStoreDatabase(factory: IDBFactory, name: string, store: string, keyPath: string): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const opening = factory.open(name, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(store, { keyPath });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error ?? new Error('IndexedDB could not be opened'));
    opening.onblocked = () => reject(new Error('IndexedDB is held by an older Convolab tab: close it and reload'));
  });
}
