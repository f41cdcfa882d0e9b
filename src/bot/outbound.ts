import { TeamsInfo, type Activity, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import { Delivery, DeliveryError } from '../domain/delivery/delivery.js';
import type { KeyValueStore } from '../domain/storage-port.js';
import { getConversation } from './conversations.js';

/** Where a proactive message goes: a stored conversation, or a thread in it (a channel conversation id with ";messageid="). */
export interface Target {
  conversationId: string;
  threadConversationId?: string;
}

export interface RosterMember {
  /** The Entra object id where Teams gives one (votes are keyed on it), else the channel account id. */
  id: string;
  /** The channel account id ("29:..."), as in activity.from.id. */
  userId: string;
  name: string;
  /** "owner", "user" or "guest" where Teams says so. */
  role?: string;
}

const ROSTER_MS = 10 * 60_000;
const MAX_ROSTERS = 500;

/**
 * Everything the bot sends on its own goes through here: reminders, curation notices, draft cards and their
 * updates, the "sluit binnenkort" mentions. One Delivery (the Teams limits per conversation and per app,
 * retries with backoff and Retry-After, a time-out per attempt) and one rule for 403/404 (DeliveryError.gone).
 * Sends inside a turn (replies) stay with the turn context. The roster of a team or chat is fetched through the
 * same path and kept ten minutes, for every feature that needs it.
 */
export class Outbound {
  private readonly rosters = new Map<string, { members: Promise<RosterMember[]>; until: number }>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly store: KeyValueStore,
    readonly delivery: Delivery,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * One attempt, no retry: `logic` runs in a proactive turn on the stored conversation reference. A failure is a
   * DeliveryError with the channel's status, also when botbuilder's turn-error handler would have swallowed it.
   */
  async once<T>(target: Target, logic: (context: TurnContext) => Promise<T>): Promise<T> {
    const base = target.conversationId.split(';')[0]!;
    const stored = await getConversation(this.store, base);
    // 424, not "gone": the reference may simply not be known yet; the conversation is not given up.
    if (!stored) throw new DeliveryError('geen gespreksreferentie opgeslagen voor dit gesprek', 424);
    const reference = {
      ...stored.reference,
      conversation: { ...stored.reference.conversation!, id: target.threadConversationId ?? target.conversationId },
    } as ConversationReference;
    let result: { value: T } | undefined;
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        try {
          result = { value: await logic(context) };
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined || !result) throw toDeliveryError(failure ?? new Error('geen resultaat'));
    return result.value;
  }

  /** Through the Teams limits, retried; throws a DeliveryError (`gone` for 403/404) when it does not get through. */
  run<T>(target: Target, logic: (context: TurnContext) => Promise<T>, options: { idempotent?: boolean } = {}): Promise<T> {
    return this.delivery.run(target.conversationId.split(';')[0]!, () => this.once(target, logic), options);
  }

  /** A new message; returns its activity id. Retried only when Teams said it did nothing (429). */
  send(target: Target, activity: Partial<Activity>): Promise<string | undefined> {
    return this.run(target, async (context) => (await context.sendActivity(activity))?.id, { idempotent: false });
  }

  /** Replaces a message the bot sent; safe to repeat. */
  update(target: Target, activityId: string, activity: Partial<Activity>): Promise<void> {
    return this.run(target, async (context) => {
      await context.updateActivity({ ...activity, id: activityId });
    });
  }

  /** The members of a stored conversation (outside a turn). */
  members(target: Target): Promise<RosterMember[]> {
    const key = target.conversationId.split(';')[0]!;
    return this.cached(key, () => this.run({ conversationId: key }, (context) => fetchRoster(context)));
  }

  /** The members of this turn's team or chat, from the same cache. */
  membersInTurn(context: TurnContext): Promise<RosterMember[]> {
    const key = context.activity.conversation.id.split(';')[0]!;
    return this.cached(key, () => this.delivery.run(key, () => fetchRoster(context).catch((e: unknown) => Promise.reject(toDeliveryError(e)))));
  }

  /**
   * One member of a team with their role (for the organiser check): from the team's cached roster when it
   * carries roles, else looked up alone (TeamsInfo.getTeamMember) and kept as long.
   */
  async teamMember(context: TurnContext, teamId: string, userId: string): Promise<RosterMember | undefined> {
    const roster = this.rosters.get(context.activity.conversation.id.split(';')[0]!);
    if (roster && roster.until > this.now()) {
      const known = (await roster.members.catch(() => [])).find((m) => m.userId === userId);
      if (known?.role) return known;
    }
    const [one] = await this.cached(`${teamId}|${userId}`, () =>
      this.delivery.run(teamId, async () => {
        const m = await TeamsInfo.getTeamMember(context, teamId, userId).catch((e: unknown) => Promise.reject(toDeliveryError(e)));
        const role = (m as { userRole?: string }).userRole;
        return [{ id: m.aadObjectId ?? m.id, userId: m.id, name: m.name ?? 'lid', ...(role ? { role: role.toLowerCase() } : {}) }];
      }),
    );
    return one;
  }

  private cached(key: string, fetch: () => Promise<RosterMember[]>): Promise<RosterMember[]> {
    const now = this.now();
    const hit = this.rosters.get(key);
    if (hit && hit.until > now) return hit.members;
    // The promise is cached, so a burst of votes fetches the roster once; a failure is not kept.
    const members = fetch();
    this.rosters.delete(key);
    this.rosters.set(key, { members, until: now + ROSTER_MS });
    members.catch(() => {
      if (this.rosters.get(key)?.members === members) this.rosters.delete(key);
    });
    // Oldest first (a Map keeps insertion order, and a refetch re-inserts): drop beyond the bound.
    for (const old of this.rosters.keys()) {
      if (this.rosters.size <= MAX_ROSTERS) break;
      this.rosters.delete(old);
    }
    return members;
  }
}

async function fetchRoster(context: TurnContext): Promise<RosterMember[]> {
  const members: RosterMember[] = [];
  let token: string | undefined;
  do {
    const page = await TeamsInfo.getPagedMembers(context, 500, token);
    for (const m of page.members) {
      members.push({ id: m.aadObjectId ?? m.id, userId: m.id, name: m.name ?? 'lid', ...(m.userRole ? { role: m.userRole.toLowerCase() } : {}) });
    }
    token = page.continuationToken;
  } while (token);
  return members;
}

/** Reads the status and Retry-After from a botbuilder / connector error. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as { statusCode?: number; status?: number; message?: string; response?: { headers?: { get?: (n: string) => string | undefined } & Record<string, unknown> } };
  const status = e.statusCode ?? e.status;
  const header = e.response?.headers?.get?.('retry-after') ?? (e.response?.headers?.['retry-after'] as string | undefined);
  const seconds = header !== undefined ? Number(header) : NaN;
  return new DeliveryError(e.message ?? String(error), status, Number.isFinite(seconds) ? seconds * 1000 : undefined);
}
