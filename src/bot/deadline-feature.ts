import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { civilDateIn, dayNumber, formatCivilDate, fromDayNumber } from '../domain/dates.js';
import { deadlineAsDatedItem, deadlineAsKnowledge, REGISTER_ENTRY_PREFIX } from '../domain/deadlines/as-knowledge.js';
import { parseDeadlineForm, stateAt, type Deadline } from '../domain/deadlines/deadline.js';
import { DeadlineNotFoundError, type DeadlineRegister } from '../domain/deadlines/register.js';
import { REMINDER_HOUR } from '../domain/deadlines/reminder-plan.js';
import type { ReminderScheduler } from '../domain/deadlines/scheduler.js';
import { previousWorkingDay } from '../domain/deadlines/working-days.js';
import type { DatedItem, QuestionAnswerer, UpcomingItem } from '../domain/knowledge/qa.js';
import type { KeyValueStore } from '../domain/storage-port.js';
import { instantOf } from '../domain/time.js';
import type { CalendarKeys } from './calendar-keys.js';
import type { AdaptiveCard } from './cards.js';
import { renderDeadline, renderDeadlineForm, renderDeadlineList } from './deadline-cards.js';
import { Once } from './once.js';
import type { OrganiserCheck } from './organisers.js';
import { actorOf, baseConversationId, belongsHere, scopeOf, stringFields, teamIdOf } from './scope.js';

export const DEADLINE_VERBS = ['deadline.new', 'deadline.save', 'deadline.edit', 'deadline.submit', 'deadline.cancel', 'deadline.snooze', 'deadline.list'] as const;
export type DeadlineVerb = (typeof DEADLINE_VERBS)[number];

/** Card action data: parsed before anything else. */
const actionData = z.looseObject({ deadlineId: z.string().max(64).optional() });

export const REFUSAL = 'Alleen organisatoren (de secretaris of een eigenaar van het team) kunnen deadlines toevoegen, wijzigen of annuleren. Er is niets veranderd.';

export interface DeadlineFeatureDeps {
  register: DeadlineRegister;
  qa: QuestionAnswerer;
  scheduler?: ReminderScheduler;
  organisers: OrganiserCheck;
  calendar: CalendarKeys;
  store: KeyValueStore;
  now: () => Date;
  logger: Logger;
}

export type CommandResult = { card: AdaptiveCard } | { text: string };

/**
 * The deadline register in Teams: "nieuwe deadline", "deadlines", "agenda-link", and the card actions
 * (Action.Execute) to save, edit, submit, cancel and snooze. Organiser actions are checked on the server for
 * every action.
 */
export class DeadlineFeature {
  /** Open register deadlines as dated items for "welke deadlines komen eraan?" (kept in sync). */
  private snapshot: Deadline[] = [];
  /** A double click on "Opslaan" of one new-deadline form adds one deadline. */
  private readonly saveOnce = new Once<Deadline>();

  constructor(private readonly deps: DeadlineFeatureDeps) {}

  datedItems = (): DatedItem[] => this.snapshot.filter((d) => stateAt(d, this.deps.now()) === 'open').map(deadlineAsDatedItem);

  /** Reloads the register into the answerer, so questions find deadlines added on any instance. */
  /**
   * Reloads the register into the snapshot and the answerer. Calls during a reload share the next one (a burst
   * of saves costs two reloads, not one each), and each caller still sees a reload that began after its call.
   */
  sync(): Promise<void> {
    if (!this.syncing) {
      this.syncing = this.reload().finally(() => {
        this.syncing = undefined;
      });
      return this.syncing;
    }
    this.nextSync ??= this.syncing.catch(() => undefined).then(() => {
      this.nextSync = undefined;
      return this.sync();
    });
    return this.nextSync;
  }

  private syncing: Promise<void> | undefined;
  private nextSync: Promise<void> | undefined;

  private async reload(): Promise<void> {
    const all = await this.deps.register.list();
    this.snapshot = all;
    const now = this.deps.now();
    this.deps.qa.syncDynamicEntries(REGISTER_ENTRY_PREFIX, all.filter((d) => d.state !== 'geannuleerd').map((d) => deadlineAsKnowledge(d, now)));
  }

