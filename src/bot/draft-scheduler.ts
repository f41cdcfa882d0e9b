import type { Logger } from 'pino';
import { isClosed, type DraftAdvice } from '../domain/drafts/draft.js';
import type { DraftStore } from '../domain/drafts/draft-store.js';
import type { DraftChannel, DraftFeature } from './draft-feature.js';
import { whenText } from './draft-cards.js';

export const CLOSING_SOON_MS = 24 * 60 * 60_000;
/** Ticks in a row that may fail to show a closed result (each already retried by the Delivery) before we stop. */
export const MAX_CARD_FAILURES = 5;

/**
 * Closes votes at their closing time and, 24 hours before, reminds the members who have not voted (one
 * message in the draft's thread mentioning them; those who voted are not mentioned). Each step is claimed with
 * an eTag write on the draft, so with several instances it happens once.
 */
export class DraftScheduler {
  private running: Promise<{ closed: number; reminded: number; repaired: number }> | undefined;

  constructor(
    private readonly drafts: DraftStore,
    private readonly feature: DraftFeature,
    private readonly channel: DraftChannel,
    private readonly now: () => Date,
    private readonly logger: Logger,
    /** A draft stored this long ago without its card was left by a crashed or failed post: the pass posts it. */
    private readonly repairAfterMs = 2 * drafts.postingClaimMs,
  ) {}

  /** One pass; overlapping calls share the pass in flight. */
  tick(): Promise<{ closed: number; reminded: number; repaired: number }> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<{ closed: number; reminded: number; repaired: number }> {
    const now = this.now();
    let closed = 0;
    let reminded = 0;
    let repaired = 0;
    for (const draft of await this.drafts.all()) {
      if (!draft.cardActivityId && draft.state !== 'closed' && !draft.cardUnreachable && now.getTime() - new Date(draft.createdAt).getTime() >= this.repairAfterMs) {
        if (await this.repair(draft, now)) repaired++;
        continue;
      }
      if (draft.state === 'closed' && (draft.closedCardShown || draft.cardUnreachable)) continue;
      if (isClosed(draft, now)) {
        let mine = false;
        if (draft.state !== 'closed') {
          await this.drafts.update(draft.id, (d) => {
            mine = false;
            if (d.state === 'closed') return undefined;
            mine = true;
            return { ...d, state: 'closed', closedAt: d.closesAt };
          });
        }
        if (mine) closed++;
        // The card must end up showing the result: a failed update is tried again with backoff (1, 2, 4, 8
        // minutes), and given up once the conversation is gone or after MAX_CARD_FAILURES passes, reported once.
        if (draft.cardRetry && new Date(draft.cardRetry.nextAt).getTime() > now.getTime()) continue;
        try {
          await this.feature.flush(draft.id);
          await this.drafts.update(draft.id, (d) => (d.closedCardShown ? undefined : { ...d, closedCardShown: true, cardRetry: undefined }));
        } catch (err) {
          await this.cardFailed(draft.id, err, now);
        }
        continue;
      }
      const claimFree = !draft.closingSoonClaim || new Date(String(draft.closingSoonClaim)).getTime() <= now.getTime();
      if (!draft.closingSoonSent && claimFree && new Date(draft.closesAt).getTime() - now.getTime() <= CLOSING_SOON_MS) {
        let mine = false;
        await this.drafts.update(draft.id, (d) => {
          mine = false;
          if (d.closingSoonSent || (d.closingSoonClaim && new Date(String(d.closingSoonClaim)).getTime() > now.getTime())) return undefined;
          mine = true;
          // A claim that expires: a crash or a failed send leaves the reminder for a later tick.
          return { ...d, closingSoonClaim: new Date(now.getTime() + 5 * 60_000).toISOString() };
        });
        if (!mine) continue;
        try {
          const members = await this.channel.membersOfDraft(draft);
          const waiting = new Set(await this.drafts.notVoted(draft, members.map((m) => m.id)));
          const mentions = members.filter((m) => waiting.has(m.id));
          if (mentions.length > 0) {
            await this.channel.say(
              draft,
              `Sluit binnenkort: de stemming over deeladvies ${draft.number} (${draft.title}) sluit ${whenText(draft.closesAt)}. Nog niet gestemd:`,
              mentions,
            );
            reminded += mentions.length;
          }
          await this.drafts.update(draft.id, (d) => ({ ...d, closingSoonSent: true, closingSoonClaim: undefined }));
        } catch (err) {
          const error = err as { message?: string; gone?: boolean; status?: number };
          if (error.gone) {
            // The bot was removed or the chat is gone: nobody can be reminded there any more.
            await this.drafts.update(draft.id, (d) => ({ ...d, closingSoonSent: true, closingSoonClaim: undefined, cardUnreachable: `HTTP ${error.status}: ${error.message ?? ''}`.slice(0, 300) }));
            this.logger.warn({ draft: draft.id, status: error.status }, 'closing-soon reminder: conversation gone; no more tries');
          } else {
            this.logger.info({ draft: draft.id, reason: String(error.message ?? err) }, 'closing-soon reminder failed; retrying after the claim expires');
          }
        }
      }
    }
    return { closed, reminded, repaired };
  }

  /**
   * A draft was stored but its card never reached Teams (the process died between the two, or the post failed)
   * and nobody pressed "Plaatsen" again: post it now, under the same claim a re-press takes, so it is posted once.
   */
  private async repair(draft: DraftAdvice, now: Date): Promise<boolean> {
    if (draft.cardRetry && new Date(draft.cardRetry.nextAt).getTime() > now.getTime()) return false;
    if (!(await this.drafts.claimPosting(draft.id))) return false;
    try {
      const placed = await this.channel.postLater(draft, await this.feature.sharedCard(draft));
      await this.drafts.placed(draft.id, {
        cardActivityId: placed.activityId,
        ...(placed.threadRootId ? { threadRootId: placed.threadRootId } : {}),
        ...(placed.threadConversationId ? { threadConversationId: placed.threadConversationId } : {}),
      });
      if (draft.cardRetry) await this.drafts.update(draft.id, (d) => (d.cardRetry ? { ...d, cardRetry: undefined } : undefined));
      this.logger.info({ draft: draft.id }, 'draft card posted by the repair pass (its post had not completed)');
      return true;
    } catch (err) {
      await this.cardFailed(draft.id, err, now);
      return false;
    }
  }

  private async cardFailed(draftId: string, err: unknown, now: Date): Promise<void> {
    const error = err as { message?: string; gone?: boolean; status?: number };
    const reason = error.status ? `HTTP ${error.status}: ${error.message ?? ''}` : String(error.message ?? err);
    let outcome: { failures: number; givenUp: boolean } | undefined;
    await this.drafts.update(draftId, (d) => {
      const failures = (d.cardRetry?.failures ?? 0) + 1;
      if (error.gone || failures >= MAX_CARD_FAILURES) {
        outcome = { failures, givenUp: true };
        return { ...d, cardRetry: undefined, postingUntil: undefined, cardUnreachable: reason.slice(0, 300) };
      }
      outcome = { failures, givenUp: false };
      return { ...d, cardRetry: { failures, nextAt: new Date(now.getTime() + 2 ** (failures - 1) * 60_000).toISOString() } };
    });
    if (outcome?.givenUp) this.logger.warn({ draft: draftId, reason, failures: outcome.failures }, 'draft card cannot be reached; no more tries');
    else this.logger.info({ draft: draftId, reason, failures: outcome?.failures }, 'draft card could not be posted or updated; will try again');
  }
}
