import { civilDateIn, dayNumber, formatCivilDate, formatDutchDate, periodOf, relativeToToday } from '../dates.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { MUNICIPALITIES, type KnowledgeEntry } from '../knowledge/schema.js';
import { cleanMemberText } from '../drafts/draft.js';
import { WEIGHTS } from './weights.js';
import { PATTERNS } from './language.js';
import type { Hit } from './retrieve.js';
import { confidenceOf } from './score.js';
import type { DatedItem, QaResult, SourceView, Suggestion } from './types.js';

/** Stage 6 of answering, compose: the answer with its sources and date, the suggestions, the list of coming dates. */

/**
 * Longest button title that Teams shows whole at chat width (it cuts a button title off with "…" and never wraps
 * it): "Welke wensen had de gemeenteraad van Nijmegen?" (46) was cut off in the Agents Playground. The one limit for
 * every button question (the bot's cards use it as BUTTON_FIT).
 */
export const BUTTON_MAX = 44;

/**
 * The entry's first full question that (nearly) fits on a button, else any phrasing that fits, else its shortest
 * one. A full question cut off at the very end reads better than a chat-style shorthand.
 */
export function buttonQuestion(entry: KnowledgeEntry): string {
  return (
    entry.questions.find((q) => q.length <= BUTTON_MAX + 7 && PATTERNS.full_question.test(q)) ??
    entry.questions.find((q) => q.length <= BUTTON_MAX) ??
    [...entry.questions].sort((a, b) => a.length - b.length)[0]!
  );
}

export function composeAnswer(kb: KnowledgeBase, hit: Hit, hits: Hit[], now: Date, confidence = confidenceOf(hit)): QaResult {
  const { entry } = hit;
  // One source per document, with every quote the entry takes from it.
  const byDoc = new Map<string, SourceView>();
  for (const source of entry.sources) {
    const doc = kb.documents.get(source.doc)!;
    let view = byDoc.get(doc.id);
    if (!view) {
      view = {
        title: doc.title,
        author: doc.author,
        date: formatDutchDate(doc.date),
        ...(doc.dateNote ? { dateNote: doc.dateNote } : {}),
        ...(doc.url ? { url: doc.url } : {}),
        quotes: [],
      };
      byDoc.set(doc.id, view);
    }
    // A quote stands verbatim in its document, markup and all (Nijmegen's table has <b> labels); shown without it.
    if (source.quote) view.quotes.push(cleanMemberText(source.quote));
  }
  const sources = [...byDoc.values()];
  const result: QaResult = {
    kind: 'answer',
    entry,
    confidence: Math.round(confidence * 100) / 100,
    answer: entry.answer.trim(),
    sources,
    related: suggestions(kb, hits, entry),
  };
  if (entry.event) {
    const rel = relativeToToday(entry.event.date, civilDateIn(now));
    result.date = {
      date: entry.event.date,
      formatted: formatDutchDate(entry.event.date),
      relative: rel.text,
      timing: rel.timing,
      deadline: entry.event.deadline,
      kind: entry.event.kind,
      body: entry.event.body,
      subject: entry.event.subject,
    };
  }
  return result;
}

/** Each municipality's name as a whole word in a title, compiled once. */
const NAMED_IN_TITLE = MUNICIPALITIES.filter((m) => m !== 'Regio').map((m) => ({ m, pattern: new RegExp(`(?<!\\p{L})${m}(?!\\p{L})`, 'iu') }));

/** The municipality an entry is about: its own field, else one its title names ("Zienswijze DVO: reactie Beuningen"). */
function municipalityOf(entry: KnowledgeEntry): string | undefined {
  if (entry.municipality && entry.municipality !== 'Regio') return entry.municipality;
  if (entry.municipality) return undefined;
  return NAMED_IN_TITLE.find(({ pattern }) => pattern.test(entry.title))?.m;
}

/**
 * Whether a search hit is on the subject of the answer beside which it would be offered: it cites one of the
 * answer's documents, or both are about the same municipality. Matching the question's words is not enough: beside
 * the deadline "Begroting MGR 2027" added in Teams, "Welke gemeenten doen mee aan de MGR?" and "Wat is de Wgr?"
 * matched half the question and are about something else.
 */
function onSubjectOf(answer: KnowledgeEntry): (hit: KnowledgeEntry) => boolean {
  const docs = new Set(answer.sources.map((s) => s.doc));
  const municipality = municipalityOf(answer);
  return (hit) => hit.sources.some((s) => docs.has(s.doc)) || (municipality !== undefined && municipalityOf(hit) === municipality);
}

/** Next questions a result carries: the cards show three, the rest stand in for any that make no button. */
export const SUGGESTIONS = 5;

/**
 * Up to SUGGESTIONS next questions: the entry's own related entries first, then the next best hits. Beside an answer a hit
 * is offered only on the answer's subject (same document or municipality); after "weet ik niet", any near topic.
 */
export function suggestions(kb: KnowledgeBase, hits: Hit[], entry: KnowledgeEntry | undefined): Suggestion[] {
  // A search hit is only offered when it matches the question well: beside an answer, an entry without its own related
  // list (a deadline added in Teams) was offered "Wie is J.A.R. Brom?" for sharing one word; after "weet ik niet",
  // "wat is de hoofdstad van Peru?" was offered Druten's chapter 4 ("hoofdstad" read as "hoofdstuk").
  const onSubject = entry ? onSubjectOf(entry) : () => true;
  const near = hits.filter((h) => h.coverage >= WEIGHTS.relatedCoverage && onSubject(h.entry));
  const ids = [...(entry?.related ?? []), ...near.map((h) => h.entry.id)];
  const out: Suggestion[] = [];
  for (const id of ids) {
    if (id === entry?.id || out.some((s) => s.id === id)) continue;
    const related = kb.byId.get(id) ?? hits.find((h) => h.entry.id === id)?.entry;
    if (!related) continue;
    out.push({ id, title: related.title, question: buttonQuestion(related) });
    if (out.length === SUGGESTIONS) break;
  }
  return out;
}

/** Every dated item that has not passed yet, soonest first. */
export function upcoming(kb: KnowledgeBase, now: Date, extra: DatedItem[]): QaResult {
  const today = civilDateIn(now);
  const fromKb: DatedItem[] = kb.entries
    .filter((e) => e.event && e.event.status !== 'afgerond')
    .map((e) => ({
      id: e.id,
      title: e.title,
      body: e.event!.body,
      kind: e.event!.kind,
      date: e.event!.date,
      deadline: e.event!.deadline,
      source: e.sources.map((s) => kb.documents.get(s.doc)?.title ?? s.doc).join('; '),
    }));
  const items = [...fromKb, ...extra]
    .map((item) => {
      const rel = relativeToToday(item.date, today);
      return { ...item, formatted: formatDutchDate(item.date), relative: rel.text, timing: rel.timing };
    })
    .filter((item) => item.timing !== 'past')
    .sort((a, b) => dayNumber(periodOf(a.date).first) - dayNumber(periodOf(b.date).first));
  return { kind: 'upcoming', items, today: formatCivilDate(today) };
}
