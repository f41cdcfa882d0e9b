import {
  CardFactory,
  MessageFactory,
  TeamsInfo,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type Mention,
} from 'botbuilder';
import type { DraftAdvice } from '../domain/drafts/draft.js';
import type { KeyValueStore } from '../domain/storage-port.js';
import type { AdaptiveCard } from './cards.js';
import { getConversation, saveConversationReference } from './conversations.js';
import type { DraftChannel, Member } from './draft-feature.js';

const ROSTER_CACHE_MS = 10 * 60_000;

/**
 * Drafts in Microsoft Teams: a new thread in the channel (TeamsInfo.sendMessageToTeamsChannel) or a message in
 * a chat, card updates with updateActivity on the stored conversation reference, and the roster through
 * TeamsInfo (cached ten minutes).
 */
export class TeamsDraftChannel implements DraftChannel {
  private readonly rosters = new Map<string, { members: Member[]; until: number }>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly store: KeyValueStore,
  ) {}

  async post(context: TurnContext, card: AdaptiveCard): Promise<{ activityId: string; threadRootId?: string; threadConversationId?: string }> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card)) as Activity;
    const reference = TurnContext.getConversationReference(context.activity) as ConversationReference;
    const channelId = (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    // A new channel thread needs the bot's app id (TeamsInfo creates the conversation as the bot); without one
    // (local anonymous mode, the Agents Playground) the card goes into the current conversation.
    if (context.activity.conversation.conversationType === 'channel' && channelId && this.appId) {
      const base = context.activity.conversation.id.split(';')[0]!;
      await saveConversationReference(this.store, { ...reference, conversation: { ...reference.conversation, id: base } }, 'draft');
      const [, activityId] = await TeamsInfo.sendMessageToTeamsChannel(context, activity, channelId, this.appId);
      return { activityId, threadRootId: activityId, threadConversationId: `${channelId};messageid=${activityId}` };
    }
    await saveConversationReference(this.store, reference, 'draft');
    const sent = await context.sendActivity(activity);
    return { activityId: sent?.id ?? '' };
  }

  private async withConversation(draft: DraftAdvice, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const stored = await getConversation(this.store, draft.conversationId.split(';')[0]!);
    if (!stored) throw new Error('geen gespreksreferentie voor dit deeladvies');
    const reference = {
      ...stored.reference,
      conversation: { ...stored.reference.conversation!, id: draft.threadConversationId ?? draft.conversationId },
    } as ConversationReference;
    await this.adapter.continueConversationAsync(this.appId, reference, logic);
  }

  async update(draft: DraftAdvice, card: AdaptiveCard): Promise<void> {
    let failure: unknown;
    await this.withConversation(draft, async (context) => {
      try {
        await context.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: draft.cardActivityId });
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
  }

  async say(draft: DraftAdvice, text: string, mentions: Member[]): Promise<void> {
    await this.withConversation(draft, async (context) => {
      const tags = mentions.map((m) => `<at>${escapeHtml(m.name)}</at>`);
      const entities: Mention[] = mentions.map((m, i) => ({ type: 'mention', text: tags[i]!, mentioned: { id: m.id, name: m.name } }) as Mention);
      await context.sendActivity({ type: 'message', text: `${text} ${tags.join(', ')}`, entities });
    });
  }

  async membersOf(context: TurnContext): Promise<Member[]> {
    const key = context.activity.conversation.id.split(';')[0]!;
    const cached = this.rosters.get(key);
    if (cached && cached.until > Date.now()) return cached.members;
    const members: Member[] = [];
    let token: string | undefined;
    do {
      const page = await TeamsInfo.getPagedMembers(context, 500, token);
      for (const m of page.members) members.push({ id: m.aadObjectId ?? m.id, name: m.name ?? 'lid' });
      token = page.continuationToken;
    } while (token);
    this.rosters.set(key, { members, until: Date.now() + ROSTER_CACHE_MS });
    return members;
  }

  async membersOfConversation(conversationId: string): Promise<Member[]> {
    return this.membersOfDraft({ conversationId } as DraftAdvice);
  }

  async membersOfDraft(draft: DraftAdvice): Promise<Member[]> {
    let members: Member[] = [];
    await this.withConversation(draft, async (context) => {
      members = await this.membersOf(context);
    });
    return members;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
