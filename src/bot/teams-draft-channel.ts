import { CardFactory, MessageFactory, TeamsInfo, TurnContext, type Activity, type ConversationReference, type Mention } from 'botbuilder';
import type { DraftAdvice } from '../domain/drafts/draft.js';
import type { KeyValueStore } from '../domain/storage-port.js';
import type { AdaptiveCard } from './cards.js';
import { getConversation, saveConversationReference } from './conversations.js';
import type { DraftChannel, Member } from './draft-feature.js';
import { toDeliveryError, type Outbound, type Target } from './outbound.js';

/**
 * Drafts in Microsoft Teams: a new thread in the channel (TeamsInfo.sendMessageToTeamsChannel) or a message in
 * a chat; card updates, thread messages and rosters through the one outbound path (Teams limits, retries).
 */
export class TeamsDraftChannel implements DraftChannel {
  constructor(
    private readonly outbound: Outbound,
    private readonly appId: string,
    private readonly store: KeyValueStore,
  ) {}

  async post(context: TurnContext, card: AdaptiveCard): Promise<{ activityId: string; threadRootId?: string; threadConversationId?: string }> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card)) as Activity;
    const reference = TurnContext.getConversationReference(context.activity) as ConversationReference;
    const channelId = (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    const base = context.activity.conversation.id.split(';')[0]!;
    // Creating a message is retried only on 429 (Teams did nothing); a time-out may already have posted it.
    const create = <T>(op: () => Promise<T>) =>
      this.outbound.delivery.run(base, () => op().catch((e: unknown) => Promise.reject(toDeliveryError(e))), { idempotent: false });
    // A new channel thread needs the bot's app id (TeamsInfo creates the conversation as the bot); without one
    // (local anonymous mode, the Agents Playground) the card goes into the current conversation.
    if (context.activity.conversation.conversationType === 'channel' && channelId && this.appId) {
      await saveConversationReference(this.store, { ...reference, conversation: { ...reference.conversation, id: base } }, 'draft');
      const [, activityId] = await create(() => TeamsInfo.sendMessageToTeamsChannel(context, activity, channelId, this.appId));
      return { activityId, threadRootId: activityId, threadConversationId: `${channelId};messageid=${activityId}` };
    }
    await saveConversationReference(this.store, reference, 'draft');
    const sent = await create(() => context.sendActivity(activity));
    return { activityId: sent?.id ?? '' };
  }

  async postLater(draft: DraftAdvice, card: AdaptiveCard): Promise<{ activityId: string; threadRootId?: string; threadConversationId?: string }> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card)) as Activity;
    const target = { conversationId: draft.conversationId.split(';')[0]! };
    const stored = await getConversation(this.store, target.conversationId);
    if (stored?.conversationType === 'channel' && this.appId) {
      const channelId = target.conversationId;
      const [, activityId] = await this.outbound.run(target, (context) => TeamsInfo.sendMessageToTeamsChannel(context, activity, channelId, this.appId), { idempotent: false });
      return { activityId, threadRootId: activityId, threadConversationId: `${channelId};messageid=${activityId}` };
    }
    return { activityId: (await this.outbound.send(target, activity)) ?? '' };
  }

  async update(draft: DraftAdvice, card: AdaptiveCard): Promise<void> {
    if (!draft.cardActivityId) return;
    await this.outbound.update(targetOf(draft), draft.cardActivityId, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  async say(draft: DraftAdvice, text: string, mentions: Member[]): Promise<void> {
    const tags = mentions.map((m) => `<at>${escapeHtml(m.name)}</at>`);
    const entities: Mention[] = mentions.map((m, i) => ({ type: 'mention', text: tags[i]!, mentioned: { id: m.id, name: m.name } }) as Mention);
    await this.outbound.send(targetOf(draft), { type: 'message', text: `${text} ${tags.join(', ')}`, entities });
  }

  membersOf(context: TurnContext): Promise<Member[]> {
    return this.outbound.membersInTurn(context);
  }

  membersOfConversation(conversationId: string): Promise<Member[]> {
    return this.outbound.members({ conversationId });
  }

  membersOfDraft(draft: DraftAdvice): Promise<Member[]> {
    return this.outbound.members({ conversationId: draft.conversationId });
  }
}

function targetOf(draft: DraftAdvice): Target {
  return { conversationId: draft.conversationId.split(';')[0]!, threadConversationId: draft.threadConversationId ?? draft.conversationId };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
