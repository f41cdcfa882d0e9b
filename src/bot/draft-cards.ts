import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { formatCivilDate } from '../domain/dates.js';
import { CHOICE_LABEL, cleanMemberText, isClosed, VOTE_CHOICES, type DraftAdvice, type DraftForm, type VoteChoice } from '../domain/drafts/draft.js';
import { escapeMarkdown, MAX_COMMENT, type Comment, type Tally, type Vote } from '../domain/drafts/draft-store.js';
import { localDateTimeOf } from '../domain/time.js';
import { expand, type AdaptiveCard } from './cards.js';

/** Universal Actions refresh the card for at most 60 users. */
export const MAX_REFRESH_USERS = 60;

const FORM_FIELDS = ['number', 'title', 'text', 'closeDate', 'closeTime', 'anonymous', 'visibility', 'quorum'] as const;
const fields = z.object(Object.fromEntries(FORM_FIELDS.map((f) => [f, z.string()])) as Record<(typeof FORM_FIELDS)[number], z.ZodString>);

export const draftFormData = z.object({ intro: z.string(), values: fields, errors: fields, hasErrors: z.boolean(), nonce: z.string(), fallbackText: z.string() });

/** Where a draft is posted: a channel (a new post with its own thread), a group chat, or a personal chat. */
export type DraftPlace = 'channel' | 'groupChat' | 'personal';

export function placeOf(conversationType: string | undefined): DraftPlace {
  return conversationType === 'channel' ? 'channel' : conversationType === 'groupChat' ? 'groupChat' : 'personal';
}

/** What the form says will happen, for the place where it is used. */
const FORM_INTRO: Record<DraftPlace, string> = {
  channel: 'Het deeladvies komt als nieuw bericht in dit kanaal. Reacties in de draad eronder worden verzameld; leden stemmen op de kaart.',
  groupChat: 'Het deeladvies komt als kaart in deze groepschat. Leden stemmen en reageren op die kaart (Reactie toevoegen).',
  personal:
    'Het deeladvies komt als kaart in dit persoonlijke gesprek: alleen jij ziet het en kunt stemmen. Wil je dat de leden stemmen, typ dan deeladvies in het kanaal of de groepschat van de adviesraad.',
};

export const draftPostedData = z.object({ heading: z.string(), where: z.string(), title: z.string(), closes: z.string(), fallbackText: z.string() });

export const draftCardData = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  notice: z.string(),
  problem: z.string(),
  text: z.string(),
  anonymity: z.string(),
  /** When members see the result: said while the vote is open; on a closed card the result is there. */
  visibilityText: z.string(),
  quorumText: z.string(),
  commentCount: z.string(),
  myVote: z.string(),
  myChoice: z.string(),
  myReason: z.string(),
  showTally: z.boolean(),
  tallyHeading: z.string(),
  tally: z.array(z.object({ label: z.string(), value: z.string() })),
  quorumLine: z.string(),
  hiddenLine: z.string(),
  reasons: z.array(z.string()),
  outcome: z.string(),
  outcomeDraft: z.string(),
  enteredComment: z.string(),
  open: z.boolean(),
  canClose: z.boolean(),
  voteButton: z.string(),
  closeButton: z.string(),
  closeSection: z.string(),
  viewers: z.array(z.string()).max(MAX_REFRESH_USERS),
  fallbackText: z.string(),
});

export const draftCommentsData = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  /** `note`: that the text was shortened, on its own line under it (not in the author's line). */
  comments: z.array(z.object({ author: z.string(), when: z.string(), text: z.string(), note: z.string() })),
  fallbackText: z.string(),
});

const VISIBILITY_TEXT = { live: 'meteen zichtbaar', 'na-stem': 'zichtbaar na je eigen stem', 'na-sluiting': 'zichtbaar na sluiting' } as const;