  /**
   * Returns the reply for a typed command, or undefined (at once, not as a promise) when the text is no deadline
   * command.
   */
  command(context: TurnContext, text: string): Promise<CommandResult | undefined> | undefined {
    const command = text.toLowerCase().replace(/[!?.]+$/, '').trim();
    if (/^(nieuwe|nieuw|voeg|toevoegen)( een)? deadline( toe(voegen)?)?$|^deadline toevoegen$/.test(command)) return this.deadlineForm(context);
    if (/^(deadlines|deadline lijst|alle deadlines|open deadlines|toon deadlines|register)$/.test(command)) return this.listCommand(context);
    if (/^(agenda[- ]?link|agenda|kalender|calendar)$/.test(command)) return this.calendarCommand(context);
    return undefined;
  }

  private async deadlineForm(context: TurnContext): Promise<CommandResult> {
    if (!(await this.deps.organisers.isOrganiser(context))) return { text: REFUSAL };
    return { card: renderDeadlineForm({}) };
  }

  private async listCommand(context: TurnContext): Promise<CommandResult> {
    return { card: await this.list(context) };
  }

  private async calendarCommand(context: TurnContext): Promise<CommandResult> {
    if (!(await this.deps.organisers.isOrganiser(context))) {
      return { text: 'Alleen organisatoren kunnen de agenda-link opvragen. Vraag het de secretaris.' };
    }
    const url = await this.deps.calendar.urlFor(scopeOf(context));
    return {
      text:
        `Abonneer je in Outlook op alle deadlines van ${scopeName(context)} met deze link (Agenda > Agenda toevoegen > Abonneren vanaf internet):\n\n${url}\n\n` +
        'Deel de link alleen met leden: wie hem heeft, ziet de deadlines.',
    };
  }

  /** Handles a card action; returns the card that replaces the one the user acted on. */
  async action(context: TurnContext, verb: DeadlineVerb, rawData: unknown): Promise<AdaptiveCard | string> {
    const parsed = actionData.safeParse(rawData ?? {});
    if (!parsed.success) return 'Deze knop stuurde onbekende gegevens mee. Er is niets veranderd.';
    const data = parsed.data;
    const actor = actorOf(context, 'een organisator');
    const now = this.deps.now();

    if (verb === 'deadline.list') return this.list(context);

    const isOrganiser = await this.deps.organisers.isOrganiser(context);
    // Snoozing a reminder for one's own conversation is open to every member; everything else is for organisers.
    if (verb !== 'deadline.snooze' && !isOrganiser) return REFUSAL;

    try {
      switch (verb) {
        case 'deadline.new':
          return renderDeadlineForm({});
        case 'deadline.save': {
          const form = parseDeadlineForm(rawData, now);
          const found = data.deadlineId ? await this.deps.register.get(data.deadlineId) : undefined;
          const existing = found && belongsHere(context, found) ? found : undefined;
          if (data.deadlineId && !existing) return 'Deze deadline bestaat niet meer. Er is niets opgeslagen.';
          const version = typeof (rawData as { version?: unknown } | undefined)?.version === 'string' ? (rawData as { version: string }).version : '';
          if (existing && version && version !== existing.eTag) {
            return renderDeadlineForm({
              deadline: existing,
              notice: `Niet opgeslagen: ${existing.updatedBy.name} heeft deze deadline intussen gewijzigd. Hieronder staat de nieuwe versie; pas die zo nodig aan.`,
            });
          }
          if (!form.ok) return renderDeadlineForm({ ...(existing ? { deadline: existing } : {}), values: stringFields(rawData, 1200), errors: form.errors });
          const nonce = typeof (rawData as { nonce?: unknown } | undefined)?.nonce === 'string' ? (rawData as { nonce: string }).nonce : undefined;
          const saved = existing
            ? await this.deps.register.edit(existing.id, form.value, actor)
            : await this.saveOnce.run(nonce, () => this.deps.register.add(form.value, actor, baseConversationId(context), teamIdOf(context), nonce?.slice(0, 64)));
          await this.sync();
          this.deps.logger.info({ deadline: saved.id, edit: Boolean(existing) }, 'deadline saved');
          return renderDeadline(saved, now, { status: existing ? `Gewijzigd door ${actor.name}.` : `Opgeslagen. Herinneringen gaan naar dit gesprek.` });
        }
        case 'deadline.edit': {
          const d = await this.requireDeadline(data.deadlineId, context);
          return renderDeadlineForm({ deadline: d });
        }
        case 'deadline.submit': {
          const d = await this.deps.register.markSubmitted((await this.requireDeadline(data.deadlineId, context)).id, actor);
          await this.sync();
          return renderDeadline(d, now, { status: `Gemarkeerd als ingediend door ${actor.name}. Er komen geen herinneringen meer.` });
        }
        case 'deadline.cancel': {
          const d = await this.deps.register.cancel((await this.requireDeadline(data.deadlineId, context)).id, actor);
          await this.sync();
          return renderDeadline(d, now, { status: `Geannuleerd door ${actor.name}. Er komen geen herinneringen meer.` });
        }
        case 'deadline.snooze': {
          const d = await this.requireDeadline(data.deadlineId, context);
          if (stateAt(d, now) !== 'open') return renderDeadline(d, now, { status: 'Deze deadline is niet meer open; er komt geen herinnering.' });
          const at = tomorrowMorning(now);
          if (at.getTime() >= new Date(d.dueAt).getTime()) {
            return renderDeadline(d, now, { status: 'Morgen om 9:00 is de deadline al voorbij; er komt geen extra herinnering.', canAct: isOrganiser });
          }
          const conversationId = baseConversationId(context);
          await this.deps.register.follow(d.id, conversationId, actor);
          const updated = await this.deps.register.snooze(d.id, conversationId, at, actor);
          return renderDeadline(updated, now, {
            status: `Je krijgt hier morgen (${formatCivilDate(civilDateIn(at))}) om 9:00 nog een herinnering.`,
            canAct: isOrganiser,
          });
        }
      }
    } catch (error) {
      if (error instanceof DeadlineNotFoundError || error instanceof MissingIdError) {
        return 'Deze deadline bestaat niet (meer). Typ **deadlines** voor de actuele lijst.';
      }
      throw error;
    }
  }

