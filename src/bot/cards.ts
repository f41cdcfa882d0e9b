import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as ACData from 'adaptivecards-templating';
import { z } from 'zod';
import { compileTemplate } from './card-template.js';
import { escapeMarkdown } from '../domain/drafts/draft-store.js';
import { cleanMemberText } from '../domain/drafts/draft.js';
import type { PassageResult } from '../domain/answering/types.js';
import { BUTTON_MAX } from '../domain/answering/compose.js';
import type { QaResult } from '../domain/knowledge/qa.js';

/** Adaptive Card JSON as sent to Teams. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const CARDS_DIR = fileURLToPath(new URL('../../cards/', import.meta.url));

/** A template of cards/ as parsed JSON, read once. */
export function cardTemplate(name: string): unknown {
  return JSON.parse(readFileSync(`${CARDS_DIR}${name}.json`, 'utf8'));
}

/**
 * Expansion by adaptivecards-templating itself, the reference that compiled templates (card-template.ts) must equal;
 * loaded only when a compiled template hands data back to it, or for the test that compares the two.
 */
export function libraryExpansion(template: unknown): (root: unknown) => unknown {
  let library: ACData.Template | undefined;
  return (root) => {
    library ??= new (createRequire(import.meta.url)('adaptivecards-templating') as typeof ACData).Template(template);
    return library.expand({ $root: root });
  };
}

const templates = new Map<string, (root: unknown) => unknown>();

/** A card's template, compiled at its first use (card-template.ts). */
function template(name: string): (root: unknown) => unknown {
  let t = templates.get(name);
  if (!t) {
    const json = cardTemplate(name);
    t = compileTemplate(json, libraryExpansion(json));
    templates.set(name, t);
  }
  return t;
}

/**
 * Template text is inserted as-is, but "${" in user or knowledge text would be read as an expression on a
 * later expansion; cards are expanded once, so only make sure no value breaks the JSON shape (it cannot:
 * the templates work on parsed JSON).
 */
export function expand<T>(name: string, schema: z.ZodType<T>, data: T): AdaptiveCard {
  const parsed = schema.parse(data);
  return template(name)(parsed) as AdaptiveCard;
}

/** Longest button title that Teams shows whole at chat width (answering/compose.ts says why). */
export const BUTTON_FIT = BUTTON_MAX;

const suggestion = z.object({ question: z.string().min(1).max(BUTTON_FIT) });

export const answerCardData = z.object({
  title: z.string(),
  answer: z.string(),
  hasDate: z.boolean(),
  dateLabel: z.string(),
  dateFormatted: z.string(),
  dateRelative: z.string(),
  dateBody: z.string(),
  sources: z.array(z.object({ label: z.string(), quotes: z.array(z.string()).max(2) })).min(1),
  related: z.array(suggestion).max(3),
  entryId: z.string(),
  question: z.string(),
  fallbackText: z.string(),
});

export const unknownCardData = z.object({
  question: z.string(),
  questionId: z.string(),
  suggestions: z.array(suggestion).max(3),
  fallbackText: z.string(),
});

export const upcomingCardData = z.object({
  today: z.string(),
  items: z.array(
    z.object({
      title: z.string(),
      label: z.string(),
      formatted: z.string(),
      relative: z.string(),
      body: z.string(),
      source: z.string(),
    }),
  ),
  fallbackText: z.string(),
});

export const helpCardData = z.object({
  examples: z.array(z.string().max(BUTTON_FIT)).min(1).max(6),
  /** "Kennisbank: 156 onderwerpen uit 8 documenten, ..." */
  contents: z.string(),
  fallbackText: z.string(),
});

const KIND_LABEL: Record<string, string> = {
  advies: 'Advies',
  zienswijze: 'Zienswijze',
  'wensen en bedenkingen': 'Wensen en bedenkingen',
  reactie: 'Reactie',
  besluit: 'Besluit',
  vergadering: 'Vergadering',
  ontvangst: 'Ontvangen',
  evaluatie: 'Evaluatie',
};

function dateLabel(kind: string, deadline: boolean): string {
  return deadline ? 'Uiterlijk' : (KIND_LABEL[kind] ?? 'Datum');
}

/** Text longer than a chat message should be shortened for the fallback, on a word boundary. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, text.lastIndexOf(' ', max - 1))}…`;
}

const LIST_ITEM = /^\s*([-*]|\d{1,2}[.)]) /;

/**
 * Teams renders markdown lists only as their own block: a list needs a blank line before and after it,
 * or the paragraph after it is drawn inside the last item.
 */
