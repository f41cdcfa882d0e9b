import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../src/bot/cards.js';
import type { DraftChannel, Member } from '../../src/bot/draft-feature.js';
import type { DraftAdvice } from '../../src/domain/drafts/draft.js';

/** A channel that records what the bot posts and updates, with a fixed roster. */
export class FakeDraftChannel implements DraftChannel {
  readonly posted: AdaptiveCard[] = [];
  readonly updates: AdaptiveCard[] = [];
  readonly said: Array<{ text: string; mentions: Member[] }> = [];
  private next = 1700000000000;

  constructor(public members: Member[]) {}

  async post(_context: TurnContext, card: AdaptiveCard) {
    this.posted.push(card);
    const root = String(this.next++);
    return { activityId: root, threadRootId: root, threadConversationId: `19:kanaal@thread.tacv2;messageid=${root}` };
  }
  async postLater(_draft: DraftAdvice, card: AdaptiveCard) {
    return this.post(undefined as unknown as TurnContext, card);
  }
  async update(_draft: DraftAdvice, card: AdaptiveCard) {
    this.updates.push(card);
  }
  async say(_draft: DraftAdvice, text: string, mentions: Member[]) {
    this.said.push({ text, mentions });
  }
  async membersOf() {
    return this.members;
  }
  async membersOfDraft() {
    return this.members;
  }
  async membersOfConversation() {
    return this.members;
  }
}
