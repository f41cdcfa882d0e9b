import type { Logger } from 'pino';
import { isClosed } from '../domain/drafts/draft.js';
import type { DraftStore } from '../domain/drafts/draft-store.js';
import type { DraftChannel, DraftFeature } from './draft-feature.js';
import { whenText } from './draft-cards.js';

export const CLOSING_SOON_MS = 24 * 60 * 60_000;

/**
 * Closes votes at their closing time and, 24 hours before, reminds the members who have not voted (one
 * message in the draft's thread mentioning them; those who voted are not mentioned). Each step is claimed with
 * an eTag write on the draft, so with several instances it happens once.
 */
export class DraftScheduler {
  constructor(
    private readonly drafts: DraftStore,
    private readonly feature: DraftFeature,
    private readonly channel: DraftChannel,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  async tick(): Promise<{ closed: number; reminded: number }> {
    const now = this.now();
    let closed = 0;
    let reminded = 0;
    for (const draft of await this.drafts.all()) {
      if (draft.state === 'closed') continue;
      if (isClosed(draft, now)) {
        let mine = false;
        await this.drafts.update(draft.id, (d) => {
          if (d.state === 'closed') return undefined;
          mine = true;
          return { ...d, state: 'closed', closedAt: d.closesAt };
        });
        if (mine) {
          closed++;
          await this.feature.flush(draft.id).catch((err: unknown) => this.logger.warn({ err }, 'closed draft card update failed'));
        }
        continue;
      }
      if (!draft.closingSoonSent && new Date(draft.closesAt).getTime() - now.getTime() <= CLOSING_SOON_MS) {
        let mine = false;
        await this.drafts.update(draft.id, (d) => {
          if (d.closingSoonSent) return undefined;
          mine = true;
          return { ...d, closingSoonSent: true };
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
        } catch (err) {
          this.logger.warn({ err }, 'closing-soon reminder failed');
        }
      }
    }
    return { closed, reminded };
  }
}
