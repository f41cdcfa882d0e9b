import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type restify from 'restify';
import { createAdapter } from './bot/adapter.js';
import { Adviesbot } from './bot/adviesbot.js';
import type { Config } from './config.js';
import type { KnowledgeBase } from './domain/knowledge/load.js';
import { QuestionAnswerer } from './domain/knowledge/qa.js';
import type { ManagedStore } from './domain/storage-port.js';
import { createApp } from './http/app.js';
import { loadKnowledgeFromDisk } from './knowledge-files.js';
import { MemoryStore } from './storage/memory-storage.js';
import { SqliteStore } from './storage/sqlite-storage.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface Composition {
  app: restify.Server;
  store: ManagedStore;
  qa: QuestionAnswerer;
  kb: KnowledgeBase;
  bot: Adviesbot;
}

export function createStore(config: Config): ManagedStore {
  return config.STORAGE === 'memory' ? new MemoryStore() : new SqliteStore(join(resolve(config.DATA_DIR), 'adviesbot.sqlite'));
}

export interface ComposeOptions {
  now?: () => Date;
  store?: ManagedStore;
  kb?: KnowledgeBase;
}

/** Wires configuration, knowledge base, storage, bot and HTTP app together; listens nowhere. */
export function compose(config: Config, logger: Logger, options: ComposeOptions = {}): Composition {
  const kb = options.kb ?? loadKnowledgeFromDisk(config.KNOWLEDGE_DIR);
  const qa = new QuestionAnswerer(kb, options.now ? { now: options.now } : {});
  const store = options.store ?? createStore(config);
  const bot = new Adviesbot({ qa, store, documents: kb.documents.size, logger: logger.child({ subsystem: 'bot' }) });
  const adapter = createAdapter(config, logger);
  const app = createApp({
    adapter,
    bot,
    logger,
    health: { version: VERSION, knowledgeEntries: () => qa.entryCount, storageKind: store.kind, startedAt: Date.now() },
  });
  return { app, store, qa, kb, bot };
}
