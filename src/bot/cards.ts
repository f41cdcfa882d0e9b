import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';
import { z } from 'zod';
import { escapeMarkdown } from '../domain/drafts/draft-store.js';
import type { QaResult } from '../domain/knowledge/qa.js';

/** Adaptive Card JSON as sent to Teams. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const CARDS_DIR = fileURLToPath(new URL('../../cards/', import.meta.url));

const templates = new Map<string, ACData.Template>();

function template(name: string): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    t = new ACData.Template(JSON.parse(readFileSync(`${CARDS_DIR}${name}.json`, 'utf8')));
    templates.set(name, t);
  }
  return t;
}

/**
 * Template text is inserted as-is, but "${" in user or knowledge text would be read as an expression on a
 * later expansion; cards are expanded once, so only make sure no value breaks the JSON shape (it cannot:
 * the templating engine works on parsed JSON).
 */
export function expand<T>(name: string, schema: z.ZodType<T>, data: T): AdaptiveCard {
  const parsed = schema.parse(data);
  return template(name).expand({ $root: parsed }) as AdaptiveCard;
}

const suggestion = z.object({ question: z.string().min(1) });

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
  examples: z.array(z.string()).min(1).max(6),
  entries: z.number().int(),
  documents: z.number().int(),
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

/**
 * Teams renders markdown lists only as their own block: a list needs a blank line before and after it,
 * or the paragraph after it is drawn inside the last item.
 */
export function separateLists(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const isItem = /^\s*[-*] /.test(line);
    const prev = lines[i - 1];
    const prevIsItem = prev !== undefined && /^\s*[-*] /.test(prev);
    if (prev !== undefined && prev.trim() !== '' && isItem !== prevIsItem) out.push('');
    out.push(line);
  });
  return out.join('\n');
}

/**
 * The card (and its plain-text fallback) for any answer of the question answerer. `questionId` is set when the
 * unanswered question was kept, so the asker can send it to an organiser; `question` is what the user asked.
 */
export function renderQaResult(result: QaResult, extra: { questionId?: string; question?: string } = {}): AdaptiveCard {
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
        `${result.entry.title}\n${result.answer}${dateText}\n` +
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
        related: result.related.map((r) => ({ question: r.question })),
        entryId: result.entry.id,
        question: (extra.question ?? '').slice(0, 300),
        fallbackText,
      });
    }
    case 'unknown':
      return expand('unknown', unknownCardData, {
        question: escapeMarkdown(clip(result.question, 200)),
        questionId: extra.questionId ?? '',
        suggestions: result.suggestions.map((s) => ({ question: s.question })),
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
          title: i.title,
          label: dateLabel(i.kind, i.deadline),
          formatted: i.formatted,
          relative: i.relative,
          body: i.body,
          source: i.source,
        })),
        fallbackText:
          result.items.length === 0
            ? 'Er staan geen deadlines meer op de planning.'
            : `Wat komt eraan (stand ${result.today}):\n${result.items.map((i) => `- ${i.formatted}: ${i.title} (${i.relative})`).join('\n')}`,
      });
  }
}

export const HELP_EXAMPLES = [
  'Wat is de deadline voor het BAR-advies?',
  'Welke focusgroepen zijn er?',
  'Hoeveel geld gaat naar participatiecoaching?',
  'Wat adviseerde Wijchen over jongeren?',
  'Welke wensen had de gemeenteraad van Nijmegen?',
];

export function renderHelp(entries: number, documents: number): AdaptiveCard {
  return expand('help', helpCardData, {
    examples: HELP_EXAMPLES,
    entries,
    documents,
    fallbackText: `Ik beantwoord vragen over de DVO 2026-2027, met bron. Bijvoorbeeld: ${HELP_EXAMPLES.join(' / ')}`,
  });
}
