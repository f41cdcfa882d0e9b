import type { ConversationReference } from 'botbuilder';
import { readAll } from '../domain/store-helpers.js';
import type { KeyValueStore } from '../domain/storage-port.js';

export const CONVERSATION_PREFIX = 'conversation/';

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
 * proactively. One record per conversation, listed by key prefix: no shared index for new conversations to
 * contend for (on Blob, a third of 300 simultaneous first messages lost their index entry that way).
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
}

export async function listConversations(store: KeyValueStore): Promise<StoredConversation[]> {
  return (await readAll<StoredConversation>(store, CONVERSATION_PREFIX)).map((x) => x.item);
}

export async function getConversation(store: KeyValueStore, id: string): Promise<StoredConversation | undefined> {
  return (await store.read([CONVERSATION_PREFIX + id]))[CONVERSATION_PREFIX + id] as StoredConversation | undefined;
}

/** The newest personal chat of a user (Entra object id) with the bot, for a card meant for them alone. */
export async function personalChatOf(store: KeyValueStore, aadObjectId: string): Promise<string | undefined> {
  return (await listConversations(store))
    .filter((c) => c.conversationType === 'personal' && c.reference.user?.aadObjectId === aadObjectId && c.reference.conversation?.id)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0]?.reference.conversation?.id;
}
