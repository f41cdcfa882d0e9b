import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { RosterMember } from './outbound.js';

/** Who may add, edit and cancel deadlines (and later: open votes, answer questions). */
export interface OrganiserCheck {
  isOrganiser(context: TurnContext): Promise<boolean>;
}

/**
 * Organisers are the Entra object ids in ORGANISERS, or, in a team, the team's owners (looked up through
 * the one member cache of the Outbound, ten minutes). The check runs on the server for every action, not only when a card
 * was drawn. In local anonymous mode without ORGANISERS everyone counts as organiser, so the bot can be tried.
 */
export class OrganiserPolicy implements OrganiserCheck {
  constructor(
    private readonly ids: ReadonlySet<string>,
    private readonly everyoneLocally: boolean,
    private readonly logger: Logger,
    private readonly teamMember: (context: TurnContext, teamId: string, userId: string) => Promise<RosterMember | undefined>,
  ) {}

  async isOrganiser(context: TurnContext): Promise<boolean> {
    const aad = context.activity.from?.aadObjectId;
    if (aad && this.ids.has(aad)) return true;
    if (this.everyoneLocally) return true;
    const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const userId = context.activity.from?.id;
    if (!teamId || !userId) return false;
    try {
      return (await this.teamMember(context, teamId, userId))?.role === 'owner';
    } catch (error) {
      this.logger.warn({ err: error }, 'team owner lookup failed; treating the user as a member');
      return false;
    }
  }
}
