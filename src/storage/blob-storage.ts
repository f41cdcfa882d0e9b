import { createRequire } from 'node:module';
import type { ContainerClient } from '@azure/storage-blob';
import type { BlobsStorage } from 'botbuilder-azure-blobs';
import { StorageConflictError, type ManagedStore, type StoreItems } from '../domain/storage-port.js';

/**
 * Azure Blob Storage through botbuilder's own adapter (BlobsStorage), for more than one instance on one store.
 * Each item is a blob; eTags are the blobs' own (If-Match), and a conflict becomes a StorageConflictError like
 * the other adapters. Unlike SQLite, a write of several items is not one transaction: each item succeeds or
 * fails on its own (the features never rely on more).
 */
export class BlobStore implements ManagedStore {
  readonly kind = 'blob';
  private readonly storage: BlobsStorage;
  private readonly container: ContainerClient;

  constructor(connectionString: string, containerName: string) {
    // Loaded only when Blob storage is used (both are CommonJS): the Azure SDK is a good part of the start-up time of
    // a bot on SQLite, which never needs it.
    const require = createRequire(import.meta.url);
    const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
    const { ContainerClient } = require('@azure/storage-blob') as typeof import('@azure/storage-blob');
    this.storage = new BlobsStorage(connectionString, containerName);
    this.container = new ContainerClient(connectionString, containerName);
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.storage.read(keys) as Promise<StoreItems>;
  }

  async write(changes: StoreItems): Promise<void> {
    const items = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    try {
      await this.storage.write(items as never);
    } catch (error) {
      const match = /error writing "(.*)" due to eTag conflict/.exec(String((error as Error)?.message));
      if (match) throw new StorageConflictError(match[1]!);
      throw error;
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.storage.delete(keys);
  }

  /** Keys by prefix, listed from the container (BlobsStorage stores keys URI-encoded). */
  async keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: encodeURIComponent(prefix) })) out.push(decodeURIComponent(blob.name));
    return out.filter((k) => k.startsWith(prefix)).sort();
  }

  async close(): Promise<void> {}
}
