/**
 * The storage port: the same shape as botbuilder's `Storage`, so botbuilder's adapters (Memory, Blob, Cosmos)
 * and ours plug in alike, while the domain imports nothing from botbuilder.
 *
 * eTag rules: an item written without eTag, or with eTag "*", is stored unconditionally; an item written with
 * any other eTag is stored only if that is the current eTag; otherwise the write fails with a StorageConflictError
 * and nothing of that write is stored. Every successful write gives the item a new eTag.
 */
export interface StoreItem {
  eTag?: string;
  [key: string]: unknown;
}

export type StoreItems = Record<string, Partial<StoreItem> | undefined>;

export interface KeyValueStore {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /**
   * The keys that start with a prefix, sorted. Collections are listed this way instead of through a shared
   * index document, which every writer would have to read, change and write back (and lose updates under
   * load on a store without multi-item transactions, such as Azure Blob).
   */
  keys(prefix: string): Promise<string[]>;
}

export class StorageConflictError extends Error {
  readonly code = 'STORAGE_CONFLICT';
  constructor(readonly key: string) {
    super(`Opslag: "${key}" is intussen door iemand anders gewijzigd (eTag klopt niet).`);
    this.name = 'StorageConflictError';
  }
}

/** A store that can also be closed and says what it is (our adapters). */
export interface ManagedStore extends KeyValueStore {
  readonly kind: string;
  close(): Promise<void>;
}
