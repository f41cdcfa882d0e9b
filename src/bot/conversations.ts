import type { ConversationReference } from 'botbuilder';
import { addToIndex, readIndex } from '../domain/store-helpers.js';
import type { KeyValueStore } from '../domain/storage-port.js';

export const CONVERSATION_PREFIX = 'conversation/';
export const CONVERSATION_INDEX_KEY = 'conversation-index';

export interface StoredConversation {
  reference: Partial<ConversationReference>;
  conversationType: string;
  tenantId?: string;
  /** The team of a channel conversation (channelData.team.id), for the tab's membership check. */
  teamId?: string;
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
  teamId?: string,
): Promise<void> {
  const id = reference.conversation?.id;
  if (!id) return;
  const stored: StoredConversation = {
    reference,
    conversationType: reference.conversation?.conversationType ?? 'personal',
    ...(reference.conversation?.tenantId ? { tenantId: reference.conversation.tenantId } : {}),
    ...(teamId ? { teamId } : {}),
    savedAt: now.toISOString(),
    event,
  };
  await store.write({ [CONVERSATION_PREFIX + id]: { ...stored, eTag: '*' } });
  await addToIndex(store, CONVERSATION_INDEX_KEY, id);
}

export async function listConversations(store: KeyValueStore): Promise<StoredConversation[]> {
  const ids = await readIndex(store, CONVERSATION_INDEX_KEY);
  if (ids.length === 0) return [];
  const items = await store.read(ids.map((id) => CONVERSATION_PREFIX + id));
  return Object.values(items).filter(Boolean) as unknown as StoredConversation[];
}

export async function getConversation(store: KeyValueStore, id: string): Promise<StoredConversation | undefined> {
  return (await store.read([CONVERSATION_PREFIX + id]))[CONVERSATION_PREFIX + id] as StoredConversation | undefined;
}
