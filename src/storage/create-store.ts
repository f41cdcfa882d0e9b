import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import type { ManagedStore } from '../domain/storage-port.js';
import { BlobStore } from './blob-storage.js';
import { MemoryStore } from './memory-storage.js';
import { SqliteStore } from './sqlite-storage.js';

/** The store the configuration names (also for scripts that must not load the bot, such as npm run documents). */
export function createStore(config: Config): ManagedStore {
  if (config.STORAGE === 'memory') return new MemoryStore();
  if (config.STORAGE === 'blob') return new BlobStore(config.AZURE_STORAGE_CONNECTION_STRING!, config.AZURE_STORAGE_CONTAINER);
  return new SqliteStore(join(resolve(config.DATA_DIR), 'adviesbot.sqlite'));
}
