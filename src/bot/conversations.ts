import type { ConversationReference } from 'botbuilder';
import { StorageConflictError, type KeyValueStore } from '../domain/storage-port.js';

export const CONVERSATION_PREFIX = 'conversation/';
export const CONVERSATION_INDEX_KEY = 'conversation-index';

export interface StoredConversation {
  reference: Partial<ConversationReference>;
  conversationType: string;
  tenantId?: string;
  savedAt: string;
  event: string;
}

/**
 * Keeps the conversation reference of every conversation the bot is in, so later features can post
 * proactively. An index document lists the conversation ids, because not every store can list keys.
 */
export async function saveConversationReference(
  store: KeyValueStore,
  reference: Partial<ConversationReference>,
  event: string,
  now: Date = new Date(),
): Promise<void> {
  const id = reference.conversation?.id;
  if (!id) return;
  const stored: StoredConversation = {
    reference,
    conversationType: reference.conversation?.conversationType ?? 'personal',
    ...(reference.conversation?.tenantId ? { tenantId: reference.conversation.tenantId } : {}),
    savedAt: now.toISOString(),
    event,
  };
  await store.write({ [CONVERSATION_PREFIX + id]: { ...stored, eTag: '*' } });
  // Add the id to the index with optimistic concurrency; retry when another turn wrote it first.
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = (await store.read([CONVERSATION_INDEX_KEY]))[CONVERSATION_INDEX_KEY] as
      | { ids: string[]; eTag?: string }
      | undefined;
    const ids = current?.ids ?? [];
    if (ids.includes(id)) return;
    try {
      await store.write({ [CONVERSATION_INDEX_KEY]: { ids: [...ids, id], eTag: current?.eTag ?? '*' } });
      return;
    } catch (error) {
      if (!(error instanceof StorageConflictError) || attempt === 4) throw error;
    }
  }
}

export async function listConversations(store: KeyValueStore): Promise<StoredConversation[]> {
  const index = (await store.read([CONVERSATION_INDEX_KEY]))[CONVERSATION_INDEX_KEY] as { ids: string[] } | undefined;
  if (!index?.ids.length) return [];
  const items = await store.read(index.ids.map((id) => CONVERSATION_PREFIX + id));
  return Object.values(items).filter(Boolean) as unknown as StoredConversation[];
}
