import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Actor } from '../domain/deadlines/deadline.js';
import { cleanMemberText, isClosed, parseDraftForm, type DraftAdvice } from '../domain/drafts/draft.js';
import { cleanCommentText, DraftError, MAX_COMMENT, type DraftStore } from '../domain/drafts/draft-store.js';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { AdaptiveCard } from './cards.js';
import { MAX_REFRESH_USERS, placeOf, renderComments, renderDraft, renderDraftForm, renderDraftPosted, renderExport, type DraftView } from './draft-cards.js';
import type { ExportLinks } from './export-links.js';
import { Once } from './once.js';
import type { OrganiserCheck } from './organisers.js';
import { actorOf, baseConversationId, belongsHere, scopeOf, stringFields, teamIdOf } from './scope.js';

export const DRAFT_VERBS = ['draft.new', 'draft.post', 'draft.vote', 'draft.refresh', 'draft.comment', 'draft.comments', 'draft.close', 'draft.export'] as const;
export type DraftVerb = (typeof DRAFT_VERBS)[number];

export interface Member {
  id: string;
  name: string;
  /** "owner", "user" or "guest" where Teams says so (the tab's organiser check reads it). */
  role?: string;
}

/** Where drafts live in Teams: posting the card, updating it for everyone, posting in its thread, the roster. */
export interface DraftChannel {
  post(context: TurnContext, card: AdaptiveCard): Promise<{ activityId: string; threadRootId?: string; threadConversationId?: string }>;
  /** Posts the card of a draft outside a turn (the repair of a post that crashed before its card was sent). */
  postLater(draft: DraftAdvice, card: AdaptiveCard): Promise<{ activityId: string; threadRootId?: string; threadConversationId?: string }>;
  update(draft: DraftAdvice, card: AdaptiveCard): Promise<void>;
  say(draft: DraftAdvice, text: string, mentions: Member[]): Promise<void>;
  /** Members of the team or chat of this turn. */
  membersOf(context: TurnContext): Promise<Member[]>;
  /** Members where the draft was posted (outside a turn, for reminders). */
  membersOfDraft(draft: DraftAdvice): Promise<Member[]>;
  /** Members of a stored conversation (outside a turn, for the tab). */
  membersOfConversation(conversationId: string): Promise<Member[]>;
}

const actionData = z.looseObject({
  draftId: z.string().max(64).optional(),
  choice: z.string().max(40).optional(),
  reason: z.string().max(5000).optional(),
  comment: z.string().max(20_000).optional(),
  outcome: z.string().max(20_000).optional(),
  nonce: z.string().max(64).optional(),
});

const REFUSAL = 'Alleen organisatoren kunnen een deeladvies ter stemming plaatsen of een stemming sluiten. Er is niets veranderd.';
const NOT_MEMBER = 'Alleen leden van dit team of deze chat kunnen stemmen. Je stem is niet opgeslagen.';
const MAX_OUTCOME = 2000;

export interface DraftFeatureDeps {
  drafts: DraftStore;
  channel: DraftChannel;
  organisers: OrganiserCheck;
  now: () => Date;
  logger: Logger;
  exports?: ExportLinks;
  /** Card updates for everyone are coalesced per draft over this many ms (Teams allows 7 a second). */
  updateDelayMs?: number;
}

/**
 * Draft deeladviezen in a channel: the organiser's form, the thread with the card, comments from the thread
 * and the card, votes with Universal Actions (the voter gets a card with their own vote, everyone else an
 * updated card), closing with an outcome.
 */
export class DraftFeature {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly postOnce = new Once<AdaptiveCard | string>();
  private readonly flushing = new Map<string, Promise<void>>();

  constructor(private readonly deps: DraftFeatureDeps) {}

  /**
   * The reply to a draft command, or undefined (at once, not as a promise) when the text is none: a question turn
   * asks every feature, and an async function costs each of them a promise.
   */
  command(context: TurnContext, text: string): Promise<{ card: AdaptiveCard } | { text: string } | undefined> | undefined {
    const command = text.toLowerCase().replace(/[!?]+$/, '').trim();
    if (/^(nieuw )?deeladvies( plaatsen| ter stemming)?$/.test(command)) return this.draftForm(context);
    if (/^(reacties|export(eer)?|uitslag|stemming)$/.test(command)) {
      return Promise.resolve({ text: `Typ ${command} gevolgd door het nummer van het deeladvies, bijvoorbeeld: ${command} 1.2` });
    }
    const match = /^(reacties|stemming|deeladvies|uitslag|export(?:eer)?)\s+(\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)$/.exec(command);
    if (match) return this.numberedCommand(context, match[1]!, match[2]!);
    return undefined;
  }

