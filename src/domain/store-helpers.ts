import { createHash } from 'node:crypto';
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
      // Full jitter on an exponential bound (4, 8, ... 256 ms): writers that collided spread out, also on a
      // remote store where one round trip takes tens of milliseconds.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(256, 4 * 2 ** attempt)));
    }
  }
  throw new ConcurrencyError(key);
}

/** Every item whose key starts with `prefix`, in key order. */
export async function readAll<T>(store: KeyValueStore, prefix: string): Promise<Array<{ key: string; item: T }>> {
  const keys = await store.keys(prefix);
  if (keys.length === 0) return [];
  const items = await store.read(keys);
  return keys.flatMap((key) => (items[key] ? [{ key, item: items[key] as T }] : []));
}

/** A stable record id from an idempotency key (12 hex characters: no collision among a council's records). */
export function idFromKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}
