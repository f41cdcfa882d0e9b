import { z } from 'zod';
import { civilDateIn, dayNumber, type CivilDate } from '../dates.js';
import { instantOf, isoDate, parseIsoDate, parseTime } from '../time.js';

export const DEADLINE_KINDS = ['advies', 'zienswijze', 'wensen en bedenkingen', 'reactie', 'vergadering'] as const;
export const DEADLINE_BODIES = ['adviesraad', 'college', 'gemeenteraad', 'DB MGR'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export type DeadlineState = 'open' | 'ingediend' | 'geannuleerd' | 'verlopen';

export const DEFAULT_SCHEDULE = [14, 7, 2, 0] as const;
export const DEFAULT_DUE_TIME = '17:00';

export interface Actor {
  id: string;
  name: string;
}

/** A due date in the register: from the knowledge base or added by an organiser in Teams. */
export interface Deadline {
  id: string;
  title: string;
  /** Who must deliver: adviesraad, college, gemeenteraad, DB MGR (or a name). */
  body: string;
  kind: DeadlineKind;
  /** Due day and time on Amsterdam's clock, and the instant they make. */
  dueDate: string;
  dueTime: string;
  dueAt: string;
  /** What is asked, in a sentence. */
  description: string;
  link?: string;
  /** Conversations (ids) that follow this deadline and get its reminders. */
  conversations: string[];
  /** Days before the due date on which reminders go out. */
  schedule: number[];
  /** Stored state; "verlopen" is derived from the time, see stateAt(). */
  state: 'open' | 'ingediend' | 'geannuleerd';
  teamId?: string;
  /** Extra one-off reminders ("Herinner me morgen"): conversation and the instant. */
  snoozes: Array<{ conversationId: string; at: string }>;
  createdBy: Actor;
  createdAt: string;
  updatedBy: Actor;
  updatedAt: string;
  eTag?: string;
}

export function stateAt(deadline: Deadline, now: Date): DeadlineState {
  if (deadline.state === 'open' && new Date(deadline.dueAt).getTime() <= now.getTime()) return 'verlopen';
  return deadline.state;
}

/** Whole days from today to the due day on Amsterdam's calendar (negative when it has passed). */
export function daysLeft(deadline: Deadline, now: Date): number {
  return dayNumber(parseIsoDate(deadline.dueDate)!) - dayNumber(civilDateIn(now));
}

/** The form an organiser fills in, as Teams sends it (all strings); parsed with Dutch messages per field. */
export const deadlineFormSchema = z.object({
  title: z.string().optional(),
  body: z.string().optional(),
  kind: z.string().optional(),
  dueDate: z.string().optional(),
  dueTime: z.string().optional(),
  description: z.string().optional(),
  link: z.string().optional(),
  schedule: z.string().optional(),
});
export type DeadlineForm = z.infer<typeof deadlineFormSchema>;

/** What an organiser's form gives: the deadline's own fields, before it is registered. */
export type DeadlineInput = Pick<Deadline, 'title' | 'body' | 'kind' | 'dueDate' | 'dueTime' | 'dueAt' | 'description' | 'link' | 'schedule'>;

export type FormResult = { ok: true; value: DeadlineInput } | { ok: false; errors: Partial<Record<keyof DeadlineForm, string>> };

/**
 * Checks a deadline form. Every problem is reported on its own field in plain Dutch; nothing is saved unless
 * the whole form is right. A due moment in the past is refused.
 */
export function parseDeadlineForm(raw: unknown, now: Date): FormResult {
  const parsed = deadlineFormSchema.safeParse(raw ?? {});
  const form: DeadlineForm = parsed.success ? parsed.data : {};
  const errors: Partial<Record<keyof DeadlineForm, string>> = {};

  const title = (form.title ?? '').trim().replace(/\s+/g, ' ');
  if (!title) errors.title = 'Vul een titel in.';
  else if (title.length > 120) errors.title = `De titel is te lang (${title.length} tekens, maximaal 120).`;

  const body = (form.body ?? '').trim() || 'adviesraad';
  if (body.length > 80) errors.body = 'Deze naam is te lang (maximaal 80 tekens).';

  const kind = (form.kind ?? 'advies').trim() as DeadlineKind;
  if (!DEADLINE_KINDS.includes(kind)) errors.kind = `Kies een soort: ${DEADLINE_KINDS.join(', ')}.`;

  const dueTime = (form.dueTime ?? '').trim() || DEFAULT_DUE_TIME;
  const time = parseTime(dueTime);
  if (!time) errors.dueTime = 'Vul een tijd in als 17:00.';

  let day: CivilDate | undefined;
  const dueDate = (form.dueDate ?? '').trim();
  if (!dueDate) errors.dueDate = 'Kies een datum.';
  else {
    day = parseIsoDate(dueDate);
    if (!day) errors.dueDate = 'Deze datum bestaat niet.';
  }
  let dueAt: Date | undefined;
  if (day && time) {
    dueAt = instantOf({ ...day, ...time });
    if (dueAt.getTime() <= now.getTime()) errors.dueDate = 'Deze datum en tijd liggen in het verleden.';
    else if (day.year > civilDateIn(now).year + 5) errors.dueDate = 'Deze datum ligt meer dan vijf jaar vooruit.';
  }

  const description = (form.description ?? '').trim();
  if (description.length > 1000) errors.description = `De omschrijving is te lang (${description.length} tekens, maximaal 1000).`;

  const link = (form.link ?? '').trim();
  if (link && !/^https?:\/\/[^\s]+\.[^\s]+$/i.test(link)) errors.link = 'Een link begint met https:// (of http://).';

  let schedule: number[] = [...DEFAULT_SCHEDULE];
  const scheduleText = (form.schedule ?? '').trim();
  if (scheduleText) {
    const parts = scheduleText.split(/[\s,;]+/).filter(Boolean);
    const numbers = parts.map(Number);
    if (numbers.some((n) => !Number.isInteger(n) || n < 0 || n > 365) || numbers.length > 10) {
      errors.schedule = 'Schrijf dagen vooraf als 14, 7, 2, 0 (hele getallen van 0 tot 365, hoogstens tien).';
    } else schedule = [...new Set(numbers)].sort((a, b) => b - a);
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title,
      body,
      kind,
      dueDate: isoDate(day!),
      dueTime: `${String(time!.hour).padStart(2, '0')}:${String(time!.minute).padStart(2, '0')}`,
      dueAt: dueAt!.toISOString(),
      description,
      ...(link ? { link } : {}),
      schedule,
    },
  };
}