  private async draftForm(context: TurnContext): Promise<{ card: AdaptiveCard } | { text: string }> {
    if (!(await this.deps.organisers.isOrganiser(context))) return { text: REFUSAL };
    return { card: renderDraftForm({}, {}, placeOf(context.activity.conversation?.conversationType)) };
  }

  private async numberedCommand(context: TurnContext, verb: string, number: string): Promise<{ card: AdaptiveCard } | { text: string }> {
    const draft = await this.deps.drafts.findByNumber(scopeOf(context), number);
    if (!draft) return { text: `Er is hier geen deeladvies ${number} ter stemming geplaatst.` };
    if (verb === 'reacties') return { card: renderComments(draft, await this.deps.drafts.comments(draft.id)) };
    if (verb.startsWith('export')) {
      const result = await this.exportCard(context, draft);
      return typeof result === 'string' ? { text: result } : { card: result };
    }
    return { card: await this.personalCard(context, draft) };
  }

  async action(context: TurnContext, verb: DraftVerb, raw: unknown): Promise<AdaptiveCard | string> {
    const parsed = actionData.safeParse(raw ?? {});
    if (!parsed.success) return 'Deze knop stuurde onbekende of te lange gegevens mee. Er is niets veranderd.';
    const data = parsed.data;
    const actor = actorOf(context, 'een lid');
    if (verb === 'draft.new' || verb === 'draft.post') {
      if (!(await this.deps.organisers.isOrganiser(context))) return REFUSAL;
      if (verb === 'draft.new') return renderDraftForm({}, {}, placeOf(context.activity.conversation?.conversationType));
      // A double click on "Plaatsen" of one form posts one draft.
      return this.postOnce.run(data.nonce, () => this.post(context, raw, actor, data.nonce));
    }
    const found = data.draftId ? await this.deps.drafts.get(data.draftId) : undefined;
    // A draft of another team or chat is treated as unknown: its votes and its close button are not for this one.
    const draft = found && belongsHere(context, found) ? found : undefined;
    if (!draft) return 'Dit deeladvies bestaat niet (meer). Er is niets veranderd.';
    try {
      switch (verb) {
        case 'draft.refresh':
          return this.personalCard(context, draft);
        case 'draft.comments':
          return renderComments(draft, await this.deps.drafts.comments(draft.id));
        case 'draft.export': {
          // The links come as a message of their own: the vote card stays as it was, with its buttons.
          const exported = await this.exportCard(context, draft);
          if (typeof exported === 'string') return this.personalCard(context, draft, { problem: exported });
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(exported)));
          return this.personalCard(context, draft, { notice: 'De downloadlinks staan in een apart bericht hieronder (24 uur geldig).' });
        }
        case 'draft.vote':
          return await this.vote(context, draft, actor, data.choice ?? '', data.reason);
        case 'draft.comment': {
          const entered = { comment: data.comment ?? '' };
          if (isClosed(draft, this.deps.now())) return this.personalCard(context, draft, { problem: 'De stemming is gesloten; reageren kan niet meer.' });
          const full = cleanMemberText(data.comment ?? '');
          if (!full) return this.personalCard(context, draft, { problem: 'Je reactie was leeg en is niet geplaatst.' });
          if (full.length > MAX_COMMENT) {
            return this.personalCard(context, draft, {
              problem: `Je reactie is te lang (${full.length} tekens, maximaal ${MAX_COMMENT}) en is niet geplaatst. Maak hem korter en plaats hem opnieuw.`,
              entered,
            });
          }
          await this.deps.drafts.addComment(draft.id, { messageId: `kaart-${randomUUID()}`, authorId: actor.id, authorName: actor.name, text: full, at: this.deps.now().toISOString() });
          this.scheduleUpdate(draft.id);
          return this.personalCard(context, draft, { notice: 'Je reactie is toegevoegd.' });
        }
        case 'draft.close': {
          if (!(await this.deps.organisers.isOrganiser(context))) return REFUSAL;
          const outcome = cleanMemberText(data.outcome ?? '');
          if (outcome.length > MAX_OUTCOME) {
            return this.personalCard(context, draft, { problem: `De uitkomst is te lang (${outcome.length} tekens, maximaal ${MAX_OUTCOME}). De stemming is niet gesloten.`, entered: { outcome: data.outcome ?? '' } });
          }
          const closed = await this.deps.drafts.close(draft.id, actor, outcome || undefined);
          await this.flush(closed.id);
          this.deps.logger.info({ draft: closed.id }, 'draft closed by organiser');
          return this.personalCard(context, closed, outcome ? { notice: 'De stemming is gesloten en de uitkomst is opgeslagen.' } : { notice: 'De stemming is gesloten. Vul nog een uitkomst in via Sluiten.' });
        }
      }
    } catch (error) {
      // Nothing was saved: say why, and keep what the member entered (their choice, reason, comment or outcome).
      if (error instanceof DraftError) {
        return this.personalCard(context, draft, {
          problem: error.message,
          entered: {
            ...(data.choice !== undefined ? { choice: data.choice } : {}),
            ...(data.reason !== undefined ? { reason: data.reason } : {}),
            ...(data.comment !== undefined ? { comment: data.comment } : {}),
            ...(data.outcome !== undefined ? { outcome: data.outcome } : {}),
          },
        });
      }
      throw error;
    }
    return 'Deze kaartactie ken ik niet. Er is niets veranderd.';
  }

  private async post(context: TurnContext, raw: unknown, actor: Actor, nonce: string | undefined): Promise<AdaptiveCard | string> {
    const now = this.deps.now();
    const form = parseDraftForm(raw, now);
    const place = placeOf(context.activity.conversation?.conversationType);
    if (!form.ok) return renderDraftForm(stringFields(raw, 4000), form.errors, place);
    const teamId = teamIdOf(context);
    const draft = await this.deps.drafts.create(form.value, actor, { conversationId: baseConversationId(context), scope: scopeOf(context), ...(teamId ? { teamId } : {}) }, nonce);
    // The same form pressed again (after a crash, a time-out or on another instance): one card per draft.
    if (!(await this.deps.drafts.claimPosting(draft.id))) {
      const current = (await this.deps.drafts.get(draft.id)) ?? draft;
      return current.cardActivityId
        ? renderDraftPosted(current, 'Dit formulier is al gebruikt: stem en reageer op de kaart van het deeladvies.', `Deeladvies ${current.number} is al geplaatst`)
        : renderDraftPosted(current, 'Het deeladvies wordt op dit moment geplaatst; de kaart verschijnt zo.', `Deeladvies ${current.number} wordt geplaatst`);
    }
    const members = await this.deps.channel.membersOf(context).catch(() => []);
    const card = renderDraft({ draft, tally: await this.deps.drafts.tally(draft), comments: 0, now, members: members.length || undefined });
    const placed = await this.deps.channel.post(context, card);
    const stored = await this.deps.drafts.placed(draft.id, { cardActivityId: placed.activityId, ...(placed.threadRootId ? { threadRootId: placed.threadRootId } : {}), ...(placed.threadConversationId ? { threadConversationId: placed.threadConversationId } : {}) });
    this.deps.logger.info({ draft: stored.id, thread: Boolean(placed.threadRootId) }, 'draft posted');
    // The form becomes a short confirmation: the card above (or the new post) is the one card to vote on.
    const where =
      place === 'groupChat'
        ? 'Het staat hieronder in deze chat. Leden stemmen en reageren op die kaart.'
        : place === 'personal'
          ? 'Het staat hieronder in dit gesprek. Stem en reageer op die kaart.'
          : placed.threadRootId
            ? 'Het staat als nieuw bericht in dit kanaal. Leden stemmen op die kaart; reacties in de draad eronder worden verzameld.'
            : 'Het staat hieronder in dit kanaal. Leden stemmen en reageren op die kaart.';
    return renderDraftPosted(stored, where);
  }

  /** Download links for members only: the export holds every comment and, for open votes, names. */
  private async exportCard(context: TurnContext, draft: DraftAdvice): Promise<AdaptiveCard | string> {
    if (!this.deps.exports) return 'Exporteren is hier niet ingesteld.';
    const actor = actorOf(context, 'een lid');
    const members = await this.deps.channel.membersOf(context).catch(() => []);
    if (!members.some((m) => m.id === actor.id) && !(await this.deps.organisers.isOrganiser(context))) {
      return 'Alleen leden van dit team of deze chat kunnen een deeladvies exporteren.';
    }
    return renderExport(draft, await this.deps.exports.create(draft.id, draft.number), placeOf(context.activity.conversation?.conversationType));
  }

  private async vote(context: TurnContext, draft: DraftAdvice, actor: Actor, choice: string, reason: string | undefined): Promise<AdaptiveCard> {
    const members = await this.deps.channel.membersOf(context);
    if (!members.some((m) => m.id === actor.id)) return this.personalCard(context, draft, { problem: NOT_MEMBER });
    const { changed } = await this.deps.drafts.vote(draft, actor, choice, reason);
    const updated = await this.deps.drafts.update(draft.id, (d) =>
      d.viewers.includes(actor.id) ? undefined : { ...d, viewers: [...d.viewers, actor.id].slice(-MAX_REFRESH_USERS) },
    ).catch(() => draft);
    this.scheduleUpdate(draft.id);
    return this.personalCard(context, updated, { notice: changed ? 'Je stem is gewijzigd.' : 'Dank je, je stem is opgeslagen.' });
  }

  /** The card as this user sees it: with their own vote, and the tallies if the visibility allows. */
  async personalCard(context: TurnContext, draft: DraftAdvice, extra: Pick<DraftView, 'notice' | 'problem' | 'entered'> = {}): Promise<AdaptiveCard> {
    const actor = actorOf(context, 'een lid');
    const [tally, comments, mine, canClose, members] = await Promise.all([
      this.deps.drafts.tally(draft),
      this.deps.drafts.comments(draft.id),
      this.deps.drafts.myVote(draft, actor.id),
      this.deps.organisers.isOrganiser(context),
      this.deps.channel.membersOf(context).catch(() => []),
    ]);
    return renderDraft({ draft, tally, comments: comments.length, now: this.deps.now(), ...(mine ? { mine } : {}), canClose, members: members.length || undefined, ...extra });
  }

  /** The card everyone sees (no personal vote, no organiser buttons). */
  async sharedCard(draft: DraftAdvice): Promise<AdaptiveCard> {
    const [tally, comments, members] = await Promise.all([
      this.deps.drafts.tally(draft),
      this.deps.drafts.comments(draft.id),
      this.deps.channel.membersOfDraft(draft).catch(() => []),
    ]);
    return renderDraft({ draft, tally, comments: comments.length, now: this.deps.now(), members: members.length || undefined });
  }

  /** Coalesces card updates per draft: one update after a burst of votes, never one per vote. */
  scheduleUpdate(draftId: string): void {
    if (this.pending.has(draftId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(draftId);
      void this.flush(draftId).catch((err: unknown) => this.deps.logger.warn({ err }, 'draft card update failed'));
    }, this.deps.updateDelayMs ?? 1000);
    timer.unref?.();
    this.pending.set(draftId, timer);
  }

  /** Updates the card for everyone now; waits for an update in flight first, so the last state always wins. */
  async flush(draftId: string): Promise<void> {
    const timer = this.pending.get(draftId);
    if (timer) {
      clearTimeout(timer);
      this.pending.delete(draftId);
    }
    const previous = this.flushing.get(draftId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const draft = await this.deps.drafts.get(draftId);
      if (draft?.cardActivityId) await this.deps.channel.update(draft, await this.sharedCard(draft));
    });
    this.flushing.set(draftId, next);
    try {
      await next;
    } finally {
      if (this.flushing.get(draftId) === next) this.flushing.delete(draftId);
    }
  }

  /** Updates in flight or waiting, for a clean shutdown and for tests. */
  async drain(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.flush(id)));
    await Promise.all([...this.flushing.values()].map((p) => p.catch(() => undefined)));
  }

  /**
   * A reply in a draft's thread: stored as a comment, mention or not. Returns true when it was one; false at once
   * (not as a promise) for a message outside a thread, such as every question in a personal chat.
   */
  threadMessage(context: TurnContext): Promise<boolean> | false {
    const rootId = threadRootOf(context.activity.conversation?.id);
    if (!rootId) return false;
    return this.threadReply(context, rootId);
  }

  private async threadReply(context: TurnContext, rootId: string): Promise<boolean> {
    const draft = await this.deps.drafts.findByThread(rootId);
    if (!draft) return false;
    const full = cleanMemberText(String(context.activity.text ?? ''));
    if (!full || !context.activity.id) return true;
    const actor = actorOf(context, 'een lid');
    // A reply already stands in the thread: a long one is kept shortened, and the comments list says so.
    await this.deps.drafts.addComment(draft.id, {
      messageId: context.activity.id,
      authorId: actor.id,
      authorName: actor.name,
      text: cleanCommentText(full),
      ...(full.length > MAX_COMMENT ? { shortened: true } : {}),
      at: (context.activity.timestamp ? new Date(context.activity.timestamp) : this.deps.now()).toISOString(),
    });
    this.scheduleUpdate(draft.id);
    return true;
  }

  async threadEdit(context: TurnContext, deleted: boolean): Promise<void> {
    const rootId = threadRootOf(context.activity.conversation?.id);
    const messageId = context.activity.id;
    if (!rootId || !messageId) return;
    const draft = await this.deps.drafts.findByThread(rootId);
    if (!draft) return;
    const text = cleanCommentText(String(context.activity.text ?? ''));
    const at = this.deps.now().toISOString();
    const actor = actorOf(context, 'een lid');
    const placeholder = { messageId, authorId: actor.id, authorName: actor.name, text, at };
    await this.deps.drafts.changeComment(draft.id, messageId, (c) => (deleted ? { ...c, deleted: true, editedAt: at } : { ...c, text: text || c.text, editedAt: at }), placeholder);
    this.scheduleUpdate(draft.id);
  }
}

/** The thread root of a channel conversation id such as "19:abc@thread.tacv2;messageid=1700000000000". */
export function threadRootOf(conversationId: string | undefined): string | undefined {
  return /;messageid=(\d+)/.exec(conversationId ?? '')?.[1];
}


