import { randomUUID } from 'node:crypto';
import { StorageConflictError, type KeyValueStore, type StoreItems } from '../domain/storage-port.js';

/** In-memory storage with the same eTag rules as the SQLite adapter; for tests and `STORAGE=memory`. */
export class MemoryStore implements KeyValueStore {
  readonly kind = 'memory';
  private readonly items = new Map<string, string>();

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const key of keys) {
      const raw = this.items.get(key);
      if (raw !== undefined) out[key] = JSON.parse(raw);
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const staged: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      const current = this.items.get(key);
      const currentTag = current === undefined ? undefined : (JSON.parse(current).eTag as string | undefined);
      if (value.eTag && value.eTag !== '*' && value.eTag !== currentTag) throw new StorageConflictError(key);
      staged.push([key, JSON.stringify({ ...value, eTag: randomUUID() })]);
    }
    for (const [key, raw] of staged) this.items.set(key, raw);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.items.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  async close(): Promise<void> {}
}
