import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StorageConflictError, type KeyValueStore, type StoreItems } from '../domain/storage-port.js';

/**
 * Embedded storage: one SQLite file (WAL mode) behind the botbuilder-shaped storage port.
 * A write is one transaction: if any item's eTag is stale, nothing of the write is stored.
 */
export class SqliteStore implements KeyValueStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], { value: string; etag: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly writeAll: (changes: Array<[string, Record<string, unknown>]>) => void;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS items (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      etag TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID`);
    this.selectOne = this.db.prepare('SELECT value, etag FROM items WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO items (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at',
    );
    this.remove = this.db.prepare('DELETE FROM items WHERE key = ?');
    this.writeAll = this.db
      .transaction((changes: Array<[string, Record<string, unknown>]>) => {
        for (const [key, value] of changes) {
          const expected = value.eTag;
          if (typeof expected === 'string' && expected !== '*' && this.selectOne.get(key)?.etag !== expected) {
            throw new StorageConflictError(key);
          }
          const eTag = randomUUID();
          this.upsert.run(key, JSON.stringify({ ...value, eTag }), eTag, Date.now());
        }
      })
      .immediate as (changes: Array<[string, Record<string, unknown>]>) => void;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) out[key] = JSON.parse(row.value);
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const list = Object.entries(changes).filter((e): e is [string, Record<string, unknown>] => e[1] !== undefined);
    if (list.length > 0) this.writeAll(list);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.remove.run(key);
  }

  /** Keys that start with a prefix, for listing (deadlines, conversations). */
  async keys(prefix: string): Promise<string[]> {
    return this.db
      .prepare<[number, string], { key: string }>('SELECT key FROM items WHERE substr(key, 1, ?) = ? ORDER BY key')
      .all(prefix.length, prefix)
      .map((r) => r.key);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
