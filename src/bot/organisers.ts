import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

/** Who may add, edit and cancel deadlines (and later: open votes, answer questions). */
export interface OrganiserCheck {
  isOrganiser(context: TurnContext): Promise<boolean>;
}

/**
 * Organisers are the Entra object ids in ORGANISERS, or, in a team, the team's owners (looked up through
 * TeamsInfo and cached for five minutes). The check runs on the server for every action, not only when a card
 * was drawn. In local anonymous mode without ORGANISERS everyone counts as organiser, so the bot can be tried.
 */
export class OrganiserPolicy implements OrganiserCheck {
  private readonly cache = new Map<string, { owner: boolean; until: number }>();

  constructor(
    private readonly ids: ReadonlySet<string>,
    private readonly everyoneLocally: boolean,
    private readonly logger: Logger,
    private readonly cacheMs = 5 * 60_000,
  ) {}

  async isOrganiser(context: TurnContext): Promise<boolean> {
    const aad = context.activity.from?.aadObjectId;
    if (aad && this.ids.has(aad)) return true;
    if (this.everyoneLocally) return true;
    const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const userId = context.activity.from?.id;
    if (!teamId || !userId) return false;
    const key = `${teamId}|${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.owner;
    try {
      const member = await TeamsInfo.getTeamMember(context, teamId, userId);
      const owner = (member as { userRole?: string }).userRole?.toLowerCase() === 'owner';
      this.cache.set(key, { owner, until: Date.now() + this.cacheMs });
      return owner;
    } catch (error) {
      this.logger.warn({ err: error }, 'team owner lookup failed; treating the user as a member');
      return false;
    }
  }
}
