import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { KeyValueStore } from '../domain/storage-port.js';
import type { AdaptiveCard } from './cards.js';
import { getConversation } from './conversations.js';
import type { Notifier } from './curation-feature.js';

export const ORGANISERS_CONVERSATION_KEY = 'organisers-conversation';

/**
 * Proactive messages for the curation loop: to the organisers' channel or chat (ORGANISERS_CONVERSATION, or the
 * first conversation where an organiser installed the bot) and back to an asker's conversation.
 */
export class TeamsNotifier implements Notifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly store: KeyValueStore,
    private readonly configured: string | undefined,
  ) {}

  async organisersConversation(): Promise<string | undefined> {
    if (this.configured) return this.configured;
    return ((await this.store.read([ORGANISERS_CONVERSATION_KEY]))[ORGANISERS_CONVERSATION_KEY] as { conversationId?: string } | undefined)?.conversationId;
  }

  async toOrganisers(card: AdaptiveCard): Promise<boolean> {
    const conversationId = await this.organisersConversation();
    if (!conversationId) return false;
    await this.toConversation(conversationId, card);
    return true;
  }

  async toConversation(conversationId: string, card: AdaptiveCard, text?: string): Promise<void> {
    const stored = await getConversation(this.store, conversationId);
    if (!stored) throw new Error('geen gespreksreferentie voor dit gesprek');
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.appId, stored.reference as ConversationReference, async (context) => {
      try {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
        if (text) activity.text = text;
        await context.sendActivity(activity);
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
  }
}
