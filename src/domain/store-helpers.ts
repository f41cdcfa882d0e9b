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
 * writers never lose each other's changes.
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
  await mutate<IndexItem>(store, indexKey, (index) =>
    index?.ids.includes(id) ? undefined : { ...(index ?? {}), ids: [...(index?.ids ?? []), id] },
  );
}

export async function readIndex(store: KeyValueStore, indexKey: string): Promise<string[]> {
  const index = (await store.read([indexKey]))[indexKey] as IndexItem | undefined;
  return index?.ids ?? [];
}