export function whenText(iso: string): string {
  const l = localDateTimeOf(new Date(iso));
  return `${formatCivilDate(l)} om ${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
}

export function renderDraftForm(values: DraftForm = {}, errors: Partial<Record<keyof DraftForm, string>> = {}, place: DraftPlace = 'channel'): AdaptiveCard {
  const v = Object.fromEntries(FORM_FIELDS.map((f) => [f, values[f] ?? ''])) as Record<(typeof FORM_FIELDS)[number], string>;
  v.closeTime ||= '17:00';
  v.visibility ||= 'na-stem';
  v.anonymous ||= 'false';
  const e = Object.fromEntries(FORM_FIELDS.map((f) => [f, errors[f] ?? ''])) as Record<(typeof FORM_FIELDS)[number], string>;
  const hasErrors = Object.values(e).some(Boolean);
  return expand('draft-form', draftFormData, {
    intro: FORM_INTRO[place],
    values: v,
    errors: e,
    hasErrors,
    nonce: randomUUID(),
    fallbackText: hasErrors ? `Niet geplaatst: ${Object.values(e).filter(Boolean).join(' ')}` : 'Formulier voor een nieuw deeladvies ter stemming.',
  });
}

export interface DraftView {
  draft: DraftAdvice;
  tally: Tally;
  comments: number;
  now: Date;
  /** The viewer's own vote; undefined on the card everyone sees. */
  mine?: Vote;
  /** Members of the team or chat, for the quorum and the turnout. */
  members?: number;
  canClose?: boolean;
  /** A confirmation ("Je stem is opgeslagen."). */
  notice?: string;
  /** Why nothing was saved ("Geef bij Oneens kort aan waarom."), shown as a warning. */
  problem?: string;
  /** What the member entered when it was refused: shown again in the fields instead of their stored vote. */
  entered?: { choice?: string; reason?: string; comment?: string; outcome?: string };
}

/** Whether this viewer may see the tallies now. */
function tallyVisible(view: DraftView): boolean {
  if (isClosed(view.draft, view.now)) return true;
  if (view.draft.visibility === 'live') return true;
  return view.draft.visibility === 'na-stem' && view.mine !== undefined;
}

/** "3 van de 6 leden hebben gestemd.", "1 van de 6 leden heeft gestemd.", "1 van 1 lid heeft gestemd." */
export function turnoutText(votes: number, members: number | undefined): string {
  if (!members) return `${votes} ${votes === 1 ? 'stem' : 'stemmen'}.`;
  const verb = votes === 1 || (members === 1 && votes === 0) ? 'heeft' : 'hebben';
  return members === 1 ? `${votes} van 1 lid ${verb} gestemd.` : `${votes} van de ${members} leden ${verb} gestemd.`;
}

export function quorumMet(draft: DraftAdvice, tally: Tally, members: number | undefined): boolean | undefined {
  if (draft.quorum === undefined || !members) return undefined;
  return tally.total / members >= draft.quorum;
}

export function renderDraft(view: DraftView): AdaptiveCard {
  const { draft, tally, now } = view;
  const closed = isClosed(draft, now);
  const visible = tallyVisible(view);
  const pct = (n: number): string => (tally.total ? ` (${Math.round((100 * n) / tally.total)}%)` : '');
  const met = quorumMet(draft, tally, view.members);
  const turnout = turnoutText(tally.total, view.members);
  const status = closed
    ? `Gesloten op ${whenText(draft.closedAt ?? draft.closesAt)}. ${turnout}`
    : `Stemmen kan tot ${whenText(draft.closesAt)}. ${turnout}`;
  const reasons = visible && (closed || !draft.anonymous || draft.visibility === 'live')
    ? tally.reasons.map((r) => `- ${CHOICE_LABEL[r.choice]}${r.name && !draft.anonymous ? ` (${escapeMarkdown(r.name)})` : ''}: ${escapeMarkdown(cleanMemberText(r.reason))}`)
    : [];
  const quorumText = draft.quorum === undefined ? 'geen' : `${Math.round(draft.quorum * 100)}% van de leden`;
  const quorumLine =
    met === undefined ? '' : met ? `Het quorum (${quorumText}) is gehaald.` : `Het quorum (${quorumText}) is ${closed ? 'niet gehaald' : 'nog niet gehaald'}.`;
  const hiddenLine = visible
    ? ''
    : draft.visibility === 'na-stem'
      ? 'De tussenstand zie je nadat je zelf hebt gestemd.'
      : 'De uitslag is zichtbaar nadat de stemming is gesloten.';
  const tallyRows = VOTE_CHOICES.map((c) => ({ label: CHOICE_LABEL[c], value: `${tally.counts[c]}${pct(tally.counts[c])}` }));
  const myVote = view.mine ? `${CHOICE_LABEL[view.mine.choice]}${view.mine.reason ? `: ${escapeMarkdown(cleanMemberText(view.mine.reason))}` : ''}` : '';
  const entered = view.entered ?? {};
  const fallback = `${view.problem ? `${view.problem} ` : ''}Deeladvies ${draft.number}: ${draft.title}. ${status}${visible ? ` ${tallyRows.map((r) => `${r.label} ${r.value}`).join(', ')}.` : ''}`;
  return expand('draft', draftCardData, {
    id: draft.id,
    number: draft.number,
    title: draft.title,
    status,
    notice: view.notice ?? '',
    problem: view.problem ?? '',
    text: escapeMarkdown(draft.text),
    anonymity: draft.anonymous ? 'anoniem' : 'met naam',
    visibilityText: closed ? '' : VISIBILITY_TEXT[draft.visibility],
    quorumText,
    commentCount: String(view.comments),
    myVote,
    myChoice: entered.choice !== undefined && isVoteChoice(entered.choice) ? entered.choice : (view.mine?.choice ?? ''),
    myReason: entered.reason ?? view.mine?.reason ?? '',
    showTally: visible,
    tallyHeading: closed ? 'Uitslag' : 'Tussenstand',
    tally: tallyRows,
    quorumLine,
    hiddenLine,
    reasons,
    outcome: draft.outcome ? escapeMarkdown(cleanMemberText(draft.outcome)) : '',
    outcomeDraft: entered.outcome ?? draft.outcome ?? '',
    enteredComment: entered.comment ?? '',
    open: !closed,
    canClose: view.canClose ?? false,
    voteButton: view.mine ? 'Stem wijzigen' : 'Stem',
    closeButton: closed ? 'Uitkomst opslaan' : 'Sluit de stemming',
    // On a closed draft the organiser's part only changes the outcome: "Sluiten" there reads as closing again.
    closeSection: closed ? 'Uitkomst wijzigen (organisator)' : 'Sluiten (organisator)',
    // Anonymous drafts do not list their voters on the card everyone receives.
    viewers: draft.anonymous ? [] : draft.viewers.slice(-MAX_REFRESH_USERS),
    fallbackText: fallback,
  });
}

export function renderComments(draft: DraftAdvice, comments: Comment[]): AdaptiveCard {
  const rows = comments.map((c) => ({
    author: escapeMarkdown(c.authorName),
    when: `${whenText(c.at)}${c.editedAt ? ' (bewerkt)' : ''}`,
    text: escapeMarkdown(c.text),
    note: c.shortened ? `Ingekort tot ${MAX_COMMENT} tekens; het hele bericht staat in de draad.` : '',
  }));
  return expand('draft-comments', draftCommentsData, {
    id: draft.id,
    number: draft.number,
    title: draft.title,
    comments: rows,
    fallbackText: `${rows.length} reacties op deeladvies ${draft.number}: ${rows.map((r) => `${r.author}: ${r.text}`).join(' | ').slice(0, 1000)}`,
  });
}

export const isVoteChoice = (value: string): value is VoteChoice => (VOTE_CHOICES as readonly string[]).includes(value);

/** Who the export links are for, said for the place where they are shown. */
const EXPORT_AUDIENCE: Record<DraftPlace, string> = {
  channel: 'alleen voor leden: deel ze niet buiten dit team',
  groupChat: 'alleen voor de leden van deze chat: deel ze niet daarbuiten',
  personal: 'voor jou: deel ze alleen met wie de reacties en stemmen mag zien',
};

export const draftExportData = z.object({
  number: z.string(),
  audience: z.string(),
  title: z.string(),
  links: z.array(z.object({ label: z.string(), url: z.url() })).min(1),
  fallbackText: z.string(),
});

export function renderExport(draft: DraftAdvice, links: Array<{ label: string; url: string }>, place: DraftPlace = 'channel'): AdaptiveCard {
  return expand('draft-export', draftExportData, {
    number: draft.number,
    audience: EXPORT_AUDIENCE[place],
    title: draft.title,
    links,
    fallbackText: `Export van deeladvies ${draft.number}: ${links.map((l) => `${l.label} ${l.url}`).join(' ')}`,
  });
}

/** What replaces the form after "Plaatsen": a short confirmation, so there is one card per draft to vote on. */
export function renderDraftPosted(draft: DraftAdvice, where: string, heading = `Deeladvies ${draft.number} is geplaatst`): AdaptiveCard {
  return expand('draft-posted', draftPostedData, {
    heading,
    where,
    title: draft.title,
    closes: whenText(draft.closesAt),
    fallbackText: `${heading}. ${where}`,
  });
}
