import { CardFactory, MessageFactory } from 'botbuilder';
import type { KeyValueStore } from '../domain/storage-port.js';
import type { AdaptiveCard } from './cards.js';
import type { Notifier } from './curation-feature.js';
import type { Outbound } from './outbound.js';

export const ORGANISERS_CONVERSATION_KEY = 'organisers-conversation';

/**
 * Proactive messages for the curation loop: to the organisers' channel or chat (ORGANISERS_CONVERSATION, or the
 * first conversation where an organiser installed the bot) and back to an asker's conversation, through the
 * one outbound path (Teams limits, retries, 403/404).
 */
export class TeamsNotifier implements Notifier {
  constructor(
    private readonly outbound: Outbound,
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
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    if (text) activity.text = text;
    await this.outbound.send({ conversationId }, activity);
  }
}
