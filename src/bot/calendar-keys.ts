import { randomBytes } from 'node:crypto';
import type { KeyValueStore, StoreItem } from '../domain/storage-port.js';
import { mutate } from '../domain/store-helpers.js';

const SCOPE_PREFIX = 'calendar-scope/';
const KEY_PREFIX = 'calendar-key/';
const KEY_SHAPE = /^[A-Za-z0-9_-]{32}$/;

interface ScopeItem extends StoreItem {
  key: string;
}
interface KeyItem extends StoreItem {
  scope: string;
}

/**
 * The secret key of each team's calendar feed: a long random token per team (or chat), shown to organisers
 * by "agenda-link". The feed URL is unguessable; a wrong key finds nothing.
 */
export class CalendarKeys {
  constructor(
    private readonly store: KeyValueStore,
    private readonly publicUrl: string,
  ) {}

  async urlFor(scope: string): Promise<string> {
    const candidate = randomBytes(24).toString('base64url');
    const item = await mutate<ScopeItem>(this.store, SCOPE_PREFIX + scope, (current) => (current ? undefined : { key: candidate }));
    const key = item!.key;
    await this.store.write({ [KEY_PREFIX + key]: { scope, eTag: '*' } });
    return `${this.publicUrl.replace(/\/$/, '')}/calendar/${key}.ics`;
  }

  async scopeOf(key: string): Promise<string | undefined> {
    if (!KEY_SHAPE.test(key)) return undefined;
    return ((await this.store.read([KEY_PREFIX + key]))[KEY_PREFIX + key] as KeyItem | undefined)?.scope;
  }
}
