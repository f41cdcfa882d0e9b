import type { TurnContext } from 'botbuilder';

/** A channel conversation without its thread part ("19:abc@thread.tacv2;messageid=17..." -> "19:abc@thread.tacv2"). */
export function baseConversationId(context: TurnContext): string {
  return context.activity.conversation.id.split(';')[0]!;
}

export function teamIdOf(context: TurnContext): string | undefined {
  return (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
}

/** The team of a channel conversation, or the chat itself: what deadlines, drafts and calendar feeds belong to. */
export function scopeOf(context: TurnContext): string {
  return teamIdOf(context) ?? baseConversationId(context);
}

/** Whether something kept for a team or chat belongs where this turn happens. */
export function belongsHere(context: TurnContext, owner: { teamId?: string; conversationId?: string; conversations?: string[] }): boolean {
  const team = teamIdOf(context);
  const base = baseConversationId(context);
  if (owner.teamId) return owner.teamId === team;
  if (owner.conversationId !== undefined && owner.conversationId.split(';')[0] === base) return true;
  return (owner.conversations ?? []).includes(base);
}
