import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { formatDutchDate } from '../domain/dates.js';
import { daysLeft, DEFAULT_DUE_TIME, DEFAULT_SCHEDULE, stateAt, type Deadline, type DeadlineForm } from '../domain/deadlines/deadline.js';
import { deadlineSentence } from '../domain/deadlines/as-knowledge.js';
import type { ReminderNotice } from '../domain/deadlines/scheduler.js';
import type { UpcomingItem } from '../domain/knowledge/qa.js';
import { expand, titleWithoutDate, type AdaptiveCard } from './cards.js';

const FORM_FIELDS = ['title', 'body', 'kind', 'dueDate', 'dueTime', 'description', 'link', 'schedule'] as const;
const fieldRecord = z.object(Object.fromEntries(FORM_FIELDS.map((f) => [f, z.string()])) as Record<(typeof FORM_FIELDS)[number], z.ZodString>);

export const deadlineFormData = z.object({
  heading: z.string(),
  deadlineId: z.string(),
  /** The eTag of the deadline the form was drawn from: a save from a stale form is refused. */
  version: z.string(),
  /** A fresh random value per drawn form: a double click on "Opslaan" saves once. */
  nonce: z.string(),
  values: fieldRecord,
  errors: fieldRecord,
  hasErrors: z.boolean(),
  fallbackText: z.string(),
});

export const deadlineCardData = z.object({
  id: z.string(),
  heading: z.string(),
  status: z.string(),
  late: z.boolean(),
  dueLabel: z.string(),
  due: z.string(),
  left: z.string(),
  body: z.string(),
  kind: z.string(),
  state: z.string(),
  description: z.string(),
  schedule: z.string(),
  followers: z.string(),
  createdBy: z.string(),
  updated: z.string(),
  link: z.string(),
  failure: z.string(),
  /** The "Nog" fact; a reminder leaves it out, its first sentence says it. */
  showLeft: z.boolean(),
  canAct: z.boolean(),
  /** "Herinner me morgen" only while the deadline is after today: tomorrow it has passed. */
  canSnooze: z.boolean(),
  fallbackText: z.string(),
});

export const deadlineListData = z.object({
  subtitle: z.string(),
  status: z.string(),
  canManage: z.boolean(),
  items: z.array(
    z.object({ id: z.string(), title: z.string(), dueLabel: z.string(), due: z.string(), left: z.string(), body: z.string(), failure: z.string() }),
  ),
  known: z.array(z.string()),
  fallbackText: z.string(),
});

const STATE_TEXT: Record<string, string> = { open: 'open', ingediend: 'ingediend', geannuleerd: 'geannuleerd', verlopen: 'verlopen' };

export function dueText(d: Deadline): string {
  return `${formatDutchDate(d.dueDate)} om ${d.dueTime}`;
}

export function leftText(d: Deadline, now: Date): string {
  const state = stateAt(d, now);
  if (state === 'verlopen') return 'verlopen';
  const n = daysLeft(d, now);
  // The time stands beside it already ("Uiterlijk: 23 november 2026 om 17:00"): "vandaag" says the rest.
  if (n === 0) return 'vandaag';
  if (n === 1) return 'morgen';
  return `${n} dagen`;
}

const dueLabel = (d: Deadline): string => (d.kind === 'vergadering' ? 'Op' : 'Uiterlijk');

export function renderDeadlineForm(options: {
  notice?: string;
  deadline?: Deadline;
  values?: DeadlineForm;
  errors?: Partial<Record<keyof DeadlineForm, string>>;
}): AdaptiveCard {
  const d = options.deadline;
  const v = options.values ?? {};
  const values = {
    title: v.title ?? d?.title ?? '',
    body: v.body ?? d?.body ?? 'adviesraad',
    kind: v.kind ?? d?.kind ?? 'advies',
    dueDate: v.dueDate ?? d?.dueDate ?? '',
    dueTime: v.dueTime ?? d?.dueTime ?? DEFAULT_DUE_TIME,
    description: v.description ?? d?.description ?? '',
    link: v.link ?? d?.link ?? '',
    schedule: v.schedule ?? (d?.schedule ?? DEFAULT_SCHEDULE).join(', '),
  };
  const errors = Object.fromEntries(FORM_FIELDS.map((f) => [f, options.errors?.[f] ?? ''])) as Record<(typeof FORM_FIELDS)[number], string>;
  const hasErrors = Object.values(errors).some(Boolean);
  return expand('deadline-form', deadlineFormData, {
    heading: `${d ? `Deadline bewerken: ${d.title}` : 'Nieuwe deadline'}${options.notice ? `\n\n${options.notice}` : ''}`,
    deadlineId: d?.id ?? '',
    version: d?.eTag ?? '',
    nonce: randomUUID(),
    values,
    errors,
    hasErrors,
    fallbackText: hasErrors
      ? `Niet opgeslagen: ${Object.values(errors).filter(Boolean).join(' ')}`
      : 'Formulier voor een deadline: titel, wie moet leveren, soort, datum en tijd.',
  });
}