export function separateLists(text: string): string {
  // "- 1. Geen zienswijze ...": a numbered point written as a bullet would show as "• 1. ..."; make it a numbered list.
  const lines = text.split('\n').map((line) => line.replace(/^(\s*)[-*] (\d{1,2})[.)] /, '$1$2. '));
  const out: string[] = [];
  lines.forEach((line, i) => {
    const isItem = LIST_ITEM.test(line);
    const prev = lines[i - 1];
    const prevIsItem = prev !== undefined && LIST_ITEM.test(prev);
    if (prev !== undefined && prev.trim() !== '' && isItem !== prevIsItem) out.push('');
    out.push(line);
  });
  return out.join('\n');
}

/** Words a Dutch question starts with ("Wanneer ...?", "Is ...?"); a shorthand such as "bar basisdienstverlening?" does not. */
const QUESTION_START = /^(Wat|Wie|Wanneer|Hoe|Welke|Welk|Waar|Waarom|Waarover|Waarvoor|Hoeveel|Is|Zijn|Heeft|Hebben|Kan|Kunnen|Moet|Moeten|Mag|Wordt|Worden|Gaat|Gaan|Doet|Krijgt|Komt|Tot|Sinds|Vanaf|In welk|In welke|Op welke|Voor wie|Voor welke|Met wie|Bij wie|Uit hoeveel)\b/;
/** Names and abbreviations as they are written, for phrasings stored in lower case. */
const PROPER = new Map(
  ['DVO', 'BAR', 'MGR', 'WB', 'CPW', 'DB', 'B&W', 'WerkBedrijf', 'Nijmegen', 'Wijchen', 'Heumen', 'Druten', 'Beuningen', 'Wmo', 'Participatiewet'].map((w) => [w.toLowerCase(), w]),
);

/**
 * A phrasing as a question with one question mark. The full stop of an abbreviation at the end stays ("Wat betekent
 * t.z.t.?"): without it the bot reads "t.z.t" as other words and declines the button it offered itself.
 */
function tidyQuestion(text: string): string {
  let q = text.replace(/\s+/g, ' ').trim().replace(/[?!\s]+$/, '');
  if (!/(?:^|\s)(?:\p{L}\.){2,}$/u.test(q)) q = q.replace(/[?.!\s]+$/, '');
  q = q.replace(/[\p{L}&]+/gu, (w) => PROPER.get(w.toLowerCase()) ?? w);
  return `${q.charAt(0).toUpperCase()}${q.slice(1)}?`;
}

const wellFormed = (q: string): boolean => q.length <= BUTTON_FIT && QUESTION_START.test(q) && q.split(' ').length >= 3 && !q.includes(':');

/**
 * A phrasing tidied into a button question, or '' when it does not make one. Kept per phrasing: the related buttons
 * of every answer try the same phrasings of the knowledge base again and again. Bounded: phrasings added in Teams
 * come and go.
 */
const buttonTexts = new Map<string, string>();
function buttonText(phrasing: string): string {
  let text = buttonTexts.get(phrasing);
  if (text === undefined) {
    const tidy = tidyQuestion(phrasing);
    text = wellFormed(tidy) ? tidy : '';
    if (buttonTexts.size >= 5000) buttonTexts.clear();
    buttonTexts.set(phrasing, text);
  }
  return text;
}

/**
 * The text of a related-question button: a short, well-formed Dutch question that fits on one Teams button, or
 * undefined (then the button is left out). A stored shorthand ("besluitpunten nijmegen dvo?") or a question built
 * from a deadline's title ("Wanneer is Zienswijze DVO: reactie Beuningen?") is replaced by a natural question.
 */
export function buttonQuestionFor(s: { id: string; title: string; question: string }, entry?: { title: string; questions: string[] }): string | undefined {
  const title = s.title.replace(/\s+/g, ' ').trim();
  if (s.id.startsWith('register-')) {
    // A deadline added in Teams: its own questions (deadlines/as-knowledge.ts builds them from its kind, who delivers
    // and its subject) when one fits; else its title, which is a name, quoted rather than built into the sentence.
    for (const phrasing of [s.question, ...(entry?.questions ?? [])]) {
      const tidy = buttonText(phrasing);
      if (tidy) return tidy;
    }
    return [`Wat is de deadline voor “${title}”?`, `Wanneer is “${title}”?`, `Tot wanneer loopt “${title}”?`].find((q) => q.length <= BUTTON_FIT);
  }
  // The phrasing chosen for the button, then the entry's other phrasings, then its title when that is a question;
  // tidied one by one until one fits (an entry has up to dozens of phrasings, and this runs for every answer).
  for (const phrasing of [s.question, ...(entry?.questions ?? []), ...(/\?$/.test(title) ? [title] : [])]) {
    const tidy = buttonText(phrasing);
    if (tidy) return tidy;
  }
  const lower = `${title.charAt(0).toLowerCase()}${title.slice(1)}`.replace(/\s*\([^)]*\)$/, '');
  const about = `Wat weet je over ${lower}?`;
  return !/^(de|het|een) /.test(lower) && wellFormed(about) ? about : undefined;
}

