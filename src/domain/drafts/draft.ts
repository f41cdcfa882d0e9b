import { z } from 'zod';
import { civilDateIn } from '../dates.js';
import { instantOf, parseIsoDate, parseTime } from '../time.js';
import type { Actor } from '../deadlines/deadline.js';

/** The four options of a vote on a draft deeladvies. */
export const VOTE_CHOICES = ['eens', 'eens-met-aanpassingen', 'oneens', 'onthouding'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const CHOICE_LABEL: Record<VoteChoice, string> = {
  eens: 'Eens',
  'eens-met-aanpassingen': 'Eens met aanpassingen',
  oneens: 'Oneens',
  onthouding: 'Onthouding',
};

/** When members see the tallies: all the time, once they voted themselves, or only after closing. */
export const VISIBILITIES = ['live', 'na-stem', 'na-sluiting'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** A draft deeladvies put to the members: its thread is the place for comments, its card for the vote. */
export interface DraftAdvice {
  id: string;
  /** "1.2", "3". */
  number: string;
  title: string;
  text: string;
  closesAt: string;
  anonymous: boolean;
  visibility: Visibility;
  /** Share of members (0..1) that must vote for the outcome to count; undefined: no quorum. */
  quorum?: number;
  state: 'open' | 'closed';
  outcome?: string;
  closedAt?: string;
  closedBy?: Actor;
  /** Where the draft lives: the channel or chat conversation, the thread root (channels) and the card. */
  conversationId: string;
  threadConversationId?: string;
  threadRootId?: string;
  cardActivityId?: string;
  /** Until when one press of "Plaatsen" is posting the card (a claim, so a re-press posts no second card). */
  postingUntil?: string;
  teamId?: string;
  /** Voters (Entra ids) who had the card refreshed for them, for Universal Actions' userIds (max 60). */
  viewers: string[];
  closingSoonSent?: boolean;
  /** Until when one instance is sending the closing-soon reminder. */
  closingSoonClaim?: string;
  /** The card in the thread shows the closed result. */
  closedCardShown?: boolean;
  /** Failed tries to show the closed result on the card, and when the next one is due (backoff). */
  cardRetry?: { failures: number; nextAt: string };
  /** Why the card can no longer be reached (bot removed, service gone): no more tries. */
  cardUnreachable?: string;
  createdBy: Actor;
  createdAt: string;
  eTag?: string;
  [key: string]: unknown;
}

/** What an organiser's form gives: the draft's own fields, before it is posted. */
export type DraftInput = Pick<DraftAdvice, 'number' | 'title' | 'text' | 'closesAt' | 'anonymous' | 'visibility' | 'quorum'>;

export const draftFormSchema = z.object({
  number: z.string().optional(),
  title: z.string().optional(),
  text: z.string().optional(),
  closeDate: z.string().optional(),
  closeTime: z.string().optional(),
  anonymous: z.string().optional(),
  visibility: z.string().optional(),
  quorum: z.string().optional(),
});
export type DraftForm = z.infer<typeof draftFormSchema>;

export type DraftFormResult = { ok: true; value: DraftInput } | { ok: false; errors: Partial<Record<keyof DraftForm, string>> };

export const MAX_DRAFT_TEXT = 4000;

/** Checks the "deeladvies" form; each problem is reported on its own field in Dutch. */
export function parseDraftForm(raw: unknown, now: Date): DraftFormResult {
  const parsed = draftFormSchema.safeParse(raw ?? {});
  const form: DraftForm = parsed.success ? parsed.data : {};
  const errors: Partial<Record<keyof DraftForm, string>> = {};
  const number = (form.number ?? '').trim();
  if (!/^\d{1,2}(\.\d{1,2}){0,2}[a-z]?$/.test(number)) errors.number = 'Vul een nummer in zoals 1.2 of 3.';
  const title = cleanMemberText(form.title ?? '').replace(/\s+/g, ' ');
  if (!title) errors.title = 'Vul een titel in.';
  else if (title.length > 120) errors.title = `De titel is te lang (${title.length} tekens, maximaal 120).`;
  const text = cleanMemberText(form.text ?? '');
  if (!text) errors.text = 'Vul de tekst van het deeladvies in.';
  else if (text.length > MAX_DRAFT_TEXT) errors.text = `De tekst is te lang (${text.length} tekens, maximaal ${MAX_DRAFT_TEXT}).`;
  const day = parseIsoDate((form.closeDate ?? '').trim());
  const time = parseTime((form.closeTime ?? '').trim() || '17:00');
  let closesAt: Date | undefined;
  if (!day) errors.closeDate = 'Kies een geldige sluitingsdatum.';
  else if (!time) errors.closeTime = 'Vul een tijd in als 17:00.';
  else {
    closesAt = instantOf({ ...day, ...time });
    if (closesAt.getTime() <= now.getTime() + 60 * 60_000) errors.closeDate = 'De stemming moet minstens een uur openstaan.';
    else if (day.year > civilDateIn(now).year + 1) errors.closeDate = 'Deze datum ligt te ver vooruit.';
  }
  const visibility = ((form.visibility ?? '').trim() || 'na-stem') as Visibility;
  if (!VISIBILITIES.includes(visibility)) errors.visibility = 'Kies wanneer de uitslag zichtbaar is.';
  const anonymous = (form.anonymous ?? 'false').trim() === 'true';
  let quorum: number | undefined;
  const quorumText = (form.quorum ?? '').trim().replace('%', '');
  if (quorumText) {
    const n = Number(quorumText.replace(',', '.'));
    if (!Number.isFinite(n) || n <= 0 || n > 100) errors.quorum = 'Vul een percentage in tussen 1 en 100, of laat het leeg.';
    else quorum = n / 100;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { number, title, text, closesAt: closesAt!.toISOString(), anonymous, visibility, ...(quorum !== undefined ? { quorum } : {}) },
  };
}

export const isClosed = (draft: DraftAdvice, now: Date): boolean =>
  draft.state === 'closed' || new Date(draft.closesAt).getTime() <= now.getTime();

/**
 * Member text without markup: Teams sends thread replies as HTML, and a card field may hold typed tags
 * ("<b>wie</b>", "<script>...</script>"). Tags go (script and style with their content), entities are decoded,
 * spacing is tidied. Cards escape markdown on top of this (escapeMarkdown).
 */
export function cleanMemberText(raw: string): string {
  const stripTags = (t: string): string =>
    t
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>\s*<p>/gi, '\n')
      .replace(/<\/?[a-z][^>]*>/gi, ' ');
  const decoded = stripTags(raw)
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  // Tags that arrived as entities ("&lt;b&gt;") are markup too.
  return stripTags(decoded)
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
