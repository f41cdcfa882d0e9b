import { StorageConflictError, type KeyValueStore, type StoreItem } from './storage-port.js';

export class ConcurrencyError extends Error {
  readonly code = 'STORAGE_BUSY';
  constructor(readonly key: string) {
    super(`Opslag: "${key}" bleef tegelijk door anderen gewijzigd worden; probeer het opnieuw.`);
    this.name = 'ConcurrencyError';
  }
}

/**
 * Read-modify-write with optimistic concurrency: `change` gets the current item (or undefined) and returns the
 * new one (or undefined to write nothing). On an eTag conflict it reads again and retries, so concurrent
 * writers never lose each other's changes. Caveat: creating a missing item is unconditional (the storage port
 * has no "create if absent"), so items that many writers update at once must be created beforehand.
 */
export async function mutate<T extends StoreItem>(
  store: KeyValueStore,
  key: string,
  change: (current: T | undefined) => T | undefined,
  attempts = 10,
): Promise<T | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = (await store.read([key]))[key] as T | undefined;
    const next = change(current === undefined ? undefined : structuredClone(current));
    if (next === undefined) return current;
    try {
      await store.write({ [key]: { ...next, eTag: current?.eTag ?? '*' } });
      return next;
    } catch (error) {
      if (!(error instanceof StorageConflictError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
  }
  throw new ConcurrencyError(key);
}

interface IndexItem extends StoreItem {
  ids: string[];
}

/** Adds an id to an index document (a list of ids), for stores that cannot list keys. */
export async function addToIndex(store: KeyValueStore, indexKey: string, id: string): Promise<void> {
  // Creating the index is unconditional; a concurrent creator may overwrite it. Reading back and adding
  // again until the id is there makes every add stick (once the index exists, writes are conditional).
  for (let attempt = 0; attempt < 10; attempt++) {
    await mutate<IndexItem>(store, indexKey, (index) =>
      index?.ids.includes(id) ? undefined : { ...(index ?? {}), ids: [...(index?.ids ?? []), id] },
    );
    if ((await readIndex(store, indexKey)).includes(id)) return;
  }
  throw new ConcurrencyError(indexKey);
}

export async function readIndex(store: KeyValueStore, indexKey: string): Promise<string[]> {
  const index = (await store.read([indexKey]))[indexKey] as IndexItem | undefined;
  return index?.ids ?? [];
}