  /** The deadline of this team or chat; one from elsewhere is treated as unknown (organisers of one team may not touch another's). */
  private async requireDeadline(id: string | undefined, context: TurnContext): Promise<Deadline> {
    if (!id) throw new MissingIdError();
    const d = await this.deps.register.get(id);
    if (!d || !belongsHere(context, d)) throw new DeadlineNotFoundError(id);
    return d;
  }

  async list(context: TurnContext, status?: string): Promise<AdaptiveCard> {
    const now = this.deps.now();
    const canManage = await this.deps.organisers.isOrganiser(context);
    const deadlines = (await this.deps.register.listOpen()).filter((d) => belongsHere(context, d));
    const failures = new Map<string, string>();
    if (canManage && this.deps.scheduler) {
      for (const d of deadlines) {
        const failed = await this.deps.scheduler.failures(d);
        if (failed.length > 0) failures.set(d.id, `${failed.length === 1 ? '1 herinnering is' : `${failed.length} herinneringen zijn`} niet afgeleverd: ${failed[0]!.lastError ?? 'onbekende fout'}.`);
      }
    }
    const upcoming = this.deps.qa.upcoming();
    const known: UpcomingItem[] = upcoming.kind === 'upcoming' ? upcoming.items.filter((i) => !i.id.startsWith(REGISTER_ENTRY_PREFIX)) : [];
    return renderDeadlineList({
      deadlines,
      known,
      now,
      today: formatCivilDate(civilDateIn(now)),
      canManage,
      failures,
      ...(status ? { status } : {}),
    });
  }
}

class MissingIdError extends Error {}


/** 09:00 on the next working day, Amsterdam time. */
export function tomorrowMorning(now: Date): Date {
  const today = civilDateIn(now);
  let day = fromDayNumber(dayNumber(today) + 1);
  day = nextWorkingDay(day);
  return instantOf({ ...day, hour: REMINDER_HOUR, minute: 0 });
}

function nextWorkingDay(day: ReturnType<typeof fromDayNumber>): ReturnType<typeof fromDayNumber> {
  let n = dayNumber(day);
  while (dayNumber(previousWorkingDay(fromDayNumber(n))) !== n) n++;
  return fromDayNumber(n);
}

/** The team or chat whose deadlines a feed holds, as the user knows it where they ask. */
function scopeName(context: TurnContext): string {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' || teamIdOf(context) ? 'dit team' : type === 'groupChat' ? 'deze groepschat' : 'dit gesprek';
}
