import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../src/storage/blob-storage.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { StorageConflictError, type ManagedStore } from '../../src/domain/storage-port.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { SqliteStore } from '../../src/storage/sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'adviesbot-store-'));
let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await azurite?.stop();
}, 30_000);
let n = 0;

/** [name, factory, whether a write of several items is one transaction] */
const adapters: Array<[string, () => ManagedStore, boolean]> = [
  ['memory', () => new MemoryStore(), true],
  ['sqlite', () => new SqliteStore(join(dir, `store-${n++}.sqlite`)), true],
  ['blob (Azurite)', () => new BlobStore(azurite.connectionString, `contract${n++}`), false],
];

describe.each(adapters)('storage contract: %s', (_name, make, atomicBatch) => {
  it('returns nothing for missing keys and stores new items with an eTag', async () => {
    const store = make();
    expect(await store.read(['nope'])).toEqual({});
    await store.write({ a: { value: 1 } });
    const { a } = await store.read(['a', 'nope']);
    expect(a).toMatchObject({ value: 1 });
    expect(typeof a?.eTag).toBe('string');
    await store.close();
  });

  it('accepts a write with the current eTag and refuses a stale one, changing nothing', async () => {
    const store = make();
    await store.write({ k: { v: 'eerste' } });
    const first = (await store.read(['k'])).k!;
    await store.write({ k: { ...first, v: 'tweede' } });
    await expect(store.write({ k: { ...first, v: 'verouderd' } })).rejects.toBeInstanceOf(StorageConflictError);
    expect((await store.read(['k'])).k).toMatchObject({ v: 'tweede' });
    await store.close();
  });

  it('writes unconditionally with eTag "*" or without eTag', async () => {
    const store = make();
    await store.write({ k: { v: 1 } });
    await store.write({ k: { v: 2, eTag: '*' } });
    await store.write({ k: { v: 3 } });
    expect((await store.read(['k'])).k).toMatchObject({ v: 3 });
    await store.close();
  });

  it.runIf(atomicBatch)('stores nothing of a multi-item write when one item conflicts', async () => {
    const store = make();
    await store.write({ x: { v: 1 }, y: { v: 1 } });
    const { x } = await store.read(['x']);
    await store.write({ x: { ...x, v: 2 } });
    await expect(store.write({ y: { v: 9 }, x: { ...x, v: 3 } })).rejects.toBeInstanceOf(StorageConflictError);
    expect(await store.read(['x', 'y'])).toMatchObject({ x: { v: 2 }, y: { v: 1 } });
    await store.close();
  });

  it('refuses a write with an eTag to a key that does not exist', async () => {
    const store = make();
    await expect(store.write({ nieuw: { v: 1, eTag: 'verzonnen' } })).rejects.toBeInstanceOf(StorageConflictError);
    expect(await store.read(['nieuw'])).toEqual({});
    await store.close();
  });

  it('lets exactly one of many concurrent writers with the same eTag win', async () => {
    const store = make();
    await store.write({ counter: { value: 0 } });
    const base = (await store.read(['counter'])).counter!;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.write({ counter: { ...base, value: i + 1 } })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    await store.close();
  });

  it('counts every increment when writers retry on conflict', async () => {
    const store = make();
    await store.write({ c: { value: 0 } });
    const increment = async (): Promise<void> => {
      for (;;) {
        const current = (await store.read(['c'])).c!;
        try {
          await store.write({ c: { ...current, value: (current.value as number) + 1 } });
          return;
        } catch (error) {
          if (!(error instanceof StorageConflictError)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, increment));
    expect((await store.read(['c'])).c).toMatchObject({ value: 50 });
    await store.close();
  });

  it('deletes items and lists keys by prefix', async () => {
    const store = make();
    await store.write({ 'conv/a': { v: 1 }, 'conv/b': { v: 2 }, other: { v: 3 } });
    expect(await store.keys('conv/')).toEqual(['conv/a', 'conv/b']);
    await store.delete(['conv/a', 'missing']);
    expect(await store.keys('conv/')).toEqual(['conv/b']);
    await store.close();
  });
});

describe('sqlite storage', () => {
  it('keeps data across a restart and runs in WAL mode', async () => {
    const file = join(dir, 'persist.sqlite');
    const first = new SqliteStore(file);
    await first.write({ stem: { keuze: 'eens' } });
    await first.close();
    const second = new SqliteStore(file);
    expect((await second.read(['stem'])).stem).toMatchObject({ keuze: 'eens' });
    await second.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a stale write from a second connection to the same file', async () => {
    const file = join(dir, 'two.sqlite');
    const a = new SqliteStore(file);
    const b = new SqliteStore(file);
    await a.write({ k: { v: 1 } });
    const seen = (await b.read(['k'])).k!;
    await a.write({ k: { ...(await a.read(['k'])).k, v: 2 } });
    await expect(b.write({ k: { ...seen, v: 3 } })).rejects.toBeInstanceOf(StorageConflictError);
    await a.close();
    await b.close();
  });
});

describe('collections by key prefix', () => {
  it('list every record written at once, and nothing of a longer or shorter prefix', async () => {
    const { readAll } = await import('../../src/domain/store-helpers.js');
    for (const store of [new MemoryStore(), new SqliteStore(join(dir, 'prefix.sqlite'))]) {
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.write({ [`draft-comment/d1/m-${i}`]: { i } })));
      await store.write({ 'draft-comment/d10/x': { i: -1 }, 'draft-comments/d1': { ids: [] }, 'draft-comment/d': { i: -2 } });
      const all = await readAll<{ i: number }>(store, 'draft-comment/d1/');
      expect(all.map((x) => x.item.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      await store.close();
    }
  });
});