export function renderDeadline(
  d: Deadline,
  now: Date,
  options: { heading?: string; status?: string; late?: boolean; canAct?: boolean; failure?: string; showLeft?: boolean } = {},
): AdaptiveCard {
  const state = stateAt(d, now);
  const left = leftText(d, now);
  const heading = options.heading ?? d.title;
  return expand('deadline', deadlineCardData, {
    id: d.id,
    heading,
    status: options.status ?? '',
    late: options.late ?? false,
    dueLabel: dueLabel(d),
    due: dueText(d),
    left,
    body: d.body,
    kind: d.kind,
    state: STATE_TEXT[state] ?? state,
    description: d.description,
    schedule: d.schedule.length ? `${d.schedule.join(', ')} dagen vooraf, om 9:00` : 'geen',
    followers: String(d.conversations.length),
    createdBy: d.createdBy.name,
    updated: `${formatDutchDate(d.updatedAt.slice(0, 10))} door ${d.updatedBy.name}`,
    link: d.link ?? '',
    failure: options.failure ?? '',
    showLeft: options.showLeft ?? true,
    canAct: (options.canAct ?? true) && state === 'open',
    canSnooze: (options.canAct ?? true) && state === 'open' && daysLeft(d, now) > 0,
    fallbackText: `${heading}: ${dueLabel(d).toLowerCase()} ${dueText(d)} (${left}). ${d.body}, ${d.kind}.${options.status ? ` ${options.status}` : ''}`,
  });
}

/**
 * The reminder card: title, when in one sentence ("Over 7 dagen brengt de adviesraad het advies uit."), the due date
 * in Dutch, what is asked by whom, and the three buttons. The sentence says the days left, so the facts do not
 * say them again; the date and time stand in the facts.
 */
export function renderReminder(notice: ReminderNotice, now: Date): AdaptiveCard {
  const d = notice.deadline;
  const when = notice.daysLeft === 0 ? 'Vandaag' : notice.daysLeft === 1 ? 'Morgen' : `Over ${notice.daysLeft} dagen`;
  const soon = notice.daysLeft <= 1;
  return renderDeadline(d, now, {
    heading: `Herinnering: ${d.title}`,
    status: deadlineSentence(d, when, { modal: false, at: soon ? (d.kind === 'vergadering' ? `, om ${d.dueTime}` : `, uiterlijk om ${d.dueTime}`) : '' }),
    late: notice.late,
    showLeft: false,
  });
}

export function renderDeadlineList(options: {
  deadlines: Deadline[];
  known: UpcomingItem[];
  now: Date;
  today: string;
  canManage: boolean;
  failures?: Map<string, string>;
  status?: string;
}): AdaptiveCard {
  const items = options.deadlines.map((d) => ({
    id: d.id,
    title: d.title,
    dueLabel: dueLabel(d),
    due: dueText(d),
    left: leftText(d, options.now),
    body: `${d.body} (${d.kind})`,
    failure: options.canManage ? (options.failures?.get(d.id) ?? '') : '',
  }));
  // Title first, as the deadlines above: "Lokale keuzes ... (Nijmegen): het vierde kwartaal van 2026 (dit kwartaal, ...)".
  const known = options.known.map((k) => `${titleWithoutDate(k.title, k.formatted)}: ${k.formatted} (${k.relative})`);
  return expand('deadline-list', deadlineListData, {
    subtitle: `Open deadlines, eerstvolgende bovenaan. Stand op ${options.today}.`,
    status: options.status ?? '',
    canManage: options.canManage,
    items,
    known,
    fallbackText:
      items.length === 0
        ? 'Er staan geen open deadlines in het register.'
        : `Deadlines:\n${items.map((i) => `- ${i.due}: ${i.title} (${i.left})`).join('\n')}`,
  });
}