/** Finds an entry of the knowledge base by id, for the other phrasings of a related entry. */
export type EntryLookup = (id: string) => { title: string; questions: string[] } | undefined;

/** Related questions as buttons: only those with a question that fits, each sent as shown. */
function relatedButtons(related: Array<{ id: string; title: string; question: string }>, entryOf?: EntryLookup): Array<{ question: string }> {
  const out: Array<{ question: string }> = [];
  for (const r of related) {
    const question = buttonQuestionFor(r, entryOf?.(r.id));
    if (question && !out.some((o) => o.question === question)) out.push({ question });
  }
  return out.slice(0, 3);
}

/**
 * A dated item's title without the date the card already shows beside it: "Ervaringen ophalen ..., vierde
 * kwartaal 2026 (Nijmegen)" next to "het vierde kwartaal van 2026" says it twice.
 */
export function titleWithoutDate(title: string, formatted: string): string {
  const words = formatted.replace(/^het /, '').split(' ').filter((w) => w !== 'van');
  if (words.length === 0) return title;
  const pattern = new RegExp(`[,;]?\\s*(?:(?:in|op|voor|uiterlijk|tot)\\s+)?(?:het\\s+)?${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(?:\\s+van)?\\s+')}\\b`, 'i');
  const stripped = title.replace(pattern, '').replace(/\s+\(/, ' (').replace(/\s{2,}/g, ' ').trim();
  return stripped.length >= 3 ? stripped : title;
}

/**
 * The card (and its plain-text fallback) for any answer of the question answerer. `questionId` is set when the
 * unanswered question was kept, so the asker can send it to an organiser; `question` is what the user asked.
 */
export function renderQaResult(result: QaResult | PassageResult, extra: { questionId?: string; question?: string; entryOf?: EntryLookup } = {}): AdaptiveCard {
  switch (result.kind) {
    case 'answer': {
      // At most two quotes per document keep the card short; the first ones are the entry's main support.
      const sources = result.sources.map((s) => ({
        label: `${s.url ? `[${s.title}](${s.url})` : s.title}, ${s.author}, ${s.date}`,
        quotes: s.quotes.slice(0, 2).map((q) => `“${clip(q, 300)}”`),
      }));
      const date = result.date;
      const dateText = date ? `\n${dateLabel(date.kind, date.deadline)}: ${date.formatted} (${date.relative}).` : '';
      const fallbackText =
        `${result.entry.title}\n${separateLists(result.answer)}${dateText}\n` +
        `Bron: ${result.sources.map((s) => `${s.title} (${s.date})`).join('; ')}`;
      return expand('answer', answerCardData, {
        title: result.entry.title,
        answer: separateLists(result.answer),
        hasDate: Boolean(date),
        dateLabel: date ? dateLabel(date.kind, date.deadline) : '',
        dateFormatted: date?.formatted ?? '',
        dateRelative: date?.relative ?? '',
        dateBody: date?.body ?? '',
        sources,
        related: relatedButtons(result.related, extra.entryOf),
        entryId: result.entry.id,
        question: (extra.question ?? '').slice(0, 300),
        fallbackText,
      });
    }
    case 'passage': {
      // A verbatim passage of a document, not a curated answer: the label says where it stands, the text is quoted
      // whole, the source line adds its place in the document.
      const s = result.source;
      const where = `${s.url ? `[${s.title}](${s.url})` : s.title}, ${s.author}, ${s.date}; ${result.passage.location}`;
      return expand('answer', answerCardData, {
        title: result.label,
        answer: `“${cleanMemberText(result.passage.text)}”`,
        hasDate: false,
        dateLabel: '',
        dateFormatted: '',
        dateRelative: '',
        dateBody: '',
        sources: [{ label: where, quotes: [] }],
        related: relatedButtons(result.related, extra.entryOf),
        entryId: `passage:${result.passage.doc}`,
        question: (extra.question ?? '').slice(0, 300),
        fallbackText: `${result.label}\n“${cleanMemberText(result.passage.text)}”\nBron: ${s.title} (${s.date}), ${result.passage.location}`,
      });
    }
    case 'unknown':
      return expand('unknown', unknownCardData, {
        question: escapeMarkdown(clip(result.question, 200)),
        questionId: extra.questionId ?? '',
        suggestions: relatedButtons(result.suggestions, extra.entryOf),
        fallbackText:
          'Dat weet ik niet zeker. Ik heb geen betrouwbaar antwoord in de kennisbank.' +
          (result.suggestions.length
            ? ` Misschien bedoel je: ${result.suggestions.map((s) => s.question).join(' / ')}`
            : ''),
      });
    case 'upcoming':
      return expand('upcoming', upcomingCardData, {
        today: result.today,
        items: result.items.map((i) => ({
          title: titleWithoutDate(i.title, i.formatted),
          label: dateLabel(i.kind, i.deadline),
          formatted: i.formatted,
          relative: i.relative,
          body: i.body,
          source: i.source,
        })),
        fallbackText:
          result.items.length === 0
            ? 'Er staan geen deadlines meer op de planning.'
            : `Wat komt eraan (stand ${result.today}):\n${result.items.map((i) => `- ${i.formatted}: ${titleWithoutDate(i.title, i.formatted)} (${i.relative})`).join('\n')}`,
      });
  }
}

/** Most cards kept per reply: one per typed variant of the question (and per kept question id). */
export const MAX_CARDS_PER_REPLY = 8;

/**
 * The cards of the replies the answer cache keeps (src/domain/answering/answer-cache.ts), rendered once per reply
 * instead of on every turn that asks the same question. A card is a function of the reply, the question as typed,
 * the kept question's id and the entries its related buttons look up; it is kept by the reply object itself (a
 * WeakMap), so it lives exactly as long as the answer cache keeps that reply: when the knowledge changes or the
 * date in Amsterdam does, the answer cache gives new reply objects and their cards are rendered anew. The entries
 * the buttons look up change only with the knowledge, which empties the answer cache too. A reply not kept (the
 * list of coming deadlines, a reply computed without the answer cache) is a new object each turn and simply gets
 * a new card. Kept cards are frozen: whoever sends one cannot change it for the next asker.
 */
export class ReplyCards {
  private readonly byReply = new WeakMap<object, Map<string, AdaptiveCard>>();

  constructor(private readonly entryOf?: EntryLookup) {}

  render(result: QaResult | PassageResult, extra: { questionId?: string; question?: string } = {}): AdaptiveCard {
    const options = { ...extra, ...(this.entryOf ? { entryOf: this.entryOf } : {}) };
    // The list of coming deadlines depends on the time of day and is never kept by the answer cache.
    if (result.kind === 'upcoming') return renderQaResult(result, options);
    const key = `${extra.questionId ?? ''}\n${extra.question ?? ''}`;
    let cards = this.byReply.get(result);
    const kept = cards?.get(key);
    if (kept) return kept;
    const card = deepFreeze(renderQaResult(result, options));
    if (!cards || cards.size >= MAX_CARDS_PER_REPLY) {
      cards = new Map();
      this.byReply.set(result, cards);
    }
    cards.set(key, card);
    return card;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Examples on the help and welcome card: each fits on one button (BUTTON_FIT). */
export const HELP_EXAMPLES = [
  'Wat is de deadline voor het BAR-advies?',
  'Welke focusgroepen zijn er?',
  'Wat kost participatiecoaching in Heumen?',
  'Wat adviseerde Wijchen over jongeren?',
  'Welke wensen had de raad van Nijmegen?',
];

/** What the bot knows, counted apart: the curated knowledge base, answers added in Teams, deadlines in the register. */
export interface KnowledgeCounts {
  /** Entries from the curated files in knowledge/. */
  entries: number;
  documents: number;
  /** Answers organisers added in Teams. */
  curated?: number;
  /** Deadlines in the register (added in Teams). */
  deadlines?: number;
}

/** Counts the entries of a live index by where they came from (ids "teams-..." and "register-..."). */
export function countKnowledge(ids: Iterable<string>, documents: number): KnowledgeCounts {
  let entries = 0;
  let curated = 0;
  let deadlines = 0;
  for (const id of ids) {
    if (id.startsWith('register-')) deadlines++;
    else if (id.startsWith('teams-')) curated++;
    else entries++;
  }
  return { entries, documents, curated, deadlines };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function knowledgeLine(c: KnowledgeCounts): string {
  const extra = [
    c.curated ? `${plural(c.curated, 'antwoord', 'antwoorden')} toegevoegd in Teams` : '',
    c.deadlines ? `${plural(c.deadlines, 'deadline', 'deadlines')} in het register` : '',
  ].filter(Boolean);
  return `Kennisbank: ${plural(c.entries, 'onderwerp', 'onderwerpen')} uit ${plural(c.documents, 'document', 'documenten')}${extra.length ? `; daarnaast ${extra.join(' en ')}` : ''}.`;
}

export function renderHelp(counts: KnowledgeCounts): AdaptiveCard {
  return expand('help', helpCardData, {
    examples: HELP_EXAMPLES,
    contents: knowledgeLine(counts),
    fallbackText: `Ik beantwoord vragen over de DVO 2026-2027, met bron. Bijvoorbeeld: ${HELP_EXAMPLES.join(' / ')}`,
  });
}
