import type { TurnContext } from 'botbuilder';
import type { Actor } from '../domain/deadlines/deadline.js';

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

/** Who acts in this turn: the Entra object id when Teams sends it, and the display name. */
export function actorOf(context: TurnContext, fallbackName: string): Actor {
  const from = context.activity.from ?? { id: 'onbekend', name: 'onbekend' };
  return { id: from.aadObjectId ?? from.id, name: from.name || fallbackName };
}

/** The string fields of a card payload, each cut to `max` characters, to redraw a form with what was typed. */
export function stringFields(raw: unknown, max: number): Record<string, string> {
  if (!raw || typeof raw !== 'object') return {};
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v).slice(0, max)]));
}
